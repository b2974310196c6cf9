"""Buy-back prices, yearly targets and the generated annual reports (with their snapshots)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sustain.models.common import Timestamped, shown_date
from sustain.models.jobs import Job, JobStatus
from sustain.storage import private_storage, random_folder
from sustain.validators import PositiveValidator, RangeValidator

YEAR_BE_VALIDATOR = RangeValidator(field_label=_("Year (BE)"), low=2540, high=2700, unit="")


class MaterialPrice(Timestamped):
    """The buy-back price of a material from a date on (prices swing: never constants)."""

    material = models.ForeignKey(
        "sustain.Material",
        verbose_name=_("material"),
        on_delete=models.CASCADE,
        related_name="prices",
    )
    valid_from = models.DateField(_("valid from"))
    price_thb_per_kg = models.DecimalField(
        _("price (THB/kg)"),
        max_digits=8,
        decimal_places=2,
        validators=[PositiveValidator(field_label=_("Price"))],
    )
    buyer = models.CharField(_("buyer"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["material", "-valid_from"]
        verbose_name = _("buy-back price")
        verbose_name_plural = _("buy-back prices")
        constraints = [
            models.UniqueConstraint(
                fields=["material", "valid_from"],
                name="price_one_per_material_day",
                violation_error_message=_("This material already has a price from this date."),
            ),
            models.CheckConstraint(
                condition=models.Q(price_thb_per_kg__gt=0), name="price_thb_per_kg_gt_0"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.material_id} {shown_date(self.valid_from)} {self.price_thb_per_kg}"


class PeriodBasis(models.TextChoices):
    FISCAL = "fiscal", _("Thai fiscal year (1 October – 30 September)")
    CALENDAR = "calendar", _("calendar year")


class ReportTarget(Timestamped):
    """What staff aim for in one year, and context figures the report cannot measure itself."""

    basis = models.CharField(
        _("period"), max_length=10, choices=PeriodBasis.choices, default=PeriodBasis.FISCAL
    )
    year_be = models.PositiveSmallIntegerField(_("year (BE)"), validators=[YEAR_BE_VALIDATOR])
    kwp_added_target = models.DecimalField(
        _("solar capacity to add (kWp)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[RangeValidator(field_label=_("kWp target"), low=0, high=10**6, unit="kWp")],
    )
    recycling_share_target_pct = models.FloatField(
        _("share recycled (%)"),
        null=True,
        blank=True,
        validators=[RangeValidator(field_label=_("Recycling target"), low=0, high=100, unit="%")],
    )
    collected_kg_target = models.DecimalField(
        _("waste collected (kg)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[RangeValidator(field_label=_("kg target"), low=0, high=10**10, unit="kg")],
    )
    electricity_use_kwh = models.DecimalField(
        _("electricity used in the area (kWh)"),
        max_digits=14,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[
            RangeValidator(field_label=_("Electricity use"), low=1, high=10**12, unit="kWh")
        ],
        help_text=_(
            "From the Provincial Electricity Authority; the renewable-share indicator needs it."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year_be", "basis"]
        verbose_name = _("yearly target")
        verbose_name_plural = _("yearly targets")
        constraints = [
            models.UniqueConstraint(
                fields=["basis", "year_be"],
                name="target_one_per_year",
                violation_error_message=_("This year already has targets."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.basis} {self.year_be}"


def report_upload_to(instance: "Report", filename: str) -> str:
    """Private storage, in a random folder; the file keeps its readable name for downloads."""
    return f"reports/{instance.pk}-{random_folder()}/{filename}"


class Report(Job):
    """One generated annual report: its figures (the snapshot) and the files made from them."""

    kind = "report"
    task_name = "sustain.tasks.report_generate"

    basis = models.CharField(
        _("period"), max_length=10, choices=PeriodBasis.choices, default=PeriodBasis.FISCAL
    )
    year_be = models.PositiveSmallIntegerField(_("year (BE)"), validators=[YEAR_BE_VALIDATOR])
    language = models.CharField(
        _("language"), max_length=2, choices=[("th", "ไทย"), ("en", "English")], default="th"
    )
    thai_digits = models.BooleanField(_("Thai digits in the memo"), default=False)
    figures = models.JSONField(null=True, blank=True, editable=False)
    public_figures = models.JSONField(null=True, blank=True, editable=False)
    charts = models.JSONField(default=dict, blank=True, editable=False)  # name -> SVG
    pdf = models.FileField(upload_to=report_upload_to, storage=private_storage, blank=True)
    xlsx = models.FileField(upload_to=report_upload_to, storage=private_storage, blank=True)
    csv_zip = models.FileField(upload_to=report_upload_to, storage=private_storage, blank=True)
    memo_docx = models.FileField(upload_to=report_upload_to, storage=private_storage, blank=True)
    memo_pdf = models.FileField(upload_to=report_upload_to, storage=private_storage, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["-year_be", "basis", "-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["basis", "year_be", "language"],
                condition=models.Q(published_at__isnull=False),
                name="report_one_published_per_year",
                violation_error_message=_("A report for this year is already published."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.basis} {self.year_be} ({self.status})"

    def clean(self) -> None:
        if self.published_at and self.status != JobStatus.DONE:
            raise ValidationError(
                {"published_at": _("Only a finished report can be published.")},
                code="publish_unfinished",
            )
