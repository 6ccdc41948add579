"""Working days by the official calendar: 2026 from chinese-calendar (checked against
国办发明电〔2025〕7号), the province's table for a year the package does not cover, and the
"日历未覆盖" flag where neither does."""
import datetime as dt

import pytest
from django_tenants.utils import schema_context

from accounts.actors import Actor
from processes.actions import calendar_year_enter
from processes.workdays import WorkingCalendar, package_years, province_calendar

D = dt.date
CAL = WorkingCalendar()


def test_the_issues_convention_a_notice_published_on_30_september_2026_for_5_working_days_ends_on_12_october():
    span = CAL.add_working_days(D(2026, 9, 30), 5)
    assert (span.ends_on, span.covered) == (D(2026, 10, 12), True)


def test_national_day_2026_is_off_from_1_to_7_october_and_saturday_10_october_is_a_make_up_working_day():
    assert not any(CAL.is_working_day(D(2026, 10, day)) for day in range(1, 8))
    assert CAL.is_working_day(D(2026, 10, 10))       # Saturday, 调休上班
    assert not CAL.is_working_day(D(2026, 10, 11))   # Sunday
    assert CAL.is_working_day(D(2026, 9, 20))        # Sunday, 调休上班 before 国庆


def test_a_period_starting_on_a_holiday_starts_counting_on_the_next_working_day():
    assert CAL.add_working_days(D(2026, 10, 1), 1).ends_on == D(2026, 10, 8)
    assert CAL.add_working_days(D(2026, 10, 1), 3).ends_on == D(2026, 10, 10)


def test_spring_festival_2026_is_off_from_15_to_23_february_with_saturdays_14_and_28_february_worked():
    assert CAL.is_working_day(D(2026, 2, 14))
    assert not any(CAL.is_working_day(D(2026, 2, day)) for day in range(15, 24))
    assert CAL.is_working_day(D(2026, 2, 28))
    # Friday 13 Feb, Saturday 14 (make-up), then Tuesday 24 Feb.
    assert CAL.add_working_days(D(2026, 2, 13), 3).ends_on == D(2026, 2, 24)


def test_labour_day_2026_is_off_from_1_to_5_may_with_saturday_9_may_worked():
    assert not any(CAL.is_working_day(D(2026, 5, day)) for day in range(1, 6))
    assert CAL.add_working_days(D(2026, 4, 30), 2).ends_on == D(2026, 5, 6)
    assert CAL.add_working_days(D(2026, 5, 6), 4).ends_on == D(2026, 5, 9)


def test_working_days_until_counts_the_days_after_today_up_to_the_date():
    assert CAL.working_days_until(D(2026, 10, 9), D(2026, 10, 12)) == 2   # 10 (Sat, worked) and 12
    assert CAL.working_days_until(D(2026, 10, 12), D(2026, 10, 12)) == 0
    assert CAL.working_days_until(D(2026, 10, 13), D(2026, 10, 12)) == -1


def test_a_year_the_package_does_not_cover_is_counted_on_weekdays_and_flagged_uncovered():
    assert 2026 in package_years() and 2030 not in package_years()
    span = CAL.add_working_days(D(2030, 9, 30), 5)  # Monday: no holidays known, so Mon-Fri
    assert (span.ends_on, span.covered) == (D(2030, 10, 4), False)
    # A period that starts in a covered year and ends in an uncovered one is uncovered too.
    assert not CAL.add_working_days(D(2026, 12, 30), 10).covered


def test_a_period_of_zero_working_days_is_refused():
    with pytest.raises(ValueError):
        CAL.add_working_days(D(2026, 1, 5), 0)


def test_the_provinces_table_covers_a_year_the_package_does_not(jilin):
    with schema_context("jilin"):
        calendar_year_enter(actor=Actor.system("test"), year=2030, source="国办发明电〔2029〕测试号",
                            holidays=[(D(2030, 10, day), "国庆节") for day in range(1, 8)],
                            workdays=[(D(2030, 9, 29), "国庆节调休上班"), (D(2030, 10, 12), "国庆节调休上班")])
        calendar = province_calendar()
        span = calendar.add_working_days(D(2030, 9, 27), 4)  # Fri 27, Sun 29 (worked), Mon 30, Tue 8 Oct
        assert (span.ends_on, span.covered) == (D(2030, 10, 8), True)
        assert calendar.is_working_day(D(2030, 10, 12))
    with schema_context("anhui"):  # one province's table is its own
        assert not province_calendar().is_covered(2030)
