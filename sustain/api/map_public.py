"""The residents' map: a compact list of sites, one site's details when it is opened, and the
outlines layer (issues 14 and 17). Public data only, whoever calls: no token shows more here."""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router

from sustain.api.common import caller_of
from sustain.api.maps import credit_today, installation_feature, installations_for_map, local_now
from sustain.httpcache import Answer, cached_answer
from sustain.models import WastePoint
from sustain.services import public_map
from sustain.throttling import PublicPageThrottle

router = Router(tags=["map"])


@router.get("/map/sites.json", throttle=[PublicPageThrottle()])
@cached_answer(topic="sites")
def sites_compact(request: HttpRequest) -> Answer:
    """Every active waste point and installation in short arrays (keys in the description of
    ``services.public_map.compact_sites``): what the map draws, clusters and searches. Thai
    as UTF-8 and no spaces: a third of the size of escaped JSON. Built once per change of the
    sites, and fresh until the first point opens or closes."""
    caller_of(request)
    data = public_map.compact_sites(now=local_now())
    changes = [dt.datetime.fromisoformat(point[6]) for point in data["p"] if point[6]]
    return Answer(data, fresh_until=timezone.make_aware(min(changes)) if changes else None)


@router.get("/map/points/{point_id}", throttle=[PublicPageThrottle()])
def point_details(request: HttpRequest, point_id: int) -> dict[str, Any]:
    """A waste point's details: materials, hours in words, directions and report links."""
    caller_of(request)
    point = get_object_or_404(
        WastePoint.objects.select_related("village"), pk=point_id, active=True
    )
    map_url = request.build_absolute_uri("/") + f"#p={point.pk}"
    return public_map.point_details(point=point, now=local_now(), map_url=map_url)


@router.get("/map/installations/{installation_id}", throttle=[PublicPageThrottle()])
def installation_details(request: HttpRequest, installation_id: int) -> dict[str, Any]:
    """An installation as the public sees it (households at their grid cell, without names)."""
    caller = caller_of(request)
    rows = installations_for_map(pk=installation_id)
    if not rows:
        raise Http404("no such installation")
    installation = rows[0]
    feature = installation_feature(installation, caller, credit_today(), private=False)
    lon, lat = feature["geometry"]["coordinates"]
    return {**feature["properties"], "latitude": lat, "longitude": lon}


@router.get("/map/outlines.geojson", throttle=[PublicPageThrottle()])
def outlines(request: HttpRequest) -> dict[str, Any]:
    """The municipality's and villages' outlines, simplified with their shared edges kept."""
    caller_of(request)
    return public_map.outlines()
