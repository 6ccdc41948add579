"""The references' hand-written SQL, run through psycopg2 with nothing in between.

- ``indicators_by_city``: every indicator of domain.md section 5 by city, one statement of
  CTEs computing each set once (joins and GROUP BY, no IN-subqueries), written from the definitions
  in ``indicators.selectors`` independently of its statement; tests/indicators/test_against_sql.py
  checks the selectors against it, grouped by key *and* label (this is its one copy);
- ``grade_caps``: each organization's highest grade under the province's rules (max_grade);
- ``national_read`` / ``national_refresh``: one UNION ALL over the province schemas.
"""
from __future__ import annotations

import datetime as dt

KINDS = ("general_meeting", "committee_meeting", "group_meeting", "party_lecture")
PRIORITY = "CASE {form} WHEN 'own' THEN 0 WHEN 'temporary' THEN 1 WHEN 'joint' THEN 2 WHEN 'dispatched' THEN 3 ELSE 4 END"


def indicators_by_city(rules, as_of: dt.date) -> tuple[str, dict]:
    """(statement, parameters): one row per (city key, city label) with every count of
    ``indicators.selectors.INDICATORS``."""
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
    training_count = f"count(*) FILTER (WHERE {' AND '.join(training)})" if len(training) > 1 else "NULL"
    statement = f"""
    WITH o AS (
        SELECT s.id, s.status, s.employees, s.is_school OR s.is_hospital AS school_or_hospital, s.has_work_station,
               left(r.code, 4) || '00' AS city, CASE WHEN r.level = 'county' THEN parent.name ELSE r.name END AS label
        FROM registry_socialorganization s JOIN regions_region r ON r.id = s.region_id
             LEFT JOIN regions_region parent ON parent.id = r.parent_id
        WHERE s.status <> 'deregistered' AND coalesce(s.registered_on, %(as_of)s) <= %(as_of)s
    ), party AS (
        SELECT * FROM registry_partyorganization p
        WHERE p.form = ANY(%(forms)s) AND (p.dissolved_on IS NULL OR p.dissolved_on > %(as_of)s)
          AND (p.founded_on IS NULL OR p.founded_on <= %(as_of)s)
    ), cover AS (
        SELECT c.socialorganization_id AS org_id, party.id AS party_id, party.form,
               row_number() OVER (PARTITION BY c.socialorganization_id
                                  ORDER BY {PRIORITY.format(form="party.form")}, party.id) AS nth
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
        WHERE started_on >= make_date(%(year)s, 1, 1) AND started_on < make_date(%(year)s + 1, 1, 1) GROUP BY member_id
    ), ps AS (
        SELECT p.id AS party_id, p.form, p.weak_and_lax, p.secretary_id, coalesce(u.n, 0) AS units,
               {", ".join(f"coalesce(h.{k}, 0) AS {k}" for k in KINDS)},
               (coalesce(p.last_election_on, p.founded_on) + make_interval(years => coalesce(p.term_years, %(default_term)s)))::date
                   <= %(as_of)s AS overdue,
               coalesce(t.trainings, 0) AS trainings, coalesce(t.days, 0) AS days
        FROM party p LEFT JOIN held h ON h.party_id = p.id LEFT JOIN units u ON u.party_id = p.id
             LEFT JOIN trained t ON t.member_id = p.secretary_id
    ), latest_grade AS (
        SELECT DISTINCT ON (organization_id) organization_id AS org_id, above_rule_cap FROM registry_evaluationgrade
        WHERE rated_on <= %(as_of)s ORDER BY organization_id, rated_on DESC, id DESC
    )
    SELECT o.city AS group_key, o.label AS group_label,
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
        {training_count} AS training_compliant,
        count(*) FILTER (WHERE lg.above_rule_cap) AS grade_above_cap
    FROM o
    LEFT JOIN cv ON cv.org_id = o.id
    LEFT JOIN counted n ON n.org_id = o.id
    LEFT JOIN instructed i ON i.org_id = o.id
    LEFT JOIN ps ON ps.party_id = cv.party_id
    LEFT JOIN latest_grade lg ON lg.org_id = o.id
    GROUP BY o.city, o.label
    """
    return statement, params


def grade_caps(rules, as_of: dt.date) -> tuple[str, dict]:
    """(statement, parameters): ``(organization id, cap)`` for every organization in scope, the
    value of ``rules.max_grade`` on ``registry.selectors.organization_facts``.

    Written for the modules that exist: Jilin (2A for a weak-and-lax Party organization, or for an
    eligible org without one and without an accepted reason, 002 第九条(三)), Anhui (3A without a
    Party organization unless an exception is recorded, 004 一(七)), and the baseline and
    Guangdong (no cap). The Party organization is ``organization_party_organization``'s: not
    dissolved, any form, own → temporary → joint → dispatched, then by name.
    """
    from province_rules.anhui import AnhuiRules
    from province_rules.guangdong import GuangdongRules
    from province_rules.jilin import JilinRules
    from province_rules.baseline import BaselineRules

    params = {
        "as_of": as_of, "roles": sorted(rules.counted_member_roles), "threshold": rules.min_formal_members,
        "count_mgmt": getattr(rules, "count_management_personnel", False),
        "mgmt_roles": sorted(getattr(rules, "management_roles", ())) or [""],
        "has_forms": sorted(rules.allowed_party_org_forms & {"own", "joint", "temporary"}),
    }
    if isinstance(rules, JilinRules):
        if tuple(rules.weak_and_lax_criteria) != ("recorded",):
            raise NotImplementedError("bench.sql.grade_caps: Jilin's weak-and-lax criteria changed")
        params.update(weak_cap=rules.max_grade_if_weak_and_lax.value, cap=rules.max_grade_without_party_org.value)
        case = """CASE WHEN pp.weak_and_lax THEN %(weak_cap)s
                       WHEN pp.form = ANY(%(has_forms)s) THEN '5A'
                       WHEN coalesce(n.n, 0) < %(threshold)s THEN '5A'
                       WHEN o.accepted_reason_for_no_party_org <> '' THEN '5A'
                       ELSE %(cap)s END"""
    elif isinstance(rules, AnhuiRules):
        params.update(cap=rules.max_grade_without_party_org.value)
        case = """CASE WHEN pp.form = ANY(%(has_forms)s) THEN '5A'
                       WHEN o.grade_cap_exception <> '' THEN '5A'
                       ELSE %(cap)s END"""
    elif isinstance(rules, GuangdongRules) or type(rules).max_grade is BaselineRules.max_grade:
        params.update(cap=rules.max_grade_without_party_org.value if not isinstance(rules, GuangdongRules) else "5A")
        case = "%(cap)s"
    else:
        raise NotImplementedError(f"bench.sql.grade_caps: no statement for {rules.rules_id()}")
    statement = f"""
    WITH pp AS (
        SELECT DISTINCT ON (c.socialorganization_id) c.socialorganization_id AS org_id, p.form, p.weak_and_lax
        FROM registry_partyorganization_covered_organizations c
             JOIN registry_partyorganization p ON p.id = c.partyorganization_id
        WHERE p.dissolved_on IS NULL
        ORDER BY c.socialorganization_id, {PRIORITY.format(form="p.form")}, p.name
    ), n AS (
        SELECT organization_id AS org_id, count(*) AS n FROM registry_member
        WHERE status = 'formal' AND (role = ANY(%(roles)s)
              OR (%(count_mgmt)s AND role = ANY(%(mgmt_roles)s) AND relation = 'here'))
        GROUP BY organization_id
    )
    SELECT o.id, {case} AS cap
    FROM registry_socialorganization o LEFT JOIN pp ON pp.org_id = o.id LEFT JOIN n ON n.org_id = o.id
    WHERE o.status <> 'deregistered' AND coalesce(o.registered_on, %(as_of)s) <= %(as_of)s
    """
    return statement, params


def _counts_json(columns: list[str], alias: str) -> str:
    return "jsonb_build_object(" + ", ".join(f"'{name}', {alias}.{name}" for name in columns) + ")"


def national_read(provinces: list[tuple[int, str, str]], columns: list[str], grouping: str = "province") -> tuple[str, dict]:
    """Each province's rows of ``grouping`` on its latest snapshot day, read from the province
    schemas themselves: one UNION ALL. ``provinces``: (id, code, schema)."""
    parts = []
    for _, code, schema in provinces:
        parts.append(f"""
        (SELECT '{code}' AS province, s.taken_on, s.grouping, s.group_key, s.group_label, s.rules, {_counts_json(columns, 's')} AS counts
         FROM "{schema}".indicators_indicatorsnapshot s
         WHERE s.grouping = %(grouping)s
           AND s.taken_on = (SELECT max(taken_on) FROM "{schema}".indicators_indicatorsnapshot))""")
    return " UNION ALL ".join(parts), {"grouping": grouping}


def national_refresh(provinces: list[tuple[int, str, str]], columns: list[str], groupings: tuple[str, ...]) -> tuple[str, dict]:
    """What ``national_snapshots_copy`` does (each province's days since the latest one copied,
    replaced as a whole), as one DELETE and one INSERT … SELECT … UNION ALL."""
    days = []
    for province_id, _, schema in provinces:
        days.append(f"""
        (SELECT {province_id} AS province_id, s.taken_on FROM "{schema}".indicators_indicatorsnapshot s
         WHERE s.grouping = ANY(%(groupings)s) AND s.taken_on >= coalesce(
             (SELECT max(taken_on) FROM public.national_nationalsnapshot WHERE province_id = {province_id}), '-infinity'::date)
         GROUP BY s.taken_on)""")
    rows = []
    for province_id, _, schema in provinces:
        rows.append(f"""
        (SELECT {province_id} AS province_id, s.taken_on, s.grouping, s.group_key, s.group_label, s.rules,
                {_counts_json(columns, 's')} AS counts, now() AS copied_at
         FROM "{schema}".indicators_indicatorsnapshot s JOIN days d ON d.province_id = {province_id} AND d.taken_on = s.taken_on
         WHERE s.grouping = ANY(%(groupings)s))""")
    statement = f"""
    CREATE TEMPORARY TABLE days ON COMMIT DROP AS {" UNION ALL ".join(days)};
    DELETE FROM public.national_nationalsnapshot n USING days d WHERE n.province_id = d.province_id AND n.taken_on = d.taken_on;
    INSERT INTO public.national_nationalsnapshot (province_id, taken_on, grouping, group_key, group_label, rules, counts, copied_at)
    {" UNION ALL ".join(rows)};
    """
    return statement, {"groupings": list(groupings)}
