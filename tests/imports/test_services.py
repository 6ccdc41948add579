"""registry_import: validation through the registry services, all-or-nothing vs partial, upserts."""
import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django_tenants.utils import schema_context

from audit.models import AuditEntry
from imports.services import registry_import
from province_rules.registry import rules_for
from registry.models import EvaluationGrade, Member, PartyOrganization, SocialOrganization
from registry.actions import organization_upsert
from tests.imports.files import (
    MEMBER_HEADERS, ORG_HEADERS, PARTY_HEADERS, csv_bytes, member_row, org_row, party_row, xlsx_bytes,
)
from tests.registry.factories import make_id_number, make_uscc, org_data
from tests.helpers import SYSTEM, rules_here, rules_today


def run(kind, file_obj, *, province="jilin", filename=None, partial=False):
    filename = filename or f"{kind}.xlsx"
    return registry_import(actor=SYSTEM, rules=rules_today(province), kind=kind, file_obj=file_obj, filename=filename, partial=partial)


# --- organizations ------------------------------------------------------------------------

def test_organizations_are_created_with_labels_turned_into_keys(jilin):
    rows = [org_row(名称="长春市物流协会", 行业党委="长春市商贸行业党委", 从业人员数=35, 已脱钩="是"),
            org_row(名称="吉林省某民办医院", 类型="民办非企业单位", 登记层级="省级", 所在区划代码="220000", 民办医院="是",
                    状态="僵尸型", 业务主管单位="")]
    with schema_context("jilin"):
        result = run("organizations", xlsx_bytes(ORG_HEADERS, rows))
        assert result.ok and result.written
        assert (result.rows, result.created, result.updated, result.unchanged) == (2, 2, 0, 0)
        assert "新增2条" in result.summary()
        logistics = SocialOrganization.objects.get(name="长春市物流协会")
        assert (logistics.kind, logistics.registration_level, logistics.status) == ("social_group", "city", "active")
        assert logistics.employees == 35 and logistics.decoupled and logistics.charter_clause
        assert logistics.industry_committee.name == "长春市商贸行业党委"
        assert logistics.industry_committee.kind == "industry_committee"
        hospital = SocialOrganization.objects.get(name="吉林省某民办医院")
        assert hospital.is_hospital and hospital.status == "zombie" and hospital.business_supervisor is None


def test_every_error_is_listed_by_row_and_column_and_nothing_is_written(jilin):
    rows = [org_row(), org_row(统一社会信用代码="51220100MJ0000001X", 类型="俱乐部"), org_row(),
            org_row(所在区划代码="440100", 名称="")]
    with schema_context("jilin"):
        result = run("organizations", xlsx_bytes(ORG_HEADERS, rows))
        assert not result.ok and not result.refused and not result.written
        assert result.created == 0 and SocialOrganization.objects.count() == 0
        found = [(e.row, e.column) for e in result.errors]
        assert found == [(3, "统一社会信用代码"), (3, "类型"), (5, "名称"), (5, "所在区划代码")]
        by_place = {(e.row, e.column): e.message for e in result.errors}
        assert "校验位错误" in by_place[(3, "统一社会信用代码")]
        assert "“俱乐部”不是有效选项" in by_place[(3, "类型")] and "社会团体" in by_place[(3, "类型")]
        assert by_place[(5, "名称")] == "不能为空"
        assert by_place[(5, "所在区划代码")] == "本省没有行政区划代码“440100”"
        assert "未写入任何数据" in result.summary()


def test_partial_mode_writes_the_valid_rows_and_reports_the_others(jilin):
    good = [org_row(名称="甲协会"), org_row(名称="乙协会")]
    rows = [good[0], org_row(类型="俱乐部"), good[1], org_row(从业人员数=-3)]
    with schema_context("jilin"):
        result = run("organizations", xlsx_bytes(ORG_HEADERS, rows), partial=True)
        assert result.written and not result.ok
        assert (result.created, result.skipped) == (2, 2)
        assert [(e.row, e.column) for e in result.errors] == [(3, "类型"), (5, "从业人员数")]
        assert sorted(SocialOrganization.objects.values_list("name", flat=True)) == ["乙协会", "甲协会"]
        assert "有错误的2行未导入" in result.summary()


def test_reimporting_the_same_file_changes_nothing(jilin):
    rows = [org_row(名称=f"长春市测试协会{i}", 业务主管单位=f"主管单位{i % 3}") for i in range(30)]
    content = xlsx_bytes(ORG_HEADERS, rows).getvalue()
    with schema_context("jilin"):
        first = run("organizations", io.BytesIO(content))
        assert first.created == 30
        stamps = dict(SocialOrganization.objects.values_list("uscc", "updated"))
        again = run("organizations", io.BytesIO(content))
        assert (again.created, again.updated, again.unchanged, again.written) == (0, 0, 30, False)
        assert dict(SocialOrganization.objects.values_list("uscc", "updated")) == stamps
        assert "未变化30条" in again.summary()


def test_a_changed_row_updates_only_that_organization(jilin):
    uscc = make_uscc()
    rows = [org_row(统一社会信用代码=uscc, 名称="旧名称"), org_row()]
    with schema_context("jilin"):
        run("organizations", xlsx_bytes(ORG_HEADERS, rows))
        rows[0] = dict(rows[0], 名称="新名称", 业务主管单位="吉林省民政厅")
        result = run("organizations", xlsx_bytes(ORG_HEADERS, rows))
        assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
        organization = SocialOrganization.objects.get(uscc=uscc)
        assert organization.name == "新名称" and organization.business_supervisor.name == "吉林省民政厅"


def test_an_import_matches_what_organization_upsert_would_store(jilin):
    """One set of rules: the bulk path stores exactly what the service stores for the same data."""
    with schema_context("jilin"):
        via_service, _ = organization_upsert(actor=SYSTEM, rules=rules_here(), data=org_data(uscc=make_uscc(), name="经服务写入", employees=7,
                                                           registration_authority="长春市民政局", business_supervisor="某局"))
        row = org_row(统一社会信用代码=via_service.uscc, 名称="经服务写入", 从业人员数=7, 登记日期=None, 党建入章="否",
                      行业="", 业务主管单位="某局")
        result = run("organizations", xlsx_bytes(ORG_HEADERS, [row]))
        assert (result.unchanged, result.updated) == (1, 0), result.errors


def test_a_grade_above_the_cap_is_recorded_flagged_and_listed_not_lowered(jilin):
    uscc = make_uscc()
    with schema_context("jilin"):
        run("organizations", xlsx_bytes(ORG_HEADERS, [org_row(统一社会信用代码=uscc)]))
        people = [member_row(所在社会组织统一社会信用代码=uscc, 在组织中的身份="专职工作人员") for _ in range(3)]
        assert run("members", xlsx_bytes(MEMBER_HEADERS, people)).created == 3
        graded = org_row(统一社会信用代码=uscc, 评估等级="4A", 评估日期=dt.date(2024, 6, 30))
        result = run("organizations", xlsx_bytes(ORG_HEADERS, [graded]))
        assert result.ok and result.updated == 1
        organization = SocialOrganization.objects.get(uscc=uscc)
        assert organization.evaluation_grade == "4A"  # kept as given, never lowered
        record = EvaluationGrade.objects.get(organization=organization)
        assert record.above_rule_cap
        assert [(w.row, w.column) for w in result.warnings] == [(2, "评估等级")]
        assert "高于本省规则允许的最高等级" in result.warnings[0].message
        assert "002 第九条(三)" in result.warnings[0].message
        again = run("organizations", xlsx_bytes(ORG_HEADERS, [graded]))
        assert again.unchanged == 1 and EvaluationGrade.objects.count() == 1  # not recorded twice


def test_a_grade_needs_its_date_and_the_date_its_grade(jilin):
    rows = [org_row(评估等级="3A"), org_row(评估日期=dt.date(2023, 1, 1)), org_row(评估等级="6A", 评估日期=dt.date(2023, 1, 1))]
    with schema_context("jilin"):
        result = run("organizations", xlsx_bytes(ORG_HEADERS, rows))
        messages = {(e.row, e.column): e.message for e in result.errors}
        assert messages[(2, "评估日期")] == "填写评估等级时须填写评估日期"
        assert messages[(3, "评估等级")] == "填写评估日期时须填写评估等级"
        assert messages[(4, "评估等级")] == "评估等级应为1A-5A"
        assert SocialOrganization.objects.count() == 0


# --- Party organizations ------------------------------------------------------------------

def test_party_organizations_with_covered_orgs_in_one_cell_any_separator(jilin):
    usccs = [make_uscc() for _ in range(4)]
    with schema_context("jilin"):
        run("organizations", xlsx_bytes(ORG_HEADERS, [org_row(统一社会信用代码=u) for u in usccs]))
        rows = [
            # the child comes first in the file: its parent (a later row) is written before it
            party_row(名称="长春市物流行业联合党支部", 组建形式="联合组建", 上级党组织="长春市社会组织联合党委",
                      覆盖的社会组织=f"{usccs[0]}；{usccs[1]};{usccs[2]}"),
            party_row(名称="长春市社会组织联合党委", 层级="党委", 组建形式="单独组建", 覆盖的社会组织=""),
            party_row(名称="长春市某协会党支部", 覆盖的社会组织=usccs[3].lower()),
            party_row(名称="长春市软件行业联合党支部", 组建形式="联合组建", 覆盖的社会组织=f"{usccs[0]}, {usccs[1]},{usccs[2]}"),
        ]
        result = run("party_organizations", xlsx_bytes(PARTY_HEADERS, rows))
        assert result.ok and result.created == 4, result.errors
        joint = PartyOrganization.objects.get(name="长春市物流行业联合党支部")
        assert joint.form == "joint" and joint.parent.name == "长春市社会组织联合党委"
        assert sorted(joint.covered_organizations.values_list("uscc", flat=True)) == sorted(usccs[:3])
        assert PartyOrganization.objects.get(name="长春市软件行业联合党支部").covered_organizations.count() == 3
        again = run("party_organizations", xlsx_bytes(PARTY_HEADERS, rows))
        assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
        rows[0] = dict(rows[0], 覆盖的社会组织=usccs[0])
        changed = run("party_organizations", xlsx_bytes(PARTY_HEADERS, rows))
        assert (changed.updated, changed.unchanged) == (1, 3)


def test_party_organization_rules_of_the_province_refuse_a_form_with_its_clause(guangdong):
    uscc = make_uscc("440100")
    with schema_context("guangdong"):
        run("organizations", xlsx_bytes(ORG_HEADERS, [org_row(统一社会信用代码=uscc, 所在区划代码="440100")]), province="guangdong")
        rows = [party_row(名称="广州市某协会党支部", 所在区划代码="440100", 覆盖的社会组织=uscc),
                party_row(名称="广州市派出党支部", 组建形式="派出党支部", 所在区划代码="440100", 覆盖的社会组织=uscc),
                party_row(名称="广州市联合党支部", 组建形式="联合组建", 所在区划代码="440100", 覆盖的社会组织=make_uscc("440100"))]
        result = run("party_organizations", xlsx_bytes(PARTY_HEADERS, rows), province="guangdong")
        assert not result.written and PartyOrganization.objects.count() == 0  # the valid first row is rolled back too
        messages = {(e.row, e.column): e.message for e in result.errors}
        assert set(messages) == {(3, "组建形式"), (4, "覆盖的社会组织")}
        assert "派出党支部" in messages[(3, "组建形式")] and "（" in messages[(3, "组建形式")]  # names its clause
        assert "在本省台账中不存在" in messages[(4, "覆盖的社会组织")]
        partial = run("party_organizations", xlsx_bytes(PARTY_HEADERS, rows), province="guangdong", partial=True)
        assert partial.created == 1 and partial.skipped == 2
        assert list(PartyOrganization.objects.values_list("name", flat=True)) == ["广州市某协会党支部"]


# --- members ------------------------------------------------------------------------------

def test_members_are_upserted_by_id_number_with_their_org_and_party_org(jilin):
    uscc = make_uscc()
    id_number = make_id_number(birth="19850612", male=False)
    with schema_context("jilin"):
        run("organizations", xlsx_bytes(ORG_HEADERS, [org_row(统一社会信用代码=uscc)]))
        run("party_organizations", xlsx_bytes(PARTY_HEADERS, [party_row(名称="某协会党支部", 覆盖的社会组织=uscc)]))
        rows = [member_row(姓名="王芳", 公民身份号码=id_number.lower() if id_number.endswith("X") else id_number,
                           所在社会组织统一社会信用代码=uscc, 所在党组织="某协会党支部", 党员类别="预备党员",
                           组织关系="流动党员", 在组织中的身份="负责人"),
                member_row()]
        result = run("members", xlsx_bytes(MEMBER_HEADERS, rows))
        assert result.ok and result.created == 2
        member = Member.objects.get(name="王芳")
        assert member.id_number == id_number and member.gender == "female" and member.birth_date == dt.date(1985, 6, 12)
        assert (member.status, member.relation, member.role) == ("probationary", "mobile", "leader")
        assert member.organization.uscc == uscc and member.party_organization.name == "某协会党支部"
        rows[0] = dict(rows[0], 联系电话="0431-88886666")
        again = run("members", xlsx_bytes(MEMBER_HEADERS, rows))
        assert (again.created, again.updated, again.unchanged) == (0, 1, 1)
        assert Member.objects.get(name="王芳").phone == "0431-88886666"


def test_masked_or_numeric_id_numbers_are_refused_per_row(jilin):
    real = make_id_number()
    with schema_context("jilin"):
        run("members", xlsx_bytes(MEMBER_HEADERS, [member_row(公民身份号码=real, 联系电话="13912345678")]))
        rows = [member_row(公民身份号码=real[:3] + "*" * 11 + real[-4:]),
                member_row(公民身份号码=real, 联系电话="139****5678"),
                member_row(公民身份号码=110105194912310021)]
        result = run("members", xlsx_bytes(MEMBER_HEADERS, rows), partial=True)
        messages = {(e.row, e.column): e.message for e in result.errors}
        assert set(messages) == {(2, "公民身份号码"), (3, "联系电话"), (4, "公民身份号码")}
        assert "脱敏" in messages[(2, "公民身份号码")] and "不能覆盖台账中的真实号码" in messages[(2, "公民身份号码")]
        assert "脱敏" in messages[(3, "联系电话")]
        assert "以数字形式存储" in messages[(4, "公民身份号码")]
        assert Member.objects.get().phone == "13912345678"  # the real phone stays


def test_member_service_errors_appear_under_their_columns(jilin):
    valid = make_id_number()
    wrong_check = valid[:17] + ("0" if valid[17] != "0" else "1")
    rows = [member_row(公民身份号码=wrong_check, 联系电话="123", 所在社会组织统一社会信用代码=make_uscc(),
                       组织关系="别处")]
    with schema_context("jilin"):
        result = run("members", csv_bytes(MEMBER_HEADERS, rows), filename="党员.csv")
        assert [e.column for e in result.errors] == ["公民身份号码", "联系电话", "所在社会组织统一社会信用代码", "组织关系"]
        assert "校验位错误" in result.errors[0].message
        assert Member.objects.count() == 0


# --- the commands -------------------------------------------------------------------------

def test_import_and_export_commands(jilin, tmp_path, capsys):
    source = tmp_path / "社会组织.xlsx"
    source.write_bytes(xlsx_bytes(ORG_HEADERS, [org_row(), org_row()]).getvalue())
    call_command("import_registry", "jilin", "organizations", str(source))
    assert "新增2条" in capsys.readouterr().out
    exported = tmp_path / "导出.csv"
    call_command("export_registry", "jilin", "organizations", str(exported))
    call_command("import_registry", "jilin", "organizations", str(exported))
    assert "未变化2条" in capsys.readouterr().out
    template = tmp_path / "模板.xlsx"
    call_command("export_registry", "jilin", "members", str(template), "--template")
    assert template.stat().st_size > 0
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx_bytes(ORG_HEADERS, [org_row(类型="俱乐部")]).getvalue())
    with pytest.raises(CommandError, match="导入有错误"):
        call_command("import_registry", "jilin", "organizations", str(bad))
    assert "第2行“类型”" in capsys.readouterr().err
    with pytest.raises(CommandError, match="未知的省份"):
        call_command("import_registry", "atlantis", "organizations", str(source))
    with schema_context("jilin"):
        assert SocialOrganization.objects.count() == 2
        logged = list(AuditEntry.objects.filter(action__in=["import", "export"]).values_list("action", "success"))
        assert logged == [("import", True), ("export", True), ("import", True), ("import", False)]


def test_registry_import_reads_a_path(jilin, tmp_path):
    source = tmp_path / "orgs.csv"
    source.write_bytes(csv_bytes(ORG_HEADERS, [org_row()], encoding="gbk").getvalue())
    with schema_context("jilin"):
        result = registry_import(actor=SYSTEM, rules=rules_today("jilin"), kind="organizations", path=source)
        assert result.ok and result.filename == "orgs.csv" and result.created == 1
        assert result.to_dict()["summary"] == result.summary()
