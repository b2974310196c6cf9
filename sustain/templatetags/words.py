"""Template filters that show the stored notes of the pure modules in the page's language."""

from django import template

from sustain import model_words, runtime_words

register = template.Library()


@register.filter
def runtime_note(value: str | None) -> str:
    """A weather year's description or gaps (stored in English) in the page's language."""
    return runtime_words.notes(value) if value else ""


@register.filter
def model_note(value: str | None) -> str:
    """The solar model's description as a report snapshot stored it, in the page's language."""
    return model_words.model_description(value) if value else ""


@register.filter
def weather_format(value: str | None) -> str:
    """A weather year's format code (as a report snapshot stores it) by its name."""
    from sustain.models import WeatherFormat

    return str(dict(WeatherFormat.choices).get(value or "", value or ""))
