"""Small helpers for list/detail/create/update/delete endpoints: ninja's pagination, as we page."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import models
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

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
