"""Geometry checks of an import: the geometry a target needs (polygons may become points),
features far from the municipality or outside its service area (a wrong CRS, swapped axes,
another place's file), stored-form geometry comparison, and a grid index of existing sites."""

from __future__ import annotations

import json
import math
import statistics
from collections import defaultdict
from typing import Any, cast

import shapely
from shapely.geometry import Point, shape
from shapely.geometry import mapping as shapely_mapping
from shapely.ops import nearest_points

from sustain.core import geo
from sustain.core.gisfiles import GisFileError, Layer
from sustain.services.gis.places import municipality_get
from sustain.services.gis.targets import CellError, Target

FAR_MIN_KM = 20.0
GEOMETRY_TOLERANCE_DEG = 1e-7  # about 1 cm: file round trips move coordinates less than this
POLYGONS = ("Polygon", "MultiPolygon")


class SiteIndex:
    """Existing sites on a ~100 m grid, to find the same or a nearby site without a scan."""

    CELL_DEG = 0.001

    def __init__(self, sites: list[Any]) -> None:
        self.cells: dict[tuple[int, int], list[Any]] = defaultdict(list)
        for site in sites:
            self.add(site)

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        return int(lat // self.CELL_DEG), int(lon // self.CELL_DEG)

    def add(self, site: Any) -> None:
        self.cells[self._cell(site.latitude, site.longitude)].append(site)

    def around(self, lat: float, lon: float) -> list[Any]:
        row, col = self._cell(lat, lon)
        return [
            s
            for dr in (-1, 0, 1)
            for dc in (-1, 0, 1)
            for s in self.cells.get((row + dr, col + dc), [])
        ]


def normalised_geojson(geometry: Any) -> dict[str, Any]:
    """A (multi)polygon as stored: GeoJSON with lists (not tuples), coordinates to 7 decimals
    (about 1 cm), so the same file read again gives the same value."""
    rounded = shapely.set_precision(geometry, 1e-7) if not geometry.is_empty else geometry
    mapping = shapely_mapping(rounded if rounded.is_valid else geometry)
    return cast(dict[str, Any], json.loads(json.dumps(mapping)))


def same_geometry(stored: Any, new: Any) -> bool:
    """Two GeoJSON geometries equal within 1e-7 degrees, ring order and start ignored."""
    try:
        a, b = shape(stored).normalize(), shape(new).normalize()
    except (ValueError, TypeError, AttributeError, KeyError, IndexError):
        return False
    return bool(a.equals_exact(b, tolerance=GEOMETRY_TOLERANCE_DEG))


def geometry_values(
    target: Target, geometry: Any, *, polygons_as_points: bool = False
) -> tuple[dict[str, Any], str]:
    """The fields a feature's geometry gives (and a note for staff), or a CellError saying why
    it does not fit the target."""
    if target.geometry is None:
        return {}, ""
    if geometry is None or geometry.is_empty:
        if target.geometry == "optional_point":
            return {}, ""
        raise CellError(f"the feature has no geometry: {target.geometry}s need one")
    kind = geometry.geom_type
    if target.geometry in ("point", "optional_point"):
        note = ""
        if kind == "MultiPoint" and len(geometry.geoms) == 1:
            geometry = geometry.geoms[0]
        elif kind in POLYGONS and polygons_as_points:
            geometry = geometry.representative_point()
            note = f"a {kind}, imported at its representative point"
        elif kind in POLYGONS:
            raise CellError(
                f"a point is needed, the feature is a {kind} (choose “polygons as points” to "
                "import it at its representative point)"
            )
        if geometry.geom_type != "Point":
            raise CellError(f"a point is needed, the feature is a {kind}")
        return {"latitude": round(geometry.y, 7), "longitude": round(geometry.x, 7)}, note
    if kind not in POLYGONS:
        raise CellError(f"a polygon is needed, the feature is a {kind}")
    return {"boundary_geojson": normalised_geojson(geometry)}, ""


def check_geometry_types(target: Target, layer: Layer, *, polygons_as_points: bool = False) -> None:
    """Refuse a file in which no feature could fit the target (each row would be refused)."""
    if target.geometry in (None, "optional_point"):
        return
    kinds = {g.geom_type for g in layer.frame.geometry if g is not None and not g.is_empty}
    wanted = {"point": {"Point", "MultiPoint"}, "polygon": set(POLYGONS)}[target.geometry]
    if target.geometry == "point" and polygons_as_points:
        wanted |= set(POLYGONS)
    if not kinds & wanted:
        raise GisFileError(
            f"file: {target.key} need {target.geometry}s, the layer holds "
            f"{', '.join(sorted(kinds)) or 'no geometry'}"
        )


def _service_area(municipality: Any) -> tuple[Any, float]:
    """The service area polygon (or None) and the radius used without one [m]."""
    boundary = municipality.service_area_geojson
    area = geo.area_from_geojson(boundary) if boundary else None
    return area, municipality.service_radius_km * 1000


def _outside_area(polygon: Any, area: Any, centre: tuple[float, float], radius_m: float) -> bool:
    """True when the polygon does not touch the service area (or its circle)."""
    if area is not None:
        return not bool(area.intersects(polygon))
    here = Point(centre[1], centre[0])
    if polygon.covers(here):
        return False
    nearest = nearest_points(polygon, here)[0]
    return geo.distance_m(centre[0], centre[1], nearest.y, nearest.x) > radius_m


def far_features(target: Target, geometries: Any) -> tuple[dict[str, Any] | None, dict[int, str]]:
    """Features far from the municipality (read from the file's geometry, so rows with invalid
    values count too): probably a wrong CRS, swapped axes or another place's file. A polygon is
    placed at its representative point; a polygon that does not touch the service area is
    flagged too. Returns the summary and a warning per flagged row (rows numbered from 1)."""
    municipality = municipality_get()
    if municipality is None or target.geometry not in ("point", "polygon"):
        return None, {}
    centre = (municipality.reference_latitude, municipality.reference_longitude)
    limit_km = max(FAR_MIN_KM, municipality.service_radius_km * 3)
    area, radius_m = _service_area(municipality)
    warnings: dict[int, str] = {}
    distances, swapped, outside = [], 0, 0
    for number, geometry in enumerate(geometries, start=1):
        if geometry is None or geometry.is_empty:
            continue
        kind = geometry.geom_type
        if kind in POLYGONS:
            where = geometry.representative_point()
        elif kind == "Point":
            where = geometry
        else:
            continue
        lat, lon = where.y, where.x
        km = geo.distance_m(*centre, lat, lon) / 1000 if abs(lat) <= 90 else math.inf
        if km > limit_km:
            distances.append(km)
            if abs(lon) <= 90 and geo.distance_m(*centre, lon, lat) / 1000 <= limit_km:
                swapped += 1
            warnings[number] = (
                f"{km:,.0f} km from {municipality.name_th}: check the coordinate system"
            )
        elif (
            target.geometry == "polygon"
            and kind in POLYGONS
            and _outside_area(geometry, area, centre, radius_m)
        ):
            outside += 1
            warnings[number] = (
                f"does not overlap the service area of {municipality.name_th}: "
                "check the file and its coordinate system"
            )
    if not warnings:
        return None, {}
    summary = {
        "rows": list(warnings)[:50],
        "count": len(warnings),
        "median_km": statistics.median(distances)
        if distances and math.inf not in distances
        else None,
        "limit_km": limit_km,
        "axes_swapped": bool(distances) and swapped == len(distances) and not outside,
        "outside_area": outside,
    }
    return summary, warnings
