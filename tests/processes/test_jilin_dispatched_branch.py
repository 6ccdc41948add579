"""Jilin's dispatched Party branch (002 第十八条) through the API: the composition the rules
decide (three instructors, 3–5 organizations without members or with few) refused with the
clause when it does not hold; an approved branch formed in the registry, its organizations
gaining work coverage on the dashboard; dissolution only once a covered organization has
built its own Party organization."""
import re

from django_tenants.utils import schema_context

from processes.models import Case
from registry.models import PartyOrganization

from .jilin_world import CODE, SYSTEM, instructor_create, jilin_world, jl_api, org_create, rules, web  # noqa: F401

PROCESS = "dispatched_branch"


def setup_orgs_and_instructors(count_orgs=6, count_instructors=3):
    with schema_context(CODE):
        orgs = [org_create(f"长春市第{n}小型社团", level="city") for n in range(count_orgs)]
        instructors = [instructor_create(f"指导员{n}").pk for n in range(count_instructors)]
    return orgs, instructors


def propose(api, orgs, instructors, name="长春市社会组织测试派出党支部"):
    return api.post_json(f"/api/v1/processes/{PROCESS}/cases", {
        "organization_uscc": orgs[0].uscc, "organizations": [o.uscc for o in orgs[1:]],
        "data": {"branch_name": name, "instructors": instructors}})


def work_covered(client) -> int:
    page = client.get("/").content.decode()
    figure = re.search(r'id="figure-work-covered".*?<div class="sub">([\d,]+) 个', page, re.S)
    assert figure, page[:2000]
    return int(figure.group(1).replace(",", ""))


def test_two_instructors_or_six_organizations_are_refused_with_002_18(jilin_world, jl_api):
    orgs, instructors = setup_orgs_and_instructors()
    two = propose(jl_api, orgs[:4], instructors[:2])
    assert two.status_code == 400
    assert two.json()["errors"][0]["field"] == "organizations"
    assert "002 第十八条" in two.json()["errors"][0]["detail"] and "现为2名" in two.json()["errors"][0]["detail"]
    six = propose(jl_api, orgs, instructors)
    assert six.status_code == 400
    assert "002 第十八条" in six.json()["errors"][0]["detail"] and "现为6个" in six.json()["errors"][0]["detail"]
    with schema_context(CODE):
        assert not Case.objects.filter(process=PROCESS, organization__in=orgs).exists()
        assert not PartyOrganization.objects.filter(name="长春市社会组织测试派出党支部").exists()


def test_three_instructors_covering_four_are_approved_and_give_work_coverage(jilin_world, jl_api):
    orgs, instructors = setup_orgs_and_instructors(count_orgs=4)
    staff = web(jilin_world, "provincial")
    before = work_covered(staff)
    proposed = propose(jl_api, orgs, instructors)
    assert proposed.status_code == 201, proposed.json()
    case_id = proposed.json()["id"]
    assert jl_api.post_json(f"/api/v1/cases/{case_id}/actions", {"action": "submit"}).json()["stage"] == "approval"
    approved = jl_api.post_json(f"/api/v1/cases/{case_id}/actions", {"action": "approve"})
    assert approved.status_code == 200, approved.json()
    assert approved.json()["stage"] == "active"
    with schema_context(CODE):
        branch = PartyOrganization.objects.get(name="长春市社会组织测试派出党支部")
        assert branch.form == "dispatched"
        assert set(branch.covered_organizations.values_list("uscc", flat=True)) == {o.uscc for o in orgs}
        assert sorted(branch.instructors.values_list("pk", flat=True)) == sorted(instructors)
        assert Case.objects.get(pk=case_id).party_organization == branch
    assert work_covered(staff) == before + 4

    # 002 第十八条: dissolved once a covered organization has built its own Party organization, not before.
    page = staff.get(f"/cases/{case_id}/").content.decode()
    assert 'id="condition-dissolve"' in page and "条件尚未满足" in page and "继续履行职责" in page
    early = jl_api.post_json(f"/api/v1/cases/{case_id}/actions", {"action": "dissolve", "reason": "任务完成"})
    assert early.status_code == 400 and "002 第十八条" in early.json()["errors"][0]["detail"]
    from registry.actions import party_organization_upsert

    with schema_context(CODE):
        party_organization_upsert(actor=SYSTEM, rules=rules(), data={
            "name": f"{orgs[0].name}党支部", "form": "own", "region_code": "220100", "covered_usccs": [orgs[0].uscc]})
    page = staff.get(f"/cases/{case_id}/").content.decode()  # proposed for dissolution on its page
    assert "条件已满足" in page and "所覆盖的社会组织已组建党组织（002 第十八条）" in page
    dissolved = jl_api.post_json(f"/api/v1/cases/{case_id}/actions",
                                 {"action": "dissolve", "reason": f"{orgs[0].name}已建立党支部"})
    assert dissolved.status_code == 200, dissolved.json()
    assert (dissolved.json()["stage"], dissolved.json()["status"]) == ("dissolved", "closed")
    with schema_context(CODE):
        assert PartyOrganization.objects.get(pk=branch.pk).dissolved_on is not None


def test_the_registry_write_itself_refuses_a_dispatched_branch_of_two_instructors(jilin_world, jl_api):
    orgs, instructors = setup_orgs_and_instructors(count_orgs=3)
    answer = jl_api.put_json("/api/v1/party-organizations/长春市直接写入的派出党支部", {
        "form": "dispatched", "region_code": "220100", "covered_usccs": [o.uscc for o in orgs],
        "instructor_ids": instructors[:2]})
    assert answer.status_code == 400, answer.json()
    assert any("002 第十八条" in e["detail"] for e in answer.json()["errors"])


def test_the_composition_is_checked_again_when_it_is_submitted(jilin_world, jl_api):
    orgs, instructors = setup_orgs_and_instructors(count_orgs=3)
    proposed = propose(jl_api, orgs, instructors)
    assert proposed.status_code == 201, proposed.json()
    with schema_context(CODE):  # one covered organization now has three members of its own
        from registry.actions import member_upsert
        from tests.registry.factories import make_id_number

        for n in range(3):
            member_upsert(actor=SYSTEM, rules=rules(), data={"id_number": make_id_number(), "name": f"党员{n}",
                                                             "organization_uscc": orgs[0].uscc, "roles": ["full_time"]})
    refused = jl_api.post_json(f"/api/v1/cases/{proposed.json()['id']}/actions", {"action": "submit"})
    assert refused.status_code == 400 and "002 第十八条" in refused.json()["errors"][0]["detail"]
