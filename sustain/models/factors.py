"""Dated emission factors with their sources: data that staff edit, never constants in code."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sustain.models.common import Timestamped


class FactorKind(models.TextChoices):
    GRID = "grid", _("grid electricity")
    GRID_UPSTREAM = "grid_upstream", _("grid electricity, upstream")
    RECYCLING = "recycling", _("recycling")
    COMPOSTING = "composting", _("composting")
    DUMP_AVOIDED = "dump_avoided", _("open dump avoided")


class EmissionFactor(Timestamped):
    """A factor value valid from one date to another (either end may be open)."""

    key = models.SlugField(_("key"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=FactorKind.choices)
    scope = models.CharField(_("scope"), max_length=60, blank=True)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=6)
    unit = models.CharField(_("unit"), max_length=40, help_text=_("e.g. kgCO2e/kWh, kgCO2e/kg."))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.TextField(_("source"))
    needs_verification = models.BooleanField(
        _("needs verification"),
        default=False,
        help_text=_("The value is widely used but not yet checked against the primary document."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["key", "valid_from"]
        verbose_name = _("emission factor")
        verbose_name_plural = _("emission factors")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "valid_from"],
                name="factor_key_valid_from_unique",
                violation_error_message=_("A factor with this key already starts on this date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} = {self.value} {self.unit}"

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError(
                {"valid_to": _("Valid to must be on or after valid from.")},
                code="validity_reversed",
            )
        if not self.key:
            return
        overlapping = EmissionFactor.objects.filter(key=self.key).exclude(pk=self.pk)
        if self.valid_to:
            overlapping = overlapping.filter(
                models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=self.valid_to)
            )
        if self.valid_from:
            overlapping = overlapping.filter(
                models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=self.valid_from)
            )
        clash = overlapping.first()
        if clash is not None:
            raise ValidationError(
                {
                    "valid_from": ValidationError(
                        _("Validity overlaps factor %(other)s (%(start)s to %(end)s)."),
                        code="validity_overlap",
                        params={
                            "other": clash.key,
                            "start": clash.valid_from or "…",
                            "end": clash.valid_to or "…",
                        },
                    )
                }
            )
