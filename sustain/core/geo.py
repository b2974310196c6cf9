"""Pure geometry on WGS 84 coordinates (no Django imports): distances, areas, containment."""

import math
from typing import Any

import shapely
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG), good to 0.5 % for distances


def distance_m(lat1_deg: float, lon1_deg: float, lat2_deg: float, lon2_deg: float) -> float:
    """Great-circle (haversine) distance between two WGS 84 points [m]."""
    phi1, phi2 = math.radians(lat1_deg), math.radians(lat2_deg)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2_deg - lon1_deg)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def geojson_area_error(value: Any) -> str:
    """Why ``value`` is not a usable GeoJSON (Multi)Polygon in lon/lat order; "" when it is."""
    if not isinstance(value, dict):
        return "expected a JSON object with 'type' and 'coordinates'"
    if value.get("type") not in ("Polygon", "MultiPolygon"):
        return f"type must be Polygon or MultiPolygon, got {value.get('type')!r}"
    try:
        geom = shape(value)
    except (ValueError, TypeError, AttributeError, IndexError, KeyError) as exc:
        return f"coordinates cannot be read ({exc})"
    if geom.is_empty:
        return "the polygon is empty"
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        return "coordinates are outside longitude -180..180 / latitude -90..90"
    if not geom.is_valid:
        return f"the polygon is not valid ({shapely.is_valid_reason(geom)})"
    return ""


def area_from_geojson(value: Any) -> BaseGeometry:
    """A shapely geometry from a GeoJSON mapping already checked by ``geojson_area_error``."""
    return shape(value)


def contains_point(area: BaseGeometry, *, latitude: float, longitude: float) -> bool:
    """True when the point lies inside or on the edge of ``area`` (lon/lat order)."""
    return bool(area.covers(Point(longitude, latitude)))


def distance_outside_area_m(
    *,
    latitude: float,
    longitude: float,
    area: BaseGeometry | None,
    centre_latitude: float,
    centre_longitude: float,
    radius_m: float,
) -> float:
    """How far a point lies outside a service area [m]; 0 when inside.

    The area is a polygon when one is known, otherwise a circle of ``radius_m`` around the centre.
    Distance to a polygon is measured from its nearest point with the haversine formula.
    """
    if area is not None:
        point = Point(longitude, latitude)
        if area.covers(point):
            return 0.0
        nearest = nearest_points(area, point)[0]
        return distance_m(latitude, longitude, nearest.y, nearest.x)
    return max(0.0, distance_m(latitude, longitude, centre_latitude, centre_longitude) - radius_m)
