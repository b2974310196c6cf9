"""Reading an uploaded GIS file: every layer listed, the chosen ones read into WGS 84.

Every file is first checked to be the format its name says (``sniff``), then opened only by
that format's GDAL driver (GDAL itself is locked down in ``gdal``). Messages never hold a server
path: they are shown to staff.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio
from pyproj import CRS
from shapely.geometry import Point

from sustain.core.gisfiles import gdal, sniff
from sustain.core.gisfiles.common import (
    LAYER_COLUMN,
    WGS84,
    GisFileError,
    Layer,
    LayerInfo,
    Limits,
    parse_crs,
    scrub_paths,
)

FORMATS = {".gpkg": "gpkg", ".geojson": "geojson", ".json": "geojson", ".zip": "shp",
           ".kml": "kml", ".csv": "csv", ".xlsx": "xlsx"}  # fmt: skip
READ_SUFFIXES = set(FORMATS)
DRIVERS = {"gpkg": {"GPKG"}, "geojson": {"GeoJSON"}, "shp": {"ESRI Shapefile"},
           "kml": {"LIBKML", "KML"}}  # fmt: skip
# Fields LIBKML adds to every KML layer; kept only when the file fills them in.
KML_GENERATED = ("id", "description", "timestamp", "begin", "end", "altitudeMode", "tessellate",
                 "extrude", "visibility", "drawOrder", "icon", "snippet")  # fmt: skip
KML_ALWAYS_DROPPED = {"tessellate", "extrude", "visibility"}  # LIBKML fills in its defaults

# Coordinate columns recognised in CSV and XLSX files (compared case-insensitively).
COORDINATE_PREFIX = "@coordinate:"  # such a column while the file is read, then Layer.coordinates
LATITUDE_NAMES = ("latitude", "lat", "y_wgs84", "ละติจูด")
LONGITUDE_NAMES = ("longitude", "lon", "lng", "long", "x_wgs84", "ลองจิจูด")
EASTING_NAMES = ("easting", "east", "x", "utm_e", "utm_x", "พิกัด x", "พิกัดx")
NORTHING_NAMES = ("northing", "north", "y", "utm_n", "utm_y", "พิกัด y", "พิกัดy")

_SOURCE_VALUES = sniff.source_pattern(set(pyogrio.list_drivers()))  # before harden() skips them
gdal.harden()


def _find(columns: list[str], names: tuple[str, ...]) -> str | None:
    lowered = {str(c).strip().lower(): c for c in columns}
    return next((lowered[name] for name in names if name in lowered), None)


def _points_from_table(
    table: pd.DataFrame, crs: CRS | None, *, need_geometry: bool
) -> tuple[gpd.GeoDataFrame, CRS]:
    columns = list(table.columns)
    lat, lon = _find(columns, LATITUDE_NAMES), _find(columns, LONGITUDE_NAMES)
    east, north = _find(columns, EASTING_NAMES), _find(columns, NORTHING_NAMES)
    if lat and lon:
        x, y, used = table[lon], table[lat], crs or CRS.from_user_input(WGS84)
    elif east and north:
        if crs is None:
            raise GisFileError(
                "crs: easting/northing columns need the coordinate system, e.g. 32647 for "
                "UTM zone 47N on WGS 84 or 24047 for Indian 1975 / UTM 47N"
            )
        x, y, used = table[east], table[north], crs
    elif not need_geometry:  # a table (collections, enterprises without a map point)
        return gpd.GeoDataFrame(table, geometry=[None] * len(table), crs=WGS84), CRS(WGS84)
    else:
        raise GisFileError(
            "file: no coordinate columns; give latitude and longitude, or easting and northing"
        )
    xs, ys = pd.to_numeric(x, errors="coerce"), pd.to_numeric(y, errors="coerce")
    geometry = [
        Point(a, b) if pd.notna(a) and pd.notna(b) else None for a, b in zip(xs, ys, strict=True)
    ]
    # The coordinate cells as typed stay aside (``Layer.coordinates``) for the refused-rows file.
    kept = {c: COORDINATE_PREFIX + str(c) for c in (lat, lon, east, north) if c}
    return gpd.GeoDataFrame(table.rename(columns=kept), geometry=geometry, crs=used), used


def _to_wgs84(frame: gpd.GeoDataFrame, given: CRS | None, *, tabular: bool) -> tuple[Any, str]:
    source_crs = frame.crs
    if source_crs is None:
        if given is None:
            raise GisFileError(
                "crs: the file does not say its coordinate system; give the EPSG code"
            )
        frame = frame.set_crs(given, allow_override=True)
        source_crs = given
    elif given is not None and not tabular and CRS(source_crs) != given:
        raise GisFileError(
            f"crs: the file says {CRS(source_crs).to_string()} but {given.to_string()} was given"
        )
    return frame.to_crs(WGS84), CRS(source_crs).to_string()


def _read_table(source: Path, fmt: str, given: CRS | None, need_geometry: bool) -> Any:
    table = (
        pd.read_csv(source, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        if fmt == "csv"
        else pd.read_excel(source, dtype=str, keep_default_na=False)
    )
    return _points_from_table(table, given, need_geometry=need_geometry)[0]


def _gdal_layers(source: Path, fmt: str, limits: Limits) -> list[tuple[str, dict[str, Any]]]:
    names = (
        sniff.gpkg_feature_tables(source)
        if fmt == "gpkg"
        else [str(row[0]) for row in pyogrio.list_layers(source)]
    )
    layers = []
    for name in names:
        info = pyogrio.read_info(source, layer=name)
        if info["driver"] not in DRIVERS[fmt]:  # the one driver the format names, no other
            raise sniff.not_a(fmt, f"GDAL reads it as {info['driver']}")
        layers.append((name, info))
    return layers


def _read_gdal_layer(source: Path, fmt: str, name: str) -> gpd.GeoDataFrame:
    frame = gpd.read_file(source, engine="pyogrio", layer=name)
    if fmt == "kml":
        drop = [
            c
            for c in KML_GENERATED
            if c in frame.columns
            and (c in KML_ALWAYS_DROPPED or frame[c].isna().all() or (frame[c] == "").all())
        ]
        frame = frame.drop(columns=drop)
    return frame


def read_layer(
    path: Path,
    *,
    filename: str,
    crs: str | int | None,
    limits: Limits,
    need_geometry: bool = True,
    layers: Sequence[str] | None = None,
) -> Layer:
    """Read the chosen layers (all by default) of ``path`` (named ``filename`` by the user)
    into one WGS 84 frame whose ``@layer`` column says where each feature came from."""
    suffix = Path(filename).suffix.lower()
    fmt = FORMATS.get(suffix)
    if fmt is None:
        raise GisFileError(
            f"file: {suffix or 'no extension'} is not a supported format "
            "(GeoPackage, GeoJSON, zipped Shapefile, KML, CSV, XLSX)"
        )
    size = path.stat().st_size
    if size > limits.upload_bytes:
        raise GisFileError(
            f"file: {size / 1e6:.1f} MB is over the {limits.upload_bytes / 1e6:.0f} MB limit"
        )
    if size == 0:
        raise GisFileError("file: the file is empty")
    given = parse_crs(crs)
    with tempfile.TemporaryDirectory(prefix="sustain-import-") as workdir:
        try:
            frames, infos, crs_names = _read_all(
                path, fmt, Path(workdir), limits, given, need_geometry, layers, filename
            )
        except GisFileError as error:
            raise GisFileError(scrub_paths(str(error))) from None
        except Exception as error:  # GDAL, pandas and zip readers raise many kinds
            raise GisFileError(
                f"file: could not read it as {sniff.FORMAT_LABELS[fmt]} ({scrub_paths(str(error))})"
            ) from None
    frame = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry="geometry", crs=WGS84)
    sniff.refuse_source_values(frame, [i.name for i in infos], _SOURCE_VALUES)
    if frame.empty:
        raise GisFileError("file: the layer has no features")
    aside = [c for c in frame.columns if str(c).startswith(COORDINATE_PREFIX)]
    coordinates = tuple(
        {str(c)[len(COORDINATE_PREFIX) :]: str(v) for c, v in record.items()}
        for record in frame[aside].to_dict("records")
    ) if aside else ()  # fmt: skip
    return Layer(
        frame=frame.drop(columns=aside),
        source_crs=", ".join(dict.fromkeys(crs_names)),
        source_format=suffix[1:],
        layers=tuple(infos),
        coordinates=coordinates,
    )


def _read_all(
    path: Path, fmt: str, workdir: Path, limits: Limits, given: CRS | None,
    need_geometry: bool, chosen: Sequence[str] | None, filename: str,
) -> tuple[list[gpd.GeoDataFrame], list[LayerInfo], list[str]]:  # fmt: skip
    frames, infos, crs_names = [], [], []
    if fmt in ("csv", "xlsx"):
        sniff.check_csv(path) if fmt == "csv" else sniff.check_xlsx(path, limits)
        frame, crs_name = _to_wgs84(_read_table(path, fmt, given, need_geometry), given,
                                    tabular=True)  # fmt: skip
        name = Path(filename).stem
        _unknown_layers(chosen, [name])
        frame[LAYER_COLUMN] = name
        return [frame], [LayerInfo(name, len(frame), _kinds(frame), True)], [crs_name]
    if fmt == "shp":
        source = sniff.extract_shapefile(path, workdir, limits)
    else:
        source = path
        sniff.check_geojson(path) if fmt == "geojson" else None
        sniff.check_kml(path) if fmt == "kml" else None
    available = _gdal_layers(source, fmt, limits)
    names = [name for name, _info in available]
    _unknown_layers(chosen, names)
    for name, info in available:
        wanted = not chosen or name in chosen
        kinds: tuple[str, ...] = ()
        if wanted:
            frame = _read_gdal_layer(source, fmt, name)
            kinds = _kinds(frame)
            if len(frame):
                frame, crs_name = _to_wgs84(frame, given, tabular=False)
                frame[LAYER_COLUMN] = name
                frames.append(frame)
                crs_names.append(crs_name)
        elif info.get("geometry_type") not in (None, "Unknown"):
            kinds = (str(info["geometry_type"]),)
        count = info["features"] if info["features"] >= 0 else (len(frame) if wanted else 0)
        infos.append(LayerInfo(name, int(count), kinds, wanted))
    if not frames:
        raise GisFileError("file: the layer has no features")
    return frames, infos, crs_names


def _kinds(frame: gpd.GeoDataFrame) -> tuple[str, ...]:
    return tuple(sorted({g.geom_type for g in frame.geometry if g is not None}))


def _unknown_layers(chosen: Sequence[str] | None, names: list[str]) -> None:
    unknown = [name for name in chosen or [] if name not in names]
    if unknown:
        raise GisFileError(
            f"layer: the file has no layer {', '.join(unknown)} (it has: {', '.join(names)})"
        )
