"""The registry pages: the searchable list and one organization's page, scoped to the user."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import Role
from collation import pinyin_order
from accounts.scoping import (
    assignments_of, can_unmask, instructors_for, members_for, organizations_for, party_organizations_for, scope_queryset,
)
from indicators.selectors import criteria_values, criterion_condition
from province_rules.contract import DECISIONS, FORM_NAMES, NO_CAP, Decision, Evaluation, Grade
from regions.models import Region
from registry.models import (
    Activity, ActivityKind, AdministrativePenalty, AnnualInspection, Dispatch, EvaluationGrade, MassOrganization, Member,
    PartyOrganization, SocialOrganization, Training,
)
from registry.selectors import organization_facts, organization_list, organization_party_organization

from .common import whole_province

# ?sort= values (a leading "-" sorts descending) → the fields they order by.
SORTS = {
    "name": ("name", "uscc"),
    "uscc": ("uscc",),
    "region": ("region__code", "name"),
    "employees": ("employees", "uscc"),
    "registered_on": ("registered_on", "uscc"),
}
DEFAULT_SORT = "name"
# ?coverage= values: the indicator conditions they select.
COVERAGE_FILTERS = {
    "organizational": "已实现党的组织覆盖",
    "work_only": "仅实现党的工作覆盖",
    "none": "党的组织和工作均未覆盖",
    "eligible_not_built": "应建未建",
}


def organization_filter_choices(*, user) -> dict:
    """The regions the region filter offers (reference data): the user's own and below for
    city and county staff, every city and county for the others."""
    regions = scope_queryset(Region.objects.exclude(level=Region.Level.PROVINCE), user=user).order_by("code")
    prefixes = [a.region.code_prefix for a in assignments_of(user) if a.region_id and a.role in (Role.CITY_STAFF, Role.COUNTY_STAFF)]
    if prefixes and not whole_province(user):
        condition = Q(pk__in=[])
        for prefix in prefixes:
            condition |= Q(code__startswith=prefix)
        regions = regions.filter(condition)
    return {"regions": list(regions.values_list("code", "name", "level"))}


# ?coverage= → the criteria that must hold, and those that must not (each includes "in scope":
# a deregistered organization is in none of these lists, as in the indicators).
COVERAGE_CRITERIA = {
    "organizational": (("in_scope", "has_party_org"), ()),
    "work_only": (("in_scope", "work_coverage"), ("has_party_org",)),
    "none": (("in_scope",), ("work_coverage",)),
    "eligible_not_built": (("eligible_not_built",), ()),
}


def organization_search(*, user, rules, as_of: dt.date, filters: dict) -> QuerySet[SocialOrganization]:
    """The organizations ``user`` may see that match ``filters`` (q, region, kind,
    registration_level, status, supervisor_name, coverage) in the order ``filters['sort']``
    asks. The coverage filters are the indicators' criteria (``COVERAGE_CRITERIA``);
    ``coverage_of`` gives a page's coverage."""
    organizations = organization_list(queryset=organizations_for(user), filters=filters)
    if supervisor := (filters.get("supervisor_name") or "").strip():
        organizations = organizations.filter(business_supervisor__name__icontains=supervisor)
    if (coverage := filters.get("coverage")) in COVERAGE_CRITERIA:
        keys, negate = COVERAGE_CRITERIA[coverage]
        organizations = organizations.filter(criterion_condition(rules=rules, keys=keys, negate=negate, as_of=as_of))
    return organizations.order_by(*sort_fields(filters.get("sort")))


def coverage_of(page, *, rules, as_of: dt.date) -> None:
    """Set ``organizational`` and ``work`` on each organization of a page (one query)."""
    values = criteria_values(rules=rules, keys=("in_scope", "has_party_org", "work_coverage"), as_of=as_of,
                             organizations=list(page))
    for organization in page:
        found = values.get(organization.pk, {})
        organization.organizational = bool(found.get("in_scope") and found.get("has_party_org"))
        organization.work = bool(found.get("in_scope") and found.get("work_coverage"))


def sort_fields(sort: str | None) -> tuple:
    """The ``order_by`` of a ``?sort=`` value; names in pinyin order (``collation``)."""
    sort = sort or DEFAULT_SORT
    descending = sort.startswith("-")
    fields = SORTS.get(sort.lstrip("-"), SORTS[DEFAULT_SORT])
    return tuple(pinyin_order(name, descending=descending) if name == "name" else (f"-{name}" if descending else name)
                 for name in fields)


def organization_get_for(*, user, uscc: str) -> SocialOrganization:
    """One organization the user may see (404 otherwise, whether it exists or not)."""
    organizations = organization_list(queryset=organizations_for(user)).select_related("industry_committee")
    return get_object_or_404(organizations, uscc=(uscc or "").strip().upper())


# =====================================================================================
# one organization's page
# =====================================================================================

DECISION_TITLES = {
    "must_build_own_party_org": "是否应单独建立党组织",
    "coverage": "党的组织和工作覆盖",
    "max_grade": "评估等级上限",
    "full_coverage_target": "党组织全覆盖目标",
    "weak_and_lax": "软弱涣散",
    "term_renewal_due": "按期换届",
}
COVERAGE_NAMES = {"organizational": "党的组织覆盖", "work": "党的工作覆盖", "none": "未覆盖"}


@dataclass(frozen=True)
class DecisionView:
    """One rule decision as the page shows it: a title, its value in words, a tone, reasons."""

    name: str
    title: str
    value: str
    tone: str  # "good", "warn", "bad" or "neutral"
    reasons: tuple


def decision_view(name: str, decision: Decision, *, grade: str | None = None) -> DecisionView:
    value, tone = decision.value, "neutral"
    if name == "must_build_own_party_org":
        counted = decision.extra.get("formal_members_counted")
        text = f"应单独建立党组织（计入正式党员{counted}名）" if value else f"暂不具备单独建立条件（计入正式党员{counted}名）"
        tone = "warn" if value else "neutral"
    elif name == "coverage":
        form = decision.extra.get("form")
        text = COVERAGE_NAMES.get(value, str(value)) + (f"：{FORM_NAMES[form]}" if form in FORM_NAMES else "")
        tone = {"organizational": "good", "work": "warn", "none": "bad"}.get(value, "neutral")
    elif name == "max_grade":
        capped = value != NO_CAP
        text = f"最高可评{value}" if capped else "不设上限（最高5A）"
        tone = "bad" if capped else "good"
        if capped and grade and Grade.parse(grade) > value:
            text += f"（现等级{grade}高于上限）"
    elif name == "full_coverage_target":
        text = "属于组建率100%的目标范围" if value else "不属于全覆盖目标范围"
        tone = "warn" if value else "neutral"
    elif name == "weak_and_lax":
        warnings = decision.extra.get("warnings") or ()
        text = "已认定软弱涣散" if value else ("排查预警，待认定" if warnings else "未认定软弱涣散")
        tone = "bad" if value else ("warn" if warnings else "good")
    elif name == "term_renewal_due":
        due = decision.extra.get("due_date")
        if value is None:
            text = "不适用或无法判断"
        else:
            text = (f"已到期（{due:%Y年%m月%d日}届满），应换届" if value else f"未到期（{due:%Y年%m月%d日}届满）")
        tone = "bad" if value else ("good" if value is False else "neutral")
    else:
        text = str(value)
    return DecisionView(name, DECISION_TITLES.get(name, name), text, tone, decision.reasons)


@dataclass(frozen=True)
class NextStep:
    text: str
    clause: str


def next_steps(evaluation: Evaluation, *, organization: SocialOrganization, rules) -> list[NextStep]:
    """What the committee should do next, from the decisions (each cites its decision's clause)."""
    steps = []

    def clause(name):
        reasons = evaluation[name].reasons
        return reasons[0].clause if reasons else ""

    coverage = evaluation["coverage"]
    own_forms = rules.settings.own_party_org_forms & rules.settings.allowed_party_org_forms
    if evaluation.status is not None and evaluation.status.extra.get("clean_up"):
        steps.append(NextStep("“僵尸型”社会组织：核实运行情况，结合专项整治清理，同步对其党组织进行撤并调整",
                              evaluation.status.reasons[0].clause if evaluation.status.reasons else ""))
    if evaluation["must_build_own_party_org"].value and coverage.extra.get("form") not in own_forms:
        text = "具备条件，应经上级党组织批准单独建立党组织"
        if organization.accepted_reason_for_no_party_org:
            text += f"（已记录未建理由：{organization.accepted_reason_for_no_party_org}）"
        steps.append(NextStep(text, clause("must_build_own_party_org")))
    elif coverage.value == "none":
        steps.append(NextStep("选派党建工作指导员、联合组建或由党建工作站带动，实现党的工作覆盖", coverage.reasons[-1].clause))
    if evaluation["full_coverage_target"].value and coverage.value != "organizational":
        steps.append(NextStep("属于组建率100%的目标范围，列入“两个覆盖”目标清单，限期建立党组织", clause("full_coverage_target")))
    if evaluation["max_grade"].value != NO_CAP:
        steps.append(NextStep(f"本年度等级评估最高{evaluation['max_grade'].value}，评估时按此把关", clause("max_grade")))
    if evaluation["weak_and_lax"].value:
        steps.append(NextStep("列入软弱涣散党组织整顿，明确整改措施和时限", clause("weak_and_lax")))
    elif evaluation["weak_and_lax"].extra.get("warnings"):
        steps.append(NextStep("软弱涣散排查有预警：核实后由上级党组织认定或排除", clause("weak_and_lax")))
    if evaluation["term_renewal_due"].value:
        steps.append(NextStep("党组织任期已届满，督促按期换届", evaluation["term_renewal_due"].reasons[-1].clause))
    return steps


@dataclass
class OrganizationPage:
    organization: SocialOrganization
    as_of: dt.date
    rules_name: str
    status: Decision | None
    decisions: list[DecisionView]
    next_steps: list[NextStep]
    checklists: list
    party_org: PartyOrganization | None
    party_org_covered: list[SocialOrganization]
    secretary: Member | None
    members: list[Member]
    member_counts: dict
    can_unmask: bool
    dispatches: list[Dispatch]
    activity_counts: list[tuple[str, int]]
    activities: list[Activity]
    trainings: list[Training]
    inspections: list[AnnualInspection]
    grades: list[EvaluationGrade]
    penalties: list[AdministrativePenalty]
    mass_organizations: list[MassOrganization]
    requirements: list = field(default_factory=list)


RECENT = 10  # activities and trainings listed on the page (the counts cover the whole year)


def organization_page(*, user, rules, organization: SocialOrganization, as_of: dt.date) -> OrganizationPage:
    """Everything the organization page shows, each part read within the user's scope."""
    facts = organization_facts(organization=organization, as_of=as_of)
    evaluation = rules.evaluate(facts, as_of)
    grade = organization.evaluation_grade or None
    party_org = organization_party_organization(organization=organization, as_of=as_of)
    if party_org is not None and not party_organizations_for(user).filter(pk=party_org.pk).exists():
        party_org = None  # cannot happen for a visible organization; fail closed all the same
    covered, secretary, activities, activity_counts = [], None, [], []
    if party_org is not None:
        covered = list(organizations_for(user).filter(party_organizations=party_org).exclude(pk=organization.pk)
                       .order_by("name")[:50])
        if party_org.secretary_id:
            secretary = members_for(user).filter(pk=party_org.secretary_id).first()
        year_ago = as_of - dt.timedelta(days=365)
        in_year = scope_queryset(Activity.objects.filter(party_organization=party_org, held_on__gt=year_ago,
                                                         held_on__lte=as_of), user=user)
        counted = dict(in_year.values_list("kind").annotate(n=Count("pk")).order_by())
        activity_counts = [(label, counted.get(kind, 0)) for kind, label in ActivityKind.choices]
        activities = list(scope_queryset(Activity.objects.filter(party_organization=party_org), user=user)
                          .annotate(present=Count("attendance", filter=Q(attendance__present=True)))[:RECENT])
    members = list(members_for(user).filter(organization=organization).order_by("status", "name"))
    member_counts = {
        "formal": sum(1 for m in members if m.status == Member.Status.FORMAL),
        "probationary": sum(1 for m in members if m.status == Member.Status.PROBATIONARY),
    }
    dispatches = list(scope_queryset(Dispatch.objects.filter(organization=organization), user=user)
                      .filter(instructor__in=instructors_for(user)).select_related("instructor"))
    trainings = list(scope_queryset(Training.objects.filter(member__organization=organization), user=user)
                     .select_related("member")[:RECENT])
    return OrganizationPage(
        organization=organization, as_of=as_of, rules_name=rules.name, status=evaluation.status,
        decisions=[decision_view(name, evaluation[name], grade=grade) for name in DECISIONS],
        next_steps=next_steps(evaluation, organization=organization, rules=rules),
        checklists=list(evaluation.checklists),
        party_org=party_org, party_org_covered=covered, secretary=secretary,
        members=members, member_counts=member_counts, can_unmask=can_unmask(user),
        dispatches=dispatches, activity_counts=activity_counts, activities=activities, trainings=trainings,
        inspections=list(scope_queryset(AnnualInspection.objects.filter(organization=organization), user=user)),
        grades=list(scope_queryset(EvaluationGrade.objects.filter(organization=organization), user=user)),
        penalties=list(scope_queryset(AdministrativePenalty.objects.filter(organization=organization), user=user)),
        mass_organizations=list(scope_queryset(MassOrganization.objects.filter(organization=organization), user=user)),
        requirements=list(evaluation.requirements),
    )
