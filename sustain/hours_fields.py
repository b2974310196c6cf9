"""Opening hours and collection times in forms: typed in Thai or OSM, or built with a small editor;
errors say in the page's language what is wrong (``sustain.core.hours`` reads the text)."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from sustain.core.hours import HoursProblem, Problem, normalise, parses, problem

EXAMPLE = "จ-ศ 8.30-16.30 · เสาร์ที่ 1 และ 3 9.00-12.00 · Mo-Fr 08:30-16:30"

MESSAGES = {
    Problem.UNKNOWN_WORD: _("“%(text)s” is not a day, a time or a holiday word this form knows."),
    Problem.BAD_TIME: _("%(text)s is not a time of day (hours 0–24, minutes 0–59)."),
    Problem.NO_TIME: _("Give the times as well as the days."),
    Problem.HALF_RANGE: _("The time %(text)s needs both a start and an end, e.g. 8.30-16.30."),
    Problem.BRACKET: _(
        "Week numbers go between two brackets, e.g. Sa[1,3] for the 1st and 3rd Saturday."
    ),
    Problem.SYNTAX: _("The days and times could not be read."),
}


def hours_error(value: str, found: HoursProblem) -> ValidationError:
    """What is wrong with ``value``, in words, with an example of what works."""
    return ValidationError(
        _("“%(value)s”: %(problem)s Write for example %(example)s."),
        code="opening_hours",
        params={
            "value": value,
            "problem": MESSAGES[found.problem] % {"text": found.text},
            "example": EXAMPLE,
        },
    )


def check_hours(value: str, *, points: bool = False) -> None:
    """Raise a ValidationError in words when ``value`` cannot be read as OSM hours."""
    found = problem(value, points=points)
    if found is not None:
        raise hours_error(value, found)


def check_osm(value: str, *, points: bool = False) -> None:
    """For the model and the API, which store the value as given: it must be OSM syntax already.
    Thai that reads well is refused with the OSM value to send instead."""
    if not value or parses(value, points=points):
        return
    osm = normalise(value, points=points)
    if parses(osm, points=points):
        raise ValidationError(
            _("“%(value)s” must be given in OpenStreetMap syntax: %(osm)s."),
            code="opening_hours",
            params={"value": value, "osm": osm},
        )
    found = problem(value, points=points)
    raise hours_error(value, found or HoursProblem(Problem.SYNTAX))


class HoursEditorWidget(forms.TextInput):
    """The text box, and below it days, times, "1st and 3rd Saturday" and public holidays that
    write the OSM value into it (static/js/staff-forms.js)."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        box = super().render(name, value, attrs, renderer)
        editor = render_to_string(
            "sustain/forms/hours_editor.html", {"for": (attrs or {}).get("id", f"id_{name}")}
        )
        return mark_safe(box + editor)


class OpeningHoursField(forms.CharField):
    """Stores the OSM value: ``จ-ศ 8.30-16.30`` is saved as ``Mo-Fr 08:30-16:30``."""

    widget = HoursEditorWidget

    def __init__(self, *, points: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 255)
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            _("Type e.g. จ-ศ 8.30-16.30 (Thai or OpenStreetMap), or use the editor below."),
        )
        super().__init__(**kwargs)
        self.points = points

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        if not text:
            return ""
        check_hours(text, points=self.points)
        return normalise(text, points=self.points)
