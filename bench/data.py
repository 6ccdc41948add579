"""Loading the run's data: the product's own commands and services, as ``./ops/run`` does.

- public schema migrated; Guangdong (the province of the issue's size) and Jilin (grade caps,
  for operation 4) provisioned by ``province_provision`` and filled by the demo generator
  at the run's size, with indicator snapshots;
- an API token of Guangdong and a national token (operations 2 and 5).
"""
from __future__ import annotations

import datetime as dt
import time

from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

MAIN = "guangdong"  # the size of the issue: Guangdong, about 75,000 organizations
RULES_PROVINCE = "jilin"  # the province whose rules cap grades (002 第九条(三)): operation 4


def month_starts(today: dt.date, count: int) -> list[dt.date]:
    days, year, month = [], today.year, today.month
    for _ in range(count):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        days.append(dt.date(year, month, 1))
    return days[::-1]


def load(*, size: str, snapshot_months: int, log) -> dict[str, str]:
    """Returns what was loaded, for the report's set-up section."""
    from demo.generator import SIZES, demo_generate
    from indicators.services import snapshot_take
    from province_rules.registry import rules_for
    from tenants.services import province_provision

    started = time.monotonic()
    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    loaded = {}
    for code in (MAIN, RULES_PROVINCE):
        province_provision(code=code)
        with schema_context(code):
            began = time.monotonic()
            today = timezone.localdate()
            counts = demo_generate(rules=rules_for(code, today), size=size, seed=1, as_of=today)
            days = month_starts(today, snapshot_months if code == MAIN else 0) + [today]
            for day in days:
                snapshot_take(rules=rules_for(code, day), as_of=day)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        log(f"{code}: {counts['organizations']:,} organizations generated in {time.monotonic() - began:.0f} s")
        loaded[code] = (f"{counts['organizations']:,} organizations, {counts['party_organizations']:,} Party organizations, "
                        f"{counts['members']:,} members, {counts['activities']:,} activities, "
                        f"{counts['attendance']:,} attendance rows; indicator snapshots of {len(days)} days")
    loaded["data loaded in"] = f"{time.monotonic() - started:.0f} s (demo generator, seed 1, size {size}: {SIZES[size]:,} organizations per province)"
    return loaded


def api_token(code: str) -> str:
    from api.services import api_token_issue

    with schema_context(code):
        return api_token_issue(name="bench", scopes="read", created_by="bench").secret


def national_token() -> str:
    from api.services import api_token_issue

    with schema_context("public"):
        return api_token_issue(name="bench", scopes="read", created_by="bench", national=True).secret


def describe_national(*, server, database: str, template: str, built: bool, build_seconds: float,
                      clone_seconds: float) -> dict[str, str]:
    """The set-up section of a national run: the template, and what each province holds."""
    from .national_data import TOTAL, database_bytes, scale, sizes

    connection = server.connect(database)
    counts = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT schema_name FROM tenants_province WHERE schema_name <> 'public' ORDER BY region_code")
        for (schema,) in cursor.fetchall():
            cursor.execute(f'SELECT (SELECT count(*) FROM "{schema}".registry_socialorganization), '
                           f'(SELECT count(*) FROM "{schema}".registry_member), '
                           f'(SELECT count(*) FROM "{schema}".registry_activity)')
            counts[schema] = cursor.fetchone()
    connection.close()
    organizations = sum(row[0] for row in counts.values())
    template_bytes = database_bytes(server, template)
    described = {
        "national size": (f"{len(counts)} provinces, {organizations:,} organizations, "
                          f"{sum(row[1] for row in counts.values()):,} members, {sum(row[2] for row in counts.values()):,} "
                          f"activities (table: bench/national_data.py, {TOTAL:,} at scale 1; this run's scale {scale():g})"),
        "provinces (organizations)": ", ".join(f"{schema} {row[0]:,}" for schema, row in counts.items()),
        "template database": (f"{template}, {template_bytes / 2**30:.2f} GiB; "
                              + (f"built by this run in {build_seconds:.0f} s" if built else "reused (built by an earlier run)")
                              + f"; cloned into the run's database in {clone_seconds:.0f} s (CREATE DATABASE … TEMPLATE)"),
    }
    if sizes() and organizations < 0.95 * sum(sizes().values()):
        described["warning"] = f"the template holds {organizations:,} organizations, fewer than the table's {sum(sizes().values()):,}"
    return described


def resources(*, server, database: str) -> dict[str, str]:
    """Disk and memory the run used: the database's size at the end, the bench process's peak
    resident memory and that of its finished child processes (the generators of a build)."""
    import resource

    from .national_data import database_bytes

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "disk": f"the run's database {database_bytes(server, database) / 2**30:.2f} GiB at the end (pg_database_size)",
        "memory": (f"bench process peak {own:,.0f} MiB resident; largest finished child process (template build "
                   f"generators, background import) {children:,.0f} MiB"),
    }
