"""Export of the registry in the import's own layout, so that export → import changes nothing.

``registry_export(kind=, fmt="xlsx"|"csv")`` returns the file's bytes: the template's
headers, choice columns as their Chinese labels, booleans as 是/否, dates as date cells
(.xlsx) or YYYY-MM-DD (.csv, UTF-8 with BOM so that Excel reads the Chinese).

- Members' ID numbers and phones are masked unless ``unmasked=True``. The caller decides
  (``accounts.scoping.can_unmask``) and writes the audit entry, as it knows who asks: the
  ``export_registry`` command records ``export`` in the province's audit log. A masked file
  cannot be re-imported (see services).
- Every text cell starting with = + - @ (or a tab / carriage return) is written with a
  leading ' so that no spreadsheet runs it as a formula (CSV / formula injection); the
  reader removes exactly that prefix again.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Iterable, Iterator

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from privacy.masking import mask_id_number, mask_phone
from registry.models import Member, PartyOrganization, SocialOrganization

from .readers import NEUTRALIZER, needs_neutralizing
from .templates import (
    BOOLEAN, CHOICE, CODE, DATE, DATE_FORMAT, FALSE_LABEL, ID_NUMBER, LIST, LIST_SEPARATOR, TEXT_FORMAT, TRUE_LABEL,
    Sheet, header_layout, instructions_sheet, sheet_for,
)

FORMATS = ("xlsx", "csv")
CHUNK = 2000


class UnknownFormat(ValueError):
    pass


def neutralize(value):
    """A text that a spreadsheet would run as a formula, made inert with a leading '."""
    if isinstance(value, str) and needs_neutralizing(value):
        return NEUTRALIZER + value
    return value


def registry_export(*, kind: str, fmt: str, unmasked: bool = False, queryset=None) -> bytes:
    """The registry (or ``queryset``, already scoped by the caller) as an .xlsx or .csv file."""
    sheet = sheet_for(kind)
    if fmt not in FORMATS:
        raise UnknownFormat(f"未知的导出格式“{fmt}”，应为：{'、'.join(FORMATS)}")
    records = _RECORDS[kind](queryset, unmasked)
    rows = (_row(sheet, record) for record in records)
    return _xlsx(sheet, rows) if fmt == "xlsx" else _csv(sheet, rows)


def _row(sheet: Sheet, record: dict) -> list:
    """The cell values of one record, as the reader reads them back."""
    cells = []
    for column in sheet.columns:
        value = record.get(column.field)
        if column.type == CHOICE:
            value = column.label_of(value) if value else ""
        elif column.type == BOOLEAN:
            value = TRUE_LABEL if value else FALSE_LABEL
        elif column.type == LIST:
            value = LIST_SEPARATOR.join(value or ())
        elif value is None:
            value = ""
        cells.append(neutralize(value))
    return cells


def _xlsx(sheet: Sheet, rows: Iterable[list]) -> bytes:
    workbook = Workbook(write_only=True)
    data = workbook.create_sheet(sheet.title)
    header_layout(data, sheet)
    header = []
    for title in sheet.headers:
        cell = WriteOnlyCell(data, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    data.append(header)
    text_columns = {index for index, column in enumerate(sheet.columns) if column.type in (CODE, ID_NUMBER)}
    date_columns = {index for index, column in enumerate(sheet.columns) if column.type == DATE}
    for row in rows:
        for index in text_columns:
            if row[index] != "":
                row[index] = _formatted(data, row[index], TEXT_FORMAT)
        for index in date_columns:
            if isinstance(row[index], dt.date):
                row[index] = _formatted(data, row[index], DATE_FORMAT)
            elif row[index] == "":
                row[index] = None
        data.append([None if value == "" else value for value in row])
    instructions_sheet(workbook, sheet)  # the 填写说明 sheet, as in the template
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _formatted(worksheet, value, number_format: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(worksheet, value=value)
    cell.number_format = number_format
    return cell


def _csv(sheet: Sheet, rows: Iterable[list]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(sheet.headers)
    for row in rows:
        writer.writerow(value.isoformat() if isinstance(value, dt.date) else value for value in row)
    return buffer.getvalue().encode("utf-8-sig")


# --- records: one dict per row, keyed by the columns' fields ----------------------------

def _organizations(queryset, unmasked: bool) -> Iterator[dict]:
    queryset = SocialOrganization.objects.all() if queryset is None else queryset
    queryset = queryset.select_related("region", "business_supervisor", "industry_committee").order_by("uscc")
    for organization in queryset.iterator(chunk_size=CHUNK):
        record = {field: getattr(organization, field) for field in (
            "uscc", "name", "kind", "registration_level", "registration_authority", "industry", "employees",
            "registered_on", "status", "charter_clause", "decoupled", "is_school", "is_hospital", "has_work_station",
            "accepted_reason_for_no_party_org", "grade_cap_exception", "evaluation_grade", "evaluation_grade_on")}
        record["region_code"] = organization.region.code
        record["business_supervisor"] = getattr(organization.business_supervisor, "name", "")
        record["industry_committee"] = getattr(organization.industry_committee, "name", "")
        yield record


def _party_organizations(queryset, unmasked: bool) -> Iterator[dict]:
    queryset = PartyOrganization.objects.all() if queryset is None else queryset
    party_orgs = list(queryset.select_related("region", "parent").prefetch_related("covered_organizations"))
    for party_org in _parents_before_children(party_orgs):
        yield {
            "name": party_org.name, "level": party_org.level, "form": party_org.form, "region_code": party_org.region.code,
            "covered_usccs": sorted(o.uscc for o in party_org.covered_organizations.all()),
            "parent_name": getattr(party_org.parent, "name", ""), "founded_on": party_org.founded_on,
            "term_years": party_org.term_years, "last_election_on": party_org.last_election_on,
            "weak_and_lax": party_org.weak_and_lax,
        }


def _parents_before_children(party_orgs: list[PartyOrganization]) -> list[PartyOrganization]:
    """By depth in the tree, then name, so that an import meets a parent before its children."""
    parents = dict(PartyOrganization.objects.values_list("pk", "parent_id")) if party_orgs else {}

    def depth(pk):
        seen, level = set(), 0
        while parents.get(pk) and pk not in seen:
            seen.add(pk)
            pk, level = parents[pk], level + 1
        return level

    return sorted(party_orgs, key=lambda p: (depth(p.pk), p.name))


def _members(queryset, unmasked: bool) -> Iterator[dict]:
    queryset = Member.objects.all() if queryset is None else queryset
    queryset = queryset.select_related("organization", "party_organization").order_by("name", "pk")
    for member in queryset.iterator(chunk_size=CHUNK):
        yield {
            "name": member.name,
            "id_number": member.id_number if unmasked else mask_id_number(member.id_number),
            "phone": member.phone if unmasked else mask_phone(member.phone),
            "status": member.status, "joined_on": member.joined_on,
            "organization_uscc": getattr(member.organization, "uscc", ""),
            "party_organization": getattr(member.party_organization, "name", ""),
            "relation": member.relation, "role": member.role,
        }


_RECORDS = {"organizations": _organizations, "party_organizations": _party_organizations, "members": _members}
