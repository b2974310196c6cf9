"""Middleware: the page's language, and the rate limit of public pages.

Language: Thai unless the visitor chose English with the switch (a cookie). Django's
LocaleMiddleware follows the browser's Accept-Language, so the many phones set to English in
Thailand would get English pages. The municipality's site is Thai first; the switch is explicit.
The API (``/api/``) does follow Accept-Language: its callers are programs that ask on purpose.
"""

import math
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from sustain.throttling import PublicPageThrottle

SUPPORTED = {code for code, _name in settings.LANGUAGES}


class ThaiFirstLocaleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if request.path.startswith("/api/"):
            # Programs say what they want with Accept-Language; Thai when they do not.
            chosen = translation.get_language_from_request(request)
        language = chosen if chosen in SUPPORTED else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        # Pages follow the language cookie; the API follows Accept-Language (and a staff
        # session's cookie changes what it shows): shared caches must keep them apart.
        if request.path.startswith("/api/"):
            patch_vary_headers(response, ["Accept-Language", "Cookie"])
        else:
            patch_vary_headers(response, ["Cookie"])
        return response


class ApiBodyLimitMiddleware:
    """Bodies over ``API_MAX_BODY_MB`` (uploads: over ``GIS_UPLOAD_MAX_MB``) get a JSON 413 that
    names the limit, before anything reads them. Bodies without a length are stopped by
    ``DATA_UPLOAD_MAX_MEMORY_SIZE`` while read, and the API answers the same 413."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            upload = request.content_type == "multipart/form-data"
            if length > body_limit_bytes(upload=upload):
                return body_too_large(upload=upload)
        return self.get_response(request)


def body_limit_bytes(*, upload: bool) -> int:
    if upload:  # a GIS file and the form around it
        return max(settings.API_MAX_BODY_MB, settings.GIS_UPLOAD_MAX_MB + 1) * 1_000_000
    return settings.API_MAX_BODY_MB * 1_000_000


def body_too_large(*, upload: bool) -> JsonResponse:
    if upload:
        message = _("The upload is over the limit of %(mb)s MB (GIS_UPLOAD_MAX_MB).") % {
            "mb": settings.GIS_UPLOAD_MAX_MB
        }
    else:
        message = _("The request body is over the limit of %(mb)s MB (API_MAX_BODY_MB).") % {
            "mb": settings.API_MAX_BODY_MB
        }
    error = {"field": "body", "message": message, "code": "too_large"}
    return JsonResponse({"detail": message, "errors": [error]}, status=413)


class PublicPageRateLimitMiddleware:
    """``PUBLIC_PAGE_RATE`` per client address for anonymous visitors' pages (the API has its
    own limits; static files are the web server's)."""

    EXEMPT = ("/api/", "/static/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(self.EXEMPT):
            throttle = PublicPageThrottle()  # one per request: it keeps per-request state
            if not throttle.allow_request(request):
                wait = math.ceil(throttle.wait() or 1)
                response = render(request, "sustain/429.html", {"wait": wait}, status=429)
                response["Retry-After"] = str(wait)
                return response
        return self.get_response(request)
