"""Solar figures of a report period: energy per month (metered where a reading covers it)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import translation

from sustain.accounting import EnergyMonth, Factor, factor_on, solar_avoided
from sustain.models import InstallationEstimate, InstallationStatus, MeterReading, SolarInstallation
from sustain.services.public import installation_name


def month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months


def month_end(first: dt.date) -> dt.date:
    following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def overlap_days(a_start: dt.date, a_end: dt.date, b_start: dt.date, b_end: dt.date) -> int:
    return max(0, (min(a_end, b_end) - max(a_start, b_start)).days + 1)


@dataclass
class _System:
    installation: SolarInstallation
    monthly_kwh: list[float] | None
    readings: list[MeterReading] = field(default_factory=list)


def _operating_span(
    inst: SolarInstallation, start: dt.date, end: dt.date
) -> tuple[dt.date, dt.date] | None:
    if inst.status == InstallationStatus.PLANNED or inst.commissioned_on is None:
        return None
    first = max(start, inst.commissioned_on)
    last = min(end, inst.decommissioned_on) if inst.decommissioned_on else end
    return (first, last) if first <= last else None


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


def solar_figures(*, start: dt.date, end: dt.date, grid_factors: list[Factor]) -> dict[str, Any]:
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

    month_factor = {m: factor_on(grid_factors, key="grid_electricity", day=m) for m in months}
    fleet: dict[tuple[dt.date, bool], float] = defaultdict(float)
    groups: dict[str, dict[str, dict[str, float]]] = {"building_type": {}, "village": {}}
    operating_count = 0
    kwp_operating = kwp_added = 0.0
    added = 0
    full_year_kwh = full_year_kwp = 0.0
    no_estimate: list[int] = []
    for system in systems.values():
        inst = system.installation
        span = _operating_span(inst, start, end)
        if span is None:
            continue
        kwp = float(inst.capacity_kwp)
        operating_count += 1
        kwp_operating += kwp
        if inst.commissioned_on and start <= inst.commissioned_on <= end:
            added += 1
            kwp_added += kwp
        if system.monthly_kwh is None:
            no_estimate.append(inst.pk)
        kwh = avoided = 0.0
        for first, metered, estimated in _system_months(system, span, months):
            fleet[(first, True)] += metered
            fleet[(first, False)] += estimated
            factor = month_factor[first]
            kwh += metered + estimated
            avoided += (metered + estimated) * factor.value if factor else 0.0
        if span == (start, end):
            full_year_kwh += kwh
            full_year_kwp += kwp
        village = f"{inst.village.moo}" if inst.village else ""
        for group, key in (("building_type", inst.building_type), ("village", village)):
            tally = groups[group].setdefault(
                key, {"count": 0, "kwp": 0.0, "kwh": 0.0, "avoided_kgco2e": 0.0}
            )
            tally["count"] += 1
            tally["kwp"] += kwp
            tally["kwh"] += kwh
            tally["avoided_kgco2e"] += avoided

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
        "by_building_type": [{"key": k, **v} for k, v in sorted(groups["building_type"].items())],
        "by_village": [
            {"key": k, **v}
            for k, v in sorted(groups["village"].items(), key=lambda kv: int(kv[0] or 0))
        ],
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
) -> list[dict[str, Any]]:
    """Systems whose lowest reading in the period produced under PV_ALERT_RATIO of expected."""
    rows = []
    for system in systems.values():
        ratios = [
            r
            for r in system.readings
            if r.performance_ratio is not None
            and start <= r.period_end <= end
            and r.performance_ratio < settings.PV_ALERT_RATIO
        ]
        if not ratios:
            continue
        worst = min(ratios, key=lambda r: (r.performance_ratio, r.period_end))
        inst = system.installation
        rows.append(
            {
                "installation_id": inst.pk,
                "name": inst.name,  # staff only: removed from the public figures
                "public_name": public_name(inst),
                "village": inst.village.moo if inst.village else None,
                "kwp": float(inst.capacity_kwp),
                "ratio": worst.performance_ratio,
                "reading_end": worst.period_end.isoformat(),
                "readings_below": len(ratios),
            }
        )
    return rows
