"""Avoided-emissions accounting: pure functions over quantities and dated factors.

Avoided emissions are *information items* (GHG Protocol for Cities): they are reported beside an
inventory, labelled "avoided", and never subtracted from one. Every figure keeps its provenance:
the quantity, the factor key, value, unit, validity and source.

Sign conventions, as the factors are stored in their sources:

* grid electricity factors are emission intensities (kgCO2e/kWh, positive); a kWh of rooftop PV
  avoids ``kwh * value`` kgCO2e;
* recycling (US EPA WARM) and composting-instead-of-dumping factors are net changes
  (kgCO2e/kg, negative = reduction); diverting ``mass_kg`` avoids ``-mass_kg * value`` kgCO2e.

Which waste is credited: recyclable materials sold to a recycler (credit by the material's
recycling factor) and organic materials composted (credit by the material's composting factor).
General and hazardous waste, and anything landfilled, are counted but never credited. A material
that should be credited but has no factor (or none valid that month) is a *gap*: its avoided figure
is ``None``, never zero.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypedDict

GRID_ELECTRICITY = "grid_electricity"  # the key of the grid factors that credit PV energy


class FactorRecord(TypedDict):
    """A factor as reports and pages cite it (dates as ISO text, ``None`` for an open end)."""

    key: str
    value: float
    unit: str
    valid_from: str | None
    valid_to: str | None
    source: str
    needs_verification: bool
    name: str  # as stored (seeded in English); pages name the factor by it, the API by its key


@dataclass(frozen=True)
class Factor:
    """One dated emission factor row, as stored (validity ends inclusive, either may be open)."""

    key: str
    value: float
    unit: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    source: str
    needs_verification: bool = False
    name: str = ""

    def covers(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def overlaps(self, start: dt.date, end: dt.date) -> bool:
        """Whether the factor is valid on any day from ``start`` to ``end`` (inclusive)."""
        return (self.valid_from is None or self.valid_from <= end) and (
            self.valid_to is None or self.valid_to >= start
        )

    def provenance(self) -> FactorRecord:
        return {
            "key": self.key,
            "value": self.value,
            "unit": self.unit,
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "source": self.source,
            "needs_verification": self.needs_verification,
            "name": self.name,
        }

    def note(self) -> str:
        """One line naming the factor, its value, validity and source (for popups and pages)."""
        validity = f"{self.valid_from or '…'} – {self.valid_to or '…'}"
        return f"{self.key} = {self.value:g} {self.unit} ({validity}; {self.source})"


def factor_on(factors: Iterable[Factor], *, key: str, day: dt.date) -> Factor | None:
    """The factor ``key`` valid on ``day``; the latest start wins if (wrongly) two overlap.

    The one rule for "the factor valid on a date": the database query, the map, the API and the
    report all come here.
    """
    matching = [f for f in factors if f.key == key and f.covers(day)]
    matching.sort(key=lambda f: f.valid_from or dt.date.min)
    return matching[-1] if matching else None


def factors_in_force(factors: Iterable[Factor], *, start: dt.date, end: dt.date) -> list[Factor]:
    """Every factor valid on at least one day from ``start`` to ``end``, in the order given."""
    return [f for f in factors if f.overlaps(start, end)]


# --- Solar -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EnergyMonth:
    """Energy of one system (or a group) in one calendar month; ``month`` is its first day."""

    month: dt.date
    kwh: float
    metered: bool


@dataclass(frozen=True)
class SolarLine:
    """kWh credited with one grid factor (one line per factor valid in the period)."""

    factor: Factor | None
    months: tuple[str, ...]
    kwh: float
    metered_kwh: float
    estimated_kwh: float
    avoided_kgco2e: float | None


@dataclass(frozen=True)
class SolarAccount:
    lines: tuple[SolarLine, ...]
    kwh: float
    metered_kwh: float
    estimated_kwh: float
    avoided_kgco2e: float
    uncredited_kwh: float  # months with no grid factor (a gap, reported)

    @property
    def metered_share(self) -> float | None:
        return self.metered_kwh / self.kwh if self.kwh else None


@dataclass
class _Tally:
    months: set[str] = field(default_factory=set)
    metered: float = 0.0
    estimated: float = 0.0


def month_key(month: dt.date) -> str:
    """``YYYY-MM`` of a month (as the figures name months)."""
    return f"{month.year:04d}-{month.month:02d}"


def month_factor(
    grid_factors: Iterable[Factor], *, month: dt.date, key: str = GRID_ELECTRICITY
) -> Factor | None:
    """The grid factor that credits a month's PV energy: the one valid on the month's first day.

    The one rule for crediting PV energy, month by month: ``solar_avoided`` (the report's fleet
    and groups) and the typical-year figure of the map, the API and the staff pages use it.
    """
    return factor_on(grid_factors, key=key, day=month.replace(day=1))


def solar_avoided(
    *, months: Sequence[EnergyMonth], grid_factors: Sequence[Factor], key: str = GRID_ELECTRICITY
) -> SolarAccount:
    """Avoided CO2e of PV energy: each month's kWh times its ``month_factor``."""
    factor_of = {
        day: month_factor(grid_factors, month=day, key=key) for day in {m.month for m in months}
    }
    groups: dict[Factor | None, _Tally] = {}
    for item in sorted(months, key=lambda m: m.month):
        tally = groups.get(factor := factor_of[item.month])
        if tally is None:
            tally = groups[factor] = _Tally()
        tally.months.add(month_key(item.month))
        if item.metered:
            tally.metered += item.kwh
        else:
            tally.estimated += item.kwh
    lines = []
    for factor, tally in groups.items():
        kwh = tally.metered + tally.estimated
        lines.append(
            SolarLine(
                factor=factor,
                months=tuple(sorted(tally.months)),
                kwh=kwh,
                metered_kwh=tally.metered,
                estimated_kwh=tally.estimated,
                avoided_kgco2e=kwh * factor.value if factor else None,
            )
        )
    lines.sort(key=lambda line: line.months[0] if line.months else "")
    return SolarAccount(
        lines=tuple(lines),
        kwh=sum(line.kwh for line in lines),
        metered_kwh=sum(line.metered_kwh for line in lines),
        estimated_kwh=sum(line.estimated_kwh for line in lines),
        avoided_kgco2e=sum(line.avoided_kgco2e or 0.0 for line in lines),
        uncredited_kwh=sum(line.kwh for line in lines if line.factor is None),
    )


# --- Waste -------------------------------------------------------------------------------------

STREAM_GENERAL, STREAM_ORGANIC, STREAM_RECYCLABLE, STREAM_HAZARDOUS = (
    "general",
    "organic",
    "recyclable",
    "hazardous",
)
DEST_SOLD, DEST_COMPOSTED = "sold", "composted"


@dataclass(frozen=True)
class WasteFlow:
    """Mass of one material that went to one destination in one month."""

    month: dt.date
    material_code: str
    stream: str
    destination: str
    mass_kg: float
    factor_key: str


@dataclass(frozen=True)
class WasteLine:
    material_code: str
    destination: str
    mass_kg: float
    credited: bool
    reason: str  # why it is (not) credited, in plain words (English; translated for display)
    factor: Factor | None
    avoided_kgco2e: float | None  # None = a gap (should be credited, no factor)


@dataclass
class WasteAccount:
    lines: list[WasteLine] = field(default_factory=list)

    @property
    def avoided_kgco2e(self) -> float:
        return sum(line.avoided_kgco2e or 0.0 for line in self.lines)

    @property
    def gaps(self) -> list[WasteLine]:
        return [line for line in self.lines if line.credited and line.avoided_kgco2e is None]

    @property
    def mass_kg(self) -> float:
        return sum(line.mass_kg for line in self.lines)


def credit_rule(*, stream: str, destination: str) -> tuple[bool, str]:
    """Whether diverted waste of ``stream`` sent to ``destination`` earns a credit, and why."""
    if stream == STREAM_RECYCLABLE and destination == DEST_SOLD:
        return True, "recycled: credited by the material's recycling factor"
    if stream == STREAM_ORGANIC and destination == DEST_COMPOSTED:
        return True, "composted: credited by the material's composting factor"
    if stream == STREAM_HAZARDOUS:
        return False, "hazardous waste: counted, not credited"
    if stream == STREAM_GENERAL:
        return False, "general waste: counted, not credited"
    return False, "not diverted (disposed): counted, not credited"


def waste_avoided(*, flows: Sequence[WasteFlow], factors: Sequence[Factor]) -> WasteAccount:
    """Avoided CO2e per material and destination (and per factor, when one changes mid-period)."""
    totals: dict[tuple[str, str, Factor | None, bool, str], float] = defaultdict(float)
    for flow in flows:
        credited, reason = credit_rule(stream=flow.stream, destination=flow.destination)
        factor = None
        if credited:
            if flow.factor_key:
                factor = factor_on(factors, key=flow.factor_key, day=flow.month)
            if factor is None:
                reason = "gap: should be credited, but the material has no emission factor"
        totals[(flow.material_code, flow.destination, factor, credited, reason)] += flow.mass_kg
    account = WasteAccount()
    for (code, destination, factor, credited, reason), mass in sorted(
        totals.items(), key=lambda item: (item[0][0], item[0][1], str(item[0][2]))
    ):
        avoided = -mass * factor.value if (credited and factor is not None) else None
        if not credited:
            avoided = 0.0
        account.lines.append(
            WasteLine(
                material_code=code,
                destination=destination,
                mass_kg=mass,
                credited=credited,
                reason=reason,
                factor=factor,
                avoided_kgco2e=avoided,
            )
        )
    return account


def share(part: float, whole: float) -> float | None:
    """``part / whole``, or None when there is no whole (never a made-up zero)."""
    return part / whole if whole else None
