"""Filters for report tables: one formatting rule per column kind (see services.report_tables)."""

from typing import Any

from django import template

from sustain.services.report_tables import format_cell

register = template.Library()


@register.filter
def cell(value: Any, kind: str) -> str:
    return format_cell(value, kind)


@register.filter
def index(sequence: list[Any], position: int) -> Any:
    return sequence[position]
