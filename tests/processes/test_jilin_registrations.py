"""Jilin's registration hand-off (002 第九条(一)): the Party data sent with a registration fills
the registry (①), the charter clause is checked (②), an organization without a Party
organization gets a formation-plan case naming its superior and instructor (④), which the
organization submits and the committee approves."""
from django_tenants.utils import schema_context

from processes.models import Case, Registration
from registry.models import Member, PartyOrganization
from tests.registry.factories import make_id_number, make_uscc

from .jilin_world import CODE, jilin_world, jl_api, json_session  # noqa: F401


def body(uscc, party=None, **organization):
    return {"event": "registered", "organization": {
        "uscc": uscc, "name": "长春市新登记行业协会", "kind": "social_group", "registration_level": "city",
        "region_code": "220100", **organization}, "party": party or {}}


def test_party_data_sent_at_registration_fills_the_registry_and_no_plan_is_needed(jilin_world, jl_api):
    uscc, id_number = make_uscc("220100"), make_id_number()
    party = {"party_organization": {"name": "长春市新登记行业协会党支部", "form": "own", "founded_on": "2026-01-15"},
             "members": [{"id_number": id_number, "name": "王五", "roles": ["leader"], "joined_on": "2001-07-01"}]}
    answer = jl_api.post_json("/api/v1/registrations", body(uscc, party, charter_clause=True))
    assert answer.status_code == 201, answer.json()
    checks = {c["key"]: (c["met"], c["clause"]) for c in answer.json()["checks"]}
    assert checks == {"party_data_collected": (True, "002 第九条(一)①"), "charter_clause": (True, "002 第九条(一)②"),
                      "party_work_known": (True, "002 第九条(一)③"), "party_org_built": (True, "002 第九条(一)④")}
    assert answer.json()["cases_opened"] == []
    with schema_context(CODE):
        branch = PartyOrganization.objects.get(name="长春市新登记行业协会党支部")
        assert list(branch.covered_organizations.values_list("uscc", flat=True)) == [uscc]
        member = Member.objects.get(organization__uscc=uscc)
        assert (member.name, member.party_organization, member.id_number) == ("王五", branch, id_number)
        kept = Registration.objects.get(organization__uscc=uscc).party
        assert id_number not in str(kept) and kept["members"][0]["id_number"].startswith(id_number[:2])


def test_bad_party_data_is_named_by_its_path_and_nothing_is_written(jilin_world, jl_api):
    uscc = make_uscc("220100")
    party = {"members": [{"id_number": "123", "name": "赵六"}]}
    answer = jl_api.post_json("/api/v1/registrations", body(uscc, party))
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == "party.members[0].id_number"
    with schema_context(CODE):
        assert not Registration.objects.filter(organization__uscc=uscc).exists()


def test_a_registration_without_a_party_organization_opens_the_formation_plan(jilin_world, jl_api):
    uscc = make_uscc("220100")
    answer = jl_api.post_json("/api/v1/registrations", body(uscc, {"formal_members": 1}))
    assert answer.status_code == 201, answer.json()
    checks = {c["key"]: c["met"] for c in answer.json()["checks"]}
    assert checks == {"party_data_collected": True, "charter_clause": False, "party_work_known": None,
                      "party_org_built": False}
    (opened,) = answer.json()["cases_opened"]
    assert (opened["process"], opened["stage"], opened["clause"]) == ("formation_plan", "plan", "002 第九条(一)④")
    case_id = opened["id"]
    incomplete = jl_api.post_json(f"/api/v1/cases/{case_id}/actions", {"action": "submit", "data": {"superior": "长春市社会组织联合党委"}})
    assert incomplete.status_code == 400
    assert {e["field"] for e in incomplete.json()["errors"]} == {"data.responsibility", "data.instructor"}
    submitted = jl_api.post_json(f"/api/v1/cases/{case_id}/actions", {"action": "submit", "data": {
        "superior": "长春市社会组织联合党委", "responsibility": "长春市民政局", "instructor": "李指导员"}})
    assert submitted.json()["stage"] == "review"
    city = json_session(jilin_world, "changchun")
    approved = city.post_json(f"/api/v1/cases/{case_id}/actions", {"action": "approve"})
    assert (approved.status_code, approved.json()["outcome"]) == (200, "approved")
    with schema_context(CODE):
        assert Case.objects.get(pk=case_id).data["plan"]["superior"] == "长春市社会组织联合党委"
