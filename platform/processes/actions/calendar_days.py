"""The province's working-day table: a year entered in full from the State Council's notice."""
from __future__ import annotations

import datetime as dt

from django.db import transaction

from accounts.actors import Actor
from audit.services import audit_record

from ..models import CalendarDay, CalendarYear
from .common import Errors


@transaction.atomic
def calendar_year_enter(*, actor: Actor, year: int, source: str, holidays, workdays) -> CalendarYear:
    """Enter ``year``: ``holidays`` and ``workdays`` (make-up working days) as ``[(date, name)]``;
    replaces what the table held for that year."""
    errors = Errors()
    if not source or len(source) > 200:
        errors.add("source", "请填写依据（国务院办公厅通知文号）")
    days = {}
    for field, entries, working in (("holidays", holidays, False), ("workdays", workdays, True)):
        for day, name in entries:
            if not isinstance(day, dt.date) or day.year != year:
                errors.add(field, f"{day}不是{year}年的日期")
            elif day in days:
                errors.add(field, f"{day.isoformat()}既是放假日又是上班日")
            else:
                days[day] = (working, name)
    errors.raise_if_any()
    CalendarDay.objects.filter(day__year=year).delete()
    CalendarDay.objects.bulk_create(CalendarDay(day=day, working=working, name=name[:50])
                                    for day, (working, name) in sorted(days.items()))
    entered, _ = CalendarYear.objects.update_or_create(year=year, defaults={"source": source, "entered_by": actor.name[:150]})
    audit_record(action="calendar.year_enter", actor=actor, object_type="CalendarYear", object_id=year,
                 changes={"source": source, "holidays": len(holidays), "workdays": len(workdays)})
    return entered
