"""The registration hand-off (what each event checks and opens) and the reminder settings."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping


@dataclass(frozen=True)
class RegistrationCheck:
    """A check of a registration event: ``check(rules, facts, party, as_of)`` → True/False/None,
    ``party`` being the event's ``party`` object as sent (a mapping)."""

    key: str
    text: str
    clause: str
    check: Callable[[Any, Any, Mapping, Any], "bool | None"] = field(compare=False, repr=False)


@dataclass(frozen=True)
class CaseOpening:
    """Open a case of ``process`` for the organization when ``when`` (a registration check's
    signature) answers True; ``data`` is put on the case."""

    process: str
    when: Callable[[Any, Any, Mapping, Any], "bool | None"] = field(compare=False, repr=False)
    reason: str = ""
    clause: str = ""
    data: Callable[[Any, Any, Mapping, Any], dict] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class RegistrationEvent:
    event: str
    checks: tuple[RegistrationCheck, ...] = ()
    opens: tuple[CaseOpening, ...] = ()


@dataclass(frozen=True)
class ReminderSettings:
    """When reminders are sent. Defaults are the engine's (本模块设定); a province changes them
    in its module."""

    term_renewal_days: tuple[int, ...] = (90, 30)       # days before a term ends (and once overdue)
    case_deadline_working_days: tuple[int, ...] = (7, 3, 1)  # working days before a stage is due
    review_days: tuple[int, ...] = (90, 30)             # days before a review is due (and once overdue)
    training_missing_from: tuple[int, int] = (11, 1)    # (month, day) from which a missing training is reminded
    meetings_from_month_of_quarter: int = 3             # 三会一课 behind: reminded from this month of the quarter
    meeting_kinds: tuple[str, ...] = ("general_meeting", "committee_meeting", "group_meeting", "theme_day")
    report_due_days: tuple[int, ...] = (10, 3)          # days before a reporting period ends without its report
    clause: str = "本模块设定"
