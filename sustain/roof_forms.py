"""Forms of the "solar on my roof" page and the staff's roof candidates."""

import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sustain.models import BuildingType, RoofCandidate, Village
from sustain.number_fields import LocalFloatField, localise_model_form
from sustain.services.solar.roof_estimates import SCHEDULE_AUTO, RoofQuestion
from sustain.services.solar.roofprofiles import DIRECTIONS_DEG, PITCH_TILT_DEG
from sustain.validators import RangeValidator

AREA_M2 = (5, 1_000)
KWP = (0.5, 50)
BILL_THB = (50, 50_000)
USE_KWH = (10, 10_000)
# The calculation may carry the home's area to 0.01° (about 1.1 km), never finer.
CELL = re.compile(r"^\s*(-?\d{1,2}\.\d{1,2})\s*,\s*(-?\d{1,3}\.\d{1,2})\s*$")
PHONE = re.compile(r"^(?:\+66|0)\d{8,9}$")

DIRECTION_CHOICES = [
    ("N", gettext_lazy("north")),
    ("NE", gettext_lazy("north-east")),
    ("E", gettext_lazy("east (morning sun)")),
    ("SE", gettext_lazy("south-east")),
    ("S", gettext_lazy("south")),
    ("SW", gettext_lazy("south-west")),
    ("W", gettext_lazy("west (afternoon sun)")),
    ("NW", gettext_lazy("north-west")),
]
PITCH_CHOICES = [
    ("flat", gettext_lazy("flat")),
    ("gentle", gettext_lazy("gentle")),
    ("steep", gettext_lazy("steep")),
]
SIZE_CHOICES = [
    ("area", gettext_lazy("usable roof area (m²)")),
    ("kwp", gettext_lazy("system size (kWp)")),
    ("bill", gettext_lazy("size it for my bill")),
]
USE_CHOICES = [
    ("bill", gettext_lazy("monthly bill (baht)")),
    ("kwh", gettext_lazy("kWh from the bill")),
]
SCHEDULE_CHOICES = [
    (SCHEDULE_AUTO, gettext_lazy("not sure")),
    ("1.1", gettext_lazy("1.1 (up to 150 kWh a month)")),
    ("1.2", gettext_lazy("1.2 (above 150 kWh a month)")),
]
TIME_CHOICES = [
    ("daytime", gettext_lazy("mostly daytime")),
    ("evening", gettext_lazy("mostly evenings")),
    ("both", gettext_lazy("both")),
]


def _range(label: Any, bounds: tuple[float, float], unit: Any) -> RangeValidator:
    return RangeValidator(field_label=label, low=bounds[0], high=bounds[1], unit=unit)


class RoofForm(forms.Form):
    """The resident's answers; the calculation needs nothing else (not the home's location)."""

    direction = forms.ChoiceField(label=gettext_lazy("roof faces"), choices=DIRECTION_CHOICES)
    pitch = forms.ChoiceField(label=gettext_lazy("roof pitch"), choices=PITCH_CHOICES)
    size_mode = forms.ChoiceField(label=gettext_lazy("size from"), choices=SIZE_CHOICES)
    area_m2 = LocalFloatField(
        label=gettext_lazy("usable roof area (m²)"),
        required=False,
        validators=[_range(gettext_lazy("Roof area"), AREA_M2, "m²")],
    )
    kwp = LocalFloatField(
        label=gettext_lazy("system size (kWp)"),
        required=False,
        validators=[_range(gettext_lazy("System size"), KWP, "kWp")],
    )
    use_mode = forms.ChoiceField(label=gettext_lazy("electricity use from"), choices=USE_CHOICES)
    bill_thb = LocalFloatField(
        label=gettext_lazy("monthly bill (baht)"),
        required=False,
        validators=[_range(gettext_lazy("Monthly bill"), BILL_THB, gettext_lazy("baht"))],
    )
    kwh_month = LocalFloatField(
        label=gettext_lazy("kWh a month"),
        required=False,
        validators=[_range(gettext_lazy("Monthly use"), USE_KWH, "kWh")],
    )
    schedule = forms.ChoiceField(
        label=gettext_lazy("tariff"), choices=SCHEDULE_CHOICES, initial=SCHEDULE_AUTO
    )
    use_time = forms.ChoiceField(
        label=gettext_lazy("when the house uses power"), choices=TIME_CHOICES
    )
    cell = forms.CharField(label=gettext_lazy("area of the home"), required=False, max_length=20)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Django's own messages ("Enter a number.") do not say which field: name it.
        for field in self.fields.values():
            for code in ("invalid", "invalid_choice", "required"):
                if code in field.error_messages:
                    field.error_messages[code] = format_lazy(
                        "{}: {}", capfirst(field.label), field.error_messages[code]
                    )

    def clean_cell(self) -> tuple[float, float] | None:
        text = self.cleaned_data.get("cell") or ""
        if not text:
            return None
        match = CELL.match(text)
        if match is None:
            raise ValidationError(
                _("The area of the home is sent to 0.01° only, e.g. 19.72,100.18."),
                code="cell_format",
            )
        return float(match.group(1)), float(match.group(2))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        required = {
            ("size_mode", "area"): ("area_m2", _("Give the usable roof area in m².")),
            ("size_mode", "kwp"): ("kwp", _("Give the system size in kWp.")),
            ("use_mode", "bill"): ("bill_thb", _("Give the monthly bill in baht.")),
            ("use_mode", "kwh"): ("kwh_month", _("Give the kWh a month from the bill.")),
        }
        for (mode, value), (name, message) in required.items():
            if data.get(mode) == value and data.get(name) is None and name not in self.errors:
                self.add_error(name, ValidationError(message, code="required"))
        return data

    def question(self, *, buyback_eligible: bool = True) -> RoofQuestion:
        data = self.cleaned_data
        return RoofQuestion(
            tilt_deg=PITCH_TILT_DEG[data["pitch"]],
            azimuth_deg=DIRECTIONS_DEG[data["direction"]],
            load_shape=data["use_time"],
            capacity_kwp=data["kwp"] if data["size_mode"] == "kwp" else None,
            roof_area_m2=data["area_m2"] if data["size_mode"] == "area" else None,
            monthly_use_kwh=data["kwh_month"] if data["use_mode"] == "kwh" else None,
            monthly_bill_thb=data["bill_thb"] if data["use_mode"] == "bill" else None,
            schedule=data["schedule"],
            buyback_eligible=buyback_eligible,
        )

    def inputs(self) -> dict[str, Any]:
        """The answers as the lead keeps them (and the roof as an installation needs it)."""
        data = self.cleaned_data
        kept = {k: data[k] for k in RoofForm.base_fields if k != "cell" and data.get(k) is not None}
        kept["tilt_deg"] = PITCH_TILT_DEG[data["pitch"]]
        kept["azimuth_deg"] = DIRECTIONS_DEG[data["direction"]]
        return kept


def consent_sentence() -> str:
    """What the resident agrees to (PDPA: the purpose, who sees it, how long it is kept)."""
    return _(
        "I agree that the municipality keeps my name, phone number, village, the location of my "
        "house and this estimate in order to contact me with advice on rooftop solar. Only "
        "authorised staff see them, they are not published or shared, and they are deleted "
        "after %(days)s days, or sooner if I ask."
    ) % {"days": settings.LEAD_RETENTION_DAYS}


class AdviceForm(RoofForm):
    """A request for advice: the answers again (the estimate is recomputed), who and where."""

    name = forms.CharField(label=gettext_lazy("your name"), max_length=200)
    phone = forms.CharField(label=gettext_lazy("phone"), max_length=32)
    village = forms.ModelChoiceField(
        label=gettext_lazy("village"),
        queryset=Village.objects.all(),
        required=False,
        empty_label=gettext_lazy("not sure"),
    )
    latitude = LocalFloatField(label=gettext_lazy("latitude"), min_value=-90, max_value=90)
    longitude = LocalFloatField(label=gettext_lazy("longitude"), min_value=-180, max_value=180)
    consent = forms.BooleanField(
        label=gettext_lazy("consent"),
        error_messages={"required": gettext_lazy("Tick the consent to send your request.")},
    )
    request_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["latitude"].error_messages["required"] = _("Place your house on the map first.")
        self.fields["longitude"].error_messages["required"] = _(
            "Place your house on the map first."
        )

    def clean_phone(self) -> str:
        phone = re.sub(r"[\s\-().]", "", self.cleaned_data["phone"])
        if not PHONE.match(phone):
            raise ValidationError(
                _("Phone: a Thai number of 9 or 10 digits starting with 0, e.g. 081-234-5678."),
                code="phone_format",
            )
        return phone

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if "\x00" in name or not name:
            raise ValidationError(_("Give your name."), code="required")
        return name


class CandidateForm(forms.ModelForm):
    """Staff add a roof to assess: a registered building (planned installation) or any site."""

    class Meta:
        model = RoofCandidate
        fields = [
            "installation", "name", "building_type", "village", "latitude", "longitude",
            "roof_area_m2", "tilt_deg", "azimuth_deg", "monthly_use_kwh", "tariff_schedule",
        ]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from sustain.services.solar.potential import planned_public_buildings

        installation = self.fields["installation"]
        assert isinstance(installation, forms.ModelChoiceField)
        installation.queryset = planned_public_buildings()
        self.fields["name"].required = False
        building_type = self.fields["building_type"]
        assert isinstance(building_type, forms.ChoiceField)
        building_type.choices = [c for c in BuildingType.choices if c[0] != BuildingType.HOUSEHOLD]
        self.fields["monthly_use_kwh"].required = True
        localise_model_form(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        installation = data.get("installation")
        if installation is not None and not data.get("name"):
            data["name"] = installation.name
            self.instance.name = installation.name
        if not data.get("name"):
            self.add_error("name", _("Give the building a name."))
        return data
