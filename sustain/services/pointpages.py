"""The public page and poster of one waste point: what a resident may read about it.

Only public waste points are here (households are never points), at their own location;
a point is found by its reference (container code) when that names one active point, else by
its id. The details come in the active language, hours in words (``sustain.core.hours_words``,
as on the map).
"""

import datetime as dt
import re
from dataclasses import dataclass

import segno
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sustain.core import hours_words
from sustain.models import STREAM_BIN_COLOUR, WastePoint, WasteStream
from sustain.services.gis.map_style import KIND_LETTERS, material_styles, point_colour
from sustain.services.public_points import OpeningState, opening_state

_URL_SAFE_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$")
COLOUR_NAMES = {
    WasteStream.GENERAL: gettext_lazy("blue bin"),
    WasteStream.ORGANIC: gettext_lazy("green bin"),
    WasteStream.RECYCLABLE: gettext_lazy("yellow bin"),
    WasteStream.HAZARDOUS: gettext_lazy("orange bin"),
}
_STREAM_OF_COLOUR = {colour: WasteStream(stream) for stream, colour in STREAM_BIN_COLOUR.items()}


@dataclass(frozen=True)
class MaterialLine:
    label: str
    colour: str
    bin_name: str  # "yellow bin (recyclable waste)"; empty for a colour of no stream


@dataclass(frozen=True)
class PointDetails:
    point: WastePoint
    key: str
    kind_label: str
    letter: str
    colour: str
    village: str
    materials: list[MaterialLine]
    hours: list[str]
    collection: list[str]
    state: OpeningState


def _unique_refs() -> set[str]:
    return set(
        WastePoint.objects.filter(active=True)
        .exclude(ref="")
        .values("ref")
        .annotate(n=Count("id"))
        .filter(n=1)
        .values_list("ref", flat=True)
    )


def point_key(point: WastePoint) -> str:
    """The point's public key: its reference when that is URL-safe, not a bare number (ids are)
    and names this point alone; otherwise its id."""
    ref = point.ref.strip()
    if ref and _URL_SAFE_REF.match(ref) and not ref.isdigit() and ref in _unique_refs():
        return ref
    return str(point.pk)


def public_point(key: str) -> WastePoint | None:
    """The active waste point a public key names, or None."""
    points = WastePoint.objects.filter(active=True).select_related("village")
    if key.isdigit():
        return points.filter(pk=int(key)).first()
    found = list(points.filter(ref=key)[:2])
    return found[0] if len(found) == 1 else None


def _material_lines(point: WastePoint) -> list[MaterialLine]:
    styles = material_styles()
    lines = []
    for name in point.accepted_materials:
        style = styles.get(name, {"label": name, "colour": "#607d8b"})
        stream = _STREAM_OF_COLOUR.get(style["colour"])
        bin_name = f"{COLOUR_NAMES[stream]} ({stream.label})" if stream else ""
        lines.append(MaterialLine(style["label"], style["colour"], bin_name))
    return lines


def point_details(point: WastePoint, *, now_local: dt.datetime | None = None) -> PointDetails:
    thai = translation.get_language() != "en"
    now = now_local or timezone.localtime().replace(tzinfo=None)
    village = ""
    if point.village:
        village = f"{_('Moo')} {point.village.moo} {point.village.name_th}"
    return PointDetails(
        point=point,
        key=point_key(point),
        kind_label=str(point.get_kind_display()),
        letter=KIND_LETTERS.get(point.kind, "?"),  # type: ignore[call-overload]
        colour=point_colour(list(point.accepted_materials), material_styles()),
        village=village,
        materials=_material_lines(point),
        hours=hours_lines(point.opening_hours, thai=thai),
        collection=hours_lines(point.collection_times, thai=thai),
        state=opening_state(point.opening_hours, now_local=now),
    )


def hours_lines(value: str, *, thai: bool) -> list[str]:
    """An OSM hours value as lines of words (the map's wording); one it cannot read, as written."""
    if not value.strip():
        return []
    return hours_words.describe(value, "th" if thai else "en") or [value.strip()]


def qr_svg(url: str, *, scale: int = 8) -> str:
    """The QR code of ``url`` as inline SVG (error correction M, a quiet zone of 4 modules), with
    a viewBox and no size, so CSS scales it instead of cropping it."""
    code = segno.make(url, error="m", micro=False)
    return str(code.svg_inline(scale=scale, dark="#000", light="#fff", title=url, omitsize=True))
