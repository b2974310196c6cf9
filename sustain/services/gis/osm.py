"""OpenStreetMap tags in and out: waste points as ``amenity=recycling`` features.

Reading (an overpass-turbo export, or our own ``format=osm``) maps each feature's tags to one of
our kinds with ``KIND_RULES`` (first match wins) and its ``recycling:*=yes`` tags to our
materials; a tag we do not know is a warning on its row, never a silent loss. Writing gives
exactly the OSM tags a point has (no empty ones). A round trip changes nothing: a re-import
keeps a point's kind when the tags allow it (``compatible_kinds``), and materials compare as sets.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import translation

from sustain.models import WastePoint, WastePointKind
from sustain.models.waste import OSM_RECYCLING_MATERIALS
from sustain.services.gis.targets import blank

OSM_ID = re.compile(r"^(node|way|relation)/[1-9][0-9]{0,14}$")
ID_COLUMNS = ("@id", "id")
TAG_COLUMNS = ("amenity", "recycling_type", "shop", "waste", "hazardous")

# recycling:<key> used in OSM for a material we keep under another name.
MATERIAL_ALIASES = {
    "tetrapak": "beverage_cartons",
    "tetra_pak": "beverage_cartons",
    "polystyrene": "styrofoam",
    "polystyrene_foam": "styrofoam",
    "newspapers": "newspaper",
    "plastic_bag": "plastic_bags",
    "textiles": "clothes",
    "electronics": "electrical_items",
    "light_bulbs": "low_energy_bulbs",
}
E_WASTE = {"electrical_items", "electrical_appliances", "computers", "mobile_phones",
           "small_appliances", "white_goods", "printer_cartridges", "cds"}  # fmt: skip
HAZARDOUS = {"hazardous_waste", "batteries", "car_batteries", "low_energy_bulbs",
             "fluorescent_tubes", "drugs", "paint", "aerosol_cans", "engine_oil"}  # fmt: skip
ORGANIC = {"organic", "food_waste", "green_waste"}
WASTE_BANK_WORDS = ("ธนาคารขยะ", "waste bank", "bank sampah")

Tags = dict[str, str]


def _says_waste_bank(tags: Tags) -> bool:
    text = f"{tags.get('name', '')} {tags.get('operator', '')}".lower()
    return "shop" in tags or any(word in text for word in WASTE_BANK_WORDS)


def _hazardous(tags: Tags) -> bool:
    return (
        tags.get("recycling:hazardous_waste") == "yes"
        or "hazardous" in tags.get("waste", "")
        or tags.get("hazardous") == "yes"
    )


def _only(materials: list[str], group: set[str]) -> bool:
    return bool(materials) and set(materials) <= group


Rule = tuple[str, Callable[[Tags, list[str]], bool], str | None]

# (condition as the README shows it, test, our kind or None = refused). First match wins.
KIND_RULES: list[Rule] = [
    ("amenity=waste_disposal + hazardous tags (waste=hazardous, recycling:hazardous_waste=yes)",
     lambda t, m: t.get("amenity") == "waste_disposal" and _hazardous(t),
     WastePointKind.HAZARDOUS_BIN),
    ("amenity=waste_disposal, waste_basket (a rubbish bin, not a sorting point)",
     lambda t, m: t.get("amenity") in ("waste_disposal", "waste_basket"), None),
    ("amenity=recycling + hazardous tags", lambda t, m: t.get("amenity") == "recycling"
     and _hazardous(t), WastePointKind.HAZARDOUS_BIN),
    ("amenity=recycling + recycling_type=centre + shop=*, or name/operator says waste bank "
     "(ธนาคารขยะ)", lambda t, m: t.get("amenity") == "recycling"
     and t.get("recycling_type") == "centre" and _says_waste_bank(t), WastePointKind.WASTE_BANK),
    ("amenity=recycling accepting only e-waste (electrical_items, computers, mobile_phones …)",
     lambda t, m: t.get("amenity") == "recycling" and _only(m, E_WASTE),
     WastePointKind.E_WASTE_POINT),
    ("amenity=recycling accepting only hazardous household waste (batteries, bulbs, paint …)",
     lambda t, m: t.get("amenity") == "recycling" and _only(m, HAZARDOUS),
     WastePointKind.HAZARDOUS_BIN),
    ("amenity=recycling accepting only organic waste (organic, food_waste, green_waste)",
     lambda t, m: t.get("amenity") == "recycling" and _only(m, ORGANIC),
     WastePointKind.COMPOST_POINT),
    ("amenity=recycling + recycling_type=centre", lambda t, m: t.get("amenity") == "recycling"
     and t.get("recycling_type") == "centre", WastePointKind.SORTING_STATION),
    ("amenity=recycling + recycling_type=container (or no recycling_type)",
     lambda t, m: t.get("amenity") == "recycling", WastePointKind.DROP_OFF_BIN),
]  # fmt: skip

# What each kind is written as. A container is something people drop things into; a centre is
# a place where material is handed over (OSM wiki, Key:recycling_type).
KIND_TAGS: dict[str, Tags] = {
    WastePointKind.DROP_OFF_BIN: {"amenity": "recycling", "recycling_type": "container"},
    WastePointKind.COMPOST_POINT: {"amenity": "recycling", "recycling_type": "container"},
    WastePointKind.HAZARDOUS_BIN: {"amenity": "recycling", "recycling_type": "container"},
    WastePointKind.WASTE_BANK: {"amenity": "recycling", "recycling_type": "centre"},
    WastePointKind.SORTING_STATION: {"amenity": "recycling", "recycling_type": "centre"},
    WastePointKind.E_WASTE_POINT: {"amenity": "recycling", "recycling_type": "centre"},
}


def osm_tags(point: WastePoint) -> Tags:
    """The point's OpenStreetMap tags: only those it has (no empty or null tag)."""
    tags = {**KIND_TAGS[point.kind], "name": point.name}
    tags.update({f"recycling:{material}": "yes" for material in sorted(point.accepted_materials)})
    for key in ("opening_hours", "collection_times", "operator", "ref"):
        if value := getattr(point, key):
            tags[key] = value
    if point.last_verified_on:
        tags["check_date"] = point.last_verified_on.isoformat()
    if point.osm_id:
        tags["@id"] = point.osm_id
    return {key: value for key, value in tags.items() if value not in ("", None)}


def unnamed(kind: str, reference: str | None) -> str:
    """A name for an OSM feature without one (most containers have none): the kind in the
    site's language and the OSM id (or ref), so residents and staff can tell them apart."""
    with translation.override(settings.LANGUAGE_CODE):
        label = str(WastePointKind(kind).label)
    return f"{label} {reference}" if reference else label


def _text(value: Any) -> str:
    if blank(value):
        return ""
    if hasattr(value, "date") and hasattr(value, "hour"):  # a date GDAL read as a timestamp
        return str(value.date().isoformat())
    return str(value).strip()


def is_osm_table(columns: Iterable[str]) -> bool:
    return any(c in ("amenity", "recycling_type") or c.startswith("recycling:") for c in columns)


def used_columns(columns: Iterable[str]) -> set[str]:
    """The columns the OSM reading uses (so the dry run does not list them as not imported)."""
    return {c for c in columns if c in TAG_COLUMNS or c in ID_COLUMNS or c.startswith("recycling:")}


@dataclass
class OsmReading:
    kind: str | None = None  # None: the row needs a kind from a mapped column
    rule: str = ""
    compatible_kinds: tuple[str, ...] = ()  # kinds written with the same type tags
    materials: list[str] = field(default_factory=list)
    osm_id: str = ""
    warnings: list[str] = field(default_factory=list)
    error: str = ""


def osm_read(record: dict[str, Any]) -> OsmReading:
    """One feature's tags as our kind, materials and OSM id, with what was not understood."""
    tags = {str(k): _text(v) for k, v in record.items() if _text(v)}
    reading = OsmReading()
    for column in ID_COLUMNS:
        if OSM_ID.match(tags.get(column, "")):
            reading.osm_id = tags[column]
            break
    accepted: set[str] = set()
    for key, value in tags.items():
        if not key.startswith("recycling:"):
            continue
        name = key.split(":", 1)[1]
        ours = name if name in OSM_RECYCLING_MATERIALS else MATERIAL_ALIASES.get(name)
        if ours is None:
            reading.warnings.append(f"{key}={value}: not recognised (not imported)")
        elif value.lower() == "yes":
            accepted.add(ours)
        elif value.lower() != "no":
            reading.warnings.append(f"{key}={value}: only yes or no is understood")
    reading.materials = sorted(accepted)
    if "amenity" not in tags:
        if "recycling_type" not in tags and not accepted:
            return reading
        tags["amenity"] = "recycling"  # implied by recycling_type or recycling:* tags
    if tags.get("recycling_type", "container") not in ("container", "centre"):
        reading.warnings.append(
            f"recycling_type={tags['recycling_type']}: not container or centre (read as container)"
        )
        tags["recycling_type"] = "container"
    for rule, test, kind in KIND_RULES:
        if test(tags, reading.materials):
            if kind is None:
                reading.error = f"amenity={tags.get('amenity')} is {rule.split('(', 1)[-1][:-1]}"
                return reading
            reading.kind, reading.rule = str(kind), rule
            type_tags = {k: tags.get(k, "container") for k in ("amenity", "recycling_type")}
            reading.compatible_kinds = tuple(
                k
                for k, written in KIND_TAGS.items()
                if tags.get("amenity") == "recycling" and written == type_tags
            )
            return reading
    reading.error = f"amenity={tags.get('amenity', '')} is not a recycling point"
    return reading
