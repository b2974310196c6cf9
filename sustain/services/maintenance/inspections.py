"""Recording an inspection: answers checked against the checklist, photos, and the work orders
that failed items open. All or nothing: a refused inspection leaves no row and no file behind.
"""

import datetime as dt
import math
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sustain.core.numbers import NumberError, parse_decimal
from sustain.models import (
    AnswerType,
    BuildingType,
    ChecklistItem,
    Inspection,
    InspectionAnswer,
    InspectionPhoto,
    MaintenancePlan,
    Priority,
    SolarInstallation,
    WastePoint,
    WorkOrder,
    WorkOrderSource,
    WorkOrderStatus,
)
from sustain.models.workorders import CLOSED_STATUSES
from sustain.services.maintenance.due import Site, plan_for, site_filter
from sustain.services.maintenance.field import site_conflict_check, site_get
from sustain.services.maintenance.photos import PreparedPhoto, photo_prepare
from sustain.services.records import Actor

# Phones' clocks drift: a time this far ahead of the server is still "now".
CLOCK_SKEW = dt.timedelta(minutes=10)
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class PhotoIn:
    item_key: str  # "" for a photo of the site in general
    name: str
    data: bytes


@dataclass(frozen=True)
class InspectionIn:
    uuid: uuid.UUID
    site_type: str
    site_id: int
    inspected_at: dt.datetime
    answers: Mapping[str, object] = field(default_factory=dict)
    notes: str = ""
    in_service: bool = True
    device_latitude: float | None = None
    device_longitude: float | None = None
    device_accuracy_m: float | None = None
    site_version: int | None = None  # the site's version the phone saw; None: do not check
    close_work_orders: Sequence[int] = ()


@dataclass(frozen=True)
class InspectionResult:
    inspection: Inspection
    created: bool  # False: this uuid was already stored (sent twice)
    opened: tuple[WorkOrder, ...] = ()
    closed: tuple[WorkOrder, ...] = ()


def _answer(item: ChecklistItem, value: object, errors: dict[str, list[str]]) -> InspectionAnswer:
    answer = InspectionAnswer(
        item=item,
        key=item.key,
        label_th=item.label_th,
        label_en=item.label_en,
        answer_type=item.answer_type,
        unit=item.unit,
    )
    where = f"answers.{item.key}"
    if item.answer_type == AnswerType.YES_NO:
        if not isinstance(value, bool):
            errors.setdefault(where, []).append(
                _("“%(label)s” needs yes or no (true or false).") % {"label": item.label_th}
            )
            return answer
        answer.value_bool = value
        answer.passed = value == item.pass_answer
    elif item.answer_type == AnswerType.NUMBER:
        if isinstance(value, str):  # as typed on the phone: read like every form ("12,5")
            try:
                value = float(parse_decimal(value))
            except NumberError:
                errors.setdefault(where, []).append(
                    _(
                        "“%(label)s”: “%(text)s” is not a clear number (write decimals after a "
                        "point or a comma, 12.5 or 12,5, and thousands in groups of three, 1,250)."
                    )
                    % {"label": item.label_th, "text": value}
                )
                return answer
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            errors.setdefault(where, []).append(
                _("“%(label)s” needs a number.") % {"label": item.label_th}
            )
            return answer
        number = float(value)
        low, high = item.min_value, item.max_value
        if (low is not None and number < low) or (high is not None and number > high):
            errors.setdefault(where, []).append(
                _("“%(label)s” must be from %(low)s to %(high)s %(unit)s (got %(value)s).")
                % {
                    "label": item.label_th,
                    "low": "—" if low is None else f"{low:g}",
                    "high": "—" if high is None else f"{high:g}",
                    "unit": item.unit,
                    "value": f"{number:g}",
                }
            )
            return answer
        answer.value_number = number
        fail_low = item.pass_min is not None and number < item.pass_min
        fail_high = item.pass_max is not None and number > item.pass_max
        answer.passed = not (fail_low or fail_high)
    else:
        errors.setdefault(where, []).append(
            _("“%(label)s” is answered with a photo, not a value.") % {"label": item.label_th}
        )
    return answer


def _check_answers(
    plan: MaintenancePlan | None, data: InspectionIn, photos: Sequence[PhotoIn]
) -> tuple[list[InspectionAnswer], dict[str, list[str]]]:
    items = {item.key: item for item in plan.items.all()} if plan else {}
    errors: dict[str, list[str]] = {}
    answers = []
    for key, value in data.answers.items():
        item = items.get(key)
        if item is None:
            errors.setdefault(f"answers.{key}", []).append(
                _("“%(key)s” is not a question of this site's checklist.") % {"key": key}
            )
        elif value is not None:
            answers.append(_answer(item, value, errors))
    photo_keys = {photo.item_key for photo in photos}
    for key, item in items.items():
        if item.answer_type == AnswerType.PHOTO:
            if item.required and key not in photo_keys:
                errors.setdefault(f"answers.{key}", []).append(
                    _("“%(label)s” needs a photo.") % {"label": item.label_th}
                )
            if key in photo_keys:
                answers.append(
                    InspectionAnswer(item=item, key=key, label_th=item.label_th,
                                     label_en=item.label_en, answer_type=item.answer_type)
                )  # fmt: skip
        elif item.required and data.answers.get(key) is None:
            errors.setdefault(f"answers.{key}", []).append(
                _("“%(label)s” must be answered.") % {"label": item.label_th}
            )
    for photo in photos:
        if photo.item_key and (
            photo.item_key not in items or items[photo.item_key].answer_type != AnswerType.PHOTO
        ):
            errors.setdefault("photos", []).append(
                _("Photo “%(name)s” is for “%(key)s”, which is not a photo question here.")
                % {"name": photo.name, "key": photo.item_key}
            )
    return answers, errors


def _check_moment(data: InspectionIn) -> dict[str, list[str]]:
    now = timezone.now()
    if data.inspected_at.tzinfo is None:
        return {"inspected_at": [_("Give the time with its offset, e.g. +07:00.")]}
    if data.inspected_at > now + CLOCK_SKEW:
        return {
            "inspected_at": [_("The inspection is dated in the future; record only visits made.")]
        }
    if data.inspected_at < EARLIEST:
        return {"inspected_at": [_("The inspection is dated before the year 2000.")]}
    return {}


def _prepare_photos(site: Site, photos: Sequence[PhotoIn]) -> list[PreparedPhoto]:
    household = isinstance(site, SolarInstallation) and site.building_type == BuildingType.HOUSEHOLD
    return [
        photo_prepare(data=photo.data, name=photo.name, strip_location=household, field="photos")
        for photo in photos
    ]


def _failed_item_orders(
    inspection: Inspection, answers: list[InspectionAnswer], site: Site, actor: Actor
) -> list[WorkOrder]:
    """One work order per failed item, unless one for that item is still open at the site."""
    open_keys = set(
        WorkOrder.objects.filter(site_filter(site))
        .exclude(status__in=CLOSED_STATUSES)
        .values_list("source_item_key", flat=True)
    )
    opened = []
    wanted = [(a.key, a.label_th, Priority.NORMAL, False) for a in answers if a.passed is False]
    if not inspection.in_service:
        wanted.append(("in_service", _("Out of service"), Priority.HIGH, True))
    for key, label, priority, out_of_service in wanted:
        if key in open_keys:
            continue
        order = WorkOrder(
            waste_point=site if isinstance(site, WastePoint) else None,
            installation=site if isinstance(site, SolarInstallation) else None,
            title=label,
            description=inspection.notes,
            priority=priority,
            opened_by=actor if getattr(actor, "is_authenticated", False) else None,  # type: ignore[misc]
            opened_on=inspection.inspected_on,
            source=WorkOrderSource.INSPECTION,
            source_inspection=inspection,
            source_item_key=key,
            out_of_service=out_of_service,
        )
        order.full_clean()
        order._history_user = actor  # type: ignore[attr-defined]
        order.save()
        opened.append(order)
    return opened


def _close_orders(
    inspection: Inspection, ids: Sequence[int], site: Site, actor: Actor
) -> list[WorkOrder]:
    if not ids:
        return []
    if not actor or not actor.has_perm("sustain.change_workorder"):  # type: ignore[union-attr]
        raise PermissionDenied(_("Your account may not close work orders."))
    orders = list(WorkOrder.objects.filter(site_filter(site), pk__in=ids))
    if len(orders) != len(set(ids)):
        raise ValidationError(
            {"close_work_orders": _("Only open work orders of this site can be closed here.")}
        )
    for order in orders:
        if order.is_closed:
            continue  # closed meanwhile by someone else: nothing to do
        order.status = WorkOrderStatus.DONE
        order.closed_on = inspection.inspected_on
        order.closed_by_inspection = inspection
        order.full_clean()
        order._history_user = actor  # type: ignore[attr-defined]
        order._change_reason = "closed by inspection"  # type: ignore[attr-defined]
        order.save()
    return orders


def inspection_record(
    *, data: InspectionIn, photos: Sequence[PhotoIn] = (), actor: Actor
) -> InspectionResult:
    """Store an inspection once, whatever the number of times the phone sends it.

    Raises ValidationError (keyed by field: ``site_id``, ``inspected_at``, ``answers.<key>``,
    ``photos`` …), SiteConflict when the site changed since ``data.site_version``, and
    PermissionDenied when closing work orders without the right.
    """
    existing = Inspection.objects.filter(uuid=data.uuid).first()
    if existing is not None:
        return _resent(existing, actor)
    site = site_get(site_type=data.site_type, site_id=data.site_id)
    if site is None:
        raise ValidationError({"site_id": _("No such site.")})
    errors = _check_moment(data)
    plan = plan_for(site=site)
    answers, answer_errors = _check_answers(plan, data, photos)
    errors.update(answer_errors)
    if (data.device_latitude is None) != (data.device_longitude is None):
        errors.setdefault("device_latitude", []).append(
            _("Give both the device's latitude and longitude, or neither.")
        )
    if errors:
        raise ValidationError(errors)
    site_conflict_check(site=site, version=data.site_version)
    prepared = _prepare_photos(site, photos)
    stored: list[InspectionPhoto] = []
    try:
        with transaction.atomic():
            result = _store(data, site, plan, answers, photos, prepared, stored, actor)
    except IntegrityError:
        _remove_files(stored)
        # The same uuid arrived twice at once: the other request stored it.
        existing = Inspection.objects.filter(uuid=data.uuid).first()
        if existing is None:
            raise
        return _resent(existing, actor)
    except BaseException:
        _remove_files(stored)
        raise
    return result


def _resent(existing: Inspection, actor: Actor) -> InspectionResult:
    if actor is None or existing.inspector_id != actor.pk:
        raise ValidationError({"uuid": _("This identifier belongs to another inspection.")})
    return InspectionResult(inspection=existing, created=False)


def _store(
    data: InspectionIn,
    site: Site,
    plan: MaintenancePlan | None,
    answers: list[InspectionAnswer],
    photos: Sequence[PhotoIn],
    prepared: list[PreparedPhoto],
    stored: list[InspectionPhoto],
    actor: Actor,
) -> InspectionResult:
    local_day = timezone.localtime(data.inspected_at).date()
    inspection = Inspection(
        uuid=data.uuid,
        waste_point=site if isinstance(site, WastePoint) else None,
        installation=site if isinstance(site, SolarInstallation) else None,
        plan=plan,
        inspected_at=data.inspected_at,
        inspected_on=local_day,
        inspector=actor,  # type: ignore[misc]
        device_latitude=data.device_latitude,
        device_longitude=data.device_longitude,
        device_accuracy_m=data.device_accuracy_m,
        in_service=data.in_service,
        notes=data.notes,
    )
    inspection.full_clean(exclude=["uuid"])
    inspection._history_user = actor  # type: ignore[attr-defined]
    inspection.save()
    for answer in answers:
        answer.inspection = inspection
    InspectionAnswer.objects.bulk_create(answers)
    for photo_in, photo in zip(photos, prepared, strict=True):
        row = InspectionPhoto(
            inspection=inspection,
            item_key=photo_in.item_key,
            width_px=photo.width_px,
            height_px=photo.height_px,
            size_bytes=len(photo.content),
        )
        row.file.save("photo.jpg", ContentFile(photo.content), save=False)
        stored.append(row)
        row.save()
    opened = _failed_item_orders(inspection, answers, site, actor)
    closed = _close_orders(inspection, data.close_work_orders, site, actor)
    # The visit confirms the site is there; no history record, so it is no edit to conflict with.
    type(site).objects.filter(pk=site.pk).exclude(last_verified_on__gte=local_day).update(
        last_verified_on=local_day, updated_at=timezone.now()
    )
    return InspectionResult(
        inspection=inspection, created=True, opened=tuple(opened), closed=tuple(closed)
    )


def _remove_files(stored: list[InspectionPhoto]) -> None:
    for row in stored:
        if row.file.name:
            row.file.storage.delete(row.file.name)
