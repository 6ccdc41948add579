"""The registry effects of a case's action (``province_rules.processes.REGISTRY_EFFECTS``):
writes of the registry that an action of a process makes, always through the registry's
own actions (scope, validation, write, audit there). What to write comes from the case's
recorded fields (``PARTY_ORGANIZATION_FIELDS``, ``DISPATCH_FIELDS``) and its organizations.
A refusal of the registry's action refuses the case's action, its fields named
``registry.<field>``; the transaction of the case's action undoes everything."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from accounts.actors import Actor
from province_rules.processes import CREATE_PARTY_ORGANIZATION, END_DISPATCH, START_DISPATCH

# Where a case keeps what its effects wrote (beside the stages' recorded data).
EFFECTS_KEY = "_effects"


def recorded(case, key: str):
    """The latest value of a recorded field over the case's stages (None when none has it)."""
    value = None
    for stage_code, values in (case.data or {}).items():
        if stage_code != EFFECTS_KEY and isinstance(values, dict) and values.get(key) not in (None, ""):
            value = values[key]
    return value


def case_organizations(case) -> list:
    """The case's organization first, then those that applied with it."""
    organizations = [case.organization] if case.organization_id else []
    if case.pk:
        organizations += [o for o in case.organizations.order_by("id") if o.pk != case.organization_id]
    return organizations


def _named(error: ValidationError) -> ValidationError:
    return ValidationError({f"registry.{field}": messages for field, messages in error.message_dict.items()})


def _missing(field: str, label: str):
    raise ValidationError({f"data.{field}": [f"请先填写：{label}"]})


def _code_of(choices, value) -> str:
    """A choice recorded by its code or by its Chinese label (a stage's choice field shows labels)."""
    if value in (None, ""):
        return ""
    labels = {label: code for code, label in choices.choices}
    return labels.get(value, value)


def _party_organization_create(*, actor: Actor, rules, case, today: dt.date) -> None:
    from registry.actions import party_organization_upsert
    from registry.models import Member, PartyOrganization

    name = recorded(case, "party_org_name")
    if not name:
        _missing("party_org_name", "党组织名称")
    organizations = case_organizations(case)
    form = _code_of(PartyOrganization.Form, recorded(case, "party_org_form")) or ("joint" if len(organizations) > 1 else "own")
    level = _code_of(PartyOrganization.Level, recorded(case, "party_org_level")) or "branch"
    data = {"name": name, "form": form, "level": level,
            "region_code": case.region.code, "covered_usccs": [o.uscc for o in organizations], "founded_on": today}
    secretary = recorded(case, "secretary")
    if secretary:
        member = Member.objects.filter(organization__in=organizations, name=str(secretary).strip()).order_by("id").first()
        if member is None:
            raise ValidationError({"data.secretary": [f"书记“{secretary}”不是所覆盖社会组织的党员，请先登记该党员"]})
        data["secretary_id"] = member.pk
    try:
        party_org, _ = party_organization_upsert(actor=actor, rules=rules, data=data)
    except ValidationError as error:
        raise _named(error) from None
    case.party_organization = party_org
    case.data = {**case.data, EFFECTS_KEY: {**case.data.get(EFFECTS_KEY, {}), "party_organization": party_org.pk}}


def _dispatch_start(*, actor: Actor, rules, case, today: dt.date) -> None:
    from registry.actions import dispatch_start

    instructor_id = recorded(case, "instructor_id")
    if instructor_id in (None, ""):
        _missing("instructor_id", "党建工作指导员")
    target_on, milestones = recorded(case, "target_on"), recorded(case, "milestones")
    plan = "\n".join(line for line in (f"目标：{target_on}前建立党组织" if target_on else "", milestones or "") if line)
    try:
        dispatch = dispatch_start(actor=actor, rules=rules, data={
            "instructor_id": int(instructor_id), "organization_uscc": case.organization.uscc if case.organization_id else "",
            "started_on": today, "plan": plan})
    except ValidationError as error:
        raise _named(error) from None
    case.data = {**case.data, EFFECTS_KEY: {**case.data.get(EFFECTS_KEY, {}), "dispatch": dispatch.pk}}


def _dispatch_end(*, actor: Actor, rules, case, today: dt.date) -> None:
    from registry.actions import dispatch_end
    from registry.models import Dispatch

    dispatch = Dispatch.objects.filter(pk=(case.data.get(EFFECTS_KEY) or {}).get("dispatch"), ended_on__isnull=True).first()
    if dispatch is None:
        return  # ended already (in the registry) or never started: nothing to end
    try:
        dispatch_end(actor=actor, rules=rules, dispatch=dispatch, data={"ended_on": max(today, dispatch.started_on)})
    except ValidationError as error:
        raise _named(error) from None


EFFECTS = {CREATE_PARTY_ORGANIZATION: _party_organization_create, START_DISPATCH: _dispatch_start,
           END_DISPATCH: _dispatch_end}


def registry_effects(*, actor: Actor, rules, case, effects, today: dt.date) -> None:
    for effect in effects:
        if effect in EFFECTS:
            EFFECTS[effect](actor=actor, rules=rules, case=case, today=today)
