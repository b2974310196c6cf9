# mypy: disable-error-code="index,union-attr,operator,arg-type"
"""OGC API – Features under /ogc/: the documents, paging, filters, privacy, HTML in Thai, and a
real client (GDAL's OAPIF driver, the one QGIS uses) reading every collection."""

import datetime as dt
import json
import os
import subprocess
import sys

import pytest
from django.contrib.auth.models import Permission, User

from sustain.models import SolarInstallation, WastePoint
from sustain.services import tokens
from tests.conftest import OWNER_NAME, OWNER_PHONE, REF_LAT, REF_LON


@pytest.fixture
def more_points(municipality, waste_bank):
    for number in range(1, 4):
        WastePoint.objects.create(
            name=f"ถังรับขวด {number}", kind="drop_off_bin", accepted_materials=["glass_bottles"],
            latitude=REF_LAT + number * 0.01, longitude=REF_LON, ref=f"B-{number}",
        )  # fmt: skip
    WastePoint.objects.create(name="ปิดแล้ว", kind="drop_off_bin", active=False,
                              latitude=REF_LAT, longitude=REF_LON + 0.01)  # fmt: skip
    return WastePoint.objects.filter(active=True).order_by("id")


@pytest.fixture
def viewer(db) -> User:
    """Staff allowed to see personal data (the view_private permission)."""
    user = User.objects.create_user("viewer", password="viewer-pass-1", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_private"))
    return user


def get(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.content[:300])
    return response


def test_landing_conformance_and_collections(client, municipality, moo1, household, more_points):
    landing = get(client, "/ogc/").json()
    rels = {link["rel"]: link["href"] for link in landing["links"]}
    assert rels["conformance"] == "http://testserver/ogc/conformance"
    assert rels["data"] == "http://testserver/ogc/collections"
    assert rels["service-desc"] == "http://testserver/ogc/api"
    assert get(client, "/ogc/api").json()["paths"]["/collections/{collectionId}/items"]
    conformance = get(client, "/ogc/conformance").json()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core" in conformance
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson" in conformance
    collections = {c["id"]: c for c in get(client, "/ogc/collections").json()["collections"]}
    assert list(collections) == ["waste-points", "installations", "villages"]
    installations = collections["installations"]
    assert installations["extent"]["temporal"]["interval"] == [
        ["2023-05-01T00:00:00Z", "2023-05-01T23:59:59Z"]
    ]
    assert {link["rel"] for link in installations["links"]} >= {"self", "items"}
    villages = get(client, "/ogc/collections/villages").json()
    assert villages["extent"]["spatial"]["bbox"] == [[100.17, 19.707, 100.19, 19.727]]
    assert "temporal" not in villages["extent"]


def test_items_page_with_next_and_prev_links_and_filters(client, more_points, school, household):
    first = get(client, "/ogc/collections/waste-points/items?limit=2")
    assert first["Content-Type"] == "application/geo+json"
    page = first.json()
    assert (page["numberMatched"], page["numberReturned"]) == (4, 2)
    ids = [p.pk for p in more_points]
    assert [f["id"] for f in page["features"]] == ids[:2]
    links = {link["rel"]: link["href"] for link in page["links"]}
    assert links["next"].endswith("/ogc/collections/waste-points/items?limit=2&offset=2")
    assert "prev" not in links
    second = get(client, links["next"].replace("http://testserver", "")).json()
    assert [f["id"] for f in second["features"]] == ids[2:]
    assert "next" not in {link["rel"] for link in second["links"]}
    # bbox (CRS84) keeps its value in the paging links
    north = get(client, f"/ogc/collections/waste-points/items?bbox={REF_LON - 0.001},"
                        f"{REF_LAT + 0.015},{REF_LON + 0.001},{REF_LAT + 0.05}&limit=1").json()  # fmt: skip
    assert north["numberMatched"] == 2 and "bbox=" in north["links"][0]["href"]
    # datetime on the installations' commissioning date (instant, interval, open ends)
    for query, expected in [("2022-01-10", [school.pk]), ("2023-01-01/..", [household.pk]),
                            ("../2023-12-31T23:00:00Z", [household.pk, school.pk]),
                            ("2024-01-01/2025-01-01", [])]:  # fmt: skip
        found = get(client, f"/ogc/collections/installations/items?datetime={query}").json()
        assert sorted(f["id"] for f in found["features"]) == sorted(expected), query
    one = get(client, f"/ogc/collections/waste-points/items/{ids[0]}").json()
    assert one["type"] == "Feature" and one["properties"]["name"] == more_points[0].name
    assert (
        get(client, "/ogc/collections/waste-points/items?limit=99999").json()["numberReturned"] == 4
    )  # over the maximum: clamped, not an error


@pytest.mark.parametrize(
    "url,status",
    [
        ("/ogc/collections/roads", 404),
        ("/ogc/collections/roads/items", 404),
        ("/ogc/collections/waste-points/items/999999", 404),
        ("/ogc/collections/waste-points/items?limit=0", 400),
        ("/ogc/collections/waste-points/items?limit=ten", 400),
        ("/ogc/collections/waste-points/items?offset=-1", 400),
        ("/ogc/collections/waste-points/items?bbox=1,2,3", 400),
        ("/ogc/collections/waste-points/items?bbox=100,20,101,19", 400),
        ("/ogc/collections/installations/items?datetime=yesterday", 400),
        ("/ogc/collections/waste-points/items?colour=red", 400),
        ("/ogc/collections?f=xml", 400),
    ],
)
def test_bad_requests_get_ogc_errors(client, municipality, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert set(response.json()) == {"code", "description"}


def test_html_pages_are_thai(client, municipality, moo1, more_points):
    landing = get(client, "/ogc/", HTTP_ACCEPT="text/html,application/xhtml+xml").content.decode()
    assert '<html lang="th">' in landing and "QGIS" in landing
    items = get(client, "/ogc/collections/waste-points/items?f=html&limit=2").content.decode()
    assert "จุดคัดแยกขยะ" in items and 'rel="next"' in items and "ถังรับขวด" in items
    for url in ("/ogc/collections?f=html", "/ogc/conformance?f=html",
                f"/ogc/collections/villages/items/{moo1.pk}?f=html",
                "/ogc/collections/installations?f=html"):  # fmt: skip
        assert get(client, url)["Content-Type"].startswith("text/html")


def test_public_form_unless_the_caller_may_view_private_data(client, household, viewer):
    public = get(client, "/ogc/collections/installations/items").json()["features"][0]
    text = json.dumps(public, ensure_ascii=False)
    assert OWNER_NAME not in text and OWNER_PHONE not in text and household.name not in text
    assert public["geometry"]["coordinates"] != [household.longitude, household.latitude]
    assert public == get(client, "/api/map/installations.geojson").json()["features"][0]
    # Staff without the permission (a clerk in no group) see the public form; a bad token is
    # refused.
    clerk = User.objects.create_user("clerk", password="clerk-pass-1", is_staff=True)
    staff = tokens.token_create(user=clerk)[1]
    seen = get(client, "/ogc/collections/installations/items",
               HTTP_AUTHORIZATION=f"Bearer {staff}").json()["features"][0]  # fmt: skip
    assert "owner_name" not in seen["properties"]
    assert client.get("/ogc/collections/installations/items",
                      HTTP_AUTHORIZATION="Bearer wrong").status_code == 401  # fmt: skip
    token = tokens.token_create(user=viewer)[1]
    private = get(client, f"/ogc/collections/installations/items/{household.pk}",
                  HTTP_AUTHORIZATION=f"Bearer {token}").json()  # fmt: skip
    assert private["properties"]["owner_name"] == OWNER_NAME
    assert private["geometry"]["coordinates"] == [
        round(household.longitude, 6),
        round(household.latitude, 6),
    ]


OAPIF_CLIENT = """
import json, sys
import pyogrio
url, token = sys.argv[1], sys.argv[2]
layers = [str(row[0]) for row in pyogrio.list_layers("OAPIF:" + url)]
out = {}
for name in layers:
    frame = pyogrio.read_dataframe("OAPIF:" + url, layer=name, PAGE_SIZE=2)
    out[name] = json.loads(frame.to_json(na="drop", default=str))
print(json.dumps(out))
"""


def oapif_read(url: str, token: str = "") -> tuple[dict, str]:
    """Read every collection with GDAL's OAPIF driver in a process of its own (ours has every
    network driver switched off), two features per request to exercise the paging."""
    environment = {"PATH": os.environ.get("PATH", "/usr/bin"), "CPL_DEBUG": "ON"}
    if token:  # GDAL's own bearer authentication (OAPIF sets its own HEADERS)
        environment.update(GDAL_HTTP_AUTH="BEARER", GDAL_HTTP_BEARER=token)
    done = subprocess.run(
        [sys.executable, "-c", OAPIF_CLIENT, url, token],
        capture_output=True, text=True, timeout=180, env=environment, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout), done.stderr


def by_id(features: list[dict], key: str = "id") -> dict:
    return {int(f["properties"].get(key) or f["id"]): f for f in features}


@pytest.mark.django_db(transaction=True)
def test_gdal_oapif_client_reads_every_collection_like_the_map(
    live_server, client, municipality, moo1, moo2, household, school, more_points, viewer
):
    SolarInstallation.objects.create(
        name="อบต. หลังคา", building_type="public", latitude=REF_LAT - 0.004,
        longitude=REF_LON, capacity_kwp=12, tilt_deg=12, azimuth_deg=180,
        commissioned_on=dt.date(2024, 6, 1),
    )  # fmt: skip
    layers, log = oapif_read(f"{live_server.url}/ogc/")
    assert list(layers) == ["waste-points", "installations", "villages"]
    assert "offset=2" in log  # paged: two features per request
    points = get(client, "/api/map/waste-points.geojson").json()["features"]
    read = layers["waste-points"]["features"]
    assert len(read) == len(points) == 4
    for feature, expected in zip(read, points, strict=True):
        assert feature["geometry"]["coordinates"] == pytest.approx(
            expected["geometry"]["coordinates"]
        )
        assert feature["properties"]["name"] == expected["properties"]["name"]
        assert feature["properties"]["sustain:kind"] == expected["properties"]["sustain:kind"]
    installations = by_id(get(client, "/api/map/installations.geojson").json()["features"])
    seen = by_id(layers["installations"]["features"])
    assert set(seen) == set(installations) and len(seen) == 3
    for pk, feature in seen.items():
        assert feature["geometry"]["coordinates"] == pytest.approx(
            installations[pk]["geometry"]["coordinates"]
        )
        assert feature["properties"]["name"] == installations[pk]["properties"]["name"]
    text = json.dumps(layers, ensure_ascii=False)
    assert OWNER_NAME not in text and OWNER_PHONE not in text and household.name not in text
    villages = layers["villages"]["features"]
    assert [v["properties"]["moo"] for v in villages] == [1, 2]
    assert villages[0]["geometry"]["type"] == "Polygon" and villages[1]["geometry"] is None

    private, _log = oapif_read(f"{live_server.url}/ogc/", tokens.token_create(user=viewer)[1])
    mine = by_id(private["installations"]["features"])[household.pk]
    assert mine["properties"]["owner_name"] == OWNER_NAME
    assert mine["geometry"]["coordinates"] == pytest.approx(
        [household.longitude, household.latitude], abs=1e-6
    )
