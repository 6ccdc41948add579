"""Guangdong's processes (province_rules/guangdong/, 003) on the engine, in Guangdong's schema with
its real rules, through the API and the actions: the ten actions' plan with a task assigned to
two cities (one reporting, one overdue) and the report-due reminder; a 双强五好 round scored
item by item, its selection capped at the setting and a committee member's missing follow-up
reminded; a registration short of 应建尽建 referred to its supervisor's Party organization; a
confirmed weak-and-lax Party organization rectified to closing; a major-matter disagreement
escalated; another province's domain answers 404 for the plan."""
from __future__ import annotations

import datetime as dt

import pytest
from django_tenants.utils import schema_context

import clock
from accounts.actors import Actor
from accounts.models import Role
from processes import actions
from processes.models import Case
from province_rules.guangdong import GuangdongRules
from province_rules.registry import rules_for
from tests.accounts.conftest import make_user
from tests.api.conftest import api_client, issue_token
from tests.registry.factories import make_uscc

from .files import PDF, upload

CODE = "guangdong"
GUANGZHOU, SHENZHEN = "440100", "440300"


def rules():
    return rules_for(CODE, clock.today())


def org_create(region: str, level: str, name: str, **extra):
    from registry.actions import organization_upsert

    organization, _ = organization_upsert(actor=Actor.system("test"), rules=rules(), data={
        "uscc": make_uscc(region_code=region), "name": name, "kind": "social_group", "registration_level": level,
        "region_code": region, **extra})
    return organization


def party_org_create(name: str, organization, region: str):
    from registry.actions import party_organization_upsert

    party_org, _ = party_organization_upsert(actor=Actor.system("test"), rules=rules(), data={
        "name": name, "form": "own", "region_code": region, "covered_usccs": [organization.uscc],
        "founded_on": dt.date(2020, 1, 1)})
    return party_org


@pytest.fixture
def world(guangdong):
    from regions.models import Region
    from registry.models import Supervisor

    stamp = dt.datetime.now().strftime("%H%M%S%f")
    w = {}
    with schema_context(CODE):
        w["org"] = org_create(GUANGZHOU, "province", f"广东省测试行业协会{stamp}", business_supervisor=f"广东省测试厅{stamp}",
                              charter_clause=True)
        w["party_org"] = party_org_create(f"广东省测试行业协会党支部{stamp}", w["org"], GUANGZHOU)
        w["org2"] = org_create(SHENZHEN, "province", f"广东省测试促进会{stamp}")
        w["party_org2"] = party_org_create(f"广东省测试促进会党支部{stamp}", w["org2"], SHENZHEN)
        supervisor = Supervisor.objects.get(name=f"广东省测试厅{stamp}")
        other = Supervisor.objects.create(name=f"广东省其他厅{stamp}")
        w["users"] = {
            "provincial": make_user(f"gp-{stamp}", Role.PROVINCIAL_STAFF),
            "guangzhou": make_user(f"gz-{stamp}", Role.CITY_STAFF, region=Region.objects.get(code=GUANGZHOU)),
            "shenzhen": make_user(f"sz-{stamp}", Role.CITY_STAFF, region=Region.objects.get(code=SHENZHEN)),
            "secretary": make_user(f"gs-{stamp}", Role.ORGANIZATION_SECRETARY, organization=w["org"]),
            "supervisor": make_user(f"gv-{stamp}", Role.SUPERVISOR_STAFF, supervisor=supervisor),
            "other_supervisor": make_user(f"go-{stamp}", Role.SUPERVISOR_STAFF, supervisor=other),
        }
        w["supervisor"] = supervisor
    w["api"] = api_client(CODE, issue_token(CODE))
    return w


def session(world, who: str):
    from django_otp import DEVICE_ID_SESSION_KEY

    from tests.accounts.conftest import totp_device
    from tests.api.conftest import ApiClient, host_of

    client = ApiClient(host_of(CODE))
    with schema_context(CODE):
        client.force_login(world["users"][who])
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = totp_device(world["users"][who]).persistent_id
        session.save()
    return client


def act(client, case_id, action, **body):
    return client.post_json(f"/api/v1/cases/{case_id}/actions", {"action": action, **body})


# --- the ten actions (003 一–十) ---------------------------------------------------------------

def test_the_plan_lists_the_ten_actions_with_their_tasks_and_another_province_answers_404(world, jilin, anhui):
    answer = world["api"].get("/api/v1/plans/ten-actions")
    assert answer.status_code == 200, answer.json()
    plan = answer.json()
    assert plan["name"] == "十项重点行动" and [i["number"] for i in plan["items"]] == list(range(1, 11))
    assert [i["clause"] for i in plan["items"]] == [f"003 {n}" for n in "一二三四五六七八九十"]
    coverage = plan["items"][4]
    assert coverage["name"] == "党建工作有效覆盖行动"
    assert [t["name"] for t in coverage["tasks"]][:3] == [
        "结合年报数据常态化开展社会组织底数摸排和“双同步”", "结合“僵尸型”社会组织专项整治，对其党组织进行撤并调整",
        "符合条件的建立临时党支部（临时党委、党总支）"]
    assert "organizational_coverage_rate" in {f["key"] for f in coverage["figures"]}
    assert any("第一书记" in t["name"] for t in plan["items"][6]["tasks"])
    for other in ("jilin", "anhui"):
        assert api_client(other, issue_token(other)).get("/api/v1/plans/ten-actions").status_code == 404
    assert world["api"].get("/api/v1/plans/five-year-plan").status_code == 404


def test_a_task_assigned_to_two_cities_shows_one_reporting_and_one_overdue(world):
    from notifications.models import Notification
    from notifications.reminders import reminders_run

    today = clock.today()
    api = world["api"]
    missing = api.post_json("/api/v1/processes/ten_actions_city_task/cases",
                            {"region_code": GUANGZHOU, "data": {"plan_task": "5.1"}})
    assert missing.status_code == 400 and missing.json()["errors"][0]["field"] == "due_on"
    opened = api.post_json("/api/v1/processes/ten_actions_city_task/cases", {
        "region_code": GUANGZHOU, "title": "底数摸排", "data": {"plan_task": "5.1"},
        "due_on": (today + dt.timedelta(days=60)).isoformat()})
    assert opened.status_code == 201, opened.json()
    assert opened.json()["due_on"] == (today + dt.timedelta(days=60)).isoformat()
    with schema_context(CODE):  # Shenzhen's was assigned 40 days ago, due yesterday
        actions.plan_task_assign(actor=Actor.system("test"), rules=rules(), plan="ten-actions", task="5.1",
                                 region_codes=[SHENZHEN], due_on=today - dt.timedelta(days=1),
                                 today=today - dt.timedelta(days=40))
    guangzhou = session(world, "guangzhou")
    reported = act(guangzhou, opened.json()["id"], "report",
                   data={"text": "完成全市社会组织底数摸排", "figures": {"摸排社会组织": 1260}})
    assert reported.status_code == 200, reported.json()
    assert act(guangzhou, opened.json()["id"], "complete").status_code == 403  # the province confirms completion

    task = next(t for t in api.get("/api/v1/plans/ten-actions").json()["items"][4]["tasks"] if t["code"] == "5.1")
    states = {a["region_code"]: a["state"] for a in task["assignments"]}
    assert states == {GUANGZHOU: "reported", SHENZHEN: "overdue"}
    assert task["counts"] == {"total": 2, "assigned": 0, "reported": 1, "overdue": 1, "done": 0}
    latest = next(a for a in task["assignments"] if a["region_code"] == GUANGZHOU)["latest_report"]
    assert latest["text"] == "完成全市社会组织底数摸排" and latest["figures"] == {"摸排社会组织": 1260}
    # A city's staff see their own city's task only.
    own = guangzhou.get("/api/v1/plans/ten-actions").json()["items"][4]["tasks"][0]["assignments"]
    assert [a["region_code"] for a in own] == [GUANGZHOU]

    # The page shows each city's state.
    page = session(world, "provincial").get("/plans/ten-actions/").content.decode()
    row = page[page.index('data-task="5.1"'):]
    row = row[:row.index("</tr>")]
    assert "广州市社会组织党委" in row and "本期已报告" in row and "深圳市社会组织党委" in row and "已逾期" in row

    # Ten days before the quarter ends, Shenzhen (no report this quarter) is reminded; Guangzhou is not.
    quarter_end = dt.date(today.year + (today.month > 9), (((today.month - 1) // 3 + 1) * 3) % 12 + 1, 1) - dt.timedelta(days=1)
    with schema_context(CODE):
        counts = reminders_run(rules=rules(), as_of=quarter_end - dt.timedelta(days=9))
        assert counts["report_due"] >= 1
        titles = list(Notification.objects.filter(user=world["users"]["shenzhen"], kind="report_due")
                      .values_list("title", flat=True))
        assert titles and "深圳市社会组织党委" in titles[0]
        assert not Notification.objects.filter(user=world["users"]["guangzhou"], kind="report_due").exists()


# --- 双强五好 demonstration points (003 八) ----------------------------------------------------

class CappedRules(GuangdongRules):
    """Guangdong with a cap of one point, for the cap's test (not registered)."""

    demonstration_points_max = 1


def _candidate(world, api, organization) -> int:
    """A candidate unit applied, its committee member assigned, followed up and scored: at the meeting."""
    today = clock.today()
    opened = api.post_json("/api/v1/processes/demonstration_point/cases", {"organization_uscc": organization.uscc})
    assert opened.status_code == 201, opened.json()
    case_id = opened.json()["id"]
    assert api.post(f"/api/v1/cases/{case_id}/documents",
                    {"kind": "application", "file": upload("申报表.pdf", PDF)}).status_code == 201
    assert act(api, case_id, "submit").json()["stage"] == "cultivating"
    early = act(api, case_id, "recommend")
    assert early.status_code == 400 and {"data.member", "scores"} <= {e["field"] for e in early.json()["errors"]}
    assert act(api, case_id, "assign_member", data={"member": "张建华"}).status_code == 200
    followed = act(api, case_id, "follow_up", data={"followed_on": today.isoformat(), "guidance": "指导对照标准自查",
                                                    "next_step": "完善活动阵地"})
    assert followed.status_code == 200, followed.json()
    scores = [{"item": key, "score": 10} for key in ("strong_party_building", "strong_development",
                                                      "good_branch_leadership", "good_member_team", "good_activities",
                                                      "good_rules", "good_role")]
    assert api.post_json(f"/api/v1/cases/{case_id}/scores", {"scores": scores}).status_code == 200
    assert act(api, case_id, "recommend").json()["stage"] == "meeting"
    return case_id


def test_a_round_scored_item_by_item_and_a_selection_capped_at_the_setting(world):
    from processes.models import CaseEvent

    today = clock.today()
    api = world["api"]
    assert api.post_json("/api/v1/processes/demonstration_point/rounds", {
        "year": today.year, "opens_on": (today - dt.timedelta(days=5)).isoformat(),
        "deadline": (today + dt.timedelta(days=5)).isoformat()}).status_code == 201
    with schema_context(CODE):
        bare = org_create(GUANGZHOU, "province", "广东省未建党组织协会")
    refused = api.post_json("/api/v1/processes/demonstration_point/cases", {"organization_uscc": bare.uscc})
    assert refused.status_code == 400 and "003 八" in refused.json()["errors"][0]["detail"]
    first, second = _candidate(world, api, world["org"]), _candidate(world, api, world["org2"])
    case = api.get(f"/api/v1/cases/{first}").json()
    assert case["stage"] == "meeting"
    with schema_context(CODE):
        capped = CappedRules()
        meeting = dict(actor=Actor.system("test"), rules=capped, process="demonstration_point",
                       held_on=today.isoformat(), title="省社会组织党委委员会会议", today=today)
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError) as both:
            actions.meeting_decide(**meeting, decisions=[{"case": first, "decision": "approve"},
                                                         {"case": second, "decision": "approve"}])
        assert "达到上限1个" in str(both.value) and "decisions[1].action" in both.value.message_dict
        assert Case.objects.get(pk=first).stage == "meeting"  # all or nothing
        actions.meeting_decide(**meeting, decisions=[{"case": first, "decision": "approve"}])
        with pytest.raises(ValidationError):
            actions.meeting_decide(**meeting, decisions=[{"case": second, "decision": "approve"}])
        assert Case.objects.get(pk=first).stage == "named" and Case.objects.get(pk=second).stage == "meeting"
        assert CaseEvent.objects.filter(case_id=first, action="approve", meeting__isnull=False).exists()
    # Guangdong's own cap (100) lets the second through.
    answer = api.post_json("/api/v1/meetings", {"process": "demonstration_point", "held_on": today.isoformat(),
                                                "title": "省社会组织党委委员会会议", "decisions": [
                                                    {"case": second, "decision": "approve"}]})
    assert answer.status_code == 201, answer.json()
    assert api.get("/api/v1/plans/ten-actions").json()["items"][7]["figures"][1] == {
        "key": "points", "label": "党建工作示范点", "value": 2}


def test_the_scoring_is_prefilled_from_the_registry_where_facts_exist(world):
    today = clock.today()
    with schema_context(CODE):
        actions.round_open(actor=Actor.system("test"), rules=rules(), process="demonstration_point", year=today.year,
                           opens_on=today, deadline=today)
        case = actions.case_open(actor=Actor.system("test"), rules=rules(), process="demonstration_point",
                                 organization_uscc=world["org"].uscc)
    with schema_context(CODE):
        from processes.selectors import scoring_prefill

        prefill = {row["item"].key: row["label"] for row in scoring_prefill(
            rules(), rules().process("demonstration_point").scorings[0], Case.objects.get(pk=case.pk), today=today)}
    assert prefill["strong_party_building"] == "符合"  # it has a Party organization
    assert prefill["strong_development"] == "待核实"  # no registry fact says


def test_a_committee_members_missing_follow_up_is_reminded_once(world):
    from notifications.models import Notification
    from notifications.reminders import reminders_run

    today = clock.today()
    days = GuangdongRules.follow_up_days
    with schema_context(CODE):
        system = Actor.system("test")
        started = today - dt.timedelta(days=days + 20)
        actions.round_open(actor=system, rules=rules(), process="demonstration_point", year=today.year,
                           opens_on=started, deadline=today)
        case = actions.case_open(actor=system, rules=rules(), process="demonstration_point",
                                 organization_uscc=world["org"].uscc, today=started)
        actions.case_document_add(actor=system, rules=rules(), case_id=case.pk, kind="application",
                                  uploaded=upload("申报表.pdf", PDF))
        actions.case_act(actor=system, rules=rules(), case_id=case.pk, action="submit", today=started)
        actions.case_act(actor=system, rules=rules(), case_id=case.pk, action="assign_member", today=started,
                         data={"member": "李卫东"})
        last = today - dt.timedelta(days=days + 1)
        actions.case_act(actor=system, rules=rules(), case_id=case.pk, action="follow_up", today=last,
                         data={"followed_on": last.isoformat(), "guidance": "走访指导"})
        assert reminders_run(rules=rules(), as_of=today - dt.timedelta(days=2))["follow_up"] == 0  # within the days
        assert reminders_run(rules=rules(), as_of=today)["follow_up"] == 1
        assert reminders_run(rules=rules(), as_of=today)["follow_up"] == 0  # once
        notice = Notification.objects.get(user=world["users"]["provincial"], kind="follow_up")
        assert "李卫东" in notice.body and notice.clause == "003 八" and notice.link == f"/cases/{case.pk}/"
        # A follow-up recorded today ends it: nothing new the next day.
        actions.case_act(actor=system, rules=rules(), case_id=case.pk, action="follow_up",
                         data={"followed_on": today.isoformat(), "guidance": "再次走访"})
        assert reminders_run(rules=rules(), as_of=today + dt.timedelta(days=1))["follow_up"] == 0


# --- 五融合 (003 三) -------------------------------------------------------------------------------

def test_a_registration_without_charter_clause_and_three_members_is_referred_to_the_supervisors_party_organization(world):
    uscc = make_uscc(GUANGZHOU)
    body = {"event": "registered", "organization": {
        "uscc": uscc, "name": "广州市新登记测试协会", "kind": "social_group", "registration_level": "city",
        "region_code": GUANGZHOU, "business_supervisor": world["supervisor"].name}, "party": {"formal_members": 3}}
    answer = world["api"].post_json("/api/v1/registrations", body, HTTP_IDEMPOTENCY_KEY="gd-reg-1")
    assert answer.status_code == 201, answer.json()
    data = answer.json()
    assert {c["key"]: (c["met"], c["clause"]) for c in data["checks"]} == {
        "member_data": (True, "003 三"), "charter_clause": (False, "003 三"), "two_coverages": (False, "003 三")}
    assert [(c["process"], c["stage"], c["clause"]) for c in data["cases_opened"]] == [
        ("five_integrations_referral", "referred", "003 三")]
    case_id = data["cases_opened"][0]["id"]
    supervisor = session(world, "supervisor")
    case = supervisor.get(f"/api/v1/cases/{case_id}").json()
    assert case["data"]["referred"]["gaps"] == ["应建尽建"]
    assert session(world, "other_supervisor").get(f"/api/v1/cases/{case_id}").status_code == 404
    empty = act(supervisor, case_id, "reply")
    assert empty.status_code == 400 and empty.json()["errors"][0]["field"] == "data.reply"
    replied = act(supervisor, case_id, "reply", data={"reply": "已约谈负责人，指导提交组建党支部申请"})
    assert replied.status_code == 200 and replied.json()["stage"] == "verification"
    assert act(world["api"], case_id, "close").json()["status"] == "closed"
    # An organization with a Party organization and a charter clause opens nothing.
    ok = world["api"].post_json("/api/v1/registrations", {**body, "event": "annual_report", "organization": {
        **body["organization"], "uscc": world["org"].uscc, "name": world["org"].name, "charter_clause": True},
        "party": {"formal_members": 3, "party_work_checked": True}}).json()
    assert ok["cases_opened"] == [] and all(c["met"] for c in ok["checks"])


# --- weak-and-lax rectification (003 四) ---------------------------------------------------------

def test_a_confirmed_weak_and_lax_party_organization_runs_through_rectification_to_closing(world):
    from registry.models import PartyOrganization, WeakAndLaxDesignation

    api, party_org = world["api"], world["party_org"]
    opened = api.post_json("/api/v1/processes/weak_and_lax_rectification/cases", {"party_organization": party_org.name})
    assert opened.status_code == 201, opened.json()
    case_id = opened.json()["id"]
    incomplete = act(api, case_id, "confirm", data={"problems": "班子配备不齐"})
    assert incomplete.status_code == 400 and incomplete.json()["errors"][0]["field"] == "data.member"
    confirmed = act(api, case_id, "confirm", data={"problems": "班子配备不齐", "member": "陈志强", "measures": "补选支委"})
    assert confirmed.status_code == 200 and confirmed.json()["stage"] == "rectifying"
    due = confirmed.json()["due_on"]
    assert due == (clock.today() + dt.timedelta(days=GuangdongRules.rectification_days - 1)).isoformat()
    with schema_context(CODE):
        designation = WeakAndLaxDesignation.objects.get(party_organization=party_org)
        assert designation.status == "rectifying" and designation.deadline.isoformat() == due
        assert designation.problems == "班子配备不齐" and PartyOrganization.objects.get(pk=party_org.pk).weak_and_lax
    dashboard = session(world, "provincial").get("/").content.decode()
    sub = dashboard[dashboard.index('id="weak-and-lax-sub"'):]
    assert "整顿中 1" in sub[:200]
    secretary = session(world, "secretary")
    assert act(secretary, case_id, "submit", data={"measures": "补选支部委员2名", "progress": "已按计划开展组织生活"}) \
        .json()["stage"] == "closing_review"
    assert act(secretary, case_id, "close", data={"result": "合格"}).status_code == 403  # the committee reviews
    returned = act(api, case_id, "return", reason="组织生活记录不全")
    assert returned.json()["stage"] == "rectifying"
    assert act(secretary, case_id, "submit").json()["stage"] == "closing_review"
    closed = act(api, case_id, "close", data={"result": "班子配齐、组织生活正常，验收合格"})
    assert closed.status_code == 200 and closed.json()["outcome"] == "rectified"
    with schema_context(CODE):
        designation.refresh_from_db()
        assert designation.status == "rectified" and not PartyOrganization.objects.get(pk=party_org.pk).weak_and_lax
    figures = {f["key"]: f["value"] for f in api.get("/api/v1/plans/ten-actions").json()["items"][3]["figures"]}
    assert figures["rectified"] == 1 and figures["rectifying"] == 0


# --- 议事决策 (003 六) ---------------------------------------------------------------------------

def test_a_major_matter_disagreement_escalates(world):
    secretary = session(world, "secretary")
    opened = secretary.post_json("/api/v1/processes/major_matter/cases", {
        "organization_uscc": world["org"].uscc, "data": {
            "matter_kind": "大额经费开支", "matter": "购置办公场所", "decided_on": clock.today().isoformat(),
            "opinion": "建议先开展可行性论证"}})
    assert opened.status_code == 201, opened.json()
    case_id = opened.json()["id"]
    no_reason = act(secretary, case_id, "disagreement")
    assert no_reason.status_code == 400 and no_reason.json()["errors"][0]["field"] == "reason"
    escalated = act(secretary, case_id, "disagreement", reason="经反复沟通仍不能达成一致")
    assert escalated.json()["stage"] == "escalated" and escalated.json()["status"] == "open"
    supervisor = session(world, "supervisor")  # the business supervisor handles it with the committee
    resolved = act(supervisor, case_id, "resolve", data={"reported_to": "业务主管单位", "handling": "约谈理事长，暂缓购置"})
    assert resolved.status_code == 200 and resolved.json()["outcome"] == "resolved"
    bad = act(secretary, case_id, "adopted")
    assert bad.status_code == 409


def test_a_temporary_branch_is_opened_only_where_003_5_allows_it(world):
    refused = world["api"].post_json("/api/v1/processes/temporary_branch/cases", {"organization_uscc": world["org"].uscc})
    assert refused.status_code == 400 and "003 五" in refused.json()["errors"][0]["detail"]


def test_a_warning_on_the_screening_page_is_sent_to_confirmation_by_a_button(world):
    provincial = session(world, "provincial")
    page = provincial.get("/screening/weak-and-lax/").content.decode()
    name = world["party_org"].name
    assert name in page
    row = page[page.index(name):]
    row = row[:row.index("</tr>")]
    assert "预警" in row and "发起认定" in row  # no activity recorded in 12 months: 活动不经常 (003 四)
    answer = provincial.post("/cases/open/", {"process": "weak_and_lax_rectification",
                                              "party_organization": str(world["party_org"].pk), "next": "/screening/weak-and-lax/"})
    assert answer.status_code == 302
    with schema_context(CODE):
        case = Case.objects.get(process="weak_and_lax_rectification", party_organization=world["party_org"])
    assert answer["Location"] == f"/cases/{case.pk}/" and case.stage == "confirmation"
    again = provincial.get("/screening/weak-and-lax/").content.decode()
    row = again[again.index(name):]
    assert f"/cases/{case.pk}/" in row[:row.index("</tr>")]
    # Opened twice: refused, back to the list with the reason.
    twice = provincial.post("/cases/open/", {"process": "weak_and_lax_rectification",
                                             "party_organization": str(world["party_org"].pk), "next": "/screening/weak-and-lax/"})
    assert twice.status_code == 302 and twice["Location"] == "/screening/weak-and-lax/"
    # A city's staff may not open it for another city's Party organization (not in their scope).
    shenzhen = session(world, "shenzhen")
    refused = shenzhen.post("/cases/open/", {"process": "weak_and_lax_rectification",
                                             "party_organization": str(world["party_org"].pk)})
    assert refused.status_code == 302
    with schema_context(CODE):
        assert Case.objects.filter(process="weak_and_lax_rectification", party_organization=world["party_org"]).count() == 1
