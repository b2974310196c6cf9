"""The resident's "solar on my roof" page, its calculation and the request for advice.

Privacy: the calculation request carries the answers and, when the resident placed their home,
only the 0.01° cell it lies in (about 1.1 km), for the server to check the service area. The
exact point leaves the browser only in a request for advice, which the resident sends on purpose
with their consent.
"""

import logging
from typing import Any

import kombu.exceptions
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET, require_POST

from sustain.models import Village
from sustain.roof_forms import (
    DIRECTION_CHOICES,
    PITCH_CHOICES,
    SCHEDULE_CHOICES,
    SIZE_CHOICES,
    TIME_CHOICES,
    USE_CHOICES,
    AdviceForm,
    RoofForm,
    consent_sentence,
)
from sustain.services.gis import places
from sustain.services.solar import leads, roofprofiles
from sustain.services.solar.roof_estimates import RoofAnswer, roof_estimate
from sustain.services.solar.roof_present import answer_json, answer_summary
from sustain.services.solar.roof_service_area import cell_outside_message, point_outside_message
from sustain.services.solar.weathersets import weather_applied

logger = logging.getLogger(__name__)

ADVICE_PER_HOUR_PER_CLIENT = 10


def _errors(
    form_errors: dict[str, Any], status: int = 422, *, form: forms.Form | None = None
) -> JsonResponse:
    """Each error with its field; a message that does not name its field gets the label first."""
    labels = {name: str(capfirst(f.label)) for name, f in form.fields.items()} if form else {}
    errors = []
    for field, items in form_errors.items():
        for error in items:
            message = str(error.message % (error.params or {}))
            label = labels.get(field)
            if label and label not in message:
                message = f"{label}: {message}"
            errors.append({"field": field, "message": message, "code": error.code})
    detail = errors[0]["message"] if errors else _("The request is not valid.")
    return JsonResponse({"detail": detail, "errors": errors}, status=status)


def _validation_errors(exc: ValidationError) -> JsonResponse:
    if hasattr(exc, "error_dict"):
        return _errors(exc.error_dict)
    return _errors({"__all__": exc.error_list})


def _place_name() -> str:
    municipality = places.municipality_get()
    if municipality is None:
        return ""
    english = translation.get_language() == "en" and municipality.name_en
    return municipality.name_en if english else municipality.name_th


def _client_config(request: HttpRequest) -> dict[str, Any]:
    municipality = places.municipality_get()
    centre = (
        [municipality.reference_latitude, municipality.reference_longitude]
        if municipality
        else [19.717, 100.180]
    )
    outlines = [
        village.boundary_geojson
        for village in Village.objects.exclude(boundary_geojson__isnull=True)
    ]
    return {
        "estimateUrl": reverse("my-roof-estimate"),
        "adviceUrl": reverse("my-roof-advice"),
        "centre": centre,
        "serviceArea": municipality.service_area_geojson if municipality else None,
        "serviceRadiusM": municipality.service_radius_km * 1000 if municipality else None,
        "toleranceM": places.OUTSIDE_SERVICE_AREA_CONFIRM_M,
        "villageOutlines": outlines,
        "tilesUrl": settings.MAP_TILES_URL,
        "tilesAttribution": settings.MAP_TILES_ATTRIBUTION,
        "language": translation.get_language(),
        "labels": {
            "outside": _(
                "This place is outside the municipality's service area: the estimate is for "
                "homes in %(name)s. Tap your house on the map again."
            )
            % {"name": _place_name()},
            "placed": _("Your house is placed. The location stays on this phone."),
            "locating": _("Finding your location…"),
            "noLocation": _("Location unavailable: tap your house on the map."),
            "calculating": _("Calculating…"),
            "failed": _("The calculation failed; try again."),
            "baht": _("baht"),
            "kwhYear": _("kWh per year"),
            "years": _("years"),
            "never": _("does not pay back"),
            "approximate": _("approximate: default weather year"),
            "copied": _("Link copied."),
            "sent": _("Thank you. Your request was sent; staff will call you."),
            "placeFirst": _("Place your house on the map first."),
            "toVerify": _("to verify"),
            "outOfDate": _("latest known, may be out of date"),
            "month": _("month"),
        },
    }


@require_GET
@ensure_csrf_cookie
def my_roof(request: HttpRequest) -> HttpResponse:
    """The page: place the house, describe the roof and the bill, see the answer."""
    municipality = places.municipality_get()
    if municipality is not None:
        try:
            roofprofiles.resident_profiles_warm_queue(dataset=weather_applied())
        except kombu.exceptions.OperationalError:
            logger.warning("no Celery broker: the first estimate will compute the profiles")
    return render(
        request,
        "sustain/roof/my_roof.html",
        {
            "config": _client_config(request),
            # The number boxes are the form's own (text boxes read by sustain.core.numbers:
            # a browser's number box would empty "12,5" before it is sent).
            "form": RoofForm(auto_id="%s"),
            "directions": DIRECTION_CHOICES,
            "pitches": PITCH_CHOICES,
            "sizes": SIZE_CHOICES,
            "uses": USE_CHOICES,
            "schedules": SCHEDULE_CHOICES,
            "times": TIME_CHOICES,
            "villages": Village.objects.all(),
            "consent": consent_sentence(),
            "place_name": _place_name(),
            "demo": bool(municipality and municipality.demo_data),
        },
    )


def _answer(form: RoofForm) -> RoofAnswer | JsonResponse:
    cell = form.cleaned_data.get("cell")
    if cell is not None and (message := cell_outside_message(*cell)):
        return _errors({"cell": [ValidationError(message, code="outside_service_area")]})
    try:
        return roof_estimate(question=form.question())
    except ValidationError as exc:
        return _validation_errors(exc)


@require_GET
@never_cache
def my_roof_estimate(request: HttpRequest) -> JsonResponse:
    """The answer as JSON, from the answers in the query string (never the home's exact point)."""
    form = RoofForm(request.GET)
    if not form.is_valid():
        return _errors(form.errors.as_data(), form=form)
    answer = _answer(form)
    if isinstance(answer, JsonResponse):
        return answer
    return JsonResponse(answer_json(answer))


def _client_key(request: HttpRequest) -> str:
    # The server's own view of the client (REMOTE_ADDR), not a header a client can spoof.
    return f"roof-advice:{request.META.get('REMOTE_ADDR', '')}"


@require_POST
@never_cache
def my_roof_advice(request: HttpRequest) -> JsonResponse:
    """Store a request for advice, with consent; the estimate is recomputed from the answers."""
    form = AdviceForm(request.POST)
    if not form.is_valid():
        return _errors(form.errors.as_data(), form=form)
    data = form.cleaned_data
    if message := point_outside_message(data["latitude"], data["longitude"]):
        return _errors({"latitude": [ValidationError(message, code="outside_service_area")]})
    key = _client_key(request)
    cache.add(key, 0, timeout=3600)
    if cache.incr(key) > ADVICE_PER_HOUR_PER_CLIENT:
        return _errors(
            {"__all__": [ValidationError(_("Too many requests; try again later."), "rate")]},
            status=429,
        )
    answer = _answer(form)
    if isinstance(answer, JsonResponse):
        return answer
    try:
        _lead, created = leads.lead_create(
            request_key=data["request_key"],
            name=data["name"],
            phone=data["phone"],
            village=data["village"],
            latitude=data["latitude"],
            longitude=data["longitude"],
            inputs=form.inputs(),
            summary=answer_summary(answer),
            consent_text=consent_sentence(),
            language=translation.get_language() or "th",
        )
    except ValidationError as exc:
        return _validation_errors(exc)
    return JsonResponse(
        {"received": True, "new": created, "message": _("Thank you. Your request was sent.")},
        status=201 if created else 200,
    )
