"""Solar figures shown in several places, each computed by one function (reads only).

The public map and home page, the staff pages, the API and the annual report call these, so the
same question always gets the same number:

* which installations operate on a day or in a period, and their kWp (``installations_operating``,
  ``operating_capacity``, ``solar_totals``);
* the CO2e a system's typical year avoids (``typical_year_credit``), credited month by month
  with the grid factor valid on each month's first day, as the report credits energy.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext

from sustain import seed_words
from sustain.core.accounting import Factor, month_factor
from sustain.models import InstallationStatus, SolarInstallation
from sustain.models.common import shown_date

# --- Operating installations --------------------------------------------------------------------


def installations_operating(
    *, start: dt.date, end: dt.date | None = None
) -> QuerySet[SolarInstallation]:
    """Installations operating on at least one day from ``start`` to ``end`` (both inclusive;
    only ``start`` when ``end`` is not given).

    The one definition: not planned, commissioned on or before the last day, and not
    decommissioned before the first day (a system works on its decommissioning day).
    """
    last = start if end is None else end
    return (
        SolarInstallation.objects.exclude(status=InstallationStatus.PLANNED)
        .filter(commissioned_on__isnull=False, commissioned_on__lte=last)
        .filter(Q(decommissioned_on__isnull=True) | Q(decommissioned_on__gte=start))
    )


@dataclass(frozen=True)
class Capacity:
    """Installations operating on a day and their nameplate kWp."""

    on: dt.date
    installations: int
    kwp: Decimal


def operating_capacity(*, on: dt.date) -> Capacity:
    """How many installations operate on ``on``, and their kWp (see installations_operating)."""
    totals = installations_operating(start=on).aggregate(n=Count("id"), kwp=Sum("capacity_kwp"))
    return Capacity(on=on, installations=totals["n"], kwp=totals["kwp"] or Decimal(0))


def solar_totals(*, group_by: str, on: dt.date) -> list[dict[str, Any]]:
    """Per ``group_by`` value, the installations operating on ``on``: count, kWp, typical-year kWh
    and specific yield (kWh/kWp of those with an estimate)."""
    rows = (
        installations_operating(start=on)
        .values(group_by)
        .annotate(
            installations=Count("id"),
            total_kwp=Sum("capacity_kwp"),
            annual_kwh=Sum("estimate__annual_kwh"),
            estimated_kwp=Sum("capacity_kwp", filter=Q(estimate__isnull=False)),
        )
        .order_by(group_by)
    )
    return [
        {
            **row,
            "specific_yield": row["annual_kwh"] / float(row["estimated_kwp"])
            if row["annual_kwh"] and row["estimated_kwp"]
            else None,
        }
        for row in rows
    ]


# --- Avoided emissions of a typical year --------------------------------------------------------


def last_full_months(*, today: dt.date, count: int = 12) -> list[dt.date]:
    """The first days of the ``count`` calendar months before the one holding ``today``."""
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        months.append(dt.date(year, month, 1))
    return months[::-1]


def factor_note(factor: Factor) -> str:
    """A factor's value, validity and source in the page's language (BE years on Thai pages)."""
    return gettext("%(value)s %(unit)s (%(start)s – %(end)s; %(source)s)") % {
        "value": f"{factor.value:g}",
        "unit": factor.unit,
        "start": shown_date(factor.valid_from),
        "end": shown_date(factor.valid_to),
        "source": seed_words.text(factor.source),
    }


@dataclass(frozen=True)
class TypicalYearCredit:
    """The grid factors crediting a typical year laid over twelve months, each month with its
    ``accounting.month_factor`` (found once, then applied to every system)."""

    months: tuple[dt.date, ...]
    factors: tuple[Factor | None, ...]

    @functools.cached_property  # asked once per system on the map: found once
    def complete(self) -> bool:
        """Every month has a grid factor (otherwise no figure: a gap, never a zero)."""
        return all(f is not None for f in self.factors)

    @functools.cached_property
    def note(self) -> str:
        """The factors used, each with its value, validity and source."""
        return "; ".join(factor_note(f) for f in dict.fromkeys(self.factors) if f is not None)

    @functools.cached_property
    def _weights(self) -> tuple[tuple[int, ...], tuple[float, ...]] | None:
        """Which calendar month (0-11) each credited month reads, and its factor's value."""
        if not self.complete:
            return None
        values = tuple(f.value for f in self.factors if f is not None)
        return tuple(m.month - 1 for m in self.months), values

    def avoided_kgco2e(self, monthly_kwh: Sequence[float]) -> float | None:
        """CO2e avoided by a typical year of ``monthly_kwh`` (January first) [kgCO2e]: each
        credited month's kWh × its factor, summed in the months' order."""
        weights = self._weights
        if weights is None:
            return None
        months, values = weights
        return sum(map(operator.mul, map(monthly_kwh.__getitem__, months), values))


def typical_year_credit(*, today: dt.date, grid_factors: Sequence[Factor]) -> TypicalYearCredit:
    """What the map, the API and the staff pages credit as "CO2e avoided per year": the typical
    year laid over the last 12 full months, each credited with the grid factor valid on its first
    day. For a system that worked through those months without a meter reading, the report of
    those months (``accounting.solar_avoided``) gives the same figure.
    """
    months = tuple(last_full_months(today=today))
    return TypicalYearCredit(
        months=months, factors=tuple(month_factor(grid_factors, month=m) for m in months)
    )
