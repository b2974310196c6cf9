"""Sign-in throttling with django-axes: after ``LOGIN_FAILURE_LIMIT`` failures for one user name
from one address, that pair is locked for ``LOGIN_LOCKOUT_MINUTES``; the page says until when."""

import datetime as dt
import math
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation

from sustain.core import thaidates


class SignInThrottleBackend(AxesStandaloneBackend):
    """Axes' lockout check on every sign-in that comes with a request (the admin's form).

    A sign-in without a request (the shell, test clients' ``login``) has no address to count by;
    axes would refuse it outright, so it is left to the next backend.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def failure_limit(request: HttpRequest | None, credentials: Any) -> int:
    return int(settings.LOGIN_FAILURE_LIMIT)


def cool_off(request: HttpRequest | None) -> dt.timedelta:
    return dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def _unlock_at(request: HttpRequest, username: str) -> dt.datetime:
    cool_off = get_cool_off(request) or dt.timedelta(0)
    last = (
        AccessAttempt.objects.filter(
            username=username, ip_address=getattr(request, "axes_ip_address", None)
        )
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    return (last or timezone.now()) + cool_off


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """The locked-out page (429), in the page's language, with the time it unlocks."""
    username = get_client_username(request, credentials) or ""
    unlock = timezone.localtime(_unlock_at(request, username))
    if translation.get_language() == "th":
        day = thaidates.format_thai_date(unlock.date())
    else:
        day = unlock.date().isoformat()
    wait_s = max(1, math.ceil((unlock - timezone.now()).total_seconds()))
    context = {
        "username": username,
        "limit": settings.LOGIN_FAILURE_LIMIT,
        "minutes": settings.LOGIN_LOCKOUT_MINUTES,
        "unlock_time": f"{unlock:%H:%M}",
        "unlock_day": day,
    }
    response = render(request, "sustain/signin_locked.html", context, status=429)
    response["Retry-After"] = str(wait_s)
    return response
