from __future__ import annotations

import datetime as dt

from django.db import transaction

from privacy.crypto import keyed_digest

from ..models import Member, PartyOrganization, SocialOrganization
from ..validators import birth_date_from_id, gender_from_id, validate_id_number, validate_phone
from .common import FieldErrors, Lookups, choice


def member_validate(*, data: dict, lookups: Lookups | None = None) -> tuple[dict, FieldErrors]:
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
    clean["role"] = choice(errors, "role", data.get("role") or "other", Member.Role.choices)
    joined_on = data.get("joined_on")
    if joined_on is not None and not isinstance(joined_on, dt.date):
        errors.add("joined_on", "入党日期应为日期")
    elif joined_on and joined_on > dt.date.today():
        errors.add("joined_on", "入党日期不能晚于今天")
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


@transaction.atomic
def member_upsert(*, data: dict) -> tuple[Member, bool]:
    """Create or update a member keyed by ID number (looked up by its keyed digest)."""
    clean, errors = member_validate(data=data)
    errors.raise_if_any()
    id_number = clean.pop("id_number")
    digest = keyed_digest(id_number)
    values = dict(clean)
    member = Member.objects.filter(id_number_digest=digest).first()
    if member is None:
        member = Member.objects.create(
            id_number=id_number, id_number_digest=digest, gender=gender_from_id(id_number),
            birth_date=birth_date_from_id(id_number), **values,
        )
        return member, True
    changed = [field for field, value in values.items() if getattr(member, field) != value]
    if changed:
        for field in changed:
            setattr(member, field, values[field])
        member.save(update_fields=changed + ["updated"])
    return member, False
