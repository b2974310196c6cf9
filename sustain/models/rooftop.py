"""Rooftop solar potential: cached per-kWp profiles and the public buildings staff assess."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sustain.models.common import Timestamped, lat_lon_constraints, latitude_field, longitude_field
from sustain.models.solar import BuildingType
from sustain.validators import RangeValidator


class RoofProfile(models.Model):
    """The hourly AC output of 1 kWp for one orientation under one weather year (a cache).

    Made by ``sustain.core.pv`` with PVWatts defaults (roof mount, standard modules, 14.08 % losses,
    DC/AC 1.2), so the resident's estimate and the fleet's agree for the same roof.
    """

    weather = models.ForeignKey(
        "sustain.WeatherDataset", on_delete=models.CASCADE, related_name="roof_profiles"
    )
    tilt_deg = models.FloatField()
    azimuth_deg = models.FloatField()
    model_version = models.CharField(max_length=80)
    hourly_npz = models.BinaryField()  # float32 W/kWp, month and hour per hour; see services
    monthly_kwh_per_kwp = models.JSONField()
    computed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("roof profile")
        verbose_name_plural = _("roof profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["weather", "tilt_deg", "azimuth_deg", "model_version"],
                name="roof_profile_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.weather_id} {self.tilt_deg}/{self.azimuth_deg}"


class RoofCandidate(Timestamped):
    """A roof staff assessed for solar: a registered building without panels, or any site."""

    name = models.CharField(_("name"), max_length=200)
    building_type = models.CharField(
        _("building type"),
        max_length=32,
        choices=BuildingType.choices,
        default=BuildingType.GOVERNMENT,
    )
    installation = models.OneToOneField(
        "sustain.SolarInstallation",
        verbose_name=_("registered building (planned installation)"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="roof_candidate",
    )
    village = models.ForeignKey(
        "sustain.Village",
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    latitude = latitude_field(null=True, blank=True)
    longitude = longitude_field(null=True, blank=True)
    roof_area_m2 = models.FloatField(
        _("usable roof area (m²)"),
        validators=[RangeValidator(field_label=_("Roof area"), low=5, high=50_000, unit="m²")],
    )
    tilt_deg = models.FloatField(
        _("tilt (°)"),
        validators=[RangeValidator(field_label=_("Tilt"), low=0, high=60, unit="°")],
    )
    azimuth_deg = models.FloatField(
        _("azimuth (°)"),
        default=180.0,
        validators=[RangeValidator(field_label=_("Azimuth"), low=0, high=360, unit="°")],
        help_text=_("Direction the roof faces: 0 = north, 90 = east, 180 = south, 270 = west."),
    )
    monthly_use_kwh = models.FloatField(
        _("electricity use (kWh/month)"),
        null=True,
        blank=True,
        validators=[
            RangeValidator(field_label=_("Electricity use"), low=0, high=1_000_000, unit="kWh")
        ],
        help_text=_("From the building's bills; empty: all production is used in the building."),
    )
    tariff_schedule = models.CharField(
        _("tariff schedule"),
        max_length=10,
        default="1.2",
        help_text=_("A schedule kept under residential tariffs, e.g. 1.2."),
    )
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("roof candidate")
        verbose_name_plural = _("roof candidates")
        constraints = [
            *lat_lon_constraints("roof_candidate"),
            models.CheckConstraint(
                condition=models.Q(roof_area_m2__gte=5, roof_area_m2__lte=50_000),
                name="roof_candidate_area_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name
