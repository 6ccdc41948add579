"""Anhui's 三个同步 (004 一(七)) on the registration hand-off: a registration without the
Party-building pledge or the member survey form opens a case to collect them (documents the
organization uploads, the committee accepts); one with both opens none; the annual report
opens the Party-building annual report form the organization fills."""
from django_tenants.utils import schema_context

from processes.models import Case
from tests.processes.files import PDF, upload
from tests.registry.factories import make_uscc

from .anhui import CODE, anhui_api, anhui_world  # noqa: F401 (fixtures)


def registration(api, event, party, uscc=None, name="安徽省新登记测试协会"):
    return api.post_json("/api/v1/registrations", {"event": event, "party": party, "organization": {
        "uscc": uscc or make_uscc(region_code="340100"), "name": name, "kind": "social_group",
        "registration_level": "province", "region_code": "340100"}})


def test_a_registration_without_the_pledge_opens_a_case_to_collect_the_documents(anhui_world, anhui_api):
    api = anhui_api
    answer = registration(api, "registered", {"member_survey": True})
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert {c["key"]: c["met"] for c in body["checks"]} == {"pledge": False, "member_survey": True}
    assert all(c["clause"] == "004 一(七)" for c in body["checks"])
    [opened] = body["cases_opened"]
    assert opened["process"] == "three_sync_documents" and opened["stage"] == "collecting"
    case_id = opened["id"]
    refused = api.post_json(f"/api/v1/cases/{case_id}/actions", {"action": "submit"})
    assert refused.status_code == 400 and "社会组织党建工作承诺书" in str(refused.json())
    for kind in ("pledge", "member_survey"):
        assert api.post(f"/api/v1/cases/{case_id}/documents", {"kind": kind, "file": upload(f"{kind}.pdf", PDF)}).status_code == 201
    assert api.post_json(f"/api/v1/cases/{case_id}/actions", {"action": "submit"}).json()["stage"] == "review"
    done = api.post_json(f"/api/v1/cases/{case_id}/actions", {"action": "accept"}).json()
    assert done["status"] == "closed" and done["outcome"] == "complete"

    # With both documents, nothing to collect.
    complete = registration(api, "registered", {"pledge": True, "member_survey": True}, name="安徽省材料齐全测试协会").json()
    assert complete["cases_opened"] == [] and all(c["met"] for c in complete["checks"])


def test_the_annual_report_opens_the_party_building_annual_report_form(anhui_world, anhui_api):
    api, w = anhui_api, anhui_world
    org = w.orgs["own"]
    answer = registration(api, "annual_report", {}, uscc=org.uscc, name=org.name).json()
    [opened] = answer["cases_opened"]
    assert opened["process"] == "annual_party_report"
    case_id = opened["id"]
    missing = api.post_json(f"/api/v1/cases/{case_id}/actions", {"action": "submit"})
    assert missing.status_code == 400
    assert {"data.year", "data.formal_members", "data.party_org"} <= {e["field"] for e in missing.json()["errors"]}
    wrong = api.post_json(f"/api/v1/cases/{case_id}/actions", {"action": "submit", "data": {"party_org": "已建"}})
    assert wrong.status_code == 400 and wrong.json()["errors"][0]["field"] == "data.party_org"
    filled = api.post_json(f"/api/v1/cases/{case_id}/actions", {"action": "submit", "data": {
        "year": 2026, "formal_members": 3, "party_org": "未组建", "activities": 0, "instructor": "有"}})
    assert filled.status_code == 200 and filled.json()["stage"] == "review"
    with schema_context(CODE):
        assert Case.objects.get(pk=case_id).data["filling"]["party_org"] == "未组建"
