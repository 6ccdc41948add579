"""Text is checked once at the edge: NUL, lone surrogates and control characters anywhere in
a request (JSON values and keys, query strings, path segments, form fields) are a 400 naming
the field; strings are bounded; JSON nesting is bounded; a chunked body is refused with 411;
an error echoes only a short, encodable excerpt of the input."""
from __future__ import annotations

import json

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from api.problems import PROBLEM_MEDIA_TYPE
from tests.api.conftest import api_client, issue_token
from tests.api.seed import CITY, seed_province


@pytest.fixture
def seeded(jilin):
    return seed_province("jilin", canary="EDGE")


@pytest.fixture
def client(jilin):
    return Client(HTTP_HOST="jilin.localhost", HTTP_AUTHORIZATION=f"Bearer {issue_token('jilin')}")


def problem(response, status: int) -> dict:
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith(PROBLEM_MEDIA_TYPE)
    body = json.loads(response.content)  # it decodes: the body was encodable
    assert len(response.content) < 4000, len(response.content)  # a short excerpt at most
    return body


def fields_of(body: dict) -> set[str]:
    return {error["field"] for error in body.get("errors", [])}


def post_raw(client, path: str, raw: str, method: str = "post"):
    return getattr(client, method)(path, data=raw.encode("utf-8", "surrogatepass"), content_type="application/json")


@pytest.mark.parametrize("escape, code", [("\\u0000", "null_character"), ("\\ud800", "surrogate_character"),
                                          ("\\u0007", "control_character")])
def test_a_bad_character_in_a_json_value_is_a_400_naming_the_field(client, seeded, escape, code):
    raw = '{"organization_uscc": "%s", "grade": "3A", "rated_on": "2024-06-30", "note": {"deep": ["ok", "x%sy"]}}' % (
        seeded["usccs"][0], escape)
    body = problem(post_raw(client, "/api/v1/evaluation-grades", raw), 400)
    assert body["errors"] == [{"field": "note.deep[1]", "code": code, "detail": body["errors"][0]["detail"]}]
    assert "note.deep[1]" in body["detail"]


def test_a_nul_in_a_checklist_key_is_a_400_not_a_500(client, seeded):
    raw = json.dumps({"organization_uscc": seeded["usccs"][0], "year": 2023, "result": "passed",
                      "checklist": {"charter\u0000clause": True}})
    body = problem(post_raw(client, "/api/v1/annual-inspections", raw), 400)
    assert body["errors"][0]["code"] == "null_character"
    assert body["errors"][0]["field"].startswith("checklist.")


def test_a_lone_surrogate_echoed_in_an_error_is_escaped(client, seeded):
    raw = '{"organization_uscc": "%s", "grade": "3A", "rated_on": "2024-06-30", "x\\ud800": 1}' % seeded["usccs"][0]
    body = problem(post_raw(client, "/api/v1/evaluation-grades", raw), 400)
    assert "\\ud800" in body["errors"][0]["field"]


def test_a_nul_in_a_path_segment_or_a_query_string_is_a_400_naming_it(client):
    assert fields_of(problem(client.get("/api/v1/regions/22%000"), 400)) == {"path"}
    assert fields_of(problem(client.get("/api/v1/organizations?region=22%000"), 400)) == {"region"}
    assert fields_of(problem(client.get("/api/v1/organizations?re%00gion=1"), 400)) == {"re\\x00gion"}


def test_a_nul_in_a_web_path_or_a_form_field_is_a_chinese_400_page(jilin):
    browser = Client(HTTP_HOST="jilin.localhost")
    page = browser.get("/regions/22%000/")
    assert page.status_code == 400 and "path" in page.content.decode() and "空字符" in page.content.decode()
    page = browser.post("/accounts/login/", {"username": "admin\x00", "password": "x"})
    assert page.status_code == 400 and "username" in page.content.decode()


def test_json_nested_deeper_than_64_levels_is_a_400(client):
    for depth in (65, 5000, 100_000):
        body = problem(post_raw(client, "/api/v1/evaluation-grades", "[" * depth + "]" * depth), 400)
        assert body["errors"][0]["code"] == "too_deep", depth
    # 64 levels are read (and then refused for what they say, not for their depth)
    assert problem(post_raw(client, "/api/v1/evaluation-grades", "[" * 64 + "]" * 64), 400)["errors"][0]["code"] != "too_deep"


def test_a_chunked_body_is_refused_with_411_not_read_as_empty(client):
    response = client.post("/api/v1/evaluation-grades", data=b'{"grade": "3A"}', content_type="application/json",
                           HTTP_TRANSFER_ENCODING="chunked", CONTENT_LENGTH="")
    assert problem(response, 411)["code"] == "length_required"


def test_a_100000_character_field_is_refused_without_being_echoed_stored_or_audited(client, seeded):
    """A checklist key had no bound: 100,000 characters went into the inspection and its audit entry."""
    from audit.models import AuditEntry
    from registry.models import AnnualInspection

    with schema_context("jilin"):
        audits = AuditEntry.objects.count()
    raw = json.dumps({"organization_uscc": seeded["usccs"][0], "year": 2022, "result": "passed",
                      "checklist": {"项" * 100_000: True}})
    body = problem(post_raw(client, "/api/v1/annual-inspections", raw), 400)
    assert body["errors"][0]["code"] == "too_long" and body["errors"][0]["field"].startswith("checklist.")
    raw = json.dumps({"instructor_id": seeded["instructor_id"], "organization_uscc": seeded["usccs"][0],
                      "started_on": "2024-01-01", "plan": "计" * 100_000})
    body = problem(post_raw(client, "/api/v1/dispatches", raw), 400)
    assert body["errors"][0] == {"field": "plan", "code": "too_long", "detail": "文字过长：100000个字符，上限为10000个字符"}
    with schema_context("jilin"):
        assert AuditEntry.objects.count() == audits
        assert not AnnualInspection.objects.filter(year=2022).exists()


def test_a_long_invalid_choice_is_echoed_only_as_a_short_excerpt(client, seeded):
    raw = json.dumps({"organization_uscc": seeded["usccs"][0], "grade": "等" * 9000, "rated_on": "2024-06-30"})
    body = problem(post_raw(client, "/api/v1/evaluation-grades", raw), 400)
    grade = next(error for error in body["errors"] if error["field"] == "grade")
    assert len(grade["detail"]) <= 300 and "…" in grade["detail"]


@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
def test_a_username_longer_than_the_field_is_a_form_error_not_a_500(jilin, path):
    page = Client(HTTP_HOST="jilin.localhost").post(path, {"username": "u" * 300, "password": "whatever-1A"})
    assert page.status_code == 200
    assert "150" in page.content.decode()  # Django's message: at most 150 characters


def test_every_string_in_a_valid_write_still_passes(jilin):
    """The edge refuses what the database cannot hold, nothing else: tabs, line breaks, CJK and emoji pass."""
    client = api_client("jilin", issue_token("jilin"))
    from tests.registry.factories import make_uscc

    uscc = make_uscc(region_code=CITY["jilin"])
    response = client.put_json(f"/api/v1/organizations/{uscc}", {
        "name": "长春市\t软件😀行业协会", "kind": "social_group", "registration_level": "city",
        "region_code": CITY["jilin"], "employees": 12, "business_supervisor": "长春市工业和信息化局"})
    assert response.status_code == 201, response.content[:500]
