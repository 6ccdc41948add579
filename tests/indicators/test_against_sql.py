"""The indicators by city against the same figures from a hand-written SQL query
(``bench.sql.indicators_by_city``, written separately from the selectors' statement), and the
counts of ``indicator_rows`` against the lists of ``indicator_organizations`` (the conditions
``test_agreement_with_rules`` checks against the rules), on generated demo data in every province.

The suite runs it on the ``tiny`` size. To compare on a bigger registry run, e.g.::

    INDICATORS_COMPARE_SIZE=M ./ops/test tests/indicators/test_against_sql.py

(M is 35,000 organizations per province; about a minute per province to generate.)
"""
from __future__ import annotations

import time

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from bench import sql as bench_sql
from indicators.selectors import (
    INDICATORS, indicator_organizations, indicator_party_organizations, indicator_rows, indicator_totals,
)
from indicators.selectors.definitions import BY_NAME
from province_rules.registry import rules_for
from registry.models import SocialOrganization
from tests.demo.fixtures import COMPARE_SIZE, PROVINCES, demo_data


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with demo_data(django_db_blocker, size=COMPARE_SIZE) as counts:
        yield counts


def indicators_by_city_in_sql(rules, as_of) -> dict[tuple, dict]:
    """Each (city key, city label)'s figures from ``bench.sql.indicators_by_city``: the one copy of
    the hand-written statement, which the benchmark also times against the selectors."""
    statement, params = bench_sql.indicators_by_city(rules, as_of)
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        columns = [column.name for column in cursor.description]
        return {tuple(row[:2]): dict(zip(columns[2:], row[2:])) for row in cursor.fetchall()}


@pytest.mark.parametrize("code", PROVINCES)
def test_indicators_by_city_equal_the_hand_written_sql(demo, db, code):
    as_of = timezone.localdate()
    rules = rules_for(code, as_of)
    with schema_context(code):
        started = time.monotonic()
        rows = indicator_rows(rules=rules, grouping="city", as_of=as_of)
        selector_seconds = time.monotonic() - started
        expected = indicators_by_city_in_sql(rules, as_of)
    got = {(row["group_key"], row["group_label"]): {name: row[name] for name in INDICATORS} for row in rows}
    assert sorted(got) == sorted(expected)
    differences = {(city, name): (got[city][name], expected[city][name])
                   for city in got for name in INDICATORS if got[city][name] != expected[city][name]}
    assert differences == {}, "(selectors, SQL) differ"
    totals = {name: sum(row[name] or 0 for row in rows) for name in INDICATORS}
    assert totals["in_scope"] > 0.9 * demo[code]["organizations"]  # the generated registry is there
    # a realistic registry: about a quarter with a Party organization, all figures present
    assert 0.15 < totals["organizational_coverage"] / totals["in_scope"] < 0.4
    for name in ("zombies", "eligible_not_built", "renewal_overdue", "three_meetings_compliant", "weak_and_lax"):
        assert totals[name] > 0, name
    # a figure the rules give nothing to measure is None in every row, never 0
    has_target = rules.settings.full_coverage_min_employees is not None
    assert all((row["target_orgs"] is None) != has_target for row in rows)
    if has_target:
        assert totals["target_orgs_without_party_org"] > 0
    assert all((row["weak_and_lax_warnings"] is None) != bool(rules.settings.weak_and_lax_screens) for row in rows)
    print(f"{code} {COMPARE_SIZE}: {totals['in_scope']} orgs in scope, the city grouping took {selector_seconds:.2f} s")


@pytest.mark.parametrize("code", PROVINCES)
def test_indicator_rows_count_the_organizations_each_indicator_lists(demo, db, code):
    """The figures and the lists compile the same criteria: per indicator, the province's count is
    the length of the list (of Party organizations, for weak and lax)."""
    as_of = timezone.localdate()
    rules = rules_for(code, as_of)
    with schema_context(code):
        totals = indicator_rows(rules=rules, grouping="province", as_of=as_of)[0]
        listed = {name: (indicator_party_organizations if BY_NAME[name].counts == "party_orgs" else indicator_organizations)(
            rules=rules, indicator=name, as_of=as_of).count() for name in INDICATORS}
    assert {name: totals[name] for name in INDICATORS} == {
        name: None if totals[name] is None and count == 0 else count for name, count in listed.items()}


@pytest.mark.parametrize("code", PROVINCES)
def test_indicator_rows_over_given_organizations(demo, db, code):
    """``organizations=``: the same figures restricted to a base queryset (a city's staff)."""
    as_of = timezone.localdate()
    rules = rules_for(code, as_of)
    with schema_context(code):
        cities = indicator_rows(rules=rules, grouping="city", as_of=as_of)
        city = next(row for row in cities if not row["group_key"].endswith("0000"))  # a city, not the province level
        in_city = SocialOrganization.objects.filter(region__code__startswith=city["group_key"][:4])
        assert indicator_rows(rules=rules, grouping="city", as_of=as_of, organizations=in_city) == [city]
        totals = indicator_totals(rules=rules, as_of=as_of, organizations=in_city)
        assert {name: totals[name] for name in INDICATORS} == {name: city[name] for name in INDICATORS}
        assert indicator_totals(rules=rules, as_of=as_of, organizations=in_city.none())["in_scope"] == 0
