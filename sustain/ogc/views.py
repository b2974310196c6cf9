"""OGC API – Features, Part 1: Core, under /ogc/: QGIS, ArcGIS and GDAL read the public layers live.

Landing page, conformance, collections, items (``bbox``, ``limit``, ``offset`` with next/prev
links, ``datetime`` where a collection has a date), one item, the API definition; JSON (GeoJSON
for features) or HTML (``f=html`` or a browser's Accept header). Anyone reads the public form;
a bearer token (or staff session) of a user holding ``sustain.view_private`` reads the private
form, exactly as the public API decides.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from shapely.geometry import box, shape

from sustain import permissions
from sustain.api.common import caller_of
from sustain.ogc.collections import COLLECTIONS, Collection, Feature
from sustain.ogc.definition import api_definition
from sustain.throttling import PublicApiThrottle

CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
]
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
DEFAULT_LIMIT, MAX_LIMIT = 100, 10_000
GEOJSON, JSON, HTML = "application/geo+json", "application/json", "text/html"
ITEMS_PARAMETERS = {"f", "limit", "offset", "bbox", "datetime"}


class OgcError(Exception):
    def __init__(self, status: int, code: str, description: str) -> None:
        super().__init__(description)
        self.status, self.code, self.description = status, code, description


def _html(request: HttpRequest) -> bool:
    fmt = request.GET.get("f")
    if fmt is not None:
        if fmt not in ("json", "html"):
            raise OgcError(400, "InvalidParameterValue", "f: use json or html")
        return fmt == "html"
    accept = request.headers.get("Accept", "")
    return "text/html" in accept and "json" not in accept


def _url(request: HttpRequest, name: str, *args: Any, **query: Any) -> str:
    url = request.build_absolute_uri(reverse(name, args=args))
    pairs = {k: v for k, v in query.items() if v is not None}
    if pairs:
        url += "?" + "&".join(f"{k}={v}" for k, v in pairs.items())
    return url


def _link(href: str, rel: str, media: str, title: str) -> dict[str, str]:
    return {"href": href, "rel": rel, "type": media, "title": title}


def _respond(
    request: HttpRequest, data: dict[str, Any], media: str, template: str, html: bool
) -> HttpResponse:
    if html:
        response = render(
            request, f"sustain/ogc/{template}", {"data": data, "collections": COLLECTIONS}
        )
    else:
        body = json.dumps(data, ensure_ascii=False, default=str)
        response = HttpResponse(body.encode(), content_type=media)
    response["Vary"] = "Accept, Authorization, Cookie"
    return response


def ogc_view(parameters: set[str] | None = None) -> Any:
    """Wrap a view: rate limit, unknown parameters, who is calling, errors as OGC JSON."""

    def wrap(view: Any) -> Any:
        def handler(request: HttpRequest, **kwargs: Any) -> HttpResponse:
            try:
                if not PublicApiThrottle().allow_request(request):
                    raise OgcError(429, "TooManyRequests", "Too many requests from this client.")
                unknown = set(request.GET) - (parameters or {"f"})
                if unknown:
                    raise OgcError(
                        400,
                        "InvalidParameterValue",
                        f"unknown parameter(s): {', '.join(sorted(unknown))}",
                    )
                try:
                    caller = caller_of(request)
                except AuthenticationError:
                    raise OgcError(401, "Unauthorized", "The bearer token is not valid.") from None
                user = caller.user
                private = permissions.sees_private(user)  # type: ignore[arg-type]
                return view(request, **kwargs, private=private, html=_html(request))
            except OgcError as error:
                return JsonResponse(
                    {"code": error.code, "description": error.description}, status=error.status
                )

        handler.__name__ = view.__name__
        handler.__doc__ = view.__doc__
        return handler

    return wrap


@ogc_view()
def landing(request: HttpRequest, *, private: bool, html: bool) -> HttpResponse:
    data = {
        "title": _("Sustain: waste points, solar installations and villages"),
        "description": _(
            "The municipality's public map layers as OGC API – Features, for QGIS and other GIS."
        ),
        "links": [
            _link(_url(request, "ogc-landing"), "self", JSON, _("This document")),
            _link(_url(request, "ogc-landing", f="html"), "alternate", HTML, _("As HTML")),
            _link(
                _url(request, "ogc-api"),
                "service-desc",
                "application/vnd.oai.openapi+json;version=3.0",
                _("The API definition"),
            ),
            _link(_url(request, "ogc-conformance"), "conformance", JSON, _("Conformance")),
            _link(_url(request, "ogc-collections"), "data", JSON, _("Collections")),
        ],
    }
    return _respond(request, data, JSON, "landing.html", html)


@ogc_view()
def conformance(request: HttpRequest, *, private: bool, html: bool) -> HttpResponse:
    return _respond(request, {"conformsTo": CONFORMANCE}, JSON, "conformance.html", html)


@ogc_view()
def definition(request: HttpRequest, *, private: bool, html: bool) -> HttpResponse:
    document = api_definition(_url(request, "ogc-landing").rstrip("/"), list(COLLECTIONS))
    return HttpResponse(
        json.dumps(document).encode(), content_type="application/vnd.oai.openapi+json;version=3.0"
    )


def _bounds(features: list[Feature]) -> list[float] | None:
    shapes = [shape(f["geometry"]).bounds for f in features if f.get("geometry")]
    if not shapes:
        return None
    return [
        min(b[0] for b in shapes),
        min(b[1] for b in shapes),
        max(b[2] for b in shapes),
        max(b[3] for b in shapes),
    ]


def _collection_info(request: HttpRequest, collection: Collection, private: bool) -> dict[str, Any]:
    features = collection.features(private)
    extent: dict[str, Any] = {
        "spatial": {"bbox": [_bounds(features) or [-180, -90, 180, 90]], "crs": CRS84}
    }
    dates = sorted(d for f in features if (d := collection.temporal_value(f)) is not None)
    if dates:
        extent["temporal"] = {
            "interval": [[f"{dates[0]}T00:00:00Z", f"{dates[-1]}T23:59:59Z"]],
            "trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian",
        }
    items = _url(request, "ogc-items", collection.id)
    return {
        "id": collection.id,
        "title": str(collection.title),
        "description": str(collection.description),
        "itemType": "feature",
        "crs": [CRS84],
        "extent": extent,
        "links": [
            _link(
                _url(request, "ogc-collection", collection.id), "self", JSON, str(collection.title)
            ),
            _link(items, "items", GEOJSON, _("The features")),
            _link(f"{items}?f=html", "items", HTML, _("The features as HTML")),
        ],
    }


@ogc_view()
def collections(request: HttpRequest, *, private: bool, html: bool) -> HttpResponse:
    data = {
        "links": [
            _link(_url(request, "ogc-collections"), "self", JSON, _("This document")),
            _link(_url(request, "ogc-collections", f="html"), "alternate", HTML, _("As HTML")),
        ],
        "collections": [_collection_info(request, c, private) for c in COLLECTIONS.values()],
    }
    return _respond(request, data, JSON, "collections.html", html)


def _collection(collection_id: str) -> Collection:
    if collection_id not in COLLECTIONS:
        raise OgcError(404, "NotFound", f"no collection {collection_id}")
    return COLLECTIONS[collection_id]


@ogc_view()
def collection(
    request: HttpRequest, collection_id: str, *, private: bool, html: bool
) -> HttpResponse:
    info = _collection_info(request, _collection(collection_id), private)
    return _respond(request, info, JSON, "collection.html", html)


def _integer(request: HttpRequest, name: str, default: int, low: int) -> int:
    text = request.GET.get(name)
    if text is None:
        return default
    try:
        value = int(text)
    except ValueError:
        raise OgcError(400, "InvalidParameterValue", f"{name}: give a whole number") from None
    if value < low:
        raise OgcError(400, "InvalidParameterValue", f"{name}: at least {low}")
    return value


def _bbox(text: str | None) -> Any:
    if text is None:
        return None
    try:
        numbers = [float(part) for part in text.split(",")]
    except ValueError:
        raise OgcError(
            400, "InvalidParameterValue", "bbox: four numbers, lon,lat,lon,lat"
        ) from None
    if len(numbers) == 6:  # with heights: lower and upper corner in 3D
        numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
    if len(numbers) != 4 or not (
        -180 <= numbers[0] <= 180
        and -90 <= numbers[1] <= numbers[3] <= 90
        and -180 <= numbers[2] <= 180
    ):
        raise OgcError(400, "InvalidParameterValue", "bbox: min_lon,min_lat,max_lon,max_lat")
    if numbers[0] > numbers[2]:  # across the antimeridian
        return box(numbers[0], numbers[1], 180, numbers[3]).union(
            box(-180, numbers[1], numbers[2], numbers[3])
        )
    return box(*numbers)


def _day(text: str) -> dt.date | None:
    if text in ("", ".."):
        return None
    try:
        if "T" in text:
            moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
            return timezone.localtime(moment).date() if moment.tzinfo else moment.date()
        return dt.date.fromisoformat(text)
    except ValueError:
        raise OgcError(
            400, "InvalidParameterValue", "datetime: an RFC 3339 date or time, or an interval a/b"
        ) from None


def _interval(text: str | None) -> tuple[dt.date | None, dt.date | None] | None:
    if text is None:
        return None
    if "/" in text:
        start, end = text.split("/", 1)
        return _day(start), _day(end)
    day = _day(text)
    return day, day


def _selected(request: HttpRequest, collection: Collection, private: bool) -> list[Feature]:
    features = collection.features(private)
    area = _bbox(request.GET.get("bbox"))
    if area is not None:
        features = [
            f for f in features if f.get("geometry") and area.intersects(shape(f["geometry"]))
        ]
    interval = _interval(request.GET.get("datetime"))
    if interval is not None and collection.temporal_property is not None:
        start, end = interval
        features = [
            f
            for f in features
            if (day := collection.temporal_value(f)) is not None
            and (start is None or day >= start)
            and (end is None or day <= end)
        ]
    return features


@ogc_view(ITEMS_PARAMETERS)
def items(request: HttpRequest, collection_id: str, *, private: bool, html: bool) -> HttpResponse:
    collection = _collection(collection_id)
    limit = min(_integer(request, "limit", DEFAULT_LIMIT, 1), MAX_LIMIT)
    offset = _integer(request, "offset", 0, 0)
    matched = _selected(request, collection, private)
    page = matched[offset : offset + limit]
    query = {k: request.GET[k] for k in ("bbox", "datetime") if k in request.GET}

    def at(start: int, **extra: Any) -> str:
        return _url(
            request, "ogc-items", collection.id, **query, limit=limit, offset=start, **extra
        )

    links = [
        _link(at(offset), "self", GEOJSON, _("This page")),
        _link(at(offset, f="html"), "alternate", HTML, _("As HTML")),
        _link(
            _url(request, "ogc-collection", collection.id),
            "collection",
            JSON,
            str(collection.title),
        ),
    ]
    if offset + limit < len(matched):
        links.append(_link(at(offset + limit), "next", GEOJSON, _("Next page")))
    if offset > 0:
        links.append(_link(at(max(0, offset - limit)), "prev", GEOJSON, _("Previous page")))
    data = {
        "type": "FeatureCollection",
        "features": page,
        "numberMatched": len(matched),
        "numberReturned": len(page),
        "timeStamp": timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "links": links,
        "collection": {"id": collection.id, "title": str(collection.title)},
    }
    return _respond(request, data, GEOJSON, "items.html", html)


@ogc_view()
def item(
    request: HttpRequest, collection_id: str, feature_id: str, *, private: bool, html: bool
) -> HttpResponse:
    collection = _collection(collection_id)
    found = next((f for f in collection.features(private) if str(f["id"]) == feature_id), None)
    if found is None:
        raise OgcError(404, "NotFound", f"no feature {feature_id} in {collection_id}")
    links = [
        _link(
            _url(request, "ogc-item", collection.id, feature_id), "self", GEOJSON, _("This feature")
        ),
        _link(
            _url(request, "ogc-item", collection.id, feature_id, f="html"),
            "alternate",
            HTML,
            _("As HTML"),
        ),
        _link(
            _url(request, "ogc-collection", collection.id),
            "collection",
            JSON,
            str(collection.title),
        ),
    ]
    data = {
        **found,
        "links": links,
        "collection": {"id": collection.id, "title": str(collection.title)},
    }
    return _respond(request, data, GEOJSON, "item.html", html)
