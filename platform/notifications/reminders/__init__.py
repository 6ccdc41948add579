"""The reminders pass of one province at one date: what is due, to whom, once.

Kinds (each names what is due, the clause, and a link):

- ``term_renewal``: a Party organization's term ends in 90 or 30 days, or has ended (the
  rules' ``term_renewal_due``);
- ``three_meetings``: 三会一课 behind the quarter's share of the year's requirement, from the
  quarter's last month;
- ``secretary_training``: the secretary has not had the year's required training by
  1 November;
- ``case_deadline``: a case's stage is due in 7, 3 or 1 working days, or is overdue;
- ``rectification_deadline``: the same for a rectification stage;
- ``review_due``: a case's periodic review is due in 90 or 30 days, or overdue;
- ``report_due``: a task taking progress reports per month or quarter has no report for the
  current period, 10 or 3 days before the period ends;
- ``follow_up``: a case in a stage followed up regularly (``Stage.follow_up``) has had no
  follow-up entry for the stage's number of days;
- ``report_missing``: a case in a stage with a report action (a monthly check, a quarterly
  evaluation) passed the last full month or quarter without that report;
- ``calendar_uncovered``: a deadline falls in a year no calendar covers, or the next year is
  not covered from 1 November: the administrators are asked to enter it.

The days are the province's (``rules.reminder_settings()``). A reminder is sent once per
(kind, subject, period), the period naming the threshold crossed (``2026-10-12:3``), so a
pass run again, by beat or by ``reminders_run``, sends nothing new.
"""
from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from ..models import ReminderSent
from ..services import notify
from .common import Due, administrators, organization_people, stage_people
from .processes import (
    calendar_uncovered, case_deadlines, follow_ups_missing, reports_due, reports_missing, reviews_due,
)
from .registry import secretary_trainings, term_renewals, three_meetings

__all__ = [
    "KINDS", "KIND_NAMES", "Due", "administrators", "calendar_uncovered", "case_deadlines", "collect",
    "follow_ups_missing", "organization_people", "reminders_run", "reports_due", "reports_missing", "reviews_due",
    "secretary_trainings", "stage_people", "term_renewals", "three_meetings",
]

KINDS = ("term_renewal", "three_meetings", "secretary_training", "case_deadline", "rectification_deadline",
         "review_due", "report_due", "follow_up", "report_missing", "calendar_uncovered")
KIND_NAMES = {
    "term_renewal": "党组织换届", "three_meetings": "三会一课", "secretary_training": "书记培训",
    "case_deadline": "办理期限", "rectification_deadline": "整改期限", "review_due": "定期复查",
    "report_due": "进展报告", "follow_up": "联系指导", "report_missing": "定期报告",
    "calendar_uncovered": "工作日历",
}


def collect(rules, as_of: dt.date) -> list[Due]:
    from processes.workdays import province_calendar

    calendar = province_calendar()
    return (term_renewals(rules, as_of) + three_meetings(rules, as_of) + secretary_trainings(rules, as_of)
            + case_deadlines(rules, as_of, calendar) + reviews_due(rules, as_of) + reports_due(rules, as_of)
            + follow_ups_missing(rules, as_of) + reports_missing(rules, as_of) + calendar_uncovered(rules, as_of, calendar))


def reminders_run(*, rules, as_of: dt.date) -> dict[str, int]:
    """Send what is due and not yet sent; the count of new reminders per kind."""
    counts = dict.fromkeys(KINDS, 0)
    for due in collect(rules, as_of):
        try:
            with transaction.atomic():
                _, created = ReminderSent.objects.get_or_create(
                    kind=due.kind, subject=due.subject, period=due.period,
                    defaults={"sent_on": as_of, "recipients": len(due.users)})
                if not created:
                    continue
                notify(users=due.users, kind=due.kind, title=due.title, body=due.body, clause=due.clause, link=due.link)
        except IntegrityError:  # a pass running at the same moment sent it
            continue
        counts[due.kind] += 1
    return counts
