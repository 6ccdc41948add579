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


def test_entries_written_in_bulk_are_stored_as_given_and_verify(jilin):
    """audit_record_many (an import's path) writes with COPY and encodes the changes once: text
    COPY must escape, keys that are not text, nested values and dates read back and verify."""
    import datetime as dt

    from accounts.actors import Actor
    from audit.services import audit_record_many

    awkward = [
        {"name": ["旧\\名\t称", "新名\n称\r"]},
        {"scores": [{"b": 1, "a": [2.5, None]}, {10: "ten", 9: "nine"}]},
        {"registered_on": [None, dt.date(2020, 5, 1)], "flag": [False, True]},
        {},
    ]
    with schema_context("jilin"):
        head = AuditEntry.objects.order_by("-id").first()
        written = audit_record_many([{"action": "test.bulk", "object_type": "Thing", "object_id": index, "changes": changes}
                                     for index, changes in enumerate(awkward)]
                                    # another action in the same batch, a key that is not text at the top
                                    + [{"action": "test.other", "object_type": "Thing", "object_id": 4,
                                        "changes": {10: ["a", "b"], 9: [None, 1]}}], actor=Actor.system("批量\t测试"))
        other = AuditEntry.objects.get(action="test.other")
        assert other.changes == {"10": ["a", "b"], "9": [None, 1]}
        entries = list(AuditEntry.objects.filter(action="test.bulk").order_by("id"))
        assert written == len(entries) + 1 == 5
        assert entries[0].prev_hash == (head.hash if head else GENESIS)
        assert [entry.prev_hash for entry in entries[1:]] == [entry.hash for entry in entries[:-1]]
        assert entries[0].changes == {"name": ["旧\\名\t称", "新名\n称\r"]}
        assert entries[1].changes == {"scores": [{"a": [2.5, None], "b": 1}, {"10": "ten", "9": "nine"}]}
        assert entries[2].changes == {"registered_on": [None, "2020-05-01"], "flag": [False, True]}
        assert (entries[3].changes, entries[3].actor, entries[3].object_id) == ({}, "system:批量\t测试", "3")
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


# --- the keyed chain and its anchors (audit.chain, audit.anchors) -----------------------

def _plain_sha256(entry: dict) -> str:
    """What someone who can write the table but does not hold the key can compute."""
    import hashlib
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    body = json.dumps({
        "prev": entry["prev_hash"], "at": entry["at"].isoformat(), "schema": entry["schema"], "actor": entry["actor"],
        "actor_kind": entry["actor_kind"], "action": entry["action"], "object_type": entry["object_type"],
        "object_id": str(entry["object_id"]), "changes": entry["changes"], "ip": entry["ip"], "success": entry["success"],
    }, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _rehash_from(first_id: int, *, edit: dict | None = None, bypass=True) -> None:
    """Rewrite every entry from ``first_id`` on, re-chained with plain SHA-256 (no key)."""
    fields = ("id", "prev_hash", "at", "schema", "actor", "actor_kind", "action", "object_type", "object_id",
              "changes", "ip", "success")
    rows = list(AuditEntry.objects.order_by("id").values(*fields))
    prev = next((row["hash"] for row in AuditEntry.objects.filter(id__lt=first_id).order_by("-id").values("hash")), GENESIS)
    run = _bypassing_the_trigger if bypass else (lambda sql, params: connection.cursor().execute(sql, params))
    for row in rows:
        if row["id"] < first_id:
            continue
        if edit and row["id"] == first_id:
            row.update(edit)
        row["prev_hash"] = prev
        digest = _plain_sha256(row)
        run("UPDATE audit_auditentry SET actor = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [row["actor"], prev, digest, row["id"]])
        prev = digest


@pytest.fixture
def scratch_log(jilin):
    """An audit table of its own (a scratch schema), to hold a chain from its very beginning."""
    schema = f"audit_scratch_{os.getpid()}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA {schema}")
        cursor.execute(f"CREATE TABLE {schema}.audit_auditentry (LIKE jilin.audit_auditentry INCLUDING ALL)")
    with schema_context(schema):
        yield schema


@pytest.fixture
def anchor_file(settings, tmp_path):
    settings.AUDIT_ANCHOR_FILE = str(tmp_path / "anchors.jsonl")
    return tmp_path / "anchors.jsonl"


def test_new_entries_are_hashed_with_the_key(jilin):
    with schema_context("jilin"):
        entry = audit_record(action="test.entry", actor="tester")
    assert entry.hash.startswith("hmac-sha256:dev1:") and len(entry.hash) == len("hmac-sha256:dev1:") + 64


def test_a_chain_rehashed_without_the_key_is_caught(jilin):
    """Edit an entry and re-chain everything after it with plain SHA-256, as someone with the
    database's power but not the key would: the first rewritten entry is reported."""
    with schema_context("jilin"):
        first, second, third = _three_entries()
        _rehash_from(second.id, edit={"actor": "someone-else"})
        result = audit_verify()
    assert not result.ok and result.first_broken_id == second.id
    assert "不带密钥" in result.problem


def test_entries_hashed_before_the_key_still_verify(scratch_log):
    """The log of a deployment from before the key: plain SHA-256 entries, then keyed ones."""
    for i in range(3):
        audit_record(action="test.old", actor=f"old{i}")
    _rehash_from(AuditEntry.objects.order_by("id").first().id, bypass=False)  # as the old code hashed them
    assert not any(h.startswith("hmac") for h in AuditEntry.objects.values_list("hash", flat=True))
    newer = audit_record(action="test.new", actor="new")
    assert newer.hash.startswith("hmac-sha256:")
    result = audit_verify()
    assert result.ok and result.checked == 4 and result.unkeyed == 3


def test_a_whole_chain_rewritten_without_the_key_is_caught_by_its_anchor(scratch_log, anchor_file):
    from audit.anchors import anchor_take

    entries = [audit_record(action="test.entry", actor=f"tester{i}") for i in range(3)]
    anchor_take()
    # Every entry re-hashed the old way: no keyed entry is left to show a downgrade.
    _rehash_from(entries[0].id, edit={"actor": "someone-else"}, bypass=False)
    result = audit_verify()
    assert not result.ok and result.first_broken_id == entries[-1].id and "锚点不符" in result.problem
    assert audit_verify(anchors=False).ok  # the chain alone cannot tell


def test_a_truncated_tail_is_caught(jilin, anchor_file):
    from audit.anchors import anchor_take

    with schema_context("jilin"):
        _, second, third = _three_entries()
        anchor = anchor_take()
        assert anchor["id"] == third.id and anchor["hash"] == third.hash
        assert audit_verify().ok and audit_verify().anchors_checked == 1
        _bypassing_the_trigger("DELETE FROM audit_auditentry WHERE id >= %s", [second.id])
        result = audit_verify()
    assert not result.ok and result.first_broken_id == third.id and "尾部被截断" in result.problem
    with pytest.raises(CommandError, match="尾部被截断"):
        call_command("verify_audit", "jilin")


def test_an_anchor_written_without_the_key_is_refused(jilin, anchor_file):
    import json

    from audit.anchors import anchor_take

    with schema_context("jilin"):
        anchor = anchor_take()
        forged = dict(anchor, id=anchor["id"] + 1000, sig="hmac-sha256:dev1:" + "0" * 64)
        with anchor_file.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(forged) + "\n")
        result = audit_verify()
    assert not result.ok and "签名无效" in result.problem


def test_anchor_audit_anchors_every_schema_and_verify_audit_checks_them(jilin, guangdong, anchor_file, capsys):
    from django.conf import settings

    call_command("anchor_audit")
    lines = anchor_file.read_text(encoding="utf-8").splitlines()
    assert {__import__("json").loads(line)["schema"] for line in lines} >= {"public", "jilin", "guangdong", "anhui"}
    call_command("verify_audit", "jilin")
    assert "1 anchors matched" in capsys.readouterr().out
    beat = settings.CELERY_BEAT_SCHEDULE["audit-anchor-heads"]
    assert beat["task"] == "audit.anchor_heads" and beat["tenant_schemas"] == ["public"]
