"""Rooftop and ground solar installations registered by environment staff."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sustain.core import pv
from sustain.models.common import (
    Timestamped,
    last_verified_field,
    lat_lon_constraints,
    latitude_field,
    longitude_field,
)
from sustain.validators import (
    PositiveValidator,
    RangeValidator,
    validate_commissioned_on,
    validate_not_future,
    validate_visible_name,
)

LIMITS = pv.LIMITS  # the range of each PV input, with the PVWatts defaults, live in sustain.core.pv


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


def _range_constraint(field: str, name: str) -> models.CheckConstraint:
    """The database's copy of a PV input's range (for rows written in bulk)."""
    bounds = LIMITS[field]
    low = f"{field}__gte" if bounds.low_inclusive else f"{field}__gt"
    return models.CheckConstraint(
        condition=models.Q(**{low: bounds.low, f"{field}__lte": bounds.high}), name=name
    )


class SolarInstallation(Timestamped):
    """One PV system. Owner name and phone are personal data: staff only."""

    name = models.CharField(_("name"), max_length=200, validators=[validate_visible_name])
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
                field_label=_("Capacity"),
                low=LIMITS["capacity_kwp"].low,
                high=LIMITS["capacity_kwp"].high,
                unit="kWp",
                low_inclusive=LIMITS["capacity_kwp"].low_inclusive,
            )
        ],
        help_text=_("Nameplate DC power of the modules."),
    )
    tilt_deg = models.FloatField(
        _("tilt (°)"),
        validators=[
            RangeValidator(
                field_label=_("Tilt"),
                low=LIMITS["tilt_deg"].low,
                high=LIMITS["tilt_deg"].high,
                unit="°",
            )
        ],
        help_text=_("0 = flat, 90 = vertical."),
    )
    azimuth_deg = models.FloatField(
        _("azimuth (°)"),
        default=pv.DEFAULT_AZIMUTH_DEG,
        validators=[
            RangeValidator(
                field_label=_("Azimuth"),
                low=LIMITS["azimuth_deg"].low,
                high=LIMITS["azimuth_deg"].high,
                unit="°",
            )
        ],
        help_text=_("Direction the modules face: 0 = north, 90 = east, 180 = south, 270 = west."),
    )
    mounting = models.CharField(
        _("mounting"), max_length=16, choices=Mounting.choices, default=pv.DEFAULT_MOUNTING
    )
    module_type = models.CharField(
        _("module type"),
        max_length=16,
        choices=ModuleType.choices,
        default=pv.DEFAULT_MODULE_TYPE,
    )
    losses_pct = models.FloatField(
        _("system losses (%)"),
        default=pv.DEFAULT_LOSSES_PCT,
        validators=[
            RangeValidator(
                field_label=_("System losses"),
                low=LIMITS["losses_pct"].low,
                high=LIMITS["losses_pct"].high,
                unit="%",
            )
        ],
    )
    dc_ac_ratio = models.FloatField(
        _("DC/AC ratio"),
        default=pv.DEFAULT_DC_AC_RATIO,
        validators=[
            RangeValidator(
                field_label=_("DC/AC ratio"),
                low=LIMITS["dc_ac_ratio"].low,
                high=LIMITS["dc_ac_ratio"].high,
            )
        ],
    )
    commissioned_on = models.DateField(
        _("commissioned on"), null=True, blank=True, validators=[validate_commissioned_on]
    )
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
            _range_constraint("capacity_kwp", "solar_capacity_range"),
            _range_constraint("tilt_deg", "solar_tilt_range"),
            _range_constraint("azimuth_deg", "solar_azimuth_range"),
            _range_constraint("dc_ac_ratio", "solar_dc_ac_range"),
            _range_constraint("losses_pct", "solar_losses_range"),
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
