"""Staff pages for solar estimates: fleet totals, one installation, weather."""

import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sustain import pv, thaidates
from sustain.forms import (
    MeterReadingForm,
    MonthlyWeatherForm,
    WeatherUploadForm,
    add_record_errors,
)
from sustain.models import BuildingType, MeterReading, SolarInstallation, WeatherDataset
from sustain.services import estimates, maintenance, weathersets

CHART_HEIGHT_PX = 160


def _month_labels() -> tuple[str, ...]:
    return (
        thaidates.THAI_MONTHS_ABBR
        if translation.get_language() == "th"
        else thaidates.ENGLISH_MONTHS_ABBR
    )


def monthly_bars(values: list[float]) -> list[dict[str, Any]]:
    """Bars for the inline SVG chart: label, value and height in pixels."""
    top = max(values) if values and max(values) > 0 else 1.0
    bars = []
    for i, (label, value) in enumerate(zip(_month_labels(), values, strict=True)):
        height = round(value / top * CHART_HEIGHT_PX, 1)
        bars.append({"label": label, "kwh": value, "x": i * 40, "height": height,
                     "y": round(CHART_HEIGHT_PX - height, 1)})  # fmt: skip
    return bars


@staff_member_required
def solar_overview(request: HttpRequest) -> HttpResponse:
    by_type = estimates.solar_totals(group_by="building_type")
    labels = dict(BuildingType.choices)
    for row in by_type:
        row["label"] = labels.get(row["building_type"], row["building_type"])
    by_village = estimates.solar_totals(group_by="village__moo")
    run = weathersets.run_latest()
    return render(
        request,
        "sustain/staff/solar_overview.html",
        {
            "weather": WeatherDataset.objects.filter(active=True).first(),
            "run": run,
            "by_type": by_type,
            "by_village": by_village,
            "total_kwh": sum(r["annual_kwh"] or 0 for r in by_type),
            "total_kwp": sum(r["total_kwp"] or 0 for r in by_type),
            "missing": SolarInstallation.objects.filter(estimate__isnull=True).count(),
            "flags": len(estimates.maintenance_flags()),
            "model_description": pv.MODEL_DESCRIPTION,
        },
    )


@staff_member_required
def installation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    installation = get_object_or_404(
        SolarInstallation.objects.select_related("village", "enterprise"), pk=pk
    )
    form = MeterReadingForm()
    if request.method == "POST":
        form = MeterReadingForm(request.POST, instance=MeterReading(installation=installation))
        if form.is_valid():
            try:
                estimates.reading_save(reading=form.instance, actor=request.user)
            except ValidationError as exc:
                add_record_errors(form, exc)
            else:
                messages.success(request, _("Reading saved."))
                return redirect("staff-installation", pk=pk)
    estimate = getattr(installation, "estimate", None)
    return render(
        request,
        "sustain/staff/installation.html",
        {
            "installation": installation,
            "estimate": estimate,
            "bars": monthly_bars(estimate.monthly_kwh) if estimate else [],
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


@staff_member_required
def weather_page(request: HttpRequest) -> HttpResponse:
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
                messages.success(request, _("Weather year built; estimates are being updated."))
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
        request, _("Weather “%(name)s” is active; estimates are being updated.") % {"name": dataset}
    )
    return True
