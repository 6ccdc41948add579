"""Every role × every API endpoint: a session sees exactly its scope (raw SQL), or is
refused; nobody sees a row outside it; only roles allowed to write can write."""
import datetime as dt

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from .conftest import logged_in
from .test_scoping import ROLES, expected_instructors, expected_members, expected_organizations, expected_party


def _ids(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


@pytest.fixture
def records(world):
    """One grade, inspection, activity and training for every organization / member."""
    from registry.models import Activity, AnnualInspection, EvaluationGrade, Training

    with schema_context("jilin"):
        for org in world.orgs.values():
            EvaluationGrade.objects.create(organization=org, grade="3A", rated_on=dt.date(2024, 1, 1))
            AnnualInspection.objects.create(organization=org, year=2024, result="passed")
        for party in world.party.values():
            Activity.objects.create(party_organization=party, kind="theme_day", held_on=dt.date(2024, 3, 1))
        for member in world.members.values():
            Training.objects.create(member=member, title="集中培训", started_on=dt.date(2024, 5, 1), days=1)
    return world


def expected_rows(key, w) -> dict[str, set]:
    """Per list endpoint, the identifiers the user may see, from SQL alone."""
    orgs = expected_organizations(key, w)
    party = expected_party(key, w, orgs)
    members = expected_members(key, orgs, party)
    org_list = list(orgs)
    data_role = bool(orgs) or key in ("city", "county")
    return {
        "organizations": _ids("SELECT uscc FROM registry_socialorganization WHERE id = ANY(%s)", [org_list]),
        "members": members,
        "party-organizations": party,
        "instructors": expected_instructors(key, w, orgs) if data_role else set(),
        "dispatches": _ids("SELECT id FROM registry_dispatch WHERE organization_id = ANY(%s)", [org_list]),
        "evaluation-grades": _ids("SELECT id FROM registry_evaluationgrade WHERE organization_id = ANY(%s)", [org_list]),
        "annual-inspections": _ids("SELECT id FROM registry_annualinspection WHERE organization_id = ANY(%s)", [org_list]),
        "activities": _ids("SELECT id FROM registry_activity WHERE party_organization_id = ANY(%s)", [list(party)]),
        "trainings": _ids("SELECT id FROM registry_training WHERE member_id = ANY(%s)", [list(members)]),
        "regions": _ids("SELECT code FROM regions_region") if data_role else set(),
        "supervisors": _ids("SELECT id FROM registry_supervisor") if data_role else set(),
    }


KEY_FIELD = {"organizations": "uscc", "regions": "code"}


@pytest.mark.parametrize("key", ROLES)
def test_api_lists_by_role(records, users, key):
    w = records
    client = logged_in("jilin", users[key])
    with schema_context("jilin"):
        expected = expected_rows(key, w)
    for endpoint, rows in expected.items():
        response = client.get(f"/api/v1/{endpoint}?page_size=500")
        if key == "provincial":
            assert response.status_code == 200, (endpoint, response.content[:300])
        if response.status_code == 403:
            continue  # refused outright: sees nothing
        assert response.status_code == 200, (endpoint, response.status_code)
        body = response.json()
        results = body["results"] if isinstance(body, dict) else body
        seen = {row[KEY_FIELD.get(endpoint, "id")] for row in results}
        assert seen == rows, (endpoint, key)


@pytest.mark.parametrize("key", ROLES)
def test_api_details_outside_the_scope_are_404(records, users, key):
    w = records
    client = logged_in("jilin", users[key])
    with schema_context("jilin"):
        orgs = expected_organizations(key, w)
        party = expected_party(key, w, orgs)
        members = expected_members(key, orgs, party)
    statuses = []
    for org in w.orgs.values():
        status = client.get(f"/api/v1/organizations/{org.uscc}").status_code
        statuses.append(status)
        assert status in ((200, 403) if org.pk in orgs else (403, 404)), (org.name, status)
    for member in w.members.values():
        status = client.get(f"/api/v1/members/{member.pk}").status_code
        statuses.append(status)
        assert status in ((200, 403) if member.pk in members else (403, 404)), (member.name, status)
    # A role has API access or not: never some rows in scope refused and others shown.
    assert not (403 in statuses and 200 in statuses)
    if key == "provincial":
        assert set(statuses) == {200}


def test_member_numbers_are_masked_in_the_api(records, users):
    client = logged_in("jilin", users["provincial"])
    body = client.get("/api/v1/members?page_size=500").json()
    by_name = {row["name"]: row for row in body["results"]}
    m1 = records.members["m1"]
    assert by_name[m1.name]["id_number"] == m1.id_number_masked
    assert by_name[m1.name]["phone"] == "138****5678"


@pytest.mark.parametrize("key", ROLES)
def test_only_provincial_staff_write_through_a_session(records, users, key):
    """An upsert keyed by USCC would reach an organization outside a narrower scope, so
    sessions write only with the whole province as scope (tokens are the integrations')."""
    w = records
    client = logged_in("jilin", users[key])
    org = w.orgs["o8"]  # 四平市: outside every narrow scope here
    body = {"name": "改名协会", "kind": "social_group", "registration_level": "city", "region_code": "220300"}
    response = client.put(f"/api/v1/organizations/{org.uscc}", body, content_type="application/json")
    with schema_context("jilin"):
        org.refresh_from_db()
    if key == "provincial":
        assert response.status_code == 200 and org.name == "改名协会"
    else:
        assert response.status_code in (401, 403), response.status_code
        assert org.name != "改名协会"


def test_a_token_sees_the_whole_province(records):
    from django.test import Client

    from api.services import api_token_issue

    with schema_context("jilin"):
        issued = api_token_issue(name="测试集成", scopes=["read"])
        total = _ids("SELECT uscc FROM registry_socialorganization")
    secret = getattr(issued, "secret", None) or getattr(issued, "value", None) or getattr(issued, "token", None)
    client = Client(HTTP_HOST="jilin.localhost", HTTP_AUTHORIZATION=f"Bearer {secret}")
    body = client.get("/api/v1/organizations?page_size=500").json()
    assert {row["uscc"] for row in body["results"]} == total
