"""Staff pages for daily waste work: a collection session, and totals per point and village."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sustain import permissions as perms
from sustain.forms import EraDateField
from sustain.models import Destination, Material, PeriodBasis, Village, WastePoint
from sustain.report.period import Period, last_closed_year_be
from sustain.report.render.charts import waste_trend
from sustain.report.render.page import chart_img
from sustain.report.vocabulary import VOCABULARY
from sustain.report.waste import waste_figures
from sustain.services.factors import factors_all
from sustain.services.waste import collections as waste


class SessionForm(forms.Form):
    point = forms.ModelChoiceField(
        label=gettext_lazy("waste point"), queryset=WastePoint.objects.filter(active=True)
    )
    collected_on = EraDateField(label=gettext_lazy("date"))
    destination = forms.ChoiceField(label=gettext_lazy("destination"), choices=Destination.choices)
    notes = forms.CharField(label=gettext_lazy("notes"), required=False, max_length=255)


def _decimal(text: str) -> Decimal | None:
    text = text.strip().replace(",", "")
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None


@perms.page_requires("sustain.add_wastecollection")
def waste_session(request: HttpRequest) -> HttpResponse:
    """One form for a waste-bank session: a mass (and optional price) per material."""
    materials = list(Material.objects.all())
    form = SessionForm(request.POST or None, initial={"collected_on": timezone.localdate()})
    line_errors: dict[str, list[str]] = {}
    if request.method == "POST" and form.is_valid():
        lines = []
        for material in materials:
            try:
                mass = _decimal(request.POST.get(f"kg_{material.code}", ""))
                price = _decimal(request.POST.get(f"price_{material.code}", ""))
            except ValueError as error:
                line_errors[material.code] = [_("“%(text)s” is not a number.") % {"text": error}]
                continue
            if mass is not None:
                lines.append(waste.SessionLine(material, mass, price))
        if not line_errors:
            try:
                saved = waste.waste_session_save(
                    actor=request.user, lines=lines, **form.cleaned_data
                )
            except ValidationError as error:
                for key, problems in error.message_dict.items():
                    parts = key.split(".")
                    if parts[0] == "lines" and len(parts) == 3:
                        line_errors[lines[int(parts[1])].material.code] = problems
                    else:
                        form.add_error(None, problems)
            else:
                messages.success(
                    request,
                    _("%(n)s collections saved (%(kg)s kg).")
                    % {"n": len(saved), "kg": sum(c.mass_kg for c in saved)},
                )
                return redirect("staff-waste-session")
    rows = [
        {
            "material": m,
            "kg": request.POST.get(f"kg_{m.code}", ""),
            "price": request.POST.get(f"price_{m.code}", ""),
            "errors": line_errors.get(m.code, []),
        }
        for m in materials
    ]
    status = 400 if request.method == "POST" and (form.errors or line_errors) else 200
    return render(
        request, "sustain/staff/waste_session.html", {"form": form, "rows": rows}, status=status
    )


def period_from_request(request: HttpRequest) -> Period:
    """The report period a staff page was asked for (?basis=&year=), else the last closed year."""
    default = last_closed_year_be(basis=PeriodBasis.FISCAL, today=timezone.localdate())
    try:
        year = int(request.GET.get("year", default))
    except ValueError:
        year = default
    basis = request.GET.get("basis", PeriodBasis.FISCAL)
    if basis not in PeriodBasis.values or not 2540 <= year <= 2700:
        basis, year = PeriodBasis.FISCAL, default
    return Period.of(basis=basis, year_be=year)


@perms.page_requires("sustain.view_wastecollection")
def waste_overview(request: HttpRequest) -> HttpResponse:
    """kg by stream and material, shares and the monthly trend, for all, a village or a point."""
    period = period_from_request(request)
    points = WastePoint.objects.select_related("village")
    point_ids: list[int] | None = None
    chosen: dict[str, Any] = {}
    if (village := request.GET.get("village", "")).isdigit():
        point_ids = list(points.filter(village__moo=int(village)).values_list("pk", flat=True))
        chosen["village"] = int(village)
    if (point := request.GET.get("point", "")).isdigit():
        point_ids = [int(point)]
        chosen["point"] = int(point)
    figures = waste_figures(
        start=period.start, end=period.end, factors=factors_all(), point_ids=point_ids
    )
    trend = waste_trend(figures, VOCABULARY, thai=request.LANGUAGE_CODE == "th")
    return render(
        request,
        "sustain/staff/waste_overview.html",
        {
            "period": period,
            "waste": figures,
            "trend": chart_img(trend),
            "points": points.order_by("name"),
            "villages": Village.objects.order_by("moo"),
            "chosen": chosen,
        },
    )
