"""The audit log: chained by hash, append-only for the application, and verify_audit finds
the first entry someone changed or removed behind the trigger's back."""
import os

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django_tenants.utils import schema_context

from audit.models import AuditEntry
from audit.services import GENESIS, audit_record, audit_verify


def _three_entries():
    return [audit_record(action="test.entry", actor=f"tester{i}", object_type="registry.Member", object_id=i,
                         changes={"reason": f"原因{i}"}) for i in range(3)]


def test_entries_are_chained(jilin):
    with schema_context("jilin"):
        before = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first() or GENESIS
        first, second, third = _three_entries()
        assert first.prev_hash == before
        assert second.prev_hash == first.hash and third.prev_hash == second.hash
        assert first.schema == "jilin"
        assert audit_verify().ok


def test_verify_audit_reports_an_intact_log(jilin, capsys):
    with schema_context("jilin"):
        _three_entries()
    call_command("verify_audit", "jilin")
    assert "audit log intact" in capsys.readouterr().out


def _bypassing_the_trigger(sql, params):
    """What only a database superuser can do: switch triggers off for a moment."""
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(sql, params)
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")


def test_an_entry_edited_in_sql_is_caught(jilin):
    with schema_context("jilin"):
        _, second, _ = _three_entries()
        _bypassing_the_trigger(
            "UPDATE audit_auditentry SET changes = jsonb_set(changes, '{reason}', '\"改过的原因\"') WHERE id = %s", [second.id])
        result = audit_verify()
    assert not result.ok and result.first_broken_id == second.id
    with pytest.raises(CommandError, match=f"first broken link at entry {second.id}"):
        call_command("verify_audit", "jilin")


def test_an_entry_deleted_in_sql_is_caught(jilin):
    with schema_context("jilin"):
        _, second, third = _three_entries()
        _bypassing_the_trigger("DELETE FROM audit_auditentry WHERE id = %s", [second.id])
        result = audit_verify()
    assert not result.ok and result.first_broken_id == third.id


def test_an_edited_entry_whose_hash_is_recomputed_breaks_the_next_link(jilin):
    from audit.services import entry_hash

    with schema_context("jilin"):
        first, second, _ = _three_entries()
        forged = entry_hash(prev_hash=first.prev_hash, at=first.at, schema=first.schema, actor="someone-else",
                            actor_kind=first.actor_kind, action=first.action, object_type=first.object_type,
                            object_id=first.object_id, changes=first.changes, ip=first.ip, success=first.success)
        _bypassing_the_trigger("UPDATE audit_auditentry SET actor = 'someone-else', hash = %s WHERE id = %s", [forged, first.id])
        result = audit_verify()
    assert not result.ok and result.first_broken_id == second.id


@pytest.mark.parametrize("statement", [
    "UPDATE audit_auditentry SET actor = 'x' WHERE id = %s",
    "DELETE FROM audit_auditentry WHERE id = %s",
    "TRUNCATE audit_auditentry",
])
def test_the_application_cannot_update_or_delete_entries(jilin, statement):
    with schema_context("jilin"):
        entry = audit_record(action="test.entry", actor="tester")
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(statement, [entry.id] if "%s" in statement else None)
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic():
                AuditEntry.objects.filter(pk=entry.pk).update(actor="x")
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic():
                AuditEntry.objects.filter(pk=entry.pk).delete()
        assert AuditEntry.objects.get(pk=entry.pk).actor == "tester"


def test_an_ordinary_database_role_cannot_switch_the_trigger_off(jilin):
    """A role with full rights on the table (as a deployment's application role would have)
    but not its owner nor a superuser: the trigger refuses, and it cannot be bypassed."""
    role = f"audit_test_app_{os.getpid()}"
    with schema_context("jilin"):
        entry = audit_record(action="test.entry", actor="tester")
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE ROLE {role} NOLOGIN")
            cursor.execute(f"GRANT USAGE ON SCHEMA jilin TO {role}")
            cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON audit_auditentry TO {role}")
        try:
            for statement in (
                f"UPDATE audit_auditentry SET actor = 'x' WHERE id = {entry.id}",
                f"DELETE FROM audit_auditentry WHERE id = {entry.id}",
                "SET session_replication_role = replica",
                "ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_no_update_delete",
            ):
                with pytest.raises(DatabaseError):
                    with transaction.atomic(), connection.cursor() as cursor:
                        cursor.execute(f"SET LOCAL ROLE {role}")
                        cursor.execute(statement)
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"REVOKE ALL ON audit_auditentry FROM {role}")
                cursor.execute(f"REVOKE ALL ON SCHEMA jilin FROM {role}")
                cursor.execute(f"DROP ROLE {role}")
        assert AuditEntry.objects.get(pk=entry.pk).actor == "tester"


def test_each_province_and_the_national_domain_keep_their_own_chain(jilin, guangdong):
    with schema_context("jilin"):
        audit_record(action="test.entry", actor="jilin-user")
    with schema_context("guangdong"):
        audit_record(action="test.entry", actor="guangdong-user")
        assert not AuditEntry.objects.filter(actor="jilin-user").exists()
        assert audit_verify().ok
    with schema_context("public"):
        entry = audit_record(action="test.entry", actor="national-user")
        assert entry.schema == "public" and audit_verify().ok
    call_command("verify_audit", "public")


def test_verify_audit_refuses_an_unknown_province(db):
    with pytest.raises(CommandError, match="unknown province"):
        call_command("verify_audit", "atlantis")


def test_no_deletion_path_exists(jilin):
    """Retention: entries are kept (at least 180 days; in fact for ever). Nothing in the
    application deletes them; the admin offers no delete; a purge would have to re-anchor
    the chain (see audit/models.py) and none is provided."""
    from django.contrib import admin

    model_admin = admin.site._registry[AuditEntry]
    admin_class = type(model_admin)
    assert not admin_class.has_delete_permission(model_admin, None)
    assert not admin_class.has_change_permission(model_admin, None)
    assert not admin_class.has_add_permission(model_admin, None)
