"""The field app: a page staff install on their phone, its service worker and its manifest.

Everything it loads is ours (static files, no CDN). Asset URLs carry a version made from the
files' contents, so the service worker's offline copy and the page always match, and a new
release replaces the old copy as soon as the phone is online.
"""

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import ensure_csrf_cookie

from sustain.views.maintenance import staff_with

# What the phone keeps for offline use, in the order the page loads them.
NAMED_ASSETS = {
    "sarabun_css": "vendor/sarabun/sarabun.css",
    "sarabun_thai_400": "vendor/sarabun/sarabun-thai-400-normal.woff2",
    "sarabun_thai_700": "vendor/sarabun/sarabun-thai-700-normal.woff2",
    "sarabun_latin_400": "vendor/sarabun/sarabun-latin-400-normal.woff2",
    "sarabun_latin_700": "vendor/sarabun/sarabun-latin-700-normal.woff2",
    "leaflet_css": "vendor/leaflet/leaflet.css",
    "leaflet_js": "vendor/leaflet/leaflet.js",
    "sustain_css": "css/sustain.css",
    "field_css": "css/field.css",
    "store_js": "js/field-store.js",
    "field_js": "js/field.js",
    "icon": "img/field-icon-192.png",
}
ASSETS = tuple(NAMED_ASSETS.values())
SERVICE_WORKER = "js/field-sw.js"
TEMPLATE = Path(__file__).parent.parent / "templates" / "sustain" / "field" / "app.html"


@lru_cache(maxsize=1)
def _version_cached(stamp: tuple[float, ...]) -> str:
    digest = hashlib.sha256()
    for name in (*ASSETS, SERVICE_WORKER):
        path = finders.find(name)
        digest.update(Path(str(path)).read_bytes() if path else name.encode())
    digest.update(TEMPLATE.read_bytes())
    return digest.hexdigest()[:12]


def field_version() -> str:
    """A hash of every asset, the service worker and the page template."""
    stamps = []
    for name in (*ASSETS, SERVICE_WORKER):
        path = finders.find(name)
        stamps.append(Path(str(path)).stat().st_mtime if path else 0.0)
    stamps.append(TEMPLATE.stat().st_mtime)
    return _version_cached(tuple(stamps))


def asset_urls(version: str) -> dict[str, str]:
    """Each asset's URL with the version, by its short name. Fonts keep their plain URL: the
    stylesheet that loads them names them without a version."""
    return {
        key: static(name) if name.endswith(".woff2") else f"{static(name)}?v={version}"
        for key, name in NAMED_ASSETS.items()
    }


def _labels() -> dict[str, str]:
    """Words the script shows, in the page's language (the page itself is translated)."""
    return {
        "overdue": _("overdue"),
        "week": _("this week"),
        "month": _("this month"),
        "later": _("later"),
        "due": _("due"),
        "lastVisit": _("last visit"),
        "never": _("never"),
        "inspect": _("Inspect"),
        "newOrder": _("New work order"),
        "back": _("Back"),
        "yes": _("yes"),
        "no": _("no"),
        "save": _("Save on this phone"),
        "saved": _("Saved on this phone; it is sent when there is signal."),
        "sent": _("Sent"),
        "pending": _("waiting to be sent"),
        "sending": _("sending…"),
        "conflict": _("The site was changed meanwhile"),
        "refused": _("Refused"),
        "sendAnyway": _("Send anyway"),
        "discard": _("Discard"),
        "changedBy": _("changed by"),
        "offline": _("Offline: your work is kept on this phone."),
        "online": _("Online"),
        "outbox": _("To send"),
        "nothingDue": _("Nothing due until the end of the month."),
        "noBundle": _("Open this page once with signal to load the due list."),
        "loaded": _("List from"),
        "signIn": _("Sign in again to send your work."),
        "signInLink": _("Staff sign-in"),
        "required": _("required"),
        "photo": _("Take a photo"),
        "photos": _("Photos of the site"),
        "notes": _("Notes"),
        "inService": _("The site is in service"),
        "closeOrders": _("Fixed during this visit (closes the work order)"),
        "what": _("What needs doing"),
        "description": _("Description"),
        "priority": _("Priority"),
        "outOfService": _("The site is out of service"),
        "workOrders": _("Open work orders"),
        "answerMissing": _("Answer the required questions first:"),
        "mine": _("mine"),
        "low": _("low"),
        "normal": _("normal"),
        "high": _("high"),
        "urgent": _("urgent"),
        "household": _("Private home: photos are kept without their location."),
    }


@ensure_csrf_cookie
@staff_with("add_inspection")
def field_app(request: HttpRequest) -> HttpResponse:
    version = field_version()
    return render(
        request,
        "sustain/field/app.html",
        {
            "assets": asset_urls(version),
            "client": {
                "version": version,
                "bundleUrl": reverse("api:field_bundle"),
                "inspectionsUrl": reverse("api:inspection_create"),
                "workOrdersUrl": reverse("api:work_order_create"),
                "swUrl": reverse("field-sw"),
                "signInUrl": reverse("admin:login") + "?next=" + reverse("field-app"),
                "tilesUrl": settings.MAP_TILES_URL,
                "tilesAttribution": settings.MAP_TILES_ATTRIBUTION,
                "lang": translation.get_language() or "th",
                "userId": request.user.pk,
                "labels": _labels(),
            },
        },
    )


def field_service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker script (static/js/field-sw.js) with the version and asset list it
    caches; served from /field/ so that it may control the field app's pages."""
    version = field_version()
    path = finders.find(SERVICE_WORKER)
    config = {
        "version": version,
        "shell": reverse("field-app"),
        "assets": list(asset_urls(version).values()),
    }
    body = f"self.SUSTAIN_FIELD = {json.dumps(config)};\n" + Path(str(path)).read_text("utf-8")
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


def field_manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: installs the field app on a phone's home screen."""
    version = field_version()
    response = JsonResponse(
        {
            "name": _("Sustain field inspections"),
            "short_name": _("Field app"),
            "start_url": reverse("field-app"),
            "scope": reverse("field-app"),
            "display": "standalone",
            "background_color": "#f7f8f5",
            "theme_color": "#2e7d32",
            "lang": translation.get_language() or "th",
            "icons": [
                {"src": f"{static(name)}?v={version}", "sizes": size, "type": "image/png"}
                for name, size in (
                    ("img/field-icon-192.png", "192x192"),
                    ("img/field-icon-512.png", "512x512"),
                )
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )
    response["Content-Type"] = "application/manifest+json"
    return response
