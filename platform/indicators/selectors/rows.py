"""The indicator figures by group, in one statement over the facts relations (``facts_sql``)."""
from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from regions.codes import code_level
from regions.models import Region
from registry.models import EvaluationGrade, SocialOrganization

from ..models import Grouping
from .definitions import BY_NAME, DEFINITIONS, INDICATORS, Indicator, measured, with_rates
from .facts_sql import FROM_FACTS, TRUE, Compiled, compile_criterion, facts_statement

GROUPINGS = tuple(Grouping.values)
PROVINCE_KEY = "all"
NO_SUPERVISOR_KEY = "none"
NO_SUPERVISOR_LABEL = "无业务主管单位（直接登记或已脱钩）"
# Read-only groupings (no snapshots are taken of them): a city's counties, for its staff's dashboard.
COUNTY = "county"
# Organizations registered at the level above a group's (the province's own among its cities,
# a city's own among its counties) are one row of that name, never a row named after the region.
PROVINCE_OWN_LABEL = "省本级"
CITY_OWN_SUFFIX = "本级"


def indicator_condition(rules, indicator: Indicator, *, as_of: dt.date) -> Compiled:
    """The indicator's condition on a row of the facts (``o`` with its ``p``)."""
    condition = TRUE
    for key in indicator.all_of:
        condition = condition & compile_criterion(rules, key, as_of=as_of)
    for key in indicator.none_of:
        condition = condition & ~compile_criterion(rules, key, as_of=as_of)
    return condition


def _group_sql(grouping: str) -> tuple[str, str, list]:
    """(key, label, params) SQL of a grouping over ``o`` (the organization), ``r`` (its region),
    ``rp`` (the region's parent) and ``sup`` (its business supervisor); kind and registration
    level are labelled afterwards (``_group_label``)."""
    if grouping == Grouping.PROVINCE:
        return "%s::text", "%s::text", [PROVINCE_KEY, str(Grouping.PROVINCE.label)]
    if grouping == Grouping.CITY:
        # GB/T 2260: the city of 220102 is 220100; an org placed at province level stays 220000. The
        # name of that city: a county's parent (regions.services.region_create keeps codes under the parent's)
        return ("substr(r.code, 1, 4) || '00'", "CASE WHEN r.level = %s THEN %s WHEN r.level = %s THEN rp.name ELSE r.name END",
                [Region.Level.PROVINCE.value, PROVINCE_OWN_LABEL, Region.Level.COUNTY.value])
    if grouping == COUNTY:
        # An organization placed at a county is that county's; one placed at its city (or the
        # province) is the city's (province's) own level: "长春市本级".
        return ("r.code", "CASE WHEN r.level = %s THEN r.name WHEN r.level = %s THEN %s ELSE r.name || %s END",
                [Region.Level.COUNTY.value, Region.Level.PROVINCE.value, PROVINCE_OWN_LABEL, CITY_OWN_SUFFIX])
    if grouping == Grouping.KIND:
        return "o.kind", "o.kind", []
    if grouping == Grouping.REGISTRATION_LEVEL:
        return "o.registration_level", "o.registration_level", []
    if grouping == Grouping.SUPERVISOR:
        return "coalesce(o.business_supervisor_id::varchar, %s)", "coalesce(sup.name, %s)", [NO_SUPERVISOR_KEY,
                                                                                              NO_SUPERVISOR_LABEL]
    raise ValueError(f"unknown grouping {grouping!r}; one of {', '.join(GROUPINGS)}")


def _group_label(grouping: str, key, label):
    if grouping in (Grouping.KIND, Grouping.REGISTRATION_LEVEL):
        choices = {Grouping.KIND: SocialOrganization.Kind, Grouping.REGISTRATION_LEVEL: SocialOrganization.Level}[grouping]
        return str(dict(choices.choices).get(key, key))
    return label


def _group_order(grouping: str):
    if grouping in (Grouping.KIND, Grouping.REGISTRATION_LEVEL):
        values = (SocialOrganization.Kind if grouping == Grouping.KIND else SocialOrganization.Level).values
        return lambda row: (values.index(row["group_key"]) if row["group_key"] in values else len(values), row["group_key"])
    if grouping == Grouping.SUPERVISOR:
        return lambda row: (row["group_key"] == NO_SUPERVISOR_KEY, row["group_label"])
    if grouping in (Grouping.CITY, COUNTY):
        return lambda row: (own_level(grouping, row["group_key"]), row["group_key"])  # the own level last
    return lambda row: row["group_key"]


def own_level(grouping: str, key) -> bool:
    """Is the group of ``key`` the organizations registered at the level above the grouping's
    (the province's own among cities, a city's own among its counties)?"""
    level = code_level(str(key or ""))
    return (grouping == Grouping.CITY and level == "province") or (grouping == COUNTY and level in ("province", "city"))


def indicators_statement(*, rules, grouping: str, as_of: dt.date, organizations: QuerySet | None) -> tuple[str, list, list]:
    """(statement, params, names of the measured indicators): every indicator as
    ``count(*) FILTER (WHERE <its criteria>)`` over the facts at ``as_of``, by group."""
    facts = facts_statement(rules, as_of=as_of, organizations=organizations)
    key_sql, label_sql, group_params = _group_sql(grouping)
    supervisor_table = SocialOrganization._meta.get_field("business_supervisor").related_model._meta.db_table
    grades = EvaluationGrade._meta.db_table
    in_scope = indicator_condition(rules, BY_NAME["in_scope"], as_of=as_of)
    columns, params, names = [], [], []
    for indicator in DEFINITIONS:
        if indicator.name == "in_scope" or not measured(rules, indicator, as_of):
            continue
        condition = indicator_condition(rules, indicator, as_of=as_of)
        if indicator.name == "grade_above_cap":
            condition = condition & Compiled("coalesce(g.above_rule_cap, false)", ())
        counted = "DISTINCT p.id" if indicator.counts == "party_orgs" else "*"
        columns.append(f"count({counted}) FILTER (WHERE {condition.sql}) AS {indicator.name}")
        params += condition.params
        names.append(indicator.name)
    statement = f"""{facts.sql}, g AS (
        SELECT DISTINCT ON (e.organization_id) e.organization_id AS org_id, e.above_rule_cap FROM {grades} e
        WHERE e.rated_on <= %s ORDER BY e.organization_id, e.rated_on DESC, e.id DESC
    )
    SELECT {key_sql} AS group_key, {label_sql} AS group_label,
           count(*) AS in_scope, {", ".join(columns)}
    {FROM_FACTS} JOIN {Region._meta.db_table} r ON r.id = o.region_id LEFT JOIN {Region._meta.db_table} rp ON rp.id = r.parent_id
         LEFT JOIN {supervisor_table} sup ON sup.id = o.business_supervisor_id LEFT JOIN g ON g.org_id = o.id
    WHERE {in_scope.sql}
    GROUP BY 1, 2"""
    all_params = [*facts.params, as_of, *group_params, *params, *in_scope.params]
    return statement, all_params, names


def indicator_rows(*, rules, grouping: str = Grouping.PROVINCE, as_of: dt.date | None = None,
                   organizations: QuerySet[SocialOrganization] | None = None) -> list[dict]:
    """One dict per group: ``group_key``, ``group_label``, every count of ``INDICATORS`` (None where
    the rules give nothing to measure) and the rates of ``RATES``. One query. The province
    grouping always has its one row.

    ``organizations``: count only these (e.g. a city's staff's scope), still only those in scope
    at ``as_of``; default the whole schema."""
    as_of = as_of or timezone.localdate()
    statement, params, names = indicators_statement(rules=rules, grouping=grouping, as_of=as_of,
                                                    organizations=organizations)
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        columns = [column.name for column in cursor.description]
        rows = [dict(zip(columns, values)) for values in cursor.fetchall()]
    if not rows and grouping == Grouping.PROVINCE:
        rows = [{"group_key": PROVINCE_KEY, "group_label": Grouping.PROVINCE.label, "in_scope": 0, **dict.fromkeys(names, 0)}]
    rows = [with_rates({"group_key": row["group_key"], "group_label": _group_label(grouping, row["group_key"], row["group_label"]),
                        **{name: row.get(name) for name in INDICATORS}}) for row in rows]
    return sorted(rows, key=_group_order(grouping))


def indicator_totals(*, rules, as_of: dt.date | None = None, organizations: QuerySet[SocialOrganization] | None = None) -> dict:
    """The province's row (``indicator_rows`` grouped by province), over ``organizations`` if given."""
    return indicator_rows(rules=rules, grouping=Grouping.PROVINCE, as_of=as_of, organizations=organizations)[0]
