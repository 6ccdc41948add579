from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction

from ..models import Activity, ActivityKind, Attendance, Member, PartyOrganization, Training
from .common import FieldErrors, choice


@transaction.atomic
def activity_record(
    *, party_organization: PartyOrganization, kind: str, held_on: dt.date, title: str = "", attendee_ids=()
) -> Activity:
    """Record a meeting or activity with the members who attended."""
    errors = FieldErrors()
    kind = choice(errors, "kind", kind, ActivityKind.choices)
    if held_on > dt.date.today():
        errors.add("held_on", "活动日期不能晚于今天")
    attendee_ids = list(dict.fromkeys(attendee_ids))
    found = set(Member.objects.filter(pk__in=attendee_ids).values_list("pk", flat=True))
    if len(found) != len(attendee_ids):
        errors.add("attendee_ids", f"参加人员中有{len(attendee_ids) - len(found)}人不在本省党员库中")
    errors.raise_if_any()
    activity = Activity.objects.create(party_organization=party_organization, kind=kind, held_on=held_on, title=title)
    Attendance.objects.bulk_create(Attendance(activity=activity, member_id=pk) for pk in attendee_ids)
    return activity


def training_record(*, member: Member, title: str, started_on: dt.date, days, concentrated: bool = True) -> Training:
    errors = FieldErrors()
    try:
        days = Decimal(str(days))
        if not Decimal("0.5") <= days <= Decimal("365"):
            errors.add("days", "培训天数应在0.5至365之间")
    except InvalidOperation:
        errors.add("days", "培训天数应为数字")
    if not (title or "").strip():
        errors.add("title", "培训名称不能为空")
    errors.raise_if_any()
    return Training.objects.create(member=member, title=title.strip(), started_on=started_on, days=days, concentrated=concentrated)
