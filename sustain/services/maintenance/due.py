"""Reads for preventive maintenance: which plan applies, the due list, a site's public status.

Nothing here is stored: due dates are computed from the plans and the inspections each time
(``sustain.core.schedule`` does the date arithmetic), so editing a plan moves every due date at
once.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _

from sustain.core import schedule
from sustain.models import (
    BuildingType,
    Inspection,
    InstallationStatus,
    MaintenancePlan,
    SiteType,
    SolarInstallation,
    WastePoint,
    WastePointKind,
    WorkOrder,
)
from sustain.models.workorders import CLOSED_STATUSES

Site = WastePoint | SolarInstallation


@dataclass(frozen=True)
class PlanBook:
    """The active plans, indexed for picking the most specific one for a site."""

    by_installation: dict[int, MaintenancePlan]
    by_kind: dict[tuple[str, str], MaintenancePlan]  # (site type, kind or building type or "")
    windows: dict[int, tuple[schedule.SeasonalWindow, ...]]

    def for_waste_point(self, kind: str) -> MaintenancePlan | None:
        return self.by_kind.get((SiteType.WASTE_POINT, kind)) or self.by_kind.get(
            (SiteType.WASTE_POINT, "")
        )

    def for_installation(self, installation_id: int, building_type: str) -> MaintenancePlan | None:
        return (
            self.by_installation.get(installation_id)
            or self.by_kind.get((SiteType.INSTALLATION, building_type))
            or self.by_kind.get((SiteType.INSTALLATION, ""))
        )


def plan_book() -> PlanBook:
    by_installation: dict[int, MaintenancePlan] = {}
    by_kind: dict[tuple[str, str], MaintenancePlan] = {}
    plans = MaintenancePlan.objects.filter(active=True).prefetch_related("seasonal_rules")
    for plan in plans:
        if plan.installation_id:
            by_installation[plan.installation_id] = plan
        else:
            by_kind[(plan.site_type, plan.waste_point_kind or plan.building_type)] = plan
    windows = {plan.pk: plan.windows() for plan in plans}
    return PlanBook(by_installation=by_installation, by_kind=by_kind, windows=windows)


def plan_for(*, site: Site) -> MaintenancePlan | None:
    """The plan that applies to one site (None when no active plan covers it)."""
    book = plan_book()
    if isinstance(site, WastePoint):
        return book.for_waste_point(site.kind)
    return book.for_installation(site.pk, site.building_type)


def site_key(site_type: str, site_id: int) -> str:
    """A short key naming a site across both tables: ``wp-12`` or ``si-3``."""
    return f"{'wp' if site_type == SiteType.WASTE_POINT else 'si'}-{site_id}"


@dataclass(frozen=True)
class DueItem:
    """One site's next visit. ``basis`` says where the last visit date came from."""

    site_type: str
    site_id: int
    name: str
    kind: str  # waste point kind or building type
    kind_label: str
    village_id: int | None
    village_label: str
    latitude: float
    longitude: float
    plan_id: int
    plan_name: str
    responsible_id: int | None
    last_visit: dt.date | None
    basis: str  # "inspection", "verified", "installed" or "none"
    due_on: dt.date
    bucket: schedule.Bucket
    reason: str  # the seasonal rule's label, or "" for the routine interval
    window_opens_on: dt.date | None
    open_work_orders: int

    @property
    def key(self) -> str:
        return site_key(self.site_type, self.site_id)

    @property
    def is_household(self) -> bool:
        return self.site_type == SiteType.INSTALLATION and self.kind == BuildingType.HOUSEHOLD


@dataclass(frozen=True)
class DueList:
    items: tuple[DueItem, ...]  # every planned site, soonest first
    without_plan: int  # active sites no plan covers
    today: dt.date

    def in_buckets(self, *buckets: schedule.Bucket) -> list[DueItem]:
        return [item for item in self.items if item.bucket in buckets]

    def counts(self) -> dict[str, int]:
        counts = {b.value: 0 for b in schedule.Bucket}
        for item in self.items:
            counts[item.bucket.value] += 1
        return counts


def _last_inspections(field: str, today: dt.date) -> dict[int, dt.date]:
    rows = (
        Inspection.objects.filter(**{f"{field}__isnull": False}, inspected_on__lte=today)
        .values(field)
        .annotate(last=Max("inspected_on"))
    )
    return {row[field]: row["last"] for row in rows}


def _open_orders(field: str) -> dict[int, int]:
    rows = (
        WorkOrder.objects.filter(**{f"{field}__isnull": False})
        .exclude(status__in=CLOSED_STATUSES)
        .values(field)
        .annotate(n=Count("id"))
    )
    return {row[field]: row["n"] for row in rows}


def _last_visit(
    inspected: dt.date | None, verified: dt.date | None, installed: dt.date | None, today: dt.date
) -> tuple[dt.date | None, str]:
    """The latest inspection; before the first one, the last verification or installation day."""
    if inspected is not None:
        return inspected, "inspection"
    if verified is not None and verified <= today:
        return verified, "verified"
    if installed is not None and installed <= today:
        return installed, "installed"
    return None, "none"


def due_list(
    *,
    today: dt.date,
    village_id: int | None = None,
    site_type: str | None = None,
    responsible_id: int | None = None,
) -> DueList:
    """Every active site covered by a plan with its next due date, as seen on ``today``.

    Only inspections on or before ``today`` count, so a past day gives that day's list. Waste points
    that are not active and installations that are not operating are not visited.
    """
    book = plan_book()
    waste_kinds = dict(WastePointKind.choices)
    building_types = dict(BuildingType.choices)
    items: list[DueItem] = []
    without_plan = 0
    moo_word = _("Moo")
    common = ["id", "name", "village_id", "village__moo", "village__name_th", "latitude"]
    common += ["longitude", "last_verified_on"]
    sources: list[tuple[str, Iterable[dict], str]] = []
    if site_type in (None, SiteType.WASTE_POINT):
        points = WastePoint.objects.filter(active=True)
        if village_id:
            points = points.filter(village_id=village_id)
        sources.append(
            (SiteType.WASTE_POINT, points.values(*common, "kind", "installed_on"), "waste_point")
        )
    if site_type in (None, SiteType.INSTALLATION):
        installations = SolarInstallation.objects.filter(status=InstallationStatus.OPERATING)
        if village_id:
            installations = installations.filter(village_id=village_id)
        rows = installations.values(*common, "building_type", "commissioned_on")
        sources.append((SiteType.INSTALLATION, rows, "installation"))
    for kind_of_site, rows, field in sources:
        last_inspected = _last_inspections(field, today)
        open_orders = _open_orders(field)
        for row in rows:
            if kind_of_site == SiteType.WASTE_POINT:
                kind, installed = row["kind"], row["installed_on"]
                plan = book.for_waste_point(kind)
                kind_label = str(waste_kinds.get(kind, kind))
            else:
                kind, installed = row["building_type"], row["commissioned_on"]
                plan = book.for_installation(row["id"], kind)
                kind_label = str(building_types.get(kind, kind))
            if plan is None:
                without_plan += 1
                continue
            if responsible_id is not None and plan.responsible_id != responsible_id:
                continue
            last, basis = _last_visit(
                last_inspected.get(row["id"]), row["last_verified_on"], installed, today
            )
            due = schedule.next_due(
                last_visit=last,
                interval_days=plan.interval_days,
                windows=book.windows[plan.pk],
                today=today,
            )
            moo = row["village__moo"]
            items.append(
                DueItem(
                    site_type=kind_of_site,
                    site_id=row["id"],
                    name=row["name"],
                    kind=kind,
                    kind_label=kind_label,
                    village_id=row["village_id"],
                    village_label=f"{moo_word} {moo} {row['village__name_th']}" if moo else "",
                    latitude=row["latitude"],
                    longitude=row["longitude"],
                    plan_id=plan.pk,
                    plan_name=plan.name_th,
                    responsible_id=plan.responsible_id,
                    last_visit=last,
                    basis=basis,
                    due_on=due.due_on,
                    bucket=schedule.bucket(due.due_on, today=today),
                    reason=due.window.label if due.window else "",
                    window_opens_on=due.window_opens_on,
                    open_work_orders=open_orders.get(row["id"], 0),
                )
            )
    items.sort(key=lambda item: (item.due_on, item.name, item.key))
    return DueList(items=tuple(items), without_plan=without_plan, today=today)


def site_due(*, site: Site, today: dt.date) -> DueItem | None:
    """One site's entry of the due list (None when no plan covers it or it is out of use)."""
    site_type = SiteType.WASTE_POINT if isinstance(site, WastePoint) else SiteType.INSTALLATION
    listed = due_list(today=today, site_type=site_type, village_id=site.village_id)
    return next((item for item in listed.items if item.site_id == site.pk), None)


def site_filter(site: Site) -> Q:
    """``Q`` selecting the inspections or work orders of ``site``."""
    if isinstance(site, WastePoint):
        return Q(waste_point=site)
    return Q(installation=site)


@dataclass(frozen=True)
class PublicStatus:
    """What residents may see about a site's upkeep: the last check and whether it works."""

    last_checked: dt.date | None
    in_service: bool


def point_public_status(*, point: Site) -> PublicStatus:
    """Last checked: the latest inspection or verification day. In service: the site is active
    (operating, for solar) and no open work order has put it out of service."""
    latest = Inspection.objects.filter(site_filter(point)).aggregate(last=Max("inspected_on"))[
        "last"
    ]
    checked = [day for day in (latest, point.last_verified_on) if day is not None]
    active = (
        point.active
        if isinstance(point, WastePoint)
        else point.status == InstallationStatus.OPERATING
    )
    broken = (
        WorkOrder.objects.filter(site_filter(point), out_of_service=True)
        .exclude(status__in=CLOSED_STATUSES)
        .exists()
    )
    return PublicStatus(
        last_checked=max(checked) if checked else None, in_service=active and not broken
    )


@dataclass(frozen=True)
class SiteMaintenance:
    """A site page's maintenance section: next visit, inspections, work orders, public status."""

    due: DueItem | None
    plan: MaintenancePlan | None
    inspections: tuple[Inspection, ...]
    work_orders: tuple[WorkOrder, ...]
    public: PublicStatus
    key: str


def site_maintenance(*, site: Site, today: dt.date, limit: int = 50) -> SiteMaintenance:
    site_type = SiteType.WASTE_POINT if isinstance(site, WastePoint) else SiteType.INSTALLATION
    inspections = (
        Inspection.objects.filter(site_filter(site))
        .select_related("inspector")
        .prefetch_related("answers", "photos")
        .order_by("-inspected_at", "-id")[:limit]
    )
    orders = (
        WorkOrder.objects.filter(site_filter(site))
        .select_related("assigned_to")
        .order_by("-opened_on", "-id")[:limit]
    )
    return SiteMaintenance(
        due=site_due(site=site, today=today),
        plan=plan_for(site=site),
        inspections=tuple(inspections),
        work_orders=tuple(orders),
        public=point_public_status(point=site),
        key=site_key(site_type, site.pk),
    )
