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

from sustain.runtime_sentences import LABELS, QUANTITIES, REASONS, SENTENCES, VALUES

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

_COMPILED = [(re.compile(f"^{pattern}$", re.S), words) for pattern, words in SENTENCES]
_PREFIX = re.compile(r"^(?P<prefix>[^:“”]{1,80}): (?P<rest>.+)$", re.S)
_LINE = re.compile(r"^line (?P<line>\d+)$")
_REASONS_COMPILED = [(re.compile(f"^{pattern}$", re.S), words) for pattern, words in REASONS]


def _reason(text: str) -> str:
    for pattern, words in _REASONS_COMPILED:
        if found := pattern.match(text):
            return str(words) % found.groupdict()
    return str(_("its content does not match"))


def _name_values(values: dict[str, str]) -> None:
    """Name the fixed words among a sentence's values in the page's language."""
    if "label" in values:
        values["label"] = str(LABELS.get(values["label"], values["label"]))
    if "reason" in values:
        values["reason"] = _reason(values["reason"])
    if "quantity" in values:
        values["quantity"] = str(QUANTITIES.get(values["quantity"], values["quantity"]))
    if "where" in values and (line := _LINE.match(values["where"])):
        values["where"] = str(_("line %(line)s")) % {"line": line.group("line")}
    if "target" in values:
        from sustain.models.imports import ImportTarget  # (the records import this module)

        targets = dict(ImportTarget.choices)
        values["target"] = str(targets.get(values["target"], values["target"]))
    for key in ("value", "kinds", "kind"):
        if key in values and values[key] in VALUES:
            values[key] = str(VALUES[values[key]])
    if "kinds" in values:
        values["kinds"] = ", ".join(str(GEOMETRIES.get(k, k)) for k in values["kinds"].split(", "))


def _one(text: str) -> str | None:
    for pattern, words in _COMPILED:
        if found := pattern.match(text):
            values = found.groupdict()
            if "kind" in values:
                values["kind"] = str(GEOMETRIES.get(values["kind"], values["kind"]))
            if "format" in values:
                values["format"] = values["format"].upper().replace("_", " ")
            _name_values(values)
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


def notes(text: str) -> str:
    """A stored note of a pure module in the page's language: a known sentence, or each part of
    a note whose parts are joined by "; " (a weather year's gaps)."""
    whole = _one(text)
    if whole is not None:
        return whole
    return "; ".join(message(part) for part in text.split("; "))


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
