"""Public headline figures: counts and totals only, never personal data."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

from sustain.models import (
    CommunityEnterprise,
    InstallationStatus,
    Municipality,
    SolarInstallation,
    Village,
    WastePoint,
)
from sustain.services.places import municipality_get


@dataclass(frozen=True)
class PublicSummary:
    municipality: Municipality | None
    villages: int
    operating_installations: int
    operating_capacity_kwp: Decimal
    planned_installations: int
    active_waste_points: int
    waste_points_by_kind: dict[str, int]
    enterprises: int


def public_summary() -> PublicSummary:
    operating = SolarInstallation.objects.filter(status=InstallationStatus.OPERATING)
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
        operating_installations=operating.count(),
        operating_capacity_kwp=operating.aggregate(total=Sum("capacity_kwp"))["total"]
        or Decimal(0),
        planned_installations=SolarInstallation.objects.filter(
            status=InstallationStatus.PLANNED
        ).count(),
        active_waste_points=sum(by_kind.values()),
        waste_points_by_kind=by_kind,
        enterprises=CommunityEnterprise.objects.count(),
    )
