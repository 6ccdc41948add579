"""Jilin's 党建创新示范基地 (001) through the API with Jilin's own rules: a round with the 2027
deadline, who may apply (001 一, 001 三(一)), a late application (001 三(一)), every stage to the
title (001 三(一)–(六)) with the notice's five working days by the official calendar (001 三(五)),
three years' validity and the review (001 三, 001 五(二)), a failed review and a failed
rectification revoking the title; a failed hard criterion blocking approval (001 四(四)); every
step in the audit log and the case history."""
import datetime as dt

from django_tenants.utils import schema_context

import clock
from audit.models import AuditEntry
from processes import actions
from processes.models import Case
from processes.workdays import province_calendar

from .files import PDF, upload
from .jilin_world import CODE, SYSTEM, jilin_world, jl_api, json_session, org_create, rules  # noqa: F401

PROCESS = "demonstration_base"
DEADLINE = "2027-07-10"


def open_round(api, year=2027, opens_on=None, deadline=DEADLINE):
    return api.post_json(f"/api/v1/processes/{PROCESS}/rounds", {
        "year": year, "opens_on": (opens_on or clock.today()).isoformat(), "deadline": deadline})


def act(client, case_id, action, **body):
    return client.post_json(f"/api/v1/cases/{case_id}/actions", {"action": action, **body})


def full_scores(client, case_id, *, failing=()):
    with schema_context(CODE):
        items = rules().process(PROCESS).scoring("criteria").items
    scores = [{"item": item.key, "score": 0 if item.key in failing else item.max_score} for item in items]
    return client.post_json(f"/api/v1/cases/{case_id}/scores", {"scores": scores})


def documents(client, case_id):
    for kind, name in (("self_report", "自评报告.pdf"), ("evidence", "佐证材料.pdf")):
        answer = client.post(f"/api/v1/cases/{case_id}/documents", {"kind": kind, "file": upload(name, PDF)})
        assert answer.status_code == 201, answer.json()


def to_meeting(api, uscc, *, failing=()) -> int:
    answer = api.post_json(f"/api/v1/processes/{PROCESS}/cases", {"organization_uscc": uscc})
    assert answer.status_code == 201, answer.json()
    case_id = answer.json()["id"]
    documents(api, case_id)
    assert full_scores(api, case_id, failing=failing).status_code == 200
    assert act(api, case_id, "submit").json()["stage"] == "preliminary"
    assert full_scores(api, case_id, failing=failing).status_code == 200
    assert act(api, case_id, "pass", data={"opinion": "符合申报条件"}).json()["stage"] == "assessment"
    assessed = act(api, case_id, "assessed", data={"team": "省社会组织联合党委考核组", "assessed_on": clock.today().isoformat(),
                                                   "methods": ["查看资料", "实地检查", "座谈走访"], "opinion": "同意提交审定"})
    assert assessed.json()["stage"] == "meeting", assessed.json()
    return case_id


def test_a_2027_round_accepts_a_provincial_organization_and_refuses_a_city_one(jilin_world, jl_api):
    opened = open_round(jl_api)
    assert opened.status_code == 201, opened.json()
    assert opened.json()["deadline"] == DEADLINE
    secretary = json_session(jilin_world, "secretary")
    applied = secretary.post_json(f"/api/v1/processes/{PROCESS}/cases", {"organization_uscc": jilin_world.orgs["provincial"].uscc})
    assert applied.status_code == 201, applied.json()
    case = applied.json()
    assert (case["stage"], case["round"], case["due_on"]) == ("self_assessment", 2027, DEADLINE)
    assert set(case["missing"]) == {"documents", "scores"}
    refused = jl_api.post_json(f"/api/v1/processes/{PROCESS}/cases", {"organization_uscc": jilin_world.orgs["city"].uscc})
    assert refused.status_code == 400
    error = refused.json()["errors"][0]
    assert error["field"] == "organization_uscc" and "001 一" in error["detail"] and "省级社会组织" in error["detail"]
    without_party = org_create_here("吉林省无党组织协会")
    refused = jl_api.post_json(f"/api/v1/processes/{PROCESS}/cases", {"organization_uscc": without_party.uscc})
    assert refused.status_code == 400 and "001 三(一)" in refused.json()["errors"][0]["detail"]
    with schema_context(CODE):
        assert Case.objects.filter(process=PROCESS, organization__in=[jilin_world.orgs["city"], without_party]).count() == 0


def org_create_here(name, **extra):
    with schema_context(CODE):
        return org_create(name, **extra)


def test_a_round_whose_deadline_has_passed_refuses_with_001_3_1(jilin_world, jl_api):
    today = clock.today()
    assert open_round(jl_api, year=2026, opens_on=today - dt.timedelta(days=200),
                      deadline=(today - dt.timedelta(days=1)).isoformat()).status_code == 201
    late = jl_api.post_json(f"/api/v1/processes/{PROCESS}/cases",
                            {"organization_uscc": jilin_world.orgs["provincial"].uscc, "round": 2026})
    assert late.status_code == 400
    error = late.json()["errors"][0]
    assert error["field"] == "round" and "001 三(一)" in error["detail"] and "逾期申报的视为放弃" in error["detail"]


def test_a_case_goes_through_every_stage_to_the_title_its_review_and_revocation(jilin_world, jl_api):
    today = clock.today()
    assert open_round(jl_api).status_code == 201
    uscc = jilin_world.orgs["provincial"].uscc
    weak = org_create_here("吉林省评估2A协会", party=True)
    case_id, weak_id = to_meeting(jl_api, uscc), to_meeting(jl_api, weak.uscc, failing=("grade_3a",))

    # 001 四(四): a failed hard criterion blocks the approval with its clause; nothing is written.
    blocked = jl_api.post_json("/api/v1/meetings", {"process": PROCESS, "held_on": today.isoformat(), "title": "全体委员会议",
                                                    "decisions": [{"case": weak_id, "decision": "approve"}]})
    assert blocked.status_code == 400
    assert blocked.json()["errors"][0]["field"] == "decisions[0].scores.grade_3a"
    assert "001 四(四)" in blocked.json()["errors"][0]["detail"]

    # 001 三(四): the full committee meeting decides the batch.
    decided = jl_api.post_json("/api/v1/meetings", {
        "process": PROCESS, "held_on": today.isoformat(), "title": "省社会组织联合党委全体委员会议",
        "decisions": [{"case": case_id, "decision": "approve"},
                      {"case": weak_id, "decision": "reject", "reason": "社会组织评估未达到3A以上"}]})
    assert decided.status_code == 201, decided.json()
    assert {c["id"]: c["stage"] for c in decided.json()["cases"]} == {case_id: "notice", weak_id: "rejected"}

    # 001 三(五): 5 working days by the official calendar; ending it early is refused.
    notice = jl_api.get(f"/api/v1/cases/{case_id}").json()
    with schema_context(CODE):
        notice_end = province_calendar().add_working_days(today, 5).ends_on
    assert notice["due_on"] == notice_end.isoformat()
    early = act(jl_api, case_id, "notice_end")
    assert early.status_code == 400 and early.json()["errors"][0]["field"] == "action"
    with schema_context(CODE):
        # The official calendar across National Day 2026: 30 Sep, 8, 9, 10 Oct (a make-up Saturday), 12 Oct.
        assert province_calendar().add_working_days(dt.date(2026, 9, 30), 5).ends_on == dt.date(2026, 10, 12)
        day_after = notice_end + dt.timedelta(days=1)
        actions.case_act(actor=SYSTEM, rules=rules(), case_id=case_id, action="notice_end", today=day_after)
    # An objection during a notice sends the case back to the committee (checked on a second case below).

    # 001 三(六): the naming notice (number and date) and the plaque; valid 3 years, review due then.
    unnamed = act(jl_api, case_id, "name", data={"notice_number": "吉社联党发〔2026〕9号"})
    assert unnamed.status_code == 400 and {e["field"] for e in unnamed.json()["errors"]} == {"data.notice_date"}
    named = act(jl_api, case_id, "name", data={"notice_number": "吉社联党发〔2026〕9号", "notice_date": today.isoformat()})
    assert named.status_code == 200, named.json()
    named = named.json()
    three_years = today.replace(year=today.year + 3)
    assert (named["stage"], named["valid_from"], named["valid_until"], named["review_due_on"]) == (
        "named", today.isoformat(), three_years.isoformat(), three_years.isoformat())

    # 001 五(二): the review finds it slipped; rectification fails; the title is revoked.
    failed = act(jl_api, case_id, "review_fail", reason="“三会一课”落实不到位")
    assert failed.json()["stage"] == "rectifying"
    assert failed.json()["due_on"] == (today + dt.timedelta(days=89)).isoformat()
    revoked = act(jl_api, case_id, "revoke", reason="整改效果不明显")
    assert (revoked.json()["stage"], revoked.json()["status"], revoked.json()["valid_until"]) == (
        "revoked", "closed", today.isoformat())

    history = [(e["action"], e["stage_before"], e["stage_after"]) for e in revoked.json()["history"]]
    assert history == [
        ("open", "", "self_assessment"), ("submit", "self_assessment", "preliminary"), ("pass", "preliminary", "assessment"),
        ("assessed", "assessment", "meeting"), ("approve", "meeting", "notice"), ("notice_end", "notice", "naming"),
        ("name", "naming", "named"), ("review_fail", "named", "rectifying"), ("revoke", "rectifying", "revoked")]
    with schema_context(CODE):
        logged = [a for a in AuditEntry.objects.filter(object_type="Case", object_id=str(case_id))
                  .values_list("action", flat=True) if not a.startswith(("case.score", "case.document"))]
        assert logged == [f"case.{h[0]}" for h in history]
        assert AuditEntry.objects.filter(action="meeting.record").count() == 1
        assert AuditEntry.objects.filter(action="round.open").exists()


def test_an_objection_during_the_notice_sends_the_case_back_to_the_meeting(jilin_world, jl_api):
    assert open_round(jl_api).status_code == 201
    case_id = to_meeting(jl_api, jilin_world.orgs["provincial"].uscc)
    jl_api.post_json("/api/v1/meetings", {"process": PROCESS, "held_on": clock.today().isoformat(), "title": "全体委员会议",
                                          "decisions": [{"case": case_id, "decision": "approve"}]})
    assert act(jl_api, case_id, "object").status_code == 400  # the objection needs its reason
    back = act(jl_api, case_id, "object", reason="公示期间收到署名反映，需进一步核实")
    assert back.json()["stage"] == "meeting"


def test_the_review_due_is_reminded_and_the_secretary_cannot_take_the_committees_steps(jilin_world, jl_api):
    from notifications.reminders import reviews_due

    assert open_round(jl_api).status_code == 201
    case_id = to_meeting(jl_api, jilin_world.orgs["provincial"].uscc)
    secretary = json_session(jilin_world, "secretary")
    assert act(secretary, case_id, "approve").status_code == 403
    with schema_context(CODE):
        today = clock.today()
        actions.meeting_decide(actor=SYSTEM, rules=rules(), process=PROCESS, held_on=today, title="全体委员会议",
                               decisions=[{"case": case_id, "decision": "approve"}], today=today)
        day = province_calendar().add_working_days(today, 6).ends_on
        actions.case_act(actor=SYSTEM, rules=rules(), case_id=case_id, action="notice_end", today=day)
        actions.case_act(actor=SYSTEM, rules=rules(), case_id=case_id, action="name", today=day,
                         data={"notice_number": "吉社联党发〔2026〕1号", "notice_date": day.isoformat()})
        review_on = Case.objects.get(pk=case_id).review_due_on
        due = reviews_due(rules(), review_on - dt.timedelta(days=30))
    assert review_on == day.replace(year=day.year + 3)
    assert any("复查" in d.title and "001 五(二)" == d.clause for d in due), due
