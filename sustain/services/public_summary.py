"""Public headline figures: counts and totals only, never personal data."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from sustain.models import (
    CommunityEnterprise,
    InstallationStatus,
    Municipality,
    SolarInstallation,
    Village,
    WastePoint,
)
from sustain.services.figures import operating_capacity
from sustain.services.gis.places import municipality_get


@dataclass(frozen=True)
class PublicSummary:
    municipality: Municipality | None
    villages: int
    operating_on: dt.date
    operating_installations: int
    operating_capacity_kwp: Decimal
    planned_installations: int
    active_waste_points: int
    waste_points_by_kind: dict[str, int]
    enterprises: int


def public_summary() -> PublicSummary:
    """Counts for the home page and the report list; installations operating today by the same
    definition as the staff pages, the API and the report (``figures.installations_operating``)."""
    operating = operating_capacity(on=timezone.localdate())
    by_kind = dict(
        WastePoint.objects.filter(active=True)
        .values_list("kind")
        .annotate(n=Count("id"))
        .order_by("kind")
        .values_list("kind", "n")
    )
    return PublicSummary(
        municipality=municipality_get(),
        villages=Village.objects.count(),
        operating_on=operating.on,
        operating_installations=operating.installations,
        operating_capacity_kwp=operating.kwp,
        planned_installations=SolarInstallation.objects.filter(
            status=InstallationStatus.PLANNED
        ).count(),
        active_waste_points=sum(by_kind.values()),
        waste_points_by_kind=by_kind,
        enterprises=CommunityEnterprise.objects.count(),
    )
