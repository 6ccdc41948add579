"""The organization list is built from ``.values()`` rows (``organization_list_rows``), not by
OrganizationSerializer: it must answer exactly what the serializer gives, for every kind of
organization the demo generator makes (supervisors or none, industry committees, dates or
none, grades), in every ordering the API offers."""
from __future__ import annotations

import json

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from api.v1.serializers.organizations import OrganizationSerializer
from registry.models import SocialOrganization

from .conftest import api_client, issue_token


@pytest.fixture
def generated(jilin):
    from demo.generator import demo_generate
    from tests.helpers import rules_today

    with schema_context("jilin"):
        demo_generate(rules=rules_today("jilin"), size="tiny", seed=7)
    connection.set_schema_to_public()


def _pages(client, params):
    answer = client.get("/api/v1/organizations", params)
    assert answer.status_code == 200, answer.content[:300]
    body = answer.json()
    rows = list(body["results"])
    while body["next"]:
        answer = client.get(body["next"])
        assert answer.status_code == 200
        body = answer.json()
        rows += body["results"]
    return rows


# The pages' content in two orderings; that every ordering walks each row once (ties included)
# is tests/api/test_pagination.py's.
@pytest.mark.parametrize("ordering", ["uscc", "-name"])
def test_the_list_answers_what_the_serializer_gives(generated, ordering):
    client = api_client("jilin", issue_token("jilin", scopes="read"))
    rows = _pages(client, {"ordering": ordering, "page_size": 500})
    with schema_context("jilin"):
        organizations = SocialOrganization.objects.select_related("region", "business_supervisor", "industry_committee")
        expected = {o.uscc: OrganizationSerializer(o).data for o in organizations}
        assert len(rows) == len(expected) > 500
        by_uscc = {row["uscc"]: row for row in rows}
        assert by_uscc.keys() == expected.keys()
        # the same JSON, field by field and in the same field order
        for uscc, row in by_uscc.items():
            assert json.dumps(row, ensure_ascii=False) == json.dumps(expected[uscc], ensure_ascii=False), uscc
        assert any(row["business_supervisor"] is None for row in rows) and any(row["industry_committee"] for row in rows)
        assert any(row["registered_on"] is None for row in rows) or all(row["registered_on"] for row in rows)
        assert any(row["evaluation_grade_on"] for row in rows)


def test_a_filtered_deep_page_is_the_filtered_rows_in_order(generated):
    client = api_client("jilin", issue_token("jilin", scopes="read"))
    rows = _pages(client, {"kind": "social_group", "region": "220100", "page_size": 7})
    with schema_context("jilin"):
        expected = list(SocialOrganization.objects.filter(kind="social_group", region__code__startswith="2201")
                        .order_by("uscc").values_list("uscc", flat=True))
    assert [row["uscc"] for row in rows] == expected and len(expected) > 14
