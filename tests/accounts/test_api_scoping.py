"""Every role × every API endpoint: a session sees exactly its scope (raw SQL), or is
refused; nobody sees a row outside it; only roles allowed to write can write, and only
inside their scope."""
import datetime as dt

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from tests.registry.factories import make_id_number, make_uscc

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


DATA_ROLES = ["provincial", "city", "county", "supervisor", "industry", "secretary", "liaison", "instructor"]
WRITE_ROLES = ["provincial", "city", "county"]


@pytest.mark.parametrize("key", ROLES)
def test_api_lists_by_role(records, users, key):
    """Every data role reads the API within its scope; administrators and users without a
    role are refused outright."""
    w = records
    client = logged_in("jilin", users[key])
    with schema_context("jilin"):
        expected = expected_rows(key, w)
    for endpoint, rows in expected.items():
        response = client.get(f"/api/v1/{endpoint}?page_size=500")
        if key not in DATA_ROLES:
            assert response.status_code == 403, (endpoint, response.status_code)
            assert response.json()["status"] == 403
            continue
        assert response.status_code == 200, (endpoint, response.status_code, response.content[:300])
        body = response.json()
        results = body["results"] if isinstance(body, dict) else body
        seen = {row[KEY_FIELD.get(endpoint, "id")] for row in results}
        assert seen == rows, (endpoint, key)


def test_a_city_session_reads_exactly_its_regions_organizations(records, users):
    """长春市 staff (220100) see the organizations whose region code starts 2201, no more."""
    client = logged_in("jilin", users["city"])
    response = client.get("/api/v1/organizations?page_size=500")
    assert response.status_code == 200, response.content[:300]
    with schema_context("jilin"):
        expected = _ids("SELECT o.uscc FROM registry_socialorganization o JOIN regions_region r ON r.id = o.region_id "
                        "WHERE r.code LIKE %s", ["2201%"])
    results = response.json()["results"]
    assert len(results) == len(expected) == 4  # o1, o2, o3, o7
    assert {row["uscc"] for row in results} == expected
    assert all(row["region_code"].startswith("2201") for row in results)


@pytest.mark.parametrize("key", DATA_ROLES)
def test_province_wide_figures_are_for_the_whole_province_scope_only(records, users, key):
    """Indicators and snapshots count the whole province: a narrower session is refused
    (its own figures are on the web dashboard), provincial staff read them."""
    client = logged_in("jilin", users[key])
    for path in ("/api/v1/indicators?grouping=city", "/api/v1/snapshots?grouping=province&group_key=all"):
        response = client.get(path)
        if key == "provincial":
            assert response.status_code == 200, (path, response.content[:300])
        else:
            assert response.status_code == 403, (path, response.status_code)
            assert response.json()["code"] == "whole_province_only"


@pytest.mark.parametrize("key", DATA_ROLES)
def test_covered_organizations_are_listed_within_the_scope_only(records, users, key):
    """A joint branch shows the USCCs of the covered organizations the reader may see, and
    only counts the others (长春's p2 covers o2 in 长春 and o4 in 吉林市)."""
    w = records
    client = logged_in("jilin", users[key])
    with schema_context("jilin"):
        orgs = expected_organizations(key, w)
        visible_usccs = _ids("SELECT uscc FROM registry_socialorganization WHERE id = ANY(%s)", [list(orgs)])
        covered = {}
        with connection.cursor() as cursor:
            cursor.execute("SELECT c.partyorganization_id, o.uscc FROM registry_partyorganization_covered_organizations c "
                           "JOIN registry_socialorganization o ON o.id = c.socialorganization_id")
            for party_id, uscc in cursor.fetchall():
                covered.setdefault(party_id, set()).add(uscc)
    rows = client.get("/api/v1/party-organizations?page_size=500").json()["results"]
    assert rows or key == "instructor"  # i1 is dispatched to o3, which no Party organization covers
    for row in rows:
        all_covered = covered.get(row["id"], set())
        assert row["covered_usccs"] == sorted(all_covered & visible_usccs), (key, row["name"])
        assert row["covered_outside_scope"] == len(all_covered - visible_usccs), (key, row["name"])
        detail = client.get(f"/api/v1/party-organizations/{row['id']}").json()
        assert (detail["covered_usccs"], detail["covered_outside_scope"]) == (row["covered_usccs"], row["covered_outside_scope"])
    if key == "city":
        p2 = next(row for row in rows if row["name"] == w.party["p2"].name)
        assert p2["covered_usccs"] == [w.orgs["o2"].uscc] and p2["covered_outside_scope"] == 1
    if key == "provincial":
        assert all(row["covered_outside_scope"] == 0 for row in rows)


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


def _json(client, method, path, body):
    return getattr(client, method)(path, body, content_type="application/json")


def _problem(response, status, field=None):
    assert response.status_code == status, (response.status_code, response.content.decode()[:500])
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status
    if field is not None:
        assert field in {error["field"] for error in body.get("errors") or []}, body
    return body


ORG_BODY = {"name": "改名协会", "kind": "social_group", "registration_level": "city", "region_code": "220300"}


@pytest.mark.parametrize("key", ROLES)
def test_a_session_writes_only_inside_its_scope(records, users, key):
    """An upsert keyed by USCC must not reach an organization outside a narrower scope:
    provincial staff write anywhere in the province, city and county staff get 404 for
    an organization outside theirs (it is invisible to them), roles without API writes 403."""
    w = records
    client = logged_in("jilin", users[key])
    org = w.orgs["o8"]  # 四平市: outside every narrow scope here
    response = _json(client, "put", f"/api/v1/organizations/{org.uscc}", ORG_BODY)
    with schema_context("jilin"):
        org.refresh_from_db()
    if key == "provincial":
        assert response.status_code == 200 and org.name == "改名协会"
        return
    _problem(response, 404 if key in WRITE_ROLES else 403)
    assert org.name != "改名协会"


@pytest.mark.parametrize("key", ["city", "county"])
def test_a_region_outside_the_scope_is_refused_naming_the_field(records, users, key):
    from registry.models import Instructor, PartyOrganization, SocialOrganization

    w = records
    client = logged_in("jilin", users[key])
    inside = {"city": "220103", "county": "220102"}[key]
    new_uscc = make_uscc(region_code="220300")
    # A new organization in 四平市: 403 naming region_code, nothing written.
    body = _problem(_json(client, "put", f"/api/v1/organizations/{new_uscc}", ORG_BODY), 403, "region_code")
    assert "220300" in body["detail"]
    # Moving one of their own organizations out of their region: the same.
    own = w.orgs["o1"]
    _problem(_json(client, "put", f"/api/v1/organizations/{own.uscc}", {**ORG_BODY, "name": "外迁协会"}), 403, "region_code")
    _problem(_json(client, "post", "/api/v1/party-organizations", {"name": "四平某党支部", "region_code": "220300"}),
             403, "region_code")
    _problem(_json(client, "post", "/api/v1/instructors", {"name": "外地指导员", "region_code": "220300"}), 403, "region_code")
    with schema_context("jilin"):
        assert not SocialOrganization.objects.filter(uscc=new_uscc).exists()
        own.refresh_from_db()
        assert own.region.code == "220102" and own.name != "外迁协会"
        assert not PartyOrganization.objects.filter(name="四平某党支部").exists()
        assert not Instructor.objects.filter(name="外地指导员").exists()
    # Inside their region the same writes succeed.
    created = _json(client, "put", f"/api/v1/organizations/{make_uscc(region_code=inside)}", {**ORG_BODY, "region_code": inside})
    assert created.status_code == 201, created.content[:300]
    assert created.json()["region_code"] == inside
    updated = _json(client, "put", f"/api/v1/organizations/{own.uscc}", {**ORG_BODY, "name": "改名协会", "region_code": "220102"})
    assert updated.status_code == 200 and updated.json()["name"] == "改名协会"
    assert _json(client, "post", "/api/v1/instructors", {"name": "本地指导员", "region_code": inside}).status_code == 201


def test_members_and_party_organizations_outside_the_scope_cannot_be_written(records, users):
    from registry.models import Member, PartyOrganization

    w = records
    client = logged_in("jilin", users["city"])  # 长春市
    outside_member = w.members["m6"]  # works in o8 (四平市)
    with schema_context("jilin"):
        id_number = Member.objects.get(pk=outside_member.pk).id_number
    # Upsert keyed by the ID number of a member outside the scope: invisible, so 404.
    _problem(_json(client, "post", "/api/v1/members", {"name": "改名", "id_number": id_number}), 404)
    _problem(_json(client, "put", f"/api/v1/members/{outside_member.pk}", {"name": "改名"}), 404)
    # A new member in an organization / Party organization outside the scope: 400 naming the field,
    # worded like a row that does not exist (the writer cannot see it).
    body = _problem(_json(client, "post", "/api/v1/members", {
        "name": "新党员", "id_number": make_id_number(), "organization_uscc": w.orgs["o8"].uscc}), 400, "organization_uscc")
    assert "不存在" in body["detail"]
    _problem(_json(client, "post", "/api/v1/members", {
        "name": "新党员", "id_number": make_id_number(), "party_organization": w.party["p3"].name}), 400, "party_organization")
    # A member with neither lies in nobody's region: refused after the write, rolled back.
    lone = make_id_number()
    _problem(_json(client, "post", "/api/v1/members", {"name": "无组织党员", "id_number": lone}), 403)
    # Party organizations: one outside the scope is invisible (404); covering an invisible organization is refused.
    _problem(_json(client, "put", f"/api/v1/party-organizations/{w.party['p3'].name}", {"region_code": "220100"}), 404)
    _problem(_json(client, "put", f"/api/v1/party-organizations/{w.party['p3'].pk}", {"region_code": "220100"}), 404)
    _problem(_json(client, "post", "/api/v1/party-organizations", {
        "name": "长春某联合党支部", "form": "joint", "region_code": "220100",
        "covered_usccs": [w.orgs["o3"].uscc, w.orgs["o8"].uscc]}), 400, "covered_usccs")
    # An activity with an attendee outside the scope.
    _problem(_json(client, "post", "/api/v1/activities", {
        "party_organization": w.party["p1"].name, "kind": "theme_day", "held_on": "2024-03-01",
        "attendee_ids": [w.members["m1"].pk, outside_member.pk]}), 400, "attendee_ids")
    with schema_context("jilin"):
        member = Member.objects.get(pk=outside_member.pk)
        assert member.name == outside_member.name
        assert not Member.objects.filter(name__in=["新党员", "无组织党员"]).exists()
        assert PartyOrganization.objects.get(pk=w.party["p3"].pk).region.code == "220202"
        assert not PartyOrganization.objects.filter(name="长春某联合党支部").exists()
    # Inside the scope: a member of 长春's o3 is written and read back.
    created = _json(client, "post", "/api/v1/members", {"name": "新党员", "id_number": make_id_number(),
                                                         "organization_uscc": w.orgs["o3"].uscc})
    assert created.status_code == 201, created.content[:300]


def test_rewriting_a_joint_branch_keeps_the_coverage_the_writer_cannot_see(records, users):
    """长春 staff rewrite p2 (it covers o2 in 长春 and o4 in 吉林市): o4 stays covered."""
    from registry.models import PartyOrganization

    w = records
    client = logged_in("jilin", users["city"])
    p2 = w.party["p2"]
    response = _json(client, "put", f"/api/v1/party-organizations/{p2.pk}", {
        "form": "joint", "region_code": "220100", "covered_usccs": [w.orgs["o2"].uscc, w.orgs["o3"].uscc]})
    assert response.status_code == 200, response.content[:300]
    assert response.json()["covered_usccs"] == sorted([w.orgs["o2"].uscc, w.orgs["o3"].uscc])
    assert response.json()["covered_outside_scope"] == 1
    with schema_context("jilin"):
        covered = set(PartyOrganization.objects.get(pk=p2.pk).covered_organizations.values_list("uscc", flat=True))
    assert covered == {w.orgs["o2"].uscc, w.orgs["o3"].uscc, w.orgs["o4"].uscc}


def test_a_second_role_elsewhere_does_not_widen_the_write_scope(records, users):
    """长春 staff who are also 四平's o8's secretary read o8, but write only in 长春."""
    from accounts.models import Role
    from accounts.services import role_assign

    w = records
    user = users["city"]
    with schema_context("jilin"):
        role_assign(actor=None, user=user, role=Role.ORGANIZATION_SECRETARY, organization=w.orgs["o8"])
    client = logged_in("jilin", user)
    assert client.get(f"/api/v1/organizations/{w.orgs['o8'].uscc}").status_code == 200
    _problem(_json(client, "put", f"/api/v1/organizations/{w.orgs['o8'].uscc}", ORG_BODY), 404)
    assert _json(client, "put", f"/api/v1/organizations/{w.orgs['o3'].uscc}",
                 {**ORG_BODY, "region_code": "220100"}).status_code == 200


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


def test_a_national_session_reads_the_national_aggregates(db):
    from accounts.models import Role

    from .conftest import make_user

    with schema_context("public"):
        national = make_user("api-national", Role.NATIONAL_STAFF)
        admin = make_user("api-national-admin", Role.SYSTEM_ADMIN)
    assert logged_in("public", national).get("/api/v1/national/provinces").status_code == 200
    assert logged_in("public", admin).get("/api/v1/national/provinces").status_code == 403
