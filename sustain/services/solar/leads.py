"""Residents' requests for advice: received with consent, handled by staff, deleted on time."""

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import Count, DecimalField, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from sustain import permissions
from sustain.models import (
    BuildingType,
    InstallationStatus,
    Lead,
    LeadStat,
    LeadStatus,
    SolarInstallation,
    Village,
)
from sustain.services.records import Actor
from sustain.services.solar import estimates

# Leads are personal data: seeing them needs ``view_private`` and the Lead model's own view right.

User = AbstractBaseUser | AnonymousUser


def _allowed(user: User, *perms: str) -> bool:
    return permissions.allowed(user, permissions.VIEW_PRIVATE, "sustain.view_lead", *perms)  # type: ignore[arg-type]


def can_view_leads(user: User) -> bool:
    return _allowed(user)


def can_change_leads(user: User) -> bool:
    return _allowed(user, "sustain.change_lead")


def can_delete_leads(user: User) -> bool:
    return _allowed(user, "sustain.delete_lead")


def leads_cutoff(*, now: dt.datetime | None = None) -> dt.datetime:
    """Leads made before this moment are past their retention and must be gone."""
    return (now or timezone.now()) - dt.timedelta(days=settings.LEAD_RETENTION_DAYS)


def leads_current() -> "QuerySet[Lead]":
    """Leads within their retention (expired ones are never shown, even before the purge runs)."""
    return Lead.objects.filter(created_at__gte=leads_cutoff()).select_related(
        "village", "installation"
    )


def lead_deleted_on(lead: Lead) -> dt.date:
    deleted = lead.created_at + dt.timedelta(days=settings.LEAD_RETENTION_DAYS)
    return timezone.localdate(deleted)


@transaction.atomic
def lead_create(
    *,
    request_key: uuid.UUID,
    name: str,
    phone: str,
    village: Village | None,
    latitude: float,
    longitude: float,
    inputs: dict[str, Any],
    summary: dict[str, Any],
    consent_text: str,
    language: str,
) -> tuple[Lead, bool]:
    """Store a request for advice; the same ``request_key`` twice (a double submit) is one lead.

    Returns the lead and whether it was created now.
    """
    existing = Lead.objects.filter(request_key=request_key).first()
    if existing is not None:
        return existing, False
    stat = LeadStat.objects.create(requested_on=timezone.localdate())
    lead = Lead(
        request_key=request_key,
        name=name.strip(),
        phone=phone.strip(),
        village=village,
        latitude=latitude,
        longitude=longitude,
        inputs=inputs,
        summary=summary,
        consent_text=consent_text,
        language=language[:8],
        stat=stat,
    )
    lead.full_clean()
    lead.save()
    return lead, True


def lead_mark_contacted(*, lead: Lead, actor: Actor) -> Lead:
    if lead.status == LeadStatus.NEW:
        lead.status = LeadStatus.CONTACTED
        lead.contacted_at = timezone.now()
        lead.handled_by = actor if getattr(actor, "is_authenticated", False) else None  # type: ignore[assignment]
        lead.save(update_fields=["status", "contacted_at", "handled_by"])
    return lead


@transaction.atomic
def lead_install(
    *,
    lead: Lead,
    actor: Actor,
    capacity_kwp: Decimal | None = None,
    commissioned_on: dt.date | None = None,
) -> SolarInstallation:
    """The resident installed panels: record them as a solar installation in one step.

    The installation takes the lead's home location, village, name and phone (staff-only fields,
    as for every household) and the roof the resident described. Idempotent: a lead already
    installed returns its installation.
    """
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    if lead.installation is not None:
        return lead.installation
    inputs = lead.inputs
    installation = SolarInstallation(
        name=_("Home of %(name)s") % {"name": lead.name},
        building_type=BuildingType.HOUSEHOLD,
        latitude=lead.latitude,
        longitude=lead.longitude,
        village=lead.village,
        capacity_kwp=capacity_kwp or Decimal(str(lead.summary["capacity_kwp"])),
        tilt_deg=float(inputs["tilt_deg"]),
        azimuth_deg=float(inputs["azimuth_deg"]),
        commissioned_on=commissioned_on or timezone.localdate(),
        status=InstallationStatus.OPERATING,
        owner_name=lead.name,
        owner_phone=lead.phone,
        notes=_("From advice request #%(id)s.") % {"id": lead.pk},
    )
    estimates.solar_installation_save(installation=installation, actor=actor)
    lead.status = LeadStatus.INSTALLED
    lead.installation = installation
    lead.handled_by = actor if getattr(actor, "is_authenticated", False) else None  # type: ignore[assignment]
    lead.save(update_fields=["status", "installation", "handled_by"])
    LeadStat.objects.filter(pk=lead.stat_id).update(
        installed_on=installation.commissioned_on,
        installation=installation,
        installed_kwp=installation.capacity_kwp,
    )
    return installation


def lead_delete(*, lead: Lead) -> None:
    """Delete a lead now (the resident asked, or staff are done); its anonymous trace stays."""
    lead.delete()


def leads_purge_expired(*, now: dt.datetime | None = None) -> int:
    """Delete every lead past ``LEAD_RETENTION_DAYS``; returns how many were deleted."""
    deleted, _by_model = Lead.objects.filter(created_at__lt=leads_cutoff(now=now)).delete()
    return deleted


@dataclass(frozen=True)
class LeadsSummary:
    """Advice requests made in a period, and the installations that came from requests.

    ``installations`` counts requests that became installations commissioned in the period
    (whenever the request was made), and ``installed_kwp`` their capacity today (or at the time
    of conversion if the installation has since been deleted). Anonymous: it survives the
    deletion of the leads themselves.
    """

    start: dt.date
    end: dt.date
    requests: int
    installations: int
    installed_kwp: Decimal


def leads_summary(*, start: dt.date, end: dt.date) -> LeadsSummary:
    """For the annual report: requests, installations from them and their kWp, ``start``–``end``."""
    requests = LeadStat.objects.filter(requested_on__range=(start, end)).count()
    installed = LeadStat.objects.filter(installed_on__range=(start, end)).aggregate(
        count=Count("id"),
        kwp=Sum(
            Coalesce("installation__capacity_kwp", "installed_kwp"),
            output_field=DecimalField(max_digits=12, decimal_places=3),
        ),
    )
    return LeadsSummary(
        start=start,
        end=end,
        requests=requests,
        installations=installed["count"],
        installed_kwp=installed["kwp"] or Decimal(0),
    )
