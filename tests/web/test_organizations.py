"""The registry pages: search, filters, sorting and pagination within the user's scope, and an
organization's page with its Party organization, masked members and every rule decision."""
import datetime as dt
import re

import pytest
from django_tenants.utils import schema_context

from accounts.services import unmask_permission_set
from province_rules.registry import rules_for
from registry.models import SocialOrganization
from registry.actions import (
    activity_record, dispatch_start, evaluation_grade_record, instructor_create, member_upsert, organization_upsert,
    training_record,
)
from tests.registry.factories import make_id_number, make_uscc

from .conftest import logged_in
from tests.helpers import SYSTEM, rules_here, rules_today


def _names(html: str) -> list[str]:
    body = html.split('id="organization-table"', 1)[1]
    return re.findall(r'<a href="/organizations/[0-9A-Z]+/">([^<]+)</a>', body)


def test_the_list_shows_the_scope_only(world, users):
    city = _names(logged_in("jilin", users["city"]).get("/organizations/").content.decode())
    assert sorted(city) == ["测试协会o1", "测试协会o2", "测试协会o3", "测试协会o7"]
    provincial = _names(logged_in("jilin", users["provincial"]).get("/organizations/").content.decode())
    assert len(provincial) == 8


def test_search_by_name_or_uscc_and_filters(world, users):
    client = logged_in("jilin", users["provincial"])
    assert _names(client.get("/organizations/", {"q": "协会o4"}).content.decode()) == ["测试协会o4"]
    assert _names(client.get("/organizations/", {"q": world.orgs["o5"].uscc.lower()}).content.decode()) == ["测试协会o5"]
    assert sorted(_names(client.get("/organizations/", {"region": "220100"}).content.decode())) == [
        "测试协会o1", "测试协会o2", "测试协会o3", "测试协会o7"]
    assert sorted(_names(client.get("/organizations/", {"registration_level": "city"}).content.decode())) == [
        "测试协会o3", "测试协会o5", "测试协会o8"]
    assert sorted(_names(client.get("/organizations/", {"supervisor_name": "教育厅"}).content.decode())) == [
        "测试协会o1", "测试协会o4"]
    covered = _names(client.get("/organizations/", {"coverage": "organizational"}).content.decode())
    assert sorted(covered) == ["测试协会o1", "测试协会o2", "测试协会o4", "测试协会o6"]
    assert sorted(_names(client.get("/organizations/", {"coverage": "none"}).content.decode())) == [
        "测试协会o5", "测试协会o7", "测试协会o8"]  # o3 has an instructor: work coverage
    # An unknown value of a filter is dropped, not an error page.
    assert len(_names(client.get("/organizations/", {"kind": "company"}).content.decode())) == 8


def test_sorting_and_pagination(world, users):
    with schema_context("jilin"):
        for index in range(30):
            organization_upsert(actor=SYSTEM, rules=rules_here(), data={"uscc": make_uscc("220300"), "name": f"分页测试协会{index:02d}", "kind": "social_group",
                                      "registration_level": "county", "region_code": "220300", "employees": index})
    client = logged_in("jilin", users["provincial"])
    first = client.get("/organizations/", {"q": "分页测试", "sort": "-employees"}).content.decode()
    assert _names(first)[:3] == ["分页测试协会29", "分页测试协会28", "分页测试协会27"]
    assert len(_names(first)) == 25 and "共 30 个社会组织" in first and "第 1 / 2 页" in first
    second = client.get("/organizations/", {"q": "分页测试", "sort": "-employees", "page": 2}).content.decode()
    assert _names(second) == [f"分页测试协会{index:02d}" for index in range(4, -1, -1)]
    assert "sort=-employees" in first and "page=2" in first  # the pager keeps the filters
    ascending = client.get("/organizations/", {"q": "分页测试", "sort": "name"}).content.decode()
    assert _names(ascending)[0] == "分页测试协会00"


def test_htmx_gets_the_results_only(world, users):
    client = logged_in("jilin", users["provincial"])
    partial = client.get("/organizations/", {"q": "协会o1"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and _names(partial) == ["测试协会o1"]
    assert 'hx-target="#results"' in partial


def test_an_organization_outside_the_scope_is_a_404(world, users):
    client = logged_in("jilin", users["city"])
    assert client.get(f"/organizations/{world.orgs['o4'].uscc}/").status_code == 404  # 吉林市
    assert client.get("/organizations/52220100MJ0000000X/").status_code == 404  # nobody's
    assert client.get(f"/organizations/{world.orgs['o1'].uscc.lower()}/").status_code == 200


@pytest.fixture
def capped(world):
    """An organization of 长春市 with 3 formal full-time members, no Party organization and
    a 3A grade: Jilin holds it at 2A (002 第九条(三))."""
    rules = rules_today("jilin")
    with schema_context("jilin"):
        org, _ = organization_upsert(actor=SYSTEM, rules=rules_here(), data={"uscc": make_uscc("220102"), "name": "长春市封顶测试学校", "kind": "private_non_enterprise",
                                          "registration_level": "county", "region_code": "220102", "employees": 40,
                                          "is_school": True})
        for index in range(3):
            member_upsert(actor=SYSTEM, rules=rules_here(), data={"name": f"封顶党员{index}", "id_number": make_id_number(), "phone": "13912345678",
                                "role": "full_time", "organization_uscc": org.uscc})
        evaluation_grade_record(actor=SYSTEM, rules=rules, data={"organization_uscc": org.uscc, "grade": "3A", "rated_on": dt.date.today() - dt.timedelta(days=3)})
        instructor = instructor_create(actor=SYSTEM, rules=rules_here(), data={"name": "封顶指导员", "region_code": "220100", "phone": "13700001111", "unit": "长春市民政局"})
        dispatch_start(actor=SYSTEM, rules=rules_here(), data={"instructor_id": instructor.pk, "organization_uscc": org.uscc, "started_on": dt.date.today() - dt.timedelta(days=10)})
        return SocialOrganization.objects.get(pk=org.pk)


def test_the_page_shows_every_decision_with_its_reasons_and_clauses(world, users, capped):
    html = logged_in("jilin", users["city"]).get(f"/organizations/{capped.uscc}/").content.decode()
    for title in ("是否应单独建立党组织", "党的组织和工作覆盖", "评估等级上限", "党组织全覆盖目标", "软弱涣散", "按期换届"):
        assert title in html
    cap = html.split('id="decision-max_grade"', 1)[1].split("</article>", 1)[0]
    assert "最高可评2A" in cap and "现等级3A高于上限" in cap and "002 第九条(三)" in cap
    assert "应单独建立党组织（计入正式党员3名）" in html and "002 第十四条" in html
    assert "属于组建率100%的目标范围" in html and "000 (五)" in html
    assert "下一步工作" in html and "具备条件，应经上级党组织批准单独建立党组织" in html
    assert "封顶指导员" in html and "长春市民政局" in html and "137****1111" in html
    assert "高于上限" in html  # the recorded grade, flagged
    assert "社会组织党建工作年检清单" in html and "002 第九条(二)" in html


def test_members_are_masked_and_the_unmask_link_needs_the_permission(world, users, capped):
    client = logged_in("jilin", users["city"])
    with schema_context("jilin"):
        member = capped.members.order_by("name").first()
    html = client.get(f"/organizations/{capped.uscc}/").content.decode()
    assert member.name in html and member.id_number not in html and member.id_number_masked in html
    assert "139****5678" in html and "13912345678" not in html
    assert f"/accounts/members/{member.pk}/unmask/" not in html
    with schema_context("jilin"):
        unmask_permission_set(actor=users["security_admin"], user=users["city"], allowed=True)
    html = client.get(f"/organizations/{capped.uscc}/").content.decode()
    assert f"/accounts/members/{member.pk}/unmask/" in html and member.id_number not in html


def test_the_party_organization_activities_and_trainings(world, users):
    rules = rules_today("jilin")
    party = world.party["p1"]
    with schema_context("jilin"):
        member = world.members["m1"]
        party.secretary = member
        party.save(update_fields=["secretary"])
        activity_record(actor=SYSTEM, rules=rules_here(), data={"party_organization": party.name, "kind": "general_meeting", "held_on": dt.date.today() - dt.timedelta(days=20), "title": "第一季度党员大会"})
        training_record(actor=SYSTEM, rules=rules_here(), data={"member_id": member.pk, "title": "书记集中轮训", "started_on": dt.date.today() - dt.timedelta(days=40), "days": 3})
    html = logged_in("jilin", users["county"]).get(f"/organizations/{world.orgs['o1'].uscc}/").content.decode()
    assert "测试党支部p1" in html and "单独组建" in html and member.name in html
    assert "第一季度党员大会" in html and "书记集中轮训" in html
    assert rules  # the rules of the day decided the page


def test_a_joint_branch_names_only_the_visible_organizations_it_covers(world, users):
    """p2 covers o2 (长春市) and o4 (吉林市): 长春市's staff see o2's page without o4's name."""
    html = logged_in("jilin", users["city"]).get(f"/organizations/{world.orgs['o2'].uscc}/").content.decode()
    assert "测试党支部p2" in html and "测试协会o4" not in html
    html = logged_in("jilin", users["provincial"]).get(f"/organizations/{world.orgs['o2'].uscc}/").content.decode()
    assert "测试协会o4" in html
