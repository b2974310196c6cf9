"""Rate limits per client address (``sustain.clientip``): the public API, and a separate, higher
one for public pages and the map's GeoJSON; tokens that do not exist are counted too."""

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import SimpleRateThrottle

from sustain.clientip import client_ip


class ClientRateThrottle(SimpleRateThrottle):
    """Counts by client address; the rate setting is read on each request (tests change it)."""

    rate_setting = "API_PUBLIC_RATE"

    def __init__(self) -> None:
        super().__init__(getattr(settings, self.rate_setting))

    def allow_request(self, request: HttpRequest) -> bool:
        rate = getattr(settings, self.rate_setting)
        if rate != self.rate:
            self.rate = rate
            self.num_requests, self.duration = self.parse_rate(rate)
        return super().allow_request(request)

    def get_ident(self, request: HttpRequest) -> str:
        return client_ip(request)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        return f"throttle_{self.scope}_{self.get_ident(request)}"


def _signed_in(request: HttpRequest) -> bool:
    """A valid token or a staff session: people we know, not limited here."""
    caller = getattr(request, "auth", None)
    user = getattr(caller, "user", None) or getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class PublicApiThrottle(ClientRateThrottle):
    """``API_PUBLIC_RATE`` for callers without a valid token or session."""

    scope = "public"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        return None if _signed_in(request) else super().get_cache_key(request)


class PublicPageThrottle(ClientRateThrottle):
    """``PUBLIC_PAGE_RATE`` for anonymous visitors' pages and the map's GeoJSON."""

    scope = "pages"
    rate_setting = "PUBLIC_PAGE_RATE"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        return None if _signed_in(request) else super().get_cache_key(request)


class BadTokenThrottle(ClientRateThrottle):
    """Tokens that match nothing, per address, at ``API_PUBLIC_RATE``: guessing is not free."""

    scope = "bad_token"
