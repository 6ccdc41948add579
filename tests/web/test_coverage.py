"""The work lists: 应建未建, the full-coverage target list and the weak-and-lax screening, each
within the user's scope and with what to do next (with the clauses the rules give)."""
import datetime as dt

from django_tenants.utils import schema_context

from accounts.models import Role
from province_rules.registry import rules_for
from registry.actions import member_upsert, organization_upsert, party_organization_upsert
from tests.registry.factories import make_id_number, make_uscc

from .conftest import logged_in, make_user
from tests.helpers import SYSTEM, rules_here, rules_today


def _org(region: str, name: str, *, members: int = 0, **fields):
    organization, _ = organization_upsert(actor=SYSTEM, rules=rules_here(), data={"uscc": make_uscc(region), "name": name, "kind": fields.pop("kind", "social_group"),
                                                "registration_level": "county", "region_code": region, **fields})
    for index in range(members):
        member_upsert(actor=SYSTEM, rules=rules_here(), data={"name": f"{name}党员{index}", "id_number": make_id_number(), "role": "full_time",
                            "organization_uscc": organization.uscc})
    return organization


def test_not_built_lists_the_eligible_organizations_of_the_scope_with_next_steps(world, users):
    with schema_context("jilin"):
        mine = _org("220103", "宽城区应建未建测试协会", members=3)
        joint = _org("220102", "南关区联合覆盖测试协会", members=4)
        party_organization_upsert(actor=SYSTEM, rules=rules_today("jilin"), data={"name": "南关区测试联合党支部", "form": "joint",
                                                                  "region_code": "220102", "covered_usccs": [joint.uscc, world.orgs["o7"].uscc]})
        _org("220202", "昌邑区应建未建测试协会", members=3)
        _org("220103", "宽城区党员不足测试协会", members=2)
    html = logged_in("jilin", users["city"]).get("/coverage/not-built/").content.decode()
    assert mine.name in html and joint.name in html
    assert "昌邑区应建未建测试协会" not in html and "宽城区党员不足测试协会" not in html
    assert "共 2 个" in html and "002 第十四条" in html
    assert "现仅由联合党组织覆盖：联合建立适用于规模小、党员少的社会组织，具备条件后应单独组建" in html
    assert "《吉林省加强社会组织党的建设工作实施办法（试行）》第十四条" in html and "种子文件" not in html
    assert "尚无党的工作覆盖：先选派党建工作指导员帮助组建" in html and "002 第十七条" in html
    provincial = logged_in("jilin", users["provincial"]).get("/coverage/not-built/").content.decode()
    assert "昌邑区应建未建测试协会" in provincial and "共 3 个" in provincial


def test_the_target_list_shows_schools_and_hospitals_with_30_employees(world, users):
    with schema_context("jilin"):
        school = _org("220103", "宽城区测试民办学校", kind="private_non_enterprise", employees=45, is_school=True)
        hospital = _org("220103", "宽城区测试民办医院", kind="private_non_enterprise", employees=30, is_hospital=True, members=3)
        built = _org("220102", "南关区已建测试学校", kind="private_non_enterprise", employees=60, is_school=True)
        party_organization_upsert(actor=SYSTEM, rules=rules_today("jilin"), data={"name": "南关区已建测试学校党支部", "region_code": "220102",
                                                                  "covered_usccs": [built.uscc]})
        _org("220103", "宽城区小型测试学校", kind="private_non_enterprise", employees=29, is_school=True)
    client = logged_in("jilin", users["city"])
    html = client.get("/coverage/targets/").content.decode()
    assert school.name in html and hospital.name in html and built.name in html and "宽城区小型测试学校" not in html
    assert "000 (五)" in html and "党组织组建率应达到100%" in html
    assert "限期单独建立党组织" in html  # the hospital has 3 counted members
    assert "派出党支部" in html and "002 第十八条" in html  # Jilin has dispatched branches
    missing = client.get("/coverage/targets/?missing=1").content.decode()
    assert built.name not in missing and school.name in missing


def test_provinces_without_the_target_say_so(guangdong):
    with schema_context("guangdong"):
        user = make_user("web-gd-provincial", Role.PROVINCIAL_STAFF)
    html = logged_in("guangdong", user).get("/coverage/targets/").content.decode()
    assert "本省规则未设" in html and "故不列清单" in html


def test_the_weak_and_lax_screening_gives_the_findings_and_their_clauses(world, users):
    with schema_context("jilin"):
        organization = _org("220103", "宽城区软弱涣散测试协会")
        party_organization_upsert(actor=SYSTEM, rules=rules_today("jilin"), data={"name": "宽城区软弱涣散测试党支部", "region_code": "220103",
                                                                  "covered_usccs": [organization.uscc], "weak_and_lax": True})
        other = _org("220202", "昌邑区软弱涣散测试协会")
        party_organization_upsert(actor=SYSTEM, rules=rules_today("jilin"), data={"name": "昌邑区软弱涣散测试党支部", "region_code": "220202",
                                                                  "covered_usccs": [other.uscc], "weak_and_lax": True})
    html = logged_in("jilin", users["city"]).get("/screening/weak-and-lax/").content.decode()
    assert organization.name in html and other.name not in html
    assert "已认定" in html and "002 第九条(三)" in html and "上级党组织已认定该党组织为软弱涣散党组织" in html
    assert "《吉林省加强社会组织党的建设工作实施办法（试行）》第九条（三）" in html


def test_guangdong_screens_the_criteria_of_003_four(guangdong):
    rules = rules_today("guangdong")
    with schema_context("guangdong"):
        user = make_user("web-gd-screening", Role.PROVINCIAL_STAFF)
        organization = _org("440100", "广州市班子不齐测试协会")
        party_organization_upsert(actor=SYSTEM, rules=rules, data={"name": "广州市班子不齐测试党支部", "region_code": "440100",
                                                     "covered_usccs": [organization.uscc],
                                                     "founded_on": dt.date.today() - dt.timedelta(days=400)})
    html = logged_in("guangdong", user).get("/screening/weak-and-lax/").content.decode()
    assert organization.name in html
    assert "班子配备不齐" in html and "活动不经常" in html and "003 四" in html
    assert "预警：" in html and "排查预警（待认定）" in html and "tag bad\">已认定" not in html  # warnings until confirmed
