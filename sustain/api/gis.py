"""GIS files out (any filtered set, for QGIS, the province and OpenStreetMap) and in (staff).

Exports use the same filters and the same per-caller rows as the JSON lists, so a public export
carries exactly what the public API shows (households snapped and renamed, no owners) and a
staff export what staff see.
"""

import json
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from shapely.geometry import Point, shape

from sustain.api.common import Id, api_auth, caller_of, require_staff
from sustain.api.enterprises import enterprise_out
from sustain.api.solar import InstallationFilters, installation_out, installations_filtered
from sustain.api.waste import (
    POINT_FIELDS,
    CollectionFilters,
    PointFilters,
    collection_out,
    collections_filtered,
    points_filtered,
)
from sustain.gisfiles import WRITE_FORMATS, write_layer
from sustain.models import CommunityEnterprise, ImportJob, ImportMode, Village
from sustain.services import gis_jobs
from sustain.services.gis_osm import osm_tags

router = Router(tags=["GIS files"])

GisFormat = Literal["gpkg", "geojson", "shp", "csv", "xlsx"]
BINARY = {"type": "string", "format": "binary"}
TargetName = Literal["installations", "waste_points", "villages", "collections", "enterprises"]
FILE_RESPONSE = {
    "responses": {
        200: {
            "description": "The file (GeoPackage, GeoJSON, zipped Shapefile, CSV or XLSX)",
            "content": {
                content_type: {"schema": {"type": "object"} if "json" in content_type else BINARY}
                for _driver, content_type, _extension in WRITE_FORMATS.values()
            },
        }
    }
}


def _file(rows: list[dict[str, Any]], geometries: list[Any], fmt: str, layer: str) -> HttpResponse:
    content, name, content_type = write_layer(rows, geometries, fmt=fmt, layer=layer)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _osm_file(points: list[Any]) -> HttpResponse:
    features = []
    for point in points:
        tags = osm_tags(point)
        feature: dict[str, Any] = {"type": "Feature", "properties": tags}
        feature["geometry"] = {
            "type": "Point",
            "coordinates": [round(point.longitude, 7), round(point.latitude, 7)],
        }
        if "@id" in tags:
            feature["id"] = tags["@id"]
        features.append(feature)
    body = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    response = HttpResponse(body.encode(), content_type="application/geo+json")
    response["Content-Disposition"] = 'attachment; filename="waste_points_osm.geojson"'
    return response


def _point_rows(items: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[Any]]:
    rows = [{k: v for k, v in item.items() if k not in ("latitude", "longitude")} for item in items]
    return rows, [Point(item["longitude"], item["latitude"]) for item in items]


@router.get("/export/installations", auth=None, openapi_extra=FILE_RESPONSE)
def export_installations(
    request: HttpRequest, filters: Query[InstallationFilters], format: GisFormat = "gpkg"
) -> HttpResponse:
    caller = caller_of(request)
    items = [installation_out(i, caller) for i in installations_filtered(caller, filters)]
    return _file(*_point_rows(items), format, "solar_installations")


@router.get("/export/waste-points", auth=None, openapi_extra=FILE_RESPONSE)
def export_waste_points(
    request: HttpRequest, filters: Query[PointFilters], format: GisFormat | Literal["osm"] = "gpkg"
) -> HttpResponse:
    """``format=osm``: GeoJSON whose properties are exactly the OpenStreetMap tags each point
    has (as overpass-turbo writes them: ``@id`` for points that came from OpenStreetMap, no
    empty tags); it imports back unchanged."""
    caller_of(request)
    points = list(points_filtered(filters))
    geometries = [Point(p.longitude, p.latitude) for p in points]
    if format == "osm":
        return _osm_file(points)
    rows = [
        {f: getattr(p, f) for f in POINT_FIELDS if f not in ("latitude", "longitude")}
        for p in points
    ]
    return _file(rows, geometries, format, "waste_points")


@router.get("/export/villages", auth=None, openapi_extra=FILE_RESPONSE)
def export_villages(request: HttpRequest, format: GisFormat = "gpkg") -> HttpResponse:
    caller_of(request)
    villages = list(Village.objects.order_by("moo"))
    rows = [
        {"id": v.pk, "moo": v.moo, "name_th": v.name_th, "name_en": v.name_en,
         "geocode": v.geocode, "population": v.population}
        for v in villages
    ]  # fmt: skip
    geometries = [shape(v.boundary_geojson) if v.boundary_geojson else None for v in villages]
    return _file(rows, geometries, format, "villages")


@router.get("/export/enterprises", auth=None, openapi_extra=FILE_RESPONSE)
def export_enterprises(request: HttpRequest, format: GisFormat = "gpkg") -> HttpResponse:
    caller = caller_of(request)
    enterprises = list(CommunityEnterprise.objects.order_by("name", "id"))
    rows = [enterprise_out(e, caller) for e in enterprises]
    for row in rows:
        row.pop("latitude", None), row.pop("longitude", None)
    geometries = [
        Point(e.longitude, e.latitude) if e.latitude is not None else None for e in enterprises
    ]
    return _file(rows, geometries, format, "community_enterprises")


@router.get("/export/collections", auth=None, openapi_extra=FILE_RESPONSE)
def export_collections(
    request: HttpRequest, filters: Query[CollectionFilters], format: Literal["csv", "xlsx"] = "csv"
) -> HttpResponse:
    """Collections are a table (no geometry): CSV or XLSX."""
    caller_of(request)
    rows = [collection_out(c) for c in collections_filtered(filters)]
    return _file(rows, [None] * len(rows), format, "waste_collections")


class ImportJobOut(Schema):
    id: int
    target: str
    original_name: str
    phase: str
    status: str
    progress_pct: int
    committed: bool
    layers: list[str]
    polygons_as_points: bool
    error: str
    result: dict[str, Any] | None


class CommitIn(Schema):
    mode: Literal["all", "valid_only"] = "all"
    accept_far: bool = False


def _json_form(text: str, field: str, kind: type, example: str) -> Any:
    if not text:
        return None
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        raise ValidationError({field: f"give a JSON {example}"}) from None
    if not isinstance(value, kind):
        raise ValidationError({field: f"give a JSON {example}"})
    return value


@router.post("/imports", response={202: ImportJobOut}, auth=api_auth)
def import_start(
    request: HttpRequest,
    file: File[UploadedFile],
    target: Form[
        Literal["installations", "waste_points", "villages", "collections", "enterprises"]
    ],
    crs: Form[str] = "",
    mapping: Form[str] = "",
    layers: Form[str] = "",
    polygons_as_points: Form[bool] = False,
) -> tuple[int, ImportJob]:
    """Upload a file; its dry run starts at once. Poll ``GET /api/imports/{id}``.

    ``mapping``: a JSON object of field: column (``"@layer"`` is the KML folder or GeoPackage
    layer of each feature). ``layers``: a JSON list of the layers to read (default all).
    ``polygons_as_points``: import polygons at their representative point."""
    caller = require_staff(request)
    columns = _json_form(mapping, "mapping", dict, "object of field: column")
    chosen = _json_form(layers, "layers", list, "list of layer names")
    job = gis_jobs.job_start(
        target=target, upload=file, filename=file.name or "upload", crs=crs[:60],
        mapping=columns, actor=caller.user, layers=chosen,
        polygons_as_points=polygons_as_points,
    )  # fmt: skip
    return 202, job


@router.get("/imports/{job_id}", response=ImportJobOut, auth=api_auth)
def import_detail(request: HttpRequest, job_id: Id) -> ImportJob:
    require_staff(request)
    return get_object_or_404(ImportJob, pk=job_id)


@router.post("/imports/{job_id}/commit", response={202: ImportJobOut}, auth=api_auth)
def import_commit(request: HttpRequest, job_id: Id, payload: CommitIn) -> tuple[int, ImportJob]:
    require_staff(request)
    job = get_object_or_404(ImportJob, pk=job_id)
    mode = ImportMode.VALID_ONLY if payload.mode == "valid_only" else ImportMode.ALL_OR_NOTHING
    return 202, gis_jobs.job_commit_request(job=job, mode=mode, accept_far=payload.accept_far)
