"""The committees' decisions about one organization or Party organization, recorded on it:
the accepted reason for having no Party organization (Jilin's "无故", 002 第九条(三)), a
grade-cap exception (Anhui's "原则上", 004 一(七)), the term renewal (换届: election date and
term) and the weak-and-lax designation with its rectification (003 四, 004 一(三)).

The committees' staff only (``API_WRITE_ROLES``, within their region): an organization's
own secretary or liaison is the subject of these decisions, never their author.
"""
from __future__ import annotations

from django.db import transaction

import clock
from audit.services import audit_record, changes_between

from ..models import PartyOrganization, SocialOrganization, WeakAndLaxDesignation
from .checks import organization_referenced
from .common import FieldErrors, apply_changes, choice, not_after_today, referenced, snapshot

TEXT_MAX = 200  # the model's accepted_reason_for_no_party_org / grade_cap_exception
LONG_TEXT_MAX = 5000


def _organization_text_record(*, actor, data: dict, field: str, action: str, label: str) -> SocialOrganization:
    actor.require_write()
    organization = organization_referenced(actor, data.get("organization_uscc"))
    organization = actor.write_target(SocialOrganization, pk=organization.pk)
    errors = FieldErrors()
    text = (data.get(field) or "").strip()
    if len(text) > TEXT_MAX:
        errors.add(field, f"{label}不能超过{TEXT_MAX}字")
    errors.raise_if_any()
    before = snapshot(organization, (field,))
    apply_changes(organization, {field: text})
    audit_record(action=action, actor=actor, object_type="SocialOrganization", object_id=organization.uscc,
                 changes=changes_between(before, snapshot(organization, (field,))))
    return organization


@transaction.atomic
def accepted_reason_record(*, actor, rules, data: dict) -> SocialOrganization:
    """Record (or, with an empty text, clear) the committee's accepted reason why an
    organization has no Party organization (``data``: organization_uscc,
    accepted_reason_for_no_party_org). Jilin's 3A cap then does not hold (002 第九条(三))."""
    return _organization_text_record(actor=actor, data=data, field="accepted_reason_for_no_party_org",
                                     action="organization.accepted_reason", label="未建党组织的认可理由")


@transaction.atomic
def grade_cap_exception_record(*, actor, rules, data: dict) -> SocialOrganization:
    """Record (or clear) the committee's exception to a grade cap (``data``: organization_uscc,
    grade_cap_exception): Anhui's cap holds "原则上" (004 一(七))."""
    return _organization_text_record(actor=actor, data=data, field="grade_cap_exception",
                                     action="organization.grade_cap_exception", label="等级上限例外说明")


def _party_organization(actor, name) -> PartyOrganization:
    name = (name or "").strip()
    party_org = referenced(actor, PartyOrganization, "party_organization", f"党组织“{name}”不存在", name=name)
    return actor.write_target(PartyOrganization, pk=party_org.pk)


@transaction.atomic
def term_renewal_record(*, actor, rules, data: dict) -> PartyOrganization:
    """Record a Party organization's term renewal (换届) (``data``: party_organization (name),
    last_election_on, term_years)."""
    actor.require_write()
    party_org = _party_organization(actor, data.get("party_organization"))
    errors = FieldErrors()
    elected = data.get("last_election_on")
    if elected is None:
        errors.add("last_election_on", "换届日期不能为空")
    not_after_today(errors, "last_election_on", elected, clock.today(), "换届日期不能晚于今天")
    if elected and party_org.founded_on and elected < party_org.founded_on:
        errors.add("last_election_on", f"换届日期不能早于党组织成立日期（{party_org.founded_on:%Y-%m-%d}）")
    term_years = data.get("term_years") or party_org.term_years
    if isinstance(term_years, bool) or not isinstance(term_years, int) or not 1 <= term_years <= 5:
        errors.add("term_years", "任期应为1至5年的整数")
    errors.raise_if_any()
    fields = ("last_election_on", "term_years")
    before = snapshot(party_org, fields)
    apply_changes(party_org, {"last_election_on": elected, "term_years": term_years})
    audit_record(action="party_organization.term_renewal", actor=actor, object_type="PartyOrganization",
                 object_id=party_org.pk, changes=changes_between(before, snapshot(party_org, fields)))
    return party_org


DESIGNATION_FIELDS = ("designated_on", "problems", "measures", "deadline", "status", "result", "closed_on")


def _designation_snapshot(designation: WeakAndLaxDesignation) -> dict:
    return snapshot(designation, DESIGNATION_FIELDS, party_organization=designation.party_organization.name)


def _long_text(errors: FieldErrors, data: dict, field: str, label: str, *, required: bool) -> str:
    text = (data.get(field) or "").strip()
    if required and not text:
        errors.add(field, f"{label}不能为空")
    elif len(text) > LONG_TEXT_MAX:
        errors.add(field, f"{label}不能超过{LONG_TEXT_MAX}字")
    return text


@transaction.atomic
def weak_and_lax_designate(*, actor, rules, data: dict) -> WeakAndLaxDesignation:
    """Designate a Party organization weak and lax (``data``: party_organization (name),
    designated_on, problems, measures, deadline): it is rectified by the deadline. Sets the
    recorded finding the rules read (``PartyOrganization.weak_and_lax``); one open at a time."""
    actor.require_write()
    party_org = _party_organization(actor, data.get("party_organization"))
    errors = FieldErrors()
    if WeakAndLaxDesignation.objects.select_for_update().filter(
            party_organization=party_org, status=WeakAndLaxDesignation.Status.RECTIFYING).exists():
        errors.add("party_organization", f"{party_org.name}已认定为软弱涣散、正在整顿，请先验收上一次整顿")
    designated_on, deadline = data.get("designated_on"), data.get("deadline")
    if designated_on is None:
        errors.add("designated_on", "认定日期不能为空")
    not_after_today(errors, "designated_on", designated_on, clock.today(), "认定日期不能晚于今天")
    if deadline is None:
        errors.add("deadline", "整顿期限不能为空")
    elif designated_on and deadline <= designated_on:
        errors.add("deadline", "整顿期限应晚于认定日期")
    problems = _long_text(errors, data, "problems", "存在的问题", required=True)
    measures = _long_text(errors, data, "measures", "整顿措施", required=False)
    errors.raise_if_any()
    designation = WeakAndLaxDesignation.objects.create(
        party_organization=party_org, designated_on=designated_on, deadline=deadline, problems=problems, measures=measures)
    apply_changes(party_org, {"weak_and_lax": True})
    audit_record(action="weak_and_lax.designate", actor=actor, object_type="WeakAndLaxDesignation",
                 object_id=designation.pk, changes=changes_between(None, _designation_snapshot(designation)))
    return designation


@transaction.atomic
def weak_and_lax_rectification_close(*, actor, rules, designation: WeakAndLaxDesignation,
                                     data: dict) -> WeakAndLaxDesignation:
    """Close a rectification (``data``: status rectified or failed, result, closed_on). Rectified
    clears the Party organization's weak-and-lax finding; failed keeps it (a new designation
    with a new deadline follows)."""
    actor.require_write()
    designation = actor.write_target(WeakAndLaxDesignation, pk=designation.pk)
    errors = FieldErrors()
    status = choice(errors, "status", data.get("status"), WeakAndLaxDesignation.Status.choices)
    if status == WeakAndLaxDesignation.Status.RECTIFYING:
        errors.add("status", "请选择“整顿合格”或“整顿未达标”")
    if designation.status != WeakAndLaxDesignation.Status.RECTIFYING:
        errors.add("status", f"该次整顿已{designation.get_status_display()}")
    closed_on = data.get("closed_on")
    if closed_on is None:
        errors.add("closed_on", "验收日期不能为空")
    elif closed_on < designation.designated_on:
        errors.add("closed_on", "验收日期不能早于认定日期")
    not_after_today(errors, "closed_on", closed_on, clock.today(), "验收日期不能晚于今天")
    result = _long_text(errors, data, "result", "整顿结果", required=True)
    errors.raise_if_any()
    before = _designation_snapshot(designation)
    apply_changes(designation, {"status": status, "result": result, "closed_on": closed_on})
    if status == WeakAndLaxDesignation.Status.RECTIFIED:
        apply_changes(designation.party_organization, {"weak_and_lax": False})
    audit_record(action="weak_and_lax.close", actor=actor, object_type="WeakAndLaxDesignation", object_id=designation.pk,
                 changes=changes_between(before, _designation_snapshot(designation)))
    return designation
