"""Jilin's ledger of Party-building funding and dues returned (002 第三十三条) through the API:
per Party organization and year, 1,000 yuan granted (less is refused with the clause), dues
paid and returned in full (less is refused), and the list of what is due and not yet done."""
from django_tenants.utils import schema_context

from .jilin_world import CODE, jilin_world, jl_api  # noqa: F401

PROCESS = "funding_ledger"


def test_a_year_is_granted_1000_yuan_and_its_dues_returned_in_full(jilin_world, jl_api):
    with schema_context(CODE):
        branch = jilin_world.orgs["provincial"].party_organizations.get()
    opened = jl_api.post_json(f"/api/v1/processes/{PROCESS}/cases", {"party_organization": branch.name, "title": "2026年度",
                                                                       "data": {"year": 2026}})
    assert opened.status_code == 201, opened.json()
    case_id = opened.json()["id"]
    due = jl_api.get(f"/api/v1/cases?process={PROCESS}&stage=due").json()
    assert [c["id"] for c in due["results"]] == [case_id]
    short = jl_api.post_json(f"/api/v1/cases/{case_id}/actions", {"action": "grant", "data": {
        "granted_amount": 800, "granted_on": "2026-03-01"}})
    assert short.status_code == 400 and "002 第三十三条" in short.json()["errors"][0]["detail"]
    granted = jl_api.post_json(f"/api/v1/cases/{case_id}/actions", {"action": "grant", "data": {
        "granted_amount": 1000, "granted_on": "2026-03-01"}})
    assert granted.json()["stage"] == "dues", granted.json()
    partly = jl_api.post_json(f"/api/v1/cases/{case_id}/actions", {"action": "returned", "data": {
        "dues_paid": 1260.5, "dues_returned": 1000, "returned_on": "2026-06-30"}})
    assert partly.status_code == 400 and "全额返还" in partly.json()["errors"][0]["detail"]
    settled = jl_api.post_json(f"/api/v1/cases/{case_id}/actions", {"action": "returned", "data": {
        "dues_paid": 1260.5, "dues_returned": 1260.5, "returned_on": "2026-06-30"}})
    assert (settled.json()["stage"], settled.json()["status"]) == ("settled", "closed")
    assert jl_api.get(f"/api/v1/cases?process={PROCESS}&status=open").json()["results"] == []
