"""Filters for report tables: one formatting rule per column kind (see services.report_tables)."""

from typing import Any

from django import template

from sustain.report.render.table import format_cell

register = template.Library()


@register.filter
def cell(value: Any, kind: str) -> str:
    return format_cell(value, kind)


@register.filter
def index(sequence: list[Any], position: int) -> Any:
    return sequence[position]


@register.filter
def percent(value: float | None) -> str:
    """A share (0–1) as a percentage with one decimal; — when there is none."""
    return "—" if value is None else f"{value * 100:,.1f} %"


@register.filter
def stream_label(value: str) -> str:
    from sustain.models import WasteStream

    return str(WasteStream(value).label)
