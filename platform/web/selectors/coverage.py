"""The work lists: 应建未建, the full-coverage target list and the weak-and-lax screening,
each limited to the user's scope, each row with what to do next.

The two coverage lists are set-based (one query per page: each row's situation is an
annotation built from the indicators' own conditions). The screening list asks the rules
for each organization of the page shown, to give the findings with their reasons.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import BooleanField, Count, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from accounts.scoping import scope_queryset
from indicators.selectors import (
    DEFAULT_FULL_COVERAGE_MIN_EMPLOYEES, counted_members_condition, indicator_conditions, indicator_organizations,
)
from province_rules.contract import FORM_NAMES
from registry.models import Member, PartyOrganization, SocialOrganization
from registry.selectors import organization_facts_bulk, organization_party_organization

from .organizations import sort_fields


def _flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def _with_situation(organizations: QuerySet, *, rules, as_of: dt.date) -> QuerySet:
    """Annotate each organization's situation: covered (own/joint/temporary), in a joint
    branch, work coverage, eligible, and how many formal members count."""
    conditions = indicator_conditions(rules=rules, as_of=as_of)
    joint = Q(pk__in=PartyOrganization.covered_organizations.through.objects.filter(
        partyorganization__form=PartyOrganization.Form.JOINT, partyorganization__dissolved_on__isnull=True,
    ).values("socialorganization_id"))
    counted = Coalesce(Subquery(
        Member.objects.filter(counted_members_condition(rules=rules), organization=OuterRef("pk"))
        .values("organization").annotate(n=Count("pk")).values("n")[:1]), Value(0))
    return organizations.annotate(
        organizational=_flag(conditions["organizational_coverage"]),
        work=_flag(conditions["work_coverage"]),
        eligible=_flag(conditions["eligible"]),
        in_joint=_flag(joint),
        counted_members=counted,
    )


@dataclass(frozen=True)
class Step:
    text: str
    clause: str = ""


def _clause(rules, form: str) -> str:
    return rules.form_reasons.get(form, ("", ""))[0]


def not_built_steps(organization, *, rules) -> list[Step]:
    """What to do with an organization that should build its own Party organization and has not."""
    steps = [Step(f"计入的正式党员{organization.counted_members}名，达到{rules.min_formal_members}名：应经上级党组织批准单独建立党组织",
                  rules.clause_must_build)]
    if organization.in_joint:
        steps.append(Step("现由联合党组织覆盖，具备条件后应从联合党组织中单独组建", rules.clause_must_build))
    if organization.accepted_reason_for_no_party_org:
        steps.append(Step(f"已记录未建理由：{organization.accepted_reason_for_no_party_org}"))
    if not organization.work:
        steps.append(Step("尚无党的工作覆盖：先选派党建工作指导员帮助组建", _clause(rules, "instructor")))
    return steps


def target_steps(organization, *, rules) -> list[Step]:
    """What to do with an organization of the full-coverage target list."""
    if organization.organizational:
        return [Step("已建立党组织：巩固提升，发挥作用")]
    if organization.eligible:
        return [Step(f"正式党员达到{rules.min_formal_members}名：限期单独建立党组织", rules.clause_must_build)]
    steps = [Step("党员不足：与就近社会组织联合建立党组织", _clause(rules, "joint"))]
    if "dispatched" in rules.allowed_party_org_forms:
        steps.append(Step(f"或纳入{FORM_NAMES['dispatched']}", _clause(rules, "dispatched")))
    if organization.work:
        steps.append(Step("已有党的工作覆盖（指导员或工作站）：督促制定组建计划"))
    else:
        steps.append(Step("选派党建工作指导员，发展党员、创造组建条件", _clause(rules, "instructor")))
    return steps


def not_built_list(*, user, rules, as_of: dt.date, sort: str | None = None) -> QuerySet[SocialOrganization]:
    """应建未建 within the user's scope (``indicators`` definition), with each one's situation."""
    organizations = scope_queryset(indicator_organizations(rules=rules, indicator="eligible_not_built", as_of=as_of), user=user)
    return _with_situation(organizations, rules=rules, as_of=as_of).order_by(*sort_fields(sort))


def target_list(*, user, rules, as_of: dt.date, missing_only: bool = False, sort: str | None = None) -> QuerySet:
    """The full-coverage target organizations (30+-employee private schools and hospitals)."""
    indicator = "target_orgs_without_party_org" if missing_only else "target_orgs"
    organizations = scope_queryset(indicator_organizations(rules=rules, indicator=indicator, as_of=as_of), user=user)
    return _with_situation(organizations, rules=rules, as_of=as_of).order_by("organizational", *sort_fields(sort))


def target_rule(*, rules, as_of: dt.date) -> dict:
    """What the province's rules say about the target: its threshold and, where the province
    sets the target, the clause (asked of the rules for a school at the threshold)."""
    from province_rules.facts import OrganizationFacts

    minimum = getattr(rules, "full_coverage_min_employees", None)
    if minimum is None:
        return {"minimum": DEFAULT_FULL_COVERAGE_MIN_EMPLOYEES, "province_target": False, "clause": ""}
    decision = rules.full_coverage_target(
        OrganizationFacts(kind="private_non_enterprise", registration_level="city", employees=minimum, is_school=True), as_of)
    clause = decision.reasons[0].clause if decision.value and decision.reasons else ""
    return {"minimum": minimum, "province_target": bool(decision.value), "clause": clause}


# --- weak and lax ------------------------------------------------------------------------

def weak_and_lax_list(*, user, rules, as_of: dt.date, sort: str | None = None) -> QuerySet[SocialOrganization]:
    organizations = scope_queryset(indicator_organizations(rules=rules, indicator="weak_and_lax", as_of=as_of), user=user)
    return organizations.order_by(*sort_fields(sort))


# The weak-and-lax criteria (``rules.weak_and_lax_criteria``) in words (003 四 names the screened ones).
FINDING_NAMES = {
    "recorded": "上级党组织认定",
    "leadership_incomplete": "班子配备不齐",
    "activities_infrequent": "活动不经常",
    "joint_branch_too_many_units": "联合党支部覆盖单位过多",
}


@dataclass(frozen=True)
class Screening:
    organization: SocialOrganization
    party_org: PartyOrganization | None
    findings: tuple[str, ...]  # the criteria that hit, in words
    reasons: tuple  # every reason of the decision, with its clause


def weak_and_lax_findings(organizations, *, rules, as_of: dt.date) -> list[Screening]:
    """For the organizations of one page: the rules' weak-and-lax decision and its reasons."""
    organizations = list(organizations)
    facts = organization_facts_bulk(organizations=organizations, as_of=as_of)  # a few queries for the page
    screened = []
    for organization in organizations:
        decision = rules.weak_and_lax(facts[organization.pk], as_of)
        findings = tuple(FINDING_NAMES.get(key, key) for key in decision.extra.get("findings", ()))
        screened.append(Screening(organization, organization_party_organization(organization=organization), findings,
                                  decision.reasons))
    return screened
