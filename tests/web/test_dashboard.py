"""The dashboard: the indicators of ``indicators.selectors`` by city, limited to the user's
scope, the trend from snapshots, the gap to the province's target; a fixed number of
queries whatever the size of the registry."""
import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import Role
from indicators.models import IndicatorSnapshot
from indicators.selectors import INDICATORS, indicator_rows
from accounts.actors import Actor
from indicators.actions import coverage_target_set
from indicators.services import snapshot_take
from province_rules.registry import rules_for
from registry.actions import member_upsert, organization_upsert, party_organization_upsert
from tests.registry.factories import make_id_number, make_uscc
from web.selectors.common import scope_of
from web.selectors.dashboard import dashboard_get

from .conftest import logged_in, make_user
from tests.helpers import SYSTEM, rules_here, rules_today


def _dashboard(code, user):
    from tenants.models import Province

    province = Province.objects.get(code=code)
    today = timezone.localdate()
    return dashboard_get(user=user, rules=rules_for(code, today), scope=scope_of(user, province), as_of=today)


def test_provincial_staff_see_indicator_rows_by_city(world, users):
    with schema_context("jilin"):
        dashboard = _dashboard("jilin", users["provincial"])
        expected = indicator_rows(rules=rules_today("jilin"), grouping="city")
    assert [(r["group_key"], r["group_label"]) for r in dashboard.rows] == [(r["group_key"], r["group_label"]) for r in expected]
    for mine, theirs in zip(dashboard.rows, expected):
        assert {name: mine[name] for name in INDICATORS} == {name: theirs[name] for name in INDICATORS}
    assert dashboard.total["in_scope"] == sum(r["in_scope"] for r in expected) == len(world.orgs)
    assert dashboard.scope.label == "吉林省全省"


def test_city_staff_see_their_city_only_by_county(world, users):
    client = logged_in("jilin", users["city"])
    with schema_context("jilin"):
        dashboard = _dashboard("jilin", users["city"])
    # o1, o7 (南关区), o2 (宽城区), o3 (registered at 长春市 itself: the city's own level, last)
    assert [(row["group_key"], row["group_label"], row["in_scope"], row["own_level"]) for row in dashboard.rows] == [
        ("220102", "南关区", 2, False), ("220103", "宽城区", 1, False), ("220100", "长春市本级", 1, True)]
    assert dashboard.by_county and dashboard.total["in_scope"] == 4
    html = client.get("/").content.decode()
    assert "分县（市、区）指标" in html and "四平市" not in html and "吉林市" not in html.replace("吉林省", "")
    assert '<a href="/lists/in-scope/?region=220102">南关区</a>' in html
    assert '<tr class="own-level">\n        <th scope="row">长春市本级</th>' in html


def test_the_province_itself_is_not_a_row_among_its_cities(world, users):
    client = logged_in("jilin", users["provincial"])
    with schema_context("jilin"):
        dashboard = _dashboard("jilin", users["provincial"])
    labels = [row["group_label"] for row in dashboard.rows]
    assert "吉林省" not in labels and labels[-1] == "省本级"  # o6, registered at the province, last
    assert [row["own_level"] for row in dashboard.rows] == [False] * (len(labels) - 1) + [True]
    html = client.get("/").content.decode()
    table = html.split('id="table-title"')[1]
    assert "<th scope=\"row\">吉林省</th>" not in table and "省本级" in table and "分市（州）指标" in html


def test_county_staff_see_their_county_only(world, users):
    with schema_context("jilin"):
        dashboard = _dashboard("jilin", users["county"])
    assert dashboard.total["in_scope"] == 2  # o1, o7 in 南关区
    assert dashboard.trend.dates == []  # snapshots are per city: none for a county


def _real(captured) -> int:
    """Queries run, without django-tenants' ``SET search_path`` before each."""
    return sum(1 for query in captured.captured_queries if not query["sql"].startswith("SET search_path"))


def test_the_dashboard_takes_a_fixed_number_of_queries(world, users):
    client = logged_in("jilin", users["provincial"])
    client.get("/")
    with schema_context("jilin"):
        for code in ("220100", "220200"):
            organization_upsert(actor=SYSTEM, rules=rules_here(), data={"uscc": make_uscc(code), "name": f"查询次数测试协会{code}", "kind": "social_group",
                                      "registration_level": "city", "region_code": code})
    with CaptureQueriesContext(connection) as few:
        assert client.get("/").status_code == 200
    with schema_context("jilin"):
        for index in range(20):
            organization_upsert(actor=SYSTEM, rules=rules_here(), data={"uscc": make_uscc("220300"), "name": f"查询次数测试协会四平{index}",
                                      "kind": "foundation", "registration_level": "county", "region_code": "220300"})
    with CaptureQueriesContext(connection) as many:
        assert client.get("/").status_code == 200
    # session, user, roles, one indicator query, targets, snapshots, unread messages, weak-and-lax designations by
    # status ...; the processes panel: the case scope (the user's assignments) and two counts over every process.
    assert _real(many) == _real(few) <= 29


def test_anhui_shows_the_gap_to_its_coverage_target(anhui):
    """004 二: provincial-level organizations, 31% at the end of 2017, at least 36% by the end of 2018."""
    rules = rules_today("anhui")
    with schema_context("anhui"):
        user = make_user("web-anhui-provincial", Role.PROVINCIAL_STAFF)
        covered = []
        for index in range(10):
            org, _ = organization_upsert(actor=SYSTEM, rules=rules_here(), data={"uscc": make_uscc("340100"), "name": f"安徽省测试协会{index}", "kind": "social_group",
                                              "registration_level": "province", "region_code": "340100"})
            if index < 3:
                covered.append(org.uscc)
        party_organization_upsert(actor=SYSTEM, rules=rules, data={"name": "安徽省测试联合党支部", "form": "joint", "region_code": "340100",
                                                     "covered_usccs": covered})
        organization_upsert(actor=SYSTEM, rules=rules_here(), data={"uscc": make_uscc("340100"), "name": "合肥市测试协会", "kind": "social_group",
                                  "registration_level": "city", "region_code": "340100"})
        dashboard = _dashboard("anhui", user)
    gap = dashboard.target
    assert (gap.scope_label, gap.in_scope, gap.covered, gap.current) == ("省级社会组织", 10, 3, 0.3)
    # the 2018 target (004 二 四) is history now: no target this year, no gap, never "差 None"
    assert gap.target is None and gap.gap_points is None and gap.organizations_missing is None
    (past,) = gap.history
    assert (past.year, past.baseline, past.target, past.by) == (2018, 0.31, 0.36, dt.date(2018, 12, 31))
    assert [reason.clause for reason in past.reasons] == ["004 二", "004 二 四"]
    html = logged_in("anhui", user).get("/").content.decode()
    assert "本年度尚未设定" in html and "2018年" in html and "None" not in html
    assert "《省社会组织综合党委2017年度工作报告》二“四是”" in html

    # the committee sets this year's target: the dashboard measures against it
    with schema_context("anhui"):
        coverage_target_set(actor=Actor.for_user(user), rules=rules, year=timezone.localdate().year, target="0.40",
                            scope="province", note="本年度省级社会组织党组织覆盖率目标")
        gap = _dashboard("anhui", user).target
    assert (gap.target.target, gap.gap_points, gap.organizations_missing, gap.target.set_by_committee) == (0.4, 10.0, 1, True)
    html = logged_in("anhui", user).get("/").content.decode()
    assert "差 10.0 个百分点" in html and "历年目标" in html


def test_provinces_without_a_target_show_none(world, users):
    with schema_context("jilin"):
        assert _dashboard("jilin", users["provincial"]).target is None
    assert "覆盖率目标" not in logged_in("jilin", users["provincial"]).get("/").content.decode()


def test_the_trend_comes_from_the_snapshots(world, users):
    today = timezone.localdate()
    with schema_context("jilin"):
        member_upsert(actor=SYSTEM, rules=rules_here(), data={"name": "趋势党员", "id_number": make_id_number(), "organization_uscc": world.orgs["o3"].uscc})
        for days in (60, 30, 0):
            day = today - dt.timedelta(days=days)
            snapshot_take(rules=rules_for("jilin", day), as_of=day)
        dashboard = _dashboard("jilin", users["provincial"])
        city_dashboard = _dashboard("jilin", users["city"])
        assert IndicatorSnapshot.objects.filter(grouping="city").exists()
    trend = dashboard.trend
    assert len(trend.dates) == 3 and trend.dates[-1] == today.isoformat()
    assert [line["name"] for line in trend.overall] == ["党的组织覆盖率", "党的工作覆盖率"]
    assert {line["name"] for line in trend.cities} >= {"长春市", "吉林市"}
    assert trend.overall[0]["values"][-1] == round(dashboard.total["organizational_coverage_rate"] * 100, 1)
    assert city_dashboard.trend.cities == [] and len(city_dashboard.trend.overall) == 2
