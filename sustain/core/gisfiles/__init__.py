"""GIS files in and out with geopandas and pyogrio (GDAL): no database, no Django models.

``read`` takes files from outside (checked by ``sniff``, opened by a locked-down GDAL, see
``gdal``); ``write`` makes the downloads.
"""

from sustain.core.gisfiles.common import (
    LAYER_COLUMN,
    WGS84,
    GisFileError,
    Layer,
    LayerInfo,
    Limits,
    parse_crs,
)
from sustain.core.gisfiles.read import READ_SUFFIXES, read_layer
from sustain.core.gisfiles.write import WRITE_FORMATS, StyledLayer, write_geopackage, write_layer

__all__ = [
    "LAYER_COLUMN",
    "READ_SUFFIXES",
    "WGS84",
    "WRITE_FORMATS",
    "GisFileError",
    "Layer",
    "LayerInfo",
    "Limits",
    "StyledLayer",
    "parse_crs",
    "read_layer",
    "write_geopackage",
    "write_layer",
]
