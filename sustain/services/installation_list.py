"""The staff list of solar installations: search, filters, sort (paging is the view's)."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from sustain.models import SolarInstallation
from sustain.services.solar import readings

# What the list can be sorted by: the key in the address and the ORM ordering (ties by name).
SORTS = {
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
    "capacity": ("capacity_kwp", "name"),
    "-capacity": ("-capacity_kwp", "name"),
    "village": ("village__moo", "name"),
    "commissioned": ("commissioned_on", "name"),
    "-commissioned": ("-commissioned_on", "name"),
    "-annual": ("-estimate__annual_kwh", "name"),
}


@dataclass(frozen=True)
class ListQuery:
    """The list's search and filters as read from the address (unknown values are ignored)."""

    q: str = ""
    village: int | None = None
    building_type: str = ""
    status: str = ""
    below_expected: bool = False
    sort: str = "name"


def installations(query: ListQuery) -> tuple[QuerySet[SolarInstallation], set[int]]:
    """The installations matching ``query``, sorted, and the ids whose latest meter reading
    produced less than expected (``settings.PV_ALERT_RATIO`` of the estimate)."""
    below = {flag.installation.pk for flag in readings.maintenance_flags()}
    rows = SolarInstallation.objects.select_related("village", "estimate")
    if query.q:
        rows = rows.filter(
            Q(name__icontains=query.q)
            | Q(village__name_th__icontains=query.q)
            | Q(village__name_en__icontains=query.q)
        )
    if query.village is not None:
        rows = rows.filter(village__moo=query.village)
    if query.building_type:
        rows = rows.filter(building_type=query.building_type)
    if query.status:
        rows = rows.filter(status=query.status)
    if query.below_expected:
        rows = rows.filter(pk__in=below)
    return rows.order_by(*SORTS.get(query.sort, SORTS["name"])), below
