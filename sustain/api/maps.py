"""GeoJSON (RFC 7946, WGS 84) of installations and waste points: the map's data source.

Waste points carry OpenStreetMap tags (amenity=recycling, recycling_type, recycling:*,
opening_hours, collection_times, operator, ref) so the data can go to OpenStreetMap.
"""

import datetime as dt
import functools
from collections.abc import Iterable
from typing import Any, Literal

import orjson
from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from sustain.api.common import Caller, caller_of
from sustain.api.json_columns import as_json_value
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


def _field(lookup: str) -> models.Field:
    """The model field at ``lookup`` (``estimate__monthly_kwh``: the estimate's)."""
    model: type[models.Model] = SolarInstallation
    *path, name = lookup.split("__")
    for step in path:
        model = model._meta.get_field(step).related_model  # type: ignore[assignment]
    return model._meta.get_field(name)  # type: ignore[return-value]


def installation_feature(
    row: tuple, caller: Caller, credit: TypicalYearCredit, *, private: bool | None = None
) -> dict:
    """An installation (a row of ``installations_for_map``) as a map feature (see
    ``installation_features``), private if the caller may see it unless ``private`` says."""
    shown = caller.sees_private if private is None else private
    return installation_features([row], private=shown, credit=credit)[0]


# What the map shows and nothing more: never the weather's hourly blob (about 50 kB a row).
MAP_COLUMNS = (
    *PUBLIC_FIELDS, *PRIVATE_FIELDS, "name", "latitude", "longitude",
    "village__moo", "estimate__annual_kwh", "estimate__monthly_kwh", "estimate__weather__name",
    "estimate__weather__approximate",
)  # fmt: skip
# Dates, decimals and the monthly kWh are read as the text (or float) the answer shows
# (``json_columns``): at 20,000 rows, converting them in Python was a third of the query's time.
_READ = tuple(as_json_value(_field(name), name) or name for name in MAP_COLUMNS)
_AT = {name: i for i, name in enumerate(MAP_COLUMNS)}  # where each column is in a row
_PUBLIC_AT = tuple((name, _AT[name]) for name in PUBLIC_FIELDS)
_PRIVATE_AT = tuple((name, _AT[name]) for name in PRIVATE_FIELDS)


def installations_for_map(*, pk: int | None = None) -> list[tuple]:
    """Every installation (or the one with ``pk``) as a tuple of the ``MAP_COLUMNS`` values, in
    one query. Building 20,000 model instances with their related ones cost 6 × as long, and a
    dict per row (``values()``) a third more than a tuple."""
    chosen = SolarInstallation.objects.order_by("id")
    if pk is not None:
        chosen = chosen.filter(pk=pk)
    return list(chosen.values_list(*_READ))


def installation_features(
    rows: Iterable[tuple], *, private: bool, credit: TypicalYearCredit
) -> list[dict]:
    """Installations (rows of ``installations_for_map``) as map features: the fields of
    ``installation_out``, and with an estimate its annual kWh, the weather it used and the CO2e a
    typical year avoids (``credit``, with its factors' note). Public (snapped, renamed:
    ``services.public_points``) unless ``private``. Read from plain values, not model instances
    (20,000 of them took twice as long), in one loop with its lookups made once: at 20,000
    installations every microsecond per row is 20 ms of a cold build."""
    features: list[dict] = []
    append = features.append
    avoided_kgco2e = credit.avoided_kgco2e
    note = credit.note
    location = functools.partial(public.public_location, grid_m=settings.PUBLIC_HOUSEHOLD_GRID_M)
    name_of = functools.partial(public.public_name, words=public.household_words())
    at = _AT
    pk_at, kind_at, name_at, moo_at = at["id"], at["building_type"], at["name"], at["village__moo"]
    lat_at, lon_at, kwh_at = at["latitude"], at["longitude"], at["estimate__annual_kwh"]
    monthly_at = at["estimate__monthly_kwh"]
    weather_at, approximate_at = at["estimate__weather__name"], at["estimate__weather__approximate"]
    for row in rows:
        properties = {name: value for name, i in _PUBLIC_AT if (value := row[i]) is not None}
        pk = row[pk_at]
        if private:
            latitude, longitude = round(row[lat_at], 6), round(row[lon_at], 6)
            properties["name"] = row[name_at]
            properties["location_precision"] = "exact"
            for name, i in _PRIVATE_AT:
                if row[i] is not None:
                    properties[name] = row[i]
        else:
            kind = row[kind_at]
            latitude, longitude, precision = location(
                building_type=kind, latitude=row[lat_at], longitude=row[lon_at]
            )
            if precision == "exact":  # a grid cell's centre is rounded already
                latitude, longitude = round(latitude, 6), round(longitude, 6)
            properties["name"] = name_of(
                building_type=kind, name=row[name_at], moo=row[moo_at], pk=pk
            )
            properties["location_precision"] = precision
        if row[kwh_at] is not None:
            properties["annual_kwh"] = round(row[kwh_at], 1)
            properties["estimate_approximate"] = row[approximate_at]
            properties["estimate_weather"] = row[weather_at]
            avoided = avoided_kgco2e(orjson.loads(row[monthly_at]))
            if avoided is not None:
                properties["co2e_avoided_kg"] = round(avoided, 1)
                properties["co2e_factor"] = note
        append(
            {
                "type": "Feature",
                "id": pk,
                "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
                "properties": properties,
            }
        )
    return features


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
    features = installation_features(
        installations_for_map(), private=caller.sees_private, credit=credit
    )
    return {"type": "FeatureCollection", "features": features}


@functools.lru_cache(maxsize=4096)  # most points share a few opening hours; ``now`` is per answer
def _opening(text: str, now: dt.datetime) -> dict[str, Any]:
    state = public.opening_state(text, now_local=now)
    return {
        "sustain:open_now": state.open_now,
        "sustain:next_change": state.next_change.isoformat() if state.next_change else None,
    }


# What a waste point's feature reads (``osm_tags`` and ``waste_point_feature``), and nothing more:
# 80,000 points' two timestamps alone, through Django's time-zone loader, were a third of the build.
WASTE_POINT_MAP_FIELDS = (
    "id", "kind", "name", "accepted_materials", "opening_hours", "collection_times", "operator",
    "ref", "last_verified_on", "osm_id", "latitude", "longitude", "village_id",
)  # fmt: skip


def waste_points_for_map(*, include_inactive: bool = False) -> models.QuerySet[WastePoint]:
    """The waste points of the map (active ones unless ``include_inactive``), in id order, with
    only the ``WASTE_POINT_MAP_FIELDS``."""
    points = WastePoint.objects.order_by("id").only(*WASTE_POINT_MAP_FIELDS)
    return points if include_inactive else points.filter(active=True)


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
    now = local_now()
    points = waste_points_for_map(include_inactive=include_inactive)
    features = [waste_point_feature(point, now) for point in points]
    changes = [
        dt.datetime.fromisoformat(f["properties"]["sustain:next_change"])
        for f in features
        if f["properties"].get("sustain:next_change")
    ]
    until = timezone.make_aware(min(changes)) if changes else None
    return Answer({"type": "FeatureCollection", "features": features}, fresh_until=until)
