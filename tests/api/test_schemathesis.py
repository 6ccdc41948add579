"""The whole API, property-based, from its own OpenAPI schema (schemathesis 4).

Every operation of the province API (on jilin's domain, with a read+write token) and of the
national API gets generated requests; no answer may be a server error or break the schema
(status code, content type, headers, body). Requests go through Django's test handler, so
they run inside the test's transaction on the real PostgreSQL schemas.
"""
from __future__ import annotations

import json
import os

import pytest
import schemathesis
from django.test.client import ClientHandler
from hypothesis import HealthCheck, Phase, given, settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance, response_headers_conformance, response_schema_conformance, status_code_conformance,
)

from .conftest import api_client, issue_token
from tests.registry.factories import make_id_number, make_uscc

from .seed import COUNTY, CITY, seed_province

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]
# Small by default (the suite stays fast); API_FUZZ_EXAMPLES=200 for a deeper run.
EXAMPLES_PER_OPERATION = int(os.environ.get("API_FUZZ_EXAMPLES", "12"))


class DjangoTestApp:
    """A WSGI application around Django's test handler (no connection closing between requests)."""

    def __init__(self):
        self.handler = ClientHandler(enforce_csrf_checks=False)

    def __call__(self, environ, start_response):
        response = self.handler(environ)
        start_response(f"{response.status_code} {response.reason_phrase}", list(response.items()))
        return [response.content]


def with_known_rows(case, known: dict):
    """Point a generated case at rows that exist and give it valid codes, so that writes and
    reads also take their success paths (the raw cases mostly end in 400 or 404)."""
    path = case.operation.path
    if case.path_parameters:
        for name in case.path_parameters:
            if name == "uscc":
                case.path_parameters[name] = known["usccs"][0]
            elif name == "key":
                case.path_parameters[name] = known["party_org_name"]
            elif name == "code":
                case.path_parameters[name] = known["city"]
            elif name == "id":
                resource = path.split("/")[3]
                case.path_parameters[name] = known["ids"].get(resource, 1)
    if isinstance(case.body, dict):
        body = case.body
        replacements = {
            "organization_uscc": known["usccs"][0], "member_id": known["member_ids"][0], "instructor_id": known["instructor_id"],
            "party_organization": known["party_org_name"], "region_code": known["city"], "covered_usccs": known["usccs"][:1],
            "attendee_ids": known["member_ids"], "id_number": make_id_number(region_code=known["county"]),
            "parent_name": "", "phone": "13800138000",
        }
        for field, value in replacements.items():
            if field in body:
                body[field] = value
        for field in ("held_on", "started_on", "rated_on", "registered_on", "joined_on", "founded_on", "last_election_on"):
            if field in body:
                body[field] = "2024-01-15"
        if "ended_on" in body:
            body["ended_on"] = "2024-12-31"
        if "year" in body:
            body["year"] = 2023
        if path.endswith("/organizations/{uscc}"):
            body.pop("uscc", None)
            case.path_parameters["uscc"] = make_uscc(region_code=known["city"])
        if "form" in body:
            body["form"] = "own"
    return case


def run_schema(schema_path: str, host: str, secret: str, known: dict | None = None) -> list[str]:
    raw = json.loads(api_client(host.split(".")[0] if "." in host else "national").get(schema_path).content)
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = DjangoTestApp()
    failures: list[str] = []
    calls = {"operations": 0, "cases": 0}
    for result in schema.get_all_operations():
        operation = result.ok()
        calls["operations"] += 1

        strategy = operation.as_strategy()
        if known is not None:
            strategy = st.one_of(strategy, strategy.map(lambda case: with_known_rows(case, known)))

        @hypothesis_settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
                             phases=[Phase.explicit, Phase.generate],
                             suppress_health_check=list(HealthCheck))
        @given(case=strategy)
        def check(case):
            calls["cases"] += 1
            try:
                case.call_and_validate(base_url=f"http://{host}", headers={"Authorization": f"Bearer {secret}"}, checks=CHECKS)
            except Exception as error:  # collected, so that one run reports every operation
                failures.append(f"{operation.label}: {error}")

        check()
    write_report(f"schemathesis {schema_path.split('?')[0]} on {host}", f"{calls['cases']} generated requests over "
                 f"{calls['operations']} operations ({EXAMPLES_PER_OPERATION} examples each); {len(failures)} failures "
                 "(server errors or schema violations)")
    return failures


def write_report(name: str, line: str) -> None:
    """One line per run in test-output/fuzz-report.txt (./ops/fuzz prints it)."""
    from pathlib import Path

    report = Path(__file__).resolve().parents[2] / "test-output" / "fuzz-report.txt"
    report.parent.mkdir(exist_ok=True)
    with report.open("a", encoding="utf-8") as handle:
        handle.write(f"{name}: {line}\n")


@pytest.fixture
def generous_throttle(settings):
    settings.API_THROTTLE_RATES = {"read": "100000/min", "write": "100000/min"}


def test_province_api_conforms_to_its_schema(jilin, generous_throttle):
    keys = seed_province("jilin", canary="SCHEMATHESIS")
    known = dict(keys, city=CITY["jilin"], county=COUNTY["jilin"], ids={
        "members": keys["member_ids"][0], "instructors": keys["instructor_id"], "dispatches": keys["dispatch_id"],
        "activities": keys["activity_id"], "trainings": keys["training_id"], "annual-inspections": keys["inspection_id"],
        "evaluation-grades": keys["grade_id"],
    })
    failures = run_schema("/api/v1/schema/?format=json", "jilin.localhost", issue_token("jilin"), known)
    assert not failures, "\n\n".join(failures[:10])


def test_national_api_conforms_to_its_schema(jilin, guangdong, anhui, generous_throttle):
    from national.services import national_snapshots_copy, province_snapshots_take

    for code in ("jilin", "guangdong", "anhui"):
        seed_province(code, canary=f"N{code.upper()}")
    province_snapshots_take()
    national_snapshots_copy()
    failures = run_schema("/api/v1/national/schema/?format=json", "localhost", issue_token("national"))
    assert not failures, "\n\n".join(failures[:10])
