"""Reads of the registry. Every read runs in the current province's schema. A selector that
returns rows takes the scoped queryset to read from (``accounts.scoping`` for a user,
``api.scoping.scoped`` for an API request): none reads the whole province on its own."""
from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from province_rules.facts import ActivityCounts, MemberFacts, OrganizationFacts, PartyOrgFacts
from regions.codes import code_prefix

from .models import Activity, ActivityKind, AdministrativePenalty, Dispatch, Member, PartyOrganization, SocialOrganization, Training


def organization_list(
    *, queryset: QuerySet[SocialOrganization], filters: dict | None = None
) -> QuerySet[SocialOrganization]:
    """``queryset`` (already scoped: ``accounts.scoping.organizations_for`` or ``api.scoping.scoped``)
    narrowed by the filters a user sets: q (name or USCC), region (code, and below), kind,
    registration_level, status, supervisor (id). The selector never chooses the rows itself,
    so no read here is unscoped."""
    filters = filters or {}
    qs = queryset.select_related("region", "business_supervisor")
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(name__icontains=q) | Q(uscc=q.upper()))
    if region := (filters.get("region") or "").strip():
        qs = qs.filter(region__code__startswith=code_prefix(region))
    for field in ("kind", "registration_level", "status"):
        if value := filters.get(field):
            qs = qs.filter(**{field: value})
    if supervisor := filters.get("supervisor"):
        qs = qs.filter(business_supervisor_id=supervisor)
    return qs


def organization_party_organization(*, organization: SocialOrganization) -> PartyOrganization | None:
    """The Party organization covering the org: its own first, else a joint/temporary/dispatched one."""
    candidates = list(organization.party_organizations.filter(dissolved_on__isnull=True))
    order = {PartyOrganization.Form.OWN: 0, PartyOrganization.Form.TEMPORARY: 1, PartyOrganization.Form.JOINT: 2,
             PartyOrganization.Form.DISPATCHED: 3}
    candidates.sort(key=lambda p: order.get(p.form, 9))
    return candidates[0] if candidates else None


def years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def organization_facts(*, organization: SocialOrganization, as_of: dt.date | None = None) -> OrganizationFacts:
    """What the province's rules are told about one organization at a date (no personal data)."""
    as_of = as_of or dt.date.today()
    members = tuple(
        MemberFacts(status=status, relation=relation, role=role)
        for status, relation, role in Member.objects.filter(organization=organization).values_list("status", "relation", "role")
    )
    party_org = organization_party_organization(organization=organization)
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
        employees=organization.employees,
        is_school=organization.is_school,
        is_hospital=organization.is_hospital,
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
