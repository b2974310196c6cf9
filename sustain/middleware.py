"""Middleware: the page's language, and the rate limit of public pages.

Language: Thai unless the visitor chose English with the switch (a cookie). Django's
LocaleMiddleware follows the browser's Accept-Language, so the many phones set to English in
Thailand would get English pages. The municipality's site is Thai first; the switch is explicit.
The API (``/api/``) does follow Accept-Language: its callers are programs that ask on purpose.
"""

import math
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers

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
        patch_vary_headers(response, ["Cookie"])
        return response


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
