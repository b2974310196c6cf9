"""Work orders: opened from a failed item, a solar alert, a resident's report or by staff, then
followed through their statuses to done or cancelled. Every change keeps who made it (history).
"""

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sustain.models import (
    BudgetLine,
    Inspection,
    MeterReading,
    Priority,
    ReplacementRule,
    SolarInstallation,
    WastePoint,
    WorkOrder,
    WorkOrderSource,
    WorkOrderStatus,
)
from sustain.models.workorders import CLOSED_STATUSES
from sustain.services.maintenance.due import site_filter
from sustain.services.maintenance.field import site_conflict_check, site_get
from sustain.services.records import Actor, record_save

COST_PERMISSION = "sustain.change_workorder_cost"


class FieldPermissionDenied(PermissionDenied):
    """The account may change the record but not this field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class WorkOrderIn:
    uuid: uuid.UUID
    site_type: str
    site_id: int
    title: str
    description: str = ""
    priority: str = Priority.NORMAL
    source: str = WorkOrderSource.STAFF
    resident_report: str = ""
    out_of_service: bool = False
    assigned_to_id: int | None = None
    opened_on: dt.date | None = None  # default: today
    source_reading_id: int | None = None
    site_version: int | None = None


def _assignee(user_id: int | None) -> Any:
    if user_id is None:
        return None
    user = get_user_model().objects.filter(pk=user_id, is_active=True, is_staff=True).first()
    if user is None:
        raise ValidationError({"assigned_to_id": _("No active staff member has this id.")})
    return user


def work_order_open(*, data: WorkOrderIn, actor: Actor) -> tuple[WorkOrder, bool]:
    """Open a work order once per ``uuid`` (a phone may send it twice); returns (order, created).

    Raises ValidationError keyed by field, SiteConflict when the site changed since the phone's
    ``site_version``.
    """
    existing = WorkOrder.objects.filter(uuid=data.uuid).first()
    if existing is not None:
        if actor is None or existing.opened_by_id != actor.pk:
            raise ValidationError({"uuid": _("This identifier belongs to another work order.")})
        return existing, False
    site = site_get(site_type=data.site_type, site_id=data.site_id)
    if site is None:
        raise ValidationError({"site_id": _("No such site.")})
    reading = None
    if data.source_reading_id is not None:
        reading = MeterReading.objects.filter(
            pk=data.source_reading_id, installation_id=site.pk
        ).first()
        if reading is None or not isinstance(site, SolarInstallation):
            raise ValidationError(
                {"source_reading_id": _("This meter reading is not of this installation.")}
            )
    if data.source == WorkOrderSource.RESIDENT_REPORT and not data.resident_report.strip():
        raise ValidationError(
            {"resident_report": _("Copy the resident's report (ticket and what they said).")}
        )
    order = WorkOrder(
        uuid=data.uuid,
        waste_point=site if isinstance(site, WastePoint) else None,
        installation=site if isinstance(site, SolarInstallation) else None,
        title=data.title,
        description=data.description,
        priority=data.priority,
        source=data.source,
        resident_report=data.resident_report,
        out_of_service=data.out_of_service,
        assigned_to=_assignee(data.assigned_to_id),
        opened_by=actor if getattr(actor, "is_authenticated", False) else None,  # type: ignore[misc]
        opened_on=data.opened_on or timezone.localdate(),
        source_reading=reading,
    )
    order.full_clean(exclude=["uuid"])
    site_conflict_check(site=site, version=data.site_version)
    try:
        with transaction.atomic():
            record_save(obj=order, actor=actor)
    except IntegrityError:
        existing = WorkOrder.objects.filter(uuid=data.uuid).first()
        if existing is None:
            raise
        return existing, False
    return order, True


def work_order_from_alert(*, reading: MeterReading, actor: Actor) -> tuple[WorkOrder, bool]:
    """A work order for an underperformance alert; the open one when the alert already has one."""
    existing = (
        WorkOrder.objects.filter(source_reading=reading).exclude(status__in=CLOSED_STATUSES).first()
    )
    if existing is not None:
        return existing, False
    ratio = reading.performance_ratio or 0
    return work_order_open(
        data=WorkOrderIn(
            uuid=uuid.uuid4(),
            site_type="installation",
            site_id=reading.installation_id,
            title=_("Producing %(percent)d %% of the expected energy") % {"percent": ratio * 100},
            description=_(
                "Meter reading %(start)s – %(end)s: %(kwh)s kWh, expected %(expected)s kWh."
            )
            % {
                "start": reading.period_start,
                "end": reading.period_end,
                "kwh": reading.energy_kwh,
                "expected": reading.expected_kwh,
            },
            priority=Priority.HIGH,
            source=WorkOrderSource.SOLAR_ALERT,
            source_reading_id=reading.pk,
        ),
        actor=actor,
    )


EDITABLE = {
    "title", "description", "priority", "status", "assigned_to_id", "cost_thb", "budget_line",
    "closed_on", "closed_by_inspection_id", "replacement_id", "out_of_service",
}  # fmt: skip


def work_order_update(*, order: WorkOrder, changes: dict[str, Any], actor: Actor) -> WorkOrder:
    """Apply staff's changes. Moving to done or cancelled sets the closing day (today unless
    given); reopening clears it. Only holders of ``change_workorder_cost`` may set the cost.
    """
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in unknown})
    if "cost_thb" in changes:
        new = changes["cost_thb"]
        new = None if new is None else Decimal(str(new))
        may = actor is not None and actor.has_perm(COST_PERMISSION)  # type: ignore[union-attr]
        if new != order.cost_thb and not may:
            raise FieldPermissionDenied("cost_thb", _("Only environment staff set costs."))
        changes["cost_thb"] = new
    if "assigned_to_id" in changes:
        order.assigned_to = _assignee(changes.pop("assigned_to_id"))
    if "closed_by_inspection_id" in changes:
        inspection_id = changes.pop("closed_by_inspection_id")
        inspection = Inspection.objects.filter(pk=inspection_id).first() if inspection_id else None
        if inspection_id and inspection is None:
            raise ValidationError({"closed_by_inspection_id": _("No such inspection.")})
        order.closed_by_inspection = inspection
    if "replacement_id" in changes:
        rule_id = changes.pop("replacement_id")
        order.replacement = ReplacementRule.objects.filter(pk=rule_id).first() if rule_id else None
        if rule_id and order.replacement is None:
            raise ValidationError({"replacement_id": _("No such planned replacement.")})
    for name, value in changes.items():
        setattr(order, name, value)
    if order.status in CLOSED_STATUSES and order.closed_on is None:
        order.closed_on = (
            order.closed_by_inspection.inspected_on
            if order.closed_by_inspection
            else timezone.localdate()
        )
    if order.status not in CLOSED_STATUSES:
        order.closed_on = None
    return record_save(obj=order, actor=actor)


def site_work_orders(*, site: WastePoint | SolarInstallation) -> list[WorkOrder]:
    return list(
        WorkOrder.objects.filter(site_filter(site)).select_related(
            "assigned_to", "source_inspection", "closed_by_inspection"
        )
    )


def budget_line_label(value: str) -> str:
    return str(BudgetLine(value).label)


__all__ = [
    "COST_PERMISSION",
    "FieldPermissionDenied",
    "WorkOrderIn",
    "WorkOrderStatus",
    "site_work_orders",
    "work_order_from_alert",
    "work_order_open",
    "work_order_update",
]
