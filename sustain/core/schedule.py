"""Maintenance date arithmetic (pure, no Django): next due dates, seasonal windows, due buckets.

A site's next visit is due ``interval_days`` after its last visit. A seasonal window (for example
"clean the panels between 1 December and 31 January, before the smoke months of February–April")
adds a deadline: each year the site needs one visit inside the window, so the window's end is a
due date unless the latest visit already falls inside that year's window. Windows may wrap over
New Year. Dates are local calendar days (Asia/Bangkok); nothing here knows about time zones.
"""

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class Bucket(StrEnum):
    """Where a due date falls, seen from ``today``."""

    OVERDUE = "overdue"  # due before today
    WEEK = "week"  # today up to the Sunday of this (Monday-first) week
    MONTH = "month"  # after this week, up to the last day of this month
    LATER = "later"


@dataclass(frozen=True)
class SeasonalWindow:
    """Once a year, a visit between (start_month, start_day) and (end_month, end_day), inclusive.

    ``end`` before ``start`` in the calendar means the window wraps over New Year (1 Dec – 31 Jan).
    29 February is read as 28 February in common years.
    """

    start_month: int
    start_day: int
    end_month: int
    end_day: int
    label: str = ""

    def __post_init__(self) -> None:
        for month, day in ((self.start_month, self.start_day), (self.end_month, self.end_day)):
            if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(2024, month)[1]:
                raise ValueError(f"not a day of the year: month {month}, day {day}")

    @property
    def wraps(self) -> bool:
        return (self.end_month, self.end_day) < (self.start_month, self.start_day)

    def occurrence(self, start_year: int) -> tuple[dt.date, dt.date]:
        """The window that opens in ``start_year``: (first day, last day)."""
        start = _day_in(start_year, self.start_month, self.start_day)
        end = _day_in(start_year + (1 if self.wraps else 0), self.end_month, self.end_day)
        return start, end

    def first_opening_after(self, day: dt.date) -> tuple[dt.date, dt.date]:
        """The first window that opens strictly after ``day``."""
        for year in (day.year, day.year + 1):
            start, end = self.occurrence(year)
            if start > day:
                return start, end
        raise AssertionError("a yearly window always opens within a year")  # pragma: no cover

    def current_or_next(self, day: dt.date) -> tuple[dt.date, dt.date]:
        """The window containing ``day``, or else the next one to open."""
        for year in (day.year - 1, day.year, day.year + 1):
            start, end = self.occurrence(year)
            if end >= day:
                return start, end
        raise AssertionError("a yearly window always ends within two years")  # pragma: no cover


def _day_in(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Due:
    """When a site's next visit is due and why (``window`` is None for the plain interval)."""

    due_on: dt.date
    window: SeasonalWindow | None = None
    window_opens_on: dt.date | None = None
    never_visited: bool = False


def next_due(
    *,
    last_visit: dt.date | None,
    interval_days: int,
    windows: tuple[SeasonalWindow, ...] = (),
    today: dt.date,
) -> Due:
    """The next due date of a site.

    Parameters
    ----------
    last_visit : the latest inspection (or verification) day, None when never visited.
    interval_days : [days] between routine visits, at least 1.
    windows : seasonal windows; each needs one visit inside it every year.
    today : the local day the answer is for (a fixed day in tests).

    A site never visited is due today. A seasonal window counts as done when the latest visit
    lies inside it; otherwise its deadline is the end of the first window that opens after the
    latest visit (so a visit in November does not count for a December–January cleaning). The
    earliest of the interval and the windows wins; on a tie the window names the reason.
    """
    if interval_days < 1:
        raise ValueError(f"interval_days must be at least 1, got {interval_days}")
    if last_visit is None:
        best = Due(due_on=today, never_visited=True)
    else:
        best = Due(due_on=last_visit + dt.timedelta(days=interval_days))
    for window in windows:
        if last_visit is None:
            opens, closes = window.current_or_next(today)
        else:
            opens, closes = window.first_opening_after(last_visit)
        if closes <= best.due_on:
            best = Due(
                due_on=closes,
                window=window,
                window_opens_on=opens,
                never_visited=best.never_visited,
            )
    return best


def bucket(due_on: dt.date, *, today: dt.date) -> Bucket:
    """Overdue, this week (Monday–Sunday), this month, or later."""
    if due_on < today:
        return Bucket.OVERDUE
    week_end = today + dt.timedelta(days=6 - today.weekday())
    if due_on <= week_end:
        return Bucket.WEEK
    month_end = _day_in(today.year, today.month, 31)
    if due_on <= month_end:
        return Bucket.MONTH
    return Bucket.LATER


def fiscal_year_of(day: dt.date) -> int:
    """The Thai fiscal year containing ``day``, by its CE end year (FY 2570 BE ends in 2027)."""
    return day.year + 1 if day.month >= 10 else day.year


def fiscal_year_span(fiscal_year_ce: int) -> tuple[dt.date, dt.date]:
    """First and last day of the fiscal year ending in ``fiscal_year_ce``: 1 Oct – 30 Sep."""
    return dt.date(fiscal_year_ce - 1, 10, 1), dt.date(fiscal_year_ce, 9, 30)


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later (29 February becomes 28 February in common years)."""
    return _day_in(day.year + years, day.month, day.day)


def years_between(start: dt.date, end: dt.date) -> float:
    """[years] from ``start`` to ``end``, counting 365.25 days a year."""
    return (end - start).days / 365.25
