from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction

import clock
from accounts.models import ORGANIZATION_REPORT_ROLES
from audit.services import audit_record, changes_between

from ..models import Activity, ActivityKind, Attendance, Member, PartyOrganization, Training
from .common import FieldErrors, choice, not_after_today, referenced, snapshot

TITLE_MAX = 200
MAX_ATTENDEES = 2000


@transaction.atomic
def activity_record(*, actor, rules, data: dict) -> Activity:
    """Record a meeting or activity of a Party organization with the members who attended
    (``data``: party_organization (name), kind, held_on, title, attendee_ids). The organization's
    secretary and liaison record their own Party organization's (``ORGANIZATION_REPORT_ROLES``)."""
    actor = actor.acting_as(ORGANIZATION_REPORT_ROLES)
    actor.require_write()
    name = (data.get("party_organization") or "").strip()
    party_organization = referenced(actor, PartyOrganization, "party_organization", f"党组织“{name}”不存在", name=name)
    attendee_ids = list(dict.fromkeys(data.get("attendee_ids") or ()))
    actor.references_check(Member, field="attendee_ids", key="pk", values=attendee_ids,
                           message=lambda hidden: f"参加人员中有{len(hidden)}人不在本省党员库中")
    errors = FieldErrors()
    kind = choice(errors, "kind", data.get("kind"), ActivityKind.choices)
    held_on = data.get("held_on")
    if held_on is None:
        errors.add("held_on", "活动日期不能为空")
    not_after_today(errors, "held_on", held_on, clock.today(), "活动日期不能晚于今天")
    title = (data.get("title") or "").strip()
    if len(title) > TITLE_MAX:
        errors.add("title", f"活动主题不能超过{TITLE_MAX}字")
    if len(attendee_ids) > MAX_ATTENDEES:
        errors.add("attendee_ids", f"参加人员不能超过{MAX_ATTENDEES}人")
    found = set(Member.objects.filter(pk__in=attendee_ids).values_list("pk", flat=True))
    if len(found) != len(attendee_ids):
        errors.add("attendee_ids", f"参加人员中有{len(attendee_ids) - len(found)}人不在本省党员库中")
    errors.raise_if_any()
    activity = Activity.objects.create(party_organization=party_organization, kind=kind, held_on=held_on, title=title)
    Attendance.objects.bulk_create(Attendance(activity=activity, member_id=pk) for pk in attendee_ids)
    audit_record(action="activity.record", actor=actor, object_type="Activity", object_id=activity.pk,
                 changes=changes_between(None, snapshot(activity, ("kind", "held_on", "title"),
                                                        party_organization=name, attendees=len(attendee_ids))))
    return activity


def training_days_clean(errors: FieldErrors, days) -> Decimal | None:
    try:
        days = Decimal(str(days))
    except (InvalidOperation, ValueError):
        errors.add("days", "培训天数应为数字")
        return None
    if not days.is_finite() or not Decimal("0.5") <= days <= Decimal("365"):
        errors.add("days", "培训天数应在0.5至365之间")
        return None
    return days


@transaction.atomic
def training_record(*, actor, rules, data: dict) -> Training:
    """Record a member's training (``data``: member_id, title, started_on, days, concentrated);
    the organization's secretary and liaison record their own members' trainings."""
    actor = actor.acting_as(ORGANIZATION_REPORT_ROLES)
    actor.require_write()
    member_id = data.get("member_id")
    member = referenced(actor, Member, "member_id", f"党员 {member_id} 不存在", pk=member_id)
    errors = FieldErrors()
    days = training_days_clean(errors, data.get("days"))
    title = (data.get("title") or "").strip()
    if not title:
        errors.add("title", "培训名称不能为空")
    elif len(title) > TITLE_MAX:
        errors.add("title", f"培训名称不能超过{TITLE_MAX}字")
    started_on = data.get("started_on")
    if started_on is None:
        errors.add("started_on", "培训开始日期不能为空")
    not_after_today(errors, "started_on", started_on, clock.today(), "培训日期不能晚于今天")
    errors.raise_if_any()
    training = Training.objects.create(member=member, title=title, started_on=started_on, days=days,
                                       concentrated=bool(data.get("concentrated", True)))
    audit_record(action="training.record", actor=actor, object_type="Training", object_id=training.pk,
                 changes=changes_between(None, snapshot(training, ("title", "started_on", "days", "concentrated"),
                                                        member_id=member.pk)))
    return training
