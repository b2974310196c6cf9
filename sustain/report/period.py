"""A report's period: a Thai fiscal year (1 Oct – 30 Sep, named by its BE year) or a calendar
year; and the calendar arithmetic the figures share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sustain.core.thaidates import BE_OFFSET_YEARS, be_year, fiscal_year_bounds, fiscal_year_ce
from sustain.models import PeriodBasis
from sustain.report.schema import PeriodFigures


@dataclass(frozen=True)
class Period:
    basis: str
    year_be: int
    start: dt.date
    end: dt.date

    @classmethod
    def of(cls, *, basis: str, year_be: int) -> Period:
        if basis == PeriodBasis.FISCAL:
            start, end = fiscal_year_bounds(year_be)
        else:
            year = year_be - BE_OFFSET_YEARS
            start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        return cls(basis=str(basis), year_be=year_be, start=start, end=end)

    def previous(self) -> Period:
        return Period.of(basis=self.basis, year_be=self.year_be - 1)

    def as_dict(self) -> PeriodFigures:
        return {
            "basis": self.basis,
            "year_be": self.year_be,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
        }


def last_closed_year_be(*, basis: str, today: dt.date) -> int:
    """The most recent period that has ended: the default report to make."""
    if basis == PeriodBasis.FISCAL:
        return be_year(fiscal_year_ce(today)) - 1
    return be_year(today.year) - 1


def month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    """The first day of every calendar month from ``start``'s to ``end``'s."""
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months


def month_end(first: dt.date) -> dt.date:
    following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def overlap_days(a_start: dt.date, a_end: dt.date, b_start: dt.date, b_end: dt.date) -> int:
    """Days two inclusive date ranges share."""
    return max(0, (min(a_end, b_end) - max(a_start, b_start)).days + 1)
