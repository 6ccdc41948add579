"""The registration hand-off: the civil-affairs registration system reports an event
(registered, renewed, charter approved, annual report, graded) with the organization and
its Party data; the organization is upserted through the registry's action, the province's
module says what the event checks and which cases it opens."""
from __future__ import annotations

import datetime as dt
import json

from django.core.exceptions import ValidationError
from django.db import transaction

import clock
from accounts.actors import Actor
from audit.services import audit_record
from province_rules.processes import REGISTRATION_EVENTS

from ..engine import CaseError
from ..models import Case, Registration
from .cases import case_open
from .common import NUL_MESSAGE, Errors, has_nul

MAX_PARTY_BYTES = 64 * 1024


def _organization_upsert(*, actor: Actor, rules, data: dict):
    """The registry's upsert action (scope, validation, write, audit), its field errors named
    ``organization.<field>``."""
    from registry.actions import organization_upsert

    try:
        return organization_upsert(actor=actor, rules=rules, data=data)
    except ValidationError as error:
        raise ValidationError({f"organization.{field}": messages for field, messages in error.message_dict.items()}) from None


@transaction.atomic
def registration_receive(*, actor: Actor, rules, event, organization, party=None,
                         today: dt.date | None = None) -> dict:
    """Upsert the organization, run the event's checks, open the cases the module declares.
    Returns the answer: the organization, each check with its result and clause, and the
    cases opened (and those already open)."""
    today = today or clock.today()
    errors = Errors()
    if event not in REGISTRATION_EVENTS:
        errors.add("event", f"事件应为以下之一：{'、'.join(REGISTRATION_EVENTS)}")
    if not isinstance(organization, dict):
        errors.add("organization", "应为社会组织对象（uscc、name、kind、registration_level、region_code …）")
    party = {} if party is None else party
    if not isinstance(party, dict):
        errors.add("party", "应为对象")
    elif len(json.dumps(party, ensure_ascii=False)) > MAX_PARTY_BYTES:
        errors.add("party", "党建信息过大")
    elif has_nul(party):
        errors.add("party", NUL_MESSAGE)
    errors.raise_if_any()
    org, created = _organization_upsert(actor=actor, rules=rules, data=organization)

    from registry.selectors import organization_facts

    facts = organization_facts(organization=org, as_of=today)
    declared = [e for e in rules.registration_events() if e.event == event]
    checks, opened, already = [], [], []
    for declaration in declared:
        for check in declaration.checks:
            met = check.check(rules, facts, party, today)
            checks.append({"key": check.key, "text": check.text, "clause": check.clause, "met": met})
        for opening in declaration.opens:
            if opening.when(rules, facts, party, today) is not True:
                continue
            try:
                data = opening.data(rules, facts, party, today) if opening.data else None
                case = case_open(actor=actor, rules=rules, process=opening.process, organization_uscc=org.uscc,
                                 data=data, today=today, opened_by_event=event)
                opened.append({"case": case, "reason": opening.reason, "clause": opening.clause})
            except CaseError as error:
                if error.code != "case_exists":
                    raise
                existing = Case.objects.filter(process=opening.process, organization=org, status="open").first()
                already.append({"case": existing, "reason": opening.reason, "clause": opening.clause})
    record = Registration.objects.create(event=event, organization=org, party=party, checks=checks,
                                         received_by=actor.name[:150])
    record.cases.set([entry["case"] for entry in opened])
    audit_record(action="registration.receive", actor=actor, object_type="Registration", object_id=record.pk,
                 changes={"event": event, "organization": org.uscc, "checks": {c["key"]: c["met"] for c in checks},
                          "cases_opened": [entry["case"].pk for entry in opened]})
    return {"registration": record, "organization": org, "organization_created": created, "checks": checks,
            "cases_opened": opened, "cases_already_open": already}
