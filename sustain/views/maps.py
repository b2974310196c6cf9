"""The public map (the home page) and the staff map, built with ``maps.builder``."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from maps.builder import MapConfig, page_html, site_map
from sustain import pagecache
from sustain import permissions as perms
from sustain.forms import SiteForm, add_record_errors
from sustain.models import (
    STREAM_BIN_COLOUR,
    BuildingType,
    SolarInstallation,
    Village,
    WastePoint,
    WastePointKind,
    WasteStream,
)
from sustain.services import public_summary as summary
from sustain.services.gis import places
from sustain.services.gis.map_style import (
    KIND_LETTERS,
    NO_STREAM_COLOUR,
    SOLAR_COLOUR,
    material_styles,
)
from sustain.services.records import record_save
from sustain.services.solar import estimates, leads
from sustain.views import public_map_page


def _material_labels() -> dict[str, str]:
    return {osm: material["label"] for osm, material in material_styles().items()}


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
        "weather": _("weather year"),
        "co2e": _("CO2e avoided per year"),
        "co2eBasis": _("Each month's energy at the grid factor in force over the last 12 months:"),
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


# The residents' map clusters with Supercluster (many sites, only those in view drawn as markers).
PUBLIC_MAP_SCRIPTS: dict[str, Any] = {
    "script": "js/publicmap.js",
    "init": "SustainPublicMap",
    "cluster_scripts": ("vendor/supercluster/supercluster.min.js", "js/sitecluster.js"),
    "cluster_styles": (),
}


def _map_page(request: HttpRequest, *, mode: str, staff_form: forms.Form | None = None) -> str:
    municipality = places.municipality_get()
    center = (
        (municipality.reference_latitude, municipality.reference_longitude)
        if municipality
        else (19.717, 100.180)
    )
    areas = []
    if mode == "staff" and municipality and municipality.service_area_geojson:
        areas.append(
            {"type": "Feature", "properties": {}, "geometry": municipality.service_area_geojson}
        )
    villages = Village.objects.exclude(boundary_geojson__isnull=True)
    for village in villages if mode == "staff" else ():  # the public map loads an outlines layer
        areas.append(
            {
                "type": "Feature",
                "properties": {"dash": "4 4", "name": str(village)},
                "geometry": village.boundary_geojson,
            }
        )
    materials = material_styles()
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
    if mode == "staff":
        client.update(
            dueUrl="/api/maintenance/due.geojson",
            fieldUrl="/field/",
            dueLabels={
                "layer": _("Visits due"),
                "overdue": _("overdue"),
                "week": _("this week"),
                "month": _("this month"),
                "due": _("due"),
                "inspect": _("Inspect"),
                "page": _("site page"),
                "openOrders": _("open work orders"),
            },
        )
    if mode == "public":
        client.update(public_map_page.client_settings(municipality=municipality))
    zoom = 14
    if mode == "staff":
        client["pageUrls"] = {
            "installation": "/manage/solar/{id}/" if perms.sees_private(request.user) else "",
            "waste_point": "/manage/waste/points/{id}/" if perms.sees_private(request.user) else "",
        }
        client["adminUrls"] = {
            "installation": "/staff/sustain/solarinstallation/{id}/change/",
            "waste_point": "/staff/sustain/wastepoint/{id}/change/",
        }
        client["labels"].update(sitePage=_("site page"), record=_("record (admin)"))
        if (focus := _focus(request)) is not None:
            client["focus"] = focus
            center, zoom = (focus["lat"], focus["lon"]), 18
    if mode == "staff" and leads.can_view_leads(request.user):
        client["leadsUrl"] = reverse("staff-leads-geojson")
        client["labels"].update(_lead_labels())
    config = MapConfig(
        center=center,
        static_url=static,
        client=client,
        zoom=zoom,
        tiles_url=settings.MAP_TILES_URL,
        tiles_attribution=settings.MAP_TILES_ATTRIBUTION,
        areas=areas,
        **(PUBLIC_MAP_SCRIPTS if mode == "public" else {}),
    )
    english = translation.get_language() == "en"
    holes = pagecache.holes(request)  # a page cached for every anonymous visitor
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
        "no_stream_colour": NO_STREAM_COLOUR,
        "solar_colour": SOLAR_COLOUR,
        "summary": summary.public_summary() if mode == "public" else None,
        # the site list is asked for with the page's styles, not after its scripts have run
        "preload_url": client.get("sitesUrl", ""),
        "staff_form": staff_form,
        "due_villages": Village.objects.all() if mode == "staff" else (),
        "tiles_attribution": settings.MAP_TILES_ATTRIBUTION if settings.MAP_TILES_URL else "",
        "messages": messages.get_messages(request),
        **({"csrf_token": holes.csrf} if holes else {}),
    }
    head = render_to_string("sustain/map/head.html", context, request=request)
    prefix = "public_" if mode == "public" else ""
    top = render_to_string(f"sustain/map/{prefix}top.html", context, request=request)
    bottom = render_to_string(f"sustain/map/{prefix}panels.html", context, request=request)
    return page_html(
        site_map(config),
        lang=translation.get_language() or "th",
        head=head,
        body_top=top,
        body_bottom=bottom,
        nonce=holes.nonce if holes else str(request.csp_nonce),  # type: ignore[attr-defined]
    )


def _focus(request: HttpRequest) -> dict[str, Any] | None:
    """``?site=installation:12`` (or ``waste_point:3``): the site the staff map opens on."""
    kind, _sep, pk = request.GET.get("site", "").partition(":")
    if kind not in ("installation", "waste_point") or not pk.isdigit() or len(pk) > 10:
        return None
    model = SolarInstallation if kind == "installation" else WastePoint
    site = model.objects.filter(pk=int(pk)).first()
    if site is None:
        return None
    return {"kind": kind, "id": site.pk, "lat": site.latitude, "lon": site.longitude}


@pagecache.cached_page(topic="home")
def public_map(request: HttpRequest) -> HttpResponse:
    """The home page: where to take which waste, and what solar the community has built. Built
    once per change of its data and language for every anonymous visitor (``sustain.pagecache``:
    the CSP nonce and CSRF token are filled in per answer)."""
    return HttpResponse(_map_page(request, mode="public"))


def _moved(form: SiteForm) -> WastePoint | SolarInstallation | None:
    """The existing site being moved to the form's point, or None when adding a new one."""
    if not form.cleaned_data.get("move"):
        return None
    kind, pk = form.cleaned_data["move"].split(":")
    model = WastePoint if kind == "waste_point" else SolarInstallation
    site = model.objects.filter(pk=int(pk)).first()
    if site is None:
        raise ValidationError({"latitude": _("The site to move no longer exists.")})
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


@perms.page_requires("sustain.view_solarinstallation", "sustain.view_wastepoint")
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
                moved = _moved(form)
                site = moved or _site_from(form)
                action = "change" if site.pk else "add"
                perms.check(request.user, perms.model_perm(action, type(site)))
                if not site.name:
                    raise ValidationError({"name": _("Give the site a name.")})
                if moved is not None:
                    places.site_move(
                        site=moved, latitude=data["latitude"], longitude=data["longitude"],
                        actor=request.user,
                    )  # fmt: skip
                elif isinstance(site, SolarInstallation):
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
