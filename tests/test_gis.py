# mypy: disable-error-code="index,union-attr,operator"
"""GIS import and export: every format in and out, hostile files, CRS mistakes, the spatial
join, all-or-nothing and valid-rows-only commits, idempotent re-import."""

import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pyproj import Transformer
from shapely.geometry import Point, box

from sustain.core.gisfiles import GisFileError, Limits, read_layer
from sustain.models import (
    ImportJob,
    SolarInstallation,
    Village,
    WasteCollection,
    WastePoint,
)
from sustain.services.gis.importing import ImportRefused, commit_import, plan_import
from sustain.services.gis.jobs import read_target_layer
from tests.conftest import OWNER_NAME, OWNER_PHONE, REF_LAT, REF_LON

LIMITS = Limits(upload_bytes=5_000_000, expanded_bytes=20_000_000)
TO_UTM47 = Transformer.from_crs("EPSG:4326", "EPSG:32647", always_xy=True)

# Three rooftop systems as a municipality's survey would hold them (Thai headers).
SURVEY = [
    {
        "ชื่อ": "โรงเรียนบ้านสันทราย",
        "ประเภทอาคาร": "school",
        "กำลังผลิต": 20.5,
        "หมู่": 1,
        "มุมเอียง": 15,
        "azimuth": 180,
        "วันที่ติดตั้ง": "01/03/2567",
        "เจ้าของ": "",
        "lat": REF_LAT + 0.002,
        "lon": REF_LON + 0.001,
    },
    {
        "ชื่อ": "วัดสันทรายงาม",
        "ประเภทอาคาร": "วัด",
        "กำลังผลิต": 10.0,
        "หมู่": 1,
        "มุมเอียง": 15,
        "azimuth": 180,
        "วันที่ติดตั้ง": "01/03/2567",
        "เจ้าของ": "",
        "lat": REF_LAT - 0.003,
        "lon": REF_LON + 0.002,
    },
    {
        "ชื่อ": "บ้านนายทดสอบ",
        "ประเภทอาคาร": "household",
        "กำลังผลิต": 5.0,
        "หมู่": 1,
        "มุมเอียง": 15,
        "azimuth": 180,
        "วันที่ติดตั้ง": "01/03/2567",
        "เจ้าของ": "นายทดสอบ ใจดี",
        "lat": REF_LAT + 0.004,
        "lon": REF_LON - 0.003,
    },
]


def survey_frame(rows=SURVEY, crs="EPSG:4326") -> gpd.GeoDataFrame:
    frame = gpd.GeoDataFrame(
        [{k: v for k, v in r.items() if k not in ("lat", "lon")} for r in rows],
        geometry=[Point(r["lon"], r["lat"]) for r in rows],
        crs="EPSG:4326",
    )
    return frame.to_crs(crs)


def write(frame: gpd.GeoDataFrame, path: Path, driver: str) -> Path:
    pyogrio.write_dataframe(frame, path, driver=driver)
    return path


def zipped(folder: Path, name: str) -> Path:
    archive = folder / f"{name}.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for part in folder.glob(f"{name}.*"):
            if part.suffix != ".zip":
                z.write(part, part.name)
    return archive


def layer(path: Path, crs=None, target="installations"):
    return read_layer(
        path, filename=path.name, crs=crs, limits=LIMITS, need_geometry=target != "collections"
    )


def assert_survey_positions(plan):
    for outcome, obj, row in zip(plan.rows, plan.instances, SURVEY, strict=True):
        assert outcome.action == "create", outcome
        assert obj.latitude == pytest.approx(row["lat"], abs=1e-6)
        assert obj.longitude == pytest.approx(row["lon"], abs=1e-6)


@pytest.mark.parametrize(
    "driver,suffix", [("GPKG", "gpkg"), ("GeoJSON", "geojson"), ("KML", "kml")]
)
def test_formats_in_wgs84(tmp_path, municipality, moo1, driver, suffix):
    frame = survey_frame()
    if suffix == "kml":  # KML names a placemark by its Name field
        frame = frame.rename(columns={"ชื่อ": "Name"})
    path = write(frame, tmp_path / f"survey.{suffix}", driver)
    plan = plan_import(layer=layer(path), target_key="installations")
    assert plan.far is None
    assert (
        plan.mapping["capacity_kwp"] == "กำลังผลิต" and plan.mapping["building_type"] == "ประเภทอาคาร"
    )
    assert [o.label for o in plan.rows] == [r["ชื่อ"] for r in SURVEY]
    assert_survey_positions(plan)
    assert plan.instances[1].building_type == "temple"  # "วัด" read as the Thai label


ENGLISH_HEADERS = {"ชื่อ": "name", "ประเภทอาคาร": "type", "กำลังผลิต": "kwp", "หมู่": "moo",
                   "มุมเอียง": "tilt", "วันที่ติดตั้ง": "installed", "เจ้าของ": "owner"}  # fmt: skip


def shapefile(folder, crs):
    """Shapefile field names are 10 bytes: municipal tax maps use short English ones."""
    frame = survey_frame(crs=crs).rename(columns=ENGLISH_HEADERS)
    write(frame, folder / "survey.shp", "ESRI Shapefile")


def test_zipped_shapefile_in_utm_47n_is_reprojected(tmp_path, municipality, moo1):
    shapefile(tmp_path, "EPSG:32647")
    loaded = layer(zipped(tmp_path, "survey"))
    assert loaded.source_crs == "EPSG:32647"
    assert_survey_positions(plan_import(layer=loaded, target_key="installations"))


def test_shapefile_without_prj_needs_a_crs(tmp_path, municipality, moo1):
    shapefile(tmp_path, "EPSG:32647")
    (tmp_path / "survey.prj").unlink()
    with pytest.raises(GisFileError, match=r"^crs: the file does not say"):
        layer(zipped(tmp_path, "survey"))
    assert_survey_positions(
        plan_import(layer=layer(tmp_path / "survey.zip", crs="32647"), target_key="installations")
    )


def test_csv_with_latitude_longitude_and_xlsx_with_utm(tmp_path, municipality, moo1):
    rows = [
        {
            **{k: v for k, v in r.items() if k not in ("lat", "lon")},
            "latitude": r["lat"],
            "longitude": r["lon"],
        }
        for r in SURVEY
    ]
    import pandas as pd

    pd.DataFrame(rows).to_csv(tmp_path / "survey.csv", index=False)
    assert_survey_positions(
        plan_import(layer=layer(tmp_path / "survey.csv"), target_key="installations")
    )
    utm = [TO_UTM47.transform(r["lon"], r["lat"]) for r in SURVEY]
    table = [
        {**{k: v for k, v in r.items() if k not in ("lat", "lon")}, "easting": e, "northing": n}
        for r, (e, n) in zip(SURVEY, utm, strict=True)
    ]
    pd.DataFrame(table).to_excel(tmp_path / "survey.xlsx", index=False)
    with pytest.raises(GisFileError, match=r"^crs: easting/northing columns need"):
        layer(tmp_path / "survey.xlsx")
    assert_survey_positions(
        plan_import(layer=layer(tmp_path / "survey.xlsx", crs="32647"), target_key="installations")
    )


# --- Hostile files -----------------------------------------------------------------------------


def test_corrupt_archive(tmp_path):
    bad = tmp_path / "survey.zip"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip file" * 10)
    with pytest.raises(GisFileError, match="not a readable zip archive"):
        layer(bad)
    # A well-formed archive whose member data is damaged (fails its checksum or inflation).
    with zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("survey.shp", bytes(range(256)) * 400)
    data = bytearray(bad.read_bytes())
    for offset in range(60, 400, 7):
        data[offset] ^= 0xFF
    bad.write_bytes(bytes(data))
    with pytest.raises(GisFileError, match="not a readable zip archive"):
        layer(bad)


@pytest.mark.parametrize("entry", ["../escape.shp", "/etc/escape.shp", "C:/escape.shp"])
def test_archive_entries_outside_the_archive(tmp_path, entry):
    bad = tmp_path / "survey.zip"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr(entry, b"x")
    with pytest.raises(GisFileError, match="points outside the archive"):
        layer(bad)


def test_archive_that_expands_past_the_limit(tmp_path):
    bomb = tmp_path / "survey.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("survey.shp", b"\0" * 25_000_000)  # 25 MB of zeros, a few kB compressed
    assert bomb.stat().st_size < 100_000
    with pytest.raises(GisFileError, match="expands past 20 MB"):
        layer(bomb)


def test_file_over_the_upload_limit(tmp_path):
    big = tmp_path / "survey.geojson"
    big.write_bytes(b" " * 5_000_001)
    with pytest.raises(GisFileError, match="over the 5 MB limit"):
        layer(big)


def test_wrong_geometry_type_empty_layer_unreadable_and_unknown(tmp_path, municipality):
    polygons = gpd.GeoDataFrame(
        {"name": ["x"]}, geometry=[box(100.17, 19.71, 100.18, 19.72)], crs="EPSG:4326"
    )
    path = write(polygons, tmp_path / "areas.gpkg", "GPKG")
    with pytest.raises(GisFileError, match="installations need points, the layer holds Polygon"):
        plan_import(layer=layer(path), target_key="installations")
    empty = tmp_path / "empty.geojson"
    empty.write_text('{"type": "FeatureCollection", "features": []}')
    with pytest.raises(GisFileError, match="no features"):
        layer(empty)
    garbage = tmp_path / "garbage.gpkg"
    garbage.write_bytes(b"SQLite format 3\0" + b"\x13" * 4000)
    with pytest.raises(GisFileError, match="not a GeoPackage file"):
        layer(garbage)
    with pytest.raises(GisFileError, match=r"\.exe is not a supported format"):
        read_layer(garbage, filename="survey.exe", crs=None, limits=LIMITS)


# --- CRS mistakes, commits, re-import ---------------------------------------------------------


def test_swapped_axes_are_flagged_and_nothing_is_written(tmp_path, municipality, moo1):
    swapped = [{**r, "lat": r["lon"], "lon": r["lat"]} for r in SURVEY]
    frame = gpd.GeoDataFrame(
        [
            {
                "ชื่อ": r["ชื่อ"],
                "กำลังผลิต": r["กำลังผลิต"],
                "ประเภทอาคาร": "school",
                "tilt": 10,
                "commissioned_on": "2024-01-01",
            }
            for r in swapped
        ],
        geometry=[Point(r["lon"], r["lat"]) for r in swapped],
        crs="EPSG:4326",
    )
    loaded = layer(write(frame, tmp_path / "swapped.gpkg", "GPKG"))
    plan = plan_import(layer=loaded, target_key="installations")
    assert plan.far["count"] == 3 and plan.far["axes_swapped"] is True
    assert "check the coordinate system" in plan.rows[0].warnings[0]
    with pytest.raises(ImportRefused, match="3 rows lie more than 20 km"):
        commit_import(layer=loaded, target_key="installations")
    assert not SolarInstallation.objects.exists()
    # Points really elsewhere (Bangkok) are flagged too, and can be imported on purpose.
    bangkok = survey_frame([{**r, "lat": r["lat"] - 5.97, "lon": r["lon"] + 0.32} for r in SURVEY])
    elsewhere = layer(write(bangkok, tmp_path / "bangkok.gpkg", "GPKG"))
    far = plan_import(layer=elsewhere, target_key="installations").far
    assert far["count"] == 3 and far["axes_swapped"] is False and 660 < far["median_km"] < 670
    with pytest.raises(ImportRefused):
        commit_import(layer=elsewhere, target_key="installations")
    assert commit_import(layer=elsewhere, target_key="installations", accept_far=True).created == 3


def test_all_or_nothing_then_valid_only_then_idempotent(tmp_path, municipality, moo1):
    rows = [*SURVEY, {**SURVEY[0], "ชื่อ": "โรงเรียนผิด", "กำลังผลิต": -4, "lat": REF_LAT + 0.01}]
    loaded = layer(write(survey_frame(rows), tmp_path / "survey.gpkg", "GPKG"))
    with pytest.raises(ImportRefused, match="1 rows have errors; nothing was imported") as refused:
        commit_import(layer=loaded, target_key="installations")
    bad = refused.value.plan.rows[3]
    assert bad.action == "error" and "capacity_kwp" in bad.errors
    assert not SolarInstallation.objects.exists()

    result = commit_import(layer=loaded, target_key="installations", mode="valid_only")
    assert (result.created, result.refused) == (3, 1)
    refused_csv = result.refused_csv.decode("utf-8-sig")
    assert "โรงเรียนผิด" in refused_csv and "capacity_kwp" in refused_csv
    saved = SolarInstallation.objects.get(name="บ้านนายทดสอบ")
    assert (saved.owner_name, saved.village, saved.capacity_kwp) == (
        "นายทดสอบ ใจดี",
        moo1,
        Decimal("5.00"),
    )
    history = SolarInstallation.history.count()

    again = commit_import(layer=loaded, target_key="installations", mode="valid_only")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert SolarInstallation.objects.count() == 3 and SolarInstallation.history.count() == history

    changed = [{**SURVEY[0], "กำลังผลิต": 25.0}, *SURVEY[1:]]
    update = commit_import(
        layer=layer(write(survey_frame(changed), tmp_path / "v2.gpkg", "GPKG")),
        target_key="installations",
    )
    assert (update.created, update.updated, update.unchanged) == (0, 1, 2)
    assert SolarInstallation.objects.get(name=SURVEY[0]["ชื่อ"]).capacity_kwp == Decimal("25.00")


def test_probable_duplicate_is_reported(tmp_path, municipality, school):
    near_school = [
        {
            "ชื่อ": "รร.บ้านชวา (ซ้ำ)",
            "กำลังผลิต": 30,
            "ประเภทอาคาร": "school",
            "tilt": 10,
            "commissioned_on": "2024-01-01",
            "lat": school.latitude + 0.00003,
            "lon": school.longitude,
        }
    ]
    plan = plan_import(
        layer=layer(write(survey_frame(near_school), tmp_path / "d.gpkg", "GPKG")),
        target_key="installations",
    )
    assert plan.rows[0].action == "create"
    assert f"probable duplicate of #{school.pk}" in plan.rows[0].warnings[0]


def test_villages_join_every_site_and_report_the_outside(
    tmp_path, municipality, moo2, school, waste_bank
):
    far_point = WastePoint.objects.create(
        name="จุดนอกเขต", kind="drop_off_bin", latitude=REF_LAT + 0.05, longitude=REF_LON
    )
    frame = gpd.GeoDataFrame(
        {"หมู่ที่": [2, 3], "ชื่อหมู่บ้าน": ["บ้านสันทรายงาม", "บ้านใหม่"]},
        geometry=[
            box(REF_LON - 0.01, REF_LAT - 0.01, REF_LON + 0.01, REF_LAT + 0.01),
            box(REF_LON + 0.02, REF_LAT, REF_LON + 0.03, REF_LAT + 0.01),
        ],
        crs="EPSG:4326",
    ).to_crs("EPSG:24047")  # Indian 1975 / UTM 47N, as old tax maps are
    result = commit_import(
        layer=layer(write(frame, tmp_path / "villages.gpkg", "GPKG")), target_key="villages"
    )
    assert (result.created, result.updated) == (1, 1)
    school.refresh_from_db()
    waste_bank.refresh_from_db()
    assert school.village == moo2 and waste_bank.village == moo2
    assert result.villages.outside_sites == (f"wastepoint #{far_point.pk} จุดนอกเขต",)
    assert Village.objects.get(moo=3).boundary_geojson["type"] == "Polygon"


def test_waste_points_from_osm_tags_then_collections_by_ref(tmp_path, municipality, moo2):
    points = gpd.GeoDataFrame(
        {
            "name": ["ธนาคารขยะ ม.2"],
            "ref": ["WB-02"],
            "recycling_type": ["centre"],
            "recycling:cans": ["yes"],
            "recycling:paper": ["yes"],
            "recycling:glass_bottles": ["no"],
            "opening_hours": ["Sa[2] 09:00-12:00"],
        },
        geometry=[Point(REF_LON, REF_LAT)],
        crs="EPSG:4326",
    )
    # OpenStreetMap's recycling_type=centre named as a waste bank is one (see gis_osm).
    commit_import(
        layer=layer(write(points, tmp_path / "p.geojson", "GeoJSON")), target_key="waste_points"
    )
    point = WastePoint.objects.get(ref="WB-02")
    assert point.kind == "waste_bank" and point.accepted_materials == ["cans", "paper"]

    (tmp_path / "c.csv").write_text(
        "รหัสจุด,วันที่,วัสดุ,น้ำหนัก (กก.),ปลายทาง,ราคา\n"
        "WB-02,14/03/2569,pet,12.5,sold,7\n"
        "WB-02,14/03/2569,กระดาษรวม,8,sold,\n",
        encoding="utf-8",
    )
    loaded = layer(tmp_path / "c.csv", target="collections")
    assert commit_import(layer=loaded, target_key="collections").created == 2
    assert commit_import(layer=loaded, target_key="collections").unchanged == 2
    assert sorted(WasteCollection.objects.values_list("material__code", flat=True)) == [
        "paper",
        "pet",
    ]


# --- Jobs, command, API and exports ------------------------------------------------------------


def test_staff_page_runs_the_dry_run_then_commits(
    tmp_path, client, somchai, municipality, moo1, django_capture_on_commit_callbacks, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    path = write(survey_frame(), tmp_path / "survey.gpkg", "GPKG")
    client.force_login(somchai)
    with django_capture_on_commit_callbacks(execute=True), open(path, "rb") as upload:
        response = client.post("/manage/import/", {"target": "installations", "file": upload})
    job = ImportJob.objects.get()
    assert (
        response.status_code == 302 and job.status == "done" and job.result["counts"]["create"] == 3
    )
    assert not SolarInstallation.objects.exists()
    page = client.get(f"/manage/import/{job.pk}/").content.decode()
    assert "กำลังผลิต" in page and 'id="import-commit"' in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/manage/import/{job.pk}/commit/", {"mode": "all"})
    job.refresh_from_db()
    assert job.committed and job.result["committed"]["created"] == 3
    assert SolarInstallation.objects.count() == 3


def test_management_command_shows_a_progress_bar(tmp_path, municipality, moo1, capsys):
    path = write(survey_frame(), tmp_path / "survey.gpkg", "GPKG")
    call_command("import_gis", str(path), "--target", "installations")
    captured = capsys.readouterr()
    assert "[##############################] 100 %  3/3 rows" in captured.err
    assert "3 create" in captured.out and "Dry run" in captured.out
    call_command("import_gis", str(path), "--target", "installations", "--commit")
    assert SolarInstallation.objects.count() == 3
    with pytest.raises(CommandError, match="not a supported format"):
        bad = tmp_path / "survey.txt"
        bad.write_text("x")
        call_command("import_gis", str(bad), "--target", "installations")


def test_api_import(
    tmp_path, client, somchai, municipality, moo1, django_capture_on_commit_callbacks, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    path = write(survey_frame(), tmp_path / "survey.geojson", "GeoJSON")
    assert client.post("/api/imports", {"target": "installations"}).status_code in (401, 422)
    client.force_login(somchai)
    with django_capture_on_commit_callbacks(execute=True), open(path, "rb") as upload:
        response = client.post("/api/imports", {"target": "installations", "file": upload})
    assert response.status_code == 202, response.content
    job_id = response.json()["id"]
    assert client.get(f"/api/imports/{job_id}").json()["result"]["counts"]["create"] == 3
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/imports/{job_id}/commit", {"mode": "all"}, content_type="application/json"
        )
    assert response.status_code == 202
    assert SolarInstallation.objects.count() == 3


def read_back(response, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(response.getvalue() if hasattr(response, "getvalue") else response.content)
    return pyogrio.read_dataframe(path)


@pytest.mark.parametrize(
    "fmt,name",
    [
        ("gpkg", "x.gpkg"),
        ("geojson", "x.geojson"),
        ("shp", "x.shp.zip"),
        ("csv", "x.csv"),
        ("xlsx", "x.xlsx"),
    ],
)
def test_exports_read_back_with_the_same_rows_geometry_and_crs(
    client, tmp_path, somchai, household, school, fmt, name
):
    public = client.get(f"/api/export/installations?format={fmt}")
    assert public.status_code == 200
    path = tmp_path / name
    path.write_bytes(public.content)
    if fmt in ("csv", "xlsx"):
        loaded = read_layer(path, filename=name, crs=None, limits=LIMITS).frame
    else:
        loaded = gpd.read_file(f"/vsizip/{path}" if fmt == "shp" else path, engine="pyogrio")
        assert loaded.crs.to_epsg() == 4326
    api = {row["name"]: row for row in client.get("/api/solar/installations").json()["items"]}
    assert sorted(loaded["name"]) == sorted(api)
    for _, row in loaded.iterrows():
        expected = api[row["name"]]
        assert row.geometry.y == pytest.approx(expected["latitude"], abs=1e-7)
        assert row.geometry.x == pytest.approx(expected["longitude"], abs=1e-7)
    text = (
        public.content.decode("utf-8", "ignore")
        if fmt != "xlsx"
        else " ".join(map(str, loaded.values.ravel()))
    )
    assert OWNER_NAME not in text and OWNER_PHONE not in text and household.name not in text
    client.force_login(somchai)
    staff = (
        read_back(client.get(f"/api/export/installations?format={fmt}"), tmp_path, "staff-" + name)
        if fmt not in ("csv", "xlsx")
        else None
    )
    if staff is not None:
        assert OWNER_NAME in set(staff["owner_name"])
        assert staff.geometry.iloc[[*staff["name"]].index(household.name)].y == pytest.approx(
            household.latitude
        )


def test_osm_export_of_waste_points_and_village_polygons(client, tmp_path, waste_bank, moo1):
    osm = json.loads(client.get("/api/export/waste-points?format=osm").content)
    tags = osm["features"][0]["properties"]
    assert tags["amenity"] == "recycling" and tags["recycling:plastic_bottles"] == "yes"
    assert tags["opening_hours"] == "Sa[2] 09:00-12:00"
    villages = read_back(client.get("/api/export/villages?format=gpkg"), tmp_path, "v.gpkg")
    assert villages.geometry.iloc[0].geom_type == "Polygon" and villages.crs.to_epsg() == 4326
    assert villages.geometry.iloc[0].bounds == pytest.approx((100.17, 19.707, 100.19, 19.727))
    table = client.get("/api/export/collections?format=xlsx")
    assert table.status_code == 200 and table.content[:2] == b"PK"
    assert zipfile.ZipFile(io.BytesIO(table.content)).testzip() is None


def test_read_target_layer_allows_tables_for_collections(tmp_path):
    (tmp_path / "c.csv").write_text("point,date,material,kg\nWB-1,2026-01-05,pet,3\n")
    assert (
        len(
            read_target_layer(
                tmp_path / "c.csv", filename="c.csv", target="collections", crs=None
            ).frame
        )
        == 1
    )


@pytest.mark.parametrize("fmt,name", [("gpkg", "mine.gpkg"), ("shp", "mine.zip")])
def test_our_own_staff_export_reimports_as_unchanged(
    client, tmp_path, somchai, municipality, household, school, fmt, name
):
    client.force_login(somchai)
    path = tmp_path / name
    path.write_bytes(client.get(f"/api/export/installations?format={fmt}").content)
    plan = plan_import(layer=layer(path), target_key="installations")
    assert [r.action for r in plan.rows] == ["unchanged", "unchanged"], plan.rows
    assert plan.mapping["capacity_kwp"] in ("capacity_kwp", "capacity_k")
