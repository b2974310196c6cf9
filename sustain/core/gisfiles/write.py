"""Writing GIS files for download: GeoPackage, GeoJSON, zipped Shapefile, CSV and XLSX."""

from __future__ import annotations

import io
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio

from sustain.core.csvsafe import csv_cell
from sustain.core.gisfiles.common import WGS84

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


def frame_of(rows: list[dict[str, Any]], geometries: list[Any]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        [{k: _plain(v) for k, v in row.items()} for row in rows], geometry=geometries, crs=WGS84
    )


def write_layer(
    rows: list[dict[str, Any]], geometries: list[Any], *, fmt: str, layer: str
) -> tuple[bytes, str, str]:
    """``rows`` with WGS 84 ``geometries`` as a file: (content, file name, content type)."""
    driver, content_type, extension = WRITE_FORMATS[fmt]
    frame = frame_of(rows, geometries)
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


@dataclass(frozen=True)
class StyledLayer:
    """A layer of the styled GeoPackage with its QGIS style (QML) and SLD."""

    name: str
    rows: list[dict[str, Any]]
    geometries: list[Any]
    geometry_type: str  # for an empty layer: "Point" or "Polygon"
    style_name: str
    qml: str
    sld: str


def write_geopackage(layers: list[StyledLayer], *, updated: Any) -> bytes:
    """One GeoPackage holding every layer and, in ``layer_styles`` (the table QGIS reads), each
    layer's default style, so QGIS shows the layers as the website does."""
    with tempfile.TemporaryDirectory(prefix="sustain-export-") as workdir:
        target = Path(workdir) / "map.gpkg"
        for layer in layers:
            pyogrio.write_dataframe(
                frame_of(layer.rows, layer.geometries), target, layer=layer.name, driver="GPKG",
                geometry_type=layer.geometry_type, promote_to_multi=False,
            )  # fmt: skip
        styles = pd.DataFrame(
            [
                {
                    "f_table_catalog": "",
                    "f_table_schema": "",
                    "f_table_name": layer.name,
                    "f_geometry_column": "geom",
                    "styleName": layer.style_name,
                    "styleQML": layer.qml,
                    "styleSLD": layer.sld,
                    "useAsDefault": True,
                    "description": "Sustain",
                    "owner": "",
                    "ui": "",
                    "update_time": updated,
                }
                for layer in layers
            ]
        )
        pyogrio.write_dataframe(
            styles, target, layer="layer_styles", driver="GPKG", layer_options={"FID": "id"}
        )
        return target.read_bytes()
