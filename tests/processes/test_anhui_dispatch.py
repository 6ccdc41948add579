"""Anhui's instructor dispatch (004 一(一), 一(八), 二 六) through the API: an instructor of the
pool dispatched with a backward-planned timetable (the registry's dispatch carries it), a
monthly check recorded, a missed month reminded once, the quarterly evaluation with its score
in the quarter's bulletin, and the dispatch's outcome among the instructor indicators once
the organization sets up its Party organization."""
import datetime as dt

from django_tenants.utils import schema_context

import clock
from notifications.models import Notification
from notifications.reminders import reminders_run
from processes.models import Case

from .anhui import CODE, anhui_api, anhui_world, rules_now  # noqa: F401 (fixtures)
from .conftest import session

PROCESS = "instructor_dispatch"


def month_start(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def quarter(day: dt.date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def test_a_dispatch_with_its_timetable_gets_monthly_checks_a_missed_one_is_reminded(anhui_world, anhui_api):
    w, api = anhui_world, anhui_api
    today = clock.today()
    instructor = api.post_json("/api/v1/instructors", {"name": "王建国", "region_code": "340100", "unit": "省民政厅机关党委",
                                                       "full_time": True})
    assert instructor.status_code == 201, instructor.json()
    instructor_id = instructor.json()["id"]
    pool = next(r for r in api.get("/api/v1/dispatches/outcomes").json()["instructors"] if r["instructor_id"] == instructor_id)
    assert (pool["organizations"], pool["unit"], pool["full_time"]) == (0, "省民政厅机关党委", True)  # in the pool, not dispatched yet
    target = month_start(today, 6)
    opened = api.post_json(f"/api/v1/processes/{PROCESS}/cases", {
        "organization_uscc": w.orgs["dispatched"].uscc,
        "data": {"instructor_id": instructor_id, "target_on": target.isoformat(),
                 "milestones": f"{month_start(today, 2).isoformat()} 摸清党员底数\n{month_start(today, 4).isoformat()} 提交成立申请"}})
    assert opened.status_code == 201, opened.json()
    case_id = opened.json()["id"]
    dispatched = api.post_json(f"/api/v1/cases/{case_id}/actions", {"action": "dispatch"})
    assert dispatched.status_code == 200, dispatched.json()
    assert dispatched.json()["stage"] == "in_progress"
    dispatch = api.get(f"/api/v1/dispatches?organization={w.orgs['dispatched'].uscc}").json()["results"][0]
    assert dispatch["instructor_id"] == instructor_id and dispatch["started_on"] == today.isoformat()
    assert f"目标：{target.isoformat()}前建立党组织" in dispatch["plan"] and "摸清党员底数" in dispatch["plan"]

    # This month's check; an instructor's check needs what was done.
    refused = api.post_json(f"/api/v1/cases/{case_id}/actions", {"action": "monthly_check", "data": {"text": ""}})
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "data.text"
    refused = api.post_json(f"/api/v1/cases/{case_id}/actions", {"action": "monthly_check",
                                                                "data": {"text": "摸排", "period": "2026Q1"}})
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "data.period"
    checked = api.post_json(f"/api/v1/cases/{case_id}/actions", {
        "action": "monthly_check", "data": {"text": "入驻宣讲，摸排党员2名", "figures": {"走访次数": 2}}})
    assert checked.status_code == 200, checked.json()

    with schema_context(CODE):
        # Next month: this month's check is there, no monthly check is reminded (the quarter's
        # evaluation may be, when this month ends a quarter).
        monthly = Notification.objects.filter(user=w.users["provincial"], kind="report_missing", title__contains="每月问效")
        reminders_run(rules=rules_now(), as_of=month_start(today, 1))
        assert not monthly.exists()
        # The month after: next month passed without a check — reminded once, to the committee.
        later = month_start(today, 2)
        assert reminders_run(rules=rules_now(), as_of=later)["report_missing"] >= 1
        assert reminders_run(rules=rules_now(), as_of=later)["report_missing"] == 0
        missed = month_start(today, 1)
        note = monthly.get()
        assert f"{missed.year}-{missed.month:02d}未每月问效" in note.title
        assert note.link == f"/cases/{case_id}/" and note.clause == "004 一(八)"

    # The quarterly evaluation, by the committee, published in the quarter's bulletin.
    evaluated = api.post_json(f"/api/v1/cases/{case_id}/actions", {
        "action": "quarterly_evaluation", "data": {"text": "良好：按倒推表推进", "figures": {"score": 86}}})
    assert evaluated.status_code == 200, evaluated.json()
    bulletin = api.get(f"/api/v1/processes/{PROCESS}/bulletin?quarter={quarter(today)}").json()
    row = next(r for r in bulletin["rows"] if r["case"] == case_id)
    assert row["reports"]["quarterly_evaluation"]["entries"][0]["figures"] == {"score": 86}
    assert row["reports"]["monthly_check"]["done"] == 1 and row["reports"]["monthly_check"]["expected"] == 3
    page = session(w, "provincial").get(f"/processes/{PROCESS}/bulletin/?quarter={quarter(today)}").content.decode()
    assert w.orgs["dispatched"].name in page and "得分 86" in page and "良好：按倒推表推进" in page
    assert api.get(f"/api/v1/processes/{PROCESS}/bulletin?quarter=2026Q5").status_code == 400
    assert api.get("/api/v1/processes/party_org_establishment/bulletin").status_code == 404

    # The organization sets up its Party organization: the dispatch ends, the outcome counts it.
    before = api.get("/api/v1/dispatches/outcomes").json()
    with schema_context(CODE):
        from accounts.actors import Actor
        from registry.actions import party_organization_upsert

        party_organization_upsert(actor=Actor.system("test"), rules=rules_now(), data={
            "name": f"{w.orgs['dispatched'].name}党支部", "form": "own", "region_code": "340100",
            "covered_usccs": [w.orgs["dispatched"].uscc], "founded_on": today})
    built = api.post_json(f"/api/v1/cases/{case_id}/actions", {"action": "built"})
    assert built.status_code == 200 and built.json()["outcome"] == "built"
    after = api.get("/api/v1/dispatches/outcomes").json()
    assert after["built"] == before["built"] + 1
    mine = next(r for r in after["instructors"] if r["instructor_id"] == instructor_id)
    assert (mine["organizations"], mine["built"], mine["full_time"]) == (1, 1, True)
    assert any(q["quarter"] == quarter(today) and q["built"] >= 1 for q in after["quarters"])
    with schema_context(CODE):
        from registry.models import Dispatch

        assert Dispatch.objects.get(pk=Case.objects.get(pk=case_id).data["_effects"]["dispatch"]).ended_on == today
    outcomes = session(w, "provincial").get("/instructors/outcomes/").content.decode()
    assert "王建国" in outcomes and "派驻后成立党组织" in outcomes


def test_a_dispatch_without_its_timetable_is_refused_naming_the_fields(anhui_world, anhui_api):
    w, api = anhui_world, anhui_api
    opened = api.post_json(f"/api/v1/processes/{PROCESS}/cases", {"organization_uscc": w.orgs["dispatched"].uscc})
    answer = api.post_json(f"/api/v1/cases/{opened.json()['id']}/actions", {"action": "dispatch"})
    assert answer.status_code == 400
    fields = {e["field"] for e in answer.json()["errors"]}
    assert {"data.instructor_id", "data.target_on", "data.milestones"} <= fields
    # An instructor that does not exist: the registry's refusal names its field.
    answer = api.post_json(f"/api/v1/cases/{opened.json()['id']}/actions", {"action": "dispatch", "data": {
        "instructor_id": 999999, "target_on": "2027-06-30", "milestones": "2027-03-31 提交申请"}})
    assert answer.status_code == 400 and answer.json()["errors"][0]["field"] == "registry.instructor_id"
