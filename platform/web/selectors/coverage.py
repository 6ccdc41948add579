"""The work lists: 应建未建, the full-coverage target list and the weak-and-lax screening,
each limited to the user's scope, each row with what to do next.

Every list is the indicator's own (``indicators.selectors``: the rules' criteria compiled to
SQL), so a list, the dashboard's figure and the organization page agree. The rows of a page
carry the criteria's values for them (``criteria_values``, one query per page).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, QuerySet

from accounts.scoping import organizations_for, party_organizations_for, scope_queryset
from indicators.selectors import criteria_values, criterion_condition, indicator_organizations, indicator_party_organizations
from province_rules.contract import FORM_NAMES
from registry.models import PartyOrganization, SocialOrganization
from registry.selectors import organization_facts_bulk

from .organizations import sort_fields

SITUATION = ("has_party_org", "work_coverage", "must_build")


@dataclass(frozen=True)
class Step:
    text: str
    clause: str = ""


@dataclass(frozen=True)
class Row:
    organization: SocialOrganization
    counted_members: int
    party_form: str | None
    organizational: bool
    work: bool
    eligible: bool
    steps: tuple[Step, ...]

    @property
    def in_joint(self) -> bool:
        return self.party_form == "joint"


def _clause(rules, form: str) -> str:
    return rules.form_clauses.get(form, ("", ""))[0]


def situations(page, *, rules, as_of: dt.date) -> dict[int, dict]:
    return criteria_values(rules=rules, keys=SITUATION, as_of=as_of, organizations=list(page))


def not_built_steps(situation: dict, organization, *, rules) -> list[Step]:
    """What to do with an organization that should build its own Party organization and has not."""
    minimum = rules.settings.min_formal_members
    steps = [Step(f"计入的正式党员{situation['counted_members']}名，达到{minimum}名：应经上级党组织批准单独建立党组织",
                  rules.clause_must_build)]
    if situation["party_form"] == "joint":
        steps.append(Step("现仅由联合党组织覆盖：联合建立适用于规模小、党员少的社会组织，具备条件后应单独组建",
                          _clause(rules, "joint")))
    if organization.accepted_reason_for_no_party_org:
        steps.append(Step(f"已记录未建理由：{organization.accepted_reason_for_no_party_org}"))
    if not situation["work_coverage"] and "instructor" in rules.form_clauses:
        steps.append(Step("尚无党的工作覆盖：先选派党建工作指导员帮助组建", _clause(rules, "instructor")))
    return steps


def target_steps(situation: dict, *, rules) -> list[Step]:
    """What to do with an organization of the full-coverage target list."""
    if situation["has_party_org"]:
        return [Step("已建立党组织：巩固提升，发挥作用")]
    minimum = rules.settings.min_formal_members
    if situation["must_build"]:
        return [Step(f"正式党员达到{minimum}名：限期单独建立党组织", rules.clause_must_build)]
    steps = [Step("党员不足：与就近社会组织联合建立党组织", _clause(rules, "joint"))]
    if "dispatched" in rules.settings.allowed_party_org_forms:
        steps.append(Step(f"或纳入{FORM_NAMES['dispatched']}", _clause(rules, "dispatched")))
    if situation["work_coverage"]:
        steps.append(Step("已有党的工作覆盖：督促制定组建计划"))
    elif "instructor" in rules.form_clauses:
        steps.append(Step("选派党建工作指导员，发展党员、创造组建条件", _clause(rules, "instructor")))
    return steps


def _rows(page, *, rules, as_of, steps) -> list[Row]:
    values = situations(page, rules=rules, as_of=as_of)
    rows = []
    for organization in page:
        situation = values[organization.pk]
        rows.append(Row(organization, situation["counted_members"], situation["party_form"], situation["has_party_org"],
                        situation["work_coverage"], situation["must_build"], tuple(steps(situation, organization))))
    return rows


def not_built_list(*, user, rules, as_of: dt.date, sort: str | None = None) -> QuerySet[SocialOrganization]:
    """应建未建 within the user's scope (the indicator ``eligible_not_built``)."""
    organizations = scope_queryset(indicator_organizations(rules=rules, indicator="eligible_not_built", as_of=as_of), user=user)
    return organizations.order_by(*sort_fields(sort))


def not_built_rule(*, rules, as_of: dt.date) -> tuple:
    """The rule the list applies, in the decision's own words: what it asks and whose membership counts
    (the decision's reasons for an organization at the threshold whose members hold every role)."""
    from province_rules.facts import MEMBER_ROLES, MemberFacts, OrganizationFacts

    member = MemberFacts("formal", "here", MEMBER_ROLES)
    example = OrganizationFacts(kind="social_group", registration_level="city",
                                members=(member,) * rules.settings.min_formal_members)
    return rules.must_build_own_party_org(example, as_of).reasons[:2]


def not_built_rows(page, *, rules, as_of: dt.date) -> list[Row]:
    return _rows(page, rules=rules, as_of=as_of, steps=lambda s, o: not_built_steps(s, o, rules=rules))


def target_list(*, user, rules, as_of: dt.date, missing_only: bool = False, sort: str | None = None) -> QuerySet:
    """The full-coverage target organizations (the indicator ``target_orgs``), those without a Party
    organization first; empty where the province's rules set no such target."""
    indicator = "target_orgs_without_party_org" if missing_only else "target_orgs"
    organizations = scope_queryset(indicator_organizations(rules=rules, indicator=indicator, as_of=as_of), user=user)
    built = ExpressionWrapper(criterion_condition(rules=rules, keys=("has_party_org",), as_of=as_of),
                              output_field=BooleanField())
    return organizations.annotate(built=built).order_by("built", *sort_fields(sort))


def target_rows(page, *, rules, as_of: dt.date) -> list[Row]:
    return _rows(page, rules=rules, as_of=as_of, steps=lambda s, o: target_steps(s, rules=rules))


def target_rule(*, rules, as_of: dt.date) -> dict:
    """The province's target as the page states it: whether there is one, and the decision's own
    reasons for an organization at its threshold (the rule and the province's setting)."""
    from province_rules.facts import OrganizationFacts

    settings = rules.settings
    if settings.full_coverage_min_employees is None:
        return {"province_target": False, "minimum": None, "reasons": ()}
    example = OrganizationFacts(kind=sorted(settings.full_coverage_kinds)[0], registration_level="city",
                                employees=settings.full_coverage_min_employees, is_school=True)
    decision = rules.full_coverage_target(example, as_of)
    return {"province_target": bool(decision.value), "minimum": settings.full_coverage_min_employees,
            "reasons": tuple(reason for reason in decision.reasons if reason.province_setting) + decision.reasons[:1]}


# --- weak and lax: Party organizations, designated or screened ----------------------------

@dataclass(frozen=True)
class Screening:
    party_org: PartyOrganization
    organizations: tuple[SocialOrganization, ...]  # the in-scope organizations it is the Party organization of
    designated: bool
    warnings: tuple[str, ...]  # the screening criteria that hit, in words
    reasons: tuple  # the decision's reasons (only what hit)


def weak_and_lax_list(*, user, rules, as_of: dt.date) -> QuerySet[PartyOrganization]:
    """Party organizations designated weak and lax (认定) or screened (预警, where the province
    screens), within the user's scope; each Party organization once, whatever it covers."""
    designated = indicator_party_organizations(rules=rules, indicator="weak_and_lax", as_of=as_of)
    screened = indicator_party_organizations(rules=rules, indicator="weak_and_lax_warnings", as_of=as_of)
    chosen = PartyOrganization.objects.filter(pk__in=designated.values("pk")) | \
        PartyOrganization.objects.filter(pk__in=screened.values("pk"))
    return party_organizations_for(user).filter(pk__in=chosen.values("pk")).select_related("region").order_by("name", "pk")


def weak_and_lax_findings(party_orgs, *, user, rules, as_of: dt.date) -> list[Screening]:
    """For the Party organizations of one page: the rules' weak-and-lax decision and its reasons."""
    party_orgs = list(party_orgs)
    covered = {}
    for organization in (organizations_for(user).filter(party_organizations__in=party_orgs)
                         .prefetch_related("party_organizations").order_by("name").distinct()):
        for party in organization.party_organizations.all():
            covered.setdefault(party.pk, []).append(organization)
    facts = organization_facts_bulk(organizations=[o for orgs in covered.values() for o in orgs], as_of=as_of)
    screened = []
    for party in party_orgs:
        own = [o for o in covered.get(party.pk, ()) if facts[o.pk].party_org is not None
               and facts[o.pk].party_org.form == party.form]
        if not own:
            continue
        decision = rules.weak_and_lax(facts[own[0].pk], as_of)
        warnings = tuple(rules.criteria[key].title for key in decision.extra.get("warnings", ()))
        screened.append(Screening(party, tuple(own), bool(decision.value), warnings, decision.reasons))
    return screened
