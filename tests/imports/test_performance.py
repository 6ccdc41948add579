"""How long a large import takes. The measured run (75,000 organizations) is opt-in:
``TEST_WORKERS=0 IMPORT_BENCH_ROWS=75000 ./ops/test tests/imports/test_performance.py -s``; by default a
small file checks that the bulk path keeps its query count flat (no query per row written)."""
import datetime as dt
import io
import os
import time

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context
from openpyxl import Workbook

from imports.exporters import registry_export
from imports.services import registry_import
from imports.templates import sheet_for
from province_rules.registry import rules_for
from registry.models import SocialOrganization
from tests.registry.factories import make_uscc
from tests.helpers import SYSTEM, rules_today

CITIES = ("220100", "220200", "220300", "220400", "220500", "220600", "220700", "220800", "222400")


def organizations_xlsx(count: int) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("社会组织")
    sheet.append(list(sheet_for("organizations").headers))
    for i in range(count):
        city = CITIES[i % len(CITIES)]
        sheet.append([
            make_uscc(city, "12"[i % 2], serial=i), f"测试社会组织{i}", "社会团体" if i % 2 == 0 else "民办非企业单位", "市级",
            city, "市民政局", f"业务主管单位{i % 200}", f"行业党委{i % 20}" if i % 3 == 0 else None, "商贸", i % 120,
            dt.date(2000 + i % 24, 1 + i % 12, 1 + i % 28), "正常", "是" if i % 4 else "否", "否",
            "是" if i % 50 == 0 else "否", "否", "否", None, None, None, None,
        ])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def timed_import(content: bytes):
    started = time.monotonic()
    result = registry_import(actor=SYSTEM, rules=rules_today("jilin"), kind="organizations", file_obj=io.BytesIO(content), filename="organizations.xlsx")
    return result, time.monotonic() - started


def test_the_bulk_path_does_not_write_row_by_row(jilin):
    """One batch of 60 rows and one of 600 take the same statements: none is per row (the
    organizations go in by one COPY, their audit entries by another)."""
    statements = {}
    for rows in (60, 600):
        content = organizations_xlsx(rows)
        with schema_context("jilin"), transaction.atomic(), CaptureQueriesContext(connection) as queries:
            result, _ = timed_import(content)
            assert result.ok and result.created == rows
            assert SocialOrganization.objects.count() == rows
            transaction.set_rollback(True)
        statements[rows] = [query["sql"].split(" (")[0][:40] for query in queries.captured_queries
                            if "SAVEPOINT" not in query["sql"]]
    assert statements[600] == statements[60]


def test_a_large_import(jilin):
    count = int(os.environ.get("IMPORT_BENCH_ROWS", "0"))
    if not count:
        pytest.skip("opt-in measurement: IMPORT_BENCH_ROWS=75000")
    content = organizations_xlsx(count)
    with schema_context("jilin"):
        result, seconds = timed_import(content)
        assert result.ok and result.created == count, result.errors[:5]
        again, seconds_again = timed_import(content)
        assert again.unchanged == count
        started = time.monotonic()
        exported = registry_export(kind="organizations", fmt="xlsx")
        seconds_export = time.monotonic() - started
        round_trip, seconds_round_trip = timed_import(exported)
        assert round_trip.unchanged == count
        print(f"\n{count} organizations ({len(content) // 1024} KB .xlsx): first import {seconds:.1f} s, "
              f"re-import (all unchanged) {seconds_again:.1f} s, export {seconds_export:.1f} s, "
              f"import of the export {seconds_round_trip:.1f} s")
        assert SocialOrganization.objects.count() == count
