"""Staff pages for daily waste work: a collection session, and totals per point and village."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sustain import permissions as perms
from sustain.core.numbers import NumberError, parse_decimal
from sustain.forms import EraDateField
from sustain.models import Destination, Material, PeriodBasis, Village, WastePoint
from sustain.number_fields import number_error
from sustain.report.period import Period, last_closed_year_be
from sustain.report.render.charts import waste_trend
from sustain.report.render.page import chart_img
from sustain.report.vocabulary import VOCABULARY
from sustain.report.waste import waste_figures
from sustain.services import waste_checks
from sustain.services.factors import factors_all
from sustain.services.waste import collections as waste


class SessionForm(forms.Form):
    point = forms.ModelChoiceField(
        label=gettext_lazy("waste point"), queryset=WastePoint.objects.filter(active=True)
    )
    collected_on = EraDateField(label=gettext_lazy("date"))
    destination = forms.ChoiceField(label=gettext_lazy("destination"), choices=Destination.choices)
    notes = forms.CharField(label=gettext_lazy("notes"), required=False, max_length=255)
    allow_unlisted = forms.BooleanField(
        label=gettext_lazy(
            "Also record materials this point does not accept (the point took them anyway)"
        ),
        required=False,
    )
    confirm_sold = forms.BooleanField(
        label=gettext_lazy("Yes, general or hazardous waste was really sold"), required=False
    )


_SESSION_FIELDS = ("point", "collected_on", "destination", "notes")


def _read_line(request: HttpRequest, name: str) -> Decimal | None:
    text = request.POST.get(name, "").strip()
    if not text:
        return None
    try:
        return parse_decimal(text)
    except NumberError as error:
        raise number_error(error) from None


def _lines(
    request: HttpRequest, form: SessionForm, materials: list[Material]
) -> tuple[list[waste.SessionLine], dict[str, list[str]]]:
    """The session's lines as typed, and the errors of lines that cannot be saved as they are."""
    point = form.cleaned_data["point"]
    lines, errors = [], {}
    for material in materials:
        try:
            mass = _read_line(request, f"kg_{material.code}")
            price = _read_line(request, f"price_{material.code}")
        except ValidationError as error:
            errors[material.code] = error.messages
            continue
        if mass is None:
            continue
        if not form.cleaned_data["allow_unlisted"] and not waste_checks.point_accepts(
            point=point, material=material
        ):
            errors[material.code] = [
                _("%(point)s does not accept %(material)s: tick the box below to record it anyway.")
                % {"point": point.name, "material": material.name_th}
            ]
            continue
        lines.append(waste.SessionLine(material, mass, price))
    return lines, errors


def _check_sold(form: SessionForm, lines: list[waste.SessionLine]) -> bool:
    unsold = waste_checks.sold_but_not_recyclable(
        destination=form.cleaned_data["destination"], materials=[line.material for line in lines]
    )
    if unsold and not form.cleaned_data["confirm_sold"]:
        form.add_error(
            "confirm_sold",
            _(
                "%(materials)s is general or hazardous waste, which recyclers do not buy: "
                "check the destination, or tick this box if it really was sold."
            )
            % {"materials": ", ".join(m.name_th for m in unsold)},
        )
        return False
    return True


@perms.page_requires("sustain.add_wastecollection")
def waste_session(request: HttpRequest) -> HttpResponse:
    """One form for a waste-bank session: a mass (and optional price) per material.

    Only the materials the point accepts are offered (ticking ``allow_unlisted`` shows them all);
    general or hazardous waste recorded as sold needs ``confirm_sold``.
    """
    materials = list(Material.objects.all())
    form = SessionForm(request.POST or None, initial={"collected_on": timezone.localdate()})
    line_errors: dict[str, list[str]] = {}
    if request.method == "POST" and form.is_valid():
        lines, line_errors = _lines(request, form, materials)
        if not line_errors and _check_sold(form, lines):
            try:
                saved = waste.waste_session_save(
                    actor=request.user,
                    lines=lines,
                    **{key: form.cleaned_data[key] for key in _SESSION_FIELDS},
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
                    % {
                        "n": len(saved),
                        "kg": number_format(sum(c.mass_kg for c in saved), 2, force_grouping=True),
                    },
                )
                return redirect("staff-waste-session")
    points = list(form.fields["point"].queryset)  # type: ignore[attr-defined]
    accepts = {
        point.pk: waste_checks.accepted_codes(point=point, materials=materials) for point in points
    }
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
        request,
        "sustain/staff/waste_session.html",
        {
            "form": form,
            "rows": rows,
            "accepts": accepts,
            "ask_sold": "confirm_sold" in form.errors or form["confirm_sold"].value(),
        },
        status=status,
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
