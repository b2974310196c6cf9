"""Community enterprises (วิสาหกิจชุมชน, Act B.E. 2548) and what they do each period."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sustain.models.common import Timestamped, latitude_field, longitude_field, shown_date
from sustain.validators import (
    PositiveValidator,
    RangeValidator,
    validate_not_future,
    validate_registration_code,
    validate_visible_name,
)

MIN_MEMBERS = 7  # the Act requires at least 7 members from different households


class ActivityType(models.TextChoices):
    WASTE = "waste", _("waste bank and recycling")
    COMPOST = "compost", _("compost and organic farming")
    ENERGY = "energy", _("solar and energy")
    HANDICRAFT = "handicraft", _("handicraft")
    FOOD = "food", _("food processing")
    AGRICULTURE = "agriculture", _("agriculture")
    OTHER = "other", _("other")


class CommunityEnterprise(Timestamped):
    """A registered community enterprise. The representative's name and contact are private."""

    name = models.CharField(_("name"), max_length=200, validators=[validate_visible_name])
    registration_code = models.CharField(
        _("registration code"),
        max_length=12,
        unique=True,
        validators=[validate_registration_code],
        help_text=_("12 digits, from the district agricultural office (form สวช.01)."),
    )
    registered_on = models.DateField(
        _("registered on"), validators=[validate_not_future], null=True, blank=True
    )
    renewed_on = models.DateField(
        _("last renewed on"), validators=[validate_not_future], null=True, blank=True
    )
    activity_type = models.CharField(
        _("activity type"), max_length=16, choices=ActivityType.choices
    )
    products = models.TextField(_("products"), blank=True)
    village = models.ForeignKey(
        "sustain.Village",
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    member_count = models.PositiveIntegerField(
        _("members"),
        validators=[
            RangeValidator(field_label=_("Members"), low=MIN_MEMBERS, high=100_000, unit="")
        ],
    )
    latitude = latitude_field(null=True, blank=True)
    longitude = longitude_field(null=True, blank=True)
    representative_name = models.CharField(
        _("representative (private)"), max_length=200, blank=True, help_text=_("Staff only.")
    )
    representative_contact = models.CharField(
        _("representative contact (private)"),
        max_length=200,
        blank=True,
        help_text=_("Staff only."),
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("community enterprise")
        verbose_name_plural = _("community enterprises")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (self.latitude is None) != (self.longitude is None):
            missing = "longitude" if self.longitude is None else "latitude"
            raise ValidationError(
                {missing: _("Give both latitude and longitude, or neither.")}, code="half_point"
            )
        if self.registered_on and self.renewed_on and self.renewed_on < self.registered_on:
            raise ValidationError(
                {"renewed_on": _("Last renewed on cannot be before registered on.")},
                code="renewed_before_registered",
            )


class EnterpriseActivity(Timestamped):
    """What an enterprise did in a period (usually a fiscal year or a quarter)."""

    enterprise = models.ForeignKey(
        CommunityEnterprise,
        verbose_name=_("community enterprise"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    revenue_thb = models.DecimalField(
        _("revenue (THB)"),
        max_digits=12,
        decimal_places=2,
        validators=[RangeValidator(field_label=_("Revenue"), low=0, high=10**10, unit="THB")],
    )
    members = models.PositiveIntegerField(_("members"))
    jobs = models.PositiveIntegerField(_("jobs"), help_text=_("People earning from the work."))
    products_volumes = models.TextField(
        _("products and volumes"), blank=True, help_text=_("e.g. compost 12 t; soap 3,000 bars.")
    )
    waste_handled_kg = models.DecimalField(
        _("waste handled (kg)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[PositiveValidator(field_label=_("Waste handled"))],
    )
    support_received = models.TextField(_("support received"), blank=True)
    support_value_thb = models.DecimalField(
        _("support value (THB)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[RangeValidator(field_label=_("Support value"), low=0, high=10**10, unit="THB")],
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["enterprise", "-period_start"]
        verbose_name = _("enterprise activity")
        verbose_name_plural = _("enterprise activities")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "period_start", "period_end"],
                name="activity_one_per_period",
                violation_error_message=_("This enterprise already has a record for this period."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {shown_date(self.period_start)}–{shown_date(self.period_end)}"

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError(
                {"period_end": _("Period end must be on or after period start.")},
                code="period_reversed",
            )
