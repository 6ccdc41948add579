"""The indicators by city against the same figures from a hand-written SQL query (joins,
window functions and GROUP BY instead of the selectors' IN-subqueries), on generated demo
data in every province.

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

from indicators.selectors import INDICATORS, indicator_rows
from province_rules.registry import rules_for
from tests.demo.fixtures import COMPARE_SIZE, PROVINCES, demo_data

KINDS = ("general_meeting", "committee_meeting", "group_meeting", "party_lecture")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with demo_data(django_db_blocker, size=COMPARE_SIZE) as counts:
        yield counts


def indicators_by_city_in_sql(rules, as_of) -> dict[str, dict]:
    """Each city's figures, written out in SQL from the definitions in indicators.selectors."""
    requirements = {r.key: r.minimum for r in rules.requirements_for_year(as_of.year) if r.minimum is not None}
    params = {
        "as_of": as_of, "year": as_of.year, "default_term": rules.default_term_years,
        "forms": sorted(rules.allowed_party_org_forms),
        "org_forms": sorted(rules.allowed_party_org_forms & {"own", "joint", "temporary"}),
        "own_forms": sorted(rules.allowed_party_org_forms & {"own", "temporary"}),
        "roles": sorted(rules.counted_member_roles), "threshold": rules.min_formal_members,
        "count_mgmt": getattr(rules, "count_management_personnel", False),
        "mgmt_roles": sorted(getattr(rules, "management_roles", ())) or [""],
        "min_employees": getattr(rules, "full_coverage_min_employees", 30),
        "min_general": getattr(rules, "min_general_meetings_per_year", 0),
        "max_units": getattr(rules, "max_joint_branch_units", 0),
        **{f"min_{kind}": requirements[kind] for kind in KINDS if kind in requirements},
    }
    means = {"instructor": "i.org_id IS NOT NULL", "work_station": "o.has_work_station"}
    work = " OR ".join(["cv.org_id IS NOT NULL"] + [means[m] for m in rules.work_coverage_means])
    screens = {"recorded": "ps.weak_and_lax", "leadership_incomplete": "ps.secretary_id IS NULL",
               "activities_infrequent": "ps.general_meeting < %(min_general)s",
               "joint_branch_too_many_units": "(ps.form = 'joint' AND ps.units > %(max_units)s)"}
    weak = "ps.party_id IS NOT NULL AND (" + " OR ".join(screens[c] for c in rules.weak_and_lax_criteria) + ")"
    meetings = " AND ".join(["ps.party_id IS NOT NULL"] + [f"ps.{kind} >= %(min_{kind})s" for kind in KINDS
                                                            if requirements.get(kind, 0) > 0])
    training = ["ps.secretary_id IS NOT NULL"]
    if "secretary_training" in requirements:
        params["min_trainings"] = requirements["secretary_training"]
        training.append("ps.trainings >= %(min_trainings)s")
    if "secretary_training_days" in requirements:
        params["min_days"] = requirements["secretary_training_days"]
        training.append("ps.days >= %(min_days)s")
    training_sql = " AND ".join(training) if len(training) > 1 else "NULL"
    sql = f"""
    WITH o AS (
        SELECT s.id, s.status, s.employees, s.is_school OR s.is_hospital AS school_or_hospital, s.has_work_station,
               left(r.code, 4) || '00' AS city
        FROM registry_socialorganization s JOIN regions_region r ON r.id = s.region_id
        WHERE s.status <> 'deregistered' AND coalesce(s.registered_on, %(as_of)s) <= %(as_of)s
    ), party AS (
        SELECT * FROM registry_partyorganization p
        WHERE p.form = ANY(%(forms)s) AND (p.dissolved_on IS NULL OR p.dissolved_on > %(as_of)s)
          AND (p.founded_on IS NULL OR p.founded_on <= %(as_of)s)
    ), cover AS (
        SELECT c.socialorganization_id AS org_id, party.id AS party_id, party.form,
               row_number() OVER (PARTITION BY c.socialorganization_id ORDER BY
                   CASE party.form WHEN 'own' THEN 0 WHEN 'temporary' THEN 1 WHEN 'joint' THEN 2 ELSE 3 END, party.id) AS nth
        FROM registry_partyorganization_covered_organizations c JOIN party ON party.id = c.partyorganization_id
    ), cv AS (
        SELECT org_id, bool_or(form = ANY(%(org_forms)s)) AS organizational, bool_or(form = ANY(%(own_forms)s)) AS own,
               max(party_id) FILTER (WHERE nth = 1) AS party_id
        FROM cover GROUP BY org_id
    ), counted AS (
        SELECT organization_id AS org_id, count(*) AS n FROM registry_member
        WHERE status = 'formal' AND (role = ANY(%(roles)s)
              OR (%(count_mgmt)s AND role = ANY(%(mgmt_roles)s) AND relation = 'here'))
        GROUP BY organization_id
    ), instructed AS (
        SELECT DISTINCT organization_id AS org_id FROM registry_dispatch
        WHERE started_on <= %(as_of)s AND (ended_on IS NULL OR ended_on >= %(as_of)s)
    ), held AS (
        SELECT party_organization_id AS party_id, {", ".join(f"count(*) FILTER (WHERE kind = '{k}') AS {k}" for k in KINDS)}
        FROM registry_activity WHERE held_on > %(as_of)s::date - 365 AND held_on <= %(as_of)s GROUP BY 1
    ), units AS (
        SELECT partyorganization_id AS party_id, count(*) AS n FROM registry_partyorganization_covered_organizations GROUP BY 1
    ), trained AS (
        SELECT member_id, count(*) FILTER (WHERE concentrated) AS trainings, sum(days) AS days FROM registry_training
        WHERE extract(year FROM started_on) = %(year)s GROUP BY member_id
    ), ps AS (
        SELECT p.id AS party_id, p.form, p.weak_and_lax, p.secretary_id, coalesce(u.n, 0) AS units,
               {", ".join(f"coalesce(h.{k}, 0) AS {k}" for k in KINDS)},
               coalesce(p.last_election_on, p.founded_on) + (coalesce(p.term_years, %(default_term)s) || ' years')::interval
                   <= %(as_of)s AS overdue,
               coalesce(t.trainings, 0) AS trainings, coalesce(t.days, 0) AS days
        FROM party p LEFT JOIN held h ON h.party_id = p.id LEFT JOIN units u ON u.party_id = p.id
             LEFT JOIN trained t ON t.member_id = p.secretary_id
    ), latest_grade AS (
        SELECT DISTINCT ON (organization_id) organization_id AS org_id, above_rule_cap FROM registry_evaluationgrade
        WHERE rated_on <= %(as_of)s ORDER BY organization_id, rated_on DESC, id DESC
    )
    SELECT o.city,
        count(*) AS in_scope,
        count(*) FILTER (WHERE o.status = 'zombie') AS zombies,
        count(*) FILTER (WHERE cv.organizational) AS organizational_coverage,
        count(*) FILTER (WHERE {work}) AS work_coverage,
        count(*) FILTER (WHERE cv.org_id IS NOT NULL) AS with_party_org,
        count(*) FILTER (WHERE n.n >= %(threshold)s) AS eligible,
        count(*) FILTER (WHERE n.n >= %(threshold)s AND NOT coalesce(cv.own, false)) AS eligible_not_built,
        count(*) FILTER (WHERE o.school_or_hospital AND o.employees >= %(min_employees)s) AS target_orgs,
        count(*) FILTER (WHERE o.school_or_hospital AND o.employees >= %(min_employees)s
                         AND NOT coalesce(cv.organizational, false)) AS target_orgs_without_party_org,
        count(*) FILTER (WHERE {weak}) AS weak_and_lax,
        count(*) FILTER (WHERE ps.overdue) AS renewal_overdue,
        count(*) FILTER (WHERE {meetings}) AS three_meetings_compliant,
        {"count(*) FILTER (WHERE " + training_sql + ")" if training_sql != "NULL" else "NULL"} AS training_compliant,
        count(*) FILTER (WHERE lg.above_rule_cap) AS grade_above_cap
    FROM o
    LEFT JOIN cv ON cv.org_id = o.id
    LEFT JOIN counted n ON n.org_id = o.id
    LEFT JOIN instructed i ON i.org_id = o.id
    LEFT JOIN ps ON ps.party_id = cv.party_id
    LEFT JOIN latest_grade lg ON lg.org_id = o.id
    GROUP BY o.city ORDER BY o.city
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = [column.name for column in cursor.description]
        return {row[0]: dict(zip(columns[1:], row[1:])) for row in cursor.fetchall()}


@pytest.mark.parametrize("code", PROVINCES)
def test_indicators_by_city_equal_the_hand_written_sql(demo, db, code):
    as_of = timezone.localdate()
    rules = rules_for(code, as_of)
    with schema_context(code):
        started = time.monotonic()
        rows = indicator_rows(rules=rules, grouping="city", as_of=as_of)
        selector_seconds = time.monotonic() - started
        expected = indicators_by_city_in_sql(rules, as_of)
    got = {row["group_key"]: {name: row[name] for name in INDICATORS} for row in rows}
    assert sorted(got) == sorted(expected)
    differences = {(city, name): (got[city][name], expected[city][name])
                   for city in got for name in INDICATORS if got[city][name] != expected[city][name]}
    assert differences == {}, "(selectors, SQL) differ"
    totals = {name: sum(row[name] or 0 for row in rows) for name in INDICATORS}
    assert totals["in_scope"] > 0.9 * demo[code]["organizations"]  # the generated registry is there
    # a realistic registry: about a quarter with a Party organization, all figures present
    assert 0.15 < totals["organizational_coverage"] / totals["in_scope"] < 0.4
    for name in ("zombies", "eligible_not_built", "target_orgs_without_party_org", "renewal_overdue",
                 "three_meetings_compliant"):
        assert totals[name] > 0, name
    print(f"{code} {COMPARE_SIZE}: {totals['in_scope']} orgs in scope, the city grouping took {selector_seconds:.2f} s")
