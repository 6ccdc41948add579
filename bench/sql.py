"""The references' hand-written SQL, run through psycopg2 with nothing in between.

- ``indicators_by_city``: every indicator of domain.md section 5 by city, one statement of
  CTEs computing each set once (joins and GROUP BY, no IN-subqueries), written from the definitions
  in ``indicators.selectors`` independently of its statement; tests/indicators/test_against_sql.py
  checks the selectors against it, grouped by key *and* label (this is its one copy);
- ``grade_caps``: each organization's highest grade under the province's rules (max_grade);
  both read the rules' settings (``rules.settings``), never the product's criteria or SQL;
- ``national_read`` / ``national_refresh``: one UNION ALL over the province schemas.
"""
from __future__ import annotations

import datetime as dt

KINDS = ("general_meeting", "committee_meeting", "group_meeting", "party_lecture", "theme_day")
PRIORITY = "CASE {form} WHEN 'own' THEN 0 WHEN 'temporary' THEN 1 WHEN 'joint' THEN 2 WHEN 'dispatched' THEN 3 ELSE 4 END"


def _service_type_sql() -> tuple[str, dict]:
    """The organization's service type as the registry reads its industry (the words are data of
    ``registry.selectors``; the reading here is written on its own)."""
    from registry.selectors import SERVICE_TYPE_WORDS

    cases = " ".join(f"WHEN position(%(word_{i})s in s.industry) > 0 THEN %(type_{i})s"
                     for i in range(len(SERVICE_TYPE_WORDS)))
    params = {f"word_{i}": word for i, (word, _) in enumerate(SERVICE_TYPE_WORDS)}
    params.update({f"type_{i}": kind for i, (_, kind) in enumerate(SERVICE_TYPE_WORDS)})
    return f"CASE WHEN s.is_school THEN 'school' WHEN s.is_hospital THEN 'hospital' {cases} END", params


def _common(rules, as_of: dt.date) -> dict:
    settings = rules.settings
    management = sorted(settings.management_roles) if settings.count_management_personnel else []
    return {
        "as_of": as_of, "year": as_of.year, "default_term": settings.default_term_years,
        "forms": sorted(settings.allowed_party_org_forms),
        "org_forms": sorted(settings.allowed_party_org_forms & {"own", "joint", "temporary"}),
        "own_forms": sorted(settings.allowed_party_org_forms & settings.own_party_org_forms),
        "roles": sorted(settings.counted_member_roles), "mgmt_roles": management or [""],
        "threshold": settings.min_formal_members,
    }


PARTY_CTES = """
    party AS (
        SELECT * FROM registry_partyorganization p
        WHERE (p.dissolved_on IS NULL OR p.dissolved_on > %(as_of)s) AND (p.founded_on IS NULL OR p.founded_on <= %(as_of)s)
    ), cover AS (
        SELECT c.socialorganization_id AS org_id, party.id AS party_id, party.form,
               row_number() OVER (PARTITION BY c.socialorganization_id
                                  ORDER BY {priority}, party.name, party.id) AS nth
        FROM registry_partyorganization_covered_organizations c JOIN party ON party.id = c.partyorganization_id
    ), cv AS (
        SELECT org_id, party_id, form, form = ANY(%(forms)s) AS allowed, form = ANY(%(org_forms)s) AS organizational,
               form = ANY(%(own_forms)s) AS own
        FROM cover WHERE nth = 1
    ), counted AS (
        SELECT organization_id AS org_id, count(*) AS n FROM registry_member
        WHERE status = 'formal' AND (roles && %(roles)s::varchar[] OR (roles && %(mgmt_roles)s::varchar[] AND relation = 'here'))
        GROUP BY organization_id
    )"""


def indicators_by_city(rules, as_of: dt.date) -> tuple[str, dict]:
    """(statement, parameters): one row per (city key, city label) with every count of
    ``indicators.selectors.INDICATORS`` (NULL where the rules measure nothing)."""
    settings = rules.settings
    requirements = {r.measure: r.minimum for r in rules.requirements_for_year(as_of.year) if r.measure and r.minimum}
    service_sql, service_params = _service_type_sql()
    params = {
        **_common(rules, as_of), **service_params,
        "target_min": settings.full_coverage_min_employees or 0,
        "target_kinds": sorted(settings.full_coverage_kinds) or [""],
        "target_types": sorted(settings.full_coverage_service_types) or [""],
        "min_life": settings.min_party_life_per_year or 0, "max_units": settings.max_joint_branch_units or 0,
        **{f"min_{kind}": requirements[kind] for kind in ("general_meeting", "committee_meeting", "group_meeting",
                                                          "party_lecture") if kind in requirements},
    }
    means = {"instructor": "i.org_id IS NOT NULL", "work_station": "o.has_work_station",
             "dispatched": "(cv.allowed AND cv.form = 'dispatched')"}
    work = " OR ".join(["coalesce(cv.organizational AND cv.allowed, false)"] + [means[m] for m in settings.work_coverage_means])
    screens = {"leadership_incomplete": "ps.secretary_id IS NULL",
               # a branch founded within the year is asked for its share of the year
               "activities_infrequent": f"({' + '.join(f'ps.{k}' for k in settings.party_life_kinds)}) * 365.0 / "
                                        "coalesce(least(greatest(%(as_of)s::date - ps.founded_on, 0), 365), 365) "
                                        "< %(min_life)s",
               "joint_branch_too_many_units": "(ps.form = 'joint' AND ps.units > %(max_units)s)"}
    warning = " OR ".join(screens[key] for key in settings.weak_and_lax_screens) or "false"
    has_party = "coalesce(cv.allowed, false)"
    meetings = " AND ".join([has_party] + [f"ps.{kind} >= %(min_{kind})s" for kind in
                                           ("general_meeting", "committee_meeting", "group_meeting", "party_lecture")
                                           if requirements.get(kind, 0) > 0])
    training = [has_party, "ps.secretary_id IS NOT NULL"]
    if "secretary_trainings" in requirements:
        params["min_trainings"] = requirements["secretary_trainings"]
        training.append("ps.trainings >= %(min_trainings)s")
    if "secretary_training_days" in requirements:
        params["min_days"] = requirements["secretary_training_days"]
        training.append("ps.days >= %(min_days)s")
    training_count = f"count(*) FILTER (WHERE {' AND '.join(training)})" if len(training) > 2 else "NULL"
    target = ("o.kind = ANY(%(target_kinds)s) AND o.service_type = ANY(%(target_types)s) AND o.employees >= %(target_min)s"
              if settings.full_coverage_min_employees is not None else None)
    eligible = "coalesce(n.n, 0) >= %(threshold)s"
    caps = _cap_case(rules)
    statement = f"""
    WITH o AS (
        SELECT s.id, s.status, s.kind, s.employees, s.has_work_station, {service_sql} AS service_type,
               s.accepted_reason_for_no_party_org <> '' AS accepted_reason, s.grade_cap_exception <> '' AS exception_recorded,
               left(r.code, 4) || '00' AS city, CASE WHEN r.level = 'county' THEN parent.name ELSE r.name END AS label
        FROM registry_socialorganization s JOIN regions_region r ON r.id = s.region_id
             LEFT JOIN regions_region parent ON parent.id = r.parent_id
        WHERE s.status <> 'deregistered' AND coalesce(s.registered_on, %(as_of)s) <= %(as_of)s
    ), {PARTY_CTES.format(priority=PRIORITY.format(form="party.form"))}, instructed AS (
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
        SELECT p.id AS party_id, p.form, p.weak_and_lax, p.secretary_id, p.founded_on, coalesce(u.n, 0) AS units,
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
        count(*) FILTER (WHERE cv.organizational AND cv.allowed) AS organizational_coverage,
        count(*) FILTER (WHERE {work}) AS work_coverage,
        count(*) FILTER (WHERE cv.allowed) AS with_party_org,
        count(*) FILTER (WHERE {eligible}) AS eligible,
        count(*) FILTER (WHERE {eligible} AND NOT coalesce(cv.own, false)) AS eligible_not_built,
        {f"count(*) FILTER (WHERE {target})" if target else "NULL"} AS target_orgs,
        {f"count(*) FILTER (WHERE {target} AND NOT coalesce(cv.organizational AND cv.allowed, false))" if target else "NULL"}
            AS target_orgs_without_party_org,
        count(DISTINCT ps.party_id) FILTER (WHERE cv.allowed AND ps.weak_and_lax) AS weak_and_lax,
        {f"count(DISTINCT ps.party_id) FILTER (WHERE cv.allowed AND ({warning}))" if settings.weak_and_lax_screens else "NULL"}
            AS weak_and_lax_warnings,
        count(*) FILTER (WHERE cv.allowed AND ps.overdue) AS renewal_overdue,
        count(*) FILTER (WHERE {meetings}) AS three_meetings_compliant,
        {training_count} AS training_compliant,
        {f"count(*) FILTER (WHERE ({caps}) <> '5A')" if caps != "'5A'" else "NULL"} AS grade_capped,
        count(*) FILTER (WHERE lg.above_rule_cap) AS grade_above_cap
    FROM o
    LEFT JOIN cv ON cv.org_id = o.id
    LEFT JOIN counted n ON n.org_id = o.id
    LEFT JOIN instructed i ON i.org_id = o.id
    LEFT JOIN ps ON ps.party_id = cv.party_id
    LEFT JOIN latest_grade lg ON lg.org_id = o.id
    GROUP BY o.city, o.label
    """
    params.update(_cap_params(rules))
    return statement, params


def _cap_params(rules) -> dict:
    settings = rules.settings
    return {"cap": settings.max_grade_without_party_org.value, "weak_cap": settings.max_grade_if_weak_and_lax.value}


def _cap_case(rules) -> str:
    """Each organization's highest grade, over ``o``, ``cv`` (its Party organization), ``ps`` and ``n``:
    written for the modules that exist. Jilin (002 第九条(三)): 2A when its Party organization is
    designated weak and lax, or when it has the three counted members, no Party organization of its
    own (a joint branch is not one) and no accepted reason. Anhui (004 一(七)): 3A without a Party
    organization (own or joint) unless an exception is recorded. The baseline and Guangdong: none."""
    from province_rules.anhui import AnhuiRules
    from province_rules.baseline import BaselineRules
    from province_rules.guangdong import GuangdongRules
    from province_rules.jilin import JilinRules

    if isinstance(rules, JilinRules):
        return """CASE WHEN coalesce(ps.weak_and_lax, false) THEN %(weak_cap)s
                       WHEN coalesce(n.n, 0) < %(threshold)s THEN '5A'
                       WHEN coalesce(cv.own, false) THEN '5A'
                       WHEN o.accepted_reason THEN '5A'
                       ELSE %(cap)s END"""
    if isinstance(rules, AnhuiRules):
        return """CASE WHEN coalesce(cv.organizational AND cv.allowed, false) THEN '5A'
                       WHEN o.exception_recorded THEN '5A'
                       ELSE %(cap)s END"""
    if isinstance(rules, GuangdongRules) or type(rules).max_grade is BaselineRules.max_grade:
        return "'5A'"
    raise NotImplementedError(f"bench.sql: no grade-cap statement for {rules.rules_id()}")


def grade_caps(rules, as_of: dt.date) -> tuple[str, dict]:
    """(statement, parameters): ``(organization id, cap)`` for every organization in scope, the
    value of ``rules.max_grade`` on ``registry.selectors.organization_facts`` (see ``_cap_case``)."""
    params = {**_common(rules, as_of), **_cap_params(rules)}
    statement = f"""
    WITH o AS (
        SELECT s.id, s.accepted_reason_for_no_party_org <> '' AS accepted_reason,
               s.grade_cap_exception <> '' AS exception_recorded
        FROM registry_socialorganization s
        WHERE s.status <> 'deregistered' AND coalesce(s.registered_on, %(as_of)s) <= %(as_of)s
    ), {PARTY_CTES.format(priority=PRIORITY.format(form="party.form"))}, ps AS (
        SELECT id AS party_id, weak_and_lax FROM party
    )
    SELECT o.id, {_cap_case(rules)} AS cap
    FROM o LEFT JOIN cv ON cv.org_id = o.id LEFT JOIN ps ON ps.party_id = cv.party_id LEFT JOIN counted n ON n.org_id = o.id
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
