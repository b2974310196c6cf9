"""Preventive maintenance: plans with checklists and seasonal windows, and the inspections made."""

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sustain.core import schedule
from sustain.models.common import LATITUDE_VALIDATOR, LONGITUDE_VALIDATOR
from sustain.models.solar import BuildingType, SolarInstallation
from sustain.models.waste import WastePoint, WastePointKind
from sustain.storage import private_storage, random_folder
from sustain.validators import RangeValidator


class SiteType(models.TextChoices):
    WASTE_POINT = "waste_point", _("waste point")
    INSTALLATION = "installation", _("solar installation")


class SiteLinked(models.Model):
    """A record about one site: exactly one of ``waste_point`` and ``installation`` is set."""

    waste_point = models.ForeignKey(
        "sustain.WastePoint",
        verbose_name=_("waste point"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    installation = models.ForeignKey(
        "sustain.SolarInstallation",
        verbose_name=_("solar installation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def site(self) -> "WastePoint | SolarInstallation | None":
        return self.waste_point or self.installation

    @property
    def site_type(self) -> str:
        return SiteType.WASTE_POINT if self.waste_point_id else SiteType.INSTALLATION

    def clean_site(self) -> None:
        if bool(self.waste_point_id) == bool(self.installation_id):
            raise ValidationError(
                {"waste_point": _("Give exactly one site: a waste point or a solar installation.")},
                code="one_site",
            )


def one_site_constraint(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=(
            models.Q(waste_point__isnull=False, installation__isnull=True)
            | models.Q(waste_point__isnull=True, installation__isnull=False)
        ),
        name=f"{prefix}_exactly_one_site",
    )


class MaintenancePlan(models.Model):
    """How often a kind of site is visited and what is checked.

    The most specific active plan applies: one installation's own plan, else its building type's,
    else the plan for every solar installation; a waste point's kind, else every waste point.
    """

    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    site_type = models.CharField(_("for"), max_length=16, choices=SiteType.choices)
    waste_point_kind = models.CharField(
        _("waste point kind"),
        max_length=20,
        choices=WastePointKind.choices,
        blank=True,
        help_text=_("Empty: every waste point without a plan of its own kind."),
    )
    building_type = models.CharField(
        _("building type"),
        max_length=32,
        choices=BuildingType.choices,
        blank=True,
        help_text=_("Empty: every solar installation without a more specific plan."),
    )
    installation = models.ForeignKey(
        "sustain.SolarInstallation",
        verbose_name=_("one installation only"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="maintenance_plans",
    )
    interval_days = models.PositiveIntegerField(
        _("interval (days)"),
        validators=[RangeValidator(field_label=_("Interval (days)"), low=1, high=3650)],
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible staff member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Receives the weekly list of these visits."),
    )
    active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["site_type", "waste_point_kind", "building_type", "id"]
        verbose_name = _("maintenance plan")
        verbose_name_plural = _("maintenance plans")
        constraints = [
            models.UniqueConstraint(
                fields=["site_type", "waste_point_kind", "building_type"],
                condition=models.Q(active=True, installation__isnull=True),
                name="plan_one_active_per_kind",
                violation_error_message=_("An active plan for this kind of site already exists."),
            ),
            models.UniqueConstraint(
                fields=["installation"],
                condition=models.Q(active=True),
                name="plan_one_active_per_installation",
                violation_error_message=_("This installation already has an active plan."),
            ),
            models.CheckConstraint(
                condition=models.Q(interval_days__gte=1, interval_days__lte=3650),
                name="plan_interval_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name_th

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.site_type == SiteType.WASTE_POINT and (self.building_type or self.installation_id):
            errors["building_type"] = ValidationError(
                _("A plan for waste points cannot name a building type or an installation."),
                code="plan_target",
            )
        if self.site_type == SiteType.INSTALLATION and self.waste_point_kind:
            errors["waste_point_kind"] = ValidationError(
                _("A plan for solar installations cannot name a waste point kind."),
                code="plan_target",
            )
        if errors:
            raise ValidationError(errors)

    def windows(self) -> tuple[schedule.SeasonalWindow, ...]:
        return tuple(rule.window() for rule in self.seasonal_rules.all())


class AnswerType(models.TextChoices):
    YES_NO = "yes_no", _("yes / no")
    NUMBER = "number", _("number")
    PHOTO = "photo", _("photo")


class ChecklistItem(models.Model):
    """One question of a plan's checklist, in Thai and English."""

    plan = models.ForeignKey(
        MaintenancePlan, on_delete=models.CASCADE, related_name="items", verbose_name=_("plan")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    key = models.SlugField(
        _("key"), max_length=40, help_text=_("Short name used by the field app, e.g. panels_clean.")
    )
    label_th = models.CharField(_("question (Thai)"), max_length=200)
    label_en = models.CharField(_("question (English)"), max_length=200)
    answer_type = models.CharField(_("answer"), max_length=8, choices=AnswerType.choices)
    required = models.BooleanField(_("required"), default=True)
    pass_answer = models.BooleanField(
        _("passing answer (yes/no)"),
        default=True,
        help_text=_("For yes/no questions: the answer that means all is well."),
    )
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    min_value = models.FloatField(_("lowest value accepted"), null=True, blank=True)
    max_value = models.FloatField(_("highest value accepted"), null=True, blank=True)
    pass_min = models.FloatField(_("lowest passing value"), null=True, blank=True)
    pass_max = models.FloatField(_("highest passing value"), null=True, blank=True)

    class Meta:
        ordering = ["plan", "position", "id"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="checklist_key_unique_in_plan")
        ]

    def __str__(self) -> str:
        return self.label_th

    def clean(self) -> None:
        pairs = (("min_value", "max_value"), ("pass_min", "pass_max"))
        for low_name, high_name in pairs:
            low, high = getattr(self, low_name), getattr(self, high_name)
            if low is not None and high is not None and low > high:
                raise ValidationError(
                    {high_name: _("The highest value must not be below the lowest value.")},
                    code="range_reversed",
                )


class SeasonalRule(models.Model):
    """Once a year, a visit inside a window (e.g. cleaning panels before the smoke months)."""

    plan = models.ForeignKey(
        MaintenancePlan,
        on_delete=models.CASCADE,
        related_name="seasonal_rules",
        verbose_name=_("plan"),
    )
    label_th = models.CharField(_("reason (Thai)"), max_length=200)
    label_en = models.CharField(_("reason (English)"), max_length=200, blank=True)
    start_month = models.PositiveSmallIntegerField(_("window opens: month"))
    start_day = models.PositiveSmallIntegerField(_("window opens: day"))
    end_month = models.PositiveSmallIntegerField(_("window closes: month"))
    end_day = models.PositiveSmallIntegerField(_("window closes: day"))

    class Meta:
        ordering = ["plan", "start_month", "start_day"]
        verbose_name = _("seasonal rule")
        verbose_name_plural = _("seasonal rules")

    def __str__(self) -> str:
        return self.label_th

    def window(self) -> schedule.SeasonalWindow:
        return schedule.SeasonalWindow(
            self.start_month, self.start_day, self.end_month, self.end_day, label=self.label_th
        )

    def clean(self) -> None:
        try:
            self.window()
        except (ValueError, TypeError):
            raise ValidationError(
                {"end_day": _("The window's days must be real days of the year (e.g. 1/12–31/1).")},
                code="window_day",
            ) from None


def _photo_storage() -> Storage:
    """Photos are private files (``PRIVATE_MEDIA_ROOT``), served only through a permission check."""
    return private_storage()


def photo_upload_to(instance: "InspectionPhoto", filename: str) -> str:
    return f"inspections/{random_folder()}/{secrets.token_hex(8)}.jpg"


class Inspection(SiteLinked):
    """A visit: who, when, where the device was (staff only), each answer, notes and photos.

    ``uuid`` is made by the field app, so sending the same inspection twice stores it once.
    """

    uuid = models.UUIDField(_("identifier"), unique=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(
        MaintenancePlan,
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspections",
    )
    inspected_at = models.DateTimeField(_("inspected at"))
    inspected_on = models.DateField(_("inspected on"), db_index=True)  # local day of inspected_at
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inspector"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    device_latitude = models.FloatField(
        _("device latitude (staff only)"), null=True, blank=True, validators=[LATITUDE_VALIDATOR]
    )
    device_longitude = models.FloatField(
        _("device longitude (staff only)"), null=True, blank=True, validators=[LONGITUDE_VALIDATOR]
    )
    device_accuracy_m = models.FloatField(_("location accuracy (m)"), null=True, blank=True)
    in_service = models.BooleanField(_("in service"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-inspected_at", "id"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        constraints = [one_site_constraint("inspection")]
        indexes = [
            models.Index(fields=["waste_point", "inspected_on"]),
            models.Index(fields=["installation", "inspected_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.inspected_on} {self.site}"

    def clean(self) -> None:
        self.clean_site()


class InspectionAnswer(models.Model):
    """One checklist answer. The question is copied, so later edits to a plan keep old answers."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(
        ChecklistItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    key = models.SlugField(max_length=40)
    label_th = models.CharField(max_length=200)
    label_en = models.CharField(max_length=200, blank=True)
    answer_type = models.CharField(max_length=8, choices=AnswerType.choices)
    value_bool = models.BooleanField(null=True, blank=True)
    value_number = models.FloatField(null=True, blank=True)
    unit = models.CharField(max_length=20, blank=True)
    passed = models.BooleanField(null=True, blank=True)  # None: nothing to judge (photo, blank)

    class Meta:
        ordering = ["inspection", "id"]
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        constraints = [
            models.UniqueConstraint(fields=["inspection", "key"], name="answer_once_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.value_bool if self.value_number is None else self.value_number}"


class InspectionPhoto(models.Model):
    """A photo, resized on upload (household photos without their EXIF location); private."""

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="photos")
    item_key = models.SlugField(max_length=40, blank=True)
    file = models.FileField(storage=_photo_storage, upload_to=photo_upload_to, max_length=200)
    width_px = models.PositiveIntegerField()
    height_px = models.PositiveIntegerField()
    size_bytes = models.PositiveIntegerField()

    class Meta:
        ordering = ["inspection", "id"]
        verbose_name = _("inspection photo")
        verbose_name_plural = _("inspection photos")

    def __str__(self) -> str:
        return f"{self.inspection_id} {self.item_key}"
