"""Field validators whose messages name the field and the rule it broke."""

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from sustain.core.geo import geojson_area_error
from sustain.core.thaidates import BE_OFFSET_YEARS
from sustain.hours_fields import check_osm

Number = int | float | Decimal


@deconstructible
class RangeValidator:
    """Accept ``low <(=) value <= high``; the message says which field and which bounds.

    ``low_inclusive=False`` makes the lower bound strict (for "greater than 0" rules).
    """

    def __init__(
        self,
        *,
        field_label: Any,
        low: Number,
        high: Number,
        unit: str = "",
        low_inclusive: bool = True,
    ) -> None:
        self.field_label = field_label
        self.low = low
        self.high = high
        self.unit = unit
        self.low_inclusive = low_inclusive

    def __call__(self, value: Number | None) -> None:
        if value is None:
            return
        too_low = value < self.low if self.low_inclusive else value <= self.low
        if too_low or value > self.high:
            params = {
                "field": self.field_label,
                "low": self.low,
                "high": self.high,
                "unit": self.unit,
                "value": value,
            }
            if self.low_inclusive:
                message = _("%(field)s must be from %(low)s to %(high)s %(unit)s (got %(value)s).")
            else:
                message = _(
                    "%(field)s must be greater than %(low)s and at most %(high)s %(unit)s "
                    "(got %(value)s)."
                )
            raise ValidationError(message, code="out_of_range", params=params)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RangeValidator) and vars(self) == vars(other)


@deconstructible
class PositiveValidator:
    """Quantities that must be greater than zero (mass, price per kg)."""

    def __init__(self, *, field_label: Any) -> None:
        self.field_label = field_label

    def __call__(self, value: Number | None) -> None:
        if value is not None and value <= 0:
            raise ValidationError(
                _("%(field)s must be greater than 0 (got %(value)s)."),
                code="not_positive",
                params={"field": self.field_label, "value": value},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PositiveValidator) and vars(self) == vars(other)


def validate_not_future(value: dt.date | None) -> None:
    """Records of what happened (collections, verifications) cannot be dated after today."""
    if value is not None and value > timezone.localdate():
        raise ValidationError(
            _("The date %(value)s is in the future; record only what has happened."),
            code="future_date",
            params={"value": value.isoformat()},
        )


# Not visible on their own: spaces and separators, controls, and format characters (zero-width
# space and joiners, word joiner, byte-order mark, soft hyphen).
_INVISIBLE_CATEGORIES = {"Zs", "Zl", "Zp", "Cc", "Cf"}


def validate_visible_name(value: str) -> None:
    """A name must show something: spaces and zero-width characters alone are not a name."""
    if value and all(
        character.isspace() or unicodedata.category(character) in _INVISIBLE_CATEGORIES
        for character in value
    ):
        raise ValidationError(
            _("The name has no visible characters (only spaces or invisible characters)."),
            code="invisible_name",
        )


# A year this large is a Buddhist-era year typed where a CE year belongs (2569 BE = 2026 CE).
BUDDHIST_ERA_FROM_YEAR = 2400


def validate_commissioned_on(value: dt.date | None) -> None:
    """Commissioning happened (not after today), and its year is CE, not BE typed as CE."""
    if value is None:
        return
    if value.year >= BUDDHIST_ERA_FROM_YEAR:
        raise ValidationError(
            _(
                "The year %(year)s looks like a Buddhist-era year entered as CE (%(year)s BE is "
                "%(ce)s CE): enter the year in CE, e.g. %(example)s."
            ),
            code="buddhist_era_year",
            params={
                "year": value.year,
                "ce": value.year - BE_OFFSET_YEARS,
                "example": value.replace(year=value.year - BE_OFFSET_YEARS).isoformat()
                if not (value.month == 2 and value.day == 29)
                else f"{value.year - BE_OFFSET_YEARS}-02-28",
            },
        )
    if value > timezone.localdate():
        raise ValidationError(
            _(
                "Commissioned on %(value)s is after today: give the date the system started "
                "producing (a planned system has none yet)."
            ),
            code="future_date",
            params={"value": value.isoformat()},
        )


def validate_opening_hours(value: str) -> None:
    """OpenStreetMap opening_hours syntax, e.g. ``Mo-Fr 08:30-16:30; Sa[2] 09:00-12:00``; the
    error says in words what is wrong (``sustain.hours_fields``), never the parser's text."""
    check_osm(value)


def validate_collection_times(value: str) -> None:
    """OpenStreetMap collection_times: opening_hours syntax that also allows ``We 07:00``."""
    check_osm(value, points=True)


REGISTRATION_CODE_RE = re.compile(r"^[0-9]{12}$")


def validate_registration_code(value: str) -> None:
    """Community-enterprise registration codes are exactly 12 digits."""
    if not REGISTRATION_CODE_RE.match(value or ""):
        raise ValidationError(
            _("Registration code must be exactly 12 digits (got “%(value)s”)."),
            code="registration_code",
            params={"value": value},
        )


def validate_polygon_geojson(value: Any) -> None:
    """A GeoJSON Polygon or MultiPolygon in WGS 84 longitude/latitude order, valid and non-empty."""
    if value in (None, ""):
        return
    error = geojson_area_error(value)
    if error:
        raise ValidationError(
            _("Boundary must be a valid GeoJSON Polygon or MultiPolygon: %(error)s"),
            code="geojson",
            params={"error": error},
        )
