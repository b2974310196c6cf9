"""Pages for anonymous visitors built once per data version and language, with two holes.

``@cached_page(topic=...)`` on a view whose page is the same for every anonymous visitor except
for two per-visitor values keeps the page's HTML in the cache (``CACHE_URL``) under the view, the
path, the language, the topic's data version (``services.dataversion``) and the day. The two
values are left as holes and filled on every answer:

* the **Content-Security-Policy nonce**: each answer gets a fresh one (``request.csp_nonce``, the
  one its CSP header names); a nonce is never shared between visitors, which would let a script
  injected into one page run in every other;
* the **CSRF token** of the page's forms (the language switch): each visitor's own.

The view renders with ``request.page_holes`` set (``nonce`` and ``csrf`` strings to write in
place of the two values). A page that differs per visitor cannot be one shared answer, so it is
``Cache-Control: private, no-cache`` and its weak ``ETag`` names the page's hash, the nonce it
was sent with and a keyed hash of the visitor's CSRF secret: a revalidation of an unchanged page
by the same browser gets ``304 Not Modified`` with a CSP header naming the nonce that browser's
copy carries (else the stored copy's scripts would be blocked), and after the CSRF cookie
changed (a sign-in rotates it) a full page with a token that matches it. No ``Last-Modified``:
``If-Modified-Since`` alone could not tell which nonce the copy holds.

Signed-in visitors, other methods, query strings and answers other than 200 are never cached.
"""

import functools
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.crypto import salted_hmac

from sustain.httpcache import ENTRY_TIMEOUT_S, PRIVATE_CACHE_CONTROL, audience
from sustain.services.dataversion import data_version

NONCE_HOLE = "sustain-page-hole-nonce-5f0c2b"
CSRF_HOLE = "sustain-page-hole-csrf-5f0c2b"
_NONCE = re.compile(r"[A-Za-z0-9+/]{22}==")  # django-csp: 16 random bytes, base64


@dataclass(frozen=True)
class PageHoles:
    nonce: str
    csrf: str


@dataclass(frozen=True)
class Page:
    html: str  # with the holes
    digest: str


def holes(request: HttpRequest) -> PageHoles | None:
    """What a view building a cached page writes for the nonce and the CSRF token, or None."""
    return getattr(request, "page_holes", None)


def _csrf_mark(request: HttpRequest) -> str | None:
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return None
    return salted_hmac("sustain.pagecache.csrf", secret).hexdigest()[:16]


def _revalidated_nonce(request: HttpRequest, page: Page) -> str | None:
    """The nonce of the visitor's copy when it is this page, for this visitor's CSRF secret."""
    mark = _csrf_mark(request)
    for tag in request.headers.get("If-None-Match", "").split(","):
        digest, _dot, rest = tag.strip().removeprefix("W/").strip('"').partition(".")
        nonce, _dot, csrf = rest.rpartition(".")
        if digest == page.digest and mark and csrf == mark and _NONCE.fullmatch(nonce):
            return nonce
    return None


def _headers(response: HttpResponse, page: Page, nonce: str, request: HttpRequest) -> None:
    response["ETag"] = f'W/"{page.digest}.{nonce}.{_csrf_mark(request)}"'
    response["Cache-Control"] = PRIVATE_CACHE_CONTROL
    patch_vary_headers(response, ["Cookie"])  # the language cookie, the CSRF one


def _fill(request: HttpRequest, page: Page) -> HttpResponse:
    nonce = str(request.csp_nonce)  # type: ignore[attr-defined]
    html = page.html.replace(NONCE_HOLE, nonce).replace(CSRF_HOLE, get_token(request))
    response = HttpResponse(html)
    _headers(response, page, nonce, request)
    return response


def cached_page(*, topic: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Cache an anonymous page per data version of ``topic`` (see the module's text)."""

    def decorate(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        name = f"{view.__module__}.{view.__qualname__}"

        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if (
                request.method not in ("GET", "HEAD")
                or request.META.get("QUERY_STRING")
                or audience(request) != "anonymous"
            ):
                return view(request, *args, **kwargs)
            language = translation.get_language()
            day = timezone.localdate().isoformat()
            key = f"page:{name}:{request.path}:{language}:{day}:{data_version(topic=topic)}"
            page: Page | None = cache.get(key)
            if page is not None and (nonce := _revalidated_nonce(request, page)):
                request._csp_nonce = nonce  # type: ignore[attr-defined]  # the copy's
                response = HttpResponse(status=304)
                _headers(response, page, nonce, request)
                return response
            if page is None:
                request.page_holes = PageHoles(nonce=NONCE_HOLE, csrf=CSRF_HOLE)  # type: ignore[attr-defined]
                try:
                    built = view(request, *args, **kwargs)
                finally:
                    del request.page_holes  # type: ignore[attr-defined]
                if built.status_code != 200 or built.streaming:
                    return built
                body = built.content  # type: ignore[attr-defined]
                digest = hashlib.blake2b(body, digest_size=12).hexdigest()
                page = Page(html=body.decode(), digest=digest)
                cache.set(key, page, timeout=ENTRY_TIMEOUT_S)
            return _fill(request, page)

        return wrapper

    return decorate
