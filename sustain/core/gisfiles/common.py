"""What the GIS file modules share: the refusal error, limits, the layer read, CRS parsing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import geopandas as gpd
from pyproj import CRS
from pyproj.exceptions import CRSError

WGS84 = "EPSG:4326"
# The synthetic column holding each feature's layer (KML folder, GeoPackage table): staff may map
# it to a field, e.g. {"kind": "@layer"} when a My Maps export has one folder per kind.
LAYER_COLUMN = "@layer"


class GisFileError(ValueError):
    """A file refused before anything was imported; the message says what and why."""


@dataclass(frozen=True)
class Limits:
    upload_bytes: int
    expanded_bytes: int


@dataclass(frozen=True)
class LayerInfo:
    """One layer of a file as listed in the dry run."""

    name: str
    features: int
    geometry_types: tuple[str, ...]
    chosen: bool


@dataclass(frozen=True)
class Layer:
    """The chosen layers of a file read into WGS 84, with what was learnt on the way."""

    frame: gpd.GeoDataFrame
    source_crs: str
    source_format: str
    layers: tuple[LayerInfo, ...] = field(default=())
    # CSV and XLSX: each row's coordinate cells as typed ({"latitude": "19.7", ...}), so refused
    # rows can be written back with every column of the original.
    coordinates: tuple[dict[str, str], ...] = field(default=())


# Only EPSG codes: PROJ strings and WKT could name grid files or network resources.
EPSG_CODE = re.compile(r"(?:EPSG:)?([0-9]{4,6})", re.IGNORECASE)


def parse_crs(text: str | int | None) -> CRS | None:
    """An EPSG code (``32647`` or ``EPSG:32647``) as a CRS; anything else is refused."""
    if text in (None, ""):
        return None
    code = EPSG_CODE.fullmatch(str(text).strip())
    if code is None:
        raise GisFileError(
            f"crs: {text!r} is not an EPSG code (give one such as 32647 for UTM zone 47N)"
        )
    try:
        return CRS.from_epsg(int(code.group(1)))
    except (CRSError, ValueError):
        raise GisFileError(
            f"crs: {text!r} is not a coordinate system (give an EPSG code such as 32647)"
        ) from None


_PATH = re.compile(r"(?:[A-Za-z]:)?(?:[/\\][^\s/\\'\"():,;]+){2,}[/\\]?")


def scrub_paths(message: str) -> str:
    """A reader's message without any server path (staff see it; paths are nobody's business)."""
    return _PATH.sub(lambda m: "…" if re.search(r"[A-Za-z]", m.group()) else m.group(), message)
