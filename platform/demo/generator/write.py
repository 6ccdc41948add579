"""Writing a plan to the current province's schema, table by table, with COPY."""
from __future__ import annotations

import datetime as dt

from django.db import connection

from privacy.crypto import encrypt
from registry.models import (
    AdministrativePenalty, AnnualInspection, Attendance, Dispatch, EvaluationGrade, Instructor, MassOrganization, Member,
    PartyOrganization, SocialOrganization, Supervisor, Training, Activity,
)

from . import year
from .bulk import allocate_ids, copy_rows
from .names import Namer
from .plans import Plan, years_before

Link = PartyOrganization.covered_organizations.through


def _supervisors(plan: Plan) -> dict[str, int]:
    """Business supervisors and industry committees by name, created where missing."""
    wanted: dict[str, str] = {}
    for org in plan.orgs:
        if org.supervisor:
            wanted.setdefault(org.supervisor, Supervisor.Kind.BUSINESS_SUPERVISOR)
        if org.industry_committee:
            wanted.setdefault(org.industry_committee, Supervisor.Kind.INDUSTRY_COMMITTEE)
    Supervisor.objects.bulk_create([Supervisor(name=name, kind=kind) for name, kind in wanted.items()], ignore_conflicts=True)
    return dict(Supervisor.objects.filter(name__in=list(wanted)).values_list("name", "pk"))


def _member_rows(plan: Plan, namer: Namer):
    rng, as_of, now = plan.rng, plan.as_of, plan.now
    for member in plan.members:
        org = member.org
        probationary = member.status == "probationary"
        age = rng.randint(22, 40) if probationary else rng.randint(25, 68)
        birth = plan.date_between(dt.date(as_of.year - age - 1, 1, 1), dt.date(as_of.year - age - 1, 12, 28))
        male = rng.random() < 0.55
        number, digest = namer.id_number(org.place, birth, male, plan.counties.get(org.city.code, []))
        if probationary:  # a probationary member joined within the last year
            joined_on = as_of - dt.timedelta(days=rng.randint(30, 330))
        else:
            joined_on = plan.date_between(dt.date(birth.year + 19, 1, 1), years_before(as_of, 1))
        phone = encrypt(namer.phone()) if rng.random() < 0.8 else ""
        yield (member.id, namer.person_name(), encrypt(number), digest, "male" if male else "female", birth, phone,
               member.status, joined_on, org.id, member.party.id if member.party else None, member.relation,
               "{" + ",".join(member.roles) + "}", now, now)


def plan_write(plan: Plan, namer: Namer) -> dict[str, int]:
    """Write everything; returns the rows written per table."""
    counts, now = {}, plan.now
    for party, party_id in zip([p for p in plan.party_orgs if not p.id], allocate_ids(
            PartyOrganization, sum(1 for p in plan.party_orgs if not p.id))):
        party.id = party_id
    for member, member_id in zip(plan.members, allocate_ids(Member, len(plan.members))):
        member.id = member_id

    instructors = year.instructor_rows(plan, namer, encrypt)
    counts["instructors"] = copy_rows(Instructor, ("id", "name", "phone", "unit", "full_time", "region", "active"), instructors)
    counts["dispatches"] = copy_rows(Dispatch, ("instructor", "organization", "started_on", "ended_on", "plan"),
                                     year.dispatch_rows(plan))

    facts_cache = {}

    def facts(org):
        if org.id not in facts_cache:
            facts_cache[org.id] = year.organization_facts(plan, org)
        return facts_cache[org.id]

    grades = year.grade_rows(plan, facts)  # sets each org's current grade: before the orgs are written
    counts["grades"] = copy_rows(EvaluationGrade, ("organization", "grade", "rated_on", "above_rule_cap", "cap_reasons"), grades)
    counts["inspections"] = copy_rows(AnnualInspection, ("organization", "year", "result", "checklist", "rectification"),
                                      year.inspection_rows(plan, facts))

    supervisors = _supervisors(plan)
    counts["supervisors"] = len(supervisors)
    counts["organizations"] = copy_rows(SocialOrganization, (
        "id", "uscc", "name", "kind", "registration_level", "region", "registration_authority", "business_supervisor",
        "industry_committee", "industry", "employees", "registered_on", "status", "evaluation_grade", "evaluation_grade_on",
        "charter_clause", "decoupled", "is_school", "is_hospital", "has_work_station", "accepted_reason_for_no_party_org",
        "grade_cap_exception", "created", "updated",
    ), ((o.id, o.uscc, o.name, o.kind, o.level, o.place.region_id, o.authority, supervisors.get(o.supervisor),
         supervisors.get(o.industry_committee), o.industry, o.employees, o.registered_on, o.status, o.grade, o.grade_on,
         o.charter_clause, o.decoupled, o.is_school, o.is_hospital, o.work_station, o.accepted_reason, o.grade_exception,
         now, now) for o in plan.orgs))
    counts["party_organizations"] = copy_rows(PartyOrganization, (
        "id", "name", "level", "form", "parent", "region", "founded_on", "term_years", "last_election_on", "secretary",
        "weak_and_lax", "dissolved_on", "created", "updated",
    ), ((p.id, p.name, p.level, p.form, p.parent_id, p.region_id, p.founded_on, p.term_years, p.last_election_on,
         p.secretary.id if p.secretary else None, p.weak_and_lax, p.dissolved_on, now, now) for p in plan.party_orgs))
    counts["coverage_links"] = copy_rows(Link, ("partyorganization", "socialorganization"),
                                         ((p.id, o.id) for p in plan.party_orgs for o in p.covered))
    counts["members"] = copy_rows(Member, (
        "id", "name", "id_number", "id_number_digest", "gender", "birth_date", "phone", "status", "joined_on",
        "organization", "party_organization", "relation", "roles", "created", "updated",
    ), _member_rows(plan, namer))

    activities, attendance = year.activity_rows(plan)
    counts["activities"] = copy_rows(Activity, ("id", "party_organization", "kind", "held_on", "title"), activities)
    counts["attendance"] = copy_rows(Attendance, ("activity", "member", "present"), attendance)
    counts["trainings"] = copy_rows(Training, ("member", "title", "started_on", "days", "concentrated"), year.training_rows(plan))
    counts["penalties"] = copy_rows(AdministrativePenalty, ("organization", "decided_on", "authority", "description"),
                                    year.penalty_rows(plan))
    counts["mass_organizations"] = copy_rows(MassOrganization, ("organization", "kind", "founded_on"),
                                             year.mass_organization_rows(plan))
    # Fresh statistics: without them the planner takes the bulk-loaded tables for empty ones and
    # picks plans (nested loops, unhashed subplans) that are orders of magnitude slower.
    with connection.cursor() as cursor:
        for model in (SocialOrganization, PartyOrganization, Link, Member, Activity, Attendance, Training, Dispatch,
                      EvaluationGrade, AnnualInspection, Instructor, Supervisor, AdministrativePenalty, MassOrganization):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return counts
