"""The maintenance budget's yearly totals, summed from sites counted in the database.

The budget page lists every planned replacement (``budget.budget_forecast``); the annual report
needs only each year's total by budget line, which depends on a site's kind, start day and size
alone. So sites are counted in the database by those, and each group is priced once: the same
figures as the budget page's, at any number of sites (tests compare the two).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, F, IntegerField, Max, Q, QuerySet, Sum, When
from django.db.models import Value as V

from sustain.core import schedule
from sustain.models import (
    BudgetLine,
    InstallationStatus,
    ReplacementRule,
    SiteType,
    SolarInstallation,
    UnitCost,
    WastePoint,
    WorkOrder,
    WorkOrderStatus,
)
from sustain.services.maintenance.budget import (
    BAHT,
    ForecastLine,
    _applies,
    _done_repairs,
    _forecast_line,
    _forecast_span,
    _history_window,
    _quantity,
    _unit_cost,
)


@dataclass(frozen=True)
class BudgetTotals:
    """What the report shows of ``budget_forecast``: its lines and the rules without a cost."""

    fiscal_years_ce: tuple[int, ...]
    lines: tuple[ForecastLine, ...]  # every (year, budget line), zeros included
    missing_costs: tuple[str, ...]


@dataclass(frozen=True)
class _SiteGroup:
    """``count`` sites alike for the forecast; ``site_id`` names a site with replacements done."""

    site_type: str
    site_id: int | None
    kind: str
    start: dt.date | None
    capacity_kwp: Decimal
    battery_kwh: Decimal | None
    count: int


def _counted(sites: QuerySet, kind: str, start: str, alone: list[int], sizes: bool) -> QuerySet:
    number = IntegerField()
    site_id = (
        Case(When(pk__in=alone, then=F("pk")), output_field=number)
        if alone
        else V(None, output_field=number)
    )
    size = {"kwp": F("capacity_kwp"), "battery": F("battery_kwh")} if sizes else {}
    fields = ["site_id", "kind_", "start_", *size]
    return (
        sites.order_by()
        .annotate(site_id=site_id, kind_=F(kind), start_=F(start), **size)
        .values(*fields)
        .annotate(n=Count("id"))
        .values_list(*fields, "n")
    )


def _site_groups(
    replaced_ids: dict[str, list[int]], sized_until: dt.date | None
) -> tuple[list[_SiteGroup], list[_SiteGroup]]:
    """Active waste points and operating installations counted by kind and start day (for the
    repairs), and those a replacement may fall due for, counted by size as well: installations
    in place by ``sized_until`` (the last start day whose component life ends in the forecast;
    None: no rule for installations) or with a replacement done."""
    points = _counted(
        WastePoint.objects.filter(active=True),
        "kind",
        "installed_on",
        replaced_ids[SiteType.WASTE_POINT],
        sizes=False,
    )
    waste = [
        _SiteGroup(SiteType.WASTE_POINT, site_id, kind, start, Decimal(0), None, n)
        for site_id, kind, start, n in points
    ]
    operating = SolarInstallation.objects.filter(status=InstallationStatus.OPERATING)
    counted = _counted(operating, "building_type", "commissioned_on", [], sizes=False)
    all_sites = waste + [
        _SiteGroup(SiteType.INSTALLATION, None, kind, start, Decimal(0), None, n)
        for _, kind, start, n in counted
    ]
    sized: list[_SiteGroup] = []
    if sized_until is not None:
        alone = replaced_ids[SiteType.INSTALLATION]
        due = operating.filter(Q(commissioned_on__lte=sized_until) | Q(pk__in=alone))
        sized = [
            _SiteGroup(SiteType.INSTALLATION, site_id, kind, start, kwp, battery, n)
            for site_id, kind, start, kwp, battery, n in _counted(
                due, "building_type", "commissioned_on", alone, sizes=True
            )
        ]
    return all_sites, waste + sized


def _dues(
    rule: ReplacementRule, costs: list[UnitCost], start: dt.date, first: dt.date, last: dt.date
) -> list[tuple[int, Decimal | None]]:
    """(fiscal year, unit cost or None) of each replacement due from ``first`` to ``last`` of a
    component in place since ``start``: one whose life ended before ``first`` is due on it."""
    due = max(schedule.add_years(start, rule.lifetime_years), first)
    dues = []
    while due <= last:
        cost = _unit_cost(costs, due)
        dues.append((schedule.fiscal_year_of(due), cost.unit_cost_thb if cost else None))
        due = schedule.add_years(due, rule.lifetime_years)
    return dues


def _replacement_totals(
    first_day: dt.date, last_day: dt.date
) -> tuple[dict[tuple[int, str], Decimal], set[str], list[_SiteGroup]]:
    """(fiscal year, budget line) -> planned replacements [THB], as ``budget._replacements``."""
    rules = list(ReplacementRule.objects.filter(active=True).prefetch_related("unit_costs"))
    replaced: dict[tuple[str, int, int], dt.date] = {}
    for row in (
        WorkOrder.objects.filter(status=WorkOrderStatus.DONE, replacement__isnull=False)
        .values("waste_point_id", "installation_id", "replacement_id")
        .annotate(last=Max("closed_on"))
    ):
        kind_of_site = SiteType.WASTE_POINT if row["waste_point_id"] else SiteType.INSTALLATION
        site_id = row["waste_point_id"] or row["installation_id"]
        replaced[(kind_of_site, site_id, row["replacement_id"])] = row["last"]
    replaced_ids: dict[str, list[int]] = {SiteType.WASTE_POINT: [], SiteType.INSTALLATION: []}
    for site_type, site_id, _rule in sorted(replaced):
        if site_id not in replaced_ids[site_type]:
            replaced_ids[site_type].append(site_id)
    lifetimes = [rule.lifetime_years for rule in rules if rule.site_type == SiteType.INSTALLATION]
    sized_until = schedule.add_years(last_day, -min(lifetimes)) if lifetimes else None
    all_sites, groups = _site_groups(replaced_ids, sized_until)
    totals: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    missing: set[str] = set()
    for rule in rules:
        costs: list[UnitCost] = list(rule.unit_costs.all())
        dues_from: dict[dt.date, list[tuple[int, Decimal | None]]] = {}
        for group in groups:
            if not _applies(rule, group):
                continue
            start = group.start
            if group.site_id is not None:
                start = replaced.get((group.site_type, group.site_id, rule.pk)) or start
            if start is None:
                continue
            if start not in dues_from:  # many sites share a start day: its dues priced once
                dues_from[start] = _dues(rule, costs, start, first_day, last_day)
            quantity = _quantity(rule, group)[0]
            for fiscal_year, unit_cost in dues_from[start]:
                if unit_cost is None:
                    missing.add(rule.name_th)
                    continue
                each = (quantity * unit_cost).quantize(BAHT, ROUND_HALF_UP)
                totals[(fiscal_year, rule.budget_line)] += each * group.count
    return totals, missing, all_sites


def _corrective_per_site_year(
    today: dt.date, groups: list[_SiteGroup]
) -> list[tuple[str, str, str, Decimal]]:
    """(site type, kind, budget line, cost per site-year [THB]), as ``budget._corrective``."""
    window = _history_window(today)
    if window is None:
        return []
    start, end = window
    rows = (
        _done_repairs(start, end)
        .order_by()
        .values("waste_point__kind", "installation__building_type", "budget_line")
        .annotate(cost=Sum("cost_thb"))
        .values_list("waste_point__kind", "installation__building_type", "budget_line", "cost")
    )
    costs: dict[tuple[str, str, str], Decimal] = defaultdict(Decimal)
    for point_kind, building_type, line, cost in rows:
        if point_kind is not None:
            costs[(SiteType.WASTE_POINT, point_kind, line)] += cost
        else:
            costs[(SiteType.INSTALLATION, building_type, line)] += cost
    site_days: dict[tuple[str, str], int] = defaultdict(int)
    for group in groups:
        begin = max(start, group.start) if group.start else start
        if begin < end:
            site_days[(group.site_type, group.kind)] += (end - begin).days * group.count
    out = []
    for (site_type, kind, line), cost in sorted(costs.items()):
        site_years = site_days[(site_type, kind)] / 365.25
        per = Decimal(cost) / Decimal(str(site_years)) if site_years > 0 else Decimal(0)
        out.append((site_type, kind, line, per.quantize(BAHT, ROUND_HALF_UP)))
    return out


def budget_forecast_totals(*, today: dt.date, years: int = 3) -> BudgetTotals:
    """``budget_forecast(today=..., years=...)``'s lines and missing costs, from counted sites."""
    fiscal_years, first_day, last_day = _forecast_span(today, years)
    planned, missing, groups = _replacement_totals(first_day, last_day)
    averages = _corrective_per_site_year(today, groups)
    lines = []
    for year in fiscal_years:
        year_start = schedule.fiscal_year_span(year)[0]
        in_place: dict[tuple[str, str], int] = defaultdict(int)
        for group in groups:
            if group.start is None or group.start < year_start:
                in_place[(group.site_type, group.kind)] += group.count
        for line in BudgetLine.values:
            repairs = sum(
                (
                    per * in_place[(site_type, kind)]
                    for site_type, kind, budget_line, per in averages
                    if budget_line == line
                ),
                Decimal(0),
            )
            lines.append(_forecast_line(year, line, planned.get((year, line), Decimal(0)), repairs))
    return BudgetTotals(
        fiscal_years_ce=fiscal_years, lines=tuple(lines), missing_costs=tuple(sorted(missing))
    )
