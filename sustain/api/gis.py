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
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from shapely.geometry import Point, shape

from sustain import permissions
from sustain.api.common import Id, api_auth, caller_of, require_perms
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
from sustain.core.gisfiles import WRITE_FORMATS, StyledLayer, write_geopackage, write_layer
from sustain.core.gisfiles import styles as styles_qml
from sustain.core.gisfiles.styles import Category
from sustain.models import (
    CommunityEnterprise,
    ImportJob,
    ImportMode,
    SolarInstallation,
    Village,
    WastePoint,
    WastePointKind,
)
from sustain.models.waste import STREAM_BIN_COLOUR, WasteStream
from sustain.services.gis import jobs as gis_jobs
from sustain.services.gis import map_style
from sustain.services.gis.osm import osm_tags

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


@router.get("/export/installations", openapi_extra=FILE_RESPONSE)
def export_installations(
    request: HttpRequest, filters: Query[InstallationFilters], format: GisFormat = "gpkg"
) -> HttpResponse:
    caller = caller_of(request)
    items = [installation_out(i, caller) for i in installations_filtered(caller, filters)]
    return _file(*_point_rows(items), format, "solar_installations")


@router.get("/export/waste-points", openapi_extra=FILE_RESPONSE)
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


@router.get("/export/villages", openapi_extra=FILE_RESPONSE)
def export_villages(request: HttpRequest, format: GisFormat = "gpkg") -> HttpResponse:
    caller_of(request)
    villages = list(Village.objects.order_by("moo"))
    rows = _village_rows(villages)
    geometries = [shape(v.boundary_geojson) if v.boundary_geojson else None for v in villages]
    return _file(rows, geometries, format, "villages")


GPKG_RESPONSE = {
    "responses": {
        200: {
            "description": "A GeoPackage with every layer and its QGIS style (layer_styles)",
            "content": {"application/geopackage+sqlite3": {"schema": BINARY}},
        }
    }
}


@router.get("/export/map", openapi_extra=GPKG_RESPONSE)
def export_map(request: HttpRequest) -> HttpResponse:
    """The whole map in one GeoPackage for QGIS: waste points, solar installations and villages
    with their styles (bin colours and kind letters as on the website). Public unless staff."""
    caller = caller_of(request)
    styles = map_style.material_styles()
    points = list(WastePoint.objects.filter(active=True).order_by("id"))
    point_rows = []
    for p in points:
        row = {f: getattr(p, f) for f in POINT_FIELDS if f not in ("latitude", "longitude")}
        row["kind_letter"] = map_style.KIND_LETTERS[WastePointKind(p.kind)]
        row["bin_colour"] = map_style.point_colour(p.accepted_materials, styles)
        point_rows.append(row)
    categories = [
        Category(STREAM_BIN_COLOUR[stream], str(stream.label)) for stream in WasteStream
    ] + [Category(map_style.NO_STREAM_COLOUR, _("no stated material"))]
    installations = [installation_out(i, caller) for i in SolarInstallation.objects.order_by("id")]
    villages = list(Village.objects.order_by("moo"))
    layers = [
        StyledLayer(
            "waste_points", point_rows, [Point(p.longitude, p.latitude) for p in points], "Point",
            _("Waste-sorting points"),
            styles_qml.points_qml("bin_colour", categories, "kind_letter"),
            styles_qml.points_sld("waste_points", "bin_colour", categories, "kind_letter"),
        ),
        StyledLayer(
            "solar_installations", *_point_rows(installations), "Point", _("Solar installations"),
            styles_qml.single_points_qml(map_style.SOLAR_COLOUR, "☀"),
            styles_qml.single_points_sld("solar_installations", map_style.SOLAR_COLOUR),
        ),
        StyledLayer(
            "villages", _village_rows(villages),
            [shape(v.boundary_geojson) if v.boundary_geojson else None for v in villages],
            "Polygon", _("Villages"),
            styles_qml.outlines_qml(map_style.VILLAGE_OUTLINE, "name_th"),
            styles_qml.outlines_sld("villages", map_style.VILLAGE_OUTLINE, "name_th"),
        ),
    ]  # fmt: skip
    content = write_geopackage(layers, updated=timezone.now())
    response = HttpResponse(content, content_type="application/geopackage+sqlite3")
    response["Content-Disposition"] = 'attachment; filename="sustain_map.gpkg"'
    return response


def _village_rows(villages: list[Village]) -> list[dict[str, Any]]:
    return [
        {"id": v.pk, "moo": v.moo, "name_th": v.name_th, "name_en": v.name_en,
         "geocode": v.geocode, "population": v.population}
        for v in villages
    ]  # fmt: skip


@router.get("/export/enterprises", openapi_extra=FILE_RESPONSE)
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


@router.get("/export/collections", openapi_extra=FILE_RESPONSE)
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
    step: str
    attempts: int
    committed: bool
    failure: str
    layers: list[str]
    polygons_as_points: bool
    error: str
    result: dict[str, Any] | None


def _job_out(job: ImportJob) -> dict[str, Any]:
    return {
        "id": job.pk, "target": job.target, "original_name": job.original_name,
        "phase": job.phase, "status": job.status, "progress_pct": job.progress_pct,
        "step": job.step_label() if job.step else "", "attempts": job.attempts,
        "committed": job.committed, "failure": job.failure_message(), "error": job.error,
        "layers": job.layers, "polygons_as_points": job.polygons_as_points, "result": job.result,
    }  # fmt: skip


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
    crs: str = Form(
        "", pattern=r"^((EPSG|epsg):)?[0-9]{4,6}$|^$", description="an EPSG code, e.g. 32647"
    ),
    mapping: Form[str] = "",
    layers: Form[str] = "",
    polygons_as_points: Form[Literal["true", "false"]] = "false",
) -> Status[dict[str, Any]]:
    """Upload a file; its dry run starts at once. Poll ``GET /api/imports/{id}``.

    ``mapping``: a JSON object of field: column (``"@layer"`` is the KML folder or GeoPackage
    layer of each feature). ``layers``: a JSON list of the layers to read (default all).
    ``polygons_as_points``: ``true`` imports polygons at their representative point."""
    caller = require_perms(request, *permissions.import_perms(target))
    columns = _json_form(mapping, "mapping", dict, "object of field: column")
    chosen = _json_form(layers, "layers", list, "list of layer names")
    job = gis_jobs.job_start(
        target=target, upload=file, filename=file.name or "upload", crs=crs.strip(),
        mapping=columns, actor=caller.user, layers=chosen,
        polygons_as_points=polygons_as_points == "true",
    )  # fmt: skip
    return Status(202, _job_out(job))


@router.get("/imports/{job_id}", response=ImportJobOut, auth=api_auth)
def import_detail(request: HttpRequest, job_id: Id) -> dict[str, Any]:
    require_perms(request, "sustain.view_importjob")
    return _job_out(get_object_or_404(ImportJob, pk=job_id))


@router.post("/imports/{job_id}/commit", response={202: ImportJobOut}, auth=api_auth)
def import_commit(request: HttpRequest, job_id: Id, payload: CommitIn) -> Status[dict[str, Any]]:
    """Commit a checked file once; 409 when it is already committing or imported."""
    require_perms(request, permissions.IMPORT_GIS)
    job = get_object_or_404(ImportJob, pk=job_id)
    require_perms(request, *permissions.import_perms(job.target))
    mode = ImportMode.VALID_ONLY if payload.mode == "valid_only" else ImportMode.ALL_OR_NOTHING
    job = gis_jobs.job_commit_request(job=job, mode=mode, accept_far=payload.accept_far)
    return Status(202, _job_out(job))
