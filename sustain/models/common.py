"""Fields and bounds shared by several models."""

import datetime as dt

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sustain.core.thaidates import format_thai_date
from sustain.validators import RangeValidator, validate_not_future

LATITUDE_VALIDATOR = RangeValidator(field_label=_("Latitude"), low=-90, high=90, unit="°")
LONGITUDE_VALIDATOR = RangeValidator(field_label=_("Longitude"), low=-180, high=180, unit="°")


def latitude_field(**kwargs: object) -> models.FloatField:
    return models.FloatField(
        _("latitude"),
        validators=[LATITUDE_VALIDATOR],
        help_text=_("WGS 84 decimal degrees, north positive (San Sai Ngam is about 19.72)."),
        **kwargs,  # type: ignore[arg-type]
    )


def longitude_field(**kwargs: object) -> models.FloatField:
    return models.FloatField(
        _("longitude"),
        validators=[LONGITUDE_VALIDATOR],
        help_text=_("WGS 84 decimal degrees, east positive (San Sai Ngam is about 100.18)."),
        **kwargs,  # type: ignore[arg-type]
    )


def last_verified_field() -> models.DateField:
    return models.DateField(
        _("last verified on"),
        null=True,
        blank=True,
        validators=[validate_not_future],
        help_text=_("When staff last saw the site in place."),
    )


def lat_lon_constraints(prefix: str) -> list[models.BaseConstraint]:
    """Database-level guards for rows written without full_clean (bulk imports)."""
    return [
        models.CheckConstraint(
            condition=models.Q(latitude__gte=-90, latitude__lte=90),
            name=f"{prefix}_latitude_range",
        ),
        models.CheckConstraint(
            condition=models.Q(longitude__gte=-180, longitude__lte=180),
            name=f"{prefix}_longitude_range",
        ),
    ]


class Timestamped(models.Model):
    """Creation and update times; ``updated_at`` drives incremental sync."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


def shown_date(day: dt.date | None) -> str:
    """A date in a record's name: 1 มี.ค. 2569 (BE) on Thai pages, 2026-03-01 otherwise."""
    if day is None:
        return "…"
    if isinstance(day, dt.datetime):
        day = day.date()
    return format_thai_date(day) if get_language() == "th" else day.isoformat()
