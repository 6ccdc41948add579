"""Reads of the registry. Every read runs in the current province's schema. A selector that
returns rows takes the scoped queryset to read from (``accounts.scoping`` for a user,
``api.scoping.scoped`` for an API request): none reads the whole province on its own."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Q, QuerySet, Sum

from province_rules.baseline import add_years
from province_rules.contract import FORM_PRIORITY
from province_rules.facts import ActivityCounts, MemberFacts, OrganizationFacts, PartyOrgFacts
from regions.codes import code_prefix

from .models import (
    Activity, ActivityKind, AdministrativePenalty, AnnualInspection, Dispatch, Member, PartyOrganization, SocialOrganization,
    Training,
)

# organization_party_organization's choice: own first, then temporary, joint, dispatched (then name, id)
FORM_ORDER = {form: rank for rank, form in enumerate(FORM_PRIORITY)}
# What a private non-enterprise unit does, read from its industry (the registry's 行业, e.g. "养老院"):
# the first word found in it. Schools and hospitals are known by their flags. The indicators read
# industry with the same words (indicators.selectors.facts_sql), so both sides agree.
SERVICE_TYPE_WORDS = (
    ("养老", "elderly_care"), ("老年", "elderly_care"), ("敬老", "elderly_care"), ("福利院", "elderly_care"),
    ("托育", "childcare"), ("托儿", "childcare"), ("康复", "health"), ("护理", "health"), ("心理", "health"),
    ("健康", "health"), ("博物馆", "culture"), ("艺术团", "culture"), ("文化", "culture"), ("图书馆", "culture"),
    ("体育", "sports"), ("俱乐部", "sports"), ("社会工作", "social_work"), ("社工", "social_work"),
    ("研究院", "research"), ("研究所", "research"),
)


def service_type_of(*, is_school: bool, is_hospital: bool, industry: str) -> str | None:
    if is_school:
        return "school"
    if is_hospital:
        return "hospital"
    return next((kind for word, kind in SERVICE_TYPE_WORDS if word in (industry or "")), None)


def organization_list(
    *, queryset: QuerySet[SocialOrganization], filters: dict | None = None
) -> QuerySet[SocialOrganization]:
    """``queryset`` (already scoped: ``accounts.scoping.organizations_for`` or ``api.scoping.scoped``)
    narrowed by the filters a user sets: q (words each found in the name or in the USCC, so
    that "长春 软件" and a partial USCC find what users expect), region (code, and below), kind,
    registration_level, status, supervisor (id). The selector never chooses the rows itself,
    so no read here is unscoped."""
    filters = filters or {}
    qs = queryset.select_related("region", "business_supervisor")
    for term in (filters.get("q") or "").split()[:5]:
        qs = qs.filter(Q(name__icontains=term) | Q(uscc__icontains=term.upper()))
    if region := (filters.get("region") or "").strip():
        qs = qs.filter(region__code__startswith=code_prefix(region))
    for field in ("kind", "registration_level", "status"):
        if value := filters.get(field):
            qs = qs.filter(**{field: value})
    if supervisor := filters.get("supervisor"):
        qs = qs.filter(business_supervisor_id=supervisor)
    return qs


def live_party_organizations(as_of: dt.date) -> Q:
    """Party organizations that exist at ``as_of``: founded by then, not dissolved (on ``PartyOrganization``)."""
    return (Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=as_of)) & (Q(founded_on__isnull=True) | Q(founded_on__lte=as_of))


def organization_party_organization(*, organization: SocialOrganization, as_of: dt.date) -> PartyOrganization | None:
    """The Party organization covering the org at ``as_of``: its own first, else a temporary, joint or
    dispatched one (``FORM_PRIORITY``), then by name and id."""
    candidates = list(organization.party_organizations.filter(live_party_organizations(as_of)).order_by("name", "id"))
    candidates.sort(key=lambda p: FORM_ORDER.get(p.form, 9))
    return candidates[0] if candidates else None


def years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` earlier (28 February for a 29 February): the rules' own
    year arithmetic, so that a "last three years" here means what it means to the rules."""
    return add_years(day, -years)


def organization_facts(*, organization: SocialOrganization, as_of: dt.date) -> OrganizationFacts:
    """What the province's rules are told about one organization at a date (no personal data)."""
    members = tuple(
        MemberFacts(status=status, relation=relation, roles=tuple(roles))
        for status, relation, roles in Member.objects.filter(organization=organization).order_by("name", "id")
        .values_list("status", "relation", "roles")
    )
    party_org = organization_party_organization(organization=organization, as_of=as_of)
    party_facts = None
    if party_org is not None:
        year_ago = as_of - dt.timedelta(days=365)
        counts = {kind: 0 for kind in ActivityKind.values if kind != ActivityKind.OTHER}
        for kind in Activity.objects.filter(party_organization=party_org, held_on__gt=year_ago, held_on__lte=as_of).values_list("kind", flat=True):
            if kind in counts:
                counts[kind] += 1
        secretary_trainings = secretary_days = None
        if party_org.secretary_id:
            trainings = Training.objects.filter(member_id=party_org.secretary_id, started_on__year=as_of.year)
            secretary_trainings = trainings.filter(concentrated=True).count()
            secretary_days = float(sum(t.days for t in trainings))
        party_facts = PartyOrgFacts(
            form=party_org.form,
            weak_and_lax=party_org.weak_and_lax,
            last_election=party_org.last_election_on or party_org.founded_on,
            founded_on=party_org.founded_on,
            term_years=party_org.term_years,
            leadership_complete=party_org.secretary_id is not None,
            covered_units=max(party_org.covered_organizations.count(), 1),
            activities=ActivityCounts(**counts),
            secretary_trainings=secretary_trainings,
            secretary_training_days=secretary_days,
        )
    latest_inspection = organization.inspections.order_by("-year").first()
    return OrganizationFacts(
        kind=organization.kind,
        registration_level=organization.registration_level,
        status=organization.status,
        employees=organization.employees,
        is_school=organization.is_school,
        is_hospital=organization.is_hospital,
        service_type=service_type_of(is_school=organization.is_school, is_hospital=organization.is_hospital,
                                     industry=organization.industry),
        evaluation_grade=organization.evaluation_grade or None,
        charter_clause=organization.charter_clause,
        party_org=party_facts,
        members=members,
        instructor=Dispatch.objects.filter(organization=organization, started_on__lte=as_of)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=as_of)).exists(),
        work_station=organization.has_work_station,
        accepted_reason_for_no_party_org=organization.accepted_reason_for_no_party_org or None,
        exception_recorded=organization.grade_cap_exception or None,
        penalties_last_3_years=AdministrativePenalty.objects.filter(
            organization=organization, decided_on__gt=years_before(as_of, 3), decided_on__lte=as_of
        ).count(),
        annual_inspection_passed=None if latest_inspection is None else latest_inspection.result != "failed",
    )


_Link = PartyOrganization.covered_organizations.through
_ORG_FIELDS = ("id", "kind", "registration_level", "status", "employees", "is_school", "is_hospital", "industry",
               "evaluation_grade", "charter_clause", "has_work_station", "accepted_reason_for_no_party_org",
               "grade_cap_exception")
_ACTIVITY_KINDS = tuple(kind for kind in ActivityKind.values if kind != ActivityKind.OTHER)


def organization_facts_bulk(*, organizations, as_of: dt.date) -> dict[int, OrganizationFacts]:
    """``organization_facts`` of many organizations at once, by organization id: ten queries
    whatever their number (``organization_facts`` takes about ten per organization).

    ``organizations``: a queryset of ``SocialOrganization`` (read as a subquery), or an iterable
    of organizations or of their ids (a page of a list)."""
    if not isinstance(organizations, QuerySet):
        organizations = SocialOrganization.objects.filter(pk__in=[getattr(o, "pk", o) for o in organizations])
    rows = list(organizations.order_by().values(*_ORG_FIELDS))
    wanted = organizations.order_by().values("id")

    members = defaultdict(list)
    for organization_id, status, relation, roles in (
            Member.objects.filter(organization_id__in=wanted).order_by("organization_id", "name", "id")
            .values_list("organization_id", "status", "relation", "roles")):
        members[organization_id].append(MemberFacts(status=status, relation=relation, roles=tuple(roles)))

    # each organization's Party organization: organization_party_organization's choice
    candidates = defaultdict(list)
    live = PartyOrganization.objects.filter(live_party_organizations(as_of)).values("pk")
    for organization_id, party_id, form, name in (
            _Link.objects.filter(socialorganization_id__in=wanted, partyorganization__in=live)
            .values_list("socialorganization_id", "partyorganization_id", "partyorganization__form", "partyorganization__name")):
        candidates[organization_id].append((FORM_ORDER.get(form, 9), name, party_id))
    chosen = {organization_id: min(found)[2] for organization_id, found in candidates.items()}
    party_ids = set(chosen.values())
    party_orgs = {p["id"]: p for p in PartyOrganization.objects.filter(id__in=party_ids).values(
        "id", "form", "weak_and_lax", "last_election_on", "founded_on", "term_years", "secretary_id")}
    units = dict(_Link.objects.filter(partyorganization_id__in=party_ids).values("partyorganization_id")
                 .annotate(n=Count("id")).values_list("partyorganization_id", "n"))
    activities = defaultdict(dict)
    for party_id, kind, held in (
            Activity.objects.filter(party_organization_id__in=party_ids, held_on__gt=as_of - dt.timedelta(days=365),
                                    held_on__lte=as_of, kind__in=_ACTIVITY_KINDS)
            .values("party_organization_id", "kind").annotate(n=Count("id")).values_list("party_organization_id", "kind", "n")):
        activities[party_id][kind] = held
    secretaries = {p["secretary_id"] for p in party_orgs.values() if p["secretary_id"]}
    trainings = {member_id: (concentrated, days) for member_id, concentrated, days in (
        Training.objects.filter(member_id__in=secretaries, started_on__year=as_of.year).values("member_id")
        .annotate(concentrated=Count("id", filter=Q(concentrated=True)), days=Sum("days"))
        .values_list("member_id", "concentrated", "days"))}

    instructed = set(Dispatch.objects.filter(organization_id__in=wanted, started_on__lte=as_of)
                     .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=as_of)).values_list("organization_id", flat=True))
    penalties = dict(AdministrativePenalty.objects.filter(
        organization_id__in=wanted, decided_on__gt=years_before(as_of, 3), decided_on__lte=as_of)
        .values("organization_id").annotate(n=Count("id")).values_list("organization_id", "n"))
    inspections = dict(AnnualInspection.objects.filter(organization_id__in=wanted)
                       .order_by("organization_id", "-year").distinct("organization_id")
                       .values_list("organization_id", "result"))

    party_facts = {}
    for party_id, party in party_orgs.items():
        secretary = party["secretary_id"]
        concentrated, days = trainings.get(secretary, (0, 0)) if secretary else (None, None)
        party_facts[party_id] = PartyOrgFacts(
            form=party["form"], weak_and_lax=party["weak_and_lax"],
            last_election=party["last_election_on"] or party["founded_on"], founded_on=party["founded_on"],
            term_years=party["term_years"],
            leadership_complete=secretary is not None, covered_units=max(units.get(party_id, 0), 1),
            activities=ActivityCounts(**{kind: activities[party_id].get(kind, 0) for kind in _ACTIVITY_KINDS}),
            secretary_trainings=concentrated, secretary_training_days=None if days is None else float(days or 0),
        )
    facts = {}
    for row in rows:
        organization_id = row["id"]
        inspection = inspections.get(organization_id)
        facts[organization_id] = OrganizationFacts(
            kind=row["kind"], registration_level=row["registration_level"], status=row["status"], employees=row["employees"],
            is_school=row["is_school"], is_hospital=row["is_hospital"],
            service_type=service_type_of(is_school=row["is_school"], is_hospital=row["is_hospital"], industry=row["industry"]),
            evaluation_grade=row["evaluation_grade"] or None,
            charter_clause=row["charter_clause"], party_org=party_facts.get(chosen.get(organization_id)),
            members=tuple(members.get(organization_id, ())), instructor=organization_id in instructed,
            work_station=row["has_work_station"],
            accepted_reason_for_no_party_org=row["accepted_reason_for_no_party_org"] or None,
            exception_recorded=row["grade_cap_exception"] or None,
            penalties_last_3_years=penalties.get(organization_id, 0),
            annual_inspection_passed=None if inspection is None else inspection != "failed",
        )
    return facts
