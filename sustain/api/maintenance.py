"""Maintenance for staff: the due list (JSON and GeoJSON), the field app's offline bundle,
inspections (with photos) and work orders sent by phones, and the budget forecast.

Phones send each record with a UUID they made: sending it again answers 200 with the stored
record instead of storing a second one. A record for a site edited since the phone loaded it is
refused with 409 and the edits, so the staff member decides; nothing is overwritten silently.
"""

import datetime as dt
import json
import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from ninja import File, Form, Query, Router, Schema, Status
from ninja.errors import ValidationError as NinjaValidationError
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import Field, StringConstraints
from pydantic import ValidationError as PydanticValidationError

from sustain import permissions
from sustain.api.common import (
    Caller,
    Day,
    Id,
    Latitude,
    Longitude,
    LongText,
    Moment,
    api_auth,
    require_perms,
)  # fmt: skip
from sustain.api.crud import OFFSET_MAX, PAGE_SIZE, PAGE_SIZE_MAX, Converted, LimitOffset
from sustain.api.schemas import Errors
from sustain.core import schedule, thaidates
from sustain.models import BudgetLine, Inspection, Priority, SiteType, WorkOrder, WorkOrderStatus
from sustain.services.maintenance import budget, budget_files, field, inspections, workorders
from sustain.services.maintenance import due as maintenance
from sustain.services.maintenance.field import SiteConflict
from sustain.services.maintenance.photos import photo_size_error

router = Router(tags=["maintenance"])

MAX_PHOTOS = 20
Slug = Annotated[str, StringConstraints(max_length=40, pattern=r"^[-a-zA-Z0-9_]*$")]
Version = Annotated[int, Field(ge=0, le=9_007_199_254_740_991)]
Cost = Annotated[Decimal, Field(ge=0, le=1_000_000_000, max_digits=12, decimal_places=2)]
SiteTypeName = Literal["waste_point", "installation"]
BucketName = Literal["overdue", "week", "month", "later"]
Title = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=r"^[^\x00]*$")]
if TYPE_CHECKING:
    PriorityName: TypeAlias = str
    StatusName: TypeAlias = str
    BudgetLineName: TypeAlias = str
else:
    PriorityName = Literal[tuple(Priority.values)]
    StatusName = Literal[tuple(WorkOrderStatus.values)]
    BudgetLineName = Literal[tuple(BudgetLine.values)]


def _need(request: HttpRequest, permission: str) -> Caller:
    """Staff holding ``sustain.<permission>`` and ``view_private`` (sites are named, households
    among them): 401 without a token or session, else 403."""
    return require_perms(request, f"sustain.{permission}", permissions.VIEW_PRIVATE)


class Change(Schema):
    changed_at: dt.datetime
    changed_by: str
    fields: list[str]


class ConflictOut(Schema):
    detail: str
    errors: list[dict[str, str]]
    site_version: int
    changes: list[Change]


def _conflict(exc: SiteConflict) -> Status:
    return Status(
        409,
        {
            "detail": exc.message(),
            "errors": [{"field": "site_version", "message": exc.message(), "code": "site_changed"}],
            "site_version": exc.version,
            "changes": [
                {"changed_at": c.changed_at, "changed_by": c.changed_by, "fields": list(c.fields)}
                for c in exc.changes
            ],
        },
    )


def _forbidden(exc: PermissionDenied) -> Status:
    field_name = getattr(exc, "field", "__all__")
    message = str(getattr(exc, "message", exc))
    return Status(
        403,
        {
            "detail": message,
            "errors": [{"field": field_name, "message": message, "code": "permission"}],
        },
    )


# --- Due list ---------------------------------------------------------------------------------


class DueOut(Schema):
    key: str
    site_type: str
    site_id: int
    name: str
    kind: str
    kind_label: str
    village_id: int | None
    village_label: str
    latitude: float
    longitude: float
    plan_id: int
    plan_name: str
    last_visit: dt.date | None
    basis: str
    due_on: dt.date
    bucket: str
    reason: str
    window_opens_on: dt.date | None
    open_work_orders: int


class DueListOut(Schema):
    today: dt.date
    counts: dict[str, int]
    without_plan: int
    count: int
    items: list[DueOut]


class DueFilters(Schema):
    village_id: Id | None = None
    site_type: SiteTypeName | None = None
    bucket: list[BucketName] = ["overdue", "week", "month"]


@router.get("/maintenance/due", response=DueListOut, auth=api_auth)
def due(
    request: HttpRequest,
    filters: Query[DueFilters],
    limit: Annotated[int, Query(PAGE_SIZE, ge=1, le=PAGE_SIZE_MAX, description="page size")] = (
        PAGE_SIZE
    ),
    offset: Annotated[int, Query(0, ge=0, le=OFFSET_MAX, description="rows to skip")] = 0,
) -> dict:
    """Every planned site's next visit, soonest first (computed from plans and inspections)."""
    _need(request, "view_maintenanceplan")
    listed = maintenance.due_list(
        today=timezone.localdate(), village_id=filters.village_id, site_type=filters.site_type
    )
    items = listed.in_buckets(*(schedule.Bucket(b) for b in filters.bucket))
    return {
        "today": listed.today,
        "counts": listed.counts(),
        "without_plan": listed.without_plan,
        "count": len(items),
        "items": [
            {**item.__dict__, "key": item.key, "bucket": item.bucket.value}
            for item in items[offset : offset + limit]
        ],
    }


@router.get("/maintenance/due.geojson", auth=api_auth)
def due_geojson(request: HttpRequest, filters: Query[DueFilters]) -> dict:
    """The due sites as GeoJSON points (the staff map's layer); exact locations, staff only."""
    _need(request, "view_maintenanceplan")
    listed = maintenance.due_list(
        today=timezone.localdate(), village_id=filters.village_id, site_type=filters.site_type
    )
    items = listed.in_buckets(*(schedule.Bucket(b) for b in filters.bucket))
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": item.key,
                "geometry": {"type": "Point", "coordinates": [item.longitude, item.latitude]},
                "properties": {
                    "name": item.name,
                    "kind": item.kind_label,
                    "village_id": item.village_id,
                    "village": item.village_label,
                    "due_on": item.due_on.isoformat(),
                    "bucket": item.bucket.value,
                    "reason": item.reason,
                    "last_visit": item.last_visit.isoformat() if item.last_visit else None,
                    "open_work_orders": item.open_work_orders,
                    "url": _site_url(item.site_type, item.site_id),
                },
            }
            for item in items
        ],
    }


def _site_url(site_type: str, site_id: int) -> str:
    if site_type == SiteType.WASTE_POINT:
        return reverse("staff-waste-point", args=[site_id])
    return reverse("staff-installation", args=[site_id])


SiteKey = Annotated[str, StringConstraints(pattern=r"^(wp|si)-[0-9]{1,10}$")]


class BundleQuery(Schema):
    site: list[SiteKey] = []


@router.get("/maintenance/field-bundle", auth=api_auth)
def field_bundle(request: HttpRequest, query: Query[BundleQuery]) -> dict:
    """What the field app keeps on the phone for offline work: sites due to the end of the month
    (and any named in ``site``, e.g. ``wp-3``), their open work orders, and the checklists."""
    caller = _need(request, "add_inspection")
    return field.field_bundle(
        today=timezone.localdate(),
        user_id=caller.user.pk,  # type: ignore[arg-type]
        extra_keys=tuple(query.site[:50]),
    )


# --- Inspections ------------------------------------------------------------------------------


class DeviceIn(Schema):
    latitude: Latitude
    longitude: Longitude
    accuracy_m: Annotated[float, Field(ge=0, le=100_000, allow_inf_nan=False)] | None = None


class InspectionPayload(Schema):
    uuid: uuid.UUID
    site_type: SiteTypeName
    site_id: Id
    inspected_at: Moment
    answers: dict[Slug, bool | int | float | str | None] = {}
    notes: LongText = ""
    in_service: bool = True
    device: DeviceIn | None = None
    site_version: Version | None = None
    close_work_orders: Annotated[list[Id], Field(max_length=50)] = []
    photo_items: Annotated[list[Slug], Field(max_length=MAX_PHOTOS)] = []


class AnswerOut(Schema):
    key: str
    label_th: str
    label_en: str
    answer_type: str
    value_bool: bool | None
    value_number: float | None
    unit: str
    passed: bool | None


class PhotoOut(Schema):
    uuid: uuid.UUID
    item_key: str
    url: str
    width_px: int
    height_px: int


class InspectionOut(Schema):
    id: int
    uuid: uuid.UUID
    site_type: str
    site_id: int
    plan_id: int | None
    inspected_at: dt.datetime
    inspected_on: dt.date
    inspector: str
    in_service: bool
    notes: str
    device_latitude: float | None
    device_longitude: float | None
    answers: list[AnswerOut]
    photos: list[PhotoOut]
    opened_work_orders: list[int]
    closed_work_orders: list[int]


def inspection_out(inspection: Inspection) -> dict[str, Any]:
    return {
        "id": inspection.pk,
        "uuid": inspection.uuid,
        "site_type": inspection.site_type,
        "site_id": inspection.waste_point_id or inspection.installation_id,
        "plan_id": inspection.plan_id,
        "inspected_at": inspection.inspected_at,
        "inspected_on": inspection.inspected_on,
        "inspector": inspection.inspector.get_username(),
        "in_service": inspection.in_service,
        "notes": inspection.notes,
        "device_latitude": inspection.device_latitude,
        "device_longitude": inspection.device_longitude,
        "answers": list(inspection.answers.all()),
        "photos": [
            {
                "uuid": photo.uuid,
                "item_key": photo.item_key,
                "url": reverse("staff-inspection-photo", args=[photo.uuid]),
                "width_px": photo.width_px,
                "height_px": photo.height_px,
            }
            for photo in inspection.photos.all()
        ],
        # .all(): the list prefetches them (values_list would ask again for every row).
        "opened_work_orders": sorted(o.pk for o in inspection.opened_work_orders.all()),
        "closed_work_orders": sorted(o.pk for o in inspection.closed_work_orders.all()),
    }


def _payload(text: str) -> InspectionPayload:
    try:
        return InspectionPayload.model_validate(json.loads(text))
    except (json.JSONDecodeError, TypeError):
        raise ValidationError({"payload": "give the inspection as a JSON object"}) from None
    except PydanticValidationError as exc:
        raise NinjaValidationError(
            [{**error, "loc": ("payload", *error["loc"])} for error in exc.errors()]
        ) from None


def _photos(payload: InspectionPayload, files: list[UploadedFile]) -> list[inspections.PhotoIn]:
    if len(files) > MAX_PHOTOS:
        raise ValidationError({"photos": f"at most {MAX_PHOTOS} photos per inspection"})
    if len(payload.photo_items) != len(files):
        raise ValidationError(
            {"photo_items": 'give one item key (or "") per photo, in the order sent'}
        )
    out = []
    for key, upload in zip(payload.photo_items, files, strict=True):
        name = (upload.name or "photo")[:100]
        # A file over the limit is refused from its size, before it is read into memory.
        too_large = photo_size_error(name=name, size_bytes=upload.size or 0, field="photos")
        if too_large is not None:
            raise too_large
        out.append(inspections.PhotoIn(item_key=key, name=name, data=upload.read()))
    return out


@router.post(
    "/maintenance/inspections",
    response={200: InspectionOut, 201: InspectionOut, 403: Errors, 409: ConflictOut},
    auth=api_auth,
)
def inspection_create(
    request: HttpRequest,
    payload: Form[str],
    photos: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Any:
    """An inspection as multipart form data: ``payload`` (JSON) and any number of ``photos``,
    each named in ``payload.photo_items`` (its checklist item key, or "" for the site).

    201: stored; 200: this UUID was already stored (the phone sent it twice); 409: the site was
    edited after ``site_version`` (send again with the new ``site_version`` to keep it).
    """
    caller = _need(request, "add_inspection")
    data = _payload(payload)
    files = _photos(data, list(photos or []))
    try:
        result = inspections.inspection_record(
            data=inspections.InspectionIn(
                uuid=data.uuid,
                site_type=data.site_type,
                site_id=data.site_id,
                inspected_at=data.inspected_at,
                answers=data.answers,
                notes=data.notes,
                in_service=data.in_service,
                device_latitude=data.device.latitude if data.device else None,
                device_longitude=data.device.longitude if data.device else None,
                device_accuracy_m=data.device.accuracy_m if data.device else None,
                site_version=data.site_version,
                close_work_orders=data.close_work_orders,
            ),
            photos=files,
            actor=caller.user,
        )
    except SiteConflict as exc:
        return _conflict(exc)
    except PermissionDenied as exc:
        return _forbidden(exc)
    return Status(201 if result.created else 200, inspection_out(result.inspection))


@router.get("/maintenance/inspections/{inspection_uuid}", response=InspectionOut, auth=api_auth)
def inspection_detail(request: HttpRequest, inspection_uuid: uuid.UUID) -> dict:
    _need(request, "view_inspection")
    return inspection_out(get_object_or_404(Inspection, uuid=inspection_uuid))


class InspectionFilters(Schema):
    site_type: SiteTypeName | None = None
    site_id: Id | None = None
    since: Day | None = None


@router.get("/maintenance/inspections", response=list[InspectionOut], auth=api_auth)
@paginate(LimitOffset)
def inspection_list(request: HttpRequest, filters: Query[InspectionFilters]) -> Any:
    _need(request, "view_inspection")
    rows = (
        Inspection.objects.select_related("inspector")
        .prefetch_related("answers", "photos", "opened_work_orders", "closed_work_orders")
        .order_by("-inspected_at", "-id")
    )
    if filters.site_type == SiteType.WASTE_POINT:
        rows = rows.filter(waste_point__isnull=False)
        if filters.site_id:
            rows = rows.filter(waste_point_id=filters.site_id)
    elif filters.site_type == SiteType.INSTALLATION:
        rows = rows.filter(installation__isnull=False)
        if filters.site_id:
            rows = rows.filter(installation_id=filters.site_id)
    if filters.since:
        rows = rows.filter(inspected_on__gte=filters.since)
    return Converted(rows, inspection_out)


# --- Work orders ------------------------------------------------------------------------------


class WorkOrderIn(Schema):
    uuid: uuid.UUID
    site_type: SiteTypeName
    site_id: Id
    title: Title
    description: LongText = ""
    priority: PriorityName = "normal"
    source: Literal["staff", "resident_report", "solar_alert"] = "staff"
    resident_report: Annotated[str, StringConstraints(max_length=500, pattern=r"^[^\x00]*$")] = ""
    out_of_service: bool = False
    assigned_to_id: Id | None = None
    opened_on: Day | None = None
    source_reading_id: Id | None = None
    site_version: Version | None = None


class WorkOrderPatch(Schema):
    """Only the fields sent are changed."""

    title: Title = None  # type: ignore[assignment]
    description: LongText = None  # type: ignore[assignment]
    priority: PriorityName = None  # type: ignore[assignment]
    status: StatusName = None  # type: ignore[assignment]
    assigned_to_id: Id | None = None
    cost_thb: Cost | None = None
    budget_line: BudgetLineName = None  # type: ignore[assignment]
    closed_on: Day | None = None
    closed_by_inspection_id: Id | None = None
    replacement_id: Id | None = None
    out_of_service: bool = None  # type: ignore[assignment]


class WorkOrderOut(Schema):
    id: int
    uuid: uuid.UUID
    site_type: str
    site_id: int
    site_name: str
    title: str
    description: str
    priority: str
    status: str
    assigned_to_id: int | None
    opened_by_id: int | None
    opened_on: dt.date
    closed_on: dt.date | None
    source: str
    source_inspection_id: int | None
    source_item_key: str
    source_reading_id: int | None
    resident_report: str
    out_of_service: bool
    cost_thb: Decimal | None
    budget_line: str
    replacement_id: int | None
    closed_by_inspection_id: int | None
    updated_at: dt.datetime


def work_order_out(order: WorkOrder) -> dict[str, Any]:
    site = order.site
    data = {
        name: getattr(order, name) for name in WorkOrderOut.model_fields if hasattr(order, name)
    }
    data.update(
        site_type=order.site_type,
        site_id=order.waste_point_id or order.installation_id,
        site_name=getattr(site, "name", ""),
    )
    return data


@router.post(
    "/maintenance/work-orders",
    response={200: WorkOrderOut, 201: WorkOrderOut, 409: ConflictOut},
    auth=api_auth,
)
def work_order_create(request: HttpRequest, payload: WorkOrderIn) -> Any:
    """Open a work order (idempotent by ``uuid``; 409 when the site changed since
    ``site_version``)."""
    caller = _need(request, "add_workorder")
    try:
        order, created = workorders.work_order_open(
            data=workorders.WorkOrderIn(**payload.dict()), actor=caller.user
        )
    except SiteConflict as exc:
        return _conflict(exc)
    return Status(201 if created else 200, work_order_out(order))


class WorkOrderFilters(Schema):
    status: list[StatusName] = []
    site_type: SiteTypeName | None = None
    site_id: Id | None = None
    assigned_to_id: Id | None = None


@router.get("/maintenance/work-orders", response=list[WorkOrderOut], auth=api_auth)
@paginate(LimitOffset)
def work_order_list(request: HttpRequest, filters: Query[WorkOrderFilters]) -> Any:
    _need(request, "view_workorder")
    rows = WorkOrder.objects.select_related("waste_point", "installation").order_by("-id")
    if filters.status:
        rows = rows.filter(status__in=filters.status)
    if filters.site_type:
        field_name = "waste_point" if filters.site_type == SiteType.WASTE_POINT else "installation"
        rows = rows.filter(**{f"{field_name}__isnull": False})
        if filters.site_id:
            rows = rows.filter(**{f"{field_name}_id": filters.site_id})
    if filters.assigned_to_id:
        rows = rows.filter(assigned_to_id=filters.assigned_to_id)
    return Converted(rows, work_order_out)


@router.get("/maintenance/work-orders/{order_id}", response=WorkOrderOut, auth=api_auth)
def work_order_detail(request: HttpRequest, order_id: Id) -> dict:
    _need(request, "view_workorder")
    return work_order_out(get_object_or_404(WorkOrder, pk=order_id))


@router.patch(
    "/maintenance/work-orders/{order_id}", response={200: WorkOrderOut, 403: Errors}, auth=api_auth
)
def work_order_patch(request: HttpRequest, order_id: Id, payload: WorkOrderPatch) -> Any:
    """Change status, assignee, priority, cost (environment staff only) or the closing inspection;
    done or cancelled sets the closing day (today unless given)."""
    caller = _need(request, "change_workorder")
    order = get_object_or_404(WorkOrder, pk=order_id)
    try:
        workorders.work_order_update(
            order=order, changes=payload.dict(exclude_unset=True), actor=caller.user
        )
    except PermissionDenied as exc:
        return _forbidden(exc)
    return Status(200, work_order_out(order))


# --- Budget -----------------------------------------------------------------------------------


class BudgetQuery(Schema):
    years: Annotated[int, Field(ge=1, le=20)] = 3


@router.get("/maintenance/budget", response=dict[str, Any], auth=api_auth)
def budget_json(request: HttpRequest, query: Query[BudgetQuery]) -> dict:
    """The forecast for the next fiscal years: replacements and average repairs by budget line."""
    _need(request, "view_unitcost")
    forecast = budget.budget_forecast(today=timezone.localdate(), years=query.years)
    return {
        "today": forecast.today.isoformat(),
        "fiscal_years_be": [thaidates.be_year(y) for y in forecast.fiscal_years_ce],
        "lines": [
            {
                "fiscal_year_be": line.fiscal_year_be,
                "budget_line": line.budget_line,
                "replacements_thb": str(line.replacements_thb),
                "corrective_thb": str(line.corrective_thb),
                "total_thb": str(line.total_thb),
            }
            for line in forecast.lines
        ],
        "replacements": len(forecast.replacements),
        "history_start": forecast.history_start.isoformat() if forecast.history_start else None,
        "history_end": forecast.history_end.isoformat() if forecast.history_end else None,
        "unknown_age_sites": forecast.unknown_age_sites,
        "missing_costs": list(forecast.missing_costs),
    }


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get(
    "/maintenance/budget.xlsx",
    auth=api_auth,
    openapi_extra={
        "responses": {
            200: {
                "description": "XLSX",
                "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def budget_xlsx(request: HttpRequest, query: Query[BudgetQuery]) -> HttpResponse:
    _need(request, "view_unitcost")
    forecast = budget.budget_forecast(today=timezone.localdate(), years=query.years)
    response = HttpResponse(budget_files.budget_forecast_xlsx(forecast), content_type=XLSX)
    first = thaidates.be_year(forecast.fiscal_years_ce[0])
    response["Content-Disposition"] = f'attachment; filename="maintenance-budget-{first}.xlsx"'
    return response
