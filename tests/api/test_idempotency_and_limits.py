"""Idempotency-Key on POST, throttling per token, and the rules evaluation endpoint."""
from __future__ import annotations

from django_tenants.utils import schema_context

from .conftest import api_client, issue_token
from .test_authentication import assert_problem


def instructors_named(name: str) -> int:
    from registry.models import Instructor

    with schema_context("jilin"):
        return Instructor.objects.filter(name=name).count()


def test_a_retried_post_with_the_same_key_returns_the_stored_answer(jilin_api):
    body = {"name": "重试指导员", "region_code": "220100"}
    first = jilin_api.post_json("/api/v1/instructors", body, HTTP_IDEMPOTENCY_KEY="key-1")
    assert first.status_code == 201
    retry = jilin_api.post_json("/api/v1/instructors", body, HTTP_IDEMPOTENCY_KEY="key-1")
    assert retry.status_code == 201 and retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert instructors_named("重试指导员") == 1
    # Without a key, or with a new key, it is a new request.
    assert jilin_api.post_json("/api/v1/instructors", body, HTTP_IDEMPOTENCY_KEY="key-2").status_code == 201
    assert instructors_named("重试指导员") == 2


def test_the_same_key_with_a_different_body_is_422(jilin_api):
    jilin_api.post_json("/api/v1/instructors", {"name": "甲", "region_code": "220100"}, HTTP_IDEMPOTENCY_KEY="key-3")
    response = jilin_api.post_json("/api/v1/instructors", {"name": "乙", "region_code": "220100"}, HTTP_IDEMPOTENCY_KEY="key-3")
    assert_problem(response, 422, "idempotency_key_reused")
    assert instructors_named("乙") == 0


def test_keys_belong_to_one_token(jilin_api, jilin):
    other = api_client("jilin", issue_token("jilin", name="other"))
    body = {"name": "两令牌", "region_code": "220100"}
    jilin_api.post_json("/api/v1/instructors", body, HTTP_IDEMPOTENCY_KEY="shared")
    assert other.post_json("/api/v1/instructors", body, HTTP_IDEMPOTENCY_KEY="shared").status_code == 201
    assert instructors_named("两令牌") == 2


def test_a_failed_request_stores_nothing_so_the_key_can_be_retried(jilin_api):
    bad = jilin_api.post_json("/api/v1/instructors", {"name": "补正", "region_code": "999999"}, HTTP_IDEMPOTENCY_KEY="key-4")
    assert_problem(bad, 400)
    good = jilin_api.post_json("/api/v1/instructors", {"name": "补正", "region_code": "220100"}, HTTP_IDEMPOTENCY_KEY="key-4")
    assert good.status_code == 201
    assert_problem(jilin_api.post_json("/api/v1/instructors", {"name": "x", "region_code": "220100"},
                                       HTTP_IDEMPOTENCY_KEY="k" * 300), 400)


def test_throttling_is_per_token(jilin, settings):
    settings.API_THROTTLE_RATES = {"read": "3/min", "write": "3/min"}
    first, second = (api_client("jilin", issue_token("jilin", name=name)) for name in ("busy", "quiet"))
    statuses = [first.get("/api/v1/regions").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = first.get("/api/v1/regions")
    assert_problem(response, 429, "throttled")
    assert int(response["Retry-After"]) >= 1
    assert second.get("/api/v1/regions").status_code == 200


EVALUATE_BODY = {
    "as_of": "2024-06-30",
    "organization": {
        "kind": "private_non_enterprise", "registration_level": "province", "employees": 30, "is_school": True,
        "members": [{"status": "formal", "relation": "here", "role": "full_time"}] * 3,
    },
}


def test_evaluate_answers_with_the_province_rules(tokens):
    jilin = api_client("jilin", tokens["jilin"]).post_json("/api/v1/rules/evaluate", EVALUATE_BODY)
    assert jilin.status_code == 200, jilin.content.decode()
    answer = jilin.json()
    assert answer["province"] == "jilin" and set(answer["decisions"]) == {
        "must_build_own_party_org", "coverage", "max_grade", "full_coverage_target", "weak_and_lax", "term_renewal_due"}
    assert answer["decisions"]["max_grade"]["value"] == "2A"
    assert answer["decisions"]["max_grade"]["reasons"][0]["clause"] == "002 第九条(三)"
    anhui = api_client("anhui", tokens["anhui"]).post_json("/api/v1/rules/evaluate", EVALUATE_BODY).json()
    assert anhui["province"] == "anhui" and anhui["decisions"]["max_grade"]["value"] == "3A"


def test_evaluate_names_every_bad_field(jilin_api):
    response = jilin_api.post_json("/api/v1/rules/evaluate", {
        "as_of": "2024-13-01", "organization": {"kind": "company", "members": [{"status": "member"}]}, "extra": 1,
    })
    body = assert_problem(response, 400, "validation_error")
    fields = {error["field"] for error in body["errors"]}
    assert {"as_of", "extra", "organization.kind", "organization.registration_level", "organization.members[0].status",
            "organization.members[0].relation"} <= fields
    assert_problem(jilin_api.post_json("/api/v1/rules/evaluate", [1, 2]), 400)


def test_old_idempotency_records_are_purged(jilin_api, settings):
    import datetime as dt

    from django.utils import timezone

    from api.models import IdempotencyRecord
    from api.services import idempotency_records_purge

    jilin_api.post_json("/api/v1/instructors", {"name": "过期", "region_code": "220100"}, HTTP_IDEMPOTENCY_KEY="old")
    with schema_context("jilin"):
        assert idempotency_records_purge() == 0
        later = timezone.now() + dt.timedelta(hours=settings.API_IDEMPOTENCY_TTL_HOURS + 1)
        assert idempotency_records_purge(now=later) == 1
        assert not IdempotencyRecord.objects.exists()


def test_evaluate_refuses_dates_the_rules_cannot_count_from(jilin_api):
    body = {"as_of": "2024-01-01", "organization": {"kind": "social_group", "registration_level": "city",
                                                    "party_org": {"form": "own", "last_election": "9999-06-01", "term_years": 5}}}
    problem = assert_problem(jilin_api.post_json("/api/v1/rules/evaluate", body), 400)
    assert [error["field"] for error in problem["errors"]] == ["organization.party_org.last_election"]
