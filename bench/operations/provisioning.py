"""6. Provisioning a new province (``tenants.services.province_provision``: schema by migrations,
domain, regions, first administrator) and ``migrate_schemas --tenant`` across every province
schema (31 after operation 5), against replaying the schema's DDL (pg_dump --schema-only of a
provisioned schema) into one new schema, and into as many schemas as migrate_schemas visits.

migrate_schemas twice: with nothing to apply (a deploy without migrations), and with one
migration adding one column (``bench.deploy``'s second migration, chosen by MIGRATION_MODULES),
against the same ALTER TABLE run in every schema through psycopg2.

When every province of the catalogue exists (the national size), the province provisioned is a
32nd schema: the existing one of that code is moved aside (schema and rows renamed) meanwhile."""
from __future__ import annotations

from contextlib import contextmanager

from django.core.management import call_command
from django.db import connection
from django.test.utils import override_settings
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


@contextmanager
def _moved_aside(code: str):
    """Province ``code`` renamed out of the way (schema, code, region code, domain), then back."""
    from tenants.middleware import domain_cache

    with schema_context("public"):
        province = Province.objects.filter(code=code).values("id", "region_code").first()
    if province is None:
        yield False
        return
    aside = f"{code}_aside"

    def rename(old_code, new_code, region_code):
        with connection.cursor() as cursor:
            cursor.execute(f'ALTER SCHEMA "{old_code}" RENAME TO "{new_code}"')
            cursor.execute("UPDATE public.tenants_province SET code = %s, schema_name = %s, region_code = %s WHERE id = %s",
                           [new_code, new_code, region_code, province["id"]])
            cursor.execute("UPDATE public.tenants_domain SET domain = replace(domain, %s, %s) WHERE tenant_id = %s",
                           [f"{old_code}.", f"{new_code}.", province["id"]])
        domain_cache.clear()

    with schema_context("public"):
        rename(code, aside, "aside0")
    try:
        yield True
    finally:
        with schema_context("public"):
            rename(aside, code, province["region_code"])


def run_provision(ctx) -> None:
    with _moved_aside(NEW) as moved:
        _provision(ctx, moved)


def _provision(ctx, moved: bool) -> None:
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
    with schema_context("public"):
        present = Province.objects.exclude(schema_name="public").count()
    ctx.add(Row(6, "provision a new province (province_provision: migrations, regions, administrator)",
                f"{ctx.size}: 1 schema, {tables} tables", ours, "replay of the schema's DDL (psycopg2)", reference,
                target=f"< {TARGET_SECONDS:g} s", met=ours.median < TARGET_SECONDS,
                note=f"beside {present} province schemas" + (f" (a {present + 1}nd: {NEW} moved aside meanwhile)" if moved else "")))
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
    ctx.add(Row(6, f"migrate_schemas --tenant across {len(schemas)} province schemas (nothing to apply, as a deploy)",
                f"{ctx.size}: {len(schemas)} schemas", ours, f"DDL replay into {len(schemas)} new schemas", reference,
                note=f"migrating {len(schemas)} new schemas from scratch costs about {len(schemas)} × the provisioning above"))

    column = override_settings(MIGRATION_MODULES={"bench_deploy": "bench.deploy.migrations_column"})

    def migrate_column():
        with column:
            call_command("migrate_schemas", tenant=True, interactive=False, verbosity=0)
        connection.set_schema_to_public()

    def unmigrate_column():
        with column:
            call_command("migrate_schemas", "bench_deploy", "0001", tenant=True, interactive=False, verbosity=0)
        connection.set_schema_to_public()

    added, _ = timed(migrate_column, runs=ctx.plan.heavy_runs, warmup=0, teardown=unmigrate_column)

    def alter_all():
        with raw.cursor() as cursor:
            for schema in schemas:
                cursor.execute(f'ALTER TABLE "{schema}".bench_deploy_deployprobe ADD COLUMN note varchar(20) NULL')

    def unalter_all():
        with raw.cursor() as cursor:
            for schema in schemas:
                cursor.execute(f'ALTER TABLE "{schema}".bench_deploy_deployprobe DROP COLUMN note')

    altered, _ = timed(alter_all, runs=ctx.plan.heavy_runs, warmup=0, teardown=unalter_all)
    raw.close()
    ctx.add(Row(6, f"migrate_schemas --tenant across {len(schemas)} province schemas, one migration adding a column",
                f"{ctx.size}: {len(schemas)} schemas", added, f"the same ALTER TABLE … ADD COLUMN in {len(schemas)} schemas (psycopg2)",
                altered, note="a nullable column: PostgreSQL changes the catalogue only, whatever the table's size"))
