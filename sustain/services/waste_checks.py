"""Checks before a waste-bank session is saved: materials the point does not accept, and general
or hazardous waste recorded as sold (both allowed, but only when staff confirm)."""

from collections.abc import Iterable

from sustain.models import Destination, Material, WastePoint, WasteStream

# Streams no recycler buys: "sold" for them is almost always the wrong destination.
NOT_SOLD_STREAMS = frozenset({WasteStream.GENERAL, WasteStream.HAZARDOUS})


def point_accepts(*, point: WastePoint, material: Material) -> bool:
    """Whether the point lists the material (a point listing nothing, or a material without an
    OpenStreetMap name, cannot be checked and counts as accepted)."""
    if not point.accepted_materials or not material.osm_recycling:
        return True
    return material.osm_recycling in point.accepted_materials


def accepted_codes(*, point: WastePoint, materials: Iterable[Material]) -> list[str]:
    return [m.code for m in materials if point_accepts(point=point, material=m)]


def sold_but_not_recyclable(*, destination: str, materials: Iterable[Material]) -> list[Material]:
    """The general or hazardous materials of a session recorded as sold."""
    if destination != Destination.SOLD:
        return []
    return [m for m in materials if m.stream in NOT_SOLD_STREAMS]
