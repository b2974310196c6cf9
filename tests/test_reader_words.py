"""Every refusal of the GIS reader and the weather readers reaches a Thai page (and the API's
``failure``) in Thai (issue 15 §1): odd and hostile files as other tools write them, each read,
and each message shown with no English sentence left."""

import io
import json
import re
import struct
import zipfile
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
from django.utils import translation
from shapely.geometry import LineString, Point

from sustain import runtime_words
from sustain.core import weather
from sustain.core.gisfiles import GisFileError, Limits, read_layer
from sustain.models import ImportJob
from sustain.services import tokens
from tests.conftest import REF_LAT, REF_LON
from tests.test_gis_security import broken_geopackage, hostile_geopackage, zip_of
from tests.test_thai_pages import problems

THAI_SCRIPT = re.compile(r"[\u0e01-\u0e5b]")
LIMITS = Limits(upload_bytes=5_000_000, expanded_bytes=20_000_000)
POINT = {"type": "Feature", "properties": {"name": "จุด ก"},
         "geometry": {"type": "Point", "coordinates": [REF_LON, REF_LAT]}}  # fmt: skip


def collection(**extra) -> str:
    return json.dumps({"type": "FeatureCollection", "features": [POINT], **extra})


def shapefile_parts(tmp_path: Path, rows: int = 2) -> dict[str, bytes]:
    folder = tmp_path / f"shp{rows}"
    folder.mkdir(exist_ok=True)
    frame = gpd.GeoDataFrame({"name": [f"จุด {i}" for i in range(rows)]},
                             geometry=[Point(REF_LON, REF_LAT)] * rows, crs=4326)  # fmt: skip
    pyogrio.write_dataframe(frame, folder / "points.shp", encoding="UTF-8")
    return {part.name.replace(".", "__"): part.read_bytes() for part in folder.iterdir()}


def odd_files(tmp_path: Path) -> list[tuple[str, bytes, dict]]:
    """(file name, content, reader options): each refused for its own reason."""
    parts = shapefile_parts(tmp_path)
    no_dbf = {k: v for k, v in parts.items() if not k.endswith("dbf")}
    bad_dbf = {**parts, "points__dbf": b"not a table" * 10}
    shp = bytearray(parts["points__shp"])
    struct.pack_into(">i", shp, 104, -5)  # the first record says it holds -5 words
    damaged = {**parts, "points__shp": bytes(shp)}
    other = shapefile_parts(tmp_path, rows=3)
    mismatched = {**parts, "points__dbf": other["points__dbf"]}
    many = {f"f{i}__txt": b"x" for i in range(201)}
    workbook = io.BytesIO()
    with zipfile.ZipFile(workbook, "w") as archive:
        archive.writestr("docProps/app.xml", "<x/>")
    zip_slip = io.BytesIO()
    with zipfile.ZipFile(zip_slip, "w") as archive:
        archive.writestr("../../points.shp", parts["points__shp"])
    line = gpd.GeoDataFrame({"name": ["ถนน"]}, crs=32647,
                            geometry=[LineString([(600000, 2180000), (600100, 2180100)])])  # fmt: skip
    utm = tmp_path / "utm.geojson"
    line.to_file(utm, driver="GeoJSON")
    return [
        ("empty.geojson", b"", {}),
        ("notes.txt", b"hello", {}),
        ("big.geojson", b"{" + b" " * 1_500_000 + b"}",
         {"limits": Limits(upload_bytes=1_000_000, expanded_bytes=1_000_000)}),
        ("list.geojson", b"[1, 2]", {}),
        ("linked.geojson", collection(crs={"type": "link", "properties": {}}).encode(), {}),
        ("crs.geojson", b'{"type": "FeatureCollection", "crs": {"type": no}, "features": []}', {}),
        ("broken.geojson", b'{"type": "FeatureCollection", "features": [', {}),
        ("none.geojson", json.dumps({"type": "FeatureCollection", "features": []}).encode(), {}),
        ("sites.geojson", collection().encode(), {"layers": ["นอกแผนที่"]}),
        ("sites.geojson", collection().encode(), {"crs": "EPSG:abc"}),
        ("sites.geojson", collection().encode(), {"crs": "99999"}),
        ("utm.geojson", utm.read_bytes(), {"crs": 4326}),
        ("doc.kml", b'<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY x "y">]><kml/>', {}),
        ("doc.kml", b"just words", {}),
        ("doc.kml", b'<?xml version="1.0"?><gpx></gpx>', {}),
        ("survey.gpkg", b"hello there, not a database", {}),
        ("survey.gpkg", broken_geopackage(tmp_path).read_bytes(), {}),
        ("views.gpkg", hostile_geopackage(tmp_path)[0].read_bytes(), {}),
        ("points.zip", b"not a zip", {}),
        ("points.zip", b"PK\x03\x04 broken", {}),
        ("points.zip", zip_of(a__shp=b"x", b__shp=b"y"), {}),
        ("points.zip", zip_slip.getvalue(), {}),
        ("points.zip", zip_of(**many), {}),
        ("points.zip", zip_of(**parts), {"limits": Limits(upload_bytes=5_000_000, expanded_bytes=100)}),
        ("points.zip", zip_of(**no_dbf), {}),
        ("points.zip", zip_of(**bad_dbf), {}),
        ("points.zip", zip_of(points__shp=b"\x00" * 120, points__dbf=b"x"), {}),
        ("points.zip", zip_of(**damaged), {}),
        ("points.zip", zip_of(**mismatched), {}),
        ("table.xlsx", b"name,latitude", {}),
        ("table.xlsx", workbook.getvalue(), {}),
        ("table.csv", b"name\x00,latitude", {}),
        ("table.csv", "ชื่อ,latitude,longitude\n".encode("cp874") * 4 + b"x" * 10, {}),
        ("table.csv", b"<html><body>a page</body></html>", {}),
        ("table.csv", "ชื่อ\nจุด ก\n".encode(), {}),
        ("table.csv", "ชื่อ,easting,northing\nจุด ก,600000,2180000\n".encode(), {}),
        ("table.csv", f"ชื่อ,latitude,longitude\n/vsicurl/x,{REF_LAT},{REF_LON}\n".encode(), {}),
        ("table.csv", f"ชื่อ,/vsimem/x,latitude,longitude\nก,1,{REF_LAT},{REF_LON}\n".encode(), {}),
    ]  # fmt: skip


def reader_messages(tmp_path: Path) -> list[str]:
    messages = []
    for i, (name, content, options) in enumerate(odd_files(tmp_path)):
        path = tmp_path / f"upload-{i}{Path(name).suffix}"
        path.write_bytes(content)
        with pytest.raises(GisFileError) as refused:
            read_layer(path, filename=name, crs=options.get("crs"),
                       limits=options.get("limits", LIMITS), layers=options.get("layers"))  # fmt: skip
        messages.append(str(refused.value))
    return messages


def weather_messages(tmp_path: Path) -> list[str]:
    rows = "\n".join(f"202001{1 + i // 24:02d}:{i % 24:02d}10,1,1,1,1,30,1,1,1" for i in range(5))
    short_pvgis = tmp_path / "short.csv"
    short_pvgis.write_text("Latitude (decimal degrees): 19.7\ntime(UTC),T2m\n" + rows + "\n")
    power = tmp_path / "power.csv"
    power.write_text("-BEGIN HEADER-\nNASA/POWER\n-END HEADER-\nYEAR,MO\n")
    texts = []
    for path, fmt in ((short_pvgis, "pvgis_csv"), (power, "nasa_power_csv")):
        with pytest.raises(weather.WeatherFileError) as refused:
            weather.read_weather_file(path, source_format=fmt)
        texts.append(str(refused.value))
    return [
        *texts,
        "line 12: temp_air = 99 °C is outside -30..60 °C (3 such value(s))",
        "line 9: ghi = blank or NaN is not a finite number (2 such value(s)); a missing value "
        "must use the format's missing-value code",
        "line 40: the hours are not continuous (2020-01-01 01:00 is followed by 2020-01-01 03:00)",
        "the file has 100 hourly rows; a weather year needs 8760 (or 8784 in a leap year): is it "
        "truncated, or more than one year?",
        "epw: the file cannot be read: bad line",
    ]


def test_every_reader_refusal_is_thai_on_a_thai_page(tmp_path, municipality):
    messages = reader_messages(tmp_path)
    assert len(set(messages)) == len(messages) > 35  # each file refused for its own reason
    messages += weather_messages(tmp_path)
    with translation.override("th"):
        shown = [runtime_words.message(text) for text in messages]
    untranslated = {
        english: thai
        for english, thai in zip(messages, shown, strict=True)
        if thai == english or not THAI_SCRIPT.search(thai) or problems(thai, ignore=set())
    }
    assert not untranslated, "\n".join(f"{e}\n  → {t}" for e, t in untranslated.items())
    assert any("“นอกแผนที่”" not in s and "นอกแผนที่" in s for s in shown)  # values are kept
    with translation.override("en"):
        assert runtime_words.message(messages[0]) == "file: the file is empty"


def test_a_failed_import_says_why_in_thai_on_the_page_and_in_the_api(
    tmp_path, client, somchai, settings, municipality, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    archive = tmp_path / "points.zip"
    archive.write_bytes(zip_of(a__shp=b"x", b__shp=b"y"))
    client.force_login(somchai)
    with django_capture_on_commit_callbacks(execute=True), archive.open("rb") as upload:
        client.post("/manage/import/", {"target": "waste_points", "file": upload})
    job = ImportJob.objects.get()
    assert job.status == "failed" and job.error == (
        "file: a zipped Shapefile must hold exactly one .shp (found 2)"
    )
    client.cookies["django_language"] = "th"
    page = client.get(f"/manage/import/{job.pk}/")
    thai = "ไฟล์: Shapefile ที่บีบอัดต้องมีไฟล์ .shp เพียงไฟล์เดียว (พบ 2 ไฟล์)"
    assert thai in page.content.decode() and "must hold" not in page.content.decode()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {tokens.token_create(user=somchai)[1]}"}
    client.logout()
    client.cookies.pop("django_language", None)  # the API caller says its language in a header
    answer = client.get(f"/api/imports/{job.pk}", HTTP_ACCEPT_LANGUAGE="th", **auth).json()
    assert answer["failure"] == thai and answer["error"] == job.error  # the detail as written
    english = client.get(f"/api/imports/{job.pk}", HTTP_ACCEPT_LANGUAGE="en", **auth).json()
    assert (
        english["failure"] == "file: a zipped Shapefile must hold exactly one .shp file (found 2)"
    )


def test_a_geometry_the_target_cannot_take_is_named_in_thai(municipality):
    text = "file: waste_points need points, the layer holds LineString, Polygon"
    with translation.override("th"):
        shown = runtime_words.message(text)
    assert shown == ("ไฟล์: จุดรับขยะ ต้องมีตำแหน่งเป็นจุดรายการละหนึ่งจุด แต่ชั้นข้อมูลมี เส้น, รูปปิด (พื้นที่)")
