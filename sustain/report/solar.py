"""Solar figures of a report period: energy per month (metered where a reading covers it)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation

from sustain.core.accounting import EnergyMonth, Factor, solar_avoided
from sustain.models import InstallationEstimate, MeterReading, SolarInstallation
from sustain.report.period import month_end, month_starts, overlap_days
from sustain.report.schema import SolarFigures, SolarGroup, Underperformer
from sustain.services.figures import installations_operating
from sustain.services.public_points import installation_name

MonthEnergy = dict[tuple[dt.date, bool], float]  # (month, metered) -> kWh


@dataclass
class _System:
    installation: SolarInstallation
    monthly_kwh: list[float] | None
    readings: list[MeterReading] = field(default_factory=list)


@dataclass
class _Group:
    count: int = 0
    kwp: float = 0.0
    kwh: float = 0.0
    energy: MonthEnergy = field(default_factory=lambda: defaultdict(float))


def _span(inst: SolarInstallation, start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The days of the period an operating installation worked (see installations_operating)."""
    assert inst.commissioned_on is not None  # installations_operating requires it
    last = min(end, inst.decommissioned_on) if inst.decommissioned_on else end
    return max(start, inst.commissioned_on), last


def _system_months(
    system: _System, span: tuple[dt.date, dt.date], months: list[dt.date]
) -> list[tuple[dt.date, float, float]]:
    """(month, metered kWh, estimated kWh) of one system: readings pro-rated by day, the estimate
    for the operating days no reading covers."""
    rows = []
    for first in months:
        last = month_end(first)
        operating = overlap_days(first, last, *span)
        if not operating:
            continue
        metered, covered = 0.0, 0
        for reading in system.readings:
            days = overlap_days(first, last, reading.period_start, reading.period_end)
            if days:
                length = (reading.period_end - reading.period_start).days + 1
                metered += float(reading.energy_kwh) * days / length
                covered += days
        uncovered = max(0, operating - covered)
        estimated = 0.0
        if uncovered and system.monthly_kwh is not None:
            estimated = system.monthly_kwh[first.month - 1] * uncovered / last.day
        rows.append((first, metered, estimated))
    return rows


def _avoided(energy: MonthEnergy, grid_factors: list[Factor]) -> float:
    months = [
        EnergyMonth(month=m, kwh=kwh, metered=metered) for (m, metered), kwh in energy.items()
    ]
    return solar_avoided(months=months, grid_factors=grid_factors).avoided_kgco2e


def _group_rows(groups: Iterable[tuple[str, _Group]], factors: list[Factor]) -> list[SolarGroup]:
    return [
        {
            "key": key,
            "count": g.count,
            "kwp": g.kwp,
            "kwh": g.kwh,
            "avoided_kgco2e": _avoided(g.energy, factors),
        }
        for key, g in groups
    ]


def solar_figures(*, start: dt.date, end: dt.date, grid_factors: list[Factor]) -> SolarFigures:
    """Everything the report says about rooftop solar between ``start`` and ``end``."""
    months = month_starts(start, end)
    estimates = dict(InstallationEstimate.objects.values_list("installation_id", "monthly_kwh"))
    systems: dict[int, _System] = {}
    for inst in SolarInstallation.objects.select_related("village").order_by("id"):
        systems[inst.pk] = _System(inst, estimates.get(inst.pk))
    for reading in MeterReading.objects.filter(
        period_end__gte=start, period_start__lte=end
    ).order_by("installation_id", "period_start"):
        if reading.installation_id in systems:
            systems[reading.installation_id].readings.append(reading)
    operating = set(installations_operating(start=start, end=end).values_list("pk", flat=True))

    fleet: MonthEnergy = defaultdict(float)
    by_type: dict[str, _Group] = defaultdict(_Group)
    by_village: dict[str, _Group] = defaultdict(_Group)
    operating_count = 0
    kwp_operating = kwp_added = 0.0
    added = 0
    full_year_kwh = full_year_kwp = 0.0
    no_estimate: list[int] = []
    for system in systems.values():
        inst = system.installation
        if inst.pk not in operating:
            continue
        span = _span(inst, start, end)
        kwp = float(inst.capacity_kwp)
        operating_count += 1
        kwp_operating += kwp
        if inst.commissioned_on and start <= inst.commissioned_on <= end:
            added += 1
            kwp_added += kwp
        if system.monthly_kwh is None:
            no_estimate.append(inst.pk)
        groups = (
            by_type[inst.building_type],
            by_village[str(inst.village.moo) if inst.village else ""],
        )
        kwh = 0.0
        for first, metered, estimated in _system_months(system, span, months):
            fleet[(first, True)] += metered
            fleet[(first, False)] += estimated
            kwh += metered + estimated
            for group in groups:
                group.energy[(first, True)] += metered
                group.energy[(first, False)] += estimated
        if span == (start, end):
            full_year_kwh += kwh
            full_year_kwp += kwp
        for group in groups:
            group.count += 1
            group.kwp += kwp
            group.kwh += kwh

    account = solar_avoided(
        months=[EnergyMonth(month=m, kwh=v, metered=metered) for (m, metered), v in fleet.items()],
        grid_factors=grid_factors,
    )
    return {
        "installations_operating": operating_count,
        "kwp_operating": kwp_operating,
        "installations_added": added,
        "kwp_added": kwp_added,
        "kwh": account.kwh,
        "metered_kwh": account.metered_kwh,
        "estimated_kwh": account.estimated_kwh,
        "metered_share": account.metered_share,
        "avoided_kgco2e": account.avoided_kgco2e,
        "uncredited_kwh": account.uncredited_kwh,
        "specific_yield_kwh_per_kwp": full_year_kwh / full_year_kwp if full_year_kwp else None,
        "monthly": [
            {
                "month": m.strftime("%Y-%m"),
                "metered_kwh": fleet.get((m, True), 0.0),
                "estimated_kwh": fleet.get((m, False), 0.0),
            }
            for m in months
        ],
        "by_building_type": _group_rows(sorted(by_type.items()), grid_factors),
        "by_village": _group_rows(
            sorted(by_village.items(), key=lambda kv: int(kv[0] or 0)), grid_factors
        ),
        "lines": [
            {
                "factor": line.factor.provenance() if line.factor else None,
                "months": list(line.months),
                "kwh": line.kwh,
                "metered_kwh": line.metered_kwh,
                "estimated_kwh": line.estimated_kwh,
                "avoided_kgco2e": line.avoided_kgco2e,
            }
            for line in account.lines
        ],
        "underperforming": _underperforming(systems, start, end),
        "without_estimate": no_estimate,
    }


def public_name(installation: SolarInstallation) -> str:
    """The public map's name, always in the site language: figures carry no page language."""
    with translation.override(settings.LANGUAGE_CODE):
        return installation_name(installation)


def _underperforming(
    systems: dict[int, _System], start: dt.date, end: dt.date
) -> list[Underperformer]:
    """Systems whose lowest reading in the period produced under PV_ALERT_RATIO of expected."""
    rows: list[Underperformer] = []
    for system in systems.values():
        ratios = [
            (r, r.performance_ratio)
            for r in system.readings
            if r.performance_ratio is not None
            and start <= r.period_end <= end
            and r.performance_ratio < settings.PV_ALERT_RATIO
        ]
        if not ratios:
            continue
        worst, ratio = min(ratios, key=lambda pair: (pair[1], pair[0].period_end))
        inst = system.installation
        rows.append(
            {
                "installation_id": inst.pk,
                "name": inst.name,  # staff only: removed from the public figures
                "public_name": public_name(inst),
                "village": inst.village.moo if inst.village else None,
                "kwp": float(inst.capacity_kwp),
                "ratio": ratio,
                "reading_end": worst.period_end.isoformat(),
                "readings_below": len(ratios),
            }
        )
    return rows
