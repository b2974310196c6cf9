"""GeoJSON (RFC 7946, WGS 84) of installations and waste points: the map's data source.

Waste points carry OpenStreetMap tags (amenity=recycling, recycling_type, recycling:*,
opening_hours, collection_times, operator, ref) so the data can go to OpenStreetMap.
"""

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from sustain.api.common import Caller, caller_of
from sustain.api.solar import installation_out
from sustain.core.accounting import GRID_ELECTRICITY
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


def _json(value: Any) -> Any:
    """Dates as ISO text and decimals as numbers, as JSON wants them."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def installation_feature(
    installation: SolarInstallation, caller: Caller, credit: TypicalYearCredit,
    *, private: bool | None = None,
) -> dict:  # fmt: skip
    """An installation as a map feature: with an estimate, its annual kWh, the weather it used and
    the CO2e a typical year avoids (``credit``). Public (snapped, renamed) unless the caller may
    see the private form."""
    data = installation_out(installation, caller, private=private)
    estimate = getattr(installation, "estimate", None)
    properties = {
        key: _json(value)
        for key, value in data.items()
        if key not in ("latitude", "longitude") and value is not None
    }
    if estimate is not None:
        properties["annual_kwh"] = round(estimate.annual_kwh, 1)
        properties["estimate_approximate"] = estimate.weather.approximate
        properties["estimate_weather"] = estimate.weather.name
        avoided = credit.avoided_kgco2e(estimate.monthly_kwh)
        if avoided is not None:
            properties["co2e_avoided_kg"] = round(avoided, 1)
            properties["co2e_factor"] = credit.note
    return _feature(installation.pk, data["latitude"], data["longitude"], properties)


def installations_for_map() -> Any:
    return SolarInstallation.objects.select_related("village", "estimate__weather").order_by("id")


def credit_today() -> TypicalYearCredit:
    """The CO2e credit of a typical year, as the report credits energy (``figures``)."""
    return typical_year_credit(
        today=timezone.localdate(), grid_factors=factors_all(key=GRID_ELECTRICITY)
    )


@router.get(
    "/map/installations.geojson", response=FeatureCollection, throttle=[PublicPageThrottle()]
)
def installations_geojson(request: HttpRequest) -> dict:
    """Installations; with an estimate, its annual kWh and the CO2e a typical year avoids (credited
    with the grid factors of the last 12 full months, as the annual report credits energy)."""
    caller = caller_of(request)
    credit = credit_today()
    features = [installation_feature(i, caller, credit) for i in installations_for_map()]
    return {"type": "FeatureCollection", "features": features}


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
def waste_points_geojson(request: HttpRequest, include_inactive: bool = False) -> dict:
    caller_of(request)
    points = WastePoint.objects.order_by("id")
    if not include_inactive:
        points = points.filter(active=True)
    now = local_now()
    return {
        "type": "FeatureCollection",
        "features": [waste_point_feature(point, now) for point in points],
    }
