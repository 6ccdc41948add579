from __future__ import annotations

from django.db import transaction

import clock
from audit.services import audit_record, changes_between

from ..models import Member, PartyOrganization, SocialOrganization
from .common import FieldErrors, choice, keyed_upsert, not_after_today, region_by_code, snapshot

PARTY_FIELDS = ("level", "form", "term_years", "founded_on", "last_election_on", "weak_and_lax", "secretary_id")
NAME_MAX = 200


def party_organization_snapshot(party_org: PartyOrganization) -> dict:
    return snapshot(
        party_org, PARTY_FIELDS, region_code=party_org.region.code, parent_name=getattr(party_org.parent, "name", ""),
        covered_usccs=sorted(party_org.covered_organizations.values_list("uscc", flat=True)),
    )


def _covered_with_hidden(actor, existing: PartyOrganization | None, usccs: list[str]) -> list[str]:
    """``covered_usccs`` replaces what the actor can see; organizations it cannot see that the
    Party organization covers stay covered (they are not the actor's to drop)."""
    if existing is None or actor.is_province_wide:
        return usccs
    visible = actor.scoped(SocialOrganization.objects.all(), write=True).values("pk")
    kept = existing.covered_organizations.exclude(pk__in=visible).values_list("uscc", flat=True)
    return usccs + sorted(set(kept) - set(usccs))


@transaction.atomic
def party_organization_upsert(*, actor, rules, data: dict) -> tuple[PartyOrganization, bool]:
    """Create or update a Party organization keyed by its name, with the orgs it covers.

    ``rules`` refuses the forms the province does not have (dispatched outside Jilin,
    temporary outside Guangdong): the refusal names the clause.
    ``data["covered_usccs"]`` lists the USCCs of the covered organizations. Scope: one outside
    the actor's write scope is not found; its region must be in the scope; covered
    organizations and the parent must be ones the actor can see. ``data["secretary_id"]``
    (optional) names the secretary: a member of one of the covered organizations; absent, the
    secretary recorded stays.
    """
    actor.require_write()
    errors = FieldErrors()
    name = (data.get("name") or "").strip()
    if len(name) > NAME_MAX:
        errors.add("name", f"党组织名称不能超过{NAME_MAX}字")
        errors.raise_if_any()
    existing = actor.write_target(PartyOrganization, name=name) if name else None
    actor.region_check(data.get("region_code"))
    usccs = [u.strip().upper() for u in data.get("covered_usccs") or [] if u and u.strip()]
    actor.references_check(SocialOrganization, field="covered_usccs", key="uscc", values=usccs,
                           message=lambda hidden: f"以下统一社会信用代码在本省台账中不存在：{'、'.join(sorted(hidden))}")
    parent_name = (data.get("parent_name") or "").strip()
    actor.references_check(PartyOrganization, field="parent_name", key="name", values=[parent_name],
                           message=lambda hidden: f"上级党组织“{hidden[0]}”不存在")
    usccs = _covered_with_hidden(actor, existing, usccs)
    if not name:
        errors.add("name", "党组织名称不能为空")
    level = choice(errors, "level", data.get("level") or "branch", PartyOrganization.Level.choices)
    form = choice(errors, "form", data.get("form") or "own", PartyOrganization.Form.choices)
    if form:
        decision = rules.check_party_org_form(form)
        if not decision.value:
            for reason in decision.reasons:
                errors.add("form", f"{reason.text}（{reason.clause}）")
    region = region_by_code(errors, "region_code", data.get("region_code"))
    covered = list(SocialOrganization.objects.filter(uscc__in=usccs))
    missing = sorted(set(usccs) - {o.uscc for o in covered})
    if missing:
        errors.add("covered_usccs", f"以下统一社会信用代码在本省台账中不存在：{'、'.join(missing)}")
    if form == PartyOrganization.Form.OWN and len(usccs) > 1:
        errors.add("covered_usccs", "单独组建的党组织只能覆盖一个社会组织；覆盖多个请选择联合组建")
    parent = None
    if parent_name:
        parent = PartyOrganization.objects.filter(name=parent_name).first()
        if parent is None:
            errors.add("parent_name", f"上级党组织“{parent_name}”不存在")
        elif parent_name == name:
            errors.add("parent_name", "上级党组织不能是自己")
    term_years = data.get("term_years") or 3
    if isinstance(term_years, bool) or not isinstance(term_years, int) or not 1 <= term_years <= 5:
        errors.add("term_years", "任期应为1至5年的整数")
    today = clock.today()
    for field in ("founded_on", "last_election_on"):
        not_after_today(errors, field, data.get(field), today)
    secretary = _secretary(errors, data.get("secretary_id"), covered) if "secretary_id" in data else None
    errors.raise_if_any()

    values = {
        "level": level, "form": form, "region": region, "parent": parent, "term_years": term_years,
        "founded_on": data.get("founded_on"), "last_election_on": data.get("last_election_on"),
        "weak_and_lax": bool(data.get("weak_and_lax", False)),
    }
    if "secretary_id" in data:
        values["secretary"] = secretary
    party_org, created, before = keyed_upsert(actor, PartyOrganization, key={"name": name}, values=values,
                                              existing=existing, snapshot_of=party_organization_snapshot)
    if set(party_org.covered_organizations.values_list("pk", flat=True)) != {o.pk for o in covered}:
        party_org.covered_organizations.set(covered)
    actor.written(party_org)
    audit_record(action="party_organization.upsert", actor=actor, object_type="PartyOrganization", object_id=party_org.pk,
                 changes=changes_between(before, party_organization_snapshot(party_org)))
    return party_org, created


def _secretary(errors: FieldErrors, member_id, covered) -> Member | None:
    """The secretary: a member of one of the covered organizations (None clears it)."""
    if member_id in (None, ""):
        return None
    if isinstance(member_id, bool) or not isinstance(member_id, int):
        errors.add("secretary_id", "书记应为党员编号")
        return None
    member = Member.objects.filter(pk=member_id, organization__in=covered).first()
    if member is None:
        errors.add("secretary_id", f"党员 {member_id} 不在所覆盖的社会组织中")
    return member
