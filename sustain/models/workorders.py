"""Work orders (a repair followed to its end) and planned replacements with dated unit costs."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sustain.models.common import Timestamped, shown_date
from sustain.models.maintenance import SiteLinked, SiteType, one_site_constraint
from sustain.models.solar import BuildingType
from sustain.models.waste import WastePointKind
from sustain.validators import PositiveValidator, RangeValidator, validate_not_future


class BudgetLine(models.TextChoices):
    """Lines of a Thai local government's budget (งบดำเนินงาน / งบลงทุน) that maintenance uses."""

    REPAIR = "repair", _("maintenance and repair")  # ค่าใช้สอย: ค่าบำรุงรักษาและซ่อมแซม
    MATERIALS = "materials", _("materials")  # ค่าวัสดุ
    EQUIPMENT = "equipment", _("equipment")  # ค่าครุภัณฑ์


class Priority(models.TextChoices):
    LOW = "low", _("low")
    NORMAL = "normal", _("normal")
    HIGH = "high", _("high")
    URGENT = "urgent", _("urgent")


class WorkOrderStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("in progress")
    WAITING_PARTS = "waiting_parts", _("waiting for parts")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


CLOSED_STATUSES = (WorkOrderStatus.DONE, WorkOrderStatus.CANCELLED)


class WorkOrderSource(models.TextChoices):
    INSPECTION = "inspection", _("failed checklist item")
    SOLAR_ALERT = "solar_alert", _("solar underperformance alert")
    RESIDENT_REPORT = "resident_report", _("resident's report")
    STAFF = "staff", _("staff")


class ReplacementBasis(models.TextChoices):
    PER_SITE = "per_site", _("per site")
    PER_KWP = "per_kwp", _("per kWp of solar capacity")
    PER_BATTERY_KWH = "per_battery_kwh", _("per kWh of battery (only where present)")


class ReplacementRule(models.Model):
    """A component replaced at the end of its life: inverters at year 12, batteries, bins."""

    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    site_type = models.CharField(_("for"), max_length=16, choices=SiteType.choices)
    waste_point_kind = models.CharField(
        _("waste point kind"), max_length=20, choices=WastePointKind.choices, blank=True
    )
    building_type = models.CharField(
        _("building type"), max_length=32, choices=BuildingType.choices, blank=True
    )
    lifetime_years = models.PositiveSmallIntegerField(
        _("lifetime (years)"),
        validators=[RangeValidator(field_label=_("Lifetime (years)"), low=1, high=50)],
    )
    basis = models.CharField(_("quantity"), max_length=16, choices=ReplacementBasis.choices)
    budget_line = models.CharField(_("budget line"), max_length=12, choices=BudgetLine.choices)
    active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["site_type", "name_th"]
        verbose_name = _("planned replacement")
        verbose_name_plural = _("planned replacements")

    def __str__(self) -> str:
        return self.name_th

    def clean(self) -> None:
        if self.site_type == SiteType.WASTE_POINT and (
            self.building_type or self.basis != ReplacementBasis.PER_SITE
        ):
            raise ValidationError(
                {"basis": _("Waste points are counted per site, without a building type.")},
                code="replacement_target",
            )
        if self.site_type == SiteType.INSTALLATION and self.waste_point_kind:
            raise ValidationError(
                {"waste_point_kind": _("A solar replacement cannot name a waste point kind.")},
                code="replacement_target",
            )


class UnitCost(models.Model):
    """The price of one unit of a replacement from a day on (like emission factors: dated rows)."""

    rule = models.ForeignKey(
        ReplacementRule,
        on_delete=models.CASCADE,
        related_name="unit_costs",
        verbose_name=_("planned replacement"),
    )
    valid_from = models.DateField(_("valid from"))
    unit_cost_thb = models.DecimalField(
        _("unit cost (THB)"),
        max_digits=12,
        decimal_places=2,
        validators=[PositiveValidator(field_label=_("Unit cost"))],
    )
    source = models.CharField(_("source"), max_length=300)
    needs_verification = models.BooleanField(_("needs verification"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["rule", "-valid_from"]
        verbose_name = _("unit cost")
        verbose_name_plural = _("unit costs")
        constraints = [
            models.UniqueConstraint(fields=["rule", "valid_from"], name="unit_cost_once_a_day"),
            models.CheckConstraint(
                condition=models.Q(unit_cost_thb__gt=0), name="unit_cost_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule} {shown_date(self.valid_from)}: {self.unit_cost_thb}"


class WorkOrder(SiteLinked, Timestamped):
    """A repair: what, where, priority, who, status, cost, and the inspection that closed it."""

    uuid = models.UUIDField(_("identifier"), unique=True, default=uuid.uuid4, editable=False)
    title = models.CharField(_("work to do"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    status = models.CharField(
        _("status"), max_length=16, choices=WorkOrderStatus.choices, default=WorkOrderStatus.OPEN
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_on = models.DateField(_("opened on"), validators=[validate_not_future])
    closed_on = models.DateField(
        _("closed on"), null=True, blank=True, validators=[validate_not_future]
    )
    source = models.CharField(
        _("opened from"),
        max_length=16,
        choices=WorkOrderSource.choices,
        default=WorkOrderSource.STAFF,
    )
    source_inspection = models.ForeignKey(
        "sustain.Inspection",
        verbose_name=_("inspection that found it"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opened_work_orders",
    )
    source_item_key = models.SlugField(_("failed item"), max_length=40, blank=True)
    source_reading = models.ForeignKey(
        "sustain.MeterReading",
        verbose_name=_("meter reading that raised the alert"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="work_orders",
    )
    resident_report = models.CharField(
        _("resident's report"),
        max_length=500,
        blank=True,
        help_text=_("Copied by staff, e.g. the Traffy Fondue ticket and what the resident said."),
    )
    out_of_service = models.BooleanField(
        _("site out of service"),
        default=False,
        help_text=_("The public map shows the site as out of service until this is done."),
    )
    cost_thb = models.DecimalField(
        _("cost (THB)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[RangeValidator(field_label=_("Cost"), low=0, high=10**9, unit="THB")],
    )
    budget_line = models.CharField(
        _("budget line"), max_length=12, choices=BudgetLine.choices, default=BudgetLine.REPAIR
    )
    replacement = models.ForeignKey(
        ReplacementRule,
        verbose_name=_("replaces (planned replacement)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_orders",
        help_text=_("When done, the component's life starts again from the closing day."),
    )
    closed_by_inspection = models.ForeignKey(
        "sustain.Inspection",
        verbose_name=_("inspection that closed it"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="closed_work_orders",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        permissions = [("change_workorder_cost", _("Can set the cost of a work order"))]
        constraints = [
            one_site_constraint("workorder"),
            models.CheckConstraint(
                condition=models.Q(cost_thb__isnull=True) | models.Q(cost_thb__gte=0),
                name="workorder_cost_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["status", "opened_on"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    def clean(self) -> None:
        self.clean_site()
        errors: dict[str, ValidationError] = {}
        if self.is_closed and self.closed_on is None:
            errors["closed_on"] = ValidationError(
                _("A done or cancelled work order needs its closing day."), code="closed_on_missing"
            )
        if not self.is_closed and self.closed_on is not None:
            errors["status"] = ValidationError(
                _("A work order with a closing day must be done or cancelled."),
                code="status_not_closed",
            )
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            errors["closed_on"] = ValidationError(
                _("Closed on must not be before opened on (%(date)s)."),
                code="closed_before_opened",
                params={"date": self.opened_on.isoformat()},
            )
        inspection = self.closed_by_inspection
        if inspection is not None and (
            inspection.waste_point_id != self.waste_point_id
            or inspection.installation_id != self.installation_id
        ):
            errors["closed_by_inspection"] = ValidationError(
                _("The closing inspection must be of the same site."), code="other_site"
            )
        if errors:
            raise ValidationError(errors)
