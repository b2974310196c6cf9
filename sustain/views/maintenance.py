"""Staff maintenance pages: the due list, a waste point's page, inspections and their photos,
the budget forecast. Work orders are in ``workorder_views``, the field app in ``field_views``.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from sustain import permissions as perms
from sustain.core import schedule, thaidates
from sustain.models import (
    Inspection,
    InspectionPhoto,
    MeterReading,
    SiteType,
    Village,
    WastePoint,
    WorkOrder,
)
from sustain.models.workorders import CLOSED_STATUSES
from sustain.services.maintenance import budget, budget_files
from sustain.services.maintenance import due as maintenance
from sustain.services.solar import readings

DUE_PAGE_SIZE = 100
View = Callable[..., Any]


def staff_with(permission: str) -> Callable[[View], View]:
    """Signed-in staff (else the sign-in page) holding ``sustain.<permission>`` (else 403).

    Every maintenance page names sites, households among them (often by their owners), so each
    needs ``view_private`` too."""
    return perms.page_requires(f"sustain.{permission}", perms.VIEW_PRIVATE)


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


@staff_with("view_maintenanceplan")
def due_list_page(request: HttpRequest) -> HttpResponse:
    """Overdue, this week, this month (and later on request), per village; solar alerts on top."""
    today = timezone.localdate()
    village_id = _int_or_none(request.GET.get("village"))
    site_type = request.GET.get("type") if request.GET.get("type") in SiteType.values else None
    show_later = request.GET.get("later") == "1"
    listed = maintenance.due_list(today=today, village_id=village_id, site_type=site_type)
    buckets = [schedule.Bucket.OVERDUE, schedule.Bucket.WEEK, schedule.Bucket.MONTH]
    if show_later:
        buckets.append(schedule.Bucket.LATER)
    page = Paginator(listed.in_buckets(*buckets), DUE_PAGE_SIZE).get_page(request.GET.get("page"))
    flags = readings.maintenance_flags() if site_type != SiteType.WASTE_POINT else []
    if village_id:
        flags = [f for f in flags if f.installation.village_id == village_id]
    alert_orders = dict(
        WorkOrder.objects.filter(source_reading__in=[f.reading.pk for f in flags])
        .exclude(status__in=CLOSED_STATUSES)
        .values_list("source_reading_id", "id")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "sustain/staff/maintenance/due.html",
        {
            "today": today,
            "page": page,
            "counts": listed.counts(),
            "without_plan": listed.without_plan,
            "villages": Village.objects.all(),
            "village_id": village_id,
            "site_type": site_type or "",
            "show_later": show_later,
            "query": query.urlencode(),
            "alerts": [
                {"flag": flag, "order_id": alert_orders.get(flag.reading.pk)} for flag in flags
            ],
            "threshold": settings.PV_ALERT_RATIO,
            "can_open": request.user.has_perm("sustain.add_workorder"),
        },
    )


@staff_with("view_inspection")
def waste_point_page(request: HttpRequest, pk: int) -> HttpResponse:
    point = get_object_or_404(WastePoint.objects.select_related("village", "enterprise"), pk=pk)
    return render(
        request,
        "sustain/staff/maintenance/waste_point.html",
        {
            "point": point,
            "maintenance": maintenance.site_maintenance(site=point, today=timezone.localdate()),
        },
    )


@staff_with("view_inspection")
def inspection_page(request: HttpRequest, uuid: str) -> HttpResponse:
    inspection = get_object_or_404(
        Inspection.objects.select_related("inspector", "waste_point", "installation", "plan"),
        uuid=uuid,
    )
    return render(
        request,
        "sustain/staff/maintenance/inspection.html",
        {
            "inspection": inspection,
            "answers": inspection.answers.all(),
            "photos": inspection.photos.all(),
            "opened": inspection.opened_work_orders.all(),
            "closed": inspection.closed_work_orders.all(),
        },
    )


@staff_with("view_inspectionphoto")
def inspection_photo(request: HttpRequest, uuid: str) -> FileResponse:
    """A private photo, only through this permission check (never a /media/ URL)."""
    photo = get_object_or_404(InspectionPhoto, uuid=uuid)
    try:
        handle = photo.file.open("rb")
    except FileNotFoundError:
        raise Http404("photo file missing") from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response


@staff_with("view_unitcost")
def budget_page(request: HttpRequest) -> HttpResponse:
    years = _int_or_none(request.GET.get("years")) or 3
    forecast = budget.budget_forecast(today=timezone.localdate(), years=min(max(years, 1), 10))
    by_year = []
    for year in forecast.fiscal_years_ce:
        lines = [line for line in forecast.lines if line.fiscal_year_ce == year]
        by_year.append(
            {"year_be": thaidates.be_year(year), "lines": lines, "total": forecast.year_total(year)}
        )
    return render(
        request,
        "sustain/staff/maintenance/budget.html",
        {"forecast": forecast, "by_year": by_year, "years": len(forecast.fiscal_years_ce)},
    )


@staff_with("view_unitcost")
def budget_xlsx(request: HttpRequest) -> HttpResponse:
    years = _int_or_none(request.GET.get("years")) or 3
    forecast = budget.budget_forecast(today=timezone.localdate(), years=min(max(years, 1), 10))
    response = HttpResponse(
        budget_files.budget_forecast_xlsx(forecast),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    first = thaidates.be_year(forecast.fiscal_years_ce[0])
    response["Content-Disposition"] = f'attachment; filename="maintenance-budget-{first}.xlsx"'
    return response


def reading_or_404(reading_id: int) -> MeterReading:
    return get_object_or_404(MeterReading.objects.select_related("installation"), pk=reading_id)
