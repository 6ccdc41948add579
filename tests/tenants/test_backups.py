"""Backups per province: an encrypted file of the schema and the province's public rows,
restored beside the live province (the drill) and into a fresh database, row counts compared
and the audit chain verified after the restore. Run on the test database's real server."""
from __future__ import annotations

import io
import os
import subprocess
import sys

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection
from django_tenants.utils import schema_context

from audit.models import AuditEntry
from privacy.crypto import DecryptionError
from registry.models import SocialOrganization
from registry.actions import organization_upsert
from tenants.backups import crypto
from tenants.backups.services import BackupError, bundle_bytes, province_backup, province_copy_drop, province_restore
from tenants.models import Domain, Province
from tenants.selectors import provinces_real
from tenants.services import province_provision
from tests.conftest import REPO_ROOT, _database_url_for_subprocess
from tests.helpers import SYSTEM, rules_here
from tests.registry.factories import make_uscc

CODE = "hainan"  # a province of its own, created and dropped here: the other tests' provinces stay as they are


def test_the_file_is_encrypted_in_authenticated_chunks():
    plain = os.urandom(crypto.CHUNK * 2 + 12345)
    sealed = io.BytesIO()
    crypto.encrypt_stream(io.BytesIO(plain), sealed)
    assert plain[:4096] not in sealed.getvalue()
    out = io.BytesIO()
    crypto.decrypt_stream(io.BytesIO(sealed.getvalue()), out)
    assert out.getvalue() == plain
    tampered = bytearray(sealed.getvalue())
    tampered[len(tampered) // 2] ^= 1
    cut = sealed.getvalue()[: len(sealed.getvalue()) - crypto.CHUNK // 2]  # the last chunk dropped or cut off
    no_last = sealed.getvalue()[: sealed.getvalue().rfind(b"", 0, 30 + crypto.CHUNK * 2)]
    for broken in (bytes(tampered), cut, no_last):
        with pytest.raises(DecryptionError):
            crypto.decrypt_stream(io.BytesIO(broken), io.BytesIO())


def test_a_backup_under_another_key_does_not_open(settings):
    sealed = io.BytesIO()
    crypto.encrypt_stream(io.BytesIO(b"data"), sealed)
    settings.BACKUP_ENCRYPTION_KEYS = "other:" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVowMTIzNDU="
    with pytest.raises(DecryptionError, match="没有编号为“dev1”的密钥"):
        crypto.decrypt_stream(io.BytesIO(sealed.getvalue()), io.BytesIO())


# Provisioning's security and audit administrators (user.create and role.grant each), then five organizations.
AUDIT_ENTRIES = 4 + 5


@pytest.fixture(scope="module")
def backed_up(django_db_setup, django_db_blocker, tmp_path_factory):
    """Hainan with organizations and their audit chain (committed: pg_dump reads another session), and its backup."""
    with django_db_blocker.unblock():
        province = province_provision(code=CODE).province
        with schema_context(province.schema_name):
            for index in range(5):
                org, _ = organization_upsert(actor=SYSTEM, rules=rules_here(), data={"uscc": make_uscc("460000"), "name": f"海口市备份测试协会{index}",
                                                   "kind": "social_group", "registration_level": "province", "region_code": "460000"})
        backup = province_backup(code=CODE, directory=tmp_path_factory.mktemp("backups"))
        try:
            yield backup
        finally:
            connection.set_schema_to_public()
            for leftover in Province.objects.filter(code__in=[CODE, f"{CODE}-drill"]):
                leftover.delete(force_drop=True)


def test_a_backup_holds_the_schema_the_public_rows_and_a_manifest(backed_up, db):
    assert backed_up.path.name.startswith(f"{CODE}-") and backed_up.path.suffix == ".pbbackup"
    assert oct(backed_up.path.stat().st_mode & 0o777) == "0o600"
    raw = backed_up.path.read_bytes()
    assert "海口市备份测试协会".encode() not in raw and b"PGDMP" not in raw  # encrypted, dump and names alike
    assert b"PGDMP" in bundle_bytes(backed_up.path)
    manifest = backed_up.manifest
    assert manifest["tables"]["registry_socialorganization"] == 5
    assert manifest["audit"]["entries"] == AUDIT_ENTRIES
    assert manifest["public"] == {"tenants.Province": 1, "tenants.Domain": 1, "national.NationalSharing": 0,
                                  "national.NationalSnapshot": 0}


def test_the_drill_restores_beside_the_province_and_verifies_it(backed_up, django_db_blocker, capsys):
    with django_db_blocker.unblock():  # committed: the restore's pg_restore is another session
        call_command("restore_drill", CODE, "--keep")
        out = capsys.readouterr().out
        assert "every table's row count matches the backup" in out and f"chain verified ({AUDIT_ENTRIES} entries)" in out
        assert "drill: OK" in out
        copy = Province.objects.get(code=f"{CODE}-drill")
        assert copy.restored_from == CODE and copy.region_code == "460000" and copy.schema_name == "hainan_drill"
        assert Domain.objects.filter(tenant=copy, domain="hainan-drill.localhost").exists()
        assert copy not in provinces_real()  # never counted as a province nationally
        with schema_context("hainan_drill"):
            assert SocialOrganization.objects.filter(name__startswith="海口市备份测试协会").count() == 5
            assert AuditEntry.objects.count() == AUDIT_ENTRIES
        province_copy_drop(code=f"{CODE}-drill")
        assert not Province.objects.filter(code=f"{CODE}-drill").exists()
        with pytest.raises(BackupError, match="不是恢复演练生成的副本"):
            province_copy_drop(code=CODE)


def test_a_restore_never_overwrites_a_province(backed_up, db):
    with pytest.raises(BackupError, match="已存在：恢复不会覆盖现有数据"):
        province_restore(path=backed_up.path)


def test_a_backup_restores_into_a_fresh_database(backed_up, db):
    fresh = f"{connection.settings_dict['NAME']}_fresh"
    admin = psycopg2.connect(host=connection.settings_dict.get("HOST") or "127.0.0.1", port=connection.settings_dict.get("PORT"),
                             user=connection.settings_dict.get("USER") or "postgres", dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
        cursor.execute(f'CREATE DATABASE "{fresh}"')
    try:
        env = dict(os.environ, DATABASE_URL=_database_url_for_subprocess().rsplit("/", 1)[0] + f"/{fresh}",
                   DJANGO_SETTINGS_MODULE="config.settings.test", PYTHONPATH=f"{REPO_ROOT / 'platform'}:{REPO_ROOT}")
        result = subprocess.run([sys.executable, "manage.py", "restore_province", str(backed_up.path)], cwd=REPO_ROOT, env=env,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr[-3000:]
        assert "every table's row count matches the backup" in result.stdout and f"chain verified ({AUDIT_ENTRIES} entries)" in result.stdout
        restored = psycopg2.connect(host=connection.settings_dict.get("HOST") or "127.0.0.1",
                                    port=connection.settings_dict.get("PORT"),
                                    user=connection.settings_dict.get("USER") or "postgres", dbname=fresh)
        with restored, restored.cursor() as cursor:
            cursor.execute("SELECT code, schema_name, restored_from FROM public.tenants_province ORDER BY code")
            assert cursor.fetchall() == [(CODE, CODE, ""), ("national", "public", "")]
            cursor.execute("SELECT count(*) FROM hainan.registry_socialorganization WHERE name LIKE '海口市备份测试协会%%'")
            assert cursor.fetchone()[0] == 5
        restored.close()
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
        admin.close()
