"""Registry writes that a process action stands for (``Action.writes`` names one of these):
each goes through the registry's own action (scope, validation with the rules' decision,
write, audit) inside the case action's transaction, so a refusal there refuses the action
with the registry's message. They read the values the case's stages recorded."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from accounts.actors import Actor

from .models import Case


def _fields(case: Case) -> dict:
    from .actions.checks import case_fields

    return case_fields(case)


def dispatched_branch_form(*, actor: Actor, rules, case: Case, today: dt.date, reason: str) -> None:
    """Form the dispatched branch a case approved: named ``branch_name``, formed of
    ``instructors``, covering the case's organizations, under ``parent_name`` when given; the
    case is linked to it. ``party_organization_upsert`` asks ``rules.check_dispatched_branch``."""
    from registry.actions import party_organization_upsert

    fields = _fields(case)
    covered = [case.organization.uscc, *case.organizations.order_by("id").values_list("uscc", flat=True)]
    data = {"name": fields.get("branch_name"), "form": "dispatched", "level": "branch", "region_code": case.region.code,
            "covered_usccs": list(dict.fromkeys(covered)), "instructor_ids": fields.get("instructors") or [],
            "parent_name": fields.get("parent_name") or "", "founded_on": today}
    try:
        branch, _ = party_organization_upsert(actor=actor, rules=rules, data=data)
    except ValidationError as error:
        raise ValidationError({f"party_organization.{field}": messages
                               for field, messages in error.message_dict.items()}) from None
    case.party_organization = branch
    case.save(update_fields=["party_organization", "updated"])


def dispatched_branch_dissolve(*, actor: Actor, rules, case: Case, today: dt.date, reason: str) -> None:
    """Dissolve the branch the case formed, today, for the action's reason."""
    from registry.actions import party_organization_dissolve

    if case.party_organization_id is None:
        raise ValidationError({"action": ["本事项没有已组建的派出党支部"]})
    party_organization_dissolve(actor=actor, rules=rules, party_organization=case.party_organization,
                                dissolved_on=today, reason=reason or "派出党支部撤销")
