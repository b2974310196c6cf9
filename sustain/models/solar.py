"""Rooftop and ground solar installations registered by environment staff."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sustain.models.common import (
    Timestamped,
    last_verified_field,
    lat_lon_constraints,
    latitude_field,
    longitude_field,
)
from sustain.validators import PositiveValidator, RangeValidator, validate_not_future

DEFAULT_LOSSES_PCT = 14.08  # pvlib.pvsystem.pvwatts_losses() with PVWatts v5 defaults
DEFAULT_DC_AC_RATIO = 1.2  # PVWatts v5 default


class BuildingType(models.TextChoices):
    HOUSEHOLD = "household", _("household")
    SCHOOL = "school", _("school")
    TEMPLE = "temple", _("temple")
    GOVERNMENT = "government", _("government office")
    HEALTH_CENTRE = "health_centre", _("health centre")
    BUSINESS = "business", _("business")
    COMMUNITY_ENTERPRISE = "community_enterprise", _("community enterprise")
    OTHER = "other", _("other")


class Mounting(models.TextChoices):
    ROOF = "roof", _("roof mount")
    OPEN_RACK = "open_rack", _("open rack")


class ModuleType(models.TextChoices):
    STANDARD = "standard", _("standard")
    PREMIUM = "premium", _("premium")
    THIN_FILM = "thin_film", _("thin film")


class InstallationStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    OPERATING = "operating", _("operating")
    DECOMMISSIONED = "decommissioned", _("decommissioned")


class SolarInstallation(Timestamped):
    """One PV system. Owner name and phone are personal data: staff only."""

    name = models.CharField(_("name"), max_length=200)
    building_type = models.CharField(
        _("building type"), max_length=32, choices=BuildingType.choices
    )
    latitude = latitude_field()
    longitude = longitude_field()
    village = models.ForeignKey(
        "sustain.Village",
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="solar_installations",
    )
    capacity_kwp = models.DecimalField(
        _("capacity (kWp)"),
        max_digits=9,
        decimal_places=3,
        validators=[
            RangeValidator(
                field_label=_("Capacity"), low=0, high=1000, unit="kWp", low_inclusive=False
            )
        ],
        help_text=_("Nameplate DC power of the modules."),
    )
    tilt_deg = models.FloatField(
        _("tilt (°)"),
        validators=[RangeValidator(field_label=_("Tilt"), low=0, high=90, unit="°")],
        help_text=_("0 = flat, 90 = vertical."),
    )
    azimuth_deg = models.FloatField(
        _("azimuth (°)"),
        default=180.0,
        validators=[RangeValidator(field_label=_("Azimuth"), low=0, high=360, unit="°")],
        help_text=_("Direction the modules face: 0 = north, 90 = east, 180 = south, 270 = west."),
    )
    mounting = models.CharField(
        _("mounting"), max_length=16, choices=Mounting.choices, default=Mounting.ROOF
    )
    module_type = models.CharField(
        _("module type"), max_length=16, choices=ModuleType.choices, default=ModuleType.STANDARD
    )
    losses_pct = models.FloatField(
        _("system losses (%)"),
        default=DEFAULT_LOSSES_PCT,
        validators=[RangeValidator(field_label=_("System losses"), low=-5, high=99, unit="%")],
    )
    dc_ac_ratio = models.FloatField(
        _("DC/AC ratio"),
        default=DEFAULT_DC_AC_RATIO,
        validators=[RangeValidator(field_label=_("DC/AC ratio"), low=0.5, high=3)],
    )
    commissioned_on = models.DateField(_("commissioned on"), null=True, blank=True)
    battery_kwh = models.DecimalField(
        _("battery (kWh)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[PositiveValidator(field_label=_("Battery"))],
        help_text=_("Usable storage, when the system has batteries (for planned replacements)."),
    )
    decommissioned_on = models.DateField(
        _("decommissioned on"), null=True, blank=True, validators=[validate_not_future]
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=InstallationStatus.choices,
        default=InstallationStatus.OPERATING,
    )
    enterprise = models.ForeignKey(
        "sustain.CommunityEnterprise",
        verbose_name=_("operating community enterprise"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="solar_installations",
    )
    owner_name = models.CharField(
        _("owner name (private)"), max_length=200, blank=True, help_text=_("Staff only (PDPA).")
    )
    owner_phone = models.CharField(
        _("owner phone (private)"), max_length=32, blank=True, help_text=_("Staff only (PDPA).")
    )
    last_verified_on = last_verified_field()
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("solar installation")
        verbose_name_plural = _("solar installations")
        constraints = [
            *lat_lon_constraints("solar"),
            models.CheckConstraint(
                condition=models.Q(capacity_kwp__gt=0, capacity_kwp__lte=1000),
                name="solar_capacity_range",
            ),
            models.CheckConstraint(
                condition=models.Q(tilt_deg__gte=0, tilt_deg__lte=90), name="solar_tilt_range"
            ),
            models.CheckConstraint(
                condition=models.Q(azimuth_deg__gte=0, azimuth_deg__lte=360),
                name="solar_azimuth_range",
            ),
            models.CheckConstraint(
                condition=models.Q(dc_ac_ratio__gte=0.5, dc_ac_ratio__lte=3),
                name="solar_dc_ac_range",
            ),
            models.CheckConstraint(
                condition=models.Q(losses_pct__gte=-5, losses_pct__lte=99),
                name="solar_losses_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public_building(self) -> bool:
        """Households are private homes; every other building type may be shown exactly."""
        return self.building_type != BuildingType.HOUSEHOLD

    def clean(self) -> None:
        errors: dict[str, list[ValidationError]] = {}
        if (
            self.commissioned_on
            and self.decommissioned_on
            and self.decommissioned_on <= self.commissioned_on
        ):
            errors.setdefault("decommissioned_on", []).append(
                ValidationError(
                    _("Decommissioned on must be after commissioned on (%(date)s)."),
                    code="decommissioned_before_commissioned",
                    params={"date": self.commissioned_on.isoformat()},
                )
            )
        if self.status == InstallationStatus.DECOMMISSIONED and not self.decommissioned_on:
            errors.setdefault("decommissioned_on", []).append(
                ValidationError(
                    _("Decommissioned on is required when the status is decommissioned."),
                    code="required_when_decommissioned",
                )
            )
        if self.status != InstallationStatus.DECOMMISSIONED and self.decommissioned_on:
            errors.setdefault("status", []).append(
                ValidationError(
                    _("Status must be decommissioned when a decommissioning date is set."),
                    code="status_not_decommissioned",
                )
            )
        if self.status == InstallationStatus.OPERATING and not self.commissioned_on:
            errors.setdefault("commissioned_on", []).append(
                ValidationError(
                    _("Commissioned on is required for an operating installation."),
                    code="required_when_operating",
                )
            )
        if errors:
            raise ValidationError(errors)
