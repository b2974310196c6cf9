"""The residents' map data (sustain.api.map_public): compact sites, details, outlines, the page."""

import json
import math
import random
from urllib.parse import unquote

import pytest
from django.test import Client

from sustain.models import SolarInstallation, Village, WastePoint
from tests.conftest import OWNER_NAME, OWNER_PHONE

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return json.dumps(response.json(), ensure_ascii=False)


@pytest.fixture
def bins(municipality, moo1) -> WastePoint:
    return WastePoint.objects.create(
        name="ถังขยะอันตรายหน้าเทศบาล", kind="hazardous_bin", ref="SSN-HA-01", village=moo1,
        accepted_materials=["batteries", "low_energy_bulbs"], collection_times="Mo[1] 09:00",
        opening_hours="Mo-Fr 08:30-16:30; PH off", latitude=19.7071234, longitude=100.1951234,
    )  # fmt: skip


def test_compact_sites_are_short_and_public(client: Client, bins, waste_bank, household, school):
    WastePoint.objects.create(name="ปิดแล้ว", kind="drop_off_bin", active=False,
                              latitude=19.71, longitude=100.18)  # fmt: skip
    response = client.get("/api/map/sites.json")
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"m", "p", "s"}
    rows = {row[0]: row for row in data["p"]}
    assert set(rows) == {bins.pk, waste_bank.pk}  # the inactive point is left out
    row = rows[bins.pk]
    assert row[1:4] == [19.70712, 100.19512, "hazardous_bin"]
    assert [data["m"][i] for i in row[4]] == ["batteries", "low_energy_bulbs"]
    assert row[7:] == ["ถังขยะอันตรายหน้าเทศบาล", "SSN-HA-01", 1]
    solar = {row[0]: row for row in data["s"]}
    assert solar[school.pk][1:3] == [round(school.latitude, 5), round(school.longitude, 5)]
    home = solar[household.pk]
    assert home[4] == f"บ้านพักอาศัย หมู่ 2 #{household.pk}"
    assert (home[1], home[2]) != (round(household.latitude, 4), round(household.longitude, 4))
    body = _text(response)
    assert OWNER_NAME not in body and OWNER_PHONE not in body and household.name not in body


def test_point_details_in_thai_words_with_directions_and_report(client: Client, bins, settings):
    settings.TRAFFY_LINE_ACCOUNT = "@traffyfondue"
    data = client.get(f"/api/map/points/{bins.pk}").json()
    assert data["opening_hours"] == "Mo-Fr 08:30-16:30; PH off"  # the OSM value is kept
    assert data["hours_words"] == ["จันทร์–ศุกร์ 08:30–16:30", "ปิดวันหยุดนักขัตฤกษ์"]
    assert data["collection_words"] == ["จันทร์ที่ 1 ของเดือน 09:00"]
    assert data["state"].startswith(("เปิดอยู่ ปิด", "ปิดอยู่ เปิด"))
    assert data["directions"]["google"] == (
        "https://www.google.com/maps/dir/?api=1&destination=19.70712,100.19512"
    )
    assert data["directions"]["osm"].startswith("https://www.openstreetmap.org/directions?")
    line = data["report"]["line"]
    assert line.startswith("https://line.me/R/oaMessage/%40traffyfondue/?")
    sent = unquote(line.split("/?", 1)[1])
    assert "SSN-HA-01" in sent and "ถังขยะอันตรายหน้าเทศบาล" in sent and "19.70712, 100.19512" in sent
    assert sent == data["share_text"] and f"#p={bins.pk}" in sent
    assert data["report"]["web"] == "https://fondue.traffy.in.th/"


def test_point_details_in_english(client: Client, bins):
    client.cookies["django_language"] = "en"
    data = client.get(f"/api/map/points/{bins.pk}", HTTP_ACCEPT_LANGUAGE="en").json()
    assert data["hours_words"] == ["Monday–Friday 08:30–16:30", "closed on public holidays"]
    assert data["state"].startswith(("open now, closes", "closed, opens"))


def test_line_link_is_off_without_an_account(client: Client, bins, settings):
    settings.TRAFFY_LINE_ACCOUNT = ""
    assert "line" not in client.get(f"/api/map/points/{bins.pk}").json()["report"]


def test_unknown_or_inactive_point_is_404(client: Client, bins):
    bins.active = False
    bins.save()
    assert client.get(f"/api/map/points/{bins.pk}").status_code == 404
    assert client.get("/api/map/points/999999").status_code == 404
    assert client.get("/api/map/installations/999999").status_code == 404


def test_installation_details_stay_public_even_for_staff(client: Client, household, somchai):
    client.force_login(somchai)
    body = _text(client.get(f"/api/map/installations/{household.pk}"))
    assert OWNER_NAME not in body and OWNER_PHONE not in body and household.name not in body
    assert '"location_precision": "grid_250m"' in body


def test_outlines_are_simplified_keep_shared_edges_and_follow_edits(client: Client, moo1):
    # A ragged shared edge between two villages: simplified, both keep the same edge.
    ragged = [[100.18, 19.707 + i * 0.0005 + (0.00002 if i % 2 else 0)] for i in range(41)]
    west_ring = [[100.17, 19.707], *ragged, [100.17, 19.727], [100.17, 19.707]]
    east_ring = [*ragged[::-1], [100.19, 19.707], [100.19, 19.727], [100.18, 19.727]]
    west = {"type": "Polygon", "coordinates": [west_ring]}
    east = {"type": "Polygon", "coordinates": [[*east_ring[1:], east_ring[1]]]}
    moo1.boundary_geojson = west
    moo1.save()
    Village.objects.create(moo=2, name_th="บ้านสอง", boundary_geojson=east)
    data = client.get("/api/map/outlines.geojson").json()
    assert [f["properties"]["name"] for f in data["features"]] == [
        "หมู่ 1 บ้านสันทรายมูล", "หมู่ 2 บ้านสอง",
    ]  # fmt: skip
    west_out, east_out = (f["geometry"]["coordinates"][0] for f in data["features"])
    assert len(west_out) < 10 and len(east_out) < 10  # the 41-point zigzag is gone
    shared = {tuple(p) for p in west_out} & {tuple(p) for p in east_out}
    assert (100.18, 19.707) in shared and (100.18, 19.727) in shared
    Village.objects.filter(moo=2).delete()
    assert len(client.get("/api/map/outlines.geojson").json()["features"]) == 1  # not stale


def test_home_page_embeds_no_outline_and_no_site(client: Client, moo1, bins, household):
    big = {"type": "Polygon", "coordinates": [[[100.17 + i * 1e-5, 19.707 + (i % 7) * 1e-5]
                                               for i in range(3000)] + [[100.17, 19.707]]]}  # fmt: skip
    Village.objects.filter(pk=moo1.pk).update(boundary_geojson=big)
    html = client.get("/").content.decode()
    assert len(html.encode()) <= 30_000
    assert "100.17001" not in html and bins.name not in html
    assert "/api/map/sites.json" in html and "/api/map/outlines.geojson" in html
    assert "เทศบาลตำบลสันทรายงาม" in html  # the name in full
    assert SolarInstallation.objects.count() == 1


def test_detailed_boundaries_make_a_small_outlines_layer(client: Client, municipality, moo1):
    """Issue 17: village outlines traced to the metre (here 7 × 20,000 vertices, ~5 MB of
    GeoJSON) reach the residents' map as a layer under 200 kB, and the page stays under 30 kB."""
    rng = random.Random(7)

    def traced(lat: float, lon: float) -> dict:
        ring = []
        for i in range(20_000):
            angle = 2 * math.pi * i / 20_000
            wobble = 1 + rng.uniform(-0.002, 0.002)  # ± 2 m on a 1 km radius
            ring.append(
                [lon + 0.01 * wobble * math.cos(angle), lat + 0.009 * wobble * math.sin(angle)]
            )
        return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}

    moo1.boundary_geojson = traced(19.70, 100.16)
    moo1.save()
    for moo in range(2, 8):
        Village.objects.create(
            moo=moo, name_th=f"บ้าน {moo}", boundary_geojson=traced(19.70, 100.16 + 0.025 * moo)
        )
    stored = sum(len(json.dumps(v.boundary_geojson)) for v in Village.objects.all())
    assert stored > 4_000_000
    layer = client.get("/api/map/outlines.geojson")
    assert layer.status_code == 200 and len(layer.content) < 200_000
    assert len(json.loads(layer.content)["features"]) == 7
    assert len(client.get("/").content) <= 30_000
