"""Is the content what the file's name says? Checks made before GDAL or pandas parse anything.

Each format is recognised by its content (a JSON object, a KML root element, an SQLite database
with the GeoPackage application id, a zip holding one Shapefile, an Office Open XML workbook,
UTF-8 text); anything else is refused as "not a <format> file". GeoPackages are inspected with
Python's sqlite3 (read-only, immutable): only their feature *tables* are read later, so no SQL
view, virtual table or trigger of the file is ever executed.
"""

from __future__ import annotations

import json
import re
import sqlite3
import struct
import zipfile
import zlib
from pathlib import Path, PurePosixPath

import pandas as pd

from sustain.core.gisfiles.common import GisFileError, Limits

MAX_ARCHIVE_ENTRIES = 200
HEAD_BYTES = 64 * 1024

FORMAT_LABELS = {
    "gpkg": "GeoPackage",
    "geojson": "GeoJSON",
    "shp": "zipped Shapefile",
    "kml": "KML",
    "csv": "CSV",
    "xlsx": "XLSX",
}


def not_a(fmt: str, why: str) -> GisFileError:
    return GisFileError(f"file: not a {FORMAT_LABELS[fmt]} file ({why})")


def _head(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(HEAD_BYTES)


# --- GeoJSON ---------------------------------------------------------------------------------

_CRS_MEMBER = re.compile(rb'"crs"\s*:\s*\{')
_CRS_NAME = re.compile(
    r"^(?:EPSG:\d{4,6}|urn:ogc:def:crs:EPSG:[\d.]*:\d{4,6}|urn:ogc:def:crs:OGC:1\.3:CRS84"
    r"|https?://www\.opengis\.net/def/crs/EPSG/0/\d{4,6})$"
)


def check_geojson(path: Path) -> None:
    """A JSON object; a ``crs`` member, if any, names an EPSG code (a ``link`` CRS is fetched
    from its URL by GDAL: refused)."""
    head = _head(path).lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"{"):
        raise not_a("geojson", "it does not start with a JSON object")
    data = path.read_bytes()
    decoder = json.JSONDecoder()
    for match in _CRS_MEMBER.finditer(data):
        start = match.end() - 1
        try:
            member, _end = decoder.raw_decode(data[start : start + 4096].decode("utf-8", "replace"))
        except ValueError:
            raise not_a("geojson", "its crs member is not a JSON object") from None
        name = (member.get("properties") or {}).get("name") if isinstance(member, dict) else None
        if member.get("type") != "name" or not isinstance(name, str) or not _CRS_NAME.match(name):
            raise not_a("geojson", "its crs member must name an EPSG code, not a link or a file")


# --- KML -------------------------------------------------------------------------------------

_XML_DECLARATIONS = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_FIRST_ELEMENT = re.compile(rb"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)[\s>/]")


def check_kml(path: Path) -> None:
    """XML whose root element is ``kml``, with no DOCTYPE or entity declaration."""
    data = path.read_bytes()
    if _XML_DECLARATIONS.search(data):
        raise not_a("kml", "it declares a DOCTYPE or entities")
    text = data[:HEAD_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text.startswith(b"<"):
        raise not_a("kml", "it is not XML")
    body = re.sub(rb"<\?.*?\?>|<!--.*?-->", b"", text, flags=re.DOTALL).lstrip()
    root = _FIRST_ELEMENT.match(body)
    if root is None or root.group(2) != b"kml":
        raise not_a("kml", "its root element is not <kml>")


# --- GeoPackage ------------------------------------------------------------------------------

SQLITE_MAGIC = b"SQLite format 3\x00"
GPKG_APPLICATION_IDS = {b"GPKG", b"GP10", b"GP11"}


def gpkg_feature_tables(path: Path) -> list[str]:
    """The GeoPackage's feature tables, in its own order. Views, virtual tables and anything
    that is not a plain table are refused: reading them would run the file's SQL."""
    head = _head(path)
    if not head.startswith(SQLITE_MAGIC) or head[68:72] not in GPKG_APPLICATION_IDS:
        raise not_a("gpkg", "no SQLite header with the GeoPackage application id")
    try:
        with sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True) as connection:
            connection.execute("PRAGMA trusted_schema = OFF")
            schema = {
                name: (kind, sql or "")
                for kind, name, sql in connection.execute(
                    "SELECT type, name, sql FROM sqlite_master"
                )
            }
            if schema.get("gpkg_contents", ("", ""))[0] != "table":
                raise not_a("gpkg", "it has no gpkg_contents table")
            rows = connection.execute(
                "SELECT table_name FROM gpkg_contents WHERE data_type = 'features'"
            ).fetchall()
    except sqlite3.DatabaseError as error:
        raise not_a("gpkg", f"the database cannot be read: {error}") from None
    tables = [str(name) for (name,) in rows]
    for name in tables:
        kind, sql = schema.get(name, ("", ""))
        if kind == "view":
            raise GisFileError(
                f"file: the GeoPackage layer “{name}” is an SQL view; only feature tables are "
                "read (save the view as a table in QGIS first)"
            )
        if kind != "table" or sql.lstrip().upper().startswith("CREATE VIRTUAL"):
            raise GisFileError(f"file: the GeoPackage layer “{name}” is not a plain table")
    if not tables:
        raise GisFileError("file: the GeoPackage has no feature table")
    return tables


# --- Zip archives and Shapefiles -------------------------------------------------------------


def safe_members(archive: zipfile.ZipFile, limits: Limits) -> list[zipfile.ZipInfo]:
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


def _member_name(member: zipfile.ZipInfo) -> str:
    return PurePosixPath(member.filename.replace("\\", "/")).name


def extract_shapefile(data: Path, workdir: Path, limits: Limits) -> Path:
    """The one Shapefile of a zip, extracted (flat) into ``workdir``; its ``.shp`` path."""
    if not _head(data).startswith(b"PK"):
        raise not_a("shp", "not a zip archive")
    try:
        with zipfile.ZipFile(data) as archive:
            members = safe_members(archive, limits)
            shapes = [m for m in members if m.filename.lower().endswith(".shp")]
            if len(shapes) != 1:
                raise GisFileError(
                    f"file: a zipped Shapefile must hold exactly one .shp (found {len(shapes)})"
                )
            for member in members:
                if member.is_dir():
                    continue
                target = workdir / _member_name(member)
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
    shp = workdir / _member_name(shapes[0])
    check_shapefile(shp)
    return shp


SHP_FILE_CODE = 9994


def _sidecar(shp: Path, extension: str) -> Path | None:
    wanted = f"{shp.stem}{extension}".lower()
    return next((p for p in shp.parent.iterdir() if p.name.lower() == wanted), None)


def shapefile_record_count(shp: Path) -> int:
    """Records in a ``.shp`` (walking the record headers; the .shx may be missing or wrong)."""
    data = shp.read_bytes()
    if len(data) < 100 or struct.unpack(">i", data[:4])[0] != SHP_FILE_CODE:
        raise not_a("shp", "the .shp has no Shapefile header")
    end = min(len(data), struct.unpack(">i", data[24:28])[0] * 2)
    offset, count = 100, 0
    while offset + 8 <= end:
        words = struct.unpack(">i", data[offset + 4 : offset + 8])[0]
        if words < 0:
            raise not_a("shp", f"the .shp record {count + 1} is damaged")
        offset += 8 + words * 2
        count += 1
    if offset > end:
        raise not_a("shp", f"the .shp is truncated in record {count}")
    return count


def check_shapefile(shp: Path) -> None:
    """A ``.shp`` with its ``.dbf``, holding as many rows as features (GDAL would silently read
    the shorter of the two)."""
    shapes = shapefile_record_count(shp)
    dbf = _sidecar(shp, ".dbf")
    if dbf is None:
        raise GisFileError("file: the zipped Shapefile has no .dbf (its attribute table)")
    header = dbf.read_bytes()[:32]
    if len(header) < 32 or header[0] & 0x07 not in (3, 4):  # dBASE III/IV family
        raise not_a("shp", "the .dbf is not a dBASE table")
    rows = struct.unpack("<I", header[4:8])[0]
    if rows != shapes:
        raise GisFileError(
            f"file: the Shapefile's .dbf holds {rows:,} rows but its .shp {shapes:,} features; "
            "the file is damaged (nothing was imported)"
        )


# --- Tables ----------------------------------------------------------------------------------


def check_xlsx(path: Path, limits: Limits) -> None:
    if not _head(path).startswith(b"PK"):
        raise not_a("xlsx", "not an Office Open XML workbook")
    try:
        with zipfile.ZipFile(path) as archive:
            names = {m.filename for m in safe_members(archive, limits)}
    except (zipfile.BadZipFile, zlib.error, EOFError, zipfile.LargeZipFile):
        raise not_a("xlsx", "not a readable zip archive") from None
    if not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
        raise not_a("xlsx", "no workbook in the archive")


def check_csv(path: Path) -> None:
    head = _head(path)
    if b"\x00" in head:
        raise not_a("csv", "it holds binary data")
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not just a character cut at the end of the sample
            raise not_a("csv", "it is not UTF-8 text") from None
        text = head[: error.start].decode("utf-8-sig")
    if text.lstrip().startswith("<"):
        raise not_a("csv", "it is XML or HTML")


# --- Values that name a data source ----------------------------------------------------------

_URL_SCHEMES = {"HTTP", "HTTPS", "FTP", "MAILTO", "URN", "TEL", "DATA"}


def source_pattern(driver_names: set[str]) -> re.Pattern[str]:
    """Text that GDAL would take for a data source: ``/vsi…``, a VRT document, or a driver
    prefix (``CSV:/path``, ``PG:dbname=…``, ``GPKG:/path:layer``)."""
    prefixes = sorted(
        {n.upper() for n in driver_names if " " not in n}
        | {"PG", "MSSQL", "MYSQL", "OCI", "ODBC", "SQLITE", "VRT", "GDALG", "WFS", "OAPIF"}
        - _URL_SCHEMES,
        key=len,
        reverse=True,
    )
    alternatives = "|".join(re.escape(p) for p in prefixes)
    return re.compile(
        rf"^\s*(?:/vsi\w*|<\s*OGRVRTDataSource|<\s*VRTDataset|(?:{alternatives}):\S)",
        re.IGNORECASE,
    )


def refuse_source_values(frame: pd.DataFrame, names: list[str], pattern: re.Pattern[str]) -> None:
    """Refuse a file whose layer names, column names or text cells name a data source."""
    for name in names:
        if pattern.match(str(name)):
            raise GisFileError(f"file: the layer name “{name[:60]}” names a data source; refused")
    for column in frame.columns:
        if pattern.match(str(column)):
            raise GisFileError(
                f"file: the column “{str(column)[:60]}” names a data source; refused"
            )
        if not (frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column])):
            continue
        texts = frame[column].map(lambda v: v if isinstance(v, str) else "")
        hits = texts.str.match(pattern)
        if hits.any():
            row = int(hits.to_numpy().argmax()) + 1
            raise GisFileError(
                f"file: row {row}, column “{column}” holds “{texts.iloc[row - 1][:60]}”, "
                "which names a data source; refused"
            )
