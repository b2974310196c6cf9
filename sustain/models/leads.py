"""Residents' requests for advice on rooftop solar (personal data, kept for a limited time).

A lead holds a name, a phone number and the exact location of a home: staff with the
``view_private`` permission see it, nobody else, and it is deleted ``LEAD_RETENTION_DAYS`` after
it was made. It has no history table on purpose: a history would keep the personal data after the
lead is deleted. What the yearly figures need (a request was made; it led to an installation of
so many kWp) is kept in an anonymous ``LeadStat`` that outlives the lead.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sustain.models.common import lat_lon_constraints, latitude_field, longitude_field, shown_date


class LeadStatus(models.TextChoices):
    NEW = "new", _("new")
    CONTACTED = "contacted", _("contacted")
    INSTALLED = "installed", _("installed")


class LeadStat(models.Model):
    """The anonymous trace of one advice request: when, and whether it led to an installation."""

    requested_on = models.DateField(_("requested on"), db_index=True)
    installed_on = models.DateField(_("installed on"), null=True, blank=True, db_index=True)
    installation = models.ForeignKey(
        "sustain.SolarInstallation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    installed_kwp = models.DecimalField(
        _("installed (kWp)"), max_digits=9, decimal_places=3, null=True, blank=True
    )

    class Meta:
        ordering = ["-requested_on"]
        verbose_name = _("advice request (anonymous)")
        verbose_name_plural = _("advice requests (anonymous)")

    def __str__(self) -> str:
        return f"{shown_date(self.requested_on)} {self.installed_kwp or ''}"


class Lead(models.Model):
    """One resident's request for advice, with their consent and the estimate they saw."""

    created_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)
    request_key = models.UUIDField(unique=True, editable=False)  # a double submit is one lead
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=32)
    village = models.ForeignKey(
        "sustain.Village",
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    latitude = latitude_field()
    longitude = longitude_field()
    inputs = models.JSONField(_("what the resident entered"))
    summary = models.JSONField(_("the estimate they saw"))
    consent_text = models.TextField(_("consent given"))
    language = models.CharField(max_length=8, default="th")
    status = models.CharField(
        _("status"), max_length=12, choices=LeadStatus.choices, default=LeadStatus.NEW
    )
    contacted_at = models.DateTimeField(_("contacted at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    installation = models.OneToOneField(
        "sustain.SolarInstallation",
        verbose_name=_("solar installation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lead",
    )
    stat = models.OneToOneField(LeadStat, on_delete=models.PROTECT, related_name="lead")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("advice request")
        verbose_name_plural = _("advice requests")
        constraints = [*lat_lon_constraints("lead")]

    def __str__(self) -> str:
        return f"#{self.pk} {shown_date(self.created_at)}"
