"""What the public may see of a site: the PDPA rule shared by the public API, map and exports.

Households are private homes: their owner, phone and exact location are staff-only. The public
sees a household installation under a generic name, at the centre of a grid cell of
``PUBLIC_HOUSEHOLD_GRID_M`` metres. Public buildings (schools, temples, offices …) are exact.
"""

import datetime as dt
import functools
import math
from dataclasses import dataclass

import opening_hours
from django.conf import settings
from django.db.models import Case, CharField, F, Q, Value, When
from django.db.models.functions import Cast, Concat
from django.utils import translation
from django.utils.translation import gettext as _

from sustain.models import BuildingType, SolarInstallation

METRES_PER_DEGREE_LAT = 111_320.0


@dataclass(frozen=True)
class PublicPoint:
    latitude: float
    longitude: float
    precision: str  # "exact" or "grid_<metres>m"


def snap_to_grid(latitude: float, longitude: float, *, grid_m: float) -> tuple[float, float]:
    """The centre of the ``grid_m`` × ``grid_m`` cell holding the point (cells fixed in degrees)."""
    step_lat = grid_m / METRES_PER_DEGREE_LAT
    centre_lat, step_lon = _grid_row(math.floor(latitude / step_lat), grid_m)
    return centre_lat, round((math.floor(longitude / step_lon) + 0.5) * step_lon, 6)


@functools.lru_cache(maxsize=4096)  # a province 100 km across has 400 rows of 250 m
def _grid_row(row: int, grid_m: float) -> tuple[float, float]:
    """A row of cells: its centre's latitude (rounded to 6 places) and its cells' width in
    degrees of longitude, computed once per row rather than once per household."""
    step_lat = grid_m / METRES_PER_DEGREE_LAT
    centre_lat = (row + 0.5) * step_lat
    step_lon = grid_m / (METRES_PER_DEGREE_LAT * math.cos(math.radians(centre_lat)))
    return round(centre_lat, 6), step_lon


def installation_point(installation: SolarInstallation) -> PublicPoint:
    return public_point(
        building_type=installation.building_type,
        latitude=installation.latitude,
        longitude=installation.longitude,
    )


def public_point(*, building_type: str, latitude: float, longitude: float) -> PublicPoint:
    """``installation_point`` from the values alone."""
    return PublicPoint(
        *public_location(building_type=building_type, latitude=latitude, longitude=longitude)
    )


def public_location(
    *, building_type: str, latitude: float, longitude: float, grid_m: float | None = None
) -> tuple[float, float, str]:
    """``public_point`` as a plain (latitude, longitude, precision), for the map's 20,000 rows
    (``grid_m``: ``settings.PUBLIC_HOUSEHOLD_GRID_M``, read once for many)."""
    if building_type != BuildingType.HOUSEHOLD:
        return latitude, longitude, "exact"
    if grid_m is None:
        grid_m = settings.PUBLIC_HOUSEHOLD_GRID_M
    lat, lon = snap_to_grid(latitude, longitude, grid_m=grid_m)
    return lat, lon, f"grid_{grid_m:g}m"


def installation_name(installation: SolarInstallation) -> str:
    """Households are named by type and village only: staff often name them after the owner."""
    return public_name(
        building_type=installation.building_type,
        name=installation.name,
        moo=installation.village.moo if installation.village else None,
        pk=installation.pk,
    )


def public_name(
    *, building_type: str, name: str, moo: int | None, pk: int, words: tuple[str, str] | None = None
) -> str:
    """``installation_name`` from the values alone (``words``: ``household_words()``, looked up
    once for many)."""
    if building_type != BuildingType.HOUSEHOLD:
        return name
    household, moo_word = words or household_words()
    village = f" {moo_word} {moo}" if moo is not None else ""
    return f"{household}{village} #{pk}"


def household_words() -> tuple[str, str]:
    """The words "household" and "Moo" in the active language."""
    return _household_words(translation.get_language())


@functools.lru_cache(maxsize=8)
def _household_words(language: str | None) -> tuple[str, str]:
    """The words of a household's public name in ``language`` (the active one): looked up once,
    not twice per household of a 20,000-row map."""
    return _("household"), _("Moo")


def installation_name_sql() -> Case:
    """``installation_name`` in SQL, so public lists sort by the name the public sees: sorting
    by the private one would let anyone infer how owners' names compare."""
    household = Q(building_type=BuildingType.HOUSEHOLD)
    return Case(
        When(
            household & Q(village__isnull=False),
            then=Concat(
                Value(f"{_('household')} {_('Moo')} "),
                Cast("village__moo", CharField()),
                Value(" #"),
                Cast("id", CharField()),
            ),
        ),
        When(household, then=Concat(Value(f"{_('household')} #"), Cast("id", CharField()))),
        default=F("name"),
        output_field=CharField(),
    )


@dataclass(frozen=True)
class OpeningState:
    open_now: bool | None  # None: no hours given, or not understood
    next_change: dt.datetime | None  # local (Thai) time of the next opening or closing


def opening_state(opening_hours_text: str, *, now_local: dt.datetime) -> OpeningState:
    """Whether a point is open at ``now_local`` (naive Thai time) and when that changes."""
    if not opening_hours_text:
        return OpeningState(None, None)
    try:
        hours = opening_hours.OpeningHours(opening_hours_text)
        return OpeningState(bool(hours.is_open(now_local)), hours.next_change(now_local))
    except Exception:  # stored values are validated; anything odd is shown as unknown
        return OpeningState(None, None)
