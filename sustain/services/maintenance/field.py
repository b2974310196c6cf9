"""The field app's data: what a phone keeps for offline work, and edits made while it was away.

A site's *version* is the id of its latest history record. The phone keeps the version it saw;
when it sends an inspection or a work order, any edit recorded since (someone moved the site,
took it out of use, changed its details) is a conflict shown to the staff member, who decides.
Inspections update ``last_verified_on`` without a history record, so they never conflict.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Max
from django.utils.translation import gettext as _

from sustain.core import schedule
from sustain.models import (
    AnswerType,
    ChecklistItem,
    MaintenancePlan,
    SiteType,
    SolarInstallation,
    WastePoint,
    WorkOrder,
)
from sustain.models.workorders import CLOSED_STATUSES
from sustain.services.maintenance.due import Site, due_list, site_key

IGNORED_FIELDS = {"updated_at", "created_at", "last_verified_on"}


def site_get(*, site_type: str, site_id: int) -> Site | None:
    model = WastePoint if site_type == SiteType.WASTE_POINT else SolarInstallation
    return model.objects.select_related("village").filter(pk=site_id).first()


def site_version(site: Site) -> int:
    """The id of the site's latest history record (0 before any)."""
    latest = site.history.aggregate(v=Max("history_id"))["v"]
    return int(latest or 0)


@dataclass(frozen=True)
class SiteChange:
    changed_at: dt.datetime
    changed_by: str
    fields: tuple[str, ...]  # verbose names of the fields that changed


class SiteConflict(Exception):
    """The site was edited after the phone saw it; nothing was saved."""

    def __init__(self, *, site: Site, changes: list[SiteChange], version: int) -> None:
        super().__init__(f"{site} was changed since version")
        self.site = site
        self.changes = changes
        self.version = version

    def message(self) -> str:
        return _(
            "“%(name)s” was changed after your phone loaded it. Check the changes, then send "
            "again to keep your record, or discard it."
        ) % {"name": self.site.name}


def site_changes_since(*, site: Site, version: int) -> list[SiteChange]:
    """Edits recorded after ``version``, oldest first, with who made them and which fields."""
    records = list(site.history.filter(history_id__gt=version).order_by("history_id"))
    names = {f.name: str(f.verbose_name) for f in type(site)._meta.fields}
    changes = []
    for record in records:
        previous = record.prev_record
        if previous is None:
            fields: tuple[str, ...] = (_("created"),)
        else:
            delta = record.diff_against(previous)
            changed = [c.field for c in delta.changes if c.field not in IGNORED_FIELDS]
            if not changed:
                continue
            fields = tuple(names.get(name, name) for name in changed)
        user = record.history_user
        changes.append(
            SiteChange(
                changed_at=record.history_date,
                changed_by=(user.get_full_name() or user.get_username()) if user else "",
                fields=fields,
            )
        )
    return changes


def site_conflict_check(*, site: Site, version: int | None) -> None:
    """Raise SiteConflict when the site changed after ``version`` (None: not checked)."""
    if version is None:
        return
    changes = site_changes_since(site=site, version=version)
    if changes:
        raise SiteConflict(site=site, changes=changes, version=site_version(site))


def _item_out(item: ChecklistItem) -> dict[str, Any]:
    return {
        "key": item.key,
        "label_th": item.label_th,
        "label_en": item.label_en,
        "type": item.answer_type,
        "required": item.required,
        "unit": item.unit,
        "min": item.min_value,
        "max": item.max_value,
    }


def field_bundle(
    *, today: dt.date, user_id: int, extra_keys: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Everything the phone needs offline: visits due to the end of the month, and later ones of
    the plans the user is responsible for (or named in ``extra_keys``, e.g. ``wp-3``), with those
    sites' details, open work orders and the checklists of their plans."""
    listed = due_list(today=today)
    wanted = [
        item
        for item in listed.items
        if item.bucket != schedule.Bucket.LATER
        or item.responsible_id == user_id
        or item.key in extra_keys
    ]
    versions = _versions(wanted)
    orders: dict[str, list[dict[str, Any]]] = {}
    site_ids = {
        SiteType.WASTE_POINT: [i.site_id for i in wanted if i.site_type == SiteType.WASTE_POINT],
        SiteType.INSTALLATION: [i.site_id for i in wanted if i.site_type == SiteType.INSTALLATION],
    }
    open_orders = WorkOrder.objects.exclude(status__in=CLOSED_STATUSES).filter(
        waste_point_id__in=site_ids[SiteType.WASTE_POINT]
    ) | WorkOrder.objects.exclude(status__in=CLOSED_STATUSES).filter(
        installation_id__in=site_ids[SiteType.INSTALLATION]
    )
    for order in open_orders.order_by("opened_on", "id"):
        key = site_key(order.site_type, order.waste_point_id or order.installation_id or 0)
        orders.setdefault(key, []).append(
            {
                "id": order.pk,
                "title": order.title,
                "status": order.status,
                "status_label": order.get_status_display(),
                "priority": order.priority,
                "mine": order.assigned_to_id == user_id,
            }
        )
    plan_ids = {item.plan_id for item in wanted}
    plans = MaintenancePlan.objects.filter(pk__in=plan_ids).prefetch_related("items")
    return {
        "today": today.isoformat(),
        "generated_at": dt.datetime.now(dt.UTC).isoformat(),
        "sites": [
            {
                "key": item.key,
                "site_type": item.site_type,
                "site_id": item.site_id,
                "name": item.name,
                "kind": item.kind_label,
                "village": item.village_label,
                "lat": item.latitude,
                "lon": item.longitude,
                "plan_id": item.plan_id,
                "due_on": item.due_on.isoformat(),
                "bucket": item.bucket.value,
                "reason": item.reason,
                "last_visit": item.last_visit.isoformat() if item.last_visit else None,
                "mine": item.responsible_id == user_id,
                "version": versions[item.key],
                "household": item.is_household,
                "work_orders": orders.get(item.key, []),
            }
            for item in wanted
        ],
        "plans": {
            str(plan.pk): {
                "name": plan.name_th,
                "items": [_item_out(item) for item in plan.items.all()],
            }
            for plan in plans
        },
        "answer_types": [choice for choice, _label in AnswerType.choices],
    }


def _versions(items: list) -> dict[str, int]:
    versions: dict[str, int] = {}
    for site_type, model in (
        (SiteType.WASTE_POINT, WastePoint),
        (SiteType.INSTALLATION, SolarInstallation),
    ):
        ids = [i.site_id for i in items if i.site_type == site_type]
        rows = model.history.filter(id__in=ids).values("id").annotate(v=Max("history_id"))
        found = {row["id"]: row["v"] for row in rows}
        for site_id in ids:
            versions[site_key(site_type, site_id)] = int(found.get(site_id) or 0)
    return versions
