from __future__ import annotations

import datetime as dt

from django.db import transaction

import clock
from accounts.models import ORGANIZATION_REPORT_ROLES
from audit.services import audit_record, changes_between
from privacy.crypto import keyed_digest

from ..models import Member, MemberTransfer, PartyOrganization, SocialOrganization
from ..validators import birth_date_from_id, gender_from_id, validate_id_number, validate_phone
from .common import FieldErrors, Lookups, apply_changes, choice, keyed_upsert, not_after_today, referenced, snapshot

MEMBER_FIELDS = ("name", "status", "relation", "roles", "joined_on")


def member_roles(errors: FieldErrors, data: dict) -> list[str] | None:
    """The member's roles: ``roles`` (a list), or one ``role`` as before (the import sheet has one column)."""
    given = data.get("roles")
    if given is None:
        role = choice(errors, "role", data.get("role") or "other", Member.Role.choices)
        return None if role is None else [role]
    if isinstance(given, str) or not isinstance(given, (list, tuple)) or not given:
        errors.add("roles", "应为非空列表")
        return None
    roles = [choice(errors, "roles", role, Member.Role.choices) for role in given]
    return None if None in roles else [role for role in Member.Role.values if role in roles]


def member_validate(*, data: dict, today: dt.date, lookups: Lookups | None = None) -> tuple[dict, FieldErrors]:
    """Check one member's fields; return the cleaned values and the errors found.
    ``lookups`` (optional) finds the organization and Party organization from a primed cache."""
    errors = FieldErrors()
    clean: dict = {}
    clean["id_number"] = errors.check("id_number", validate_id_number, data.get("id_number"))
    name = (data.get("name") or "").strip()
    if not name:
        errors.add("name", "姓名不能为空")
    clean["name"] = name
    phone = (data.get("phone") or "").strip()
    clean["phone"] = errors.check("phone", validate_phone, phone) if phone else ""
    clean["status"] = choice(errors, "status", data.get("status") or "formal", Member.Status.choices)
    clean["relation"] = choice(errors, "relation", data.get("relation") or "here", Member.Relation.choices)
    clean["roles"] = member_roles(errors, data)
    joined_on = data.get("joined_on")
    not_after_today(errors, "joined_on", joined_on, today, "入党日期不能晚于今天")
    clean["joined_on"] = joined_on
    uscc = (data.get("organization_uscc") or "").strip().upper()
    clean["organization"] = None
    if uscc:
        clean["organization"] = (lookups.organization(uscc) if lookups is not None
                                 else SocialOrganization.objects.filter(uscc=uscc).first())
        if clean["organization"] is None:
            errors.add("organization_uscc", f"统一社会信用代码“{uscc}”在本省台账中不存在")
    party_name = (data.get("party_organization") or "").strip()
    clean["party_organization"] = None
    if party_name:
        clean["party_organization"] = (lookups.party_organization(party_name) if lookups is not None
                                       else PartyOrganization.objects.filter(name=party_name).first())
        if clean["party_organization"] is None:
            errors.add("party_organization", f"党组织“{party_name}”不存在")
    if clean["relation"] == Member.Relation.HERE and party_name == "" and uscc:
        pass  # the relation may be held by a joint branch named later; not an error
    return clean, errors


def member_snapshot(member: Member) -> dict:
    """The audited fields of a member: ID number and phone masked (never clear in the log)."""
    return snapshot(
        member, MEMBER_FIELDS, id_number=member.id_number_masked, phone=member.phone_masked,
        organization_uscc=getattr(member.organization, "uscc", ""),
        party_organization=getattr(member.party_organization, "name", ""),
    )


def member_values(clean: dict) -> dict:
    return {field: clean[field] for field in ("name", "phone", "status", "relation", "roles", "joined_on",
                                              "organization", "party_organization")}


def member_scope_check(actor, data: dict) -> Member | None:
    """The member the write would change (Http404 when outside the write scope), after refusing
    references to an organization or Party organization the actor cannot see."""
    try:
        digest = keyed_digest(validate_id_number(data.get("id_number")))
    except Exception:
        digest = None  # validation reports the bad number with every other bad field
    existing = actor.write_target(Member, id_number_digest=digest) if digest else None
    uscc = (data.get("organization_uscc") or "").strip().upper()
    actor.references_check(SocialOrganization, field="organization_uscc", key="uscc", values=[uscc],
                           message=lambda hidden: f"统一社会信用代码“{hidden[0]}”在本省台账中不存在")
    party_name = (data.get("party_organization") or "").strip()
    actor.references_check(PartyOrganization, field="party_organization", key="name", values=[party_name],
                           message=lambda hidden: f"党组织“{hidden[0]}”不存在")
    return existing


@transaction.atomic
def member_upsert(*, actor, rules, data: dict) -> tuple[Member, bool]:
    """Create or update a member keyed by ID number (looked up by its keyed digest).

    Scope: a member outside the actor's write scope is not found (Http404); the organization
    and Party organization named must be ones the actor can see; the member as written must
    lie in the scope (e.g. not left with neither). No change: no write (an audit entry without changes).
    An organization's secretary and liaison write the members of their own organization
    (``ORGANIZATION_REPORT_ROLES``), the committees' staff those of their region.
    """
    actor = actor.acting_as(ORGANIZATION_REPORT_ROLES)
    actor.require_write()
    existing = member_scope_check(actor, data)
    clean, errors = member_validate(data=data, today=clock.today())
    errors.raise_if_any()
    id_number = clean.pop("id_number")
    digest = keyed_digest(id_number)
    values = member_values(clean)
    member, created, before = keyed_upsert(
        actor, Member, key={"id_number_digest": digest}, values=values, existing=existing, snapshot_of=member_snapshot,
        extra={"id_number": id_number, "gender": gender_from_id(id_number), "birth_date": birth_date_from_id(id_number)})
    actor.written(member)
    audit_record(action="member.upsert", actor=actor, object_type="Member", object_id=member.pk,
                 changes=changes_between(before, member_snapshot(member)))
    return member, created


TRANSFER_FIELDS = ("direction", "counterpart", "transferred_on", "status", "note")
COUNTERPART_MAX, NOTE_MAX = 200, 200


def _transfer_snapshot(transfer: MemberTransfer) -> dict:
    return snapshot(transfer, TRANSFER_FIELDS, member_id=transfer.member_id)


def _transfer_completed(transfer: MemberTransfer) -> None:
    """A completed transfer moves the membership relation: in → held here; out → held elsewhere
    (the member still works here, a 口袋党员 until they leave, 002 第十七条)."""
    member = transfer.member
    if transfer.direction == MemberTransfer.Direction.IN:
        apply_changes(member, {"relation": Member.Relation.HERE})
    else:
        apply_changes(member, {"relation": Member.Relation.ELSEWHERE, "party_organization": None})


@transaction.atomic
def member_transfer_record(*, actor, rules, data: dict) -> MemberTransfer:
    """Record a transfer of a member's membership relation (组织关系转接) (``data``: member_id,
    direction in/out, counterpart (from where / to where), transferred_on, status, note).
    A transfer recorded as done moves the member's relation (``_transfer_completed``)."""
    actor = actor.acting_as(ORGANIZATION_REPORT_ROLES)
    actor.require_write()
    member_id = data.get("member_id")
    member = referenced(actor, Member, "member_id", f"党员 {member_id} 不存在", pk=member_id)
    errors = FieldErrors()
    direction = choice(errors, "direction", data.get("direction"), MemberTransfer.Direction.choices)
    status = choice(errors, "status", data.get("status") or "pending", MemberTransfer.Status.choices)
    counterpart = (data.get("counterpart") or "").strip()
    if not counterpart:
        errors.add("counterpart", "请填写转出或转入的党组织")
    elif len(counterpart) > COUNTERPART_MAX:
        errors.add("counterpart", f"党组织名称不能超过{COUNTERPART_MAX}字")
    transferred_on = data.get("transferred_on")
    if transferred_on is None:
        errors.add("transferred_on", "转接日期不能为空")
    not_after_today(errors, "transferred_on", transferred_on, clock.today(), "转接日期不能晚于今天")
    note = (data.get("note") or "").strip()
    if len(note) > NOTE_MAX:
        errors.add("note", f"说明不能超过{NOTE_MAX}字")
    errors.raise_if_any()
    transfer = MemberTransfer.objects.create(member=member, direction=direction, counterpart=counterpart,
                                             transferred_on=transferred_on, status=status, note=note)
    if status == MemberTransfer.Status.DONE:
        _transfer_completed(transfer)
    audit_record(action="member_transfer.record", actor=actor, object_type="MemberTransfer", object_id=transfer.pk,
                 changes=changes_between(None, _transfer_snapshot(transfer)))
    return transfer


@transaction.atomic
def member_transfer_status_set(*, actor, rules, transfer: MemberTransfer, data: dict) -> MemberTransfer:
    """Move a pending transfer on (``data``: status done or cancelled); done moves the relation."""
    actor = actor.acting_as(ORGANIZATION_REPORT_ROLES)
    actor.require_write()
    transfer = actor.write_target(MemberTransfer, pk=transfer.pk)
    errors = FieldErrors()
    status = choice(errors, "status", data.get("status"), MemberTransfer.Status.choices)
    if transfer.status != MemberTransfer.Status.PENDING:
        errors.add("status", f"该转接已{transfer.get_status_display()}，不能再更改")
    errors.raise_if_any()
    before = _transfer_snapshot(transfer)
    apply_changes(transfer, {"status": status})
    if status == MemberTransfer.Status.DONE:
        _transfer_completed(transfer)
    audit_record(action="member_transfer.status", actor=actor, object_type="MemberTransfer", object_id=transfer.pk,
                 changes=changes_between(before, _transfer_snapshot(transfer)))
    return transfer
