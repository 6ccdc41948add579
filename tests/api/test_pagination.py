"""api/pagination.py: every ordering the list allows walks through every row exactly once,
forwards by ``next`` and backwards by ``previous``, even where thousands of rows share the
ordering's value (DRF's own cursor keeps only the first field's value and an offset capped at
1,000, and repeats or skips rows there)."""
from __future__ import annotations

import base64
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from registry.models import SocialOrganization

from .conftest import api_client, issue_token


@pytest.fixture
def generated(jilin):
    from demo.generator import demo_generate
    from tests.helpers import rules_today

    with schema_context("jilin"):
        demo_generate(rules=rules_today("jilin"), size="tiny", seed=11)
    connection.set_schema_to_public()


def _walk(client, first_url, params, link):
    answer = client.get(first_url, params)
    assert answer.status_code == 200, answer.content[:300]
    pages = [answer.json()]
    while pages[-1][link] and len(pages) < 2000:
        answer = client.get(pages[-1][link])
        assert answer.status_code == 200, answer.content[:300]
        pages.append(answer.json())
    return pages


ORDERINGS = ["-employees", "employees", "-created", "updated", "name,-employees"]


def test_every_row_once_in_every_ordering_forwards_and_back_and_forged_cursors_refused(generated):
    client = api_client("jilin", issue_token("jilin", scopes="read"))
    for ordering in ORDERINGS:
        _walk_both_ways(client, ordering)
    _forged_cursors_are_refused(client)


def _walk_both_ways(client, ordering):
    pages = _walk(client, "/api/v1/organizations", {"ordering": ordering, "page_size": 37}, "next")
    forwards = [row["uscc"] for page in pages for row in page["results"]]
    with schema_context("jilin"):
        total = SocialOrganization.objects.count()
        employees = list(SocialOrganization.objects.values_list("employees", flat=True))
    assert len(forwards) == len(set(forwards)) == total > 37 * 3, ordering
    assert max(employees.count(value) for value in set(employees)) > 37  # ties across pages
    # the rows come in the asked order
    if ordering.lstrip("-") == "employees":
        values = [row["employees"] for page in pages for row in page["results"]]
        assert values == sorted(values, reverse=ordering.startswith("-"))
    # and back from the last page by "previous": the same rows in the reverse order
    back = [pages[-1]]
    while back[-1]["previous"]:
        answer = client.get(back[-1]["previous"])
        assert answer.status_code == 200
        back.append(answer.json())
    backwards = [row["uscc"] for page in back for row in reversed(page["results"])]
    assert backwards == list(reversed(forwards)), ordering


def _forged_cursors_are_refused(client):
    body = client.get("/api/v1/organizations", {"ordering": "-employees", "page_size": 5}).json()
    cursor = parse_qs(urlsplit(body["next"]).query)["cursor"][0]
    answer = client.get("/api/v1/organizations", {"ordering": "name,-employees", "cursor": cursor})
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == "cursor"
    for position in ("not json", '{"a": 1}', "[1.5, 2]", '["x", "y"]', '[[1], "y"]'):
        forged = base64.b64encode(f"p={position}".encode()).decode()
        answer = client.get("/api/v1/organizations", {"ordering": "-employees", "cursor": forged})
        assert answer.status_code == 400, (position, answer.status_code)
