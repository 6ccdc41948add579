from __future__ import annotations

import datetime as dt

from django.db import transaction

from ..models import MassOrganization, SocialOrganization, Supervisor
from ..validators import validate_uscc
from .common import FieldErrors, Lookups, choice, region_by_code

# Fields an upsert may set, besides the keys (uscc) and the looked-up ones (region, supervisors).
PLAIN_FIELDS = (
    "name", "kind", "registration_level", "registration_authority", "industry", "employees", "registered_on",
    "status", "charter_clause", "decoupled", "is_school", "is_hospital", "has_work_station",
    "accepted_reason_for_no_party_org", "grade_cap_exception",
)


def supervisor_get_or_create(*, name: str, kind: str = Supervisor.Kind.BUSINESS_SUPERVISOR) -> Supervisor | None:
    name = (name or "").strip()
    if not name:
        return None
    supervisor, _ = Supervisor.objects.get_or_create(name=name, defaults={"kind": kind})
    return supervisor


def organization_validate(*, data: dict, lookups: Lookups | None = None) -> tuple[dict, FieldErrors]:
    """Check one organization's fields; return the cleaned values and the errors found.
    ``lookups`` (optional) finds the region from a primed cache (imports validate many rows)."""
    errors = FieldErrors()
    clean: dict = {}
    clean["uscc"] = errors.check("uscc", validate_uscc, data.get("uscc"))
    name = (data.get("name") or "").strip()
    if not name:
        errors.add("name", "名称不能为空")
    elif len(name) > 200:
        errors.add("name", "名称不能超过200字")
    clean["name"] = name
    clean["kind"] = choice(errors, "kind", data.get("kind"), SocialOrganization.Kind.choices)
    clean["registration_level"] = choice(errors, "registration_level", data.get("registration_level"), SocialOrganization.Level.choices)
    clean["status"] = choice(errors, "status", data.get("status") or "active", SocialOrganization.Status.choices)
    clean["region"] = region_by_code(errors, "region_code", data.get("region_code"), lookups)
    employees = data.get("employees", 0)
    if employees in (None, ""):
        employees = 0
    if isinstance(employees, bool) or not isinstance(employees, int) or employees < 0:
        errors.add("employees", "从业人员数应为不小于0的整数")
    clean["employees"] = employees
    registered_on = data.get("registered_on")
    if registered_on is not None and not isinstance(registered_on, dt.date):
        errors.add("registered_on", "登记日期应为日期")
    elif registered_on and registered_on > dt.date.today():
        errors.add("registered_on", "登记日期不能晚于今天")
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


@transaction.atomic
def organization_upsert(*, data: dict) -> tuple[SocialOrganization, bool]:
    """Create or update an organization keyed by its USCC. Returns (organization, created).

    An update that changes nothing writes nothing. The evaluation grade is not set here:
    grades are dated records (``evaluation_grade_record``), checked against the rules.
    """
    clean, errors = organization_validate(data=data)
    errors.raise_if_any()
    values = {field: clean[field] for field in PLAIN_FIELDS}
    values["region"] = clean["region"]
    values["business_supervisor"] = supervisor_get_or_create(name=clean["business_supervisor_name"])
    values["industry_committee"] = supervisor_get_or_create(
        name=clean["industry_committee_name"], kind=Supervisor.Kind.INDUSTRY_COMMITTEE
    )
    organization = SocialOrganization.objects.filter(uscc=clean["uscc"]).first()
    if organization is None:
        return SocialOrganization.objects.create(uscc=clean["uscc"], **values), True
    changed = [field for field, value in values.items() if getattr(organization, field) != value]
    if changed:
        for field in changed:
            setattr(organization, field, values[field])
        organization.save(update_fields=changed + ["updated"])
    return organization, False


def mass_organization_record(*, organization: SocialOrganization, kind: str, founded_on: dt.date | None = None) -> MassOrganization:
    errors = FieldErrors()
    kind = choice(errors, "kind", kind, MassOrganization.Kind.choices)
    errors.raise_if_any()
    mass, _ = MassOrganization.objects.update_or_create(organization=organization, kind=kind, defaults={"founded_on": founded_on})
    return mass
