"""The yearly coverage target set by the committee on its page (004 二: 2017 baseline 31%,
2018 target 36%; later years the committee's): the list holds the module's 2018 target and
the year set, and the dashboard shows this year's target against the actual, with history."""
import clock
from tests.processes.anhui import anhui_world  # noqa: F401 (fixture)
from tests.processes.conftest import session


def test_the_committee_sets_this_years_target_and_the_dashboard_shows_it_with_history(anhui_world):
    staff = session(anhui_world, "provincial")
    year = clock.today().year
    page = staff.get("/coverage/yearly-targets/").content.decode()
    assert "2018" in page and "31% → 36%" in page and "本省文件" in page
    refused = staff.post("/coverage/yearly-targets/", {"year": year, "scope": "province", "target": "150"}, follow=True)
    assert "目标覆盖率应为大于0、不超过1的小数" in refused.content.decode()
    answer = staff.post("/coverage/yearly-targets/", {"year": year, "scope": "province", "target": "41",
                                                      "note": "综合党委会确定"})
    assert answer.status_code == 302
    page = staff.get("/coverage/yearly-targets/").content.decode()
    assert "党委设定" in page and "综合党委会确定" in page and "41%" in page
    dashboard = staff.get("/").content.decode()
    assert f"{year}年覆盖率目标：省级社会组织党的组织覆盖率 41%" in dashboard
    assert "2018" in dashboard  # the earlier years' targets as history


def test_the_grade_cap_exceptions_are_listed_with_their_reason_and_date(anhui_world):
    from django_tenants.utils import schema_context

    from accounts.actors import Actor
    from registry.actions import grade_cap_exception_record
    from tests.processes.anhui import CODE, rules_now

    with schema_context(CODE):
        grade_cap_exception_record(actor=Actor.for_user(anhui_world.users["provincial"]), rules=rules_now(), data={
            "organization_uscc": anhui_world.orgs["rejected"].uscc, "grade_cap_exception": "全国性示范项目承担单位，经党委会研究同意"})
    page = session(anhui_world, "provincial").get("/decisions/grade-cap-exceptions/").content.decode()
    assert anhui_world.orgs["rejected"].name in page and "经党委会研究同意" in page
    assert clock.today().isoformat() in page and anhui_world.orgs["own"].name not in page
