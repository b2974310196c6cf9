"""The open API (django-ninja): one NinjaAPI, a router per area, one place that maps errors.

Every invalid request gets a 4xx with a JSON body naming each offending field and rule:
``{"detail": "...", "errors": [{"field": ..., "message": ..., "code": ...}]}``.
"""

import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.db.models import ProtectedError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser

from sustain import middleware
from sustain.api import (
    enterprises,
    factors,
    gis,
    jobs,
    maintenance,
    map_public,
    maps,
    places,
    reports,
    request_words,
    solar,
    waste,
)  # fmt: skip
from sustain.api.common import public_auth, validation_errors
from sustain.api.schemas import Errors
from sustain.services.records import Conflict
from sustain.throttling import PublicApiThrottle

logger = logging.getLogger(__name__)

_WHERE = {"body", "query", "path", "payload", "header", "cookie", "form", "filters"}


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
                if operation.get("security") == [{"PublicOrToken": []}]:
                    operation["security"] = [{}, {"PublicOrToken": []}]  # a token is optional
                # ninja keys documented answers by int: one key per code, or JSON holds it twice.
                responses = {str(k): v for k, v in operation.get("responses", {}).items()}
                operation["responses"] = responses
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
    auth=public_auth,
    throttle=[PublicApiThrottle()],
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
                "message": request_words.rule_message(error),
                "code": str(error.get("type", "invalid")),
            }
        )
    return _error_response(request, 422, gettext("The request is not valid."), errors)


@api.exception_handler(RequestDataTooBig)
def body_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    """Form fields (beside an upload) over the limit, found while the form is read."""
    return middleware.body_too_large(upload=False)


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


@api.exception_handler(Conflict)
def state_conflict(request: HttpRequest, exc: Conflict) -> HttpResponse:
    return _error_response(
        request, 409, exc.message, [{"field": exc.field, "message": exc.message, "code": exc.code}]
    )


@api.exception_handler(IntegrityError)
def record_conflict(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    # The database's own text names tables and constraints: logged, never sent.
    logger.warning("integrity error answered with 409: %s", exc)
    message = "Conflicts with a stored record (another request changed it); try again."
    return _error_response(request, 409, message, [{"field": "__all__", "message": message,
                                                    "code": "conflict"}])  # fmt: skip


@api.exception_handler(DataError)
@api.exception_handler(OverflowError)
def value_unstorable(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.warning("unstorable value answered with 400: %s", exc)
    return _error_response(request, 400, "A value cannot be stored (too large or malformed).", [])


for router_module in (
    places, solar, waste, enterprises, factors, maps, map_public, reports, gis, jobs, maintenance,
):  # fmt: skip
    api.add_router("", router_module.router)
