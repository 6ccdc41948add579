"""Backing up and restoring one province (see the package's docstring)."""
from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.db import connection, transaction
from django_tenants.utils import get_public_schema_name, schema_context

from tenants.models import Domain, Province

from .crypto import decrypt_stream, encrypt_stream

FORMAT = 1
SUFFIX = ".pbbackup"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


# --- the database and its client tools ---------------------------------------------------------

def _server_major() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0]) // 10000


def _tool_major(path: Path) -> int | None:
    try:
        output = subprocess.run([str(path), "--version"], capture_output=True, text=True, timeout=10).stdout
    except OSError:
        return None
    found = re.search(r"(\d+)(?:\.\d+)?", output)
    return int(found.group(1)) if found else None


def pg_tool(name: str) -> Path:
    """``pg_dump`` or ``pg_restore`` of the server's major version (an older client cannot dump
    a newer server; a newer one writes archives an older server's tools cannot read)."""
    major = _server_major()
    candidates = [Path(f"/usr/lib/postgresql/{major}/bin") / name]
    try:
        import pgserver

        candidates.append(Path(pgserver.__file__).parent / "pginstall" / "bin" / name)
    except ImportError:
        pass
    if shutil.which(name):
        candidates.append(Path(shutil.which(name)))
    for candidate in candidates:
        if candidate.exists() and _tool_major(candidate) == major:
            return candidate
    raise BackupError(f"找不到与数据库服务器（PostgreSQL {major}）版本一致的 {name}："
                      f"请安装 postgresql-client-{major}（Debian）或把它放到 PATH 中")


def _libpq_env(database: str | None = None) -> dict:
    db = connection.settings_dict
    env = dict(os.environ)
    env.update({"PGHOST": db.get("HOST") or "", "PGPORT": str(db.get("PORT") or ""), "PGUSER": db.get("USER") or "",
                "PGDATABASE": database or db["NAME"]})
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return {key: value for key, value in env.items() if value != "" or not key.startswith("PG")}


def _run(command: list, *, database: str | None = None) -> None:
    result = subprocess.run([str(part) for part in command], env=_libpq_env(database), capture_output=True, text=True)
    if result.returncode:
        raise BackupError(f"{Path(str(command[0])).name} 失败：{result.stderr.strip()[-2000:]}")


# --- what a province consists of --------------------------------------------------------------

def public_models_of_a_province() -> list[tuple[type, str]]:
    """(model, field) of every public-only model with a foreign key to the province: its
    domains, the national copies of its snapshots, its sharing settings …"""
    tenant_apps = {app.split(".")[0] for app in settings.TENANT_APPS}
    found = []
    for model in apps.get_models():
        if model._meta.app_label in tenant_apps or model is Province:
            continue
        for model_field in model._meta.concrete_fields:
            if model_field.is_relation and model_field.related_model is Province:
                found.append((model, model_field.name))
    return sorted(found, key=lambda pair: pair[0]._meta.label)


def schema_row_counts(schema: str) -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = %s AND table_type = 'BASE TABLE'"
                       " ORDER BY table_name", [schema])
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{schema}"."{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def public_row_counts(province: Province) -> dict[str, int]:
    counts = {Province._meta.label: 1}
    for model, name in public_models_of_a_province():
        counts[model._meta.label] = model.objects.filter(**{name: province}).count()
    return counts


def _audit_head(schema: str) -> dict:
    with schema_context(schema):
        from audit.models import AuditEntry

        last = AuditEntry.objects.order_by("-id").values("id", "hash").first()
        return {"entries": AuditEntry.objects.count(), "last_hash": last["hash"] if last else None}


# --- backup ------------------------------------------------------------------------------------

@dataclass
class BackupResult:
    path: Path
    province: str
    bytes: int
    seconds: float
    manifest: dict


def _province(code: str) -> Province:
    province = Province.objects.exclude(schema_name=get_public_schema_name()).filter(code=code.strip().lower()).first()
    if province is None:
        known = "、".join(Province.objects.exclude(schema_name=get_public_schema_name()).values_list("code", flat=True))
        raise BackupError(f"没有代码为“{code}”的省份（现有：{known or '无'}）")
    return province


def province_backup(*, code: str, directory: Path | None = None) -> BackupResult:
    """Write ``<directory>/<code>-<time>.pbbackup`` (default directory: ``BACKUP_DIR``)."""
    started = time.monotonic()
    connection.set_schema_to_public()
    province = _province(code)
    directory = Path(directory or settings.BACKUP_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    from django.utils import timezone

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    target = directory / f"{province.code}-{stamp}{SUFFIX}"
    pg_dump = pg_tool("pg_dump")
    with tempfile.TemporaryDirectory(prefix="partybuild-backup-") as scratch:
        scratch = Path(scratch)
        # One snapshot for the counts and the public rows (the dump takes a snapshot of its own;
        # writes landing in between make the counts differ, which the drill reports).
        with transaction.atomic():
            public_rows = [province] + [row for model, name in public_models_of_a_province()
                                        for row in model.objects.filter(**{name: province}).order_by("pk")]
            manifest = {
                "format": FORMAT, "province": province.code, "schema": province.schema_name, "name": province.name,
                "created": timezone.now().isoformat(), "server_major": _server_major(),
                "tables": schema_row_counts(province.schema_name), "public": public_row_counts(province),
                "audit": _audit_head(province.schema_name),
            }
        _run([pg_dump, "--format=custom", "--no-owner", "--no-privileges", "--schema", province.schema_name,
              "--file", scratch / "schema.dump"])
        (scratch / "public.json").write_text(serializers.serialize("json", public_rows), encoding="utf-8")
        (scratch / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        bundle = scratch / "bundle.tar"
        with tarfile.open(bundle, "w") as tar:
            for name in ("manifest.json", "public.json", "schema.dump"):
                tar.add(scratch / name, arcname=name)
        partial = target.with_suffix(".partial")
        with bundle.open("rb") as source, partial.open("wb") as sealed:
            encrypt_stream(source, sealed)
        partial.chmod(0o600)
        partial.replace(target)  # never a half-written file under the final name
    return BackupResult(path=target, province=province.code, bytes=target.stat().st_size,
                        seconds=time.monotonic() - started, manifest=manifest)


# --- restore -----------------------------------------------------------------------------------

@dataclass
class RestoreResult:
    province: Province
    manifest: dict
    seconds: float
    tables: dict[str, int] = field(default_factory=dict)
    public: dict[str, int] = field(default_factory=dict)
    audit_ok: bool = False
    audit_checked: int = 0
    audit_problem: str = ""

    def differences(self) -> dict[str, tuple[int | None, int | None]]:
        """table → (in the backup, restored), for every count that differs."""
        expected = dict(self.manifest["tables"], **{f"public:{k}": v for k, v in self.manifest["public"].items()})
        actual = dict(self.tables, **{f"public:{k}": v for k, v in self.public.items()})
        return {name: (expected.get(name), actual.get(name)) for name in sorted(set(expected) | set(actual))
                if expected.get(name) != actual.get(name)}


def _unpack(path: Path, scratch: Path) -> dict:
    bundle = scratch / "bundle.tar"
    with Path(path).open("rb") as sealed, bundle.open("wb") as plain:
        decrypt_stream(sealed, plain)
    with tarfile.open(bundle) as tar:
        tar.extractall(scratch, filter="data")
    manifest = json.loads((scratch / "manifest.json").read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"备份格式 {manifest.get('format')} 不受支持（本版本读取格式 {FORMAT}）")
    return manifest


def _public_schema_ready() -> None:
    """A fresh database: create the public schema's tables first."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('public.tenants_province')")
        ready = cursor.fetchone()[0] is not None
    if not ready:
        call_command("migrate_schemas", "--shared", verbosity=0)


def _schema_exists(schema: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [schema])
        return cursor.fetchone() is not None


def _renamed_dump(dump: Path, schema: str, new_schema: str, scratch: Path) -> Path:
    """The dump with its schema renamed, through a scratch database (pg_restore cannot rename)."""
    from psycopg2 import errors

    scratch_db = f"partybuild_restore_{os.getpid()}_{int(time.time())}"
    try:
        _server_execute(f'CREATE DATABASE "{scratch_db}"')
    except errors.InsufficientPrivilege:
        raise BackupError(
            f"数据库角色“{connection.settings_dict.get('USER') or '当前角色'}”不能创建数据库：以其他代码恢复需要一个临时数据库来改名模式。"
            "请授予该角色 CREATEDB（python -m ops.dbroles 会为 partybuild_owner 授予），"
            "或用 restore_province 恢复到一个新的数据库") from None
    try:
        _run([pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--dbname", scratch_db, dump],
             database=scratch_db)
        _rename_schema(scratch_db, schema, new_schema)
        renamed = scratch / "renamed.dump"
        _run([pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--schema", new_schema,
              "--file", renamed], database=scratch_db)
        return renamed
    finally:
        _server_execute(f'DROP DATABASE IF EXISTS "{scratch_db}"')


def _server_execute(sql: str, database: str | None = None) -> None:
    """One statement in a session of its own, outside any transaction (CREATE DATABASE …)."""
    import psycopg2

    env = _libpq_env(database)
    conn = psycopg2.connect(host=env.get("PGHOST"), port=env.get("PGPORT"), user=env.get("PGUSER"),
                            dbname=env["PGDATABASE"], password=env.get("PGPASSWORD"))
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql)
    finally:
        conn.close()


def _rename_schema(database: str, schema: str, new_schema: str) -> None:
    _server_execute(f'ALTER SCHEMA "{schema}" RENAME TO "{new_schema}"', database)


def _audit_append_only_for_others(schema: str) -> None:
    """The restored tables belong to whoever restored them (the owner role, ``ops/dbroles.py``),
    and its default privileges hand the product role every right on them: take back all but
    SELECT and INSERT on the audit log, as migration audit.0004 does for a migrated schema."""
    forward = import_module("audit.migrations.0004_product_role_appends_only").FORWARD
    with schema_context(schema), connection.cursor() as cursor:
        cursor.execute(forward)


def _load_public_rows(path: Path, *, as_code: str | None, schema: str) -> Province:
    """The province's public rows, under their new province if renamed; new primary keys."""
    objects = list(serializers.deserialize("json", path.read_text(encoding="utf-8")))
    original = objects[0].object
    assert isinstance(original, Province)
    old_pk = original.pk
    province = Province(
        code=as_code or original.code, schema_name=schema, region_code=original.region_code, rules_key=original.rules_key,
        name=f"{original.name}（恢复演练）" if as_code else original.name, restored_from=original.code if as_code else "",
    )
    province.save()
    Province.objects.filter(pk=province.pk).update(created=original.created)
    for restored in objects[1:]:
        row = restored.object
        for model_field in row._meta.concrete_fields:
            if model_field.is_relation and model_field.related_model is Province and getattr(row, model_field.attname) == old_pk:
                setattr(row, model_field.attname, province.pk)
        row.pk = None
        if isinstance(row, Domain) and as_code:
            row.domain = f"{as_code}.{settings.BASE_DOMAIN}"
            if Domain.objects.filter(tenant=province, domain=row.domain).exists():
                continue
        row.save(force_insert=True)
    return province


def province_restore(*, path: Path, as_code: str | None = None) -> RestoreResult:
    """Restore a backup into the current database: under its own name (a fresh database, or
    one that lost the province), or with ``as_code`` beside the live province (a drill: the copy
    is marked ``restored_from`` and left out of the national figures). Refuses to overwrite a
    province or schema that exists."""
    started = time.monotonic()
    connection.set_schema_to_public()
    _public_schema_ready()
    from tenants.services import public_tenant_ensure

    public_tenant_ensure()
    with tempfile.TemporaryDirectory(prefix="partybuild-restore-") as scratch:
        scratch = Path(scratch)
        manifest = _unpack(path, scratch)
        code = (as_code or manifest["province"]).strip().lower()
        if not re.fullmatch(r"[a-z][a-z0-9-]{1,30}", code):
            raise BackupError(f"省份代码“{code}”无效：请用小写字母、数字和连字符（如 {manifest['province']}-drill）")
        schema = code.replace("-", "_")
        if Province.objects.filter(code=code).exists() or _schema_exists(schema):
            raise BackupError(f"省份“{code}”（模式 {schema}）已存在：恢复不会覆盖现有数据。"
                              f"请恢复到新的数据库，或用 --as 另起名称（如 {manifest['province']}-drill）")
        dump = scratch / "schema.dump"
        if schema != manifest["schema"]:
            dump = _renamed_dump(dump, manifest["schema"], schema, scratch)
        _run([pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
              "--dbname", connection.settings_dict["NAME"], dump])
        _audit_append_only_for_others(schema)
        with transaction.atomic():
            province = _load_public_rows(scratch / "public.json", as_code=as_code and code, schema=schema)
    result = RestoreResult(province=province, manifest=manifest, seconds=time.monotonic() - started,
                           tables=schema_row_counts(schema), public=public_row_counts(province))
    from audit.services import audit_verify

    with schema_context(schema):
        # The chain itself, keyed (AUDIT_HMAC_KEYS): not the anchors, which go on past the backup.
        verified = audit_verify(anchors=False)
    result.audit_ok, result.audit_checked, result.audit_problem = verified.ok, verified.checked, verified.problem
    return result


def province_copy_drop(*, code: str) -> None:
    """Remove a drill's copy (its schema and public rows); never a province that is not a copy."""
    connection.set_schema_to_public()
    province = Province.objects.filter(code=code).exclude(restored_from="").first()
    if province is None:
        raise BackupError(f"“{code}”不是恢复演练生成的副本，不能删除")
    province.delete(force_drop=True)


# --- the drill ---------------------------------------------------------------------------------

@dataclass
class DrillResult:
    backup: BackupResult
    restore: RestoreResult
    seconds: float
    kept: bool

    @property
    def ok(self) -> bool:
        return self.restore.audit_ok and not self.restore.differences() \
            and self.restore.audit_checked == self.backup.manifest["audit"]["entries"]


def restore_drill(*, code: str, keep: bool = False, directory: Path | None = None) -> DrillResult:
    """Back the province up, restore the file beside it as ``<code>-drill``, compare the row
    counts with the backup's manifest and verify the restored audit chain; then remove the copy
    (unless ``keep``) and the file (unless ``directory`` was given)."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="partybuild-drill-") as scratch:
        backup = province_backup(code=code, directory=directory or Path(scratch))
        as_code = f"{backup.province}-drill"
        restored = province_restore(path=backup.path, as_code=as_code)
        if not keep:
            province_copy_drop(code=as_code)
    return DrillResult(backup=backup, restore=restored, seconds=time.monotonic() - started, kept=keep)


def bundle_bytes(path: Path) -> bytes:
    """The decrypted bundle (for inspection and tests)."""
    out = io.BytesIO()
    with Path(path).open("rb") as sealed:
        decrypt_stream(sealed, out)
    return out.getvalue()
