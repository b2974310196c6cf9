"""Form fields shared by the staff pages: dates typed and shown in the Buddhist era in Thai."""

import datetime as dt
from typing import Any

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from sustain.core.thaidates import be_year, parse_date_either_era
from sustain.core.weather import FORMATS
from sustain.hours_fields import OpeningHoursField
from sustain.models import BuildingType, MeterReading, WastePointKind, WeatherFormat
from sustain.number_fields import LocalDecimalField, LocalFloatField, localise_model_form
from sustain.waste_point_forms import MaterialsField

WEATHER_UPLOAD_MAX_MIB = 20


def add_record_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a record's validation errors beside the form's fields (or above it for the others)."""
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class EraDateInput(forms.DateInput):
    """Shows dd/mm/yyyy with a BE year when the page is in Thai, a CE year otherwise."""

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dt.date):
            year = be_year(value.year) if translation.get_language() == "th" else value.year
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
    """The admin's calendar widget showing BE years on Thai pages (a picked CE date is accepted);
    its calendar and *Today* write BE years too (``static/js/admin-era-calendar.js``)."""

    class Media:
        # After Django's calendar scripts (the order of this list is kept when media merge).
        js = [
            "admin/js/calendar.js",
            "admin/js/admin/DateTimeShortcuts.js",
            "js/admin-era-calendar.js",
        ]


class MeterReadingForm(forms.ModelForm):
    period_start = EraDateField(label=_("period start"))
    period_end = EraDateField(label=_("period end"))

    class Meta:
        model = MeterReading
        fields = ["period_start", "period_end", "energy_kwh", "meter_register_kwh"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        localise_model_form(self)


class WeatherUploadForm(forms.Form):
    file = forms.FileField(label=_("weather file"))
    source_format = forms.ChoiceField(
        label=_("format"),
        choices=[("auto", _("detect from the file"))]
        + [(f, dict(WeatherFormat.choices).get(f, f.upper())) for f in FORMATS],
        initial="auto",
    )
    name = forms.CharField(label=_("name"), max_length=200, required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > WEATHER_UPLOAD_MAX_MIB * 1024 * 1024:
            raise ValidationError(
                _("The file is %(size).1f MiB; the limit is %(limit)d MiB."),
                code="too_large",
                params={"size": upload.size / 1024 / 1024, "limit": WEATHER_UPLOAD_MAX_MIB},
            )
        return upload


class MonthlyWeatherForm(forms.Form):
    """12 mean daily GHI values [kWh/m²/day] and 12 mean air temperatures [°C]."""

    name = forms.CharField(label=_("name"), max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for m in range(1, 13):
            self.fields[f"ghi_{m:02d}"] = LocalFloatField(
                label=_("GHI month %(m)d") % {"m": m}, min_value=0.01, max_value=12
            )
            self.fields[f"temp_{m:02d}"] = LocalFloatField(
                label=_("air temperature month %(m)d") % {"m": m}, min_value=-30, max_value=50
            )


class SiteForm(forms.Form):
    """A new site placed on the staff map (a waste point or a solar installation), or a site moved.

    Accepted materials are checkboxes grouped by waste stream; opening hours may be typed in Thai.
    """

    site_type = forms.ChoiceField(
        label=_("what"),
        choices=[
            ("waste_point", _("waste point")),
            ("installation", _("solar installation")),
        ],
    )
    move = forms.RegexField(
        regex=r"^(waste_point|installation):\d{1,10}$", required=False, widget=forms.HiddenInput
    )
    name = forms.CharField(label=_("name"), max_length=200, required=False)
    latitude = LocalFloatField(label=_("latitude"))
    longitude = LocalFloatField(label=_("longitude"))
    kind = forms.ChoiceField(label=_("kind"), choices=WastePointKind.choices, required=False)
    accepted_materials = MaterialsField(label=_("accepted materials"))
    opening_hours = OpeningHoursField(label=_("opening hours"))
    building_type = forms.ChoiceField(
        label=_("building type"), choices=BuildingType.choices, required=False
    )
    capacity_kwp = LocalDecimalField(
        label=_("capacity (kWp)"), required=False, max_digits=9, decimal_places=3
    )
    tilt_deg = LocalFloatField(label=_("tilt (°)"), required=False)
    azimuth_deg = LocalFloatField(label=_("azimuth (°)"), required=False, initial=180)
    commissioned_on = EraDateField(label=_("commissioned on"), required=False)
    confirm_location = forms.BooleanField(label=_("Yes, this location is correct"), required=False)

    # The fields each site type uses (the page shows only those; the others are ignored).
    TYPE_FIELDS = {
        "waste_point": ("kind", "accepted_materials", "opening_hours"),
        "installation": (
            "building_type", "capacity_kwp", "tilt_deg", "azimuth_deg", "commissioned_on",
        ),
    }  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = data.get("site_type")
        for site_type, names in self.TYPE_FIELDS.items():
            if chosen and site_type != chosen:
                for name in names:
                    self.errors.pop(name, None)
                    data[name] = self.fields[name].initial if name == "azimuth_deg" else None
        return data
