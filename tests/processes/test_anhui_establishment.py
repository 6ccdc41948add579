"""Anhui's establishment approval (004 一(六)) through the API and the pages: three
applications decided at one committee meeting on the meeting page (two approved, one
rejected with its reason and next steps); the approvals set up the Party organizations in the
registry (one a joint branch covering two organizations, one with its secretary) and coverage
rises on the dashboard; the rejected applicant applies again; the approved ones go on to the
standardization check ("审批一个，达标一个"), scored and passed."""
import datetime as dt
import re

from django_tenants.utils import schema_context

import clock
from audit.models import AuditEntry
from processes.models import Case

from .anhui import CODE, anhui_api, anhui_world  # noqa: F401 (fixtures)
from .conftest import session

PROCESS = "party_org_establishment"


def apply(api, uscc, *, name, form="单独组建", organizations=(), secretary=None):
    data = {"party_org_name": name, "party_org_form": form}
    if secretary:
        data["secretary"] = secretary
    answer = api.post_json(f"/api/v1/processes/{PROCESS}/cases",
                           {"organization_uscc": uscc, "organizations": list(organizations), "data": data})
    assert answer.status_code == 201, answer.json()
    case_id = answer.json()["id"]
    for action in ("submit", "to_meeting"):
        step = api.post_json(f"/api/v1/cases/{case_id}/actions", {"action": action})
        assert step.status_code == 200, step.json()
    assert step.json()["stage"] == "meeting"
    return case_id


def covered_count(client) -> int:
    page = client.get("/").content.decode()
    card = page[page.index('id="figure-covered"'):]
    return int(re.search(r"已覆盖 ([\d,]+) 个", card).group(1).replace(",", ""))


def test_a_meeting_decides_three_applications_the_approvals_set_up_party_organizations(anhui_world, anhui_api):
    w, api = anhui_world, anhui_api
    own = apply(api, w.orgs["own"].uscc, name=f"{w.orgs['own'].name}党支部", secretary="张书记")
    joint = apply(api, w.orgs["joint_a"].uscc, name=f"{w.orgs['joint_a'].name}等联合党支部", form="联合组建",
                  organizations=[w.orgs["joint_b"].uscc])
    rejected = apply(api, w.orgs["rejected"].uscc, name=f"{w.orgs['rejected'].name}党支部")
    staff = session(w, "provincial")
    before = covered_count(staff)

    # The meeting page lists the batch with each application's facts, counted by Anhui's rule.
    page = staff.get(f"/processes/{PROCESS}/meeting/").content.decode()
    for case_id in (own, joint, rejected):
        assert f'name="decision.{case_id}"' in page
    assert "按本省规则计入正式党员3名，应单独组建" in page  # three full-time staff (004 二 四)
    assert "按本省规则计入正式党员1名" in page and w.orgs["joint_b"].name in page  # the joint branch's second organization
    assert "组建方式：联合组建" in page and "拟任书记（本组织党员姓名）：张书记" in page

    reason = "专职工作人员中正式党员仅1名，会长不计入，不符合单独组建条件；下一步可与相邻社会组织联合组建"
    answer = staff.post(f"/processes/{PROCESS}/meeting/", {
        "title": "综合党委会", "held_on": clock.today().isoformat(),
        f"decision.{own}": "approve", f"decision.{joint}": "approve",
        f"decision.{rejected}": "reject", f"reason.{rejected}": reason})
    assert answer.status_code == 302, answer.content.decode()[:2000]

    with schema_context(CODE):
        from registry.models import PartyOrganization

        own_case, joint_case, rejected_case = (Case.objects.get(pk=pk) for pk in (own, joint, rejected))
        assert own_case.stage == joint_case.stage == "standardization"
        assert own_case.due_on == clock.today() + dt.timedelta(days=179)  # 180 calendar days (a setting)
        branch = PartyOrganization.objects.get(pk=own_case.party_organization_id)
        assert branch.form == "own" and branch.secretary.name == "张书记" and branch.founded_on == clock.today()
        assert list(branch.covered_organizations.values_list("uscc", flat=True)) == [w.orgs["own"].uscc]
        joint_branch = PartyOrganization.objects.get(pk=joint_case.party_organization_id)
        assert joint_branch.form == "joint"
        assert set(joint_branch.covered_organizations.values_list("uscc", flat=True)) == {
            w.orgs["joint_a"].uscc, w.orgs["joint_b"].uscc}
        assert rejected_case.status == "closed" and rejected_case.outcome == "rejected"
        assert rejected_case.events.get(action="reject").reason == reason
        assert AuditEntry.objects.filter(action="party_organization.upsert", object_id=str(joint_branch.pk)).exists()
        assert AuditEntry.objects.filter(action="case.approve", object_id=str(own)).exists()
        # The applicant's secretary learns the decision in the inbox.
        from notifications.models import Notification

        told = Notification.objects.get(user=w.users["secretary"], kind="case_decision")
        assert told.title.endswith("党组织成立审批：批准成立") and told.link == f"/cases/{own}/"
        assert "综合党委会" in told.body and "达标验收" in told.body

    # Three more organizations covered on the dashboard.
    assert covered_count(staff) == before + 3
    # The rejection and its next steps, on the applicant's case page.
    detail = staff.get(f"/cases/{rejected}/").content.decode()
    assert "未批准" in detail and "下一步可与相邻社会组织联合组建" in detail

    # The rejected applicant applies again (the first case is closed).
    again = api.post_json(f"/api/v1/processes/{PROCESS}/cases", {
        "organization_uscc": w.orgs["rejected"].uscc, "data": {"party_org_name": "再次申请党支部", "party_org_form": "单独组建"}})
    assert again.status_code == 201 and again.json()["stage"] == "application"

    # Standardization: the items pre-filled from the registry, scored, and passed.
    case = api.get(f"/api/v1/cases/{own}").json()
    assert [a["code"] for a in case["actions"]] == ["pass", "fail"]
    refused = api.post_json(f"/api/v1/cases/{own}/actions", {"action": "pass"})
    assert refused.status_code == 400 and "scores" in str(refused.json())
    scored = api.post_json(f"/api/v1/cases/{own}/scores", {"scores": [
        {"item": "organization_set", "score": 20}, {"item": "leadership", "score": 20},
        {"item": "organizational_life", "score": 20}, {"item": "rules_in_place", "score": 15},
        {"item": "activity_space", "score": 10}]})
    assert scored.status_code == 200, scored.json()
    passed = api.post_json(f"/api/v1/cases/{own}/actions", {"action": "pass", "data": {"checked_on": clock.today().isoformat()}})
    assert passed.status_code == 200, passed.json()
    assert passed.json()["status"] == "closed" and passed.json()["outcome"] == "standardized"
    # A failed check needs its reason and goes to rectification by the organization.
    failed = api.post_json(f"/api/v1/cases/{joint}/actions", {"action": "fail"})
    assert failed.status_code == 400 and failed.json()["errors"][0]["field"] == "reason"
    failed = api.post_json(f"/api/v1/cases/{joint}/actions", {"action": "fail", "reason": "组织生活不规范"})
    assert failed.json()["stage"] == "rectifying"


def test_an_approval_whose_secretary_is_not_a_member_is_refused_and_nothing_is_written(anhui_world, anhui_api):
    w, api = anhui_world, anhui_api
    case_id = apply(api, w.orgs["own"].uscc, name="不存在书记的党支部", secretary="查无此人")
    answer = api.post_json("/api/v1/meetings", {"process": PROCESS, "held_on": clock.today().isoformat(), "title": "综合党委会",
                                                "decisions": [{"case": case_id, "decision": "approve"}]})
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == "decisions[0].data.secretary"
    with schema_context(CODE):
        from registry.models import PartyOrganization

        assert not PartyOrganization.objects.filter(name="不存在书记的党支部").exists()
        assert Case.objects.get(pk=case_id).stage == "meeting"


def test_a_joint_branch_is_refused_a_form_anhui_does_not_have_and_an_own_branch_covers_one(anhui_world, anhui_api):
    w, api = anhui_world, anhui_api
    case_id = apply(api, w.orgs["joint_a"].uscc, name="单独组建却覆盖两家的党支部", form="单独组建",
                    organizations=[w.orgs["joint_b"].uscc])
    answer = api.post_json("/api/v1/meetings", {"process": PROCESS, "held_on": clock.today().isoformat(), "title": "综合党委会",
                                                "decisions": [{"case": case_id, "decision": "approve"}]})
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == "decisions[0].registry.covered_usccs"
