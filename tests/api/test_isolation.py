"""No response ever carries another province's data.

Each province is seeded with rows carrying a canary text of its own. Every operation of
both schemas (province and national) × every token (three provinces and the national one)
× every domain is called, with path parameters and bodies pointing at each province's rows;
no body may contain another province's canary (unless the request itself carried it), and
the national domain never shows any canary or code of an organization.
"""
from __future__ import annotations

import json

import pytest

from tests.registry.factories import make_id_number

from .conftest import api_client
from .seed import CITY, seed_province
from .test_idempotency_and_limits import EVALUATE_BODY

PROVINCES = ("jilin", "guangdong", "anhui")
DOMAINS = PROVINCES + ("national",)
CANARY = {code: f"CANARY{code.upper()}" for code in PROVINCES}
RESOURCE_IDS = {
    "members": "member_ids", "instructors": "instructor_id", "dispatches": "dispatch_id", "activities": "activity_id",
    "trainings": "training_id", "annual-inspections": "inspection_id", "evaluation-grades": "grade_id",
}


def _first(value):
    return value[0] if isinstance(value, list) else value


def body_for(method: str, path: str, keys: dict, source: str) -> dict | None:
    city = CITY[source]
    uscc = keys["usccs"][0]
    bodies = {
        ("put", "/api/v1/organizations/{uscc}"): {"name": "隔离测试协会", "kind": "social_group", "registration_level": "city",
                                                  "region_code": city},
        ("post", "/api/v1/party-organizations"): {"name": "隔离测试党支部", "region_code": city, "covered_usccs": [uscc]},
        ("put", "/api/v1/party-organizations/{key}"): {"region_code": city, "covered_usccs": [uscc]},
        ("post", "/api/v1/members"): {"name": "隔离党员", "id_number": make_id_number(), "organization_uscc": uscc},
        ("put", "/api/v1/members/{id}"): {"name": "隔离党员"},
        ("post", "/api/v1/members/lookup"): {"id_number": keys["id_numbers"][0]},
        ("post", "/api/v1/instructors"): {"name": "隔离指导员", "region_code": city},
        ("post", "/api/v1/dispatches"): {"instructor_id": keys["instructor_id"], "organization_uscc": uscc, "started_on": "2024-01-01"},
        ("post", "/api/v1/dispatches/{id}/end"): {"ended_on": "2024-12-31"},
        ("post", "/api/v1/activities"): {"party_organization": keys["party_org_name"], "kind": "theme_day", "held_on": "2024-02-01",
                                         "attendee_ids": keys["member_ids"]},
        ("post", "/api/v1/trainings"): {"member_id": keys["member_ids"][0], "title": "隔离培训", "started_on": "2024-01-01", "days": 1},
        ("post", "/api/v1/annual-inspections"): {"organization_uscc": uscc, "year": 2022, "result": "passed"},
        ("post", "/api/v1/evaluation-grades"): {"organization_uscc": uscc, "grade": "2A", "rated_on": "2024-01-01"},
        ("post", "/api/v1/rules/evaluate"): EVALUATE_BODY,
        ("post", "/api/v1/rules/proposals/{key}/adoption"): {"adopted_on": "2026-03-01", "decision": "隔离"},
        ("post", "/api/v1/processes/{code}/rounds"): {"year": 2026, "opens_on": "2026-01-01", "deadline": "2026-07-10"},
        ("post", "/api/v1/processes/{code}/cases"): {"organization_uscc": uscc},
        ("post", "/api/v1/cases/{id}/actions"): {"action": "submit", "reason": "隔离"},
        ("post", "/api/v1/cases/{id}/scores"): {"scores": [{"item": "x", "score": 1}]},
        ("post", "/api/v1/cases/{id}/documents"): {"kind": "x"},
        ("post", "/api/v1/meetings"): {"process": "x", "held_on": "2024-01-01", "title": "隔离", "decisions": []},
        ("post", "/api/v1/registrations"): {"event": "registered", "organization": {
            "uscc": uscc, "name": "隔离测试协会", "kind": "social_group", "registration_level": "city", "region_code": city}},
    }
    if method in ("get", "head", "options", "delete"):
        return None
    return bodies[(method, path)]


def url_for(path: str, keys: dict, source: str) -> str:
    resource = path.split("/")[3] if path.count("/") >= 3 else ""
    values = {
        "uscc": keys["usccs"][0], "key": str(keys["party_org_id"]), "code": CITY[source],
        "id": str(_first(keys.get(RESOURCE_IDS.get(resource, ""), 0))),
    }
    for name, value in values.items():
        path = path.replace("{" + name + "}", value)
    return path


def queries_for(path: str, keys: dict) -> list[dict]:
    """List endpoints: once plain and once filtered by the source province's rows."""
    filtered = {
        "/api/v1/organizations": {"q": keys["usccs"][0]},
        "/api/v1/members": {"organization": keys["usccs"][0]},
        "/api/v1/party-organizations": {"covers": keys["usccs"][0]},
        "/api/v1/dispatches": {"organization": keys["usccs"][0]},
        "/api/v1/national/indicators": {"grouping": "kind"},
        "/api/v1/snapshots": {"grouping": "city", "group_key": CITY["jilin"]},
    }
    return [{}] + ([filtered[path]] if path in filtered else [])


def operations(client, schema_path: str) -> list[tuple[str, str]]:
    schema = json.loads(client.get(schema_path).content)
    return [(method, path) for path, methods in schema["paths"].items() for method in methods
            if method in ("get", "post", "put", "patch", "delete")]


@pytest.fixture
def seeded(tokens, settings):
    settings.API_THROTTLE_RATES = {"read": "100000/min", "write": "100000/min"}
    from national.services import national_sharing_set, national_snapshots_copy, province_snapshots_take
    from tenants.models import Province

    keys = {code: seed_province(code, canary=CANARY[code]) for code in PROVINCES}
    national_sharing_set(province=Province.objects.get(code="jilin"), city_breakdown=True)
    province_snapshots_take()
    national_snapshots_copy()
    return keys


def call(client, method: str, url: str, body, query: dict):
    if body is None:
        return getattr(client, method)(url, query)
    return client.generic(method.upper(), url, json.dumps(body, ensure_ascii=False), content_type="application/json")


def test_no_response_carries_another_provinces_data(tokens, seeded):
    province_ops = operations(api_client("jilin"), "/api/v1/schema/?format=json")
    national_ops = operations(api_client("national"), "/api/v1/national/schema/?format=json")
    all_usccs = {code: set(seeded[code]["usccs"]) for code in PROVINCES}
    checked = 0
    own_canary_seen = set()
    for owner in DOMAINS:
        for domain in DOMAINS:
            client = api_client(domain, tokens[owner])
            for method, path in province_ops + national_ops:
                sources = PROVINCES if owner == domain else ("jilin",)
                for source in sources:
                    keys = seeded[source]
                    url = url_for(path, keys, source)
                    body = body_for(method, path, keys, source)
                    for query in (queries_for(path, keys) if body is None else [{}]):
                        response = call(client, method, url, body, query)
                        text = response.content.decode()
                        sent = url + json.dumps(query, ensure_ascii=False) + json.dumps(body, ensure_ascii=False)
                        label = f"{owner} token on {domain}: {method.upper()} {url} {query}"
                        checked += 1
                        assert response.status_code < 500, label
                        if owner != domain:
                            assert response.status_code in (401, 404), label
                        if domain == "national":
                            leaked = [c for c in CANARY.values() if c in text]
                            leaked += [u for usccs in all_usccs.values() for u in usccs if u in text and u not in sent]
                        else:
                            if CANARY[domain] in text:
                                own_canary_seen.add((domain, path))
                            leaked = [c for code, c in CANARY.items() if code != domain and c in text and c not in sent]
                            leaked += [u for code, usccs in all_usccs.items() if code != domain
                                       for u in usccs if u in text and u not in sent]
                        assert not leaked, f"{label} leaked {leaked}: {text[:500]}"
    assert checked > 500
    # The check can see: each province's own canary shows up on its own domain.
    for code in PROVINCES:
        assert (code, "/api/v1/organizations") in own_canary_seen
        assert (code, "/api/v1/members") in own_canary_seen


def test_a_foreign_object_is_never_reachable(tokens, seeded):
    """Keys of another province's rows, on this province's domain: 404, or an error naming the key."""
    jilin = api_client("jilin", tokens["jilin"])
    guangdong_keys = seeded["guangdong"]
    assert jilin.get(f"/api/v1/organizations/{guangdong_keys['usccs'][0]}").status_code == 404
    assert jilin.get(f"/api/v1/party-organizations/{guangdong_keys['party_org_name']}").status_code == 404
    assert jilin.post_json("/api/v1/members/lookup", {"id_number": guangdong_keys["id_numbers"][0]}).status_code == 404
    response = jilin.post_json("/api/v1/evaluation-grades", {"organization_uscc": guangdong_keys["usccs"][0], "grade": "2A",
                                                             "rated_on": "2024-01-01"})
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "organization_uscc"
