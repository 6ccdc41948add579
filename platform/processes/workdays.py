"""Working days by the official calendar (国务院办公厅 每年的部分节假日安排通知), 调休 included.

Sources, day by day:

1. the province's own table (``CalendarDay``: a date that is a holiday or a make-up working
   day, entered by the province's staff in the admin), for years the package does not cover
   yet or to correct it; a year the province has entered in full is a ``CalendarYear``;
2. the ``chinese-calendar`` package (PyPI ``chinesecalendar``) for the years it covers
   (2004–2026 in 1.11.0; its 2026 data agrees with 国办发明电〔2025〕7号);
3. otherwise Monday to Friday, and the answer says ``covered = False`` ("日历未覆盖"): pages
   show the flag beside the date and the reminders pass tells the administrators to enter
   that year.

Convention (issue 15): a period of N working days starting on day D counts D itself when D
is a working day and ends at the end of the Nth working day, so a notice published on
2026-09-30 for 5 working days ends on 2026-10-12 (30 Sep, 8, 9, 10 (make-up Saturday) and
12 Oct).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

import chinese_calendar
from chinese_calendar import constants as _package_days

UNCOVERED_LABEL = "日历未覆盖"
MAX_DAYS = 3660  # ten years of days: a longer period is a mistake in the input


@lru_cache(maxsize=1)
def package_years() -> frozenset[int]:
    """The years the installed chinese-calendar covers."""
    years = {day.year for day in _package_days.holidays} | {day.year for day in _package_days.workdays}
    return frozenset(range(min(years), max(years) + 1))


@dataclass(frozen=True)
class Span:
    start: dt.date
    days: int
    ends_on: dt.date
    covered: bool

    def to_dict(self) -> dict:
        return {"start": self.start.isoformat(), "days": self.days, "ends_on": self.ends_on.isoformat(),
                "covered": self.covered}


@dataclass(frozen=True)
class WorkingCalendar:
    """The calendar of one province: its table (``overrides``: date → is a working day) and the
    years it entered in full, over the package."""

    overrides: dict = field(default_factory=dict)
    entered_years: frozenset = frozenset()

    def is_covered(self, year: int) -> bool:
        return year in self.entered_years or year in package_years()

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        if day.year in package_years():
            return chinese_calendar.is_workday(day)
        return day.weekday() < 5

    def day_name(self, day: dt.date) -> str:
        """The holiday or make-up day's name where a source gives one."""
        if day.year in package_years():
            on_holiday, name = chinese_calendar.get_holiday_detail(day)
            if name:
                return str(name)
        return ""

    def add_working_days(self, start: dt.date, days: int) -> Span:
        """The end of a period of ``days`` working days starting on ``start`` (``start`` counts
        when it is a working day)."""
        if days < 1:
            raise ValueError("days must be at least 1")
        counted, day, covered = 0, start, True
        for _ in range(MAX_DAYS * 2):
            covered = covered and self.is_covered(day.year)
            if self.is_working_day(day):
                counted += 1
                if counted == days:
                    return Span(start, days, day, covered)
            day += dt.timedelta(days=1)
        raise ValueError("period too long")

    def working_days_until(self, after: dt.date, until: dt.date) -> int:
        """Working days in (after, until]: 1 when ``until`` is the next working day; 0 or less
        (minus the working days since) once ``until`` has passed."""
        if until <= after:
            return -sum(1 for offset in range(1, (after - until).days + 1)
                        if self.is_working_day(until + dt.timedelta(days=offset)))
        return sum(1 for offset in range(1, (until - after).days + 1)
                   if self.is_working_day(after + dt.timedelta(days=offset)))

    def covers_between(self, start: dt.date, end: dt.date) -> bool:
        return all(self.is_covered(year) for year in range(min(start, end).year, max(start, end).year + 1))


def calendar_days_added(start: dt.date, days: int) -> dt.date:
    return start + dt.timedelta(days=days)


def province_calendar() -> WorkingCalendar:
    """The current province's calendar (its table read from its schema)."""
    from .models import CalendarDay, CalendarYear

    overrides = dict(CalendarDay.objects.values_list("day", "working"))
    years = frozenset(CalendarYear.objects.values_list("year", flat=True))
    return WorkingCalendar(overrides=overrides, entered_years=years)
