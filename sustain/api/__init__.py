"""The open API (django-ninja): one NinjaAPI, a router per area, one place that maps errors.

Every invalid request gets a 4xx with a JSON body naming each offending field and rule:
``{"detail": "...", "errors": [{"field": ..., "message": ..., "code": ...}]}``.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.db.models import ProtectedError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.throttling import SimpleRateThrottle

from sustain.api import enterprises, factors, gis, maintenance, maps, places, reports, solar, waste
from sustain.api.common import validation_errors
from sustain.api.schemas import Errors

_WHERE = {"body", "query", "path", "payload", "header", "cookie", "form", "filters"}


class PublicRateThrottle(SimpleRateThrottle):
    """Per client IP for callers without a token; ``API_PUBLIC_RATE`` is read on each request."""

    scope = "public"

    def __init__(self) -> None:
        self.rate = settings.API_PUBLIC_RATE
        super().__init__(self.rate)

    def allow_request(self, request: HttpRequest) -> bool:
        if self.rate != settings.API_PUBLIC_RATE:
            self.rate = settings.API_PUBLIC_RATE
            self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        if "Authorization" in request.headers:
            return None  # token callers are known; a bad token gets 401 anyway
        return f"throttle_public_{self.get_ident(request)}"


class ObjectBodyParser(Parser):
    """Every request body of this API is a JSON object; ``[null, null]`` is not an empty PATCH."""

    def parse_body(self, request: HttpRequest) -> Any:
        body = super().parse_body(request)
        if not isinstance(body, dict):
            raise NinjaValidationError(
                [
                    {
                        "loc": ("body",),
                        "msg": "The body must be a JSON object.",
                        "type": "object_type",
                    }
                ]
            )
        return body


ERROR_RESPONSES = {
    "400": "A value cannot be stored",
    "401": "Missing or bad token (or staff session)",
    "403": "The account may not do this",
    "404": "No such record",
    "409": "Conflicts with stored records",
    "422": "Invalid input: each offending field and rule",
    "429": "Too many requests from this client",
}


class SustainAPI(NinjaAPI):
    """Documents the error answers every operation can give, with their JSON body."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(
            Errors.model_json_schema(ref_template="#/components/schemas/{model}")["$defs"]
        )
        components["Errors"] = {
            key: value
            for key, value in Errors.model_json_schema(
                ref_template="#/components/schemas/{model}"
            ).items()
            if key != "$defs"
        }
        body = {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}}
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for code, description in ERROR_RESPONSES.items():
                    responses.setdefault(code, {"description": description, "content": body})
        return schema


api = SustainAPI(
    title="Sustain API",
    version="1",
    description=(
        "Solar installations, waste-sorting points, collections, community enterprises and "
        "emission factors of the municipality. Anyone may read public data (no personal data; "
        "household installations at reduced precision). Staff write with "
        "`Authorization: Bearer <token>` from `python manage.py api_token USERNAME`."
    ),
    urls_namespace="api",
    parser=ObjectBodyParser(),
    throttle=[PublicRateThrottle()],
)


def _error_response(
    request: HttpRequest, status: int, detail: str, errors: list[dict[str, str]]
) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "errors": errors}, status=status)


@api.exception_handler(NinjaValidationError)
def request_invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = []
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ()) if str(part) not in _WHERE]
        errors.append(
            {
                "field": ".".join(loc) or "body",
                "message": str(error.get("msg", "invalid")),
                "code": str(error.get("type", "invalid")),
            }
        )
    return _error_response(request, 422, "The request is not valid.", errors)


@api.exception_handler(DjangoValidationError)
def record_invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    return _error_response(request, 422, "The record is not valid.", validation_errors(exc))


@api.exception_handler(ProtectedError)
def record_in_use(request: HttpRequest, exc: ProtectedError) -> HttpResponse:
    used_by = sorted({str(obj._meta.verbose_name_plural) for obj in exc.protected_objects})
    message = f"Still used by {', '.join(used_by)}: remove those first."
    return _error_response(
        request, 409, message, [{"field": "id", "message": message, "code": "protected"}]
    )


@api.exception_handler(IntegrityError)
def record_conflict(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    return _error_response(request, 409, f"Conflicts with a stored record: {exc}", [])


@api.exception_handler(DataError)
@api.exception_handler(OverflowError)
def value_unstorable(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error_response(request, 400, f"A value cannot be stored: {exc}", [])


for router_module in (places, solar, waste, enterprises, factors, maps, reports, gis, maintenance):
    api.add_router("", router_module.router)
