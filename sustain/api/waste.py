"""Waste-sorting points and the collections recorded at them."""

from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field, StringConstraints

from sustain.api.common import (
    CSV_RESPONSE,
    BboxText,
    Day,
    Id,
    Moment,
    api_auth,
    bbox_filter,
    caller_of,
    csv_response,
    require,
)  # fmt: skip
from sustain.api.crud import Converted, LimitOffset, crud_create, crud_delete, crud_update
from sustain.api.schemas_waste import (
    CollectionIn,
    CollectionOut,
    CollectionPatch,
    DestinationName,
    OsmMaterial,
    PointKindName,
    StreamName,
    WastePointIn,
    WastePointOut,
    WastePointPatch,
)  # fmt: skip
from sustain.models import Material, WasteCollection, WastePoint
from sustain.services.records import record_save

router = Router(tags=["waste"])

POINT_FIELDS = list(WastePointOut.model_fields)


PointOrdering = Literal["name", "-name", "updated_at", "-updated_at", "id", "-id"]


class PointFilters(Schema):
    kind: PointKindName | None = None
    village_id: Id | None = None
    material: OsmMaterial | None = None
    active: bool | None = None
    bbox: BboxText | None = Field(None, description="min_lon,min_lat,max_lon,max_lat (WGS 84)")
    updated_since: Moment | None = None
    ordering: PointOrdering = "name"


def points_filtered(filters: PointFilters) -> Any:
    conditions = {
        "kind": filters.kind, "village_id": filters.village_id, "active": filters.active,
        "updated_at__gte": filters.updated_since,
    }  # fmt: skip
    points = WastePoint.objects.order_by(filters.ordering, "id").filter(
        **{k: v for k, v in conditions.items() if v is not None}
    )
    points = bbox_filter(points, filters.bbox)
    if filters.material:  # a JSON list: filtered here, as SQLite cannot search inside it
        wanted = [
            p.pk
            for p in points.only("id", "accepted_materials")
            if filters.material in p.accepted_materials
        ]
        points = points.filter(pk__in=wanted)
    return points


@router.get("/waste/points", response=list[WastePointOut])
@paginate(LimitOffset)
def point_list(request: HttpRequest, filters: Query[PointFilters]) -> Any:
    caller_of(request)
    return points_filtered(filters)


@router.get("/waste/points.csv", openapi_extra=CSV_RESPONSE)
def point_csv(request: HttpRequest, filters: Query[PointFilters]) -> HttpResponse:
    caller_of(request)
    return csv_response(
        "waste-points.csv",
        POINT_FIELDS,
        (
            [";".join(v) if isinstance(v := getattr(p, f), list) else v for f in POINT_FIELDS]
            for p in points_filtered(filters)
        ),
    )


@router.get("/waste/points/{point_id}", response=WastePointOut)
def point_detail(request: HttpRequest, point_id: Id) -> WastePoint:
    caller_of(request)
    return get_object_or_404(WastePoint, pk=point_id)


@router.post("/waste/points", response={201: WastePointOut}, auth=api_auth)
def point_create(request: HttpRequest, payload: WastePointIn) -> Status[WastePoint]:
    return crud_create(request, WastePoint, payload)


@router.patch("/waste/points/{point_id}", response=WastePointOut, auth=api_auth)
def point_update(request: HttpRequest, point_id: Id, payload: WastePointPatch) -> WastePoint:
    return crud_update(request, WastePoint, point_id, payload, partial=True)


@router.delete("/waste/points/{point_id}", response={204: None}, auth=api_auth)
def point_delete(request: HttpRequest, point_id: Id) -> Status[None]:
    return crud_delete(request, WastePoint, point_id)


# --- Collections ---------------------------------------------------------------------------


def collection_out(c: WasteCollection) -> dict[str, Any]:
    return {
        "id": c.pk, "point_id": c.point_id, "collected_on": c.collected_on,
        "material": c.material.code, "stream": c.material.stream, "mass_kg": c.mass_kg,
        "destination": c.destination, "price_thb_per_kg": c.price_thb_per_kg,
        "updated_at": c.updated_at,
    }  # fmt: skip


CollectionOrdering = Literal[
    "collected_on", "-collected_on", "mass_kg", "-mass_kg", "updated_at", "-updated_at"
]  # fmt: skip


MaterialCode = Annotated[str, StringConstraints(max_length=40, pattern=r"^[-a-zA-Z0-9_]+$")]


class CollectionFilters(Schema):
    point_id: Id | None = None
    village_id: Id | None = None
    material: (
        Annotated[str, StringConstraints(max_length=40, pattern=r"^[-a-zA-Z0-9_]+$")] | None
    ) = None
    stream: StreamName | None = None
    destination: DestinationName | None = None
    date_from: Day | None = None
    date_to: Day | None = None
    updated_since: Moment | None = None
    ordering: CollectionOrdering = "-collected_on"


def collections_filtered(filters: CollectionFilters) -> Any:
    rows = WasteCollection.objects.select_related("material").order_by(filters.ordering, "id")
    conditions = {
        "point_id": filters.point_id, "point__village_id": filters.village_id,
        "material__code": filters.material, "material__stream": filters.stream,
        "destination": filters.destination, "collected_on__gte": filters.date_from,
        "collected_on__lte": filters.date_to, "updated_at__gte": filters.updated_since,
    }  # fmt: skip
    return rows.filter(**{k: v for k, v in conditions.items() if v is not None})


@router.get("/waste/collections", response=list[CollectionOut])
@paginate(LimitOffset)
def collection_list(
    request: HttpRequest, filters: Query[CollectionFilters]
) -> Converted[WasteCollection]:
    caller_of(request)
    return Converted(collections_filtered(filters), collection_out)


@router.get("/waste/collections.csv", openapi_extra=CSV_RESPONSE)
def collection_csv(request: HttpRequest, filters: Query[CollectionFilters]) -> HttpResponse:
    caller_of(request)
    header = list(CollectionOut.model_fields)
    return csv_response(
        "waste-collections.csv",
        header,
        ([collection_out(c)[h] for h in header] for c in collections_filtered(filters)),
    )


@router.get("/waste/collections/{collection_id}", response=CollectionOut)
def collection_detail(request: HttpRequest, collection_id: Id) -> dict:
    caller_of(request)
    return collection_out(
        get_object_or_404(WasteCollection.objects.select_related("material"), pk=collection_id)
    )


def _with_material(
    collection: WasteCollection, payload: Schema, *, partial: bool
) -> WasteCollection:
    data = payload.dict(exclude_unset=partial)
    code = data.pop("material", None)
    for field, value in data.items():
        setattr(collection, field, value)
    if code is not None:
        material = Material.objects.filter(code=code).first()
        if material is None:
            raise ValidationError({"material": f"Unknown material code {code!r}."}, code="unknown")
        collection.material = material
    return collection


@router.post("/waste/collections", response={201: CollectionOut}, auth=api_auth)
def collection_create(request: HttpRequest, payload: CollectionIn) -> Status[dict]:
    caller = require(request, "add", WasteCollection)
    collection = _with_material(WasteCollection(), payload, partial=False)
    return Status(201, collection_out(record_save(obj=collection, actor=caller.user)))


@router.patch("/waste/collections/{collection_id}", response=CollectionOut, auth=api_auth)
def collection_update(request: HttpRequest, collection_id: Id, payload: CollectionPatch) -> dict:
    caller = require(request, "change", WasteCollection)
    collection = get_object_or_404(WasteCollection, pk=collection_id)
    return collection_out(
        record_save(obj=_with_material(collection, payload, partial=True), actor=caller.user)
    )


@router.delete("/waste/collections/{collection_id}", response={204: None}, auth=api_auth)
def collection_delete(request: HttpRequest, collection_id: Id) -> Status[None]:
    return crud_delete(request, WasteCollection, collection_id)
