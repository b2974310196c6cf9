# mypy: disable-error-code="index,union-attr,operator"
"""Hostile GIS uploads: a file must never make the server read another file or fetch a URL,
in any code path (the reader, the dry run and the commit jobs, the command, the API), and
messages shown to staff never hold a server path.

A local HTTP server stands in for the outside world: no test may see a request reach it.
"""

import http.server
import io
import json
import sqlite3
import struct
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from shapely.geometry import Point

from sustain.core.gisfiles import GisFileError, Limits, read_layer
from sustain.models import ImportJob, SolarInstallation, WastePoint
from sustain.services.gis import jobs as gis_jobs
from tests.conftest import REF_LAT, REF_LON

LIMITS = Limits(upload_bytes=5_000_000, expanded_bytes=20_000_000)
SECRET = "SECRET-4f1c-do-not-publish"


class Trap:
    """An HTTP server on 127.0.0.1 that records every request and serves data worth stealing."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        hits = self.hits

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                body = f"name,lat,lon\n{SECRET},{REF_LAT},{REF_LON}\n".encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_HEAD = do_GET

            def log_message(self, *args: object) -> None:
                pass

        for port in range(8250, 8300):  # this helper's port range
            try:
                self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
                break
            except OSError:
                continue
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def trap() -> Iterator[Trap]:
    server = Trap()
    yield server
    server.close()


@pytest.fixture
def secret_file(tmp_path) -> Path:
    """A file the worker can read but must never publish."""
    path = tmp_path / "secret" / "secret.csv"
    path.parent.mkdir()
    path.write_text(f"name,lat,lon,WKT\n{SECRET},{REF_LAT},{REF_LON},POINT ({REF_LON} {REF_LAT})\n")
    return path


def vrt(secret_file: Path, trap: Trap) -> bytes:
    """An OGR VRT document: a layer from a local CSV and one from a URL."""
    return (
        "<OGRVRTDataSource>"
        f'<OGRVRTLayer name="sites"><SrcDataSource>CSV:{secret_file}</SrcDataSource>'
        "<SrcLayer>secret</SrcLayer>"
        '<GeometryField encoding="PointFromColumns" x="lon" y="lat"/></OGRVRTLayer>'
        f'<OGRVRTLayer name="remote"><SrcDataSource>/vsicurl/{trap.url}/remote.csv'
        "</SrcDataSource></OGRVRTLayer>"
        "</OGRVRTDataSource>"
    ).encode()


def zip_of(**members: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name.replace("__", "."), data)
    return buffer.getvalue()


def attacks(secret_file: Path, trap: Trap) -> dict[str, bytes]:
    doc = vrt(secret_file, trap)
    return {
        "sites.geojson": doc,
        "sites.json": doc,
        "sites.kml": doc,
        "sites.gpkg": doc,
        "sites.csv": doc,
        "sites.xlsx": doc,
        "vrt-as-shp.zip": zip_of(sites__shp=doc, sites__dbf=doc),
        "vrt-only.zip": zip_of(sites__vrt=doc),
        "vrt-beside-shp.zip": zip_of(sites__vrt=doc, sites__shp=doc, sites__shx=doc),
    }


EXPECTED = {
    ".geojson": "not a GeoJSON file", ".json": "not a GeoJSON file", ".kml": "not a KML file",
    ".gpkg": "not a GeoPackage file", ".csv": "not a CSV file", ".xlsx": "not a XLSX file",
}  # fmt: skip


def assert_nothing_leaked(text: str, trap: Trap, tmp_path: Path) -> None:
    assert trap.hits == []
    assert SECRET not in text
    assert str(tmp_path) not in text and "/tmp/" not in text and "sustain-import-" not in text


def test_a_vrt_under_every_accepted_name_is_refused_by_the_reader(tmp_path, secret_file, trap):
    for name, data in attacks(secret_file, trap).items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(GisFileError) as refused:
            read_layer(path, filename=name, crs=None, limits=LIMITS)
        message = str(refused.value)
        suffix = Path(name).suffix
        if suffix == ".zip":
            assert "not a zipped Shapefile file" in message or "exactly one .shp" in message, name
        else:
            assert EXPECTED[suffix] in message, (name, message)
        assert_nothing_leaked(message, trap, tmp_path)


@pytest.mark.parametrize("name", ["sites.geojson", "sites.kml", "vrt-as-shp.zip", "sites.gpkg"])
def test_every_code_path_refuses_a_vrt_and_writes_nothing(
    tmp_path, secret_file, trap, client, somchai, municipality, settings, name,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path / "media"
    path = tmp_path / name
    path.write_bytes(attacks(secret_file, trap)[name])
    client.force_login(somchai)
    for target in ("waste_points", "installations"):
        # The API (a dry-run job) ...
        with django_capture_on_commit_callbacks(execute=True), open(path, "rb") as upload:
            response = client.post("/api/imports", {"target": target, "file": upload})
        assert response.status_code == 202
        job = ImportJob.objects.get(pk=response.json()["id"])
        assert job.status == "failed" and job.result == {}
        assert_nothing_leaked(job.error + client.get(f"/api/imports/{job.pk}").content.decode(),
                              trap, tmp_path)  # fmt: skip
        # ... the staff page, the commit phase of a job (it reads the file again) ...
        page = client.get(f"/manage/import/{job.pk}/").content.decode()
        assert_nothing_leaked(page, trap, tmp_path)
        ImportJob.objects.filter(pk=job.pk).update(phase="commit", status="queued")
        committed = gis_jobs.job_run(job_id=job.pk)
        assert committed.status == "failed" and not committed.committed
        assert_nothing_leaked(committed.error, trap, tmp_path)
        # ... and the command, dry run and commit.
        for extra in ([], ["--commit", "--valid-only", "--accept-far"]):
            with pytest.raises(CommandError) as refused:
                call_command("import_gis", str(path), "--target", target, *extra)
            assert_nothing_leaked(str(refused.value), trap, tmp_path)
    assert not WastePoint.objects.exists() and not SolarInstallation.objects.exists()


def test_gdal_itself_reaches_no_vrt_no_url_and_no_crs_link(tmp_path, secret_file, trap):
    """Even a reader that skipped our checks could not: the configuration holds process-wide."""
    from sustain.core.gisfiles import gdal

    assert set(pyogrio.list_drivers()) == set(gdal.ALLOWED_DRIVERS)
    doc = tmp_path / "doc.vrt"
    doc.write_bytes(vrt(secret_file, trap))
    with pytest.raises(pyogrio.errors.DataSourceError):
        pyogrio.read_dataframe(doc)
    for url in (f"/vsicurl/{trap.url}/x.geojson", f"/vsicurl_streaming/{trap.url}/x.geojson"):
        with pytest.raises(pyogrio.errors.DataSourceError):
            pyogrio.read_dataframe(url)
    linked = tmp_path / "linked.geojson"
    linked.write_text(json.dumps(crs_link_collection(trap)))
    pyogrio.read_dataframe(linked)  # GDAL reads the features, but its CRS fetch is refused
    assert trap.hits == []
    assert f"{trap.url}/crs.wkt" in gdal.refused_urls()


def crs_link_collection(trap: Trap) -> dict:
    return {
        "type": "FeatureCollection",
        "crs": {"type": "link", "properties": {"href": f"{trap.url}/crs.wkt", "type": "ogcwkt"}},
        "features": [point_feature("จุดทดสอบ")],
    }


def point_feature(name: str, **properties: str) -> dict:
    return {
        "type": "Feature",
        "properties": {"name": name, "recycling_type": "container", **properties},
        "geometry": {"type": "Point", "coordinates": [REF_LON, REF_LAT]},
    }


@pytest.mark.parametrize(
    "document,message",
    [
        ("crs_link", "crs member must name an EPSG code"),
        ("name_vsicurl", "layer name “/vsicurl/"),
        ("name_csv", "layer name “CSV:"),
        ("property_vsicurl", "holds “/vsicurl/"),
        ("property_csv", "holds “CSV:"),
        ("property_vrt", "holds “<OGRVRTDataSource"),
    ],
)
def test_geojson_naming_a_url_or_a_file_is_refused(
    tmp_path, trap, secret_file, municipality, document, message
):
    collections = {
        "crs_link": crs_link_collection(trap),
        "name_vsicurl": {"type": "FeatureCollection", "name": f"/vsicurl/{trap.url}/a.csv",
                         "features": [point_feature("จุด ก")]},
        "name_csv": {"type": "FeatureCollection", "name": f"CSV:{secret_file}",
                     "features": [point_feature("จุด ก")]},
        "property_vsicurl": {"type": "FeatureCollection",
                             "features": [point_feature(f"/vsicurl/{trap.url}/b.csv")]},
        "property_csv": {"type": "FeatureCollection",
                         "features": [point_feature("จุด ข", operator=f"CSV:{secret_file}")]},
        "property_vrt": {"type": "FeatureCollection",
                         "features": [point_feature("จุด ค", notes=vrt(secret_file, trap).decode())]},
    }  # fmt: skip
    path = tmp_path / "points.geojson"
    path.write_text(json.dumps(collections[document]))
    with pytest.raises(GisFileError, match=r"refused|not a GeoJSON file") as refused:
        read_layer(path, filename=path.name, crs=None, limits=LIMITS)
    assert message in str(refused.value)
    assert trap.hits == [] and SECRET not in str(refused.value)


def test_kml_with_entities_or_links_reaches_nothing(tmp_path, trap, secret_file, municipality):
    xxe = tmp_path / "xxe.kml"
    xxe.write_text(
        f'<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY s SYSTEM "file://{secret_file}">]>'
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>&s;</name>'
        f"<Point><coordinates>{REF_LON},{REF_LAT}</coordinates></Point></Placemark></Document></kml>"
    )
    with pytest.raises(GisFileError, match=r"not a KML file \(it declares a DOCTYPE"):
        read_layer(xxe, filename=xxe.name, crs=None, limits=LIMITS)
    linked = tmp_path / "linked.kml"
    linked.write_text(
        '<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
        f"<NetworkLink><Link><href>{trap.url}/more.kml</href></Link></NetworkLink>"
        f"<Placemark><name>ถัง</name><styleUrl>{secret_file}#s</styleUrl>"
        f"<Point><coordinates>{REF_LON},{REF_LAT}</coordinates></Point></Placemark>"
        "</Document></kml>"
    )
    frame = read_layer(linked, filename=linked.name, crs=None, limits=LIMITS).frame
    assert list(frame["Name"]) == ["ถัง"]
    assert trap.hits == [] and SECRET not in frame.to_json()


def hostile_geopackage(tmp_path: Path) -> tuple[Path, Path]:
    """A GeoPackage whose layers are a view reading sqlite_master and a view over a virtual
    table reading another SQLite file."""
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE passwords (user TEXT, secret TEXT)")
        db.execute("INSERT INTO passwords VALUES ('root', ?)", (SECRET,))
    path = tmp_path / "sites.gpkg"
    frame = gpd.GeoDataFrame({"name": ["จุด ก"]}, geometry=[Point(REF_LON, REF_LAT)], crs=4326)
    pyogrio.write_dataframe(frame, path, layer="sites", driver="GPKG")
    db = sqlite3.connect(path)
    db.execute("PRAGMA writable_schema = ON")
    db.execute(
        "INSERT INTO sqlite_master (type, name, tbl_name, rootpage, sql) VALUES "
        "('table', 'other', 'other', 0, ?)",
        (f"CREATE VIRTUAL TABLE other USING VirtualOGR('{other}')",),
    )
    db.commit()
    db.close()
    db = sqlite3.connect(path)
    db.execute(
        "CREATE VIEW master AS SELECT s.fid AS fid, s.geom AS geom, "
        "(SELECT group_concat(sql) FROM sqlite_master) AS name FROM sites s"
    )
    db.execute(
        "CREATE VIEW stolen AS SELECT s.fid AS fid, s.geom AS geom, "
        "(SELECT group_concat(secret) FROM other) AS name FROM sites s"
    )
    for view in ("master", "stolen"):
        db.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) "
                   "VALUES (?, 'features', ?, 4326)", (view, view))  # fmt: skip
        db.execute("INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', 'POINT', 4326, 0, 0)",
                   (view,))  # fmt: skip
    db.commit()
    db.close()
    return path, other


def test_geopackage_views_and_virtual_tables_are_never_read(
    tmp_path, trap, municipality, client, somchai, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    path, _other = hostile_geopackage(tmp_path)
    for layers in (None, ["master"], ["stolen"]):
        with pytest.raises(GisFileError, match="is an SQL view; only feature tables are read"):
            read_layer(path, filename=path.name, crs=None, limits=LIMITS, layers=layers)
    client.force_login(somchai)
    with django_capture_on_commit_callbacks(execute=True), open(path, "rb") as upload:
        client.post("/manage/import/", {"target": "waste_points", "file": upload})
    job = ImportJob.objects.get()
    assert job.status == "failed" and "SQL view" in job.error
    page = client.get(f"/manage/import/{job.pk}/").content.decode()
    assert SECRET not in page and "CREATE TABLE" not in page and "gpkg_contents" not in page
    assert not WastePoint.objects.exists()


def broken_geopackage(tmp_path: Path) -> Path:
    broken = tmp_path / "survey.gpkg"
    header = bytearray(b"SQLite format 3\x00" + b"\x00" * 84)
    header[68:72] = b"GPKG"
    broken.write_bytes(bytes(header) + b"\x13" * 4000)  # the right header, then garbage
    return broken


def shapefile_without_shx(tmp_path: Path) -> Path:
    frame = gpd.GeoDataFrame({"name": ["ก"]}, geometry=[Point(REF_LON, REF_LAT)], crs=4326)
    (tmp_path / "shp").mkdir()
    pyogrio.write_dataframe(frame, tmp_path / "shp" / "survey.shp", encoding="UTF-8")
    archive = tmp_path / "survey.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for part in (tmp_path / "shp").iterdir():
            if part.suffix != ".shx":
                z.write(part, part.name)
    return archive


@pytest.mark.parametrize(
    "make,expected",
    [(broken_geopackage, "not a GeoPackage file"), (shapefile_without_shx, "could not read it")],
)
def test_staff_never_see_server_paths(tmp_path, client, somchai, settings, make, expected,
                                      django_capture_on_commit_callbacks):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path / "media"
    path = make(tmp_path)
    client.force_login(somchai)
    with django_capture_on_commit_callbacks(execute=True), open(path, "rb") as upload:
        client.post("/manage/import/", {"target": "installations", "file": upload})
    job = ImportJob.objects.get()
    assert job.status == "failed" and expected in job.error
    page = client.get(f"/manage/import/{job.pk}/").content.decode()
    with pytest.raises(CommandError) as refused:
        call_command("import_gis", str(path), "--target", "installations")
    for text in (job.error, page, str(refused.value)):
        assert str(tmp_path) not in text and "/tmp" not in text and "sustain-" not in text
        assert str(settings.MEDIA_ROOT) not in text


def shapefile_zip(tmp_path: Path, names: list[str], dbf_names: list[str]) -> Path:
    """A zipped Shapefile whose .dbf comes from another version of the layer."""
    rows = [{"name": n} for n in names]
    frame = gpd.GeoDataFrame(rows, geometry=[Point(REF_LON + i * 0.001, REF_LAT)
                                             for i in range(len(rows))], crs=4326)  # fmt: skip
    older = gpd.GeoDataFrame([{"name": n} for n in dbf_names],
                             geometry=[Point(REF_LON, REF_LAT)] * len(dbf_names), crs=4326)  # fmt: skip
    (tmp_path / "new").mkdir()
    (tmp_path / "old").mkdir()
    pyogrio.write_dataframe(frame, tmp_path / "new" / "points.shp", encoding="UTF-8")
    pyogrio.write_dataframe(older, tmp_path / "old" / "points.shp", encoding="UTF-8")
    archive = tmp_path / "points.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for part in sorted((tmp_path / "new").iterdir()):
            source = tmp_path / "old" / part.name if part.suffix == ".dbf" else part
            z.write(source, part.name)
    return archive


def test_shapefile_whose_dbf_and_shp_disagree_is_refused(tmp_path, municipality):
    archive = shapefile_zip(tmp_path, ["ก", "ข", "ค"], ["ก", "ข"])
    with pytest.raises(GisFileError, match=r"\.dbf holds 2 rows but its \.shp 3 features"):
        read_layer(archive, filename=archive.name, crs=None, limits=LIMITS)
    # The same check holds the other way round, and an honest file still imports.
    (tmp_path / "points.zip").unlink()
    for folder in ("new", "old"):
        for part in (tmp_path / folder).iterdir():
            part.unlink()
        (tmp_path / folder).rmdir()
    longer = shapefile_zip(tmp_path, ["ก"], ["ก", "ข", "ค", "ง"])
    with pytest.raises(GisFileError, match=r"\.dbf holds 4 rows but its \.shp 1 features"):
        read_layer(longer, filename=longer.name, crs=None, limits=LIMITS)


def test_a_truncated_shp_is_refused(tmp_path, municipality):
    archive = shapefile_zip(tmp_path, ["ก", "ข", "ค"], ["ก", "ข", "ค"])
    assert len(read_layer(archive, filename=archive.name, crs=None, limits=LIMITS).frame) == 3
    with zipfile.ZipFile(archive) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    shp = bytearray(parts["points.shp"])
    struct.pack_into(">i", shp, 24, (len(shp) + 200) // 2)  # the header claims more than is there
    parts["points.shp"] = bytes(shp[:-10])
    archive.write_bytes(zip_of(**{k.replace(".", "__"): v for k, v in parts.items()}))
    with pytest.raises(GisFileError, match="not a zipped Shapefile file"):
        read_layer(archive, filename=archive.name, crs=None, limits=LIMITS)


@pytest.mark.parametrize(
    "crs", ["+proj=longlat +nadgrids=@http://127.0.0.1:8251/grid.tif", "/etc/passwd", "-5e16"]
)
def test_a_coordinate_system_is_only_an_epsg_code(crs, client, somchai, municipality):
    """PROJ strings can name grid files and URLs; only EPSG codes are taken, everywhere."""
    with pytest.raises(GisFileError, match="EPSG"):
        from sustain.core.gisfiles.common import parse_crs

        parse_crs(crs)
    client.force_login(somchai)
    upload = io.BytesIO(b'{"type": "FeatureCollection", "features": []}')
    upload.name = "points.geojson"
    response = client.post("/api/imports", {"target": "waste_points", "file": upload, "crs": crs})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["crs"]
    assert not ImportJob.objects.exists()
    assert parse_crs_ok("EPSG:32647") and parse_crs_ok("32647")


def parse_crs_ok(text: str) -> bool:
    from sustain.core.gisfiles.common import parse_crs

    crs = parse_crs(text)
    return crs is not None and crs.to_epsg() == 32647
