"""The province API's resources: upserts, problems on bad input, masking, cap flags, pagination."""
from __future__ import annotations

import datetime as dt

from django_tenants.utils import schema_context

from tests.registry.factories import make_id_number, make_uscc, org_data

from .conftest import api_client
from .test_authentication import assert_problem
from tests.helpers import rules_today


def audit_entries(schema: str, action: str):
    from audit.models import AuditEntry

    with schema_context(schema):
        return list(AuditEntry.objects.filter(action=action).order_by("id"))


def test_put_organization_is_an_idempotent_upsert(jilin_api):
    data = org_data()
    uscc = data.pop("uscc")
    first = jilin_api.put_json(f"/api/v1/organizations/{uscc}", data)
    assert first.status_code == 201, first.content.decode()
    again = jilin_api.put_json(f"/api/v1/organizations/{uscc}", data)
    assert again.status_code == 200
    assert {k: v for k, v in again.json().items() if k != "updated"} == {k: v for k, v in first.json().items() if k != "updated"}
    changed = jilin_api.put_json(f"/api/v1/organizations/{uscc.lower()}", dict(data, employees=31, business_supervisor="长春市教育局"))
    assert changed.status_code == 200
    assert changed.json()["employees"] == 31 and changed.json()["business_supervisor"] == "长春市教育局"
    with schema_context("jilin"):
        from registry.models import SocialOrganization

        assert SocialOrganization.objects.filter(uscc=uscc).count() == 1
    entries = audit_entries("jilin", "organization.upsert")
    assert [e.object_id for e in entries] == [uscc] * 3
    assert entries[0].actor == "token:integration" and entries[0].actor_kind == "token"
    assert entries[1].changes == {}
    assert entries[2].changes["employees"] == [10, 31]
    read = jilin_api.get(f"/api/v1/organizations/{uscc}")
    assert read.status_code == 200 and read.json()["name"] == data["name"]


def test_bad_input_is_a_problem_naming_every_field(jilin_api):
    good = make_uscc()
    bad_uscc = good[:-1] + ("0" if good[-1] != "0" else "1")
    response = jilin_api.put_json(f"/api/v1/organizations/{bad_uscc}", {
        "name": "", "kind": "company", "registration_level": "city", "region_code": "220100",
    })
    body = assert_problem(response, 400, "validation_error")
    fields = {error["field"] for error in body["errors"]}
    assert {"name", "kind"} <= fields
    assert all(error["detail"] for error in body["errors"])
    assert body["instance"] == f"/api/v1/organizations/{bad_uscc}"
    assert body["type"] == "urn:partybuild:problem:validation_error"
    # The service's own checks (check character, unknown region) name their fields too.
    response = jilin_api.put_json(f"/api/v1/organizations/{bad_uscc}", {
        "name": "某协会", "kind": "social_group", "registration_level": "city", "region_code": "999999",
    })
    body = assert_problem(response, 400, "validation_error")
    by_field = {error["field"]: error["detail"] for error in body["errors"]}
    assert "校验位" in by_field["uscc"]
    assert "999999" in by_field["region_code"]


def test_body_uscc_must_match_the_path(jilin_api):
    data = org_data()
    response = jilin_api.put_json(f"/api/v1/organizations/{make_uscc()}", data)
    body = assert_problem(response, 400)
    assert body["errors"][0]["field"] == "uscc"


def test_invalid_json_and_unknown_paths_are_problems(jilin_api):
    response = jilin_api.generic("PUT", f"/api/v1/organizations/{make_uscc()}", "{not json", content_type="application/json")
    assert_problem(response, 400, "parse_error")
    assert_problem(jilin_api.get("/api/v1/no-such-thing"), 404, "not_found")
    assert_problem(jilin_api.get(f"/api/v1/organizations/{make_uscc()}"), 404, "not_found")
    assert_problem(jilin_api.delete(f"/api/v1/organizations/{make_uscc()}"), 405, "method_not_allowed")


def test_large_bodies_are_refused(jilin_api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = jilin_api.put_json(f"/api/v1/organizations/{make_uscc()}", dict(org_data(), industry="x" * 2000))
    assert_problem(response, 413, "request_too_large")


def test_list_filters_orders_and_pages_with_a_cursor(jilin_api):
    for index in range(5):
        data = org_data(name=f"分页协会{index}", employees=index, kind="foundation" if index % 2 else "social_group")
        assert jilin_api.put_json(f"/api/v1/organizations/{data['uscc']}", data).status_code == 201
    page = jilin_api.get("/api/v1/organizations", {"q": "分页协会", "ordering": "-employees", "page_size": 2}).json()
    assert [row["employees"] for row in page["results"]] == [4, 3]
    following = jilin_api.get(page["next"]).json()
    assert [row["employees"] for row in following["results"]] == [2, 1]
    foundations = jilin_api.get("/api/v1/organizations", {"q": "分页协会", "kind": "foundation"}).json()["results"]
    assert {row["employees"] for row in foundations} == {1, 3}
    assert_problem(jilin_api.get("/api/v1/organizations", {"kind": "company"}), 400, "validation_error")
    body = assert_problem(jilin_api.get("/api/v1/organizations", {"page_size": 100000}), 400)
    assert body["errors"][0]["field"] == "page_size"
    assert_problem(jilin_api.get("/api/v1/organizations", {"cursor": "garbage"}), 400)


def test_party_organization_upsert_uses_the_province_rules(jilin_api, guangdong, tokens):
    data = org_data()
    jilin_api.put_json(f"/api/v1/organizations/{data['uscc']}", data)
    response = jilin_api.put_json("/api/v1/party-organizations/测试协会党支部", {
        "region_code": "220100", "form": "own", "covered_usccs": [data["uscc"]],
    })
    assert response.status_code == 201, response.content.decode()
    party = response.json()
    assert party["covered_usccs"] == [data["uscc"]]
    by_id = jilin_api.get(f"/api/v1/party-organizations/{party['id']}")
    assert by_id.json()["name"] == "测试协会党支部"
    again = jilin_api.put_json(f"/api/v1/party-organizations/{party['id']}", {"region_code": "220100", "form": "own",
                                                                               "covered_usccs": [data["uscc"]]})
    assert again.status_code == 200
    # A dispatched branch exists in Jilin only (002 第十八条): Guangdong refuses it, citing the clause.
    guangdong_api = api_client("guangdong", tokens["guangdong"])
    refused = guangdong_api.put_json("/api/v1/party-organizations/派出党支部", {"region_code": "440100", "form": "dispatched"})
    body = assert_problem(refused, 400)
    assert body["errors"][0]["field"] == "form"
    # Jilin has it, of three instructors covering 3 to 5 organizations (the rules' check_dispatched_branch).
    empty = jilin_api.put_json("/api/v1/party-organizations/派出党支部", {"region_code": "220100", "form": "dispatched"})
    assert "002 第十八条" in assert_problem(empty, 400)["errors"][0]["detail"]
    covered = [org_data() for _ in range(3)]
    for org in covered:
        jilin_api.put_json(f"/api/v1/organizations/{org['uscc']}", org)
    trio = [jilin_api.post_json("/api/v1/instructors", {"name": f"指导员{n}", "region_code": "220100"}).json()["id"]
            for n in range(3)]
    allowed = jilin_api.put_json("/api/v1/party-organizations/派出党支部", {
        "region_code": "220100", "form": "dispatched", "covered_usccs": [o["uscc"] for o in covered], "instructor_ids": trio})
    assert allowed.status_code == 201, allowed.content.decode()
    assert sorted(allowed.json()["instructor_ids"]) == sorted(trio)


def test_members_are_masked_on_read_and_stored_in_full(jilin_api):
    org = org_data()
    jilin_api.put_json(f"/api/v1/organizations/{org['uscc']}", org)
    id_number = make_id_number()
    response = jilin_api.post_json("/api/v1/members", {
        "name": "张三", "id_number": id_number, "phone": "13912345678", "organization_uscc": org["uscc"], "role": "full_time",
    })
    assert response.status_code == 201, response.content.decode()
    member = response.json()
    assert member["id_number"] == id_number[:3] + "*" * 11 + id_number[-4:]
    assert member["phone"] == "139****5678"
    body_text = response.content.decode()
    for listing in (jilin_api.get("/api/v1/members"), jilin_api.get(f"/api/v1/members/{member['id']}")):
        assert id_number not in listing.content.decode() and "13912345678" not in listing.content.decode()
    assert id_number not in body_text
    with schema_context("jilin"):
        from registry.models import Member

        stored = Member.objects.get(pk=member["id"])
        assert stored.id_number == id_number and stored.phone == "13912345678"
    # The audit entry holds masked values only.
    entry = audit_entries("jilin", "member.upsert")[-1]
    assert id_number not in str(entry.changes)
    # Lookup by ID number (in the body, through the keyed digest).
    found = jilin_api.post_json("/api/v1/members/lookup", {"id_number": id_number})
    assert found.status_code == 200 and found.json()["id"] == member["id"]
    assert_problem(jilin_api.post_json("/api/v1/members/lookup", {"id_number": make_id_number()}), 404)
    assert_problem(jilin_api.post_json("/api/v1/members/lookup", {"id_number": "123"}), 400)
    # Upserting the same ID number updates; a different one in PUT is refused.
    again = jilin_api.post_json("/api/v1/members", {"name": "张三", "id_number": id_number, "status": "probationary"})
    assert again.status_code == 200 and again.json()["status"] == "probationary"
    updated = jilin_api.put_json(f"/api/v1/members/{member['id']}", {"name": "张三丰"})
    assert updated.status_code == 200 and updated.json()["name"] == "张三丰"
    body = assert_problem(jilin_api.put_json(f"/api/v1/members/{member['id']}", {"name": "张三", "id_number": make_id_number()}), 400)
    assert body["errors"][0]["field"] == "id_number"


def test_a_grade_above_the_jilin_cap_is_recorded_and_flagged(jilin_api):
    org = org_data(employees=40)
    jilin_api.put_json(f"/api/v1/organizations/{org['uscc']}", org)
    for _ in range(3):
        jilin_api.post_json("/api/v1/members", {"name": "党员", "id_number": make_id_number(), "organization_uscc": org["uscc"],
                                                "status": "formal", "role": "full_time"})
    response = jilin_api.post_json("/api/v1/evaluation-grades", {"organization_uscc": org["uscc"], "grade": "4A",
                                                                 "rated_on": "2024-06-30"})
    assert response.status_code == 201, response.content.decode()
    grade = response.json()
    assert grade["above_rule_cap"] is True
    assert any(reason["clause"] == "002 第九条(三)" for reason in grade["cap_reasons"])
    listed = jilin_api.get("/api/v1/evaluation-grades", {"above_rule_cap": "true"}).json()["results"]
    assert [row["id"] for row in listed] == [grade["id"]]
    within = jilin_api.post_json("/api/v1/evaluation-grades", {"organization_uscc": org["uscc"], "grade": "2A",
                                                               "rated_on": "2024-07-01"})
    assert within.json()["above_rule_cap"] is False and within.json()["cap_reasons"] == []


def test_instructors_dispatches_activities_trainings_and_inspections(jilin_api):
    org = org_data()
    jilin_api.put_json(f"/api/v1/organizations/{org['uscc']}", org)
    instructor = jilin_api.post_json("/api/v1/instructors", {"name": "李指导", "region_code": "220100", "phone": "13800001111"})
    assert instructor.status_code == 201 and instructor.json()["phone"] == "138****1111"
    dispatch = jilin_api.post_json("/api/v1/dispatches", {"instructor_id": instructor.json()["id"], "organization_uscc": org["uscc"],
                                                          "started_on": "2024-01-02"})
    assert dispatch.status_code == 201, dispatch.content.decode()
    ended = jilin_api.post_json(f"/api/v1/dispatches/{dispatch.json()['id']}/end", {"ended_on": "2024-06-30"})
    assert ended.status_code == 200 and ended.json()["ended_on"] == "2024-06-30"
    party = jilin_api.put_json("/api/v1/party-organizations/活动党支部", {"region_code": "220100", "covered_usccs": [org["uscc"]]})
    member = jilin_api.post_json("/api/v1/members", {"name": "王五", "id_number": make_id_number(), "organization_uscc": org["uscc"]})
    activity = jilin_api.post_json("/api/v1/activities", {"party_organization": party.json()["name"], "kind": "theme_day",
                                                          "held_on": "2024-03-01", "attendee_ids": [member.json()["id"]]})
    assert activity.status_code == 201 and activity.json()["attendee_ids"] == [member.json()["id"]]
    training = jilin_api.post_json("/api/v1/trainings", {"member_id": member.json()["id"], "title": "书记培训",
                                                         "started_on": "2024-04-01", "days": 1.5})
    assert training.status_code == 201 and training.json()["days"] == 1.5
    inspection = {"organization_uscc": org["uscc"], "year": 2023, "result": "passed", "checklist": {"charter_clause": True}}
    assert jilin_api.post_json("/api/v1/annual-inspections", inspection).status_code == 201
    assert jilin_api.post_json("/api/v1/annual-inspections", dict(inspection, result="basic")).status_code == 200
    missing = assert_problem(jilin_api.post_json("/api/v1/trainings", {"member_id": 10**9, "title": "x", "started_on": "2024-04-01",
                                                                       "days": 1}), 400)
    assert missing["errors"][0]["field"] == "member_id"
    actions = {entry.action for entry in audit_entries("jilin", "instructor.create") + audit_entries("jilin", "dispatch.end")}
    assert actions == {"instructor.create", "dispatch.end"}


def test_indicators_and_snapshots(jilin_api):
    org = org_data()
    jilin_api.put_json(f"/api/v1/organizations/{org['uscc']}", org)
    response = jilin_api.get("/api/v1/indicators", {"grouping": "city"})
    assert response.status_code == 200, response.content.decode()
    body = response.json()
    assert body["grouping"] == "city" and body["rows"][0]["group_key"] == "220100" and body["rows"][0]["in_scope"] >= 1
    assert "organizational_coverage_rate" in body["definitions"]
    from indicators.services import snapshot_take
    from province_rules.registry import rules_for

    with schema_context("jilin"):
        snapshot_take(rules=rules_today("jilin"), as_of=dt.date(2024, 1, 1))
        snapshot_take(rules=rules_today("jilin"), as_of=dt.date(2024, 2, 1))
    series = jilin_api.get("/api/v1/snapshots", {"grouping": "province", "group_key": "all"}).json()["series"]
    assert [row["taken_on"] for row in series] == ["2024-01-01", "2024-02-01"]
    assert_problem(jilin_api.get("/api/v1/indicators", {"as_of": "1066-10-14"}), 400)


def test_odd_paths_are_problems_too(jilin_api):
    for path in ("/api/v1/party-organizations/a%0Ab", "/api/v1/x%0A"):
        assert_problem(jilin_api.get(path), 404, "not_found")
    # A NUL is refused at the edge (edge.text), naming the path.
    assert_problem(jilin_api.get("/api/v1/organizations/%00"), 400, "validation_error")["errors"][0]["field"] == "path"


def test_region_filters_take_a_six_digit_code(jilin_api):
    """``region`` is a GB/T 2260 code (its region and those below): a partial code would
    silently cover more, so it is refused, naming the parameter."""
    organization = jilin_api.put_json(f"/api/v1/organizations/{make_uscc(region_code='220200')}", {
        "name": "区划筛选协会", "kind": "social_group", "registration_level": "city", "region_code": "220200"}).json()
    for path in ("/api/v1/organizations", "/api/v1/party-organizations", "/api/v1/instructors"):
        for bad in ("22", "2201", "abcdef"):
            problem = assert_problem(jilin_api.get(path, {"region": bad}), 400, "validation_error")
            assert [error["field"] for error in problem["errors"]] == ["region"], (path, bad)
        assert jilin_api.get(path, {"region": "220100"}).status_code == 200
    for region, found in (("220000", True), ("220200", True), ("220100", False), ("220202", False)):
        rows = jilin_api.get("/api/v1/organizations", {"region": region, "page_size": 500}).json()["results"]
        usccs = {row["uscc"] for row in rows}
        assert (organization["uscc"] in usccs) is found, region


def test_a_party_organization_key_of_unicode_digits_is_a_name_not_an_id(jilin_api):
    """"¹" passes str.isdigit() but int() refuses it: a name that does not exist (404), not a 500."""
    assert jilin_api.get("/api/v1/party-organizations/%C2%B9").status_code == 404
