"""Staff pages for solar estimates: fleet totals, one installation, weather."""

import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sustain import permissions as perms
from sustain.core import pv
from sustain.core.accounting import GRID_ELECTRICITY
from sustain.core.thaidates import month_abbr
from sustain.forms import (
    MeterReadingForm,
    MonthlyWeatherForm,
    WeatherUploadForm,
    add_record_errors,
)
from sustain.models import (
    BuildingType,
    InstallationStatus,
    MeterReading,
    SolarInstallation,
    WeatherDataset,
)
from sustain.services import figures, jobs
from sustain.services.factors import factors_all
from sustain.services.maintenance import due as maintenance
from sustain.services.records import Conflict
from sustain.services.solar import readings, weathersets

CHART_HEIGHT_PX = 160


def _month_labels() -> list[str]:
    thai = translation.get_language() == "th"
    return [month_abbr(month, thai=thai) for month in range(1, 13)]


def monthly_bars(values: list[float]) -> list[dict[str, Any]]:
    """Bars for the inline SVG chart: label, value and height in pixels."""
    top = max(values) if values and max(values) > 0 else 1.0
    bars = []
    for i, (label, value) in enumerate(zip(_month_labels(), values, strict=True)):
        height = round(value / top * CHART_HEIGHT_PX, 1)
        bars.append({"label": label, "kwh": value, "x": i * 40, "height": height,
                     "y": round(CHART_HEIGHT_PX - height, 1)})  # fmt: skip
    return bars


@perms.page_requires("sustain.view_solarinstallation")
def solar_overview(request: HttpRequest) -> HttpResponse:
    """The fleet operating today (the report's definition), its typical-year energy, the runs."""
    today = timezone.localdate()
    by_type = figures.solar_totals(group_by="building_type", on=today)
    labels = dict(BuildingType.choices)
    for row in by_type:
        row["label"] = labels.get(row["building_type"], row["building_type"])
    by_village = figures.solar_totals(group_by="village__moo", on=today)
    planned = SolarInstallation.objects.filter(status=InstallationStatus.PLANNED).aggregate(
        n=Count("id"), kwp=Sum("capacity_kwp")
    )
    fleet = weathersets.fleet_weather()
    return render(
        request,
        "sustain/staff/solar_overview.html",
        {
            "weather": fleet.applied,
            "pending": fleet.pending,
            "pending_run": fleet.pending_run,
            "run": weathersets.run_latest(),
            "by_type": by_type,
            "by_village": by_village,
            "operating": figures.operating_capacity(on=today),
            "total_kwh": sum(r["annual_kwh"] or 0 for r in by_type),
            "planned": planned,
            "missing": SolarInstallation.objects.filter(estimate__isnull=True).count(),
            "flags": len(readings.maintenance_flags()),
            "model_description": pv.MODEL_DESCRIPTION,
        },
    )


@perms.page_requires("sustain.view_solarinstallation", perms.VIEW_PRIVATE)
def installation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    installation = get_object_or_404(
        SolarInstallation.objects.select_related("village", "enterprise"), pk=pk
    )
    form = MeterReadingForm()
    if request.method == "POST":
        perms.check(request.user, "sustain.add_meterreading")
        form = MeterReadingForm(request.POST, instance=MeterReading(installation=installation))
        if form.is_valid():
            try:
                readings.reading_save(reading=form.instance, actor=request.user)
            except ValidationError as exc:
                add_record_errors(form, exc)
            else:
                messages.success(request, _("Reading saved."))
                return redirect("staff-installation", pk=pk)
    estimate = getattr(installation, "estimate", None)
    credit = figures.typical_year_credit(
        today=timezone.localdate(), grid_factors=factors_all(key=GRID_ELECTRICITY)
    )
    return render(
        request,
        "sustain/staff/installation.html",
        {
            "installation": installation,
            "estimate": estimate,
            "bars": monthly_bars(estimate.monthly_kwh) if estimate else [],
            "co2e_avoided_kg": credit.avoided_kgco2e(estimate.monthly_kwh) if estimate else None,
            "co2e_factor": credit.note,
            "chart_height": CHART_HEIGHT_PX,
            "readings": MeterReading.objects.filter(installation=installation).select_related(
                "expected_weather"
            ),
            "form": form,
            "threshold": settings.PV_ALERT_RATIO,
            "model_description": pv.MODEL_DESCRIPTION,
            "maintenance": maintenance.site_maintenance(
                site=installation, today=timezone.localdate()
            ),
        },
        status=400 if form.errors else 200,
    )


@perms.page_requires("sustain.view_weatherdataset")
def weather_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        perms.check(request.user, perms.ACTIVATE_WEATHER)
    upload = WeatherUploadForm()
    monthly = MonthlyWeatherForm()
    if request.method == "POST" and "upload" in request.POST:
        upload = WeatherUploadForm(request.POST, request.FILES)
        if upload.is_valid() and _import_upload(request, upload):
            return redirect("staff-solar")
    elif request.method == "POST" and "monthly" in request.POST:
        monthly = MonthlyWeatherForm(request.POST)
        if monthly.is_valid():
            data = monthly.cleaned_data
            try:
                weathersets.weather_import_monthly(
                    ghi_kwh_m2_day=[data[f"ghi_{m:02d}"] for m in range(1, 13)],
                    temp_air_c=[data[f"temp_{m:02d}"] for m in range(1, 13)],
                    name=data["name"],
                    actor=request.user,
                )
            except ValidationError as exc:
                monthly.add_error(None, exc.messages)
            else:
                messages.success(
                    request,
                    _("Weather year built; the estimates move to it together when updated."),
                )
                return redirect("staff-solar")
    failed = bool(upload.errors or monthly.errors)
    return render(
        request,
        "sustain/staff/weather.html",
        {
            "upload": upload,
            "monthly": monthly,
            "month_rows": [
                (label, monthly[f"ghi_{m:02d}"], monthly[f"temp_{m:02d}"])
                for m, label in enumerate(_month_labels(), start=1)
            ],
            "datasets": WeatherDataset.objects.defer("hourly_npz"),
        },
        status=400 if failed else 200,
    )


def _import_upload(request: HttpRequest, form: WeatherUploadForm) -> bool:
    upload = form.cleaned_data["file"]
    suffix = Path(upload.name).suffix[:10]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        try:
            dataset = weathersets.weather_import_file(
                path=path,
                file_name=upload.name,
                source_format=form.cleaned_data["source_format"],
                name=form.cleaned_data["name"],
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error("file", exc.message_dict.get("file", exc.messages))
            return False
    messages.success(
        request,
        _("Weather “%(name)s” is chosen; the estimates move to it together when the update ends.")
        % {"name": dataset},
    )
    return True


JOB_PAGES = {"estimate": "staff-solar", "import": "staff-import", "report": "staff-report"}


@require_POST
@perms.page_requires()
def job_retry(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """The Retry button of a failed job, on its own page."""
    if kind not in perms.JOB_RETRY_PERMS:
        raise Http404
    perms.check(request.user, perms.JOB_VIEW_PERMS[kind], perms.JOB_RETRY_PERMS[kind])
    job = jobs.job_get(kind=kind, job_id=pk)
    if job is None:
        raise Http404
    try:
        jobs.job_retry(job=job, actor=request.user)
    except Conflict as conflict:
        messages.error(request, conflict.message)
    else:
        messages.success(request, _("Queued again; this page follows its progress."))
    return redirect(JOB_PAGES[kind]) if kind == "estimate" else redirect(JOB_PAGES[kind], pk=pk)
