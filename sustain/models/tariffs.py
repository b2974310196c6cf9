"""Household electricity tariffs, the Ft charge, the solar buy-back rate and installed costs.

Dated rows with their sources, edited by staff like emission factors, and flagged "to verify"
until someone has checked them against the primary document. Defaults: shared reference
domain.md §7 (seeded by migration 0007).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sustain import seed_words
from sustain.core import tariff
from sustain.models.common import Timestamped, shown_date
from sustain.validators import PositiveValidator, RangeValidator


class DatedRow(Timestamped):
    """A value valid from one date to another (either end may be open), with its source."""

    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.TextField(_("source"))
    needs_verification = models.BooleanField(
        _("to verify"),
        default=True,
        help_text=_("Untick once the value has been checked against the published document."),
    )

    class Meta:
        abstract = True

    def same_series(self) -> "models.QuerySet[DatedRow]":
        """The rows whose validity must not overlap this one's."""
        return type(self)._default_manager.all()

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError(
                {"valid_to": _("Valid to must be on or after valid from.")},
                code="validity_reversed",
            )
        others = self.same_series().exclude(pk=self.pk)
        if self.valid_to:
            others = others.filter(
                models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=self.valid_to)
            )
        if self.valid_from:
            others = others.filter(
                models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=self.valid_from)
            )
        clash = others.first()
        if clash is not None:
            raise ValidationError(
                {
                    "valid_from": ValidationError(
                        _("Validity overlaps “%(other)s” (%(start)s to %(end)s)."),
                        code="validity_overlap",
                        params={
                            "other": str(clash),
                            "start": clash.valid_from or "…",
                            "end": clash.valid_to or "…",
                        },
                    )
                }
            )


BLOCK_RULES = {
    "empty": _("a tariff needs at least one block"),
    "bad_start": _("block %(block)s must start at unit %(unit)s, not %(got)s"),
    "negative": _("block %(block)s has a negative rate"),
    "open_not_last": _("only the last block may be open-ended (block %(block)s is)"),
    "reversed": _("block %(block)s ends before it starts"),
    "not_open": _("the last block must be open-ended, e.g. “401+ 4.4217”"),
    "unreadable": _("line %(line)s (“%(text)s”) is not “first-last rate” or “first+ rate”"),
}


def validate_blocks(value: str) -> None:
    try:
        tariff.parse_blocks(value)
    except tariff.BlocksError as exc:
        raise ValidationError(
            _("Blocks: %(problem)s. Write one block per line, e.g. “1-15 2.3488” … “401+ 4.4217”."),
            code="bad_blocks",
            params={"problem": BLOCK_RULES[exc.code] % exc.params},
        ) from None


class ResidentialTariff(DatedRow):
    """A residential tariff schedule (PEA 1.1, 1.2, …): progressive blocks and service charge."""

    schedule = models.CharField(
        _("schedule"), max_length=10, help_text=_("The schedule's number, e.g. 1.1 or 1.2.")
    )
    name = models.CharField(_("name"), max_length=200)
    blocks = models.TextField(
        _("blocks (THB/kWh, excluding VAT and Ft)"),
        validators=[validate_blocks],
        help_text=_("One block per line as on the tariff table: “1-15 2.3488”, …, “401+ 4.4217”."),
    )
    service_thb_per_month = models.DecimalField(
        _("service charge (THB/month)"),
        max_digits=8,
        decimal_places=2,
        validators=[
            RangeValidator(field_label=_("Service charge"), low=0, high=10_000, unit="THB")
        ],
    )
    vat_pct = models.DecimalField(
        _("VAT (%)"),
        max_digits=5,
        decimal_places=2,
        default=7,
        validators=[RangeValidator(field_label=_("VAT"), low=0, high=50, unit="%")],
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["schedule", "valid_from"]
        verbose_name = _("residential tariff")
        verbose_name_plural = _("residential tariffs")

    def __str__(self) -> str:
        return f"{self.schedule} {seed_words.text(self.name)}"

    def same_series(self) -> "models.QuerySet[ResidentialTariff]":
        return ResidentialTariff.objects.filter(schedule=self.schedule)

    def as_schedule(self) -> tariff.Schedule:
        return tariff.Schedule(
            code=self.schedule,
            blocks=tariff.parse_blocks(self.blocks),
            service_thb_per_month=self.service_thb_per_month,
            vat_pct=self.vat_pct,
        )


class FtCharge(DatedRow):
    """The fuel adjustment charge (Ft) the ERC sets for each period of about four months."""

    thb_per_kwh = models.DecimalField(
        _("Ft (THB/kWh)"),
        max_digits=8,
        decimal_places=4,
        validators=[RangeValidator(field_label=_("Ft"), low=-5, high=5, unit="THB/kWh")],
        help_text=_("May be negative, as it has been in some periods."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["valid_from"]
        verbose_name = _("Ft charge")
        verbose_name_plural = _("Ft charges")

    def __str__(self) -> str:
        return (
            f"Ft {self.thb_per_kwh} ({shown_date(self.valid_from)} – {shown_date(self.valid_to)})"
        )


class SolarBuyback(DatedRow):
    """What the residential rooftop solar programme pays for each exported kWh."""

    thb_per_kwh = models.DecimalField(
        _("rate (THB/kWh)"),
        max_digits=8,
        decimal_places=4,
        validators=[PositiveValidator(field_label=_("Buy-back rate"))],
    )
    max_kwp = models.DecimalField(
        _("largest system (kWp)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[PositiveValidator(field_label=_("Largest system"))],
    )
    contract_years = models.PositiveSmallIntegerField(
        _("contract (years)"),
        default=10,
        validators=[RangeValidator(field_label=_("Contract"), low=1, high=50, unit="")],
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["valid_from"]
        verbose_name = _("solar buy-back rate")
        verbose_name_plural = _("solar buy-back rates")

    def __str__(self) -> str:
        return f"{self.thb_per_kwh} THB/kWh"


class CostKind(models.TextChoices):
    INSTALL = "install", _("installed system")
    INVERTER = "inverter", _("inverter replacement")


class SolarCost(DatedRow):
    """A planning cost per kWp for systems in a size band (from ``min_kwp``, below ``max_kwp``)."""

    kind = models.CharField(_("kind"), max_length=10, choices=CostKind.choices)
    min_kwp = models.DecimalField(
        _("from (kWp)"),
        max_digits=8,
        decimal_places=2,
        default=0,
        validators=[RangeValidator(field_label=_("From"), low=0, high=100_000, unit="kWp")],
    )
    max_kwp = models.DecimalField(
        _("below (kWp)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty: every size from the lower bound up."),
    )
    thb_per_kwp = models.DecimalField(
        _("cost (THB/kWp)"),
        max_digits=10,
        decimal_places=2,
        validators=[PositiveValidator(field_label=_("Cost"))],
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "min_kwp", "valid_from"]
        verbose_name = _("solar cost")
        verbose_name_plural = _("solar costs")

    def __str__(self) -> str:
        low = format(self.min_kwp.normalize(), "f")
        top = f"–{format(self.max_kwp.normalize(), 'f')}" if self.max_kwp is not None else "+"
        return f"{self.get_kind_display()} {low}{top} kWp"

    def same_series(self) -> "models.QuerySet[SolarCost]":
        rows = SolarCost.objects.filter(kind=self.kind)
        if self.max_kwp is not None:
            rows = rows.filter(min_kwp__lt=self.max_kwp)
        return rows.filter(models.Q(max_kwp__isnull=True) | models.Q(max_kwp__gt=self.min_kwp))

    def clean(self) -> None:
        if self.max_kwp is not None and self.min_kwp is not None and self.max_kwp <= self.min_kwp:
            raise ValidationError(
                {"max_kwp": _("The upper bound must be above the lower bound.")},
                code="band_reversed",
            )
        super().clean()
