"""The facts relations in SQL, and the rules' criteria compiled over them.

``province_rules.criteria`` writes each criterion once: a Python check for one organization
and an SQL condition over the *facts relations* (``FACT_COLUMNS``). This module builds those
relations from the registry's tables at a date, as the CTEs ``p`` (Party organizations), ``o``
(organizations, joined to their Party organization) and the members' count, and compiles a
criterion to SQL that reads them. The columns are the facts ``registry.selectors.organization_facts``
gives the Python side, computed the same way:

- a Party organization counts at ``as_of`` when founded by then and not dissolved;
- an organization's Party organization is the first covering it by ``FORM_PRIORITY``, then name, id;
- activities are those of the 12 months up to ``as_of``; trainings those of ``as_of``'s year;
- ``o.service_type`` is a school or hospital by its flags, else its industry read by
  ``registry.selectors.service_type_of``.

``facts_statement`` gives the ``WITH …`` prefix; the indicators, the lists and the per-page
flags select from ``o LEFT JOIN p ON p.id = o.party_id`` after it. The same prefix and the same
compiled criteria give each organization's rule values for all organizations at once
(``criteria_table``), which per-organization rule evaluation in SQL builds on.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet

from province_rules.contract import FORM_PRIORITY
from province_rules.criteria import ACTIVITY_KINDS
from registry.models import Activity, Dispatch, Member, PartyOrganization, SocialOrganization, Training
from registry.selectors import SERVICE_TYPE_WORDS

Link = PartyOrganization.covered_organizations.through
_TOKEN = re.compile(r"\{(\w+)\}|%\((\w+)\)s")


@dataclass(frozen=True)
class Compiled:
    """SQL text with positional ``%s`` parameters."""

    sql: str
    params: tuple

    def __and__(self, other: Compiled) -> Compiled:
        return Compiled(f"({self.sql}) AND ({other.sql})", self.params + other.params)

    def __invert__(self) -> Compiled:
        return Compiled(f"NOT ({self.sql})", self.params)


TRUE = Compiled("true", ())


def compile_criterion(rules, key: str, *, as_of: dt.date, context: str = "organization") -> Compiled:
    """Criterion ``key`` of ``rules`` as a boolean SQL expression over ``o`` and ``p`` (never NULL).

    ``context``: ``organization`` (a row of ``o`` joined to its ``p``) or ``party_org`` (a row of
    ``p``) or ``member`` (a row of ``m``). A Party-organization criterion in the organization
    context is about the organization's Party organization: false without one."""
    criterion = rules.criteria[key]
    if criterion.subject == "organization" and context != "organization":
        raise ValueError(f"criterion {key!r} is about an organization, not a {context}")
    sql = criterion.sql(as_of)
    params: list = []

    def token(match) -> str:
        reference, name = match.groups()
        if reference:
            inner = compile_criterion(rules, reference, as_of=as_of, context=context)
            params.extend(inner.params)
            return f"({inner.sql})"
        params.append(as_of if name == "as_of" and name not in sql.params else sql.params[name])
        return "%s"

    text = _TOKEN.sub(token, sql.text)
    if criterion.subject == "party_org" and context == "organization":
        return Compiled(f"(p.id IS NOT NULL AND coalesce(({text}), false))", tuple(params))
    return Compiled(f"coalesce(({text}), false)", tuple(params))


def _restriction(organizations: QuerySet | None) -> tuple[str, list]:
    """``s.id IN (…)`` for a base queryset of organizations (a user's scope), or nothing."""
    if organizations is None:
        return "true", []
    try:
        sql, params = organizations.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # e.g. organizations.none()
        return "false", []
    return f"s.id IN ({sql})", list(params)


def facts_statement(rules, *, as_of: dt.date, organizations: QuerySet | None = None) -> Compiled:
    """``WITH party …, p …, o …`` : the facts relations at ``as_of`` over the organizations registered
    by then (``organizations`` narrows them, e.g. to a user's scope). Select from
    ``o LEFT JOIN p ON p.id = o.party_id`` after it."""
    table = {model: model._meta.db_table for model in
             (SocialOrganization, PartyOrganization, Member, Dispatch, Activity, Training)}
    link = Link._meta.db_table
    within, within_params = _restriction(organizations)
    counted = compile_criterion(rules, "counted_member", as_of=as_of, context="member")
    priority = " ".join(f"WHEN %s THEN {rank}" for rank in range(len(FORM_PRIORITY)))
    service = " ".join("WHEN s.industry LIKE %s THEN %s" for _ in SERVICE_TYPE_WORDS)
    service_params = [param for word, kind in SERVICE_TYPE_WORDS for param in (f"%{word}%", kind)]
    held = ", ".join(f"count(*) FILTER (WHERE a.kind = %s) AS {kind}" for kind in ACTIVITY_KINDS)
    year_start, year_end = dt.date(as_of.year, 1, 1), dt.date(as_of.year, 12, 31)
    statement = f"""
    WITH s AS (
        SELECT s.* FROM {table[SocialOrganization]} s
        WHERE (s.registered_on IS NULL OR s.registered_on <= %s) AND {within}
    ), party AS (
        SELECT x.id, x.name, x.form, x.weak_and_lax, x.secretary_id, x.term_years, x.founded_on,
               coalesce(x.last_election_on, x.founded_on) AS last_election
        FROM {table[PartyOrganization]} x
        WHERE (x.dissolved_on IS NULL OR x.dissolved_on > %s) AND (x.founded_on IS NULL OR x.founded_on <= %s)
    ), primary_party AS (
        SELECT DISTINCT ON (l.socialorganization_id) l.socialorganization_id AS org_id, party.id AS party_id
        FROM {link} l JOIN party ON party.id = l.partyorganization_id
        WHERE l.socialorganization_id IN (SELECT id FROM s)
        ORDER BY l.socialorganization_id, CASE party.form {priority} ELSE {len(FORM_PRIORITY)} END, party.name, party.id
    ), units AS (
        SELECT l.partyorganization_id AS party_id, count(*) AS n FROM {link} l
        WHERE l.partyorganization_id IN (SELECT party_id FROM primary_party) GROUP BY 1
    ), held AS (
        SELECT a.party_organization_id AS party_id, {held}
        FROM {table[Activity]} a
        WHERE a.held_on > %s AND a.held_on <= %s AND a.party_organization_id IN (SELECT party_id FROM primary_party)
        GROUP BY 1
    ), trained AS (
        SELECT t.member_id, count(*) FILTER (WHERE t.concentrated) AS trainings, sum(t.days) AS days
        FROM {table[Training]} t WHERE t.started_on >= %s AND t.started_on <= %s GROUP BY 1
    ), p AS (
        SELECT party.id, party.form, party.weak_and_lax, party.secretary_id IS NOT NULL AS leadership_complete,
               greatest(coalesce(units.n, 0), 1) AS covered_units, party.last_election, party.founded_on, party.term_years,
               {", ".join(f"coalesce(held.{kind}, 0) AS {kind}" for kind in ACTIVITY_KINDS)},
               CASE WHEN party.secretary_id IS NULL THEN NULL ELSE coalesce(trained.trainings, 0) END AS secretary_trainings,
               CASE WHEN party.secretary_id IS NULL THEN NULL ELSE coalesce(trained.days, 0) END AS secretary_training_days,
               NULL::integer AS party_worker_trainings
        FROM party JOIN (SELECT DISTINCT party_id FROM primary_party) used ON used.party_id = party.id
             LEFT JOIN units ON units.party_id = party.id LEFT JOIN held ON held.party_id = party.id
             LEFT JOIN trained ON trained.member_id = party.secretary_id
    ), counted AS (
        SELECT m.organization_id AS org_id, count(*) AS n
        FROM (SELECT organization_id, status, relation, roles::text[] AS roles FROM {table[Member]}) m
        WHERE m.organization_id IN (SELECT id FROM s) AND {counted.sql} GROUP BY 1
    ), instructed AS (
        SELECT DISTINCT d.organization_id AS org_id FROM {table[Dispatch]} d
        WHERE d.started_on <= %s AND (d.ended_on IS NULL OR d.ended_on >= %s)
    ), o AS (
        SELECT s.id, s.status, s.kind, s.registration_level, s.employees, s.is_school, s.is_hospital,
               CASE WHEN s.is_school THEN 'school' WHEN s.is_hospital THEN 'hospital' {service} ELSE NULL END AS service_type,
               i.org_id IS NOT NULL AS instructor, s.has_work_station AS work_station,
               s.accepted_reason_for_no_party_org <> '' AS accepted_reason, s.grade_cap_exception <> '' AS exception_recorded,
               coalesce(counted.n, 0) AS counted_members, pp.party_id,
               s.region_id, s.business_supervisor_id
        FROM s LEFT JOIN primary_party pp ON pp.org_id = s.id LEFT JOIN counted ON counted.org_id = s.id
             LEFT JOIN instructed i ON i.org_id = s.id
    )"""
    params = [
        as_of, *within_params,
        as_of, as_of,
        *FORM_PRIORITY,
        *ACTIVITY_KINDS, as_of - dt.timedelta(days=365), as_of,
        year_start, year_end,
        *counted.params,
        as_of, as_of,
        *service_params,
    ]
    return Compiled(statement, tuple(params))


FROM_FACTS = "FROM o LEFT JOIN p ON p.id = o.party_id"


def criteria_table(rules, keys, *, as_of: dt.date, organizations: QuerySet | None = None) -> Compiled:
    """``SELECT o.id, o.counted_members, o.party_id, party_form, <key> …``: each organization's value of each criterion of
    ``keys`` at ``as_of``, one row per organization (the rules' per-organization values, set-based)."""
    facts = facts_statement(rules, as_of=as_of, organizations=organizations)
    columns = [compile_criterion(rules, key, as_of=as_of) for key in keys]
    select = ", ".join(f"{column.sql} AS {key}" for key, column in zip(keys, columns))
    return Compiled(f"{facts.sql} SELECT o.id, o.counted_members, o.party_id, p.form AS party_form, {select} {FROM_FACTS}",
                    facts.params + tuple(param for column in columns for param in column.params))
