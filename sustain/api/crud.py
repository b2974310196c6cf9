"""Small helpers for list/detail/create/update/delete endpoints."""

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from django.db import models
from ninja import Query, Schema

M = TypeVar("M", bound=models.Model)

Limit = Annotated[int, Query(100, ge=1, le=1000, description="page size")]
Offset = Annotated[int, Query(0, ge=0, le=10_000_000, description="rows to skip")]


def page(
    queryset: models.QuerySet[M], *, limit: int, offset: int, convert: Callable[[M], Any]
) -> dict[str, Any]:
    """``{"count": total, "items": [...]}`` for one page of a filtered, ordered queryset."""
    return {
        "count": queryset.count(),
        "items": [convert(obj) for obj in queryset[offset : offset + limit]],
    }


def assign(obj: M, payload: Schema, *, partial: bool) -> M:
    """Copy the payload's fields onto the record (only the ones sent, for a PATCH)."""
    for field, value in payload.dict(exclude_unset=partial).items():
        setattr(obj, field, value)
    return obj
