"""The lists behind the figures, and the rules' values for the rows of a page: the same
compiled criteria as the figures (``rows``), as conditions on ``SocialOrganization`` and
``PartyOrganization``."""
from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from registry.models import EvaluationGrade, PartyOrganization, SocialOrganization

from .definitions import BY_NAME, INDICATORS, measured
from .facts_sql import FROM_FACTS, compile_criterion, criteria_table, facts_statement
from .rows import indicator_condition


def criterion_condition(*, rules, keys, as_of: dt.date, negate=()) -> Q:
    """Organizations for which every criterion of ``keys`` holds at ``as_of`` (and none of
    ``negate``), as a condition on ``SocialOrganization`` (one uncorrelated subquery)."""
    condition = None
    for key in keys:
        compiled = compile_criterion(rules, key, as_of=as_of)
        condition = compiled if condition is None else condition & compiled
    for key in negate:
        condition = condition & ~compile_criterion(rules, key, as_of=as_of)
    facts = facts_statement(rules, as_of=as_of)
    return Q(pk__in=RawSQL(f"{facts.sql} SELECT o.id {FROM_FACTS} WHERE {condition.sql}", facts.params + condition.params))


def _grade_above_cap(*, as_of: dt.date) -> Q:
    latest = (EvaluationGrade.objects.filter(rated_on__lte=as_of)
              .order_by("organization_id", "-rated_on", "-pk").distinct("organization_id").values("pk"))
    return Q(pk__in=EvaluationGrade.objects.filter(pk__in=latest, above_rule_cap=True).values("organization_id"))


def indicator_organizations(*, rules, indicator: str, as_of: dt.date | None = None) -> QuerySet[SocialOrganization]:
    """The organizations an indicator counts (the list behind a figure), e.g. every 应建未建 org;
    for a Party-organization indicator (weak and lax), the organizations those cover."""
    as_of = as_of or timezone.localdate()
    if indicator not in INDICATORS:
        raise ValueError(f"unknown indicator {indicator!r}; one of {', '.join(INDICATORS)}")
    definition = BY_NAME[indicator]
    organizations = SocialOrganization.objects.select_related("region")
    if not measured(rules, definition, as_of):
        return organizations.none()
    condition = criterion_condition(rules=rules, keys=definition.all_of, negate=definition.none_of, as_of=as_of)
    if indicator == "grade_above_cap":
        condition &= _grade_above_cap(as_of=as_of)
    return organizations.filter(condition)


def indicator_party_organizations(*, rules, indicator: str, as_of: dt.date | None = None) -> QuerySet[PartyOrganization]:
    """The Party organizations a Party-organization indicator counts (weak and lax, warnings):
    each the Party organization of at least one in-scope organization it is counted for."""
    as_of = as_of or timezone.localdate()
    definition = BY_NAME[indicator]
    if definition.counts != "party_orgs":
        raise ValueError(f"{indicator!r} counts organizations, not Party organizations")
    if not measured(rules, definition, as_of):
        return PartyOrganization.objects.none()
    facts = facts_statement(rules, as_of=as_of)
    condition = indicator_condition(rules, definition, as_of=as_of)
    return PartyOrganization.objects.filter(pk__in=RawSQL(
        f"{facts.sql} SELECT p.id {FROM_FACTS} WHERE {condition.sql}", facts.params + condition.params))


def criteria_values(*, rules, keys, as_of: dt.date, organizations) -> dict[int, dict]:
    """Each of ``organizations``' (a page of them, or a queryset) values of the criteria ``keys``
    at ``as_of``, and its ``counted_members``: one query, the same compiled criteria as the figures."""
    if not isinstance(organizations, QuerySet):
        organizations = SocialOrganization.objects.filter(pk__in=[getattr(o, "pk", o) for o in organizations])
    table = criteria_table(rules, list(keys), as_of=as_of, organizations=organizations)
    with connection.cursor() as cursor:
        cursor.execute(table.sql, table.params)
        columns = [column.name for column in cursor.description]
        return {row[0]: dict(zip(columns, row)) for row in cursor.fetchall()}


def grade_caps(*, rules, as_of: dt.date | None = None, organizations: QuerySet | None = None) -> dict[int, str]:
    """Each in-scope organization's highest evaluation grade under ``rules`` at ``as_of`` (what
    ``rules.max_grade`` decides for it, "5A" for no cap), for all of them in one statement:
    what a rule change or the nightly screening re-evaluates.

    From the rules' own criteria, compiled as the figures compile them: an organization for which
    ``grade_capped`` holds gets ``max_grade_if_weak_and_lax`` when its Party organization is
    designated weak and lax, else ``max_grade_without_party_org``; any other, no cap.
    ``tests/indicators/test_agreement_with_rules.py`` checks this against ``max_grade`` on every
    generated organization of every province."""
    from province_rules.contract import NO_CAP

    as_of = as_of or timezone.localdate()
    facts = facts_statement(rules, as_of=as_of, organizations=organizations)
    in_scope, capped, weak = (compile_criterion(rules, key, as_of=as_of) for key in ("in_scope", "grade_capped", "weak_and_lax"))
    settings = rules.settings
    statement = (f"{facts.sql} SELECT o.id, CASE WHEN NOT ({capped.sql}) THEN %s WHEN ({weak.sql}) THEN %s ELSE %s END "
                 f"{FROM_FACTS} WHERE {in_scope.sql}")
    params = (facts.params + capped.params + (NO_CAP.value,) + weak.params
              + (settings.max_grade_if_weak_and_lax.value, settings.max_grade_without_party_org.value) + in_scope.params)
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return dict(cursor.fetchall())
