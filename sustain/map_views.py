"""The public map (the home page) and the staff map, built with ``maps.builder``."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maps.builder import MapConfig, page_html, site_map
from sustain.forms import EraDateField, add_record_errors
from sustain.models import (
    STREAM_BIN_COLOUR,
    BuildingType,
    Material,
    SolarInstallation,
    Village,
    WastePoint,
    WastePointKind,
    WasteStream,
)
from sustain.models.waste import OSM_RECYCLING_MATERIALS
from sustain.services import estimates, leads, places, summary
from sustain.services.common import record_save

KIND_LETTERS = {
    WastePointKind.DROP_OFF_BIN: "B",
    WastePointKind.WASTE_BANK: "W",
    WastePointKind.COMPOST_POINT: "C",
    WastePointKind.HAZARDOUS_BIN: "H",
    WastePointKind.E_WASTE_POINT: "E",
    WastePointKind.SORTING_STATION: "S",
}
# OpenStreetMap names no stored material maps to (the others take the material's own name).
EXTRA_OSM_LABELS = {
    "mobile_phones": (gettext_lazy("mobile phones"), WasteStream.HAZARDOUS),
    "small_appliances": (gettext_lazy("small appliances"), WasteStream.RECYCLABLE),
    "clothes": (gettext_lazy("clothes"), WasteStream.RECYCLABLE),
    "cooking_oil": (gettext_lazy("cooking oil"), WasteStream.HAZARDOUS),
}


def _materials() -> dict[str, dict[str, str]]:
    english = translation.get_language() == "en"
    labels: dict[str, dict[str, str]] = {}
    for material in Material.objects.exclude(osm_recycling="").order_by("stream", "code"):
        labels.setdefault(
            material.osm_recycling,
            {
                "label": material.name_en if english else material.name_th,
                "colour": STREAM_BIN_COLOUR[WasteStream(material.stream)],
            },
        )
    for osm, (label, stream) in EXTRA_OSM_LABELS.items():
        labels.setdefault(osm, {"label": str(label), "colour": STREAM_BIN_COLOUR[stream]})
    return labels


def _labels() -> dict[str, str]:
    return {
        "wastePoints": _("Waste-sorting points"),
        "solar": _("Solar installations"),
        "accepts": _("Accepts"),
        "hours": _("Opening hours"),
        "openNow": _("open now"),
        "closedNow": _("closed now"),
        "closesAt": _("closes"),
        "opensAt": _("opens"),
        "collection": _("collection times"),
        "operator": _("operator"),
        "ref": _("reference"),
        "verified": _("last verified on"),
        "report": _("Report a problem here (Traffy Fondue)"),
        "capacity": _("capacity"),
        "annualKwh": _("estimated energy per year"),
        "approximate": _("approximate"),
        "co2e": _("CO2e avoided per year"),
        "approxLocation": _("Location shown at about 250 m precision (a private home)."),
        "owner": _("owner"),
        "showing": _("Showing %s points"),
        "nearest": _("Nearest"),
        "noneFound": _("No point accepts this material."),
        "tapMap": _("Location unavailable: tap the map where you are."),
        "locating": _("Finding your location…"),
        "newSite": _("new site"),
        "loadFailed": _("Could not load the sites:"),
        "move": _("Move this site"),
        "moving": _("Click its new place on the map, then Save:"),
    }


def _lead_labels() -> dict[str, str]:
    return {
        "leads": _("Advice requests"),
        "lead": _("Advice request"),
        "leadStatus": _("status"),
        "received": _("received"),
        "openLead": _("Open in the list of requests"),
    }


def _map_page(request: HttpRequest, *, mode: str, staff_form: forms.Form | None = None) -> str:
    municipality = places.municipality_get()
    center = (
        (municipality.reference_latitude, municipality.reference_longitude)
        if municipality
        else (19.717, 100.180)
    )
    areas = []
    if municipality and municipality.service_area_geojson:
        areas.append(
            {"type": "Feature", "properties": {}, "geometry": municipality.service_area_geojson}
        )
    for village in Village.objects.exclude(boundary_geojson__isnull=True):
        areas.append(
            {
                "type": "Feature",
                "properties": {"dash": "4 4", "name": str(village)},
                "geometry": village.boundary_geojson,
            }
        )
    materials = _materials()
    kinds = {
        k: {"label": str(label), "letter": KIND_LETTERS[WastePointKind(k)]}
        for k, label in WastePointKind.choices
    }
    client: dict[str, Any] = {
        "mode": mode,
        "installationsUrl": "/api/map/installations.geojson",
        "wastePointsUrl": "/api/map/waste-points.geojson",
        "labels": _labels(),
        "materials": materials,
        "kinds": kinds,
        "buildingTypes": {k: str(label) for k, label in BuildingType.choices},
        "traffyUrl": settings.TRAFFY_FONDUE_URL,
    }
    if mode == "staff" and leads.can_view_leads(request.user):
        client["leadsUrl"] = reverse("staff-leads-geojson")
        client["labels"].update(_lead_labels())
    config = MapConfig(
        center=center,
        static_url=static,
        client=client,
        zoom=14,
        tiles_url=settings.MAP_TILES_URL,
        tiles_attribution=settings.MAP_TILES_ATTRIBUTION,
        areas=areas,
    )
    english = translation.get_language() == "en"
    context = {
        "request": request,
        "place_name": (
            municipality.name_en if english and municipality.name_en else municipality.name_th
        )
        if municipality
        else "",
        "demo": bool(municipality and municipality.demo_data),
        "material_options": sorted(
            ((k, v["label"]) for k, v in materials.items()), key=lambda kv: kv[1]
        ),
        "streams": [
            (str(label), STREAM_BIN_COLOUR[WasteStream(value)])
            for value, label in WasteStream.choices
        ],
        "kinds": kinds.values(),
        "summary": summary.public_summary() if mode == "public" else None,
        "staff_form": staff_form,
        "tiles_attribution": settings.MAP_TILES_ATTRIBUTION if settings.MAP_TILES_URL else "",
        "messages": messages.get_messages(request),
    }
    head = (
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<link rel="icon" href="data:,">'
        f"<title>{_('Sustain')} · {context['place_name']}</title>"
        f'<link rel="stylesheet" href="{static("vendor/sarabun/sarabun.css")}">'
        f'<link rel="stylesheet" href="{static("css/sustain.css")}">'
        f'<link rel="stylesheet" href="{static("css/map.css")}">'
    )
    top = render_to_string("sustain/map/top.html", context, request=request)
    bottom = render_to_string("sustain/map/panels.html", context, request=request)
    return page_html(
        site_map(config),
        lang=translation.get_language() or "th",
        head=head,
        body_top=top,
        body_bottom=bottom,
    )


def public_map(request: HttpRequest) -> HttpResponse:
    """The home page: where to take which waste, and what solar the community has built."""
    return HttpResponse(_map_page(request, mode="public"))


class SiteForm(forms.Form):
    """A new site placed on the staff map (a waste point or a solar installation)."""

    site_type = forms.ChoiceField(
        label=gettext_lazy("what"),
        choices=[
            ("waste_point", gettext_lazy("waste point")),
            ("installation", gettext_lazy("solar installation")),
        ],
    )
    move = forms.RegexField(
        regex=r"^(waste_point|installation):\d{1,10}$", required=False, widget=forms.HiddenInput
    )
    name = forms.CharField(label=gettext_lazy("name"), max_length=200, required=False)
    latitude = forms.FloatField(label=gettext_lazy("latitude"))
    longitude = forms.FloatField(label=gettext_lazy("longitude"))
    kind = forms.ChoiceField(
        label=gettext_lazy("kind"), choices=WastePointKind.choices, required=False
    )
    accepted_materials = forms.MultipleChoiceField(
        label=gettext_lazy("accepted materials"),
        required=False,
        choices=[(m, m) for m in OSM_RECYCLING_MATERIALS],
        widget=forms.CheckboxSelectMultiple,
    )
    opening_hours = forms.CharField(
        label=gettext_lazy("opening hours"), max_length=255, required=False
    )
    building_type = forms.ChoiceField(
        label=gettext_lazy("building type"), choices=BuildingType.choices, required=False
    )
    capacity_kwp = forms.DecimalField(
        label=gettext_lazy("capacity (kWp)"), required=False, max_digits=9, decimal_places=3
    )
    tilt_deg = forms.FloatField(label=gettext_lazy("tilt (°)"), required=False)
    azimuth_deg = forms.FloatField(label=gettext_lazy("azimuth (°)"), required=False, initial=180)
    commissioned_on = EraDateField(label=gettext_lazy("commissioned on"), required=False)
    confirm_location = forms.BooleanField(
        label=gettext_lazy("Yes, this location is correct"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = _materials()
        materials_field = self.fields["accepted_materials"]
        assert isinstance(materials_field, forms.MultipleChoiceField)
        materials_field.choices = [
            (m, labels.get(m, {"label": m})["label"])
            for m in OSM_RECYCLING_MATERIALS
            if m in labels
        ]


def _moved(form: SiteForm) -> WastePoint | SolarInstallation | None:
    """The existing site being moved to the form's point, or None when adding a new one."""
    if not form.cleaned_data.get("move"):
        return None
    kind, pk = form.cleaned_data["move"].split(":")
    model = WastePoint if kind == "waste_point" else SolarInstallation
    site = model.objects.filter(pk=int(pk)).first()
    if site is None:
        raise ValidationError({"latitude": _("The site to move no longer exists.")})
    site.latitude, site.longitude = form.cleaned_data["latitude"], form.cleaned_data["longitude"]
    return site


def _site_from(form: SiteForm) -> WastePoint | SolarInstallation:
    data = form.cleaned_data
    common = {"name": data["name"], "latitude": data["latitude"], "longitude": data["longitude"]}
    if data["site_type"] == "waste_point":
        return WastePoint(
            kind=data["kind"],
            accepted_materials=data["accepted_materials"],
            opening_hours=data["opening_hours"],
            **common,
        )
    return SolarInstallation(
        building_type=data["building_type"],
        capacity_kwp=data["capacity_kwp"],
        tilt_deg=data["tilt_deg"],
        azimuth_deg=data["azimuth_deg"] if data["azimuth_deg"] is not None else 180,
        commissioned_on=data["commissioned_on"],
        **common,
    )


@staff_member_required
def staff_map(request: HttpRequest) -> HttpResponse:
    """Staff place a new site by clicking the map; errors appear next to their fields."""
    form = SiteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        warning = places.location_warning(latitude=data["latitude"], longitude=data["longitude"])
        if warning and not data["confirm_location"]:
            form.add_error("latitude", warning)
        else:
            try:
                site = _moved(form) or _site_from(form)
                if not site.name:
                    raise ValidationError({"name": _("Give the site a name.")})
                if isinstance(site, SolarInstallation):
                    estimates.solar_installation_save(installation=site, actor=request.user)
                else:
                    record_save(obj=site, actor=request.user)
            except ValidationError as exc:
                add_record_errors(form, exc)
            else:
                messages.success(request, _("Saved “%(name)s”.") % {"name": site.name})
                return redirect("staff-map")
    status = 400 if form.errors else 200
    return HttpResponse(_map_page(request, mode="staff", staff_form=form), status=status)
