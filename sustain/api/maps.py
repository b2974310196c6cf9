"""GeoJSON (RFC 7946, WGS 84) of installations and waste points: the map's data source.

Waste points carry OpenStreetMap tags (amenity=recycling, recycling_type, recycling:*,
opening_hours, collection_times, operator, ref) so the data can go to OpenStreetMap.
"""

import datetime as dt
import functools
import operator
from collections.abc import Callable
from typing import Any, Literal

from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from sustain.api.common import Caller, caller_of
from sustain.api.solar import PRIVATE_FIELDS, PUBLIC_FIELDS
from sustain.core.accounting import GRID_ELECTRICITY
from sustain.httpcache import Answer, cached_answer
from sustain.models import SolarInstallation, WastePoint
from sustain.services import public_points as public
from sustain.services.factors import factors_all
from sustain.services.figures import TypicalYearCredit, typical_year_credit
from sustain.services.gis.osm import osm_tags
from sustain.throttling import PublicPageThrottle

router = Router(tags=["map"])


class Point(Schema):
    type: Literal["Point"]
    coordinates: list[float]


class Feature(Schema):
    type: Literal["Feature"]
    id: int
    geometry: Point
    properties: dict[str, Any]


class FeatureCollection(Schema):
    type: Literal["FeatureCollection"]
    features: list[Feature]


def _feature(pk: int, latitude: float, longitude: float, properties: dict[str, Any]) -> dict:
    return {
        "type": "Feature",
        "id": pk,
        "geometry": {"type": "Point", "coordinates": [round(longitude, 6), round(latitude, 6)]},
        "properties": properties,
    }


def _json_converter(name: str) -> Callable[[Any], Any] | None:
    """How a column's value becomes JSON: decimals as numbers, dates as ISO text, else as is."""
    field = SolarInstallation._meta.get_field(name)
    if isinstance(field, models.DecimalField):
        return float
    if isinstance(field, models.DateField):  # DateTimeField too
        return operator.methodcaller("isoformat")
    return None


_PUBLIC_JSON = tuple((name, _json_converter(name)) for name in PUBLIC_FIELDS)


def installation_feature(
    row: dict[str, Any], caller: Caller, credit: TypicalYearCredit, *, private: bool | None = None
) -> dict:
    """An installation (a row of ``installations_for_map``) as a map feature: the fields of
    ``installation_out``, and with an estimate its annual kWh, the weather it used and the CO2e a
    typical year avoids (``credit``). Public (snapped, renamed: ``services.public_points``)
    unless the caller may see the private form. Read from plain values, not model instances:
    20,000 of them took twice as long."""
    properties: dict[str, Any] = {}
    for name, convert in _PUBLIC_JSON:
        value = row[name]
        if value is not None:
            properties[name] = value if convert is None else convert(value)
    if caller.sees_private if private is None else private:
        latitude, longitude = row["latitude"], row["longitude"]
        shown = {
            "name": row["name"],
            "location_precision": "exact",
            **{field: row[field] for field in PRIVATE_FIELDS},
        }
    else:
        kind = row["building_type"]
        point = public.public_point(
            building_type=kind, latitude=row["latitude"], longitude=row["longitude"]
        )
        latitude, longitude = point.latitude, point.longitude
        name = public.public_name(
            building_type=kind, name=row["name"], moo=row["village__moo"], pk=row["id"]
        )
        shown = {"name": name, "location_precision": point.precision}
    properties.update((key, value) for key, value in shown.items() if value is not None)
    if row["estimate__annual_kwh"] is not None:
        properties["annual_kwh"] = round(row["estimate__annual_kwh"], 1)
        properties["estimate_approximate"] = row["estimate__weather__approximate"]
        properties["estimate_weather"] = row["estimate__weather__name"]
        avoided = credit.avoided_kgco2e(row["estimate__monthly_kwh"])
        if avoided is not None:
            properties["co2e_avoided_kg"] = round(avoided, 1)
            properties["co2e_factor"] = credit.note
    return _feature(row["id"], latitude, longitude, properties)


# What the map shows and nothing more: never the weather's hourly blob (about 50 kB a row).
MAP_COLUMNS = (
    *PUBLIC_FIELDS, *PRIVATE_FIELDS, "name", "latitude", "longitude",
    "village__moo", "estimate__annual_kwh", "estimate__monthly_kwh", "estimate__weather__name",
    "estimate__weather__approximate",
)  # fmt: skip


def installations_for_map(*, pk: int | None = None) -> list[dict[str, Any]]:
    """Every installation (or the one with ``pk``) as a dict of the ``MAP_COLUMNS`` values, in
    one query: building 20,000 model instances with their related ones costs 6 × as long."""
    chosen = SolarInstallation.objects.order_by("id")
    if pk is not None:
        chosen = chosen.filter(pk=pk)
    return list(chosen.values(*MAP_COLUMNS))


def credit_today() -> TypicalYearCredit:
    """The CO2e credit of a typical year, as the report credits energy (``figures``)."""
    return typical_year_credit(
        today=timezone.localdate(), grid_factors=factors_all(key=GRID_ELECTRICITY)
    )


@router.get(
    "/map/installations.geojson", response=FeatureCollection, throttle=[PublicPageThrottle()]
)
@cached_answer(topic="installations", per_day=True)
def installations_geojson(request: HttpRequest) -> dict:
    """Installations; with an estimate, its annual kWh and the CO2e a typical year avoids (credited
    with the grid factors of the last 12 full months, as the annual report credits energy)."""
    caller = caller_of(request)
    credit = credit_today()
    features = [installation_feature(i, caller, credit) for i in installations_for_map()]
    return {"type": "FeatureCollection", "features": features}


@functools.lru_cache(maxsize=4096)  # most points share a few opening hours; ``now`` is per answer
def _opening(text: str, now: dt.datetime) -> dict[str, Any]:
    state = public.opening_state(text, now_local=now)
    return {
        "sustain:open_now": state.open_now,
        "sustain:next_change": state.next_change.isoformat() if state.next_change else None,
    }


def waste_point_feature(point: WastePoint, now: dt.datetime) -> dict:
    """A waste point as a map feature: its OpenStreetMap tags and whether it is open ``now``."""
    return _feature(
        point.pk,
        point.latitude,
        point.longitude,
        {
            **osm_tags(point),
            "sustain:kind": point.kind,
            "sustain:village_id": point.village_id,
            "check_date": point.last_verified_on.isoformat() if point.last_verified_on else None,
            **_opening(point.opening_hours, now),
        },
    )


def local_now() -> dt.datetime:
    return timezone.localtime().replace(tzinfo=None)


@router.get(
    "/map/waste-points.geojson", response=FeatureCollection, throttle=[PublicPageThrottle()]
)
@cached_answer(topic="waste_points")
def waste_points_geojson(request: HttpRequest, include_inactive: bool = False) -> Answer:
    """Fresh until the first point opens or closes (each feature says whether it is open)."""
    caller_of(request)
    points = WastePoint.objects.order_by("id")
    if not include_inactive:
        points = points.filter(active=True)
    now = local_now()
    features = [waste_point_feature(point, now) for point in points]
    changes = [
        dt.datetime.fromisoformat(f["properties"]["sustain:next_change"])
        for f in features
        if f["properties"].get("sustain:next_change")
    ]
    until = timezone.make_aware(min(changes)) if changes else None
    return Answer({"type": "FeatureCollection", "features": features}, fresh_until=until)
