"""The test process (tests/processes/testland.py) end to end through the API: a round with a
deadline, applications before and after it, every stage's actions, scores and documents, a
batch decision at a meeting, the public notice's working-day end, validity and the review
due, rectification; every step in the audit log and the case history; another city's user
gets 404; bad input answers 400/409 naming the field and writes nothing."""
import datetime as dt

import pytest
from django_tenants.utils import schema_context

import clock
from accounts.actors import Actor
from audit.models import AuditEntry
from processes import actions
from processes.models import Case, CaseEvent, Round
from processes.workdays import WorkingCalendar
from province_rules.registry import rules_for

from .conftest import CODE, org_create, session
from .files import EXECUTABLE, HTML, PDF, PNG, docx, upload, xlsx

TODAY = clock.today


def open_round(api, year, opens_on, deadline, key=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return api.post_json("/api/v1/processes/demo_point/rounds",
                         {"year": year, "opens_on": opens_on.isoformat(), "deadline": deadline.isoformat()}, **headers)


def upload_document(client, case_id, kind, name, content):
    return client.post(f"/api/v1/cases/{case_id}/documents", {"kind": kind, "file": upload(name, content)})


def full_scores(grade_ok=True):
    return {"scores": [{"item": "party_org", "score": 10}, {"item": "charter", "score": 8},
                       {"item": "activity_space", "score": 5}, {"item": "grade_3a", "score": 1 if grade_ok else 0}]}


def act(client, case_id, action, **body):
    return client.post_json(f"/api/v1/cases/{case_id}/actions", {"action": action, **body})


def to_meeting(api, uscc, *, grade_ok=True) -> int:
    """An application through self-assessment, preliminary review and assessment."""
    answer = api.post_json("/api/v1/processes/demo_point/cases", {"organization_uscc": uscc})
    assert answer.status_code == 201, answer.json()
    case_id = answer.json()["id"]
    assert upload_document(api, case_id, "self_report", "自评报告.pdf", PDF).status_code == 201
    assert api.post_json(f"/api/v1/cases/{case_id}/scores", full_scores(grade_ok)).status_code == 200
    assert act(api, case_id, "submit").status_code == 200
    assert api.post_json(f"/api/v1/cases/{case_id}/scores", full_scores(grade_ok)).status_code == 200
    assert act(api, case_id, "pass").status_code == 200
    answer = act(api, case_id, "assessed", data={"team": "省委考核组", "assessed_on": TODAY().isoformat(),
                                                 "methods": ["查看资料", "实地检查", "座谈走访"], "opinion": "符合创建标准"})
    assert answer.status_code == 200, answer.json()
    assert answer.json()["stage"] == "meeting"
    return case_id


@pytest.fixture
def round_open(api):
    today = TODAY()
    answer = open_round(api, today.year, today - dt.timedelta(days=10), today + dt.timedelta(days=10))
    assert answer.status_code == 201, answer.json()
    return answer.json()


def test_the_processes_list_names_each_stage_with_its_clause(api):
    answer = api.get("/api/v1/processes")
    assert answer.status_code == 200
    demo = next(p for p in answer.json() if p["code"] == "demo_point")
    assert demo["clause"] == "001 三" and demo["rounds"] is True
    assert [s["code"] for s in demo["stages"]][:5] == ["self_assessment", "preliminary", "assessment", "meeting", "notice"]
    assert demo["stages"][0] == {"code": "self_assessment", "name": "自评申报", "clause": "001 三(一)",
                                 "roles": ["organization_secretary", "organization_liaison"], "final": False}


def test_an_application_runs_through_every_stage_to_the_title_and_its_review(api, world, round_open):
    today = TODAY()
    uscc = world.orgs["provincial"].uscc
    # The organization's secretary applies with a session: the first stage is theirs.
    secretary = session(world, "secretary")
    answer = secretary.post_json("/api/v1/processes/demo_point/cases", {"organization_uscc": uscc},
                                 HTTP_IDEMPOTENCY_KEY="apply-1")
    assert answer.status_code == 201, answer.json()
    case = answer.json()
    assert (case["process"], case["round"], case["organization_uscc"], case["stage"]) == \
        ("demo_point", today.year, uscc, "self_assessment")
    assert case["due_on"] == round_open["deadline"]  # the first stage is due at the round's deadline
    assert [a["code"] for a in case["actions"]] == ["submit"]
    assert case["missing"]["documents"] == ["缺少材料：自评报告（001 三(一)）"]
    # The same Idempotency-Key replays the answer and opens nothing more.
    again = secretary.post_json("/api/v1/processes/demo_point/cases", {"organization_uscc": uscc},
                                HTTP_IDEMPOTENCY_KEY="apply-1")
    assert again.json()["id"] == case["id"] and again["Idempotent-Replayed"] == "true"
    case_id = case["id"]

    # Submitting without the evidence and the scores names what is missing.
    refused = act(secretary, case_id, "submit")
    assert refused.status_code == 400
    assert {e["field"] for e in refused.json()["errors"]} == {"documents", "scores"}
    assert upload_document(secretary, case_id, "self_report", "自评报告.docx", docx()).status_code == 201
    assert secretary.post_json(f"/api/v1/cases/{case_id}/scores", full_scores()).status_code == 200
    submitted = act(secretary, case_id, "submit")
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["stage"] == "preliminary"
    assert submitted.json()["actions"] == []  # the secretary does not act in the preliminary review
    assert submitted.json()["due_on"] == WorkingCalendar().add_working_days(today, 10).ends_on.isoformat()

    # The committee office: the registry pre-fills the criteria it knows (charter clause yes, no Party organization).
    detail = api.get(f"/api/v1/cases/{case_id}").json()
    assert [a["code"] for a in detail["actions"]] == ["pass", "return"]
    returned = act(api, case_id, "return")
    assert returned.status_code == 400 and returned.json()["errors"][0]["field"] == "reason"
    assert act(api, case_id, "return", reason="自评报告缺少党员教育培训情况").json()["stage"] == "self_assessment"
    assert act(secretary, case_id, "submit").json()["stage"] == "preliminary"
    assert api.post_json(f"/api/v1/cases/{case_id}/scores", full_scores()).status_code == 200
    assert act(api, case_id, "pass").json()["stage"] == "assessment"
    bad = act(api, case_id, "assessed", data={"team": "考核组", "methods": ["打电话"], "weather": "晴"})
    assert bad.status_code == 400
    # The wrong values, the unknown key, and the required fields still missing.
    assert {e["field"] for e in bad.json()["errors"]} == {"data.methods", "data.weather", "data.assessed_on", "data.opinion"}
    assessed = act(api, case_id, "assessed", data={"team": "省委考核组", "assessed_on": today.isoformat(),
                                                   "methods": ["查看资料", "座谈走访"], "opinion": "符合"})
    assert assessed.json()["stage"] == "meeting"

    # A batch decision at the committee meeting.
    other = org_create_in_province("340100", "安徽省第二测试协会")
    weak = org_create_in_province("340100", "安徽省第三测试协会")
    other_id, weak_id = to_meeting(api, other.uscc), to_meeting(api, weak.uscc, grade_ok=False)
    meeting = {"process": "demo_point", "held_on": today.isoformat(), "title": "全体委员会议",
               "decisions": [{"case": case_id, "decision": "approve"}, {"case": other_id, "decision": "reject"},
                             {"case": weak_id, "decision": "defer", "reason": "待补充评估等级"}]}
    refused = api.post_json("/api/v1/meetings", meeting)
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "decisions[1].reason"
    with schema_context(CODE):
        assert Case.objects.get(pk=case_id).stage == "meeting"  # nothing written
    blocked = api.post_json("/api/v1/meetings", {**meeting, "decisions": [{"case": weak_id, "decision": "approve"}]})
    assert blocked.status_code == 400
    assert blocked.json()["errors"][0]["field"] == "decisions[0].scores.grade_3a"
    assert "001 四(四)" in blocked.json()["errors"][0]["detail"]
    meeting["decisions"][1]["reason"] = "党组织作用发挥不明显"
    decided = api.post_json("/api/v1/meetings", meeting, HTTP_IDEMPOTENCY_KEY="meeting-1")
    assert decided.status_code == 201, decided.json()
    stages = {c["id"]: (c["stage"], c["status"]) for c in decided.json()["cases"]}
    assert stages == {case_id: ("notice", "open"), other_id: ("rejected", "closed"), weak_id: ("meeting", "open")}

    # Public notice: 5 working days by the official calendar; ending it early is refused.
    notice = api.get(f"/api/v1/cases/{case_id}").json()
    notice_end = WorkingCalendar().add_working_days(today, 5).ends_on
    assert notice["due_on"] == notice_end.isoformat()
    early = act(api, case_id, "notice_end")
    assert early.status_code == 400 and early.json()["errors"][0]["field"] == "action"
    # The day after the notice ends (the action layer with its date; the API uses today's).
    with schema_context(CODE):
        rules = rules_for("testland", clock.today())
        day_after = notice_end + dt.timedelta(days=1)
        named = actions.case_act(actor=Actor.system("test"), rules=rules, case_id=case_id, action="notice_end",
                                 today=day_after)
        assert (named.stage, named.valid_from, named.valid_until, named.review_due_on) == (
            "named", day_after, day_after.replace(year=day_after.year + 3), day_after.replace(year=day_after.year + 3))
    # The review finds it slipped: rectification with a 30-day deadline, then the title is revoked.
    failed = act(api, case_id, "review_fail", reason="三会一课落实不到位")
    assert failed.json()["stage"] == "rectifying"
    assert failed.json()["due_on"] == (today + dt.timedelta(days=29)).isoformat()
    assert upload_document(secretary, case_id, "rectification_report", "整改台账.xlsx", xlsx()).status_code == 201
    revoked = act(api, case_id, "revoke", reason="整改不力")
    assert (revoked.json()["stage"], revoked.json()["status"], revoked.json()["outcome"]) == ("revoked", "closed", "revoked")
    assert revoked.json()["valid_until"] == today.isoformat()

    # Every step is in the case history and in the province's audit log.
    history = [(e["action"], e["stage_before"], e["stage_after"]) for e in revoked.json()["history"]]
    assert history == [
        ("open", "", "self_assessment"), ("submit", "self_assessment", "preliminary"),
        ("return", "preliminary", "self_assessment"), ("submit", "self_assessment", "preliminary"),
        ("pass", "preliminary", "assessment"), ("assessed", "assessment", "meeting"), ("approve", "meeting", "notice"),
        ("notice_end", "notice", "named"), ("review_fail", "named", "rectifying"), ("revoke", "rectifying", "revoked"),
    ]
    assert revoked.json()["history"][2]["reason"] == "自评报告缺少党员教育培训情况"
    with schema_context(CODE):
        logged = list(AuditEntry.objects.filter(object_type="Case", object_id=str(case_id)).values_list("action", flat=True))
        assert [a for a in logged if not a.startswith(("case.score", "case.document"))] == [f"case.{h[0]}" for h in history]
        assert logged.count("case.document_add") == 2 and "case.score" in logged
        assert AuditEntry.objects.filter(action="meeting.record").exists()
        assert CaseEvent.objects.filter(case_id=other_id, action="reject", meeting__isnull=False).exists()


def org_create_in_province(region, name):
    with schema_context(CODE):
        return org_create(region, "province", name)


def test_an_application_after_the_rounds_deadline_is_refused_with_the_clause(api, world):
    today = TODAY()
    assert open_round(api, today.year - 1, today - dt.timedelta(days=60), today - dt.timedelta(days=1)).status_code == 201
    answer = api.post_json("/api/v1/processes/demo_point/cases",
                           {"organization_uscc": world.orgs["provincial"].uscc, "round": today.year - 1})
    assert answer.status_code == 400
    error = answer.json()["errors"][0]
    assert error["field"] == "round" and "逾期申报的视为放弃（001 三(一)）" in error["detail"]
    # Without a round open today there is nothing to apply to.
    answer = api.post_json("/api/v1/processes/demo_point/cases", {"organization_uscc": world.orgs["provincial"].uscc})
    assert answer.status_code == 400 and answer.json()["errors"][0]["field"] == "round"
    with schema_context(CODE):
        assert not Case.objects.filter(organization=world.orgs["provincial"]).exists()


def test_a_submission_after_the_deadline_is_refused_with_the_clause(world, round_open, api):
    with schema_context(CODE):
        rules = rules_for("testland", clock.today())
        actor = Actor.system("test")
        case = actions.case_open(actor=actor, rules=rules, process="demo_point", organization_uscc=world.orgs["provincial"].uscc)
    assert upload_document(api, case.pk, "self_report", "报告.png", PNG).status_code == 201
    assert api.post_json(f"/api/v1/cases/{case.pk}/scores", full_scores()).status_code == 200
    with schema_context(CODE), pytest.raises(Exception) as refused:
        actions.case_act(actor=actor, rules=rules, case_id=case.pk, action="submit",
                         today=dt.date.fromisoformat(round_open["deadline"]) + dt.timedelta(days=1))
    assert "001 三(一)" in str(refused.value.message_dict["round"])


def test_a_city_level_organization_may_not_apply(api, world, round_open):
    answer = api.post_json("/api/v1/processes/demo_point/cases", {"organization_uscc": world.orgs["city"].uscc})
    assert answer.status_code == 400
    assert answer.json()["errors"][0] == {"field": "organization_uscc", "code": "invalid",
                                          "detail": "不符合申报条件：省级社会组织（001 一）"}


def test_another_citys_user_gets_404_for_the_case_and_its_actions_and_documents(api, world, round_open):
    answer = api.post_json("/api/v1/processes/demo_point/cases", {"organization_uscc": world.orgs["provincial"].uscc})
    case_id = answer.json()["id"]
    document = upload_document(api, case_id, "self_report", "报告.pdf", PDF).json()["id"]
    hefei, wuhu = session(world, "hefei"), session(world, "wuhu")
    assert hefei.get(f"/api/v1/cases/{case_id}").status_code == 200
    assert hefei.get(f"/api/v1/cases/{case_id}/documents/{document}").content == PDF
    assert wuhu.get(f"/api/v1/cases/{case_id}").status_code == 404
    assert act(wuhu, case_id, "submit").status_code == 404
    assert wuhu.get(f"/api/v1/cases/{case_id}/documents/{document}").status_code == 404
    assert wuhu.get("/api/v1/cases?process=demo_point").json()["results"] == []
    assert [c["id"] for c in hefei.get("/api/v1/cases?process=demo_point").json()["results"]] == [case_id]


def test_an_action_the_stage_does_not_allow_is_a_409_listing_the_allowed_actions(api, world, round_open):
    case_id = api.post_json("/api/v1/processes/demo_point/cases", {"organization_uscc": world.orgs["provincial"].uscc}).json()["id"]
    with schema_context(CODE):
        events = CaseEvent.objects.filter(case_id=case_id).count()
    for code in ("approve", "no_such_action"):  # one of another stage, one of no stage at all
        answer = act(api, case_id, code)
        assert answer.status_code == 409
        body = answer.json()
        assert answer["Content-Type"].startswith("application/problem+json")
        assert [a["code"] for a in body["allowed_actions"]] == ["submit"] and body["errors"][0]["field"] == "action"
    with schema_context(CODE):  # nothing written: the case where it was, no event
        case = Case.objects.get(pk=case_id)
        assert case.stage == "self_assessment" and CaseEvent.objects.filter(case_id=case_id).count() == events
    # A Wuhan committee member sees the case but the first stage is the organization's.
    refused = act(session(world, "hefei"), case_id, "submit")
    assert refused.status_code == 403 and refused.json()["code"] == "action_not_permitted"


@pytest.mark.parametrize("name, content", [("报告.pdf", EXECUTABLE), ("报告.pdf", HTML), ("报告.docx", b"PK\x03\x04junk")])
def test_a_document_of_another_type_is_refused_by_its_content(api, world, round_open, name, content):
    case_id = api.post_json("/api/v1/processes/demo_point/cases", {"organization_uscc": world.orgs["provincial"].uscc}).json()["id"]
    answer = upload_document(api, case_id, "self_report", name, content)
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == "file" and "按内容识别" in answer.json()["errors"][0]["detail"]
    with schema_context(CODE):
        assert not Case.objects.get(pk=case_id).documents.exists()


def test_a_document_over_the_size_limit_or_of_an_unknown_kind_is_refused(api, world, round_open, settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    case_id = api.post_json("/api/v1/processes/demo_point/cases", {"organization_uscc": world.orgs["provincial"].uscc}).json()["id"]
    big = upload_document(api, case_id, "self_report", "大.pdf", PDF + b"0" * 2048)
    assert big.status_code == 400 and "超过上限" in big.json()["errors"][0]["detail"]
    unknown = upload_document(api, case_id, "photo", "a.pdf", PDF)
    assert unknown.status_code == 400 and unknown.json()["errors"][0]["field"] == "kind"
    with schema_context(CODE):
        assert not Case.objects.get(pk=case_id).documents.exists()


def test_bad_input_names_the_field_and_writes_nothing(api, world, round_open):
    today = TODAY()
    unknown = api.post_json("/api/v1/processes/nonexistent/cases", {"organization_uscc": world.orgs["provincial"].uscc})
    assert unknown.status_code == 400 and unknown.json()["errors"][0]["field"] == "process"
    assert api.get("/api/v1/processes/nonexistent/rounds").status_code == 404
    assert api.get("/api/v1/cases?stage=nowhere").json()["errors"][0]["field"] == "stage"
    assert api.get("/api/v1/cases?process=demo_point&stage=nowhere").status_code == 400
    assert api.get("/api/v1/cases?process=nonexistent").json()["errors"][0]["field"] == "process"
    inverted = open_round(api, today.year + 1, today, today - dt.timedelta(days=1))
    assert inverted.status_code == 400 and inverted.json()["errors"][0]["field"] == "deadline"
    twice = open_round(api, today.year, today, today)
    assert twice.status_code == 400 and twice.json()["errors"][0]["field"] == "year"
    with schema_context(CODE):
        assert Round.objects.filter(process="demo_point").count() == 1
    case_id = api.post_json("/api/v1/processes/demo_point/cases", {"organization_uscc": world.orgs["provincial"].uscc}).json()["id"]
    scores = api.post_json(f"/api/v1/cases/{case_id}/scores", {"scores": [{"item": "charter", "score": 11},
                                                                         {"item": "nothing", "score": 1}]})
    assert {e["field"] for e in scores.json()["errors"]} == {"scores[0].score", "scores[1].item"}
    with schema_context(CODE):
        assert not Case.objects.get(pk=case_id).scores.exists()


def test_working_days_answer_the_issues_example_and_flag_an_uncovered_year(api):
    answer = api.get("/api/v1/working-days?start=2026-09-30&days=5")
    assert answer.json() == {"start": "2026-09-30", "days": 5, "ends_on": "2026-10-12", "covered": True}
    assert api.get("/api/v1/working-days?start=2031-01-06&days=5").json()["covered"] is False
    bad = api.get("/api/v1/working-days?start=2026-13-01&days=0")
    assert bad.status_code == 400 and {e["field"] for e in bad.json()["errors"]} == {"start", "days"}


def test_a_task_is_assigned_to_two_cities_one_reports_and_progress_is_counted_per_city(api, world):
    from processes.selectors import task_progress

    for region in ("340100", "340200"):
        answer = api.post_json("/api/v1/processes/key_task/cases", {"region_code": region, "title": "底数摸排"})
        assert answer.status_code == 201, answer.json()
    hefei_case = api.get("/api/v1/cases?process=key_task&region=340100").json()["results"][0]["id"]
    hefei = session(world, "hefei")
    assert [c["id"] for c in hefei.get("/api/v1/cases?process=key_task").json()["results"]] == [hefei_case]
    no_text = act(hefei, hefei_case, "report", data={"figures": {"摸排组织数": 120}})
    assert no_text.status_code == 400 and no_text.json()["errors"][0]["field"] == "data.text"
    reported = act(hefei, hefei_case, "report", data={"text": "完成全市摸排", "figures": {"摸排组织数": 120}})
    assert reported.status_code == 200 and reported.json()["stage"] == "in_progress"
    assert act(hefei, hefei_case, "complete").status_code == 403  # the province closes tasks
    with schema_context(CODE):
        rows = task_progress(Actor.system("test"), rules_for("testland", clock.today()).process("key_task"), today=TODAY())
    assert [(r["key"], r["assigned"], r["reported"], r["done"]) for r in rows] == [("340100", 1, 1, 0), ("340200", 1, 0, 0)]


def test_a_nul_character_anywhere_is_a_400_not_a_500(api, world, round_open):
    case_id = api.post_json("/api/v1/processes/demo_point/cases", {"organization_uscc": world.orgs["provincial"].uscc}).json()["id"]
    assert act(api, case_id, "submit", reason="a\x00b").json()["errors"][0]["field"] == "reason"
    opened = api.post_json("/api/v1/processes/key_task/cases", {"region_code": "340100", "title": "x\x00"})
    assert opened.status_code == 400 and opened.json()["errors"][0]["field"] == "title"
    sent = api.post_json("/api/v1/registrations", {"event": "registered", "organization": {"uscc": "x"}, "party": {"a": "\x00"}})
    assert sent.status_code == 400 and sent.json()["errors"][0]["field"].startswith("party")


def _real_queries(captured) -> int:
    """Queries run, without django-tenants' ``SET search_path`` before each."""
    return sum(1 for query in captured.captured_queries if not query["sql"].startswith("SET search_path"))


def test_the_case_list_shows_each_cases_documents_scores_and_partners_in_as_many_queries_for_two_as_for_twelve(
        api, world, round_open):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def apply(index: int) -> str:
        with schema_context(CODE):
            applicant = org_create("340100", "province", f"安徽省列表测试协会{index}")
            partner = org_create("340100", "province", f"安徽省列表测试伙伴{index}")
        answer = api.post_json("/api/v1/processes/demo_point/cases",
                               {"organization_uscc": applicant.uscc, "organizations": [partner.uscc]})
        assert answer.status_code == 201, answer.json()
        case_id = answer.json()["id"]
        assert upload_document(api, case_id, "self_report", "自评报告.pdf", PDF).status_code == 201
        assert api.post_json(f"/api/v1/cases/{case_id}/scores",
                             {"scores": [{"item": "party_org", "score": 10}]}).status_code == 200
        return partner.uscc

    partners = [apply(index) for index in range(2)]
    api.get("/api/v1/cases")
    with CaptureQueriesContext(connection) as few:
        assert api.get("/api/v1/cases").status_code == 200
    partners += [apply(index) for index in range(2, 12)]
    with CaptureQueriesContext(connection) as many:
        answer = api.get("/api/v1/cases")
    assert answer.status_code == 200
    rows = answer.json()["results"]
    assert len(rows) == 12
    assert _real_queries(many) == _real_queries(few)
    assert sorted(partner for row in rows for partner in row["organizations"]) == sorted(partners)
    for row in rows:
        assert [document["kind"] for document in row["documents"]] == ["self_report"]
        assert [(score["item"], score["score"]) for score in row["scores"]] == [("party_org", 10.0)]
        # the document is there; three of the four items are still to be scored
        assert list(row["missing"]) == ["scores"] and row["missing"]["scores"][0].startswith("尚有3项未评分")
