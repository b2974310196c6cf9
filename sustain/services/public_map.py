"""What the residents' map loads: a compact list of every site, one point's details when it is
opened, and the simplified outlines of the municipality and its villages (issues 14 and 17).

Only public data: households at their grid cell, named by type and village (``services.public``).
The compact list holds what the map draws and searches (position at public precision, kind,
materials, name, ref, village, open state); everything else comes with ``point_details``.
"""

import datetime as dt
import hashlib
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import translation
from django.utils.translation import gettext as _
from shapely import coverage_simplify
from shapely.geometry import mapping, shape

from sustain.core import hours_words
from sustain.models import (
    BuildingType,
    Municipality,
    SolarInstallation,
    Village,
    WastePoint,
    WastePointKind,
)
from sustain.services import public_points as public
from sustain.services.gis.map_style import material_styles

POINT_DIGITS = 5  # ≈ 1 m: waste points and public buildings are exact
HOUSEHOLD_DIGITS = 4  # ≈ 11 m: households sit at the centre of a 250 m cell anyway
OUTLINE_TOLERANCE_DEG = 0.0001  # ≈ 11 m at 20° N: outlines drawn over a village, not surveyed
OUTLINE_DIGITS = 5


def _clock(moment: dt.datetime | None) -> str | None:
    return moment.strftime("%Y-%m-%dT%H:%M") if moment else None


def compact_sites(*, now: dt.datetime) -> dict[str, Any]:
    """Every active waste point and every installation, as short arrays:

    ``m``: the OSM material names the points index into;
    ``p``: ``[id, lat, lon, kind, [material index…], open (1, 0 or null), next change, name, ref,
    village moo]``; ``s``: ``[id, lat, lon, building type, public name]``.
    """
    materials: dict[str, int] = {}
    states: dict[str, public.OpeningState] = {}  # many points share their hours
    points = []
    rows = (
        WastePoint.objects.filter(active=True)
        .order_by("id")
        .values_list("id", "latitude", "longitude", "kind", "accepted_materials",
                     "opening_hours", "name", "ref", "village__moo")
    )  # fmt: skip
    for pk, lat, lon, kind, accepted, hours, name, ref, moo in rows.iterator(chunk_size=5000):
        state = states.get(hours)
        if state is None:
            state = states[hours] = public.opening_state(hours, now_local=now)
        points.append([
            pk, round(lat, POINT_DIGITS), round(lon, POINT_DIGITS), kind,
            [materials.setdefault(m, len(materials)) for m in accepted or ()],
            None if state.open_now is None else int(state.open_now), _clock(state.next_change),
            name, ref, moo,
        ])  # fmt: skip
    solar = []
    installations = SolarInstallation.objects.select_related("village").only(
        "id", "name", "building_type", "latitude", "longitude", "village__moo"
    )
    for i in installations.order_by("id"):
        where = public.installation_point(i)
        digits = HOUSEHOLD_DIGITS if i.building_type == BuildingType.HOUSEHOLD else POINT_DIGITS
        solar.append([
            i.pk, round(where.latitude, digits), round(where.longitude, digits), i.building_type,
            public.installation_name(i),
        ])  # fmt: skip
    return {"m": list(materials), "p": points, "s": solar}


def share_text(*, point: WastePoint, map_url: str) -> str:
    """What a resident sends with a report: the point's code, name and coordinates as text."""
    lines = [
        _("Waste point: %(name)s") % {"name": point.name},
        _("Code: %(code)s") % {"code": point.ref or f"#{point.pk}"},
        _("Coordinates: %(lat).5f, %(lon).5f") % {"lat": point.latitude, "lon": point.longitude},
        map_url,
    ]
    return "\n".join(lines)


def directions_urls(*, latitude: float, longitude: float) -> dict[str, str]:
    where = f"{latitude:.5f},{longitude:.5f}"
    return {
        "google": f"https://www.google.com/maps/dir/?api=1&destination={where}",
        "osm": f"https://www.openstreetmap.org/directions?to={where}",
    }


def report_urls(*, text: str) -> dict[str, str]:
    """Traffy Fondue through its LINE official account, with the text filled in; and its web."""
    account = quote(settings.TRAFFY_LINE_ACCOUNT, safe="")
    urls = {"web": settings.TRAFFY_FONDUE_URL}
    if account:
        urls["line"] = f"https://line.me/R/oaMessage/{account}/?{quote(text, safe='')}"
    return urls


def point_details(*, point: WastePoint, now: dt.datetime, map_url: str) -> dict[str, Any]:
    """One waste point as its details sheet shows it, in the current language."""
    lang = translation.get_language() or "th"
    styles = material_styles()
    state = public.opening_state(point.opening_hours, now_local=now)
    text = share_text(point=point, map_url=map_url)
    return {
        "id": point.pk,
        "name": point.name,
        "kind": str(WastePointKind(point.kind).label),
        "materials": [
            {"osm": m, **styles.get(m, {"label": m, "colour": "#607d8b"})}
            for m in point.accepted_materials
        ],
        "opening_hours": point.opening_hours,
        "hours_words": hours_words.describe(point.opening_hours, lang),
        "state": hours_words.state_words(
            open_now=state.open_now, next_change=state.next_change, now=now, lang=lang
        ),
        "open_now": state.open_now,
        "collection_times": point.collection_times,
        "collection_words": hours_words.describe(point.collection_times, lang),
        "operator": point.operator,
        "ref": point.ref,
        "village": str(point.village) if point.village else "",
        "check_date": point.last_verified_on.isoformat() if point.last_verified_on else None,
        "latitude": round(point.latitude, POINT_DIGITS),
        "longitude": round(point.longitude, POINT_DIGITS),
        "directions": directions_urls(latitude=point.latitude, longitude=point.longitude),
        "report": report_urls(text=text),
        "share_text": text,
    }


def _outline_features() -> list[dict[str, Any]]:
    features = []
    municipality = Municipality.objects.only("service_area_geojson").first()
    if municipality and municipality.service_area_geojson:
        area = shape(municipality.service_area_geojson).simplify(
            OUTLINE_TOLERANCE_DEG, preserve_topology=True
        )
        features.append(_outline(area, {"kind": "municipality"}))
    villages = list(Village.objects.exclude(boundary_geojson__isnull=True).order_by("moo"))
    if villages:
        # One coverage: neighbouring villages keep their shared edge, with no gaps or overlaps.
        shapes = coverage_simplify(
            [shape(v.boundary_geojson) for v in villages], OUTLINE_TOLERANCE_DEG
        )
        for village, outline in zip(villages, shapes, strict=True):
            features.append(_outline(outline, {"kind": "village", "name": str(village)}))
    return features


def _rounded(coords: Any) -> Any:
    if isinstance(coords, list | tuple) and coords and isinstance(coords[0], float | int):
        return [round(c, OUTLINE_DIGITS) for c in coords]
    return [_rounded(c) for c in coords]


def _outline(geometry: Any, properties: dict[str, Any]) -> dict[str, Any]:
    geo = mapping(geometry)
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": geo["type"], "coordinates": _rounded(geo["coordinates"])},
    }


def outlines() -> dict[str, Any]:
    """The municipality's and the villages' outlines, simplified for display; cached until a
    village or the municipality changes (their count, latest edit and the area's size)."""
    villages = Village.objects.aggregate(n=Count("id"), at=Max("updated_at"))
    area = Municipality.objects.values_list("pk", "service_area_geojson").first()
    fingerprint = "|".join(
        map(str, (translation.get_language(), villages["n"], villages["at"], area and area[0],
                  area and str(area[1])))
    )  # fmt: skip
    key = "public-map-outlines:" + hashlib.sha256(fingerprint.encode()).hexdigest()[:32]
    found = cache.get(key)
    if found is None:
        found = {"type": "FeatureCollection", "features": _outline_features()}
        cache.set(key, found, 3600)
    return found
