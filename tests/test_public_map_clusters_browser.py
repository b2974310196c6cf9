"""The residents' map with many sites, on a phone (issues 14 and 17): only what is in view becomes
a marker, and sites that share one place (households drawn at their grid cell) stay reachable by
touch as a list at the highest zoom.
"""

import datetime as dt
from decimal import Decimal

import pytest

from sustain.models import BuildingType, SolarInstallation, Village, WastePoint
from sustain.services.public_points import installation_point
from tests.test_public_map_browser import details_of, open_map, page_errors, press, until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _home(village: Village, n: int, lat: float, lon: float) -> SolarInstallation:
    return SolarInstallation.objects.create(
        name=f"บ้านคุณเจ้าของ {n}", building_type=BuildingType.HOUSEHOLD, village=village,
        latitude=lat, longitude=lon, capacity_kwp=Decimal("3"), tilt_deg=15, azimuth_deg=180,
        commissioned_on=dt.date(2024, 1, 1), owner_name=f"เจ้าของ {n}",
    )  # fmt: skip


def test_households_sharing_a_grid_cell_are_listed_by_touch_at_the_highest_zoom(
    make_page, live_server, municipality, moo2
):
    first = _home(moo2, 1, 19.7101, 100.1801)  # about 15 m apart: one 250 m cell
    second = _home(moo2, 2, 19.7102, 100.1802)
    cell = installation_point(first)
    assert (cell.latitude, cell.longitude) == (
        installation_point(second).latitude,
        installation_point(second).longitude,
    )
    page = make_page()
    errors = page_errors(page)
    open_map(page, f"{live_server.url}/#z=19&c={cell.latitude:.5f},{cell.longitude:.5f}&l=s")
    page.wait_for_selector("body[data-solar-loaded]", state="attached")
    stack = page.locator(".cluster-solar")
    assert stack.count() == 1 and stack.inner_text() == "2"
    assert page.locator(".leaflet-marker-icon.solar").count() == 0  # one place, one button
    press(page, stack)
    rows = page.locator("#results-list button")
    assert rows.count() == 2
    assert page.locator("#results-title").inner_text() == "ที่ตำแหน่งนี้ 2 แห่ง"
    listed = rows.all_inner_texts()
    assert all("หมู่ 2" in text and "เจ้าของ" not in text for text in listed)  # never the owner
    press(page, rows.nth(1))
    page.wait_for_selector("#point-details[data-loaded^=s]")
    assert page.locator("#details-title").inner_text() in " ".join(listed)
    assert "แห่ง" not in page.locator("#details-title").inner_text()
    assert errors == []


def test_only_the_sites_in_view_become_markers_and_a_cluster_tap_zooms_in(
    make_page, live_server, municipality
):
    WastePoint.objects.bulk_create(
        WastePoint(name=f"ถัง {i}", kind="drop_off_bin", accepted_materials=["cans"],
                   latitude=19.60 + (i % 40) * 0.005, longitude=100.05 + (i // 40) * 0.005)
        for i in range(1600)
    )  # fmt: skip
    page = make_page()
    errors = page_errors(page)
    open_map(page, f"{live_server.url}/#z=18&c=19.70000,100.10000&l=p")
    drawn = page.locator(".leaflet-marker-icon").count()
    assert 0 < drawn < 40, drawn  # a few hundred metres of a 20 km square
    assert page.evaluate("document.body.dataset.pointsLoaded") == "1600"
    page.goto("about:blank")
    open_map(page, f"{live_server.url}/#z=12&c=19.70000,100.10000&l=p")
    cluster = page.locator(".cluster-waste").first
    count = int(cluster.inner_text())
    assert count > 1 and "จุด" in (cluster.get_attribute("title") or "")
    press(page, cluster)
    until(page, "Number(new URLSearchParams(location.hash.slice(1)).get('z')) > 12")  # zoomed in
    assert errors == []


def _bin(name: str, lat: float, lon: float) -> WastePoint:
    return WastePoint.objects.create(
        name=name, kind="drop_off_bin", accepted_materials=["cans"], latitude=lat, longitude=lon
    )


def test_a_point_found_by_search_is_zoomed_to_until_it_stands_alone(
    make_page, live_server, municipality
):
    crowd = [_bin(f"ถังแยกขยะ {i}", 19.70 + i * 2e-4, 100.10) for i in range(5)]
    page = make_page()
    open_map(page, f"{live_server.url}/#z=13&c=19.70000,100.10000")
    assert page.locator(f'.leaflet-marker-icon[title="{crowd[2].name}"]').count() == 0
    page.locator("#map-search").fill(crowd[2].name)
    press(page, page.locator("#search-suggestions li.suggestion").first)
    details_of(page, crowd[2])
    marker = page.locator(f'.leaflet-marker-icon[title="{crowd[2].name}"]')
    marker.wait_for(state="visible")
    press(page, page.locator("#details-close"))
    press(page, marker)
    assert crowd[2].name in details_of(page, crowd[2]).inner_text()


def test_the_site_list_is_preloaded_with_the_styles_and_fetched_once(
    make_page, live_server, municipality, waste_bank
):
    page = make_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    open_map(page, live_server.url + "/")
    sites = [url for url in asked if "/api/map/sites.json" in url]
    assert len(sites) == 1  # the script's fetch took the preloaded answer
    assert asked.index(sites[0]) < next(i for i, url in enumerate(asked) if "publicmap.js" in url)
    assert page.locator('.leaflet-marker-icon[title="' + waste_bank.name + '"]').count() == 1
    assert not [url for url in asked if "jquery" in url or "markercluster" in url]
