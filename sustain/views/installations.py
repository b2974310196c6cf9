"""The staff list of solar installations, with links to each one's page, map place and record."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from sustain import permissions as perms
from sustain.models import BuildingType, InstallationStatus, Village
from sustain.services.installation_list import SORTS, ListQuery, installations

PAGE_SIZE = 25


def _query(request: HttpRequest) -> ListQuery:
    get = request.GET
    village = get.get("village", "")
    building_type = get.get("building_type", "")
    status = get.get("status", "")
    return ListQuery(
        q=get.get("q", "").strip()[:100],
        village=int(village) if village.isdigit() and len(village) <= 3 else None,
        building_type=building_type if building_type in BuildingType.values else "",
        status=status if status in InstallationStatus.values else "",
        below_expected=get.get("below") == "1",
        sort=get.get("sort", "name") if get.get("sort", "name") in SORTS else "name",
    )


@perms.page_requires("sustain.view_solarinstallation")
def installation_list(request: HttpRequest) -> HttpResponse:
    query = _query(request)
    rows, below = installations(query)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    kept = {k: v for k, v in request.GET.items() if k not in ("page", "sort") and v}
    sort_labels = {
        "name": _("name A–Z"),
        "-name": _("name Z–A"),
        "capacity": _("capacity, smallest first"),
        "-capacity": _("capacity, largest first"),
        "village": _("village"),
        "commissioned": _("commissioned, oldest first"),
        "-commissioned": _("commissioned, newest first"),
        "-annual": _("estimated energy, most first"),
    }
    return render(
        request,
        "sustain/staff/installations.html",
        {
            "query": query,
            "page": page,
            "below": below,
            "villages": Village.objects.order_by("moo"),
            "building_types": BuildingType.choices,
            "statuses": InstallationStatus.choices,
            "sorts": sort_labels.items(),
            "page_query": urlencode({**kept, "sort": query.sort}),
            "can_open": perms.sees_private(request.user),
        },
    )
