"""How the map draws sites, shared by the pages and the styled GeoPackage: one letter per waste
point kind, each OpenStreetMap material's label and bin colour, a point's colour."""

from django.utils import translation
from django.utils.translation import gettext_lazy

from sustain.models import Material, WastePointKind
from sustain.models.waste import STREAM_BIN_COLOUR, WasteStream

NO_STREAM_COLOUR = "#607d8b"  # a point whose materials have no stream (as the map scripts)
SOLAR_COLOUR = "#b39ddb"
VILLAGE_OUTLINE = "#2e7d32"

KIND_LETTERS = {
    WastePointKind.DROP_OFF_BIN: "B",
    WastePointKind.WASTE_BANK: "W",
    WastePointKind.COMPOST_POINT: "C",
    WastePointKind.HAZARDOUS_BIN: "H",
    WastePointKind.E_WASTE_POINT: "E",
    WastePointKind.SORTING_STATION: "S",
}
# OpenStreetMap names no stored material maps to (the others take the material's own name),
# with the MoI B.E. 2560 stream whose bin colour they show.
EXTRA_OSM_LABELS = {
    "aerosol_cans": (gettext_lazy("aerosol cans"), WasteStream.HAZARDOUS),
    "aluminium": (gettext_lazy("aluminium"), WasteStream.RECYCLABLE),
    "bags": (gettext_lazy("bags"), WasteStream.RECYCLABLE),
    "beverage_cartons": (gettext_lazy("beverage cartons"), WasteStream.RECYCLABLE),
    "books": (gettext_lazy("books"), WasteStream.RECYCLABLE),
    "car_batteries": (gettext_lazy("car batteries"), WasteStream.HAZARDOUS),
    "cartons": (gettext_lazy("cartons"), WasteStream.RECYCLABLE),
    "cds": (gettext_lazy("CDs and DVDs"), WasteStream.RECYCLABLE),
    "clothes": (gettext_lazy("clothes"), WasteStream.RECYCLABLE),
    "computers": (gettext_lazy("computers"), WasteStream.RECYCLABLE),
    "cooking_oil": (gettext_lazy("cooking oil"), WasteStream.HAZARDOUS),
    "drugs": (gettext_lazy("expired medicines"), WasteStream.HAZARDOUS),
    "electrical_appliances": (gettext_lazy("electrical appliances"), WasteStream.RECYCLABLE),
    "engine_oil": (gettext_lazy("used engine oil"), WasteStream.HAZARDOUS),
    "fluorescent_tubes": (gettext_lazy("fluorescent tubes"), WasteStream.HAZARDOUS),
    "glass": (gettext_lazy("glass"), WasteStream.RECYCLABLE),
    "magazines": (gettext_lazy("magazines"), WasteStream.RECYCLABLE),
    "metal": (gettext_lazy("metal"), WasteStream.RECYCLABLE),
    "mobile_phones": (gettext_lazy("mobile phones"), WasteStream.HAZARDOUS),
    "newspaper": (gettext_lazy("newspaper"), WasteStream.RECYCLABLE),
    "organic": (gettext_lazy("organic waste"), WasteStream.ORGANIC),
    "paint": (gettext_lazy("paint and its cans"), WasteStream.HAZARDOUS),
    "paper_packaging": (gettext_lazy("paper packaging"), WasteStream.RECYCLABLE),
    "PET": (gettext_lazy("PET plastic"), WasteStream.RECYCLABLE),
    "plastic_bags": (gettext_lazy("plastic bags"), WasteStream.RECYCLABLE),
    "printer_cartridges": (gettext_lazy("printer cartridges"), WasteStream.HAZARDOUS),
    "shoes": (gettext_lazy("shoes"), WasteStream.RECYCLABLE),
    "small_appliances": (gettext_lazy("small appliances"), WasteStream.RECYCLABLE),
    "styrofoam": (gettext_lazy("foam (polystyrene)"), WasteStream.GENERAL),
    "tyres": (gettext_lazy("tyres"), WasteStream.RECYCLABLE),
    "white_goods": (gettext_lazy("large appliances"), WasteStream.RECYCLABLE),
    "wood": (gettext_lazy("wood"), WasteStream.GENERAL),
}


def material_styles() -> dict[str, dict[str, str]]:
    english = translation.get_language() == "en"
    labels: dict[str, dict[str, str]] = {}
    for material in Material.objects.exclude(osm_recycling="").order_by("stream", "code"):
        labels.setdefault(
            material.osm_recycling,
            {
                "label": material.name_en if english else material.name_th,
                "colour": STREAM_BIN_COLOUR[WasteStream(material.stream)],
            },
        )
    for osm, (label, stream) in EXTRA_OSM_LABELS.items():
        labels.setdefault(osm, {"label": str(label), "colour": STREAM_BIN_COLOUR[stream]})
    return labels


def point_colour(materials: list[str], styles: dict[str, dict[str, str]]) -> str:
    """The bin colour of the stream most of a point's materials belong to (ties: the first);
    the same rule as the map's markers (streamColour in static/js/sitefeature.js)."""
    counts: dict[str, int] = {}
    for name in materials:
        if name in styles:
            colour = styles[name]["colour"]
            counts[colour] = counts.get(colour, 0) + 1
    best, most = NO_STREAM_COLOUR, 0
    for colour, count in counts.items():
        if count > most:
            best, most = colour, count
    return best
