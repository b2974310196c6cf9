"""Solar figures of a report period: energy per month (metered where a reading covers it)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Case, Count, FloatField, IntegerField, Q, Sum, When
from django.db.models import Value as V
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, ExtractDay
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


def _whole_period(start: dt.date, end: dt.date) -> Q:
    """Operating on every day of the period (see installations_operating)."""
    return Q(commissioned_on__lte=start) & (
        Q(decommissioned_on__isnull=True) | Q(decommissioned_on__gte=end)
    )


@dataclass(frozen=True)
class _CountedGroup:
    """Unmetered systems of one (building type, village), summed by the database."""

    building_type: str
    village: str
    count: int
    kwp: float
    added: int
    kwp_added: float
    whole_kwp: float  # of the systems that operated the whole period
    whole: dict[int, float]  # calendar month (0 = January) -> kWh of those systems
    part: list[float]  # each period month's kWh of the others, pro-rated by operating day


def _operating_days(first: dt.date, last: dt.date) -> Case:
    """The days of ``first`` – ``last`` (within one month) a system operated, in the database."""
    opens = Case(
        When(commissioned_on__gt=first, then=ExtractDay("commissioned_on")), default=V(first.day)
    )
    closes = Case(
        When(decommissioned_on__lt=last, then=ExtractDay("decommissioned_on")),
        default=V(last.day),
    )
    return Case(
        When(Q(commissioned_on__gt=last) | Q(decommissioned_on__lt=first), then=V(0)),
        default=closes - opens + V(1),
        output_field=IntegerField(),
    )


def _counted_groups(
    start: dt.date, end: dt.date, months: list[dt.date]
) -> tuple[list[_CountedGroup], list[int]]:
    """The systems without a reading in the period, summed in the database by (building type,
    village): a system that operated the whole period gives its estimate's months; one
    commissioned or decommissioned within it, each month's estimate times its operating days
    over the month's days. Also the ids of those without an estimate."""
    readings = MeterReading.objects.filter(period_end__gte=start, period_start__lte=end)
    unmetered = installations_operating(start=start, end=end).exclude(
        pk__in=readings.values("installation_id")
    )
    whole = _whole_period(start, end)
    added = Q(commissioned_on__gte=start, commissioned_on__lte=end)

    def estimate(index: int) -> Cast:
        return Cast(KeyTextTransform(str(index), "estimate__monthly_kwh"), FloatField())

    indexes = sorted({m.month - 1 for m in months})
    sums = {f"w{i}": Sum(estimate(i), filter=whole) for i in indexes}
    for k, first in enumerate(months):
        days = _operating_days(max(first, start), min(month_end(first), end))
        energy = estimate(first.month - 1) * Cast(days, FloatField())
        sums[f"p{k}"] = Sum(energy, filter=~whole)
    grouped = (
        unmetered.order_by()
        .values_list("building_type", "village__moo")
        .annotate(
            n=Count("id"),
            kwp=Sum("capacity_kwp"),
            n_added=Count("id", filter=added),
            kwp_added=Sum("capacity_kwp", filter=added),
            kwp_whole=Sum("capacity_kwp", filter=whole),
            **sums,
        )
        .order_by("building_type", "village__moo")
    )
    rows = []
    for row in grouped:
        whole_sums, part_sums = row[7 : 7 + len(indexes)], row[7 + len(indexes) :]
        rows.append(
            _CountedGroup(
                building_type=str(row[0]),
                village=str(row[1]) if row[1] else "",
                count=int(row[2]),
                kwp=float(row[3] or 0),
                added=int(row[4]),
                kwp_added=float(row[5] or 0),
                whole_kwp=float(row[6] or 0),
                whole={i: float(v or 0.0) for i, v in zip(indexes, whole_sums, strict=True)},
                part=[
                    float(v or 0.0) / month_end(first).day
                    for first, v in zip(months, part_sums, strict=True)
                ],
            )
        )
    without = list(unmetered.filter(estimate__isnull=True).values_list("pk", flat=True))
    return rows, without


def solar_figures(*, start: dt.date, end: dt.date, grid_factors: list[Factor]) -> SolarFigures:
    """Everything the report says about rooftop solar between ``start`` and ``end``.

    Systems without a meter reading in the period (nearly all) are summed by the database, those
    commissioned or decommissioned within it pro-rated by operating day there too; the metered
    ones are pro-rated by day here, one by one, reading by reading.
    """
    months = month_starts(start, end)
    counted, counted_without = _counted_groups(start, end, months)
    readings = MeterReading.objects.filter(period_end__gte=start, period_start__lte=end)
    wanted = SolarInstallation.objects.filter(pk__in=readings.values("installation_id"))
    estimates = dict(
        InstallationEstimate.objects.filter(installation__in=wanted).values_list(
            "installation_id", "monthly_kwh"
        )
    )
    systems: dict[int, _System] = {}
    for inst in wanted.select_related("village").order_by("id"):
        systems[inst.pk] = _System(inst, estimates.get(inst.pk))
    for reading in readings.order_by("installation_id", "period_start"):
        if reading.installation_id in systems:
            systems[reading.installation_id].readings.append(reading)
    operating = set(
        installations_operating(start=start, end=end)
        .filter(pk__in=wanted.values("pk"))
        .values_list("pk", flat=True)
    )

    fleet: MonthEnergy = defaultdict(float)
    by_type: dict[str, _Group] = defaultdict(_Group)
    by_village: dict[str, _Group] = defaultdict(_Group)
    operating_count = 0
    kwp_operating = kwp_added = 0.0
    added = 0
    full_year_kwh = full_year_kwp = 0.0
    no_estimate: list[int] = list(counted_without)
    for row in counted:
        count, kwp = row.count, row.kwp
        groups = (by_type[row.building_type], by_village[row.village])
        operating_count += count
        kwp_operating += kwp
        added += row.added
        kwp_added += row.kwp_added
        whole_kwh = part_kwh = 0.0
        for first, part in zip(months, row.part, strict=True):
            whole = row.whole[first.month - 1]
            fleet[(first, True)] += 0.0
            fleet[(first, False)] += whole + part
            whole_kwh += whole
            part_kwh += part
            for group in groups:
                group.energy[(first, True)] += 0.0
                group.energy[(first, False)] += whole + part
        full_year_kwh += whole_kwh
        full_year_kwp += row.whole_kwp
        for group in groups:
            group.count += count
            group.kwp += kwp
            group.kwh += whole_kwh + part_kwh
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
        "without_estimate": sorted(no_estimate),
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
