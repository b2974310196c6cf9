"""Reading and writing GIS files with geopandas and pyogrio: no database, no Django models.

Every format goes through GDAL (pyogrio): GeoPackage, GeoJSON, zipped Shapefile, KML, and CSV or
XLSX with coordinate columns. Reading refuses hostile or broken files with a clear message before
any parsing that could run away: files over the upload limit, archives that are corrupt, hold
absolute or ``..`` paths, or expand past a limit, empty layers and unreadable data.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio
from pyproj import CRS
from pyproj.exceptions import CRSError
from shapely.geometry import Point

from sustain.csvsafe import csv_cell

WGS84 = "EPSG:4326"
READ_SUFFIXES = {".gpkg", ".geojson", ".json", ".zip", ".kml", ".csv", ".xlsx"}
MAX_ARCHIVE_ENTRIES = 200

# Coordinate columns recognised in CSV and XLSX files (compared case-insensitively).
LATITUDE_NAMES = ("latitude", "lat", "y_wgs84", "ละติจูด")
LONGITUDE_NAMES = ("longitude", "lon", "lng", "long", "x_wgs84", "ลองจิจูด")
EASTING_NAMES = ("easting", "east", "x", "utm_e", "utm_x", "พิกัด x", "พิกัดx")
NORTHING_NAMES = ("northing", "north", "y", "utm_n", "utm_y", "พิกัด y", "พิกัดy")


class GisFileError(ValueError):
    """A file refused before anything was imported; the message says what and why."""


@dataclass(frozen=True)
class Limits:
    upload_bytes: int
    expanded_bytes: int


@dataclass(frozen=True)
class Layer:
    """A layer read into WGS 84, with what was learnt on the way."""

    frame: gpd.GeoDataFrame
    source_crs: str
    source_format: str


def parse_crs(text: str | int | None) -> CRS | None:
    if text in (None, ""):
        return None
    try:
        return CRS.from_user_input(int(text) if str(text).isdigit() else text)
    except (CRSError, ValueError):
        raise GisFileError(
            f"crs: {text!r} is not a coordinate system (give an EPSG code such as 32647)"
        ) from None


def _safe_members(archive: zipfile.ZipFile, limits: Limits) -> list[zipfile.ZipInfo]:
    members = archive.infolist()
    if len(members) > MAX_ARCHIVE_ENTRIES:
        raise GisFileError(
            f"file: the archive holds {len(members)} entries (at most {MAX_ARCHIVE_ENTRIES})"
        )
    total = 0
    for member in members:
        path = PurePosixPath(member.filename.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or (path.parts and ":" in path.parts[0]):
            raise GisFileError(
                f"file: the archive entry {member.filename!r} points outside the archive"
            )
        total += member.file_size
        if total > limits.expanded_bytes:
            raise GisFileError(
                f"file: the archive expands past {limits.expanded_bytes // 1_000_000} MB"
            )
    return members


def _extract_shapefile(data: Path, workdir: Path, limits: Limits) -> Path:
    try:
        with zipfile.ZipFile(data) as archive:
            members = _safe_members(archive, limits)
            shapes = [m for m in members if m.filename.lower().endswith(".shp")]
            if len(shapes) != 1:
                raise GisFileError(
                    f"file: a zipped Shapefile must hold exactly one .shp (found {len(shapes)})"
                )
            for member in members:
                if member.is_dir():
                    continue
                target = workdir / PurePosixPath(member.filename.replace("\\", "/")).name
                written = 0
                with archive.open(member) as source, open(target, "wb") as sink:
                    while chunk := source.read(1 << 20):
                        written += len(chunk)
                        if written > limits.expanded_bytes:  # sizes in the header can lie
                            raise GisFileError("file: the archive expands past its limit")
                        sink.write(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, zipfile.LargeZipFile) as error:
        # (a damaged member fails its CRC or its inflation while it is extracted)
        raise GisFileError(f"file: not a readable zip archive ({error})") from None
    return workdir / PurePosixPath(shapes[0].filename.replace("\\", "/")).name


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
    drop = [c for c in (lat, lon, east, north) if c]
    return gpd.GeoDataFrame(table.drop(columns=drop), geometry=geometry, crs=used), used


def read_layer(
    path: Path, *, filename: str, crs: str | int | None, limits: Limits, need_geometry: bool = True
) -> Layer:
    """Read the first layer of ``path`` (named ``filename`` by the user) into WGS 84."""
    suffix = Path(filename).suffix.lower()
    if suffix not in READ_SUFFIXES:
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
        source = _extract_shapefile(path, Path(workdir), limits) if suffix == ".zip" else path
        try:
            if suffix in (".csv", ".xlsx"):
                table = (
                    pd.read_csv(source, dtype=str, keep_default_na=False, encoding="utf-8-sig")
                    if suffix == ".csv"
                    else pd.read_excel(source, dtype=str, keep_default_na=False)
                )
                frame, source_crs = _points_from_table(table, given, need_geometry=need_geometry)
            else:
                frame = gpd.read_file(source, engine="pyogrio")
                source_crs = frame.crs
        except GisFileError:
            raise
        except Exception as error:  # GDAL, pandas and zip readers raise many kinds
            raise GisFileError(
                f"file: could not read it as {suffix[1:].upper()} ({error})"
            ) from None
    if frame.empty:
        raise GisFileError("file: the layer has no features")
    if source_crs is None:
        if given is None:
            raise GisFileError(
                "crs: the file does not say its coordinate system; give the EPSG code"
            )
        frame = frame.set_crs(given, allow_override=True)
        source_crs = given
    elif given is not None and suffix not in (".csv", ".xlsx") and CRS(source_crs) != given:
        raise GisFileError(
            f"crs: the file says {CRS(source_crs).to_string()} but {given.to_string()} was given"
        )
    frame = frame.to_crs(WGS84)
    return Layer(frame=frame, source_crs=CRS(source_crs).to_string(), source_format=suffix[1:])


# --- Writing -----------------------------------------------------------------------------------

WRITE_FORMATS = {
    "gpkg": ("GPKG", "application/geopackage+sqlite3", "gpkg"),
    "geojson": ("GeoJSON", "application/geo+json", "geojson"),
    "shp": ("ESRI Shapefile", "application/zip", "zip"),
    "csv": ("CSV", "text/csv", "csv"),
    "xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if value.__class__.__name__ == "Decimal":
        return float(value)
    return value


def write_layer(
    rows: list[dict[str, Any]], geometries: list[Any], *, fmt: str, layer: str
) -> tuple[bytes, str, str]:
    """``rows`` with WGS 84 ``geometries`` as a file: (content, file name, content type)."""
    driver, content_type, extension = WRITE_FORMATS[fmt]
    frame = gpd.GeoDataFrame(
        [{k: _plain(v) for k, v in row.items()} for row in rows],
        geometry=geometries,
        crs=WGS84,
    )
    with tempfile.TemporaryDirectory(prefix="sustain-export-") as workdir:
        target = Path(workdir) / f"{layer}.{'shp' if fmt == 'shp' else extension}"
        options: dict[str, Any] = {}
        if fmt in ("csv", "xlsx"):
            table = _tabular(frame)
            if fmt == "csv":
                table.to_csv(target, index=False, encoding="utf-8-sig")
            else:
                table.to_excel(target, index=False, sheet_name=layer[:31], engine="openpyxl")
            return target.read_bytes(), target.name, content_type
        if fmt == "shp":
            options["encoding"] = "UTF-8"
        pyogrio.write_dataframe(frame, target, driver=driver, layer=layer, **options)
        if fmt != "shp":
            return target.read_bytes(), target.name, content_type
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for part in sorted(Path(workdir).iterdir()):
                archive.write(part, part.name)
        return buffer.getvalue(), f"{layer}.shp.zip", content_type


def _tabular(frame: gpd.GeoDataFrame) -> pd.DataFrame:
    """Points as latitude and longitude columns (what a spreadsheet user reads); other
    geometries as WKT. Text that a spreadsheet would run as a formula is neutralised."""
    table = pd.DataFrame(frame.drop(columns="geometry")).map(csv_cell)
    if len(frame) and all(g is not None and g.geom_type == "Point" for g in frame.geometry):
        table["latitude"] = frame.geometry.y.round(7).to_numpy()
        table["longitude"] = frame.geometry.x.round(7).to_numpy()
    else:
        table["wkt"] = [g.wkt if g is not None else "" for g in frame.geometry]
    return table
