"""3. Import of organizations from .xlsx and .csv (``imports.services.registry_import``), files
exported from the generated province (``registry_export``), into an empty province with the
same regions. Reference: reading the same file with openpyxl (read-only) or csv, and a
PostgreSQL COPY of the same rows (organizations, new supervisors, their evaluation grades).
Each run is rolled back, ours and the reference's alike."""
from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from accounts.actors import Actor
from imports.exporters import registry_export
from imports.services import registry_import
from imports.templates import BOOLEAN, CHOICE, DATE, INTEGER, TRUE_LABEL, sheet_for
from province_rules.registry import rules_for
from registry.models import SocialOrganization
from tenants.services import ProvinceInfo

from ..clone import province_clone, province_drop
from ..data import MAIN
from ..timing import Row, timed
from . import fresh_capture, profile_lines, query_lines

# The empty province imported into (its schema made by DDL replay): one of the bench's own,
# outside the catalogue, so that it is never one of the 31 provinces of the national size.
TARGET = "benchimport"
TARGET_INFO = ProvinceInfo(code=TARGET, region_code="990000", name="导入测试省")
TARGET_RATIO = 3.0
BIG_ROWS_SECONDS = 60.0
ORGANIZATION_COLUMNS = (
    "uscc", "name", "kind", "registration_level", "region_id", "registration_authority", "business_supervisor_id",
    "industry_committee_id", "industry", "employees", "registered_on", "status", "evaluation_grade", "evaluation_grade_on",
    "charter_clause", "decoupled", "is_school", "is_hospital", "has_work_station", "accepted_reason_for_no_party_org",
    "grade_cap_exception", "created", "updated",
)


def _target_province(ctx) -> None:
    province_clone(code=TARGET, ddl=ctx.ddl, template_schema=MAIN, info=TARGET_INFO)
    with connection.cursor() as cursor:  # the regions of the files: the generated province's, counties included
        cursor.execute(f"""
            INSERT INTO "{TARGET}".regions_region (code, name, level)
            SELECT code, name, level FROM "{MAIN}".regions_region ON CONFLICT (code) DO NOTHING;
            UPDATE "{TARGET}".regions_region t SET parent_id = tp.id
            FROM "{MAIN}".regions_region m JOIN "{MAIN}".regions_region mp ON mp.id = m.parent_id
                 JOIN "{TARGET}".regions_region tp ON tp.code = mp.code
            WHERE t.code = m.code;
            ANALYZE "{TARGET}".regions_region;""")


def _files(rows: tuple[int, ...], folder: Path) -> dict[tuple[int, str], Path]:
    files = {}
    with schema_context(MAIN):
        total = SocialOrganization.objects.count()
        for count in rows:
            queryset = None
            if count < total:
                ids = list(SocialOrganization.objects.order_by("uscc").values_list("id", flat=True)[:count])
                queryset = SocialOrganization.objects.filter(id__in=ids)
            for fmt in ("xlsx", "csv"):
                path = folder / f"organizations-{count}.{fmt}"
                path.write_bytes(registry_export(kind="organizations", fmt=fmt, queryset=queryset))
                files[(min(count, total), fmt)] = path
    return files


def _ours(path: Path, rules, expected: int):
    with schema_context(TARGET), transaction.atomic():
        result = registry_import(actor=Actor.system("bench import"), rules=rules, kind="organizations", path=path)
        transaction.set_rollback(True)
    if not result.ok or result.created != expected:
        raise AssertionError(f"bench 3: importing {path.name} gave {result.summary()}: {[str(e) for e in result.errors[:3]]}")
    return result


def _cells(path: Path):
    """The file's rows as text/values, header first: openpyxl read-only, or csv."""
    if path.suffix == ".xlsx":
        book = load_workbook(path, read_only=True, data_only=True)
        try:
            yield from book.worksheets[0].iter_rows(values_only=True)
        finally:
            book.close()
    else:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            yield from csv.reader(handle)


def _copy_text(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    text = value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def reference_import(raw, path: Path) -> int:
    """Read the file and COPY its rows: the least an import has to do."""
    sheet = sheet_for("organizations")
    columns = sheet.columns
    labels = {column.field: {label: key for key, label in column.choices} for column in columns if column.type == CHOICE}
    cursor = raw.cursor()
    cursor.execute("SELECT code, id FROM regions_region")
    regions = dict(cursor.fetchall())
    records = _cells(path)
    header = [str(cell).strip() for cell in next(records)]
    position = {column.field: header.index(column.header) for column in columns}
    rows, supervisors = [], {}
    for cells in records:
        values = {}
        for column in columns:
            value = cells[position[column.field]] if position[column.field] < len(cells) else None
            if value == "":
                value = None
            if column.type == CHOICE and value is not None:
                value = labels[column.field].get(value, value)
            elif column.type == BOOLEAN:
                value = value == TRUE_LABEL
            elif column.type == INTEGER:
                value = int(value or 0)
            elif column.type == DATE and isinstance(value, str):
                value = dt.date.fromisoformat(value)
            elif isinstance(value, dt.datetime):
                value = value.date()
            values[column.field] = value
        for field, kind in (("business_supervisor", "business_supervisor"), ("industry_committee", "industry_committee")):
            if values[field]:
                supervisors.setdefault(values[field], kind)
        rows.append(values)
    cursor.execute("INSERT INTO registry_supervisor (name, kind) SELECT * FROM unnest(%s::text[], %s::text[]) "
                   "ON CONFLICT (name) DO NOTHING", [list(supervisors), list(supervisors.values())])
    cursor.execute("SELECT name, id FROM registry_supervisor WHERE name = ANY(%s)", [list(supervisors)])
    supervisor_ids = dict(cursor.fetchall())
    now = dt.datetime.now(dt.timezone.utc)
    buffer = io.StringIO()
    for values in rows:
        record = (values["uscc"], values["name"], values["kind"], values["registration_level"], regions[values["region_code"]],
                  values["registration_authority"] or "", supervisor_ids.get(values["business_supervisor"]),
                  supervisor_ids.get(values["industry_committee"]), values["industry"] or "", values["employees"],
                  values["registered_on"], values["status"] or "active", values["evaluation_grade"] or "",
                  values["evaluation_grade_on"], values["charter_clause"], values["decoupled"], values["is_school"],
                  values["is_hospital"], values["has_work_station"], values["accepted_reason_for_no_party_org"] or "",
                  values["grade_cap_exception"] or "", now, now)
        buffer.write("\t".join(_copy_text(value) for value in record) + "\n")
    buffer.seek(0)
    cursor.copy_expert(f"COPY registry_socialorganization ({', '.join(ORGANIZATION_COLUMNS)}) FROM STDIN", buffer)
    cursor.execute("INSERT INTO registry_evaluationgrade (organization_id, grade, rated_on, above_rule_cap, cap_reasons) "
                   "SELECT id, evaluation_grade, evaluation_grade_on, false, '[]' FROM registry_socialorganization "
                   "WHERE evaluation_grade <> ''")
    cursor.execute("SELECT count(*) FROM registry_socialorganization")
    written = cursor.fetchone()[0]
    raw.rollback()
    return written


def run(ctx) -> None:
    """Operation 3, and those that need its files and its empty target province: 7 (a dashboard
    while the target imports) and 9 (the spreadsheet reader alone)."""
    from . import dashboard, readers

    rules = rules_for(MAIN, timezone.localdate())  # the files are Guangdong's registry: its rules check the grades
    _target_province(ctx)
    raw = ctx.raw(TARGET)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
            files = _files(ctx.plan.import_rows, Path(folder))
            counts = sorted({count for count, _ in files})
            if "3" in ctx.only:
                _imports(ctx, rules, raw, files, counts)
            biggest = files[(counts[-1], "xlsx")]
            if "9" in ctx.only:
                ctx.log("operation 9: spreadsheet reader alone")
                readers.run(ctx, biggest, counts[-1])
            if "7" in ctx.only:
                ctx.log("operation 7: a dashboard while another province imports")
                dashboard.run_during_import(ctx, target=TARGET, path=biggest, rows=counts[-1])
    finally:
        raw.close()
        province_drop(TARGET)


def _imports(ctx, rules, raw, files, counts) -> None:
    for count in counts:
        for fmt in ("xlsx", "csv"):
            path = files[(count, fmt)]
            # the big file at L takes minutes a run: one run of ours and of the reference
            runs = ctx.plan.runs // 3 if count == counts[0] else (1 if count >= 50_000 else ctx.plan.heavy_runs)
            ours, result = timed(lambda: _ours(path, rules, count), runs=max(1, runs), warmup=0)
            reference, written = timed(lambda: reference_import(raw, path), runs=max(1, runs), warmup=0)
            if written != count:
                raise AssertionError(f"bench 3: the reference wrote {written} rows of {count}")
            big = count == counts[-1] and count >= 75_000
            met = ours.median / reference.median <= TARGET_RATIO and (not big or ours.median < BIG_ROWS_SECONDS)
            target = f"≤ {TARGET_RATIO:g}×" + (f", < {BIG_ROWS_SECONDS:.0f} s" if big else "")
            ctx.add(Row(3, f"import of {count:,} organizations, .{fmt} (imports.services.registry_import)",
                        f"{ctx.size}: {count:,} rows, {path.stat().st_size / 1e6:.1f} MB", ours,
                        f"{'openpyxl read-only' if fmt == 'xlsx' else 'csv module'} + COPY", reference,
                        target=target, met=met,
                        note=f"{result.created:,} created, {len(result.warnings):,} grade warnings; "
                             f"{max(1, runs)} run{'s' if max(1, runs) > 1 else ''} each"))
    small = files[(counts[0], "csv")]
    with schema_context(TARGET), fresh_capture() as captured:
        _ours(small, rules, counts[0])
    ctx.profiles[3] = [f"import of {counts[0]:,} organizations (.csv):", *query_lines(captured.captured_queries),
                       *profile_lines(lambda: _ours(small, rules, counts[0]), top=18)]
