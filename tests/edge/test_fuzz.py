"""Hostile input to every write endpoint and every web form gets 0 answers of 500.

The suite runs the short level (each hostile value once per operation and form); the long
level (every field × every value, plus random combinations) runs with ``./ops/fuzz``
(FUZZ_LEVEL=long), which writes its figures to test-output/fuzz-report.txt."""
from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from accounts.models import Role
from tests.accounts.conftest import logged_in, make_user
from tests.api.conftest import api_client, issue_token
from tests.api.seed import CITY, COUNTY, seed_province
from tests.registry.factories import make_id_number

from .fuzz import Report, crawl, fuzz_api, fuzz_forms

LEVEL = os.environ.get("FUZZ_LEVEL", "short")
SEED = int(os.environ.get("FUZZ_SEED", "13"))
REPORT_FILE = Path(__file__).resolve().parents[2] / "test-output" / "fuzz-report.txt"


def quiet(client):
    """Answers, not exceptions: a 500 is counted, and the run goes on."""
    client.raise_request_exception = False
    return client


def write_report(name: str, report: Report) -> None:
    REPORT_FILE.parent.mkdir(exist_ok=True)
    with REPORT_FILE.open("a", encoding="utf-8") as handle:
        handle.write(f"[{LEVEL}] {name}: {report.summary()}\n")
        for failure in report.server_errors[:20]:
            handle.write(f"    {failure}\n")


@pytest.fixture
def generous_throttle(settings):
    settings.API_THROTTLE_RATES = {"read": "1000000/min", "write": "1000000/min"}


def test_every_write_endpoint_answers_hostile_input_without_a_server_error(jilin, generous_throttle):
    keys = seed_province("jilin", canary="FUZZ")
    known = {
        "uscc": keys["usccs"][0], "party_org_name": keys["party_org_name"],
        "ids": {"members": keys["member_ids"][0], "instructors": keys["instructor_id"], "dispatches": keys["dispatch_id"],
                "activities": keys["activity_id"], "trainings": keys["training_id"],
                "annual-inspections": keys["inspection_id"], "evaluation-grades": keys["grade_id"]},
        "organization_uscc": keys["usccs"][0], "member_id": keys["member_ids"][0], "instructor_id": keys["instructor_id"],
        "party_organization": keys["party_org_name"], "region_code": CITY["jilin"], "covered_usccs": keys["usccs"][:1],
        "attendee_ids": keys["member_ids"], "id_number": make_id_number(region_code=COUNTY["jilin"]), "phone": "13800138000",
        "year": 2023, "name": "模糊测试协会",
    }
    client = quiet(api_client("jilin", issue_token("jilin")))
    schema = json.loads(api_client("jilin").get("/api/v1/schema/?format=json").content)
    report = Report()
    fuzz_api(client, schema, known, report, level=LEVEL, rng=random.Random(SEED))
    write_report("API write endpoints", report)
    assert report.operations >= 14 and report.requests >= 250, report.summary()
    assert report.server_errors == [], "\n".join(report.server_errors[:10])


def test_every_web_form_answers_hostile_input_without_a_server_error(jilin, generous_throttle):
    seed_province("jilin", canary="FORMFUZZ")
    with schema_context("jilin"):
        users = [make_user(f"fuzz-{role}", role) for role in (Role.PROVINCIAL_STAFF, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN)]
    report = Report()
    pages = 0
    max_pages = 80 if LEVEL == "long" else 40
    for user in users:
        forms, crawled = crawl(quiet(logged_in("jilin", user)), ["/", "/admin/"], max_pages=max_pages)
        pages += crawled
        fuzz_forms(lambda user=user: quiet(logged_in("jilin", user)), forms, report, level=LEVEL, rng=random.Random(SEED))
    # The forms of a visitor who is not logged in: the login form, the admin's login form.
    anonymous, crawled = crawl(quiet(Client(HTTP_HOST="jilin.localhost")), ["/accounts/login/", "/admin/login/"], max_pages=5)
    fuzz_forms(lambda: quiet(Client(HTTP_HOST="jilin.localhost")), anonymous, report, level=LEVEL, rng=random.Random(SEED))
    write_report(f"web forms ({pages + crawled} pages crawled)", report)
    assert report.forms >= 8, report.summary()
    assert report.server_errors == [], "\n".join(report.server_errors[:10])
