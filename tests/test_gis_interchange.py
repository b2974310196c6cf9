# mypy: disable-error-code="index,union-attr,operator,arg-type,attr-defined"
"""Files other tools write: an overpass-turbo export, our own OpenStreetMap export read back, a
Google My Maps KML with eight folders and Thai ExtendedData, multi-layer GeoPackages, and a
boundary file of another country in its own UTM zone."""

import datetime as dt
import json
import zipfile
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
from django.core.management import call_command
from shapely.geometry import Point, box

from sustain.core.gisfiles import LAYER_COLUMN, Limits, read_layer
from sustain.models import ImportJob, Village, WastePoint, WastePointKind
from sustain.services.gis.importing import ImportRefused, commit_import, plan_import
from tests.conftest import OWNER_NAME, REF_LAT, REF_LON

LIMITS = Limits(upload_bytes=5_000_000, expanded_bytes=20_000_000)


def read(path: Path, **options):
    return read_layer(path, filename=path.name, crs=None, limits=LIMITS, **options)


# --- OpenStreetMap ---------------------------------------------------------------------------


def osm_node(osm_id: str, lon: float, lat: float, **tags: str) -> dict:
    """A feature as overpass-turbo's GeoJSON export writes it: tags flattened into the
    properties with ``@id``, and the OSM id again as the feature id."""
    return {
        "type": "Feature",
        "properties": {"@id": osm_id, **tags},
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "id": osm_id,
    }


def overpass_export(features: list[dict]) -> str:
    return json.dumps(
        {
            "type": "FeatureCollection",
            "generator": "overpass-turbo",
            "copyright": "The data included in this document is from www.openstreetmap.org. "
            "The data is made available under ODbL.",
            "timestamp": "2026-11-20T03:14:15Z",
            "features": features,
        },
        ensure_ascii=False,
    )


def overpass_features(opening: str = "Mo-Fr 08:30-16:30") -> list[dict]:
    centre = {
        "type": "Feature",
        "properties": {"@id": "way/2001", "amenity": "recycling", "recycling_type": "centre",
                       "name": "ลานคัดแยกขยะเทศบาล", "recycling:paper": "yes",
                       "recycling:cardboard": "yes"},
        "geometry": {"type": "Polygon", "coordinates": [[
            [REF_LON + 0.004, REF_LAT], [REF_LON + 0.005, REF_LAT],
            [REF_LON + 0.005, REF_LAT + 0.001], [REF_LON + 0.004, REF_LAT + 0.001],
            [REF_LON + 0.004, REF_LAT]]]},
        "id": "way/2001",
    }  # fmt: skip
    return [
        osm_node("node/1001", REF_LON + 0.001, REF_LAT + 0.001, amenity="recycling",
                 recycling_type="container", name="จุดรับขวดหน้าวัด",
                 **{"recycling:glass_bottles": "yes", "recycling:cans": "yes",
                    "recycling:shoes": "yes", "recycling:plastic": "no",
                    "recycling:foo_bar": "yes"},
                 opening_hours=opening, operator="เทศบาลตำบลสันทรายงาม",
                 check_date="2026-10-01", wheelchair="yes"),
        osm_node("node/1002", REF_LON - 0.001, REF_LAT, amenity="recycling",
                 recycling_type="centre", name="ธนาคารขยะบ้านสันทราย",
                 **{"recycling:PET": "yes", "recycling:cartons": "yes"},
                 website="https://example.org/wb"),
        osm_node("node/1003", REF_LON, REF_LAT - 0.001, amenity="waste_disposal",
                 waste="hazardous", name="ถังขยะอันตราย รพ.สต."),
        osm_node("node/1004", REF_LON + 0.002, REF_LAT - 0.002, amenity="recycling",
                 recycling_type="container", **{"recycling:batteries": "yes"}),
        osm_node("node/1005", REF_LON - 0.002, REF_LAT + 0.002, amenity="waste_basket"),
        centre,
    ]  # fmt: skip


def test_an_overpass_turbo_export_imports_with_a_documented_kind_for_each_feature(
    tmp_path, municipality
):
    path = tmp_path / "export.geojson"
    path.write_text(overpass_export(overpass_features()), encoding="utf-8")
    plan = plan_import(layer=read(path), target_key="waste_points")
    rows = {r.label: r for r in plan.rows}
    outcomes = [
        (r.action, obj.kind if obj else None)
        for r, obj in zip(plan.rows, plan.instances, strict=False)
    ]
    assert outcomes == [
        ("create", "drop_off_bin"), ("create", "waste_bank"), ("create", "hazardous_bin"),
        ("create", "hazardous_bin"), ("error", None), ("error", None),
    ]  # fmt: skip
    assert plan.instances[0].accepted_materials == ["cans", "glass_bottles", "shoes"]
    assert plan.instances[1].accepted_materials == ["PET", "cartons"]
    assert plan.instances[0].osm_id == "node/1001" and plan.instances[2].osm_id == "node/1003"
    assert plan.instances[0].last_verified_on == dt.date(2026, 10, 1)
    assert rows["จุดรับขวดหน้าวัด"].warnings == ["recycling:foo_bar=yes: not recognised (not imported)"]
    assert "a rubbish bin" in plan.rows[4].errors["kind"][0]
    assert "choose “polygons as points”" in plan.rows[5].errors["geometry"][0]
    # Exactly the columns no field and no OSM rule used.
    assert plan.unmapped_columns == ["website", "wheelchair"]

    as_points = plan_import(layer=read(path), target_key="waste_points", polygons_as_points=True)
    centre = as_points.rows[5]
    assert centre.action == "create" and as_points.instances[5].kind == "sorting_station"
    assert "imported at its representative point" in centre.warnings[0]
    assert as_points.instances[5].osm_id == "way/2001"

    result = commit_import(layer=read(path), target_key="waste_points", mode="valid_only",
                           polygons_as_points=True)  # fmt: skip
    assert (result.created, result.refused) == (5, 1)
    history = WastePoint.history.count()
    again = plan_import(layer=read(path), target_key="waste_points", polygons_as_points=True)
    assert [r.action for r in again.rows] == ["unchanged"] * 4 + ["error", "unchanged"]
    # A newer export (hours changed, name fixed in OSM) updates the same points, by OSM id.
    features = overpass_features(opening="Mo-Sa 08:00-17:00")
    features[0]["properties"]["name"] = "จุดรับขวดหน้าวัดสันทราย"
    path.write_text(overpass_export(features), encoding="utf-8")
    update = commit_import(layer=read(path), target_key="waste_points", mode="valid_only",
                           polygons_as_points=True)  # fmt: skip
    assert (update.created, update.updated, update.unchanged) == (0, 1, 4)
    point = WastePoint.objects.get(osm_id="node/1001")
    assert point.opening_hours == "Mo-Sa 08:00-17:00" and point.name.endswith("สันทราย")
    assert WastePoint.objects.count() == 5 and WastePoint.history.count() == history + 1


@pytest.fixture
def every_kind(municipality, waste_bank):
    """One point of each kind, materials stored in no particular order."""
    kinds = {
        WastePointKind.DROP_OFF_BIN: ["paper", "cans", "glass_bottles"],
        WastePointKind.COMPOST_POINT: ["food_waste", "green_waste"],
        WastePointKind.HAZARDOUS_BIN: [],
        WastePointKind.E_WASTE_POINT: ["mobile_phones", "computers"],
        WastePointKind.SORTING_STATION: ["scrap_metal", "paper", "PET"],
    }
    for number, (kind, materials) in enumerate(kinds.items(), start=1):
        WastePoint.objects.create(
            name=f"จุดทดสอบ {number}", kind=kind, accepted_materials=materials,
            latitude=REF_LAT + number * 0.001, longitude=REF_LON + 0.001,
            ref=f"P-{number}" if number % 2 else "", collection_times="We 07:00",
            last_verified_on=dt.date(2026, 3, number),
        )  # fmt: skip
    WastePoint.objects.filter(kind=WastePointKind.DROP_OFF_BIN).update(osm_id="node/424242")
    return WastePoint.objects.all()


def test_our_osm_export_has_no_null_tags_and_reimports_unchanged(client, tmp_path, every_kind):
    response = client.get("/api/export/waste-points?format=osm")
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
    assert b"null" not in response.content
    collection = json.loads(response.content)
    for feature in collection["features"]:
        assert all(isinstance(v, str) and v for v in feature["properties"].values())
    osm = next(f for f in collection["features"] if f.get("id") == "node/424242")
    assert osm["properties"]["@id"] == "node/424242"
    path = tmp_path / "waste_points_osm.geojson"
    path.write_bytes(response.content)
    history = WastePoint.history.count()
    plan = plan_import(layer=read(path), target_key="waste_points")
    assert [(r.action, r.warnings) for r in plan.rows] == [("unchanged", [])] * 6, plan.rows
    assert plan.unmapped_columns == []
    result = commit_import(layer=read(path), target_key="waste_points")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 6)
    assert WastePoint.history.count() == history


def test_the_order_of_materials_is_never_a_change(tmp_path, municipality, waste_bank):
    path = tmp_path / "bank.csv"
    path.write_text(
        "ref,name,kind,accepted_materials,opening_hours,latitude,longitude\n"
        f"WB-9,{waste_bank.name},waste_bank,cans;paper;plastic_bottles,Sa[2] 09:00-12:00,"
        f"{waste_bank.latitude},{waste_bank.longitude}\n",
        encoding="utf-8",
    )
    plan = plan_import(layer=read(path), target_key="waste_points")
    assert plan.rows[0].action == "update" and plan.rows[0].changed == ["ref"]


# --- KML and multi-layer files ---------------------------------------------------------------

KIND_FOLDERS = ["ธนาคารขยะ", "ถังรับขยะแยกประเภท", "จุดทำปุ๋ยหมัก", "ถังขยะอันตราย",
                "จุดรับขยะอิเล็กทรอนิกส์", "สถานีคัดแยกขยะ"]  # fmt: skip


def my_maps_placemark(name: str, lon: float, lat: float, ref: str) -> str:
    return f"""
      <Placemark>
        <name>{name}</name>
        <description><![CDATA[รหัสจุด: {ref}<br>เวลาเปิด: Mo-Fr 08:30-16:30]]></description>
        <styleUrl>#icon-1899-0288D1</styleUrl>
        <ExtendedData>
          <Data name="รหัสจุด">
            <value>{ref}</value>
          </Data>
          <Data name="เวลาเปิด">
            <value>Mo-Fr 08:30-16:30</value>
          </Data>
          <Data name="ผู้ดูแล">
            <value>เทศบาลตำบลสันทรายงาม</value>
          </Data>
        </ExtendedData>
        <Point>
          <coordinates>
            {lon},{lat},0
          </coordinates>
        </Point>
      </Placemark>"""


def my_maps_kml() -> str:
    """A Google My Maps "Export to KML" of eight layers: six of points (one per kind, named in
    Thai), one of collection routes (lines) and one of areas (polygons, one empty placemark)."""
    folders = []
    for f, folder in enumerate(KIND_FOLDERS):
        marks = "".join(
            my_maps_placemark(
                f"{folder} {i + 1}", REF_LON + 0.001 * f, REF_LAT + 0.001 * i, f"K{f}-{i}"
            )
            for i in range(3)
        )
        folders.append(f"<Folder>\n      <name>{folder}</name>{marks}\n    </Folder>")
    line = "<Placemark><name>{0}</name><LineString><tessellate>1</tessellate><coordinates>" \
           f"{REF_LON},{REF_LAT},0 {REF_LON + 0.01},{REF_LAT + 0.01},0</coordinates>" \
           "</LineString></Placemark>"  # fmt: skip
    ring = " ".join(f"{x},{y},0" for x, y in box(REF_LON + 0.01, REF_LAT, REF_LON + 0.011,
                                                 REF_LAT + 0.001).exterior.coords)  # fmt: skip
    area = f"<Placemark><name>{{0}}</name><Polygon><outerBoundaryIs><LinearRing><coordinates>" \
           f"{ring}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>"  # fmt: skip
    folders.append("<Folder><name>เส้นทางเก็บขยะ</name>" + line.format("สายเหนือ")
                   + line.format("สายใต้") + "</Folder>")  # fmt: skip
    folders.append("<Folder><name>พื้นที่</name>" + area.format("ลานคัดแยก") + area.format("ลานปุ๋ย")
                   + "<Placemark><name>ยังไม่ได้ปักหมุด</name></Placemark></Folder>")  # fmt: skip
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2">
  <Document>
    <name>จุดคัดแยกขยะ เทศบาลตำบลสันทรายงาม</name>
    <Style id="icon-1899-0288D1-normal"><IconStyle><color>ffd18802</color><scale>1</scale>
      <Icon><href>https://www.gstatic.com/mapspro/images/stock/503-wht-blank_maps.png</href></Icon>
      </IconStyle><LabelStyle><scale>0</scale></LabelStyle></Style>
    <StyleMap id="icon-1899-0288D1"><Pair><key>normal</key>
      <styleUrl>#icon-1899-0288D1-normal</styleUrl></Pair></StyleMap>
    {"".join(folders)}
  </Document>
</kml>
"""


def test_every_my_maps_folder_is_read_with_thai_extended_data(tmp_path, municipality):
    path = tmp_path / "จุดคัดแยกขยะ.kml"
    path.write_text(my_maps_kml(), encoding="utf-8")
    layer = read(path)
    assert [(info.name, info.features) for info in layer.layers] == [
        *[(folder, 3) for folder in KIND_FOLDERS], ("เส้นทางเก็บขยะ", 2), ("พื้นที่", 3)
    ]  # fmt: skip
    assert {"รหัสจุด", "เวลาเปิด", "ผู้ดูแล"} <= set(layer.frame.columns)
    plan = plan_import(layer=layer, target_key="waste_points", mapping={"kind": LAYER_COLUMN})
    assert plan.mapping["ref"] == "รหัสจุด" and plan.mapping["opening_hours"] == "เวลาเปิด"
    assert plan.mapping["operator"] == "ผู้ดูแล" and plan.mapping["name"] == "Name"
    assert plan.unmapped_columns == ["description"]
    assert len(plan.rows) == 23 and plan.counts()["create"] == 18
    assert [obj.kind for obj in plan.instances[:18]] == [
        kind for kind in ("waste_bank", "drop_off_bin", "compost_point", "hazardous_bin",
                          "e_waste_point", "sorting_station") for _ in range(3)
    ]  # fmt: skip
    assert plan.instances[0].ref == "K0-0" and plan.instances[0].operator == "เทศบาลตำบลสันทรายงาม"
    refused = {r.label: r.errors for r in plan.rows[18:]}
    assert "a point is needed, the feature is a LineString" in refused["สายเหนือ"]["geometry"][0]
    assert "the feature is a Polygon (choose" in refused["ลานคัดแยก"]["geometry"][0]
    assert "the feature has no geometry" in refused["ยังไม่ได้ปักหมุด"]["geometry"][0]

    # Staff choose some folders only; and polygons as points.
    two = read(path, layers=["ธนาคารขยะ", "พื้นที่"])
    assert [i.chosen for i in two.layers] == [True] + [False] * 6 + [True]
    chosen = plan_import(layer=two, target_key="waste_points", polygons_as_points=True,
                         mapping={"kind": LAYER_COLUMN})  # fmt: skip
    assert [r.action for r in chosen.rows] == ["create"] * 3 + ["error"] * 3
    assert chosen.rows[3].errors.keys() == {"kind"}  # "พื้นที่" is no kind: the rule is named
    assert "representative point" in chosen.rows[3].warnings[0]


def test_the_command_and_the_staff_page_choose_layers(
    tmp_path, municipality, capsys, client, somchai, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    path = tmp_path / "mymaps.kml"
    path.write_text(my_maps_kml(), encoding="utf-8")
    call_command("import_gis", str(path), "--target", "waste_points", "--map", "kind=@layer",
                 "--layer", "ธนาคารขยะ", "--layer", "ถังขยะอันตราย")  # fmt: skip
    out = capsys.readouterr().out
    assert "[x] ธนาคารขยะ: 3 (Point)" in out and "[ ] จุดทำปุ๋ยหมัก: 3 (not read)" in out
    assert "6 create" in out
    call_command("import_gis", str(path), "--target", "waste_points", "--map", "kind=@layer",
                 "--layer", "พื้นที่", "--polygons-as-points", "--commit", "--valid-only")  # fmt: skip
    assert WastePoint.objects.count() == 0  # "พื้นที่" names no kind: every row refused

    client.force_login(somchai)
    with django_capture_on_commit_callbacks(execute=True), open(path, "rb") as upload:
        client.post("/manage/import/", {"target": "waste_points", "file": upload,
                                        "mapping": '{"kind": "@layer"}'})  # fmt: skip
    job = ImportJob.objects.get()
    page = client.get(f"/manage/import/{job.pk}/").content.decode()
    assert 'id="import-layers"' in page and "เส้นทางเก็บขยะ" in page and "เส้น" in page
    assert job.result["counts"]["create"] == 18 and len(job.result["layers"]) == 8
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/manage/import/{job.pk}/options/",
                    {"layers": ["สถานีคัดแยกขยะ", "จุดทำปุ๋ยหมัก"], "mapping": '{"kind": "@layer"}'})  # fmt: skip
    job.refresh_from_db()
    assert job.layers == ["สถานีคัดแยกขยะ", "จุดทำปุ๋ยหมัก"]
    assert job.result["counts"] == {"create": 6, "update": 0, "unchanged": 0, "error": 0}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/manage/import/{job.pk}/commit/", {"mode": "all"})
    assert sorted(WastePoint.objects.values_list("kind", flat=True)) == (
        ["compost_point"] * 3 + ["sorting_station"] * 3
    )


def test_every_geopackage_layer_is_listed_and_read(tmp_path, municipality, client, somchai,
                                                    settings, django_capture_on_commit_callbacks):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path / "media"
    path = tmp_path / "survey.gpkg"
    bins = gpd.GeoDataFrame({"name": ["ถัง 1", "ถัง 2"], "kind": ["drop_off_bin"] * 2},
                            geometry=[Point(REF_LON, REF_LAT), Point(REF_LON + 0.001, REF_LAT)],
                            crs=4326)  # fmt: skip
    banks = gpd.GeoDataFrame({"name": ["ธนาคาร 1"], "kind": ["waste_bank"]},
                             geometry=[Point(REF_LON - 0.001, REF_LAT)], crs=4326).to_crs(32647)  # fmt: skip
    pyogrio.write_dataframe(bins, path, layer="bins", driver="GPKG")
    pyogrio.write_dataframe(banks, path, layer="banks", driver="GPKG")
    layer = read(path)
    assert [(i.name, i.features, i.chosen) for i in layer.layers] == [
        ("bins", 2, True),
        ("banks", 1, True),
    ]
    assert layer.source_crs == "EPSG:4326, EPSG:32647"
    assert list(layer.frame[LAYER_COLUMN]) == ["bins", "bins", "banks"]
    plan = plan_import(layer=layer, target_key="waste_points")
    assert plan.counts()["create"] == 3
    assert plan.instances[2].longitude == pytest.approx(REF_LON - 0.001, abs=1e-7)
    client.force_login(somchai)
    with django_capture_on_commit_callbacks(execute=True), open(path, "rb") as upload:
        response = client.post("/api/imports", {"target": "waste_points", "file": upload,
                                                "layers": '["banks"]'})  # fmt: skip
    job = client.get(f"/api/imports/{response.json()['id']}").json()
    assert job["layers"] == ["banks"] and job["result"]["counts"]["create"] == 1
    assert job["polygons_as_points"] is False
    with django_capture_on_commit_callbacks(execute=True), open(path, "rb") as upload:
        as_points = client.post("/api/imports", {"target": "waste_points", "file": upload,
                                                 "polygons_as_points": "true"})  # fmt: skip
    assert as_points.json()["polygons_as_points"] is True
    with open(path, "rb") as upload:
        bad = client.post("/api/imports", {"target": "waste_points", "file": upload,
                                           "layers": '"banks"'})  # fmt: skip
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "layers"
    with django_capture_on_commit_callbacks(execute=True), open(path, "rb") as upload:
        missing = client.post("/api/imports", {"target": "waste_points", "file": upload,
                                               "layers": '["roads"]'})  # fmt: skip
    failed = client.get(f"/api/imports/{missing.json()['id']}").json()
    assert "the file has no layer roads (it has: bins, banks)" in failed["error"]


# --- Polygons checked like points ------------------------------------------------------------


def villages_elsewhere(tmp_path: Path) -> Path:
    """Three villages of Siem Reap province, Cambodia, as its own file holds them: in UTM
    zone 48N, numbered 1-3 like ours (so each would replace one of ours)."""
    frame = gpd.GeoDataFrame(
        {"village_no": [1, 2, 3], "name": ["ភូមិ​ជ្រាវ", "ភូមិ​ស្លក្រាម", "ភូមិ​វត្តបូព៌"]},
        geometry=[box(103.85 + i * 0.02, 13.35, 103.86 + i * 0.02, 13.36) for i in range(3)],
        crs=4326,
    ).to_crs(32648)
    folder = tmp_path / "khm"
    folder.mkdir()
    pyogrio.write_dataframe(frame, folder / "villages.shp", encoding="UTF-8")
    archive = tmp_path / "villages_siem_reap.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for part in folder.iterdir():
            z.write(part, part.name)
    return archive


def test_a_boundary_file_of_another_country_is_flagged_and_not_committed(
    tmp_path, municipality, moo1, moo2
):
    layer = read(villages_elsewhere(tmp_path))
    assert layer.source_crs == "EPSG:32648"
    plan = plan_import(layer=layer, target_key="villages")
    assert plan.far["count"] == 3 and 780 < plan.far["median_km"] < 840
    assert all("km from เทศบาลตำบลสันทรายงาม" in r.warnings[0] for r in plan.rows)
    for mode in ("all", "valid_only"):
        with pytest.raises(ImportRefused, match="3 rows lie more than 20 km"):
            commit_import(layer=layer, target_key="villages", mode=mode)
    moo1.refresh_from_db()
    assert moo1.name_th == "บ้านสันทรายมูล" and moo1.boundary_geojson["coordinates"][0][0] == [
        100.17,
        19.707,
    ]
    assert Village.objects.count() == 2


def test_a_polygon_outside_the_service_area_is_flagged(tmp_path, municipality, moo1):
    frame = gpd.GeoDataFrame(
        {"หมู่ที่": [1, 4], "ชื่อหมู่บ้าน": ["บ้านสันทรายมูล", "บ้านไกล"]},
        geometry=[box(100.17, 19.707, 100.19, 19.727),  # ours
                  box(REF_LON, REF_LAT + 0.11, REF_LON + 0.01, REF_LAT + 0.12)],  # 12 km north
        crs=4326,
    )  # fmt: skip
    path = tmp_path / "villages.geojson"
    pyogrio.write_dataframe(frame, path, driver="GeoJSON")
    plan = plan_import(layer=read(path), target_key="villages")
    assert plan.rows[0].warnings == []
    assert "does not overlap the service area" in plan.rows[1].warnings[0]
    assert plan.far["count"] == 1 and plan.far["outside_area"] == 1
    with pytest.raises(ImportRefused):
        commit_import(layer=read(path), target_key="villages")
    assert commit_import(layer=read(path), target_key="villages", accept_far=True).created == 1


@pytest.mark.parametrize(
    "fmt,name", [("gpkg", "v.gpkg"), ("shp", "v.zip"), ("geojson", "v.geojson")]
)
def test_reimporting_the_same_village_file_changes_nothing(tmp_path, client, municipality, fmt,
                                                           name):  # fmt: skip
    source = gpd.GeoDataFrame(
        {"หมู่ที่": [1, 2], "ชื่อหมู่บ้าน": ["บ้านสันทรายมูล", "บ้านสันทรายงาม"]},
        geometry=[box(100.17, 19.707, 100.19, 19.727), box(100.19, 19.707, 100.2013, 19.7271)],
        crs=4326,
    ).to_crs(24047)  # Indian 1975 / UTM 47N, as old tax maps are
    path = tmp_path / "villages.gpkg"
    pyogrio.write_dataframe(source, path, driver="GPKG")
    assert commit_import(layer=read(path), target_key="villages").created == 2
    history = Village.history.count()
    again = commit_import(layer=read(path), target_key="villages")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert Village.history.count() == history
    exported = tmp_path / name  # our own export, read back in another format
    exported.write_bytes(client.get(f"/api/export/villages?format={fmt}").content)
    plan = plan_import(layer=read(exported), target_key="villages")
    assert [r.action for r in plan.rows] == ["unchanged", "unchanged"], plan.rows


# --- One styled GeoPackage for QGIS ----------------------------------------------------------


def test_the_styled_geopackage_holds_every_layer_and_its_qgis_style(
    client, tmp_path, somchai, municipality, moo1, moo2, household, school, waste_bank
):
    WastePoint.objects.create(name="ถังขยะอันตราย", kind="hazardous_bin", latitude=REF_LAT,
                              longitude=REF_LON, accepted_materials=["batteries", "paper",
                                                                     "low_energy_bulbs"])  # fmt: skip
    response = client.get("/api/export/map")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geopackage+sqlite3"
    path = tmp_path / "sustain_map.gpkg"
    path.write_bytes(response.content)
    assert [str(row[0]) for row in pyogrio.list_layers(path)] == [
        "waste_points", "solar_installations", "villages", "layer_styles"
    ]  # fmt: skip
    points = pyogrio.read_dataframe(path, layer="waste_points")
    assert list(points["kind_letter"]) == ["W", "H"]
    assert list(points["bin_colour"]) == ["#f2c200", "#f07c00"]  # recyclable, hazardous
    assert points.crs.to_epsg() == 4326
    villages = pyogrio.read_dataframe(path, layer="villages")
    assert list(villages["name_th"]) == ["บ้านสันทรายมูล", "บ้านสันทรายงาม"]
    solar = pyogrio.read_dataframe(path, layer="solar_installations")
    assert OWNER_NAME not in set(solar["name"]) and "owner_name" not in solar.columns
    styles = pyogrio.read_dataframe(path, layer="layer_styles")
    assert list(styles["f_table_name"]) == ["waste_points", "solar_installations", "villages"]
    assert list(styles["f_geometry_column"]) == ["geom"] * 3 and styles["useAsDefault"].all()
    import xml.etree.ElementTree as ET

    qml = ET.fromstring(styles["styleQML"][0].split("\n", 1)[1])
    renderer = qml.find("renderer-v2")
    assert renderer.get("type") == "categorizedSymbol" and renderer.get("attr") == "bin_colour"
    categories = {c.get("value"): c.get("label") for c in renderer.iter("category")}
    assert categories["#f2c200"] == "ขยะรีไซเคิล" and categories["#f07c00"] == "ขยะอันตราย"
    assert qml.find("labeling/settings/text-style").get("fieldName") == "kind_letter"
    assert ET.fromstring(styles["styleSLD"][0]).tag.endswith("StyledLayerDescriptor")
    village_style = ET.fromstring(styles["styleQML"][2].split("\n", 1)[1])
    assert village_style.find("labeling/settings/text-style").get("fieldName") == "name_th"
    client.force_login(somchai)
    staff = tmp_path / "staff.gpkg"
    staff.write_bytes(client.get("/api/export/map").content)
    assert OWNER_NAME in set(
        pyogrio.read_dataframe(staff, layer="solar_installations")["owner_name"]
    )
