"""registry_export: the import's own layout, so that export → import changes nothing; masking;
formula neutralization; the downloadable templates."""
import csv
import datetime as dt
import io

import pytest
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from imports.exporters import neutralize, registry_export
from imports.services import registry_import
from imports.templates import SHEETS, sheet_for, template_workbook
from province_rules.registry import rules_for
from registry.models import Member, PartyOrganization, SocialOrganization
from registry.actions import member_upsert, organization_upsert, party_organization_upsert
from tests.imports.files import ORG_HEADERS, org_row
from tests.registry.factories import make_id_number, make_uscc, org_data
from tests.helpers import SYSTEM, rules_here, rules_today


def import_bytes(kind, content: bytes, fmt: str, *, partial=False):
    return registry_import(actor=SYSTEM, rules=rules_today("jilin"), kind=kind, file_obj=io.BytesIO(content), filename=f"{kind}.{fmt}", partial=partial)


def registry_state():
    """Everything an import could change, to compare before and after."""
    return (
        sorted(SocialOrganization.objects.values_list(
            "uscc", "name", "kind", "registration_level", "region__code", "registration_authority",
            "business_supervisor__name", "industry_committee__name", "industry", "employees", "registered_on", "status",
            "charter_clause", "decoupled", "is_school", "is_hospital", "has_work_station",
            "accepted_reason_for_no_party_org", "grade_cap_exception", "evaluation_grade", "evaluation_grade_on", "updated")),
        sorted((p.name, p.level, p.form, p.region_id, p.parent_id, p.founded_on, p.term_years, p.last_election_on,
                p.weak_and_lax, p.updated, tuple(sorted(p.covered_organizations.values_list("uscc", flat=True))))
               for p in PartyOrganization.objects.all()),
        sorted((m.name, m.id_number, m.phone, m.status, m.joined_on, m.organization_id, m.party_organization_id,
                m.relation, m.role, m.updated) for m in Member.objects.all()),
    )


@pytest.fixture
def jilin_registry(jilin):
    """A small Jilin registry built through the services, with awkward values on purpose."""
    with schema_context("jilin"):
        orgs = [
            organization_upsert(actor=SYSTEM, rules=rules_here(), data=org_data(name="长春市物流协会", business_supervisor="长春市商务局", employees=35,
                                              registered_on=dt.date(2010, 5, 4), charter_clause=True,
                                              industry_committee="长春市商贸行业党委"))[0],
            organization_upsert(actor=SYSTEM, rules=rules_here(), data=org_data(name="=HYPERLINK(\"http://evil.example\")", kind="foundation",
                                              registration_level="province", region_code="220000",
                                              registration_authority="-吉林省民政厅", industry="@行业"))[0],
            organization_upsert(actor=SYSTEM, rules=rules_here(), data=org_data(name="+86协会", status="zombie", is_school=True, employees=0,
                                              accepted_reason_for_no_party_org="'=已申请"))[0],
        ]
        rules = rules_today("jilin")
        from registry.actions import evaluation_grade_record
        evaluation_grade_record(actor=SYSTEM, rules=rules, data={"organization_uscc": orgs[0].uscc, "grade": "3A", "rated_on": dt.date(2023, 12, 1)})
        committee, _ = party_organization_upsert(actor=SYSTEM, rules=rules, data={
            "name": "长春市社会组织联合党委", "level": "committee", "form": "own", "region_code": "220100"})
        party_organization_upsert(actor=SYSTEM, rules=rules, data={
            "name": "长春市物流行业联合党支部", "level": "branch", "form": "joint", "region_code": "220100",
            "parent_name": committee.name, "covered_usccs": [orgs[0].uscc, orgs[2].uscc],
            "founded_on": dt.date(2019, 7, 1), "last_election_on": dt.date(2022, 7, 1), "term_years": 3})
        for index, org in enumerate(orgs):
            member_upsert(actor=SYSTEM, rules=rules_here(), data={"name": f"党员{index}", "id_number": make_id_number(), "phone": "13912345678",
                                "organization_uscc": org.uscc, "party_organization": "长春市物流行业联合党支部" if index else "",
                                "status": "formal", "relation": "here", "role": "full_time",
                                "joined_on": dt.date(2001, 7, 1)})
        member_upsert(actor=SYSTEM, rules=rules_here(), data={"name": "无单位党员", "id_number": make_id_number(male=False), "status": "probationary"})
    return orgs


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("kind", ["organizations", "party_organizations", "members"])
def test_export_then_import_changes_nothing(jilin_registry, kind, fmt):
    with schema_context("jilin"):
        before = registry_state()
        content = registry_export(kind=kind, fmt=fmt, unmasked=True)
        result = import_bytes(kind, content, fmt)
        assert result.ok, result.errors
        expected_rows = {"organizations": 3, "party_organizations": 2, "members": 4}[kind]
        assert (result.rows, result.created, result.updated, result.unchanged) == (expected_rows, 0, 0, expected_rows)
        assert registry_state() == before


def test_members_are_masked_unless_unmasked_and_a_masked_file_cannot_overwrite(jilin_registry):
    with schema_context("jilin"):
        member = Member.objects.get(name="党员0")
        masked = registry_export(kind="members", fmt="csv").decode("utf-8-sig")
        assert member.id_number not in masked and member.id_number_masked in masked
        assert "139****5678" in masked
        assert member.id_number in registry_export(kind="members", fmt="csv", unmasked=True).decode("utf-8-sig")
        before = registry_state()
        for fmt in ("xlsx", "csv"):
            result = import_bytes("members", registry_export(kind="members", fmt=fmt), fmt, partial=True)
            assert not result.written and result.created == result.updated == 0
            assert {e.column for e in result.errors} == {"公民身份号码", "联系电话"}
            assert all("脱敏" in e.message for e in result.errors)
        assert registry_state() == before


def test_formula_like_text_is_neutralized_in_every_format(jilin_registry):
    with schema_context("jilin"):
        book = load_workbook(io.BytesIO(registry_export(kind="organizations", fmt="xlsx")))
        sheet = book["社会组织"]
        cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
        assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
        texts = {cell.value for cell in cells if isinstance(cell.value, str)}
        assert "'=HYPERLINK(\"http://evil.example\")" in texts
        assert {"'-吉林省民政厅", "'@行业", "'+86协会", "''=已申请"} <= texts
        rows = list(csv.reader(io.StringIO(registry_export(kind="organizations", fmt="csv").decode("utf-8-sig"))))
        values = [value for row in rows[1:] for value in row]
        assert not [value for value in values if value[:1] in ("=", "+", "-", "@")]


def test_neutralize():
    assert neutralize("=1+1") == "'=1+1"
    assert neutralize("\t=1") == "'\t=1"
    assert neutralize("'=1") == "''=1"
    assert neutralize("''=1") == "'''=1"
    assert neutralize("'普通") == "'普通" and neutralize("长春") == "长春" and neutralize(12) == 12 and neutralize("") == ""


def test_export_writes_typed_cells_the_import_accepts(jilin_registry):
    with schema_context("jilin"):
        sheet = load_workbook(io.BytesIO(registry_export(kind="organizations", fmt="xlsx")))["社会组织"]
        header = [cell.value for cell in sheet[1]]
        assert tuple(header) == ORG_HEADERS
        logistics = next(row for row in sheet.iter_rows(min_row=2, values_only=True) if row[1] == "长春市物流协会")
        record = dict(zip(header, logistics))
        assert record["从业人员数"] == 35 and record["登记日期"] == dt.datetime(2010, 5, 4)
        assert record["类型"] == "社会团体" and record["党建入章"] == "是" and record["评估等级"] == "3A"
        csv_text = registry_export(kind="organizations", fmt="csv")
        assert csv_text.startswith("\ufeff".encode("utf-8"))  # Excel reads UTF-8 with a BOM


def test_a_queryset_limits_the_export(jilin_registry):
    with schema_context("jilin"):
        only = SocialOrganization.objects.filter(name="长春市物流协会")
        rows = list(csv.reader(io.StringIO(registry_export(kind="organizations", fmt="csv", queryset=only).decode("utf-8-sig"))))
        assert len(rows) == 2 and rows[1][1] == "长春市物流协会"


def test_party_organizations_export_parents_first_with_covered_usccs(jilin_registry):
    with schema_context("jilin"):
        rows = list(csv.reader(io.StringIO(registry_export(kind="party_organizations", fmt="csv").decode("utf-8-sig"))))
        assert [row[0] for row in rows[1:]] == ["长春市社会组织联合党委", "长春市物流行业联合党支部"]
        covered = rows[2][sheet_for("party_organizations").headers.index("覆盖的社会组织")]
        assert sorted(covered.split("；")) == sorted([jilin_registry[0].uscc, jilin_registry[2].uscc])


@pytest.mark.parametrize("kind", sorted(SHEETS))
def test_the_template_has_the_headers_and_explains_every_column(jilin, kind):
    sheet = sheet_for(kind)
    book = load_workbook(io.BytesIO(template_workbook(kind)))
    assert book.sheetnames == [sheet.title, "填写说明"]
    assert tuple(cell.value for cell in book[sheet.title][1]) == sheet.headers
    explained = {row[0]: row for row in book["填写说明"].iter_rows(min_row=5, values_only=True)}
    assert set(explained) == set(sheet.headers)
    for column in sheet.columns:
        for label in column.labels:
            assert label in explained[column.header][3]
    with schema_context("jilin"):  # the empty template itself imports: no rows, no errors
        result = registry_import(actor=SYSTEM, rules=rules_today("jilin"), kind=kind, file_obj=io.BytesIO(template_workbook(kind)), filename="模板.xlsx")
        assert result.ok and result.rows == 0


def test_a_filled_in_template_imports(jilin):
    book = load_workbook(io.BytesIO(template_workbook("organizations")))
    data = book["社会组织"]
    row = org_row(统一社会信用代码=make_uscc())
    data.append([row[header] for header in ORG_HEADERS])
    buffer = io.BytesIO()
    book.save(buffer)
    with schema_context("jilin"):
        result = import_bytes("organizations", buffer.getvalue(), "xlsx")
        assert result.ok and result.created == 1, result.errors
