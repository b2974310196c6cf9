"""Template filters that show dates with a Buddhist-era year on Thai pages."""

import datetime as dt

from django import template
from django.utils import formats, translation

from sustain.core import thaidates

register = template.Library()


@register.filter
def era_date(value: dt.date | None) -> str:
    """23 พ.ย. 2569 on Thai pages; the locale's date format (CE) otherwise."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if translation.get_language() == "th":
        return thaidates.format_thai_date(value)
    return formats.date_format(value, "DATE_FORMAT")


@register.filter
def era_year(value: int | dt.date | None) -> str:
    """A year (or a date's year) in BE on Thai pages, CE otherwise."""
    if value is None:
        return ""
    year = value.year if isinstance(value, dt.date) else int(value)
    return str(thaidates.be_year(year) if translation.get_language() == "th" else year)
