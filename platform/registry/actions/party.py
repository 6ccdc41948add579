from __future__ import annotations

from django.db import transaction

import clock
from audit.services import audit_record, changes_between

from ..models import Instructor, Member, PartyOrganization, SocialOrganization
from .common import FieldErrors, choice, keyed_upsert, not_after_today, region_by_code, snapshot

PARTY_FIELDS = ("level", "form", "term_years", "founded_on", "last_election_on", "weak_and_lax", "secretary_id")
NAME_MAX = 200


def party_organization_snapshot(party_org: PartyOrganization) -> dict:
    return snapshot(
        party_org, PARTY_FIELDS, region_code=party_org.region.code, parent_name=getattr(party_org.parent, "name", ""),
        covered_usccs=sorted(party_org.covered_organizations.values_list("uscc", flat=True)),
        instructor_ids=sorted(party_org.instructors.values_list("pk", flat=True)),
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
    A dispatched branch (``data["instructor_ids"]``: the instructors it is formed of) is checked
    by ``rules.check_dispatched_branch``, a temporary branch by ``rules.check_temporary_branch``
    on each organization it covers, when it is formed or its form, covered organizations or
    instructors change; a refusal names the clause.
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
    instructors = _instructors(actor, errors, data.get("instructor_ids"), existing)
    if form and form in (PartyOrganization.Form.DISPATCHED, PartyOrganization.Form.TEMPORARY) and not errors.errors:
        changed = (existing is None or existing.form != form
                   or set(existing.covered_organizations.values_list("pk", flat=True)) != {o.pk for o in covered}
                   or set(existing.instructors.values_list("pk", flat=True)) != {i.pk for i in instructors})
        if changed:
            _form_check(rules, errors, form, covered, instructors)
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
    if set(party_org.instructors.values_list("pk", flat=True)) != {i.pk for i in instructors}:
        party_org.instructors.set(instructors)
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


def _instructors(actor, errors: FieldErrors, ids, existing: PartyOrganization | None) -> list[Instructor]:
    """The instructors a dispatched branch is formed of: ``ids`` when given (instructors the actor
    can see), else those it had."""
    if ids in (None, ""):
        return list(existing.instructors.all()) if existing is not None else []
    values = ids if isinstance(ids, (list, tuple)) else [ids]
    try:
        wanted = list(dict.fromkeys(int(str(value)) for value in values))
    except ValueError:
        wanted = None
    found = list(actor.scoped(Instructor.objects.all()).filter(pk__in=wanted or [], pk__lt=2**31))
    if wanted is None or len(found) != len(wanted):
        errors.add("instructor_ids", "应为本省党建工作指导员的编号列表")
        return []
    return found


def _form_check(rules, errors: FieldErrors, form: str, covered: list, instructors: list) -> None:
    """The rules' decision on a dispatched or temporary branch of this composition."""
    from ..selectors import organization_facts

    today = clock.today()
    facts = tuple(organization_facts(organization=o, as_of=today) for o in covered)
    if form == PartyOrganization.Form.DISPATCHED:
        decisions = [rules.check_dispatched_branch(instructors=len(instructors), covered=facts)]
    else:
        decisions = [rules.check_temporary_branch(fact) for fact in facts]
    for decision in decisions:
        if not decision.value:
            for reason in decision.reasons:
                errors.add("covered_usccs" if form == PartyOrganization.Form.TEMPORARY else "form",
                           f"{reason.text}（{reason.clause}）")


@transaction.atomic
def party_organization_dissolve(*, actor, rules, party_organization: PartyOrganization, dissolved_on, reason: str
                                ) -> PartyOrganization:
    """Dissolve a Party organization on ``dissolved_on`` (e.g. a dispatched branch once the
    organizations it covers have built their own, 002 第十八条)."""
    actor.require_write()
    existing = actor.write_target(PartyOrganization, pk=party_organization.pk)
    errors = FieldErrors()
    today = clock.today()
    if dissolved_on is None:
        errors.add("dissolved_on", "请填写撤销日期")
    not_after_today(errors, "dissolved_on", dissolved_on, today)
    reason = str(reason or "").strip()
    if not reason or len(reason) > 500 or "\x00" in reason:
        errors.add("reason", "请说明撤销理由（不超过500字）")
    if existing.dissolved_on is not None:
        errors.add("dissolved_on", f"该党组织已于{existing.dissolved_on.isoformat()}撤销")
    errors.raise_if_any()
    before = party_organization_snapshot(existing)
    existing.dissolved_on = dissolved_on
    existing.save(update_fields=["dissolved_on", "updated"])
    audit_record(action="party_organization.dissolve", actor=actor, object_type="PartyOrganization",
                 object_id=existing.pk, changes={**changes_between(before, party_organization_snapshot(existing)),
                                                 "dissolved_on": dissolved_on.isoformat(), "reason": reason})
    return existing
