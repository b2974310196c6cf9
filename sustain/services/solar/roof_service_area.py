"""Is a resident's home in the municipality's service area? Checked on a coarse cell or a point."""

import math

from django.utils import translation
from django.utils.translation import gettext as _

from sustain.core import geo
from sustain.services.gis.places import OUTSIDE_SERVICE_AREA_CONFIRM_M, municipality_get

# The calculation carries the home's latitude and longitude rounded to this many degrees.
CELL_DEG = 0.01
_M_PER_DEG = math.pi * geo.EARTH_RADIUS_M / 180


def cell_half_diagonal_m(latitude: float) -> float:
    """How far a point can be from the centre of its rounded cell [m]."""
    north_m = CELL_DEG / 2 * _M_PER_DEG
    east_m = north_m * math.cos(math.radians(latitude))
    return math.hypot(north_m, east_m)


def _outside_m(latitude: float, longitude: float) -> float | None:
    municipality = municipality_get()
    if municipality is None:
        return None
    boundary = municipality.service_area_geojson
    return geo.distance_outside_area_m(
        latitude=latitude,
        longitude=longitude,
        area=geo.area_from_geojson(boundary) if boundary else None,
        centre_latitude=municipality.reference_latitude,
        centre_longitude=municipality.reference_longitude,
        radius_m=municipality.service_radius_km * 1000,
    )


def _message() -> str:
    municipality = municipality_get()
    name = ""
    if municipality is not None:
        english = translation.get_language() == "en" and municipality.name_en
        name = municipality.name_en if english else municipality.name_th
    return _(
        "This place is outside the service area of %(name)s: the estimate is for homes in the "
        "municipality."
    ) % {"name": name}


def point_outside_message(latitude: float, longitude: float) -> str:
    """A message when the home lies further outside the service area than staff points may."""
    outside = _outside_m(latitude, longitude)
    if outside is None or outside <= OUTSIDE_SERVICE_AREA_CONFIRM_M:
        return ""
    return _message()


def cell_outside_message(latitude: float, longitude: float) -> str:
    """The same check for a home known only to its rounded cell: no point of it is near enough."""
    outside = _outside_m(latitude, longitude)
    if outside is None or outside <= OUTSIDE_SERVICE_AREA_CONFIRM_M + cell_half_diagonal_m(
        latitude
    ):
        return ""
    return _message()
