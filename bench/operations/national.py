"""5. National aggregation across 3, 10 and 31 province schemas: the snapshot refresh
(``national.services.national_snapshots_copy``, what the ``national.snapshots_copy`` task runs
every 6 hours) and the national API read (``GET /api/v1/national/indicators``, through the web
server), against one UNION ALL statement over the province schemas.

Provinces beyond the generated ones are set up by DDL replay (bench.clone) and get a copy of
the generated province's indicator snapshots: the national side reads snapshots only."""
from __future__ import annotations

import http.client
import json

from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context

from indicators.selectors import INDICATORS
from national.models import NationalSnapshot
from national.services import COPIED_GROUPINGS, national_snapshots_copy
from tenants.models import Province
from tenants.services import province_catalogue

from .. import sql
from ..clone import province_clone
from ..data import MAIN
from ..timing import Row, timed
from . import fresh_capture, query_lines

READ_TARGET_SECONDS = 0.050
REFRESH_TARGET_SECONDS = 2.0
READ_PATH = "/api/v1/national/indicators?grouping=province"


def provinces() -> list[tuple[int, str, str]]:
    with schema_context("public"):
        return list(Province.objects.exclude(schema_name="public").order_by("region_code")
                    .values_list("id", "code", "schema_name"))


def grow_to(ctx, count: int) -> None:
    present = {code for _, code, _ in provinces()}
    for code in province_catalogue():
        if len(present) >= count:
            break
        if code not in present:
            with schema_context("public"):
                province_clone(code=code, ddl=ctx.ddl, template_schema=MAIN, snapshots_from=MAIN)
            present.add(code)


def national_rows_count() -> int:
    with schema_context("public"):
        return NationalSnapshot.objects.count()


def run(ctx) -> None:
    columns = list(INDICATORS)
    headers = {"Host": "localhost", "Authorization": f"Bearer {ctx.tokens['national']}"}
    for count in ctx.plan.national_counts:
        grow_to(ctx, count)
        present = provinces()
        with schema_context("public"):
            national_snapshots_copy(full=True)
        copied = national_rows_count()

        with schema_context("public"):
            refresh, _ = timed(national_snapshots_copy, runs=ctx.plan.runs, warmup=1)
        after_ours = national_rows_count()
        statement, params = sql.national_refresh(present, columns, COPIED_GROUPINGS)
        raw = ctx.raw("public")

        def refresh_reference():
            with raw.cursor() as cursor:
                cursor.execute(statement, params)
            raw.commit()

        refresh_reference_sample, _ = timed(refresh_reference, runs=ctx.plan.runs, warmup=1)
        after_reference = national_rows_count()
        if not copied == after_ours == after_reference:
            raise AssertionError(f"bench 5: national rows after a full copy {copied}, after ours {after_ours}, "
                                 f"after the reference {after_reference}")
        label = f"{len(present)} provinces"
        all_of_them = len(present) >= 31
        ctx.add(Row(5, f"national snapshot refresh, {label} (national_snapshots_copy, incremental as scheduled)",
                    f"{ctx.size}: {len(present)} schemas", refresh, "one DELETE + INSERT … UNION ALL", refresh_reference_sample,
                    target=f"< {REFRESH_TARGET_SECONDS:g} s" if all_of_them else "",
                    met=refresh.median < REFRESH_TARGET_SECONDS if all_of_them else None,
                    note=f"{copied:,} national rows"))

        web = http.client.HTTPConnection("127.0.0.1", ctx.web.port, timeout=30)

        def read():
            web.request("GET", READ_PATH, headers=headers)
            response = web.getresponse()
            body = response.read()
            if response.status != 200:
                raise AssertionError(f"bench 5: the national API answered {response.status}: {body[:200]!r}")
            return json.loads(body)

        read_sample, answer = timed(read, runs=ctx.plan.runs * 2, warmup=2)
        web.close()
        read_statement, read_params = sql.national_read(present, columns)

        def read_reference():
            with raw.cursor() as cursor:
                cursor.execute(read_statement, read_params)
                return cursor.fetchall()

        read_reference_sample, reference_rows = timed(read_reference, runs=ctx.plan.runs * 2, warmup=2)
        raw.close()
        if len(answer["rows"]) != len(reference_rows) or len(reference_rows) != len(present):
            raise AssertionError(f"bench 5: the API gave {len(answer['rows'])} rows, the UNION ALL {len(reference_rows)}")
        last = count == max(ctx.plan.national_counts) and count >= 31
        ctx.add(Row(5, f"national API read, {label} (GET /api/v1/national/indicators?grouping=province)",
                    f"{ctx.size}: {len(present)} schemas", read_sample, "one UNION ALL over the schemas (psycopg2)",
                    read_reference_sample, target=f"< {READ_TARGET_SECONDS * 1000:.0f} ms" if last else "",
                    met=read_sample.median < READ_TARGET_SECONDS if last else None,
                    note="through the web server, one client, keep-alive"))
    with fresh_capture() as captured:
        response = Client(HTTP_HOST="localhost").get(READ_PATH, HTTP_AUTHORIZATION=headers["Authorization"])
        assert response.status_code == 200, response.status_code
    ctx.profiles[5] = [f"national API read, {len(provinces())} provinces, in-process:", *query_lines(captured.captured_queries)]
