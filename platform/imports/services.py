"""Spreadsheet import of the registry: ``registry_import``, called by a view, a Celery task or
the ``import_registry`` command, in the province's schema, with the province's rules.

How a file goes in:

1. ``readers.read_rows`` streams it and converts each cell by its column's type. A hostile
   file (formulas, dates stored as numbers, numbers stored as text, merged cells, hidden
   sheets, a zip bomb, too many rows, not what its extension says) or a key repeated inside
   the file (USCC, ID number, Party organization name) refuses the whole file: nothing is
   written, even in partial mode.
2. Every row goes through the registry's own validation (``organization_validate``,
   ``member_validate``; Party organizations through the ``party_organization_upsert`` action, which
   validates before it writes, inside a transaction rolled back unless the import commits).
   There is one set of rules; errors are reported per row and Chinese column header.
3. Default: one transaction, nothing written if any row is wrong. ``partial=True`` writes
   the valid rows and still reports the bad ones.
4. Writes are upserts keyed by USCC / ID number (its keyed digest) / Party organization
   name, through the registry's bulk actions for organizations and members
   (``registry.actions.bulk``: batches, one audit entry per changed row); a row equal to
   what is stored writes nothing and counts as unchanged, so re-importing the same file
   changes nothing.

Each row is the whole record: an empty cell clears the field or sets its default, as
``organization_upsert`` does with a missing key. Two exceptions, by design:

- **Evaluation grades** are dated records, never overwritten: a row's 评估等级 + 评估日期 is
  recorded as ``evaluation_grade_record`` records it (same validation, and the same
  ``grade_cap_check``: a grade above the province's cap is kept and flagged; the result
  lists it as a warning), in bulk per batch, unless that record already exists; an empty
  grade cell leaves the organization's grades alone.
- **Masked personal data** (an ID number or phone containing ``*``, as in a masked export)
  is refused with a row error: a masked ID cannot identify a member and a masked value
  must never overwrite the real one. Re-importing a masked export therefore writes nothing
  and says why on every row; an unmasked export round-trips.
"""
from __future__ import annotations

import datetime as dt
import gc
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from django.core.exceptions import ValidationError
from django.db import transaction

import clock
from registry.actions import party_organization_upsert
from registry.actions.bulk import bulk_scope_check, evaluation_grades_bulk_record, members_bulk_upsert, organizations_bulk_upsert
from registry.actions.common import Lookups
from registry.actions.members import member_validate
from registry.actions.organizations import organization_validate
from registry.models import EvaluationGrade, PartyOrganization

from .readers import limit, read_rows
from .results import FileRefused, ImportResult, RowError
from .templates import Sheet, sheet_for

BATCH = 1000
MASKED = "*"


class _Rollback(Exception):
    """Undo the import's transaction (default mode, an error found while writing)."""


def registry_import(*, actor, rules, kind: str, file_obj=None, path=None, filename: str | None = None,
                    partial: bool = False) -> ImportResult:
    """Import an .xlsx or .csv of ``kind`` (organizations, party_organizations, members).

    Pass an open binary ``file_obj`` (an upload) with its ``filename``, or a ``path``. Runs in
    the current schema; ``actor`` is who imports (their scope must be the whole province:
    ``registry.actions.bulk``), ``rules`` the province's rules object. Never raises for a bad
    file: the result says what was wrong, row by row. Every row written leaves its own audit
    entry (through the registry's bulk actions).
    """
    bulk_scope_check(actor)
    sheet = sheet_for(kind)
    if (file_obj is None) == (path is None):
        raise TypeError("registry_import: pass file_obj or path, not both")
    filename = filename or (Path(path).name if path is not None else Path(getattr(file_obj, "name", "") or "").name)
    result = ImportResult(kind=kind, filename=filename, partial=partial)
    started = time.monotonic()
    try:
        with _cyclic_gc_paused():
            _import_file(actor, rules, sheet, file_obj, path, result)
    except FileRefused as refusal:
        result.refused, result.written, result.errors = True, False, refusal.errors
        result.created = result.updated = result.unchanged = result.skipped = 0
        result.warnings = []
    result.errors.sort(key=lambda error: (error.row or 0, _column_order(sheet, error.column)))
    result.seconds = time.monotonic() - started
    return result


@contextmanager
def _cyclic_gc_paused():
    """Python's cyclic garbage collector off while a file is read and written. An import keeps
    tens of thousands of rows alive at once, and each collection walks them all: about a quarter
    of an import's CPU time (measured on 5,000 rows: 1.15 s with, 0.85 s without). Its objects hold
    no reference cycles that live beyond a row (reference counting frees them), and the file is
    bounded (``IMPORT_MAX_ROWS``). Left as found: off stays off."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _import_file(actor, rules, sheet: Sheet, file_obj, path, result: ImportResult) -> None:
    if path is not None:
        with open(path, "rb") as handle:
            _import(actor, rules, sheet, handle, result)
    else:
        _import(actor, rules, sheet, file_obj, result)


def _column_order(sheet: Sheet, header: str) -> int:
    return sheet.headers.index(header) if header in sheet.headers else -1


def _import(actor, rules, sheet: Sheet, file_obj, result: ImportResult) -> None:
    if getattr(file_obj, "seekable", lambda: False)():
        file_obj.seek(0)
    rows = read_rows(sheet=sheet, file_obj=file_obj, filename=result.filename)
    kind = _KINDS[sheet.kind]
    valid = _validated(sheet, rows, kind, result, clock.today())
    bad_rows = {error.row for error in result.errors}
    if result.errors and not result.partial and sheet.kind != "party_organizations":
        return  # nothing written; Party organizations are still tried (and rolled back) to list every error
    try:
        with transaction.atomic():
            kind.write(actor, rules, sheet, valid, result)
            bad_rows |= {error.row for error in result.errors}
            if result.errors and not result.partial:
                raise _Rollback
    except _Rollback:
        result.created = result.updated = result.unchanged = 0
        result.warnings = []
        return
    result.skipped = len(bad_rows)
    result.written = bool(result.created or result.updated)


def _validated(sheet: Sheet, rows, kind: ImportKind, result: ImportResult, today: dt.date) -> list:
    """Read every row; validate those not already wrong, a batch at a time with primed lookups;
    raise FileRefused for a hostile file (after reading it all, to list every hostile cell) and
    for a key twice in the file (after validating every row, so that a duplicate hides no other
    problem of the file)."""
    hostile: list[RowError] = []
    duplicates: list[RowError] = []
    first_row_of: dict[str, int] = {}
    key = sheet.key_column
    lookups = Lookups()
    pending, valid = [], []

    def validate_pending():
        kind.prime(lookups, [row.values for row in pending])
        for row in pending:
            errors = list(row.errors)
            payload = kind.validate(sheet, row, errors, lookups, today)
            if errors:
                result.errors.extend(errors)
            else:
                valid.append(payload)
        pending.clear()

    for row in rows:
        result.rows += 1
        hostile.extend(row.hostile)
        value = row.values.get(key.field)
        if isinstance(value, str) and value.strip():
            normalized = value.strip().upper()
            if normalized in first_row_of:
                duplicates.append(RowError(row.number, key.header,
                                           f"“{value}”在文件中重复（与第{first_row_of[normalized]}行相同），同一{key.header}只能出现一次"))
            else:
                first_row_of[normalized] = row.number
        if len(hostile) + len(duplicates) >= limit("IMPORT_MAX_HOSTILE_ERRORS"):
            hostile.append(RowError(None, "", f"问题过多，仅列出前{len(hostile) + len(duplicates)}处，已停止检查"))
            break
        if hostile:
            continue  # the file will be refused; only keep looking for hostile cells
        pending.append(row)
        if len(pending) >= BATCH:
            validate_pending()
    if hostile:
        raise FileRefused(hostile + duplicates)
    validate_pending()
    if duplicates:
        raise FileRefused(duplicates + result.errors)
    return valid


def _add_service_errors(sheet: Sheet, row_number: int, field_errors: dict, errors: list, skip=()) -> None:
    for field, messages in field_errors.items():
        if field in skip:
            continue  # the cell is already reported as wrong by the reader
        column = sheet.by_field(field)
        for message in messages:
            errors.append(RowError(row_number, column.header if column else "", message))


# --- organizations ----------------------------------------------------------------------

def _organizations_prime(lookups: Lookups, rows: list[dict]) -> None:
    lookups.prime(region_codes={str(data.get("region_code") or "").strip() for data in rows})


def _organization_validate(sheet: Sheet, row, errors: list, lookups: Lookups, today: dt.date):
    data = row.values
    clean, field_errors = organization_validate(data=data, today=today, lookups=lookups)
    _add_service_errors(sheet, row.number, field_errors.errors, errors, skip=row.bad_fields)
    grade, rated_on = data.get("evaluation_grade") or "", data.get("evaluation_grade_on")
    grade_column, date_column = sheet.by_field("evaluation_grade").header, sheet.by_field("evaluation_grade_on").header
    if grade and rated_on is None and "evaluation_grade_on" not in row.bad_fields:
        errors.append(RowError(row.number, date_column, "填写评估等级时须填写评估日期"))
    if rated_on is not None and not grade and "evaluation_grade" not in row.bad_fields:
        errors.append(RowError(row.number, grade_column, "填写评估日期时须填写评估等级"))
    if rated_on is not None and rated_on > today:
        errors.append(RowError(row.number, date_column, "评估日期不能晚于今天"))
    return row.number, clean, grade, rated_on


def _organizations_write(actor, rules, sheet: Sheet, valid: list, result: ImportResult) -> None:
    for start in range(0, len(valid), BATCH):
        _organizations_batch_write(actor, rules, sheet, valid[start:start + BATCH], result)


def _organizations_batch_write(actor, rules, sheet: Sheet, batch: list, result: ImportResult) -> None:
    """A batch's organizations, then the grades its rows carry (dated records, never
    overwritten: recorded unless the same grade and date is already there)."""
    organizations: dict = {}
    outcomes = organizations_bulk_upsert(actor=actor, rules=rules, rows=[(number, clean) for number, clean, _, _ in batch],
                                         written=organizations)
    graded = set(EvaluationGrade.objects.filter(organization__in=[o.pk for o in organizations.values()])
                 .values_list("organization_id", "grade", "rated_on"))
    to_grade = []
    for number, clean, grade, rated_on in batch:
        organization = organizations[clean["uscc"]]
        already = (organization.evaluation_grade, organization.evaluation_grade_on) == (grade, rated_on)
        if grade and not already and (organization.pk, grade, rated_on) not in graded:
            to_grade.append((number, organization, grade, rated_on))
    recorded, above_cap, errors = evaluation_grades_bulk_record(actor=actor, rules=rules, rows=to_grade)
    grade_header = sheet.by_field("evaluation_grade").header
    written = {number: grade for number, _, grade, _ in to_grade}
    for number, field_errors in errors.items():
        _add_service_errors(sheet, number, {"evaluation_grade": sum(field_errors.values(), [])}, result.errors)
        outcomes.pop(number)
    for number in recorded:
        if outcomes[number] == "unchanged":
            outcomes[number] = "updated"
    for number, reasons in above_cap.items():
        text = "；".join(f"{reason['text']}（{reason['clause']}）" for reason in reasons)
        result.warnings.append(RowError(number, grade_header,
                                        f"评估等级{written[number]}高于本省规则允许的最高等级，已照录并标记：{text}"))
    _count(result, outcomes.values())


# --- members ------------------------------------------------------------------------------

MASKED_MESSAGE = "是脱敏显示的号码（含“*”），不能导入：脱敏号码无法确定是哪位党员，也不能覆盖台账中的真实号码。请填写完整号码"


def _members_prime(lookups: Lookups, rows: list[dict]) -> None:
    lookups.prime(usccs={(data.get("organization_uscc") or "").strip().upper() for data in rows},
                  party_organization_names={(data.get("party_organization") or "").strip() for data in rows})


def _member_validate(sheet: Sheet, row, errors: list, lookups: Lookups, today: dt.date):
    data = row.values
    for field in ("id_number", "phone"):
        if MASKED in (data.get(field) or ""):
            column = sheet.by_field(field)
            errors.append(RowError(row.number, column.header, f"{column.header}“{data[field]}”{MASKED_MESSAGE}"))
            row.bad_fields.add(field)
    clean, field_errors = member_validate(data=data, today=today, lookups=lookups)
    _add_service_errors(sheet, row.number, field_errors.errors, errors, skip=row.bad_fields)
    return row.number, clean


def _members_write(actor, rules, sheet: Sheet, valid: list, result: ImportResult) -> None:
    _count(result, members_bulk_upsert(actor=actor, rules=rules, rows=valid).values())


# --- Party organizations ------------------------------------------------------------------

def _party_prime(lookups: Lookups, rows: list[dict]) -> None:
    pass  # party_organization_upsert finds what it needs itself


def _party_validate(sheet: Sheet, row, errors: list, lookups: Lookups, today: dt.date):
    # party_organization_upsert validates as it writes; it runs in _party_write, in the transaction.
    return row.number, row.values


def _party_snapshot(party_org: PartyOrganization | None):
    if party_org is None:
        return None
    fields = ("level", "form", "region_id", "parent_id", "term_years", "founded_on", "last_election_on", "weak_and_lax")
    covered = frozenset(party_org.covered_organizations.values_list("pk", flat=True))
    return tuple(getattr(party_org, field) for field in fields) + (covered,)


def _parents_first(valid: list) -> list:
    """File order, except that a row whose 上级党组织 is another row of the file comes after it."""
    by_name = {data.get("name"): (number, data) for number, data in valid if data.get("name")}
    ordered, placed, visiting = [], set(), set()

    def place(item):
        number, data = item
        if number in placed or number in visiting:
            return  # placed, or a cycle (the service then reports the missing parent)
        visiting.add(number)
        parent = by_name.get(data.get("parent_name"))
        if parent is not None:
            place(parent)
        visiting.discard(number)
        placed.add(number)
        ordered.append(item)

    for item in valid:
        place(item)
    return ordered


def _party_write(actor, rules, sheet: Sheet, valid: list, result: ImportResult) -> None:
    outcomes = []
    for number, data in _parents_first(valid):
        before = _party_snapshot(PartyOrganization.objects.filter(name=data.get("name")).first() if data.get("name") else None)
        try:
            party_org, created = party_organization_upsert(actor=actor, rules=rules, data=data)
        except ValidationError as error:
            _add_service_errors(sheet, number, error.message_dict, result.errors)
            continue
        outcomes.append("created" if created else "unchanged" if _party_snapshot(party_org) == before else "updated")
    _count(result, outcomes)


# --- shared -----------------------------------------------------------------------------

@dataclass(frozen=True)
class ImportKind:
    prime: Callable  # (lookups, [row values]) -> None: one query per kind for a batch of rows
    validate: Callable  # (sheet, row, errors, lookups, today) -> payload; appends RowErrors to errors
    write: Callable  # (actor, rules, sheet, [payload], result) -> None; inside the import's transaction


_KINDS = {
    "organizations": ImportKind(_organizations_prime, _organization_validate, _organizations_write),
    "party_organizations": ImportKind(_party_prime, _party_validate, _party_write),
    "members": ImportKind(_members_prime, _member_validate, _members_write),
}


def _count(result: ImportResult, outcomes) -> None:
    for outcome in outcomes:
        setattr(result, outcome, getattr(result, outcome) + 1)
