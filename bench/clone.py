"""New province schemas by replaying a provisioned schema's DDL.

``schema_ddl`` dumps the DDL of one schema (pg_dump --schema-only, of the same major version as
the server: Debian's, or the embedded server's own). ``ddl_replay`` runs it for a new schema
name: every table, index, constraint and sequence, no rows. It is the reference of operation 6,
and the bench's fast way to set up the 31 provinces of operation 5 (``province_clone``), since
provisioning by migrations takes seconds per schema.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from django.db import connection
from django_tenants.utils import schema_context

# Rows that migrations write into every schema, copied so that a clone counts as migrated.
MIGRATION_ROWS = ("django_migrations", "django_content_type", "auth_permission")


def _pg_dump() -> str:
    """pg_dump of the server's major version."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        major = int(cursor.fetchone()[0]) // 10000
    def candidates():
        yield Path(f"/usr/lib/postgresql/{major}/bin/pg_dump")
        found = shutil.which("pg_dump")
        if found:
            yield Path(found)
        try:  # the embedded server's own binaries
            import pgserver

            yield Path(pgserver.__file__).parent / "pginstall" / "bin" / "pg_dump"
        except ImportError:
            pass

    for candidate in candidates():
        if candidate.exists():
            version = subprocess.run([str(candidate), "--version"], capture_output=True, text=True).stdout
            if re.search(rf"\b{major}\.", version):
                return str(candidate)
    raise RuntimeError(f"bench: no pg_dump of PostgreSQL {major} on this machine")


def schema_ddl(schema: str) -> str:
    """The DDL of ``schema`` with its name replaced by the placeholder ``__SCHEMA__``."""
    settings = connection.settings_dict
    command = [_pg_dump(), "--schema-only", "--no-owner", "--no-privileges", f"--schema={schema}",
               "--dbname", settings["NAME"], "--username", settings.get("USER") or "postgres"]
    if settings.get("HOST"):
        command += ["--host", settings["HOST"]]
    if settings.get("PORT"):
        command += ["--port", str(settings["PORT"])]
    environment = {"PGPASSWORD": settings["PASSWORD"]} if settings.get("PASSWORD") else {}
    import os

    dump = subprocess.run(command, capture_output=True, text=True, check=True, env={**os.environ, **environment}).stdout
    # psql meta-commands (\restrict ...) of recent pg_dump versions are not SQL
    dump = "\n".join(line for line in dump.splitlines() if not line.startswith("\\"))
    dump = re.sub(rf"(?<![\w\"]){re.escape(schema)}\.", "__SCHEMA__.", dump)
    dump = re.sub(rf"SCHEMA {re.escape(schema)};", "SCHEMA __SCHEMA__;", dump)
    return dump


def ddl_replay(ddl: str, schema: str, cursor=None) -> None:
    """Create ``schema`` with every table of ``ddl`` (from ``schema_ddl``), on ``cursor`` (a raw
    psycopg2 cursor for the reference) or Django's connection."""
    statements = ddl.replace("__SCHEMA__", schema)
    if cursor is not None:
        cursor.execute(statements)
        return
    with connection.cursor() as django_cursor:
        django_cursor.execute(statements)
    # pg_dump's DDL empties the search path (set_config('search_path', '', false)) behind
    # django-tenants' back, which sends SET search_path once per schema (TENANT_LIMIT_SET_CALLS):
    # set the tenant again so that the next statement sends it
    connection.set_tenant(connection.tenant)


def migration_rows_copy(source: str, target: str) -> None:
    with connection.cursor() as cursor:
        for table in MIGRATION_ROWS:
            cursor.execute(f'INSERT INTO "{target}"."{table}" SELECT * FROM "{source}"."{table}"')
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('\"{target}\".\"{table}\"', 'id'), "
                           f"coalesce((SELECT max(id) FROM \"{target}\".\"{table}\"), 0) + 1, false)")


def province_clone(*, code: str, ddl: str, template_schema: str, snapshots_from: str | None = None, info=None) -> None:
    """A province as ``province_provision`` leaves it (schema, domain, regions; no administrator),
    its schema made by DDL replay; with ``snapshots_from``, that schema's indicator snapshots too.
    ``info`` (a ``tenants.services.ProvinceInfo``): a province of the bench's own, outside the
    catalogue (the import target, which must not be one of the 31 at the national size)."""
    from province_rules.registry import registered_codes
    from regions.services import regions_load_for_province
    from tenants.models import Domain, Province
    from tenants.services import province_domain, province_info_lookup, public_tenant_ensure

    info = info or province_info_lookup(code)
    public_tenant_ensure()
    ddl_replay(ddl, info.code)
    migration_rows_copy(template_schema, info.code)
    province = Province.objects.create(code=info.code, schema_name=info.code, name=info.name, region_code=info.region_code,
                                       rules_key=info.code if info.code in registered_codes() else "national")
    Domain.objects.create(domain=province_domain(info.code), tenant=province, is_primary=True)
    with schema_context(info.code):
        regions_load_for_province(province_code=info.region_code, province_name=info.name)
    if snapshots_from:
        snapshots_copy(snapshots_from, info.code)


def snapshots_copy(source: str, target: str) -> None:
    from indicators.models import IndicatorSnapshot

    columns = ", ".join(f'"{f.column}"' for f in IndicatorSnapshot._meta.concrete_fields if not f.primary_key)
    table = IndicatorSnapshot._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f'INSERT INTO "{target}"."{table}" ({columns}) SELECT {columns} FROM "{source}"."{table}"')


def province_drop(code: str) -> None:
    """Remove a province the bench made: its rows in public and its schema."""
    from tenants.models import Province

    with schema_context("public"):
        Province.objects.filter(code=code).delete()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{code}" CASCADE')
