"""Waste-point fields for the staff map and the admin: accepted materials as checkboxes grouped by
waste stream with the bin colours, and the opening-hours / collection-times editor."""

from typing import Any

from django import forms

from sustain.models import STREAM_BIN_COLOUR, WasteStream
from sustain.services.gis.map_style import material_styles


class StreamGroup(str):
    """A group label that also knows its bin colour (for the checkbox template)."""

    colour: str

    def __new__(cls, label: str, colour: str) -> "StreamGroup":
        group = super().__new__(cls, label)
        group.colour = colour
        return group


def material_groups() -> list[tuple[StreamGroup, list[tuple[str, str]]]]:
    """The OpenStreetMap materials by stream (MoI B.E. 2560 order), in the page's language."""
    by_colour: dict[str, list[tuple[str, str]]] = {}
    for osm, style in sorted(material_styles().items(), key=lambda item: item[1]["label"]):
        by_colour.setdefault(style["colour"], []).append((osm, style["label"]))
    return [
        (StreamGroup(str(label), STREAM_BIN_COLOUR[WasteStream(value)]), choices)
        for value, label in WasteStream.choices
        if (choices := by_colour.get(STREAM_BIN_COLOUR[WasteStream(value)]))
    ]


class MaterialsWidget(forms.CheckboxSelectMultiple):
    template_name = "sustain/forms/materials.html"


class MaterialsField(forms.MultipleChoiceField):
    widget = MaterialsWidget

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(choices=material_groups, **kwargs)
