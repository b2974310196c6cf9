"""The words of messages written by the pure modules (file readers, row converters), in the
page's language.

``sustain.core.gisfiles`` and the row converters import nothing of Django, so their messages are
plain English sentences with the file's values in them; an import's outcome keeps them as written.
The pages show them through :func:`message`: each known sentence is matched and rewritten from the
catalogue with its values; an unknown sentence is shown as written. Outcomes and field names are
named here too (``create`` → "new", ``capacity_kwp`` → the field's name).
"""

from __future__ import annotations

import re

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

OUTCOMES: dict[str, Promise] = {
    "create": _("new"),
    "update": _("changed"),
    "unchanged": _("unchanged"),
    "error": _("refused"),
}

GEOMETRIES: dict[str, Promise] = {
    "Point": _("point"),
    "MultiPoint": _("several points"),
    "LineString": _("line"),
    "MultiLineString": _("several lines"),
    "Polygon": _("polygon"),
    "MultiPolygon": _("several polygons"),
    "GeometryCollection": _("mixed shapes"),
    "point": _("point"),
    "optional_point": _("point"),
    "polygon": _("polygon"),
}

_VALUE = r"“(?P<value>.*)”"
_KIND = r"(?P<kind>[A-Za-z_]+)"
# (the sentence as the pure module writes it, the same sentence from the catalogue)
_SENTENCES: list[tuple[str, Promise]] = [
    (rf"{_VALUE} is not a number", _("“%(value)s” is not a number")),
    (rf"{_VALUE} is not a whole number", _("“%(value)s” is not a whole number")),
    (rf"{_VALUE} is not yes or no", _("“%(value)s” is not yes or no")),
    (
        rf"{_VALUE} is not a date \(dd/mm/yyyy in BE or CE, or yyyy-mm-dd\)",
        _("“%(value)s” is not a date (day/month/year in BE or CE, or year-month-day)"),
    ),
    (rf"{_VALUE} is not one of: (?P<codes>.*)", _("“%(value)s” is not one of: %(codes)s")),
    (
        r"unknown OpenStreetMap recycling names: (?P<names>.*)",
        _("unknown OpenStreetMap recycling names: %(names)s"),
    ),
    (r"there is no village Moo (?P<moo>.*)", _("there is no village Moo %(moo)s")),
    (rf"{_VALUE} is not a material code or name", _("“%(value)s” is not a material code or name")),
    (
        r"no waste point has the ref or name “(?P<value>.*)”",
        _("no waste point has the reference or name “%(value)s”"),
    ),
    (
        rf"the feature has no geometry: {_KIND}s need one",
        _("the feature has no location; this list needs a %(kind)s for each row"),
    ),
    (
        rf"a point is needed, the feature is a {_KIND} \(choose “polygons as points” to import it "
        r"at its representative point\)",
        _(
            "a point is needed, the feature is a %(kind)s (choose “polygons as points” to import "
            "it at its representative point)"
        ),
    ),
    (
        rf"a point is needed, the feature is a {_KIND}",
        _("a point is needed, the feature is a %(kind)s"),
    ),
    (
        rf"a polygon is needed, the feature is a {_KIND}",
        _("a polygon is needed, the feature is a %(kind)s"),
    ),
    (r"file: the file is empty", _("file: the file is empty")),
    (r"file: the layer has no features", _("file: the layer has no features")),
    (r"file: the GeoPackage has no feature table", _("file: the GeoPackage has no feature table")),
    (
        r"file: the zipped Shapefile has no \.dbf \(its attribute table\)",
        _("file: the zipped Shapefile has no .dbf file (its attribute table)"),
    ),
    (r"file: the archive expands past its limit", _("file: the archive expands past its limit")),
    (r"file: not a readable zip archive \((?P<why>.*)\)", _("file: not a readable zip archive")),
    (
        r"mapping: the file has no column (?P<columns>.*)",
        _("column mapping: the file has no column %(columns)s"),
    ),
    # weather: twelve monthly values typed by staff
    (
        r"month (?P<month>\d+): mean daily GHI (?P<ghi>\S+) kWh/m²/day must be above 0 and at "
        r"most the clear-sky (?P<clear>\S+) kWh/m²/day at this site",
        _(
            "month %(month)s: the mean daily irradiation %(ghi)s kWh/m²/day must be above 0 and "
            "at most the clear-sky %(clear)s kWh/m²/day of this place"
        ),
    ),
    (
        r"month (?P<month>\d+): mean air temperature (?P<temp>\S+) °C is implausible",
        _("month %(month)s: the mean air temperature %(temp)s °C is not plausible"),
    ),
    # weather files
    (r"the file has no (?P<column>\S+) values", _("the file has no %(column)s values")),
    (
        r"PVGIS TMY: missing field\(s\) (?P<fields>.*)",
        _("PVGIS TMY: the fields %(fields)s are missing"),
    ),
    (
        r"PVGIS JSON: no field (?P<field>\S+) \(is this a PVGIS TMY file\?\)",
        _("PVGIS JSON: no field %(field)s (is this a PVGIS TMY file?)"),
    ),
    (
        r"PVGIS CSV: no 'time\(UTC\),\.\.\.' header line",
        _("PVGIS CSV: no “time(UTC),…” header line"),
    ),
    (r"NASA POWER CSV: no '-END HEADER-' line", _("NASA POWER CSV: no “-END HEADER-” line")),
    (
        r"NASA POWER CSV: line (?P<line>\d+) has an impossible date",
        _("NASA POWER CSV: line %(line)s has an impossible date"),
    ),
    (
        r"(?P<format>[a-z0-9_]+): the file is not text \((?P<why>.*)\)",
        _("%(format)s: the file is not text"),
    ),
    (
        r"(?P<where>.+): the time (?P<time>.+) appears twice",
        _("%(where)s: the time %(time)s appears twice"),
    ),
]
_COMPILED = [(re.compile(f"^{pattern}$", re.S), words) for pattern, words in _SENTENCES]
_PREFIX = re.compile(r"^(?P<prefix>[^:“”]{1,80}): (?P<rest>.+)$", re.S)


def _one(text: str) -> str | None:
    for pattern, words in _COMPILED:
        if found := pattern.match(text):
            values = found.groupdict()
            if "kind" in values:
                values["kind"] = str(GEOMETRIES.get(values["kind"], values["kind"]))
            if "format" in values:
                values["format"] = values["format"].upper().replace("_", " ")
            return str(words) % values
    return None


def message(text: str) -> str:
    """A pure module's message in the page's language (as written when it is not known)."""
    whole = _one(text)
    if whole is not None:
        return whole
    if prefixed := _PREFIX.match(text):  # "<the file's column>: <the sentence>"
        rest = _one(prefixed.group("rest"))
        if rest is not None:
            return f"{prefixed.group('prefix')}: {rest}"
    return text


def outcome(action: str) -> str:
    return str(OUTCOMES.get(action, action))


def field_name(model: type[models.Model] | None, field: str) -> str:
    """A field of the imported records by its name (``geometry`` is the feature's shape)."""
    if field == "geometry":
        return str(_("location"))
    if model is not None:
        try:
            found = model._meta.get_field(field)
        except FieldDoesNotExist:
            found = None
        if isinstance(found, models.Field):
            return str(found.verbose_name)
    return field.replace("_", " ")
