"""The place: the municipality (a single row of settings) and its villages (หมู่บ้าน)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sustain.models.common import latitude_field, longitude_field
from sustain.validators import RangeValidator, validate_polygon_geojson, validate_visible_name


class Village(models.Model):
    """A village (หมู่ที่ / moo) of the municipality."""

    moo = models.PositiveSmallIntegerField(
        _("village number (moo)"),
        unique=True,
        validators=[RangeValidator(field_label=_("Village number (moo)"), low=1, high=99)],
    )
    name_th = models.CharField(_("name (Thai)"), max_length=200, validators=[validate_visible_name])
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    geocode = models.CharField(
        _("DOPA geocode"), max_length=8, blank=True, help_text=_("8 digits, e.g. 57041101.")
    )
    boundary_geojson = models.JSONField(
        _("boundary (GeoJSON)"),
        null=True,
        blank=True,
        validators=[validate_polygon_geojson],
        help_text=_("A GeoJSON Polygon or MultiPolygon in WGS 84 (longitude, latitude)."),
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    unverified = models.BooleanField(
        _("unverified"),
        default=False,
        help_text=_("Name or existence not yet confirmed against the official register."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["moo"]
        verbose_name = _("village")
        verbose_name_plural = _("villages")

    def __str__(self) -> str:
        return f"{_('Moo')} {self.moo} {self.name_th}"


class Municipality(models.Model):
    """The one local government this installation serves (always the row with id 1)."""

    SINGLETON_ID = 1

    # A fixed key, not a sequence: PostgreSQL sequences move on after a rollback.
    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON_ID, editable=False)
    name_th = models.CharField(_("name (Thai)"), max_length=200, validators=[validate_visible_name])
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    dopa_code = models.CharField(_("DOPA code"), max_length=6, blank=True)
    reference_latitude = latitude_field()
    reference_longitude = longitude_field()
    service_area_geojson = models.JSONField(
        _("service area (GeoJSON)"),
        null=True,
        blank=True,
        validators=[validate_polygon_geojson],
        help_text=_("The municipal boundary; when empty, a circle of the radius below is used."),
    )
    service_radius_km = models.FloatField(
        _("service radius (km)"),
        default=5.0,
        validators=[RangeValidator(field_label=_("Service radius"), low=0.1, high=100, unit="km")],
    )
    population = models.PositiveIntegerField(
        _("population"), null=True, blank=True, help_text=_("For per-capita indicators.")
    )
    demo_data = models.BooleanField(
        _("demo data"),
        default=False,
        help_text=_("Set when the records are the fictional demo, so every page says so."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("municipality settings")
        verbose_name_plural = _("municipality settings")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="municipality_single_row"),
            *[
                models.CheckConstraint(
                    condition=models.Q(
                        **{f"reference_{axis}__gte": low, f"reference_{axis}__lte": high}
                    ),
                    name=f"municipality_reference_{axis}_range",
                )
                for axis, low, high in (("latitude", -90, 90), ("longitude", -180, 180))
            ],
        ]

    def __str__(self) -> str:
        return self.name_th


__all__ = ["Municipality", "Village"]
