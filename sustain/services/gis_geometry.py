"""Geometry checks of an import: the geometry a target needs, points far from the municipality
(a wrong CRS or swapped axes), and a grid index of existing sites for nearby matches."""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from typing import Any

from shapely.geometry import mapping as shapely_mapping

from sustain import geo
from sustain.gisfiles import GisFileError, Layer
from sustain.services.gis_targets import CellError, Target
from sustain.services.places import municipality_get

FAR_MIN_KM = 20.0


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


def geometry_values(target: Target, geometry: Any) -> dict[str, Any]:
    if target.geometry is None:
        return {}
    if geometry is None or geometry.is_empty:
        if target.geometry == "optional_point":
            return {}
        raise CellError("the feature has no geometry")
    if target.geometry in ("point", "optional_point"):
        if geometry.geom_type == "MultiPoint" and len(geometry.geoms) == 1:
            geometry = geometry.geoms[0]
        if geometry.geom_type != "Point":
            raise CellError(f"a point is needed, the feature is a {geometry.geom_type}")
        return {"latitude": round(geometry.y, 7), "longitude": round(geometry.x, 7)}
    if geometry.geom_type not in ("Polygon", "MultiPolygon"):
        raise CellError(f"a polygon is needed, the feature is a {geometry.geom_type}")
    return {"boundary_geojson": shapely_mapping(geometry.simplify(0))}


def check_geometry_types(target: Target, layer: Layer) -> None:
    if target.geometry in (None, "optional_point"):
        return
    kinds = {g.geom_type for g in layer.frame.geometry if g is not None and not g.is_empty}
    wanted = {"point": {"Point", "MultiPoint"}, "polygon": {"Polygon", "MultiPolygon"}}[
        target.geometry
    ]
    if not kinds & wanted:
        raise GisFileError(
            f"file: {target.key} need {target.geometry}s, the layer holds "
            f"{', '.join(sorted(kinds)) or 'no geometry'}"
        )


def far_points(target: Target, geometries: Any) -> tuple[dict[str, Any] | None, dict[int, str]]:
    """Points far from the municipality (read from the file's geometry, so rows with invalid
    coordinates count too): probably a wrong CRS or swapped axes. Returns the summary and a
    warning per far row (rows numbered from 1)."""
    municipality = municipality_get()
    if municipality is None or target.geometry != "point":
        return None, {}
    centre = (municipality.reference_latitude, municipality.reference_longitude)
    limit_km = max(FAR_MIN_KM, municipality.service_radius_km * 3)
    warnings: dict[int, str] = {}
    distances, swapped = [], 0
    for number, geometry in enumerate(geometries, start=1):
        if geometry is None or geometry.is_empty or geometry.geom_type != "Point":
            continue
        lat, lon = geometry.y, geometry.x
        km = geo.distance_m(*centre, lat, lon) / 1000 if abs(lat) <= 90 else math.inf
        if km > limit_km:
            distances.append(km)
            if abs(lon) <= 90 and geo.distance_m(*centre, lon, lat) / 1000 <= limit_km:
                swapped += 1
            warnings[number] = (
                f"{km:,.0f} km from {municipality.name_th}: check the coordinate system"
            )
    if not warnings:
        return None, {}
    summary = {
        "rows": list(warnings)[:50],
        "count": len(warnings),
        "median_km": statistics.median(distances) if math.inf not in distances else None,
        "limit_km": limit_km,
        "axes_swapped": swapped == len(warnings),
    }
    return summary, warnings
