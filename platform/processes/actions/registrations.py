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


PARTY_DATES = ("founded_on", "last_election_on", "joined_on")


def _dates(values: dict, where: str) -> dict:
    """ISO dates of ``values`` (the registry's actions take dates) parsed; a bad one named ``where.<key>``."""
    parsed = dict(values)
    for key in PARTY_DATES:
        if parsed.get(key) not in (None, ""):
            try:
                parsed[key] = dt.date.fromisoformat(str(parsed[key]))
            except ValueError:
                raise ValidationError({f"{where}.{key}": ["应为日期（YYYY-MM-DD）"]}) from None
        else:
            parsed.pop(key, None)
    return parsed


def _named(where: str, error: ValidationError) -> ValidationError:
    return ValidationError({f"{where}.{field}": messages for field, messages in error.message_dict.items()})


def party_data_record(*, actor: Actor, rules, organization, party: dict) -> dict:
    """Fill the registry with the Party data collected at registration (002 第九条(一)①), through
    the registry's actions: ``party.party_organization`` (name, level, form, founded_on,
    last_election_on, term_years, parent_name) covering the organization, and ``party.members``
    (each with id_number, name, status, relation, roles, joined_on, phone) in it. Returns what was
    written: {"party_organization": name or None, "members": count}."""
    from registry.actions import member_upsert, party_organization_upsert
    from registry.models import PartyOrganization

    written = {"party_organization": None, "members": 0}
    party_org = party.get("party_organization")
    if party_org not in (None, {}):
        if not isinstance(party_org, dict):
            raise ValidationError({"party.party_organization": ["应为党组织对象（name、level、form、founded_on …）"]})
        data = _dates(party_org, "party.party_organization")
        existing = PartyOrganization.objects.filter(name=str(data.get("name") or "").strip()).first()
        covered = sorted(set(existing.covered_organizations.values_list("uscc", flat=True)) if existing else set())
        data.update(covered_usccs=sorted(set(covered) | {organization.uscc}), region_code=organization.region.code)
        try:
            written["party_organization"] = party_organization_upsert(actor=actor, rules=rules, data=data)[0].name
        except ValidationError as error:
            raise _named("party.party_organization", error) from None
    members = party.get("members")
    if members not in (None, []):
        if not isinstance(members, list):
            raise ValidationError({"party.members": ["应为党员列表"]})
        for index, member in enumerate(members):
            where = f"party.members[{index}]"
            if not isinstance(member, dict):
                raise ValidationError({where: ["应为党员对象（id_number、name、status、relation、roles …）"]})
            data = {**_dates(member, where), "organization_uscc": organization.uscc}
            if written["party_organization"] and "party_organization" not in member:
                data["party_organization"] = written["party_organization"]
            try:
                member_upsert(actor=actor, rules=rules, data=data)
            except ValidationError as error:
                raise _named(where, error) from None
            written["members"] += 1
    return written


def party_kept(party: dict) -> dict:
    """The party data as the registration record keeps it: members' ID and phone numbers masked
    (the clear numbers live only encrypted in the registry)."""
    from privacy.masking import mask_id_number, mask_phone

    members = party.get("members")
    if not isinstance(members, list):
        return party
    kept = []
    for member in members:
        if isinstance(member, dict):
            member = {**member, "id_number": mask_id_number(str(member.get("id_number") or "")),
                      **({"phone": mask_phone(str(member["phone"]))} if member.get("phone") else {})}
        kept.append(member)
    return {**party, "members": kept}


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
    written = party_data_record(actor=actor, rules=rules, organization=org, party=party)

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
    record = Registration.objects.create(event=event, organization=org, party=party_kept(party), checks=checks,
                                         received_by=actor.name[:150])
    record.cases.set([entry["case"] for entry in opened])
    audit_record(action="registration.receive", actor=actor, object_type="Registration", object_id=record.pk,
                 changes={"event": event, "organization": org.uscc, "checks": {c["key"]: c["met"] for c in checks},
                          "cases_opened": [entry["case"].pk for entry in opened], "party_written": written})
    return {"registration": record, "organization": org, "organization_created": created, "checks": checks,
            "cases_opened": opened, "cases_already_open": already, "party_written": written}
