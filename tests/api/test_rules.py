"""POST /api/v1/rules/evaluate: the six decisions, the organization's status, the year's
requirements and the checklists, each with ``met`` from the facts given (null where left out)."""
from __future__ import annotations

import pytest

from .conftest import api_client

ORG = {"kind": "private_non_enterprise", "registration_level": "province", "employees": 30, "is_school": True}


@pytest.fixture
def guangdong_api(tokens):
    return api_client("guangdong", tokens["guangdong"])


def evaluate(client, organization, as_of="2024-06-30"):
    response = client.post_json("/api/v1/rules/evaluate", {"as_of": as_of, "organization": organization})
    assert response.status_code == 200, response.content.decode()
    return response.json()


def test_the_answer_keeps_the_six_decisions_and_adds_status_requirements_and_checklists(jilin_api):
    body = evaluate(jilin_api, {**ORG, "members": [{"status": "formal", "relation": "here", "role": "full_time"}] * 3})
    assert list(body["decisions"]) == ["must_build_own_party_org", "coverage", "max_grade", "full_coverage_target",
                                       "weak_and_lax", "term_renewal_due"]
    assert body["decisions"]["max_grade"]["value"] == "2A" and body["decisions"]["full_coverage_target"]["value"] is True
    assert body["status"] == {"value": "active", "label": "正常", "in_scope": True, "clean_up": False, "reasons": []}
    requirements = {r["key"]: r for r in body["requirements"]}
    assert requirements["secretary_training"]["met"] is None  # no trainings given: never a guess
    assert requirements["general_meeting"]["met"] is None and requirements["general_meeting"]["province_setting"]
    inspection = next(c for c in body["checklists"] if c["key"] == "annual_inspection")
    items = {item["key"]: item["met"] for item in inspection["items"]}
    assert items["party_org_built"] is False and items["secretary_report"] is None


def test_multi_role_members_trainings_and_activities_by_kind(jilin_api):
    body = evaluate(jilin_api, {
        "kind": "social_group", "registration_level": "city",
        "members": [{"status": "formal", "relation": "here", "roles": ["leader", "full_time"]},
                    {"status": "formal", "relation": "here", "role": "management"},
                    {"status": "formal", "relation": "elsewhere", "role": "other"}],
        "trainings": [{"person_role": "secretary", "days": 2.5}],
        "party_org": {"form": "joint", "activities": {"general_meeting": 3, "committee_meeting": 12, "theme_day": 12}},
    })
    assert body["decisions"]["must_build_own_party_org"]["formal_members_counted"] == 3
    assert body["decisions"]["max_grade"]["value"] == "2A"  # only in a joint branch: not built (002 第九条(三))
    requirements = {r["key"]: r for r in body["requirements"]}
    assert (requirements["secretary_training"]["met"], requirements["secretary_training"]["reported"]) == (True, 1)
    assert requirements["party_worker_training"]["met"] is False
    assert (requirements["general_meeting"]["met"], requirements["committee_meeting"]["met"]) == (False, True)


def test_status_deregistered_is_out_of_scope_and_zombie_is_flagged(guangdong_api):
    gone = evaluate(guangdong_api, {**ORG, "status": "deregistered",
                                    "members": [{"status": "formal", "relation": "here", "role": "full_time"}] * 3})
    assert gone["status"]["in_scope"] is False and gone["decisions"]["must_build_own_party_org"]["value"] is False
    zombie = evaluate(guangdong_api, {**ORG, "status": "zombie"})
    assert zombie["status"]["clean_up"] is True and zombie["status"]["reasons"][0]["clause"] == "003 五"


def test_guangdong_screening_is_a_warning(guangdong_api):
    body = evaluate(guangdong_api, {"kind": "social_group", "registration_level": "city", "party_org": {
        "form": "joint", "covered_units": 6, "leadership_complete": True, "activities": {"theme_day": 12}}})
    decision = body["decisions"]["weak_and_lax"]
    assert decision["value"] is False and decision["warnings"] == ["joint_branch_too_many_units"]
    assert decision["findings"] == [] and len(decision["reasons"]) == 1


def test_role_and_roles_together_is_a_problem_naming_the_field(jilin_api):
    response = jilin_api.post_json("/api/v1/rules/evaluate", {"organization": {
        "kind": "social_group", "registration_level": "city",
        "members": [{"status": "formal", "relation": "here", "role": "leader", "roles": ["leader"]}],
        "trainings": [{"person_role": "chairman", "days": -1}], "status": "sleeping"}})
    assert response.status_code == 400
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"organization.members[0].role", "organization.trainings[0].person_role",
                      "organization.trainings[0].days", "organization.status"}
