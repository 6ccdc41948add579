from __future__ import annotations

import datetime as dt

from django.db import transaction

import clock
from audit.services import audit_record, changes_between

from ..models import MassOrganization, SocialOrganization, Supervisor
from ..validators import validate_uscc
from .common import (
    FieldErrors, Lookups, apply_changes, choice, create_or_lock, keyed_upsert, not_after_today, region_by_code, snapshot,
)

ORGANIZATION_NAME_MAX = 200

# Fields an upsert may set, besides the keys (uscc) and the looked-up ones (region, supervisors).
PLAIN_FIELDS = (
    "name", "kind", "registration_level", "registration_authority", "industry", "employees", "registered_on",
    "status", "charter_clause", "decoupled", "is_school", "is_hospital", "has_work_station",
    "accepted_reason_for_no_party_org", "grade_cap_exception",
)


KINDS = dict(SocialOrganization.Kind.choices)
LEVELS = dict(SocialOrganization.Level.choices)
STATUSES = dict(SocialOrganization.Status.choices)


def supervisor_get_or_create(*, name: str, kind: str = Supervisor.Kind.BUSINESS_SUPERVISOR) -> Supervisor | None:
    name = (name or "").strip()
    if not name:
        return None
    supervisor, _ = Supervisor.objects.get_or_create(name=name, defaults={"kind": kind})
    return supervisor


def organization_validate(*, data: dict, today: dt.date, lookups: Lookups | None = None) -> tuple[dict, FieldErrors]:
    """Check one organization's fields; return the cleaned values and the errors found.
    ``lookups`` (optional) finds the region from a primed cache (imports validate many rows)."""
    errors = FieldErrors()
    clean: dict = {}
    clean["uscc"] = errors.check("uscc", validate_uscc, data.get("uscc"))
    name = (data.get("name") or "").strip()
    if not name:
        errors.add("name", "名称不能为空")
    elif len(name) > ORGANIZATION_NAME_MAX:
        errors.add("name", f"名称不能超过{ORGANIZATION_NAME_MAX}字")
    clean["name"] = name
    clean["kind"] = choice(errors, "kind", data.get("kind"), KINDS)
    clean["registration_level"] = choice(errors, "registration_level", data.get("registration_level"), LEVELS)
    clean["status"] = choice(errors, "status", data.get("status") or "active", STATUSES)
    clean["region"] = region_by_code(errors, "region_code", data.get("region_code"), lookups)
    employees = data.get("employees", 0)
    if employees in (None, ""):
        employees = 0
    if isinstance(employees, bool) or not isinstance(employees, int) or employees < 0:
        errors.add("employees", "从业人员数应为不小于0的整数")
    clean["employees"] = employees
    registered_on = data.get("registered_on")
    not_after_today(errors, "registered_on", registered_on, today, "登记日期不能晚于今天")
    clean["registered_on"] = registered_on
    grade = data.get("evaluation_grade") or ""
    if grade and grade not in {"1A", "2A", "3A", "4A", "5A"}:
        errors.add("evaluation_grade", "评估等级应为1A-5A")
    for field in ("charter_clause", "decoupled", "is_school", "is_hospital", "has_work_station"):
        value = data.get(field, False)
        if not isinstance(value, bool):
            errors.add(field, "应为“是”或“否”")
        clean[field] = bool(value)
    for field in ("registration_authority", "industry", "accepted_reason_for_no_party_org", "grade_cap_exception"):
        clean[field] = (data.get(field) or "").strip()
    clean["business_supervisor_name"] = (data.get("business_supervisor") or "").strip()
    clean["industry_committee_name"] = (data.get("industry_committee") or "").strip()
    return clean, errors


def organization_snapshot(organization: SocialOrganization) -> dict:
    """The audited fields of an organization, with its region and supervisors by their keys."""
    return snapshot(
        organization, PLAIN_FIELDS, region_code=organization.region.code,
        business_supervisor=getattr(organization.business_supervisor, "name", ""),
        industry_committee=getattr(organization.industry_committee, "name", ""),
    )


def organization_values(clean: dict, supervisors=None) -> dict:
    """The model values of a validated organization (supervisors by name, created on first use)."""
    values = {field: clean[field] for field in PLAIN_FIELDS}
    values["region"] = clean["region"]
    find = supervisors or {}
    values["business_supervisor"] = find.get(clean["business_supervisor_name"]) or supervisor_get_or_create(
        name=clean["business_supervisor_name"])
    values["industry_committee"] = find.get(clean["industry_committee_name"]) or supervisor_get_or_create(
        name=clean["industry_committee_name"], kind=Supervisor.Kind.INDUSTRY_COMMITTEE)
    return values


@transaction.atomic
def organization_upsert(*, actor, rules, data: dict) -> tuple[SocialOrganization, bool]:
    """Create or update an organization keyed by its USCC. Returns (organization, created).

    Scope: an existing organization outside the actor's write scope is not found (Http404);
    a region outside it is refused naming ``region_code``. An update that changes nothing
    writes nothing (its audit entry has no changes). The evaluation grade is not set here: grades
    are dated records (``evaluation_grade_record``), checked against the rules.
    """
    actor.require_write()
    uscc = str(data.get("uscc") or "").strip().upper()
    existing = actor.write_target(SocialOrganization, uscc=uscc) if uscc else None
    actor.region_check(data.get("region_code"))
    clean, errors = organization_validate(data=data, today=clock.today())
    errors.raise_if_any()
    values = organization_values(clean)
    organization, created, before = keyed_upsert(actor, SocialOrganization, key={"uscc": clean["uscc"]}, values=values,
                                                 existing=existing, snapshot_of=organization_snapshot)
    actor.written(organization)
    audit_record(action="organization.upsert", actor=actor, object_type="SocialOrganization",
                 object_id=organization.uscc, changes=changes_between(before, organization_snapshot(organization)))
    return organization, created


@transaction.atomic
def mass_organization_record(*, actor, rules, data: dict) -> MassOrganization:
    """Record a mass organization of a social organization (``data``: organization_uscc, kind,
    founded_on); one per kind."""
    from .checks import organization_referenced

    actor.require_write()
    organization = organization_referenced(actor, data.get("organization_uscc"))
    errors = FieldErrors()
    kind = choice(errors, "kind", data.get("kind"), MassOrganization.Kind.choices)
    not_after_today(errors, "founded_on", data.get("founded_on"), clock.today())
    errors.raise_if_any()
    mass, created = create_or_lock(MassOrganization, key={"organization": organization, "kind": kind},
                                   values={"founded_on": data.get("founded_on")})
    before = None if created else snapshot(mass, ("kind", "founded_on"), organization_uscc=organization.uscc)
    if not created:
        apply_changes(mass, {"founded_on": data.get("founded_on")})
    audit_record(action="mass_organization.record", actor=actor, object_type="MassOrganization", object_id=mass.pk,
                 changes=changes_between(before, snapshot(mass, ("kind", "founded_on"), organization_uscc=organization.uscc)))
    return mass
