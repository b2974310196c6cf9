"""The residents' map page (the home page): its client settings and words (issues 14 and 17).

The page embeds no site and no outline: ``static/js/publicmap.js`` loads the compact site list,
the outlines layer and each site's details from ``sustain.api.map_public``.
"""

from typing import Any

from django.utils.translation import gettext as _

from sustain.models import Municipality, Village
from sustain.services.waste.material_words import material_search_words


def labels() -> dict[str, str]:
    return {
        "close": _("Close"),
        "directions": _("Directions"),
        "directionsOsm": _("Directions on OpenStreetMap"),
        "reportLine": _("Report a problem here on LINE (Traffy Fondue)"),
        "reportWeb": _("Traffy Fondue website"),
        "copy": _("Copy details"),
        "copied": _("Details copied."),
        "copyFailed": _("Select the text below and copy it."),
        "village": _("village"),
        "code": _("code"),
        "results": _("%(what)s: %(n)s points, nearest first"),
        "fromYou": _("Distances from where you are."),
        "fromCentre": _("Distances from the municipality's centre."),
        "km": _("%s km"),
        "openCloses": _("open now, closes %s"),
        "closedOpens": _("closed, opens %s"),
        "today": _("today"),
        "tomorrow": _("tomorrow"),
        "kindMaterial": _("material"),
        "kindPoint": _("point"),
        "kindVillage": _("village"),
        "noMatch": _("Nothing found. Try another word, e.g. battery or bottle."),
        "youAreHere": _("You are here"),
        "accuracy": _("within about %s m"),
        "locateFailed": _("Your location is not available."),
        "outlines": _("Village outlines"),
        "loading": _("Loading…"),
        "showAll": _("Show all points"),
        "filtered": _("Showing: %s"),
        "clusterPoints": _("%s waste points: tap to zoom in"),
        "clusterSolar": _("%s solar installations: tap to zoom in"),
        "here": _("%s sites at this place"),
        "nearestListed": _("The nearest %s are listed."),
    }


def client_settings(*, municipality: Municipality | None) -> dict[str, Any]:
    centre = (
        [municipality.reference_latitude, municipality.reference_longitude]
        if municipality
        else [19.717, 100.180]
    )
    return {
        "sitesUrl": "/api/map/sites.json",
        "pointUrl": "/api/map/points/",
        "installationUrl": "/api/map/installations/",
        "outlinesUrl": "/api/map/outlines.geojson",
        "centre": centre,
        "words": material_search_words(),
        "villages": [[v.moo, str(v)] for v in Village.objects.order_by("moo")],
        "publicLabels": labels(),
    }
