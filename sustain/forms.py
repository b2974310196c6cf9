"""Form fields shared by the staff pages: dates typed and shown in the Buddhist era in Thai."""

import datetime as dt
from typing import Any

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from sustain.thaidates import parse_date_either_era


class EraDateInput(forms.DateInput):
    """Shows dd/mm/yyyy with a BE year when the page is in Thai, a CE year otherwise."""

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dt.date):
            year = value.year + 543 if translation.get_language() == "th" else value.year
            return f"{value.day:02d}/{value.month:02d}/{year}"
        return super().format_value(value)


class EraDateField(forms.DateField):
    """Accepts dd/mm/yyyy or yyyy-mm-dd, the year in BE (2400 and up) or CE."""

    widget = EraDateInput

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return parse_date_either_era(str(value))
        except ValueError:
            raise ValidationError(
                _("Enter a date as day/month/year, e.g. 01/10/2567 (BE) or 01/10/2024 (CE)."),
                code="invalid",
            ) from None


class AdminEraDateWidget(EraDateInput, AdminDateWidget):
    """The admin's calendar widget showing BE years on Thai pages (a picked CE date is accepted)."""
