"""An organization's applications to the province's processes on its own pages (the suite's
testland rules in Anhui's schema): what it may start today and why not, a form that starts
one, the documents and the submission on the case's page, the stage followed on the list;
another organization's applications are a 404; every start is in the audit log."""
import datetime as dt

from django_tenants.utils import schema_context

import clock
from audit.models import AuditEntry
from processes.models import Case
from tests.processes.conftest import CODE, testland, world  # noqa: F401 (fixtures)
from tests.processes.files import PDF, upload
from tests.processes.test_api import full_scores
from tests.processes.test_pages import browser

from .conftest import page_problems


def _round_open(committee):
    today = clock.today()
    committee.post("/processes/demo_point/rounds/", {"year": today.year, "opens_on": (today - dt.timedelta(days=1)).isoformat(),
                                                    "deadline": (today + dt.timedelta(days=5)).isoformat()})


def test_a_secretary_starts_an_application_uploads_submits_and_follows_its_stage(world):
    secretary, committee = browser(world, "secretary"), browser(world, "provincial")
    uscc = world.orgs["provincial"].uscc
    url = f"/organizations/{uscc}/applications/"
    page = secretary.get(url).content.decode()
    assert page_problems(page) == []
    assert "测试示范点创建" in page and "今天没有开放申报的批次（001 三(一)：逾期申报的视为放弃）" in page
    assert "测试组建方案" in page and "隶属的上级党组织" in page  # the first stage's fields on the form
    assert f'action="/organizations/{uscc}/applications/demo_point/start/"' not in page
    assert f'<a href="{url}" aria-current="page">申请与办理</a>' in page  # the menu item, active here

    _round_open(committee)
    page = secretary.get(url).content.decode()
    assert f'action="/organizations/{uscc}/applications/demo_point/start/"' in page and "自评报告（<span class=\"clause\" title=\"001 三(一)\">" in page
    with schema_context(CODE):
        opened_before = AuditEntry.objects.filter(action="case.open").count()
    started = secretary.post(f"{url}demo_point/start/", {"title": "2026年度示范点"})
    assert started.status_code == 302
    with schema_context(CODE):
        case = Case.objects.get(process="demo_point", organization=world.orgs["provincial"])
        assert AuditEntry.objects.filter(action="case.open").count() == opened_before + 1
    assert started["Location"] == f"/cases/{case.pk}/"
    detail = secretary.get(started["Location"]).content.decode()
    assert "已发起“测试示范点创建”申请" in detail and "缺少材料：自评报告" in detail
    assert f'<a href="{url}" aria-current="page">申请与办理</a>' in detail  # the menu item stays active on the case

    # Started once per round: the page links to the case in progress, a second start is refused.
    assert f'href="/cases/{case.pk}/">编号 {case.pk}' in secretary.get(url).content.decode()
    again = secretary.post(f"{url}demo_point/start/", {}, follow=True).content.decode()
    assert "已有办理中的“测试示范点创建”" in again

    secretary.post(f"/cases/{case.pk}/documents/", {"kind": "self_report", "file": upload("自评.pdf", PDF)})
    secretary.post(f"/cases/{case.pk}/scores/", {f"score.{e['item']}": e["score"] for e in full_scores()["scores"]})
    secretary.post(f"/cases/{case.pk}/act/", {"action": "submit"})
    listing = secretary.get(url).content.decode()
    row = listing.split('id="application-table"')[1]
    assert "2026年度示范点" in row and "初审" in row and "办理中" in row


def test_a_start_refused_by_the_rules_says_why_and_writes_nothing(world):
    secretary = browser(world, "secretary")
    uscc = world.orgs["provincial"].uscc
    refused = secretary.post(f"/organizations/{uscc}/applications/demo_point/start/", {}, follow=True).content.decode()
    assert "今天没有开放申报的批次" in refused
    missing = secretary.post(f"/organizations/{uscc}/applications/formation_plan/start/", {"title": "长" * 201},
                             follow=True).content.decode()
    assert "标题不超过200字" in missing
    with schema_context(CODE):
        assert not Case.objects.filter(organization=world.orgs["provincial"]).exists()
    started = secretary.post(f"/organizations/{uscc}/applications/formation_plan/start/",
                             {"data.superior": "安徽省社会组织综合党委", "data.instructor": "王指导员"})
    assert started.status_code == 302
    with schema_context(CODE):
        assert Case.objects.get(process="formation_plan").data == {
            "plan": {"superior": "安徽省社会组织综合党委", "instructor": "王指导员"}}
    assert secretary.post(f"/organizations/{uscc}/applications/no_such/start/", {}).status_code == 404


def test_another_organizations_applications_are_not_found(world):
    secretary = browser(world, "secretary")
    other = world.orgs["city"].uscc
    assert secretary.get(f"/organizations/{other}/applications/").status_code == 404
    assert secretary.post(f"/organizations/{other}/applications/formation_plan/start/", {}).status_code == 404
    with schema_context(CODE):
        assert not Case.objects.filter(organization=world.orgs["city"]).exists()
    # City staff see the applications of their city's organizations, not another city's.
    assert browser(world, "hefei").get(f"/organizations/{other}/applications/").status_code == 200
    assert browser(world, "wuhu").get(f"/organizations/{other}/applications/").status_code == 404
