"""The product connects as a role that owns nothing (ops/dbroles.py): connected as it, the
audit log can be read and appended to, never changed, and its guards cannot be switched off.

The roles are made by the same ``roles_setup`` that ./ops/run runs on the embedded
database, here on this test run's own database with role names of this process, and
dropped afterwards. The tests make no query through Django's connection: the set-up changes
owners, which waits for every transaction holding a lock on a table."""
from __future__ import annotations

import importlib
import os
from contextlib import contextmanager

import psycopg2
import pytest
from psycopg2 import errors

from ops.dbroles import roles_setup

pytestmark = pytest.mark.django_db  # the test database, set up; no ORM query in the tests


def _dsn(user: str | None = None) -> dict:
    from django.db import connection

    settings = connection.settings_dict
    return {"host": settings.get("HOST") or "127.0.0.1", "port": settings.get("PORT") or 5432,
            "user": user or settings.get("USER") or "postgres", "dbname": settings["NAME"]}


@pytest.fixture
def roles(django_db_setup, django_db_blocker):
    suffix = os.getpid()
    owner, app = f"test_owner_{suffix}", f"test_app_{suffix}"
    superuser = _dsn()
    dsn = " ".join(f"{key}={value}" for key, value in superuser.items())
    roles_setup(dsn, database=superuser["dbname"], owner=owner, app=app)
    yield owner, app
    cleanup = psycopg2.connect(**superuser)
    cleanup.autocommit = True
    with cleanup.cursor() as cursor:
        # Only this test's roles' sessions (a failed assertion may have left one open).
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename IN (%s, %s)", [owner, app])
        cursor.execute("SET lock_timeout = '30s'")
        cursor.execute(f'REASSIGN OWNED BY "{owner}" TO "{superuser["user"]}"')
        for role in (owner, app):
            cursor.execute(f'DROP OWNED BY "{role}"')
            cursor.execute(f'DROP ROLE "{role}"')
    cleanup.close()


@contextmanager
def _as(role: str, schema: str = "jilin"):
    connection = psycopg2.connect(**_dsn(role))
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '10s'")
            cursor.execute(f"SET search_path TO {schema}, public")
        connection.commit()
        yield connection
    finally:
        connection.close()


def _refused(connection, statement: str, params=None) -> str:
    """Run ``statement``; it must be refused for lack of a right (not by the trigger); roll back."""
    with pytest.raises(errors.InsufficientPrivilege) as refused:
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
    connection.rollback()
    return str(refused.value)


def test_the_product_role_reads_and_appends_to_the_audit_log_and_can_do_nothing_else_to_it(roles):
    _, app = roles
    with _as(app) as product:
        _product_checks(product)


def _product_checks(product):
    with product.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone() == (False,)
        cursor.execute("SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)")
        assert cursor.fetchone() == (0,)  # owns no table
        cursor.execute("SELECT coalesce(max(id), 0) FROM audit_auditentry")
        entry_id = cursor.fetchone()[0]
        cursor.execute("INSERT INTO audit_auditentry (at, schema, actor, actor_kind, action, object_type, object_id, changes,"
                       " success, prev_hash, hash) VALUES (now(), 'jilin', 'x', 'user', 'test', '', '', '{}', true, 'x', %s)",
                       [f"test-{os.getpid()}"])
        # Its ordinary work: rows of the registry.
        cursor.execute("UPDATE registry_socialorganization SET name = name WHERE id < 0")
    product.rollback()  # the appended row was a test; nothing stays

    assert "audit_auditentry" in _refused(product, "UPDATE audit_auditentry SET actor = 'x' WHERE id = %s", [entry_id])
    _refused(product, "DELETE FROM audit_auditentry WHERE id = %s", [entry_id])
    _refused(product, "TRUNCATE audit_auditentry")
    assert "owner" in _refused(product, "ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_no_update_delete")
    _refused(product, "ALTER TABLE audit_auditentry DISABLE TRIGGER ALL")
    _refused(product, "DROP TRIGGER audit_entry_no_update_delete ON audit_auditentry")
    _refused(product, "SET session_replication_role = replica")
    _refused(product, "CREATE TABLE jilin.sneaky (id int)")
    _refused(product, "CREATE SCHEMA sneaky")
    _refused(product, "ALTER ROLE CURRENT_USER SUPERUSER")


def test_a_province_migrated_later_gives_the_product_role_no_right_to_change_its_log(roles):
    """Default privileges give the product role UPDATE on every table the owner creates
    later; migration audit.0004 takes it back on the new schema's audit table."""
    owner, app = roles
    schema = f"later_{os.getpid()}"
    migration = importlib.import_module("audit.migrations.0004_product_role_appends_only")
    with _as(owner, schema) as migrating:
        with migrating.cursor() as cursor:
            cursor.execute(f"CREATE SCHEMA {schema}")
            cursor.execute(f"CREATE TABLE {schema}.audit_auditentry (LIKE jilin.audit_auditentry INCLUDING ALL)")
        migrating.commit()
        try:
            with _as(app, schema) as product:
                with product.cursor() as cursor:
                    cursor.execute("UPDATE audit_auditentry SET actor = actor")  # granted by default, before the migration
                product.rollback()
                with migrating.cursor() as cursor:
                    cursor.execute(migration.FORWARD)
                migrating.commit()
                _refused(product, "UPDATE audit_auditentry SET actor = actor")
                _refused(product, "DELETE FROM audit_auditentry")
                with product.cursor() as cursor:
                    cursor.execute("SELECT count(*) FROM audit_auditentry")
        finally:
            migrating.rollback()
            with migrating.cursor() as cursor:
                cursor.execute(f"DROP SCHEMA {schema} CASCADE")
            migrating.commit()


def test_ops_run_derives_both_role_urls_from_the_embedded_superuser_url():
    from ops import dbroles, localenv

    url = "postgres://postgres@%2Ftmp%2Fpg/partybuild"
    assert localenv.with_user(url, dbroles.APP) == "postgres://partybuild_app@%2Ftmp%2Fpg/partybuild"
    assert localenv.with_user(url, dbroles.OWNER) == "postgres://partybuild_owner@%2Ftmp%2Fpg/partybuild"


def test_the_owner_may_create_the_restore_drills_scratch_database_and_the_product_may_not(roles):
    """restore_drill renames a restored schema in a scratch database (tenants/backups): as the
    owner, which ./ops/manage connects as, it needs CREATEDB; the product role never gets it."""
    owner, app = roles
    scratch = f"test_scratch_{os.getpid()}"
    for role, allowed in ((owner, True), (app, False)):
        connection = psycopg2.connect(**_dsn(role))
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                if allowed:
                    cursor.execute(f'CREATE DATABASE "{scratch}"')
                    cursor.execute(f'DROP DATABASE "{scratch}"')
                else:
                    with pytest.raises(errors.InsufficientPrivilege):
                        cursor.execute(f'CREATE DATABASE "{scratch}"')
        finally:
            connection.close()
