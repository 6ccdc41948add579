"""``OrganizationFacts`` for every organization of the current province in a few queries.

``registry.selectors.organization_facts`` builds the facts of one organization with about ten
queries; evaluating the rules for every organization that way costs ten queries per
organization. This builds the same facts (checked against ``organization_facts`` on a sample by
operation 4) with one query per kind of fact, whatever the number of organizations: the bulk
path a rule evaluation for every organization (indicators, a grade-cap report) needs. It lives
in bench/ until the registry takes it (``registry.selectors.organization_facts_bulk`` would be
its name there).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Q, Sum

from indicators.selectors import in_scope_condition
from province_rules.facts import ActivityCounts, MemberFacts, OrganizationFacts, PartyOrgFacts
from registry.models import (
    Activity, ActivityKind, AdministrativePenalty, AnnualInspection, Dispatch, Member, PartyOrganization, SocialOrganization,
    Training,
)
from registry.selectors import years_before

Link = PartyOrganization.covered_organizations.through
# registry.selectors.organization_party_organization: own first, then temporary, joint, dispatched
FORM_ORDER = {PartyOrganization.Form.OWN: 0, PartyOrganization.Form.TEMPORARY: 1, PartyOrganization.Form.JOINT: 2,
              PartyOrganization.Form.DISPATCHED: 3}
ORG_FIELDS = ("id", "kind", "registration_level", "employees", "is_school", "is_hospital", "evaluation_grade",
              "charter_clause", "has_work_station", "accepted_reason_for_no_party_org", "grade_cap_exception")
ACTIVITY_KINDS = tuple(kind for kind in ActivityKind.values if kind != ActivityKind.OTHER)


def organization_facts_bulk(*, as_of: dt.date, organizations=None) -> dict[int, OrganizationFacts]:
    """The facts of every organization in scope at ``as_of`` (or of ``organizations``, a queryset),
    by organization id: eight queries."""
    if organizations is None:
        organizations = SocialOrganization.objects.filter(in_scope_condition(as_of=as_of))
    rows = list(organizations.order_by().values(*ORG_FIELDS))
    ids = [row["id"] for row in rows]
    wanted = organizations.order_by().values("id")

    members = defaultdict(list)
    for organization_id, status, relation, role in (
            Member.objects.filter(organization_id__in=wanted).order_by("organization_id", "name", "id")
            .values_list("organization_id", "status", "relation", "role")):
        members[organization_id].append(MemberFacts(status=status, relation=relation, role=role))

    # each organization's Party organization: organization_party_organization's choice
    candidates = defaultdict(list)
    for organization_id, party_id, form, name in (
            Link.objects.filter(socialorganization_id__in=wanted, partyorganization__dissolved_on__isnull=True)
            .values_list("socialorganization_id", "partyorganization_id", "partyorganization__form", "partyorganization__name")):
        candidates[organization_id].append((FORM_ORDER.get(form, 9), name, party_id))
    chosen = {organization_id: min(found)[2] for organization_id, found in candidates.items()}
    party_ids = set(chosen.values())
    party_orgs = {p["id"]: p for p in PartyOrganization.objects.filter(id__in=party_ids).values(
        "id", "form", "weak_and_lax", "last_election_on", "founded_on", "term_years", "secretary_id")}
    units = dict(Link.objects.filter(partyorganization_id__in=party_ids).values("partyorganization_id")
                 .annotate(n=Count("id")).values_list("partyorganization_id", "n"))
    activities = defaultdict(dict)
    for party_id, kind, held in (
            Activity.objects.filter(party_organization_id__in=party_ids, held_on__gt=as_of - dt.timedelta(days=365),
                                    held_on__lte=as_of, kind__in=ACTIVITY_KINDS)
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
            last_election=party["last_election_on"] or party["founded_on"], term_years=party["term_years"],
            leadership_complete=secretary is not None, covered_units=max(units.get(party_id, 0), 1),
            activities=ActivityCounts(**{kind: activities[party_id].get(kind, 0) for kind in ACTIVITY_KINDS}),
            secretary_trainings=concentrated, secretary_training_days=None if days is None else float(days or 0),
        )
    facts = {}
    for row in rows:
        organization_id = row["id"]
        inspection = inspections.get(organization_id)
        facts[organization_id] = OrganizationFacts(
            kind=row["kind"], registration_level=row["registration_level"], employees=row["employees"],
            is_school=row["is_school"], is_hospital=row["is_hospital"], evaluation_grade=row["evaluation_grade"] or None,
            charter_clause=row["charter_clause"], party_org=party_facts.get(chosen.get(organization_id)),
            members=tuple(members.get(organization_id, ())), instructor=organization_id in instructed,
            work_station=row["has_work_station"],
            accepted_reason_for_no_party_org=row["accepted_reason_for_no_party_org"] or None,
            exception_recorded=row["grade_cap_exception"] or None,
            penalties_last_3_years=penalties.get(organization_id, 0),
            annual_inspection_passed=None if inspection is None else inspection != "failed",
        )
    assert len(facts) == len(ids)
    return facts
