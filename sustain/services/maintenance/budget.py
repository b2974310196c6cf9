"""The maintenance budget: planned replacements and average corrective costs, by fiscal year
(1 October – 30 September) and budget line. Computed from the records each time, never stored.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from django.db.models import Max, Min, QuerySet
from django.utils.translation import gettext as _

from sustain.core import schedule, thaidates
from sustain.models import (
    BudgetLine,
    BuildingType,
    InstallationStatus,
    ReplacementBasis,
    ReplacementRule,
    SiteType,
    SolarInstallation,
    UnitCost,
    WastePoint,
    WastePointKind,
    WorkOrder,
    WorkOrderStatus,
)

HISTORY_YEARS = 3  # complete fiscal years of repairs averaged for the corrective forecast
BAHT = Decimal("0.01")


@dataclass(frozen=True)
class ReplacementDue:
    """One component of one site reaching the end of its life in a forecast year."""

    fiscal_year_ce: int
    due_on: dt.date
    overdue: bool  # its life ended before the forecast starts and no replacement is recorded
    site_type: str
    site_id: int
    site_name: str
    rule_id: int
    rule_name: str
    budget_line: str
    quantity: Decimal
    unit: str
    unit_cost_thb: Decimal | None  # None: no unit cost valid on that day
    cost_thb: Decimal
    cost_source: str
    cost_needs_verification: bool


@dataclass(frozen=True)
class CorrectiveAverage:
    """Done repairs of one kind of site on one budget line, per site and year."""

    site_type: str
    kind: str
    kind_label: str
    budget_line: str
    history_start: dt.date
    history_end: dt.date  # exclusive
    cost_thb: Decimal
    site_years: float
    per_site_year_thb: Decimal


@dataclass(frozen=True)
class ForecastLine:
    fiscal_year_ce: int
    budget_line: str
    replacements_thb: Decimal
    corrective_thb: Decimal

    @property
    def fiscal_year_be(self) -> int:
        return thaidates.be_year(self.fiscal_year_ce)

    @property
    def total_thb(self) -> Decimal:
        return self.replacements_thb + self.corrective_thb


@dataclass(frozen=True)
class BudgetForecast:
    today: dt.date
    fiscal_years_ce: tuple[int, ...]
    lines: tuple[ForecastLine, ...]  # every (year, budget line), zeros included
    replacements: tuple[ReplacementDue, ...]
    corrective: tuple[CorrectiveAverage, ...]
    history_start: dt.date | None  # None: no done repair with a cost yet
    history_end: dt.date | None
    unknown_age_sites: int  # sites a rule applies to whose start day is unknown
    missing_costs: tuple[str, ...]  # rules without a unit cost valid on a due day

    def year_total(self, fiscal_year_ce: int) -> Decimal:
        return sum(
            (line.total_thb for line in self.lines if line.fiscal_year_ce == fiscal_year_ce),
            Decimal(0),
        )


@dataclass(frozen=True)
class _Site:
    site_type: str
    site_id: int
    name: str
    kind: str
    start: dt.date | None
    capacity_kwp: Decimal
    battery_kwh: Decimal | None


def _sites() -> list[_Site]:
    sites = [
        _Site(SiteType.WASTE_POINT, p.pk, p.name, p.kind, p.installed_on, Decimal(0), None)
        for p in WastePoint.objects.filter(active=True).only("id", "name", "kind", "installed_on")
    ]
    installations = SolarInstallation.objects.filter(status=InstallationStatus.OPERATING).only(
        "id", "name", "building_type", "commissioned_on", "capacity_kwp", "battery_kwh"
    )
    sites += [
        _Site(
            SiteType.INSTALLATION,
            i.pk,
            i.name,
            i.building_type,
            i.commissioned_on,
            i.capacity_kwp,
            i.battery_kwh,
        )
        for i in installations
    ]
    return sites


class _Sized(Protocol):
    """What a replacement rule looks at: one site (``_Site``) or sites alike (``_SiteGroup``)."""

    @property
    def site_type(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def capacity_kwp(self) -> Decimal: ...
    @property
    def battery_kwh(self) -> Decimal | None: ...


def _applies(rule: ReplacementRule, site: _Sized) -> bool:
    if rule.site_type != site.site_type:
        return False
    kind = rule.waste_point_kind or rule.building_type
    if kind and kind != site.kind:
        return False
    return rule.basis != ReplacementBasis.PER_BATTERY_KWH or bool(site.battery_kwh)


def _quantity(rule: ReplacementRule, site: _Sized) -> tuple[Decimal, str]:
    if rule.basis == ReplacementBasis.PER_KWP:
        return site.capacity_kwp, "kWp"
    if rule.basis == ReplacementBasis.PER_BATTERY_KWH:
        return site.battery_kwh or Decimal(0), "kWh"
    return Decimal(1), _("site")


def _unit_cost(costs: list[UnitCost], day: dt.date) -> UnitCost | None:
    """The row valid on ``day``: the latest ``valid_from`` on or before it."""
    valid = [cost for cost in costs if cost.valid_from <= day]
    return max(valid, key=lambda cost: cost.valid_from) if valid else None


def _replacements(
    first_day: dt.date, last_day: dt.date
) -> tuple[list[ReplacementDue], int, set[str]]:
    rules = list(ReplacementRule.objects.filter(active=True).prefetch_related("unit_costs"))
    replaced: dict[tuple[str, int, int], dt.date] = {
        (
            SiteType.WASTE_POINT if row["waste_point_id"] else SiteType.INSTALLATION,
            row["waste_point_id"] or row["installation_id"],
            row["replacement_id"],
        ): row["last"]
        for row in WorkOrder.objects.filter(status=WorkOrderStatus.DONE, replacement__isnull=False)
        .values("waste_point_id", "installation_id", "replacement_id")
        .annotate(last=Max("closed_on"))
    }
    out: list[ReplacementDue] = []
    unknown, missing = 0, set()
    for site in _sites():
        for rule in rules:
            if not _applies(rule, site):
                continue
            start = replaced.get((site.site_type, site.site_id, rule.pk)) or site.start
            if start is None:
                unknown += 1
                continue
            due = schedule.add_years(start, rule.lifetime_years)
            overdue = due < first_day
            if overdue:
                due = first_day  # assumed replaced at the start of the forecast
            quantity, unit = _quantity(rule, site)
            costs = list(rule.unit_costs.all())
            while due <= last_day:
                cost = _unit_cost(costs, due)
                if cost is None:
                    missing.add(rule.name_th)
                out.append(
                    ReplacementDue(
                        fiscal_year_ce=schedule.fiscal_year_of(due),
                        due_on=due,
                        overdue=overdue,
                        site_type=site.site_type,
                        site_id=site.site_id,
                        site_name=site.name,
                        rule_id=rule.pk,
                        rule_name=rule.name_th,
                        budget_line=rule.budget_line,
                        quantity=quantity,
                        unit=unit,
                        unit_cost_thb=cost.unit_cost_thb if cost else None,
                        cost_thb=(quantity * cost.unit_cost_thb).quantize(BAHT, ROUND_HALF_UP)
                        if cost
                        else Decimal(0),
                        cost_source=cost.source if cost else "",
                        cost_needs_verification=cost.needs_verification if cost else False,
                    )
                )
                due, overdue = schedule.add_years(due, rule.lifetime_years), False
    return out, unknown, missing


def _forecast_line(year: int, line: str, planned: Decimal, repairs: Decimal) -> ForecastLine:
    """One year's budget line: the repairs' estimate rounded to the satang."""
    return ForecastLine(
        fiscal_year_ce=year,
        budget_line=line,
        replacements_thb=planned,
        corrective_thb=repairs.quantize(BAHT, ROUND_HALF_UP),
    )


def _forecast_span(today: dt.date, years: int) -> tuple[tuple[int, ...], dt.date, dt.date]:
    """The ``years`` fiscal years after today's (1 to 20), with the first one's first day and the
    last one's last day."""
    if not 1 <= years <= 20:
        raise ValueError(f"years must be from 1 to 20, got {years}")
    current = schedule.fiscal_year_of(today)
    fiscal_years = tuple(range(current + 1, current + 1 + years))
    first_day = schedule.fiscal_year_span(fiscal_years[0])[0]
    last_day = schedule.fiscal_year_span(fiscal_years[-1])[1]
    return fiscal_years, first_day, last_day


def _done_repairs(start: dt.date, end: dt.date) -> QuerySet[WorkOrder]:
    """Done work orders with a cost that are not replacements, closed from ``start`` to before
    ``end``: what the corrective average is made of."""
    return WorkOrder.objects.filter(
        status=WorkOrderStatus.DONE,
        replacement__isnull=True,
        cost_thb__isnull=False,
        closed_on__gte=start,
        closed_on__lt=end,
    )


def _history_window(today: dt.date) -> tuple[dt.date, dt.date] | None:
    """Up to HISTORY_YEARS complete fiscal years before today's, from the first work order on;
    the current year so far when there is no complete year yet."""
    first = WorkOrder.objects.aggregate(first=Min("opened_on"))["first"]
    if first is None:
        return None
    end = schedule.fiscal_year_span(schedule.fiscal_year_of(today))[0]
    start = max(
        schedule.fiscal_year_span(schedule.fiscal_year_of(first))[0],
        dt.date(end.year - HISTORY_YEARS, 10, 1),
    )
    if start >= end:
        return end, today + dt.timedelta(days=1)
    return start, end


def _site_years(sites: list[_Site], start: dt.date, end: dt.date) -> float:
    """[years] the sites were in place during [start, end); a site of unknown age counts fully."""
    total = 0.0
    for site in sites:
        begin = max(start, site.start) if site.start else start
        if begin < end:
            total += schedule.years_between(begin, end)
    return total


def _corrective(today: dt.date) -> tuple[list[CorrectiveAverage], dt.date | None, dt.date | None]:
    window = _history_window(today)
    if window is None:
        return [], None, None
    start, end = window
    sites_by_kind: dict[tuple[str, str], list[_Site]] = defaultdict(list)
    for site in _sites():
        sites_by_kind[(site.site_type, site.kind)].append(site)
    rows = (
        _done_repairs(start, end)
        .select_related("waste_point", "installation")
        .only("cost_thb", "budget_line", "waste_point__kind", "installation__building_type")
    )
    costs: dict[tuple[str, str, str], Decimal] = defaultdict(Decimal)
    for order in rows:
        if order.waste_point is not None:
            key = (SiteType.WASTE_POINT, order.waste_point.kind, order.budget_line)
        else:
            assert order.installation is not None
            key = (SiteType.INSTALLATION, order.installation.building_type, order.budget_line)
        costs[key] += order.cost_thb or Decimal(0)
    labels = {**dict(WastePointKind.choices), **dict(BuildingType.choices)}
    out = []
    for (site_type, kind, line), cost in sorted(costs.items()):
        site_years = _site_years(sites_by_kind[(site_type, kind)], start, end)
        per = Decimal(cost) / Decimal(str(site_years)) if site_years > 0 else Decimal(0)
        out.append(
            CorrectiveAverage(
                site_type=site_type,
                kind=kind,
                kind_label=str(labels.get(kind, kind)),
                budget_line=line,
                history_start=start,
                history_end=end,
                cost_thb=cost,
                site_years=round(site_years, 2),
                per_site_year_thb=per.quantize(BAHT, ROUND_HALF_UP),
            )
        )
    return out, start, end


def budget_forecast(*, today: dt.date, years: int = 3) -> BudgetForecast:
    """The next ``years`` fiscal years after today's: planned replacements plus the average
    corrective cost per site kind, by budget line.

    The corrective part of a year is each kind's cost per site-year (done repairs with a cost,
    not replacements, over up to three complete fiscal years) times the sites of that kind in
    place at the year's start (sites of unknown age count as in place).
    """
    fiscal_years, first_day, last_day = _forecast_span(today, years)
    replacements, unknown, missing = _replacements(first_day, last_day)
    corrective, history_start, history_end = _corrective(today)
    sites_by_kind: dict[tuple[str, str], list[_Site]] = defaultdict(list)
    for site in _sites():
        sites_by_kind[(site.site_type, site.kind)].append(site)
    lines = []
    for year in fiscal_years:
        year_start = schedule.fiscal_year_span(year)[0]
        for line in BudgetLine.values:
            planned = sum(
                (
                    r.cost_thb
                    for r in replacements
                    if r.fiscal_year_ce == year and r.budget_line == line
                ),
                Decimal(0),
            )
            repairs = Decimal(0)
            for average in corrective:
                if average.budget_line != line:
                    continue
                in_place = sum(
                    1
                    for s in sites_by_kind[(average.site_type, average.kind)]
                    if s.start is None or s.start < year_start
                )
                repairs += average.per_site_year_thb * in_place
            lines.append(_forecast_line(year, line, planned, repairs))
    return BudgetForecast(
        today=today,
        fiscal_years_ce=fiscal_years,
        lines=tuple(lines),
        replacements=tuple(sorted(replacements, key=lambda r: (r.due_on, r.site_name))),
        corrective=tuple(corrective),
        history_start=history_start,
        history_end=history_end,
        unknown_age_sites=unknown,
        missing_costs=tuple(sorted(missing)),
    )
