"""Jilin's secretary's yearly report and its review (002 第二十五条; the review from 2021 per
000 (四)) through the API with Jilin's real rules: a case per Party organization and year, due
on the date the committee gives; the secretary reports, the committee returns or reviews it; a
report not made by its date is reminded with the clause, a reported one is not."""
import datetime as dt

from django_tenants.utils import schema_context

import clock
from notifications.models import Notification
from notifications.reminders import reminders_run
from accounts.models import Role
from processes import actions
from tests.accounts.conftest import make_user

from .jilin_world import CODE, SYSTEM, jilin_world, jl_api, json_session, rules  # noqa: F401

PROCESS = "secretary_report"
REPORT = {"members_heard_on": "2026-11-20", "summary": "全年落实“三会一课”，发展党员1名；党员教育方式较单一，明年改进"}


def act(client, case_id, action, **body):
    return client.post_json(f"/api/v1/cases/{case_id}/actions", {"action": action, **body})


def test_the_secretary_reports_the_committee_reviews_and_a_missing_report_is_reminded(jilin_world, jl_api):
    today = clock.today()
    with schema_context(CODE):
        provincial = jilin_world.orgs["provincial"].party_organizations.get()
        city = jilin_world.orgs["city"].party_organizations.get()
    year = {"party_organization": provincial.name, "title": f"{today.year}年度", "data": {"year": today.year}}
    undated = jl_api.post_json(f"/api/v1/processes/{PROCESS}/cases", year)
    assert undated.status_code == 400 and undated.json()["errors"][0]["field"] == "due_on"
    due_on = today + dt.timedelta(days=20)
    opened = jl_api.post_json(f"/api/v1/processes/{PROCESS}/cases", {**year, "due_on": due_on.isoformat()})
    assert opened.status_code == 201, opened.json()
    case_id = opened.json()["id"]
    assert (opened.json()["stage"], opened.json()["due_on"]) == ("report", due_on.isoformat())
    again = jl_api.post_json(f"/api/v1/processes/{PROCESS}/cases", {**year, "due_on": due_on.isoformat()})
    assert again.status_code == 409 and "编号" in again.json()["detail"]  # one case per Party organization and year

    secretary = json_session(jilin_world, "secretary")
    unwritten = act(secretary, case_id, "submit", data={"members_heard_on": "2026-11-20"})
    assert unwritten.status_code == 400 and "summary" in str(unwritten.json())
    reported = act(secretary, case_id, "submit", data=REPORT)
    assert reported.json()["stage"] == "review", reported.json()
    assert act(secretary, case_id, "review", data={"rating": "好", "opinion": "同意"}).status_code == 403

    returned = act(jl_api, case_id, "return", reason="未写明党员评议情况，请补充")
    assert (returned.json()["stage"], returned.json()["due_on"]) == ("report", due_on.isoformat())  # the date stays
    assert act(secretary, case_id, "submit", data=REPORT).json()["stage"] == "review"
    assert act(jl_api, case_id, "review", data={"rating": "优秀", "opinion": "同意"}).status_code == 400  # not a grade
    reviewed = act(jl_api, case_id, "review", data={"rating": "较好", "opinion": "履职尽责，党员教育需加强"})
    assert (reviewed.json()["stage"], reviewed.json()["status"]) == ("reviewed", "closed"), reviewed.json()
    declared = next(p for p in jl_api.get("/api/v1/processes").json() if p["code"] == PROCESS)
    assert [(s["name"], s["clause"]) for s in declared["stages"]] == [
        ("书记报告工作", "002 第二十五条"), ("上级党组织评议", "000 (四)"), ("已评议", "000 (四)")]

    # The city branch's secretary has not reported by the date the committee gave: reminded.
    with schema_context(CODE):
        city_secretary = make_user("jcs-report", Role.ORGANIZATION_SECRETARY, organization=jilin_world.orgs["city"])
        missing = actions.case_open(actor=SYSTEM, rules=rules(), process=PROCESS, party_organization=city.name,
                                    title=f"{today.year}年度", data={"year": today.year},
                                    due_on=today - dt.timedelta(days=1), today=today - dt.timedelta(days=30))
        assert reminders_run(rules=rules(), as_of=today)["case_deadline"] == 1
        assert reminders_run(rules=rules(), as_of=today)["case_deadline"] == 0  # once
        notes = list(Notification.objects.filter(kind="case_deadline"))
    assert {n.link for n in notes} == {f"/cases/{missing.pk}/"}  # the reported one is not reminded
    note = next(n for n in notes if n.user == city_secretary)
    assert city.name in note.title and "书记报告工作" in note.title and "已逾期" in note.title
    assert note.clause == "002 第二十五条"
    assert [c["id"] for c in jl_api.get(f"/api/v1/cases?process={PROCESS}&status=open").json()["results"]] == [missing.pk]
