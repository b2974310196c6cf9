"""Maintenance figures for a period, for the annual report and the memo (read only, typed)."""

import datetime as dt
import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum

from sustain.core import schedule
from sustain.models import Inspection, SiteType, WorkOrder, WorkOrderStatus
from sustain.services.maintenance.due import due_list


@dataclass(frozen=True)
class SiteTypeMaintenance:
    """The figures of one kind of site (waste points or solar installations)."""

    site_type: str
    sites_planned: int
    sites_inspected: int
    inspections: int
    overdue_at_end: int
    work_orders_opened: int
    work_orders_done: int
    cost_thb: Decimal


@dataclass(frozen=True)
class MaintenanceSummary:
    """Preventive maintenance between ``start`` and ``end`` (both included).

    ``as_of`` is the day the due list is taken on: the period's end, or today when the period
    has not ended. Costs are those of work orders done in the period.
    """

    start: dt.date
    end: dt.date
    as_of: dt.date
    sites_planned: int
    sites_without_plan: int
    sites_inspected: int
    inspections: int
    overdue_at_end: int
    on_schedule_share: float | None  # planned sites not overdue on ``as_of``; None: no plan
    work_orders_opened: int
    work_orders_done: int
    work_orders_cancelled: int
    work_orders_open_at_end: int
    corrective_cost_thb: Decimal
    replacement_cost_thb: Decimal
    median_days_to_close: float | None
    by_site_type: tuple[SiteTypeMaintenance, ...]


def _site_q(site_type: str) -> Q:
    if site_type == SiteType.WASTE_POINT:
        return Q(waste_point__isnull=False)
    return Q(installation__isnull=False)


def maintenance_report_summary(
    *, start: dt.date, end: dt.date, today: dt.date
) -> MaintenanceSummary:
    """Inspections, overdue sites, work orders and their cost over a period (e.g. a fiscal year)."""
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    as_of = min(end, today)
    listed = due_list(today=as_of)
    inspections = Inspection.objects.filter(inspected_on__gte=start, inspected_on__lte=end)
    opened = WorkOrder.objects.filter(opened_on__gte=start, opened_on__lte=end)
    closed = WorkOrder.objects.filter(closed_on__gte=start, closed_on__lte=end)
    done = closed.filter(status=WorkOrderStatus.DONE)
    open_at_end = WorkOrder.objects.filter(opened_on__lte=as_of).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=as_of)
    )
    days = [
        (order.closed_on - order.opened_on).days
        for order in done.only("opened_on", "closed_on")
        if order.closed_on
    ]
    by_type = []
    for site_type in (SiteType.WASTE_POINT, SiteType.INSTALLATION):
        items = [item for item in listed.items if item.site_type == site_type]
        field = "waste_point" if site_type == SiteType.WASTE_POINT else "installation"
        by_type.append(
            SiteTypeMaintenance(
                site_type=site_type,
                sites_planned=len(items),
                sites_inspected=inspections.filter(_site_q(site_type))
                .values(field)
                .distinct()
                .count(),
                inspections=inspections.filter(_site_q(site_type)).count(),
                overdue_at_end=sum(1 for i in items if i.bucket == schedule.Bucket.OVERDUE),
                work_orders_opened=opened.filter(_site_q(site_type)).count(),
                work_orders_done=done.filter(_site_q(site_type)).count(),
                cost_thb=done.filter(_site_q(site_type)).aggregate(s=Sum("cost_thb"))["s"]
                or Decimal(0),
            )
        )
    overdue = sum(row.overdue_at_end for row in by_type)
    planned = len(listed.items)
    return MaintenanceSummary(
        start=start,
        end=end,
        as_of=as_of,
        sites_planned=planned,
        sites_without_plan=listed.without_plan,
        sites_inspected=sum(row.sites_inspected for row in by_type),
        inspections=inspections.count(),
        overdue_at_end=overdue,
        on_schedule_share=(planned - overdue) / planned if planned else None,
        work_orders_opened=opened.count(),
        work_orders_done=done.count(),
        work_orders_cancelled=closed.filter(status=WorkOrderStatus.CANCELLED).count(),
        work_orders_open_at_end=open_at_end.count(),
        corrective_cost_thb=done.filter(replacement__isnull=True).aggregate(s=Sum("cost_thb"))["s"]
        or Decimal(0),
        replacement_cost_thb=done.filter(replacement__isnull=False).aggregate(s=Sum("cost_thb"))[
            "s"
        ]
        or Decimal(0),
        median_days_to_close=statistics.median(days) if days else None,
        by_site_type=tuple(by_type),
    )
