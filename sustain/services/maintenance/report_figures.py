"""Maintenance figures for a period, for the annual report and the memo (read only, typed)."""

import datetime as dt
import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models import Value as V
from django.db.models.functions import Coalesce

from sustain.core import schedule
from sustain.models import (
    Inspection,
    InstallationStatus,
    SiteType,
    SolarInstallation,
    WastePoint,
    WorkOrder,
    WorkOrderStatus,
)
from sustain.services.maintenance.due import PlanBook, plan_book


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


@dataclass(frozen=True)
class DueCounts:
    """How many sites of one type a plan covers, how many none does, how many are overdue."""

    planned: int
    without_plan: int
    overdue: int


def _last_visit(field: str, installed: str, today: dt.date) -> Coalesce:
    """The due list's last visit (see ``due._last_visit``) as a database expression: the latest
    inspection on or before ``today``, else the last verification, else the installation day."""
    inspected = (
        Inspection.objects.filter(**{field: OuterRef("pk")}, inspected_on__lte=today)
        .order_by()
        .values(field)
        .annotate(last=Max("inspected_on"))
        .values("last")
    )
    day = DateField()
    return Coalesce(
        Subquery(inspected, output_field=day),
        Case(When(last_verified_on__lte=today, then=F("last_verified_on")), output_field=day),
        Case(When(**{f"{installed}__lte": today}, then=F(installed)), output_field=day),
        output_field=day,
    )


def _grouped(sites: QuerySet, kind: str, own: list[int], last: Coalesce) -> QuerySet:
    """Sites counted by (own plan, kind, last visit): the due date depends on nothing else."""
    number = IntegerField()
    own_plan = (
        Case(When(pk__in=own, then=F("pk")), output_field=number)
        if own
        else V(None, output_field=number)
    )
    return (
        sites.order_by()
        .annotate(own=own_plan, kind_=F(kind), last=last)
        .values("own", "kind_", "last")
        .annotate(n=Count("id"))
        .values_list("own", "kind_", "last", "n")
    )


def due_counts(*, today: dt.date) -> dict[str, DueCounts]:
    """The due list's counts by site type (``due_list(today=...)`` counted), summed in the
    database: sites are grouped by what their due date depends on, and each group's next due
    date is computed once."""
    book: PlanBook = plan_book()
    own = sorted(book.by_installation)
    sources = {
        SiteType.WASTE_POINT: _grouped(
            WastePoint.objects.filter(active=True),
            "kind",
            [],
            _last_visit("waste_point", "installed_on", today),
        ),
        SiteType.INSTALLATION: _grouped(
            SolarInstallation.objects.filter(status=InstallationStatus.OPERATING),
            "building_type",
            own,
            _last_visit("installation", "commissioned_on", today),
        ),
    }
    counts = {}
    late: dict[tuple[int, dt.date | None], bool] = {}
    for site_type, rows in sources.items():
        planned = without = overdue = 0
        for own_id, kind, last, n in rows:
            if site_type == SiteType.WASTE_POINT:
                plan = book.for_waste_point(kind)
            else:
                plan = book.for_installation(own_id or 0, kind)
            if plan is None:
                without += n
                continue
            planned += n
            key = (plan.pk, last)
            if key not in late:  # sites of other kinds under the same plan share the answer
                due = schedule.next_due(
                    last_visit=last,
                    interval_days=plan.interval_days,
                    windows=book.windows[plan.pk],
                    today=today,
                )
                late[key] = schedule.bucket(due.due_on, today=today) == schedule.Bucket.OVERDUE
            if late[key]:
                overdue += n
        counts[str(site_type)] = DueCounts(planned=planned, without_plan=without, overdue=overdue)
    return counts


def maintenance_report_summary(
    *, start: dt.date, end: dt.date, today: dt.date
) -> MaintenanceSummary:
    """Inspections, overdue sites, work orders and their cost over a period (e.g. a fiscal year)."""
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    as_of = min(end, today)
    due = due_counts(today=as_of)
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
        field = "waste_point" if site_type == SiteType.WASTE_POINT else "installation"
        by_type.append(
            SiteTypeMaintenance(
                site_type=site_type,
                sites_planned=due[site_type].planned,
                sites_inspected=inspections.filter(_site_q(site_type))
                .values(field)
                .distinct()
                .count(),
                inspections=inspections.filter(_site_q(site_type)).count(),
                overdue_at_end=due[site_type].overdue,
                work_orders_opened=opened.filter(_site_q(site_type)).count(),
                work_orders_done=done.filter(_site_q(site_type)).count(),
                cost_thb=done.filter(_site_q(site_type)).aggregate(s=Sum("cost_thb"))["s"]
                or Decimal(0),
            )
        )
    overdue = sum(row.overdue_at_end for row in by_type)
    planned = sum(row.sites_planned for row in by_type)
    return MaintenanceSummary(
        start=start,
        end=end,
        as_of=as_of,
        sites_planned=planned,
        sites_without_plan=sum(row.without_plan for row in due.values()),
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
