"""Due-date arithmetic with a fixed "today": intervals, seasonal windows, buckets, fiscal years."""

import datetime as dt

import pytest

from sustain.core import schedule
from sustain.core.schedule import Bucket, SeasonalWindow

D = dt.date
# Clean the panels between 1 December and 31 January, before the smoke months (February–April).
PRE_SMOKE = SeasonalWindow(12, 1, 1, 31, label="clean before the smoke season")


def test_interval_counts_from_the_last_visit():
    due = schedule.next_due(last_visit=D(2026, 1, 15), interval_days=90, today=D(2026, 3, 1))
    assert due.due_on == D(2026, 4, 15)
    assert due.window is None and not due.never_visited


def test_interval_across_a_leap_day():
    due = schedule.next_due(last_visit=D(2028, 2, 1), interval_days=30, today=D(2028, 2, 2))
    assert due.due_on == D(2028, 3, 2)  # 2028 is a leap year: February has 29 days


def test_never_visited_is_due_today():
    due = schedule.next_due(last_visit=None, interval_days=180, today=D(2026, 6, 10))
    assert due.due_on == D(2026, 6, 10) and due.never_visited


def test_interval_must_be_positive():
    with pytest.raises(ValueError, match="at least 1"):
        schedule.next_due(last_visit=None, interval_days=0, today=D(2026, 1, 1))


def test_window_wraps_over_new_year():
    assert PRE_SMOKE.wraps
    assert PRE_SMOKE.occurrence(2025) == (D(2025, 12, 1), D(2026, 1, 31))
    assert not SeasonalWindow(3, 1, 4, 30).wraps


def test_seasonal_deadline_beats_a_later_interval():
    # Visited in early November: the routine 180-day visit would be in May, after the smoke.
    due = schedule.next_due(
        last_visit=D(2025, 11, 5), interval_days=180, windows=(PRE_SMOKE,), today=D(2025, 11, 20)
    )
    assert due.due_on == D(2026, 1, 31)
    assert due.window == PRE_SMOKE and due.window_opens_on == D(2025, 12, 1)


def test_a_visit_before_the_window_does_not_count_for_it():
    # 30 November is before the window opens: the cleaning is still due by 31 January.
    due = schedule.next_due(
        last_visit=D(2025, 11, 30), interval_days=365, windows=(PRE_SMOKE,), today=D(2025, 12, 1)
    )
    assert due.due_on == D(2026, 1, 31)


def test_a_visit_inside_the_window_satisfies_this_year():
    due = schedule.next_due(
        last_visit=D(2026, 1, 10), interval_days=365, windows=(PRE_SMOKE,), today=D(2026, 1, 11)
    )
    assert due.due_on == D(2027, 1, 10)  # the interval; next window closes 31 Jan 2027
    assert due.window is None
    later = schedule.next_due(
        last_visit=D(2026, 1, 10), interval_days=400, windows=(PRE_SMOKE,), today=D(2026, 1, 11)
    )
    assert later.due_on == D(2027, 1, 31) and later.window == PRE_SMOKE


def test_a_missed_window_stays_overdue_until_a_visit():
    due = schedule.next_due(
        last_visit=D(2025, 10, 1), interval_days=365, windows=(PRE_SMOKE,), today=D(2026, 3, 15)
    )
    assert due.due_on == D(2026, 1, 31)
    assert schedule.bucket(due.due_on, today=D(2026, 3, 15)) == Bucket.OVERDUE


def test_a_never_visited_site_gets_the_current_window():
    due = schedule.next_due(
        last_visit=None, interval_days=30, windows=(PRE_SMOKE,), today=D(2026, 1, 20)
    )
    assert due.due_on == D(2026, 1, 20) and due.never_visited  # today beats 31 January
    long = schedule.next_due(
        last_visit=None,
        interval_days=30,
        windows=(SeasonalWindow(3, 1, 3, 31),),
        today=D(2026, 1, 20),
    )
    assert long.due_on == D(2026, 1, 20)


def test_on_a_tie_the_window_names_the_reason():
    due = schedule.next_due(
        last_visit=D(2025, 11, 1), interval_days=91, windows=(PRE_SMOKE,), today=D(2025, 11, 2)
    )
    assert due.due_on == D(2026, 1, 31) and due.window == PRE_SMOKE


def test_29_february_in_a_common_year():
    window = SeasonalWindow(2, 1, 2, 29)
    assert window.occurrence(2027) == (D(2027, 2, 1), D(2027, 2, 28))
    assert window.occurrence(2028) == (D(2028, 2, 1), D(2028, 2, 29))
    with pytest.raises(ValueError, match="not a day"):
        SeasonalWindow(2, 30, 3, 1)
    with pytest.raises(ValueError, match="not a day"):
        SeasonalWindow(13, 1, 1, 1)


@pytest.mark.parametrize(
    ("due_on", "expected"),
    [
        (D(2026, 11, 30), Bucket.OVERDUE),  # yesterday
        (D(2026, 12, 2), Bucket.WEEK),  # today, Wednesday
        (D(2026, 12, 6), Bucket.WEEK),  # Sunday: the end of this week
        (D(2026, 12, 7), Bucket.MONTH),  # next Monday
        (D(2026, 12, 31), Bucket.MONTH),
        (D(2027, 1, 1), Bucket.LATER),
    ],
)
def test_buckets_from_a_wednesday(due_on, expected):
    assert schedule.bucket(due_on, today=D(2026, 12, 2)) == expected


def test_a_week_that_runs_into_next_month_is_this_week():
    # Thursday 29 October 2026: the week ends on Sunday 1 November.
    assert schedule.bucket(D(2026, 11, 1), today=D(2026, 10, 29)) == Bucket.WEEK
    assert schedule.bucket(D(2026, 11, 2), today=D(2026, 10, 29)) == Bucket.LATER


@pytest.mark.parametrize(
    ("day", "fiscal_year_ce"),
    [
        (D(2026, 9, 30), 2026),
        (D(2026, 10, 1), 2027),
        (D(2026, 12, 31), 2027),
        (D(2027, 1, 1), 2027),
    ],
)
def test_fiscal_year_boundaries(day, fiscal_year_ce):
    assert schedule.fiscal_year_of(day) == fiscal_year_ce


def test_fiscal_year_span_and_years():
    assert schedule.fiscal_year_span(2027) == (D(2026, 10, 1), D(2027, 9, 30))  # FY 2570 BE
    assert schedule.add_years(D(2024, 2, 29), 12) == D(2036, 2, 29)
    assert schedule.add_years(D(2024, 2, 29), 1) == D(2025, 2, 28)
    assert schedule.years_between(D(2024, 10, 1), D(2025, 10, 1)) == pytest.approx(365 / 365.25)
