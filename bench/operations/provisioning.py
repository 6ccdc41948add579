"""6. Provisioning a new province (``tenants.services.province_provision``: schema by migrations,
domain, regions, first administrator) and ``migrate_schemas --tenant`` across every province
schema (31 after operation 5), against replaying the schema's DDL (pg_dump --schema-only of a
provisioned schema) into one new schema, and into as many schemas as migrate_schemas visits."""
from __future__ import annotations

from django.core.management import call_command
from django.db import connection
from django_tenants.utils import schema_context

from tenants.models import Province
from tenants.services import province_provision

from ..clone import ddl_replay, province_drop
from ..timing import Row, timed
from . import profile_lines

NEW = "xizang"  # provisioned again and again, dropped after each run
TARGET_SECONDS = 5.0


def _drop_schemas(raw, names) -> None:
    with raw.cursor() as cursor:
        for name in names:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


def run_provision(ctx) -> None:
    def provision():
        with schema_context("public"):
            result = province_provision(code=NEW)
        assert result.created
        connection.set_schema_to_public()

    ours, _ = timed(provision, runs=max(1, ctx.plan.runs // 3), warmup=0, teardown=lambda: province_drop(NEW))
    raw = ctx.raw("public")
    raw.autocommit = True

    def replay():
        with raw.cursor() as cursor:
            ddl_replay(ctx.ddl, "bench_ddl_replay", cursor)

    reference, _ = timed(replay, runs=max(1, ctx.plan.runs // 3), warmup=0, teardown=lambda: _drop_schemas(raw, ["bench_ddl_replay"]))
    raw.close()
    tables = ctx.ddl.count("CREATE TABLE")
    ctx.add(Row(6, "provision a new province (province_provision: migrations, regions, administrator)",
                f"{ctx.size}: 1 schema, {tables} tables", ours, "replay of the schema's DDL (psycopg2)", reference,
                target=f"< {TARGET_SECONDS:g} s", met=ours.median < TARGET_SECONDS))
    if not ctx.quick:  # one more provisioning, profiled
        ctx.profiles[6] = ["province_provision, one call:", *profile_lines(lambda: (provision(), province_drop(NEW)))]


def run_migrate(ctx) -> None:
    with schema_context("public"):
        schemas = list(Province.objects.exclude(schema_name="public").values_list("schema_name", flat=True))

    def migrate():
        call_command("migrate_schemas", tenant=True, interactive=False, verbosity=0)
        connection.set_schema_to_public()

    ours, _ = timed(migrate, runs=ctx.plan.heavy_runs, warmup=0)
    names = [f"bench_ddl_replay_{index}" for index in range(len(schemas))]
    raw = ctx.raw("public")
    raw.autocommit = True

    def replay_all():
        with raw.cursor() as cursor:
            for name in names:
                ddl_replay(ctx.ddl, name, cursor)

    reference, _ = timed(replay_all, runs=ctx.plan.heavy_runs, warmup=0, teardown=lambda: _drop_schemas(raw, names))
    raw.close()
    ctx.add(Row(6, f"migrate_schemas --tenant across {len(schemas)} province schemas (nothing to apply, as a deploy)",
                f"{ctx.size}: {len(schemas)} schemas", ours, f"DDL replay into {len(schemas)} new schemas", reference,
                note=f"migrating {len(schemas)} new schemas from scratch costs about {len(schemas)} × the provisioning above"))
