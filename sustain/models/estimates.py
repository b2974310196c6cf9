"""Weather datasets, stored PV estimates and per-kWp profiles, meter readings, estimate runs."""

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sustain.models.common import Timestamped, latitude_field, longitude_field, shown_date
from sustain.models.jobs import Job
from sustain.validators import RangeValidator, validate_not_future


class WeatherFormat(models.TextChoices):
    EPW = "epw", "EPW"
    TMY3 = "tmy3", "TMY3"
    TMY2 = "tmy2", "TMY2"
    PVGIS_JSON = "pvgis_json", "PVGIS TMY (JSON)"
    PVGIS_CSV = "pvgis_csv", "PVGIS TMY (CSV)"
    NASA_POWER_CSV = "nasa_power_csv", "NASA POWER hourly (CSV)"
    MONTHLY = "monthly", _("12 monthly values")
    DEFAULT = "default", _("default approximate year")


class WeatherDataset(models.Model):
    """An hourly weather year. Staff make one active; every stored estimate uses the applied one,
    which becomes the active one when the fleet's run for it has finished (all at once)."""

    name = models.CharField(_("name"), max_length=200)
    source_format = models.CharField(_("format"), max_length=20, choices=WeatherFormat.choices)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    description = models.TextField(_("description"), help_text=_("Where the data come from."))
    latitude = latitude_field()
    longitude = longitude_field()
    altitude_m = models.FloatField(_("altitude (m)"), default=0)
    approximate = models.BooleanField(_("approximate"), default=False)
    active = models.BooleanField(
        _("active"), default=False, help_text=_("Chosen by staff for the estimates.")
    )
    applied = models.BooleanField(
        _("applied"),
        default=False,
        help_text=_(
            "Every stored estimate uses it. Differs from the active one only until the fleet's "
            "run for the active one finishes."
        ),
    )
    hourly_npz = models.BinaryField(editable=False)  # compressed arrays; see services.weathersets
    hours = models.PositiveIntegerField(_("hours"))
    annual_ghi_kwh_m2 = models.FloatField(_("annual GHI (kWh/m²)"))
    gaps_note = models.CharField(_("gaps"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("weather dataset")
        verbose_name_plural = _("weather datasets")
        constraints = [
            models.UniqueConstraint(
                fields=["active"], condition=models.Q(active=True), name="one_active_weather"
            ),
            models.UniqueConstraint(
                fields=["applied"], condition=models.Q(applied=True), name="one_applied_weather"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class InstallationEstimate(models.Model):
    """The latest typical-year estimate of one installation, with what produced it."""

    installation = models.OneToOneField(
        "sustain.SolarInstallation", on_delete=models.CASCADE, related_name="estimate"
    )
    weather = models.ForeignKey(WeatherDataset, on_delete=models.PROTECT, related_name="+")
    model_version = models.CharField(max_length=80)
    annual_kwh = models.FloatField(_("annual energy (kWh)"))
    monthly_kwh = models.JSONField(_("monthly energy (kWh)"))
    specific_yield_kwh_per_kwp = models.FloatField(_("specific yield (kWh/kWp)"))
    inputs = models.JSONField(_("inputs"), help_text=_("The system values the estimate used."))
    weather_gaps = models.CharField(max_length=300, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("solar estimate")
        verbose_name_plural = _("solar estimates")

    def __str__(self) -> str:
        return f"{self.installation_id}: {self.annual_kwh:.0f} kWh"


class ReadingSource(models.TextChoices):
    STAFF = "staff", _("staff")
    DEVICE = "device", _("device")


class MeterReading(Timestamped):
    """Energy a meter recorded over a period (both dates included)."""

    installation = models.ForeignKey(
        "sustain.SolarInstallation",
        verbose_name=_("solar installation"),
        on_delete=models.CASCADE,
        related_name="readings",
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"), validators=[validate_not_future])
    energy_kwh = models.DecimalField(
        _("energy (kWh)"),
        max_digits=12,
        decimal_places=3,
        validators=[RangeValidator(field_label=_("Energy"), low=0, high=10**9, unit="kWh")],
    )
    meter_register_kwh = models.DecimalField(
        _("meter register at period end (kWh)"),
        max_digits=14,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[
            RangeValidator(field_label=_("Meter register"), low=0, high=10**11, unit="kWh")
        ],
    )
    source = models.CharField(
        _("source"), max_length=10, choices=ReadingSource.choices, default=ReadingSource.STAFF
    )
    expected_kwh = models.FloatField(_("expected (kWh)"), null=True, blank=True, editable=False)
    performance_ratio = models.FloatField(
        _("performance ratio"), null=True, blank=True, editable=False
    )
    expected_weather = models.ForeignKey(
        WeatherDataset,
        verbose_name=_("weather of the expected energy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
    )
    expected_model_version = models.CharField(
        _("model version of the expected energy"), max_length=80, blank=True, editable=False
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["installation", "-period_end"]
        verbose_name = _("meter reading")
        verbose_name_plural = _("meter readings")
        constraints = [
            models.UniqueConstraint(
                fields=["installation", "period_start", "period_end"],
                name="reading_one_per_period",
                violation_error_message=_(
                    "This installation already has a reading for this period."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="reading_period_forward",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.installation_id} {shown_date(self.period_start)}–"
            f"{shown_date(self.period_end)}: {self.energy_kwh} kWh"
        )

    def clean(self) -> None:
        if not (self.period_start and self.period_end and self.installation_id):
            return
        others = MeterReading.objects.filter(installation_id=self.installation_id).exclude(
            pk=self.pk
        )
        overlapping = others.filter(
            period_start__lte=self.period_end, period_end__gte=self.period_start
        )
        before = (
            others.filter(period_end__lt=self.period_start, meter_register_kwh__isnull=False)
            .order_by("-period_end")
            .first()
        )
        reading_rules_check(self, others=[*overlapping, *([before] if before else [])])


def reading_rules_check(reading: MeterReading, *, others: Iterable[MeterReading]) -> None:
    """The rules a reading must keep with the installation's other readings (``others``, without
    ``reading`` itself): a forward period, no overlap, a register that never runs backwards.

    Pure, so a batch can check many readings against rows it loaded once.
    Raises ``ValidationError`` keyed by field.
    """
    if reading.period_end < reading.period_start:
        raise ValidationError(
            {"period_end": _("Period end must be on or after period start.")},
            code="period_reversed",
        )
    overlap = None
    before = None
    for other in others:
        same_period = (other.period_start, other.period_end) == (
            reading.period_start,
            reading.period_end,
        )
        if (
            not same_period  # the same period is the same reading (a unique constraint)
            and other.period_start <= reading.period_end
            and other.period_end >= reading.period_start
            and (overlap is None or other.period_end > overlap.period_end)
        ):
            overlap = other
        if (
            other.period_end < reading.period_start
            and other.meter_register_kwh is not None
            and (before is None or other.period_end > before.period_end)
        ):
            before = other
    if overlap is not None:
        raise ValidationError(
            {
                "period_start": ValidationError(
                    _("The period overlaps the reading of %(start)s to %(end)s."),
                    code="period_overlap",
                    params={"start": overlap.period_start, "end": overlap.period_end},
                )
            }
        )
    if (
        reading.meter_register_kwh is not None
        and before is not None
        and before.meter_register_kwh > reading.meter_register_kwh  # type: ignore[operator]
    ):
        raise ValidationError(
            {
                "meter_register_kwh": ValidationError(
                    _(
                        "The meter runs backwards: %(value)s kWh is below %(before)s kWh "
                        "recorded at %(date)s."
                    ),
                    code="register_backwards",
                    params={
                        "value": reading.meter_register_kwh,
                        "before": before.meter_register_kwh,
                        "date": before.period_end,
                    },
                )
            }
        )


class EstimateRun(Job):
    """One recomputation of the fleet's estimates, so staff can follow its progress."""

    kind = "estimate"
    task_name = "sustain.tasks.fleet_estimate_refresh"

    weather = models.ForeignKey(WeatherDataset, on_delete=models.CASCADE, related_name="runs")
    reason = models.CharField(max_length=200, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("estimate run")
        verbose_name_plural = _("estimate runs")

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.done}/{self.total}"


class PerKwpProfile(models.Model):
    """What one kWp of a configuration produces with one weather year, computed with the fleet.

    Meter readings take their expected energy from ``daily_kwh_per_kwp`` instead of re-running the
    hourly chain; see ``services.profiles``.
    """

    weather = models.ForeignKey(WeatherDataset, on_delete=models.CASCADE, related_name="profiles")
    model_version = models.CharField(max_length=80)
    config_key = models.CharField(max_length=200)  # services.profiles.config_key
    tilt_deg = models.FloatField()
    azimuth_deg = models.FloatField()
    mounting = models.CharField(max_length=20)
    module_type = models.CharField(max_length=20)
    losses_pct = models.FloatField()
    dc_ac_ratio = models.FloatField()
    # 366 values, one per day of a leap year (1 January first); null for a day the weather lacks.
    daily_kwh_per_kwp = models.JSONField()
    monthly_kwh_per_kwp = models.JSONField()
    annual_kwh_per_kwp = models.FloatField()
    weather_gaps = models.CharField(max_length=300, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("per-kWp profile")
        verbose_name_plural = _("per-kWp profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["weather", "model_version", "config_key"], name="profile_one_per_config"
            )
        ]

    def __str__(self) -> str:
        return f"{self.weather_id} {self.config_key}: {self.annual_kwh_per_kwp:.0f} kWh/kWp"
