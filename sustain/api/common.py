"""What every API router shares: who is calling, permission checks, bounded types, CSV."""

import csv
import datetime as dt
import io
import math
import re
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from ninja import Query
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.security import HttpBearer
from ninja.utils import check_csrf
from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints

from sustain import permissions
from sustain.api.numbers import TypedNumber
from sustain.core.csvsafe import csv_cell
from sustain.services import tokens
from sustain.throttling import BadTokenThrottle

# Bounded types: every value the schema admits is one the database can store, so generated or
# hostile input gets a 422 naming the field, never a database error.
Id = Annotated[int, Field(ge=1, le=2_147_483_647)]
Text = Annotated[str, StringConstraints(max_length=200, pattern=r"^[^\x00]*$")]
LongText = Annotated[str, StringConstraints(max_length=5000, pattern=r"^[^\x00]*$")]
Latitude = Annotated[float, TypedNumber, Field(ge=-90, le=90, allow_inf_nan=False)]
Longitude = Annotated[float, TypedNumber, Field(ge=-180, le=180, allow_inf_nan=False)]


def _iso_only(value: Any) -> Any:
    """Dates and times as ISO 8601 text only (pydantic would also read numbers as timestamps)."""
    if not isinstance(value, dt.date) and not (
        isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}", value)
    ):
        raise ValueError("use ISO 8601, e.g. 2026-11-23 or 2026-11-23T10:00:00+07:00")
    return value


Day = Annotated[
    dt.date,
    BeforeValidator(_iso_only),
    Field(ge=dt.date(1900, 1, 1), le=dt.date(2999, 12, 31)),
]


def _in_utc(value: dt.datetime) -> dt.datetime:
    """Any offset pydantic reads (even +22:05, which PostgreSQL would refuse) becomes UTC; a time
    without an offset is Thai time."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
    return value.astimezone(dt.UTC)


Moment = Annotated[
    dt.datetime,
    BeforeValidator(_iso_only),
    AfterValidator(_in_utc),
    Field(ge=dt.datetime(1900, 1, 1, tzinfo=dt.UTC), le=dt.datetime(2999, 12, 31, tzinfo=dt.UTC)),
]


@dataclass(frozen=True)
class Caller:
    """Who is calling: an anonymous resident, or a user (by token or signed-in session).

    What they may do is asked of ``sustain.permissions``, as the pages do.
    """

    user: AbstractBaseUser | AnonymousUser

    @property
    def sees_private(self) -> bool:
        return permissions.sees_private(self.user)  # type: ignore[arg-type]

    def has(self, *perms: str) -> bool:
        return permissions.allowed(self.user, *perms)  # type: ignore[arg-type]

    def can(self, action: str, model: type[models.Model]) -> bool:
        return self.has(permissions.model_perm(action, model))


class ApiAuth(HttpBearer):
    """``Authorization: Bearer <token>``, or a signed-in session (with its CSRF token).

    A token is looked up afresh on every request, so it carries its user's permissions of the
    moment: a user who loses one loses it through the token at once.
    """

    def __call__(self, request: HttpRequest) -> Caller | None:
        if "Authorization" not in request.headers and request.user.is_authenticated:
            error = check_csrf(request)
            if error:
                raise HttpError(403, "CSRF check failed for a session request")
            return Caller(request.user)
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str) -> Caller | None:
        user = tokens.token_authenticate(raw=token)
        if user is None:
            guesses = BadTokenThrottle()
            if not guesses.allow_request(request):
                raise Throttled(wait=math.ceil(guesses.wait() or 1))
            return None
        return Caller(user)


class PublicOrToken(ApiAuth):
    """Every operation anyone may call: anonymous without a token, the user with a good one,
    and 401 for a token that is present but wrong (never silently anonymous)."""

    openapi_scheme = "bearer"

    def __call__(self, request: HttpRequest) -> Caller | None:
        if "Authorization" not in request.headers and not request.user.is_authenticated:
            return Caller(AnonymousUser())
        return super().__call__(request)


api_auth = ApiAuth()
public_auth = PublicOrToken()


def caller_of(request: HttpRequest) -> Caller:
    """The caller that authentication found (anonymous on public operations without a token)."""
    caller = getattr(request, "auth", None)
    if isinstance(caller, Caller):
        return caller
    caller = public_auth(request)
    if caller is None:
        raise AuthenticationError()
    return caller


def _refuse(caller: Caller, message: str) -> None:
    raise HttpError(403 if caller.user.is_authenticated else 401, message)


def require(request: HttpRequest, action: str, model: type[models.Model]) -> Caller:
    caller = caller_of(request)
    if not caller.can(action, model):
        _refuse(caller, f"Your account may not {action} {model._meta.verbose_name_plural}.")
    return caller


def require_perms(request: HttpRequest, *perms: str) -> Caller:
    """The caller, if they hold every permission (403; 401 when anonymous)."""
    caller = caller_of(request)
    if not caller.has(*perms):
        _refuse(caller, "Your account may not do this: it needs " + ", ".join(perms) + ".")
    return caller


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


CSV_RESPONSE = {
    "responses": {
        200: {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}}
    }
}


def bbox_filter(queryset: models.QuerySet, bbox: str | None) -> models.QuerySet:
    """``min_lon,min_lat,max_lon,max_lat`` (WGS 84), as in OGC APIs."""
    if not bbox:
        return queryset
    try:
        min_lon, min_lat, max_lon, max_lat = (float(part) for part in bbox.split(","))
    except ValueError:
        raise HttpError(422, "bbox: give min_lon,min_lat,max_lon,max_lat as four numbers") from None
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise HttpError(
            422, "bbox: need -180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90"
        )
    return queryset.filter(
        latitude__gte=min_lat, latitude__lte=max_lat, longitude__gte=min_lon, longitude__lte=max_lon
    )


BBOX_PATTERN = r"^-?\d{1,3}(\.\d{1,12})?(,-?\d{1,3}(\.\d{1,12})?){3}$"
BboxText = Annotated[str, StringConstraints(pattern=BBOX_PATTERN)]
Bbox = Annotated[
    str | None,
    Query(None, pattern=BBOX_PATTERN, description="min_lon,min_lat,max_lon,max_lat (WGS 84)"),
]


def validation_errors(exc: ValidationError) -> list[dict[str, str]]:
    """A Django ValidationError as ``[{"field", "message", "code"}]``, one per broken rule."""
    if not hasattr(exc, "error_dict"):
        return [{"field": "__all__", "message": m, "code": "invalid"} for m in exc.messages]
    return [
        {
            "field": field,
            "message": str(item.message % item.params if item.params else item.message),
            "code": item.code or "invalid",
        }
        for field, items in exc.error_dict.items()
        for item in items
    ]
