"""Number form fields that read what staff type with ``sustain.core.numbers`` (``12,5`` is 12.5).

A text box (``inputmode="decimal"``) rather than ``<input type=number>``: the browser's number
box silently empties a value with a comma, so the server would never see it.
"""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sustain.core.numbers import NumberError, Problem, parse_decimal

MESSAGES = {
    Problem.NOT_A_NUMBER: _("“%(text)s” is not a number."),
    Problem.GROUPING: _(
        "“%(text)s” is unclear: write the decimals after a point or a comma (12.5 or 12,5) "
        "and thousands in groups of three (1,250)."
    ),
    Problem.EMPTY: _("Enter a number."),
}


def number_error(error: NumberError) -> ValidationError:
    """The message for a number that could not be read, naming what was typed."""
    return ValidationError(
        MESSAGES[error.problem], code=f"number_{error.problem.value}", params={"text": error.text}
    )


class NumberInput(forms.TextInput):
    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return super().format_value(value)


def _read(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    if isinstance(value, (Decimal, int, float)):
        return Decimal(str(value))
    if not str(value).strip():
        return None
    try:
        return parse_decimal(str(value))
    except NumberError as error:
        raise number_error(error) from None


class LocalDecimalField(forms.DecimalField):
    widget = NumberInput

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        number = _read(value)
        if number is not None and not number.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {}  # no min/max/step: they belong to <input type=number>


class WholeNumberInput(NumberInput):
    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "numeric", **(attrs or {})})


class LocalIntegerField(forms.IntegerField):
    """A whole number as staff type it (``2,569`` and ``๒๕๖๙`` are 2569); ``12,5`` is refused."""

    widget = WholeNumberInput
    default_error_messages = {"invalid": _("“%(text)s” is not a whole number.")}

    def to_python(self, value: Any) -> int | None:
        number = _read(value)
        if number is None:
            return None
        if not number.is_finite() or number != number.to_integral_value():
            raise ValidationError(self.error_messages["invalid"], code="invalid",
                                  params={"text": value})  # fmt: skip
        return int(number)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {}


class LocalFloatField(forms.FloatField):
    widget = NumberInput

    def to_python(self, value: Any) -> float | None:  # type: ignore[override]
        number = _read(value)
        return None if number is None else float(number)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {}


def localise_model_form(form: forms.BaseForm) -> None:
    """Give a ModelForm's decimal, float and whole-number fields the same reading (for the
    fields Django made)."""
    for name, field in list(form.fields.items()):
        if isinstance(field, forms.DecimalField) and not isinstance(field, LocalDecimalField):
            local: forms.Field = LocalDecimalField(
                label=field.label,
                required=field.required,
                help_text=field.help_text,
                max_digits=field.max_digits,
                decimal_places=field.decimal_places,
                validators=[v for v in field.validators if not isinstance(v, DecimalValidator)],
            )
        elif isinstance(field, forms.FloatField) and not isinstance(field, LocalFloatField):
            local = LocalFloatField(
                label=field.label,
                required=field.required,
                help_text=field.help_text,
                validators=list(field.validators),
            )
        elif isinstance(field, forms.IntegerField) and not isinstance(
            field,
            (LocalIntegerField, forms.FloatField),  # Django's floats and decimals are too
        ):
            local = LocalIntegerField(
                label=field.label,
                required=field.required,
                help_text=field.help_text,
                validators=list(field.validators),
            )
        else:
            continue
        local.initial = field.initial
        local.disabled = field.disabled
        form.fields[name] = local


# For the admin's formfield_overrides: every decimal, float and whole-number box reads like
# the staff pages.
LOCAL_NUMBERS: "dict[type[models.Field[Any, Any]], dict[str, Any]]" = {
    models.DecimalField: {"form_class": LocalDecimalField},
    models.FloatField: {"form_class": LocalFloatField},
    models.IntegerField: {"form_class": LocalIntegerField, "widget": WholeNumberInput},
}
