"""Small helpers for list/detail/create/update/delete endpoints: ninja's pagination, as we page."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import models
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Schema, Status
from ninja.pagination import LimitOffsetPagination

from sustain.api.common import require
from sustain.services.records import record_delete, record_save

M = TypeVar("M", bound=models.Model)

PAGE_SIZE = 100
PAGE_SIZE_MAX = 1000
OFFSET_MAX = 10_000_000  # beyond any table here; keeps generated offsets storable


@dataclass(frozen=True)
class Converted(Generic[M]):
    """A filtered, ordered queryset whose rows are shown through ``convert`` (for example as the
    caller may see them); only the page asked for is converted."""

    queryset: "models.QuerySet[M]"
    convert: Callable[[M], Any]


class LimitOffset(LimitOffsetPagination):
    """``?limit=&offset=`` → ``{"items": [...], "count": total}`` (ninja's ``@paginate``), with
    bounds every value of which the database can answer, and rows converted page by page."""

    class Input(Schema):
        limit: int = Field(PAGE_SIZE, ge=1, le=PAGE_SIZE_MAX, description="page size")
        offset: int = Field(0, ge=0, le=OFFSET_MAX, description="rows to skip")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=PAGE_SIZE_MAX, **kwargs)

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        if not isinstance(queryset, Converted):
            return dict(super().paginate_queryset(queryset, pagination, request, **params))
        start = pagination.offset
        rows = queryset.queryset[start : start + min(pagination.limit, self.max_limit)]
        return {
            "items": [queryset.convert(row) for row in rows],
            "count": queryset.queryset.count(),
        }


def assign(obj: M, payload: Schema, *, partial: bool) -> M:
    """Copy the payload's fields onto the record (only the ones sent, for a PATCH)."""
    for field, value in payload.dict(exclude_unset=partial).items():
        setattr(obj, field, value)
    return obj


def crud_create(request: HttpRequest, model: type[M], payload: Schema) -> Status[M]:
    """POST: a new record from the payload, if the caller may add one (saved with its history)."""
    caller = require(request, "add", model)
    return Status(201, record_save(obj=assign(model(), payload, partial=False), actor=caller.user))


def crud_update(
    request: HttpRequest, model: type[M], pk: int, payload: Schema, *, partial: bool
) -> M:
    """PUT (or PATCH, ``partial``): the payload onto the record ``pk``, if the caller may change
    it (404 when there is none)."""
    caller = require(request, "change", model)
    obj = assign(get_object_or_404(model, pk=pk), payload, partial=partial)
    return record_save(obj=obj, actor=caller.user)


def crud_delete(request: HttpRequest, model: type[models.Model], pk: int) -> Status[None]:
    """DELETE: the record ``pk``, if the caller may delete it; history keeps who did it."""
    caller = require(request, "delete", model)
    record_delete(obj=get_object_or_404(model, pk=pk), actor=caller.user)
    return Status(204, None)
