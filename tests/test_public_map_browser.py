"""The public map on a phone, as a resident uses it: touch, 360×740, Thai (issue 14).

Every test taps (never clicks) in a touch-emulating phone context; the core ones run again at
1366×768 with a mouse. The browser and ``make_page`` (a Thai phone by default) come from tests/conftest.py.
"""

import re
from urllib.parse import unquote

import pytest
from playwright.sync_api import Locator, Page

from sustain.models import WastePoint
from tests.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"viewport": {"width": 1366, "height": 768}}
STREAM_COLOURS = {"rgb(31, 95, 191)", "rgb(46, 139, 58)", "rgb(242, 194, 0)", "rgb(240, 124, 0)"}
HERE = {"latitude": 19.7069, "longitude": 100.1949, "accuracy": 30}


@pytest.fixture
def points(municipality, moo1, waste_bank, school) -> list[WastePoint]:
    """Two waste points far enough apart not to cluster at the start zoom."""
    bins = WastePoint.objects.create(
        name="ถังขยะอันตรายหน้าเทศบาล", kind="hazardous_bin", ref="SSN-HA-01", village=moo1,
        accepted_materials=["batteries", "low_energy_bulbs"], collection_times="Mo[1] 09:00",
        opening_hours="Mo-Fr 08:30-16:30; PH off", latitude=19.707, longitude=100.195,
    )  # fmt: skip
    return [waste_bank, bins]


def page_errors(page: Page) -> list[str]:
    """The script errors the page raises from now on."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def open_map(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-points-loaded]", state="attached", timeout=15_000)


def press(page: Page, target: Locator) -> None:
    """A finger on a touch phone, a mouse on a desktop."""
    if page.evaluate("navigator.maxTouchPoints") > 0:
        target.tap()
    else:
        target.click()


def until(page: Page, condition: str, seconds: float = 5) -> None:
    """Wait for a JS condition (wait_for_function evaluates strings, which the CSP forbids)."""
    for _ in range(int(seconds * 20)):
        if page.evaluate(condition):
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"never true: {condition}")


def search(page: Page, words: str) -> Locator:
    page.locator("#map-search").fill(words)
    options = page.locator("#search-suggestions li.suggestion")
    options.first.wait_for()
    return options


def details_of(page: Page, point: WastePoint) -> Locator:
    page.wait_for_selector(f"#point-details[data-loaded=p{point.pk}]", timeout=5_000)
    return page.locator("#point-details")


SIZES = pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])


@SIZES
def test_1_title_and_sentence_with_the_full_name(make_page, live_server, points, size):
    page = make_page(size)
    open_map(page, live_server.url + "/")
    title = page.locator("h1")
    assert title.is_visible() and "เทศบาลตำบลสันทรายงาม" in title.inner_text()
    assert page.evaluate("(e) => e.scrollWidth <= e.clientWidth", title.element_handle())
    box = title.bounding_box()
    assert box is not None and box["y"] < 250  # read first, above the map
    sentence = page.locator(".intro p")
    assert sentence.is_visible() and "ประชาชน" in sentence.inner_text()


@SIZES
def test_2_search_a_material_filters_zooms_and_lists_by_distance(
    make_page, live_server, points, size
):
    page = make_page(size)
    open_map(page, live_server.url + "/")
    for words in ("แบตเตอรี่", "ถ่านไฟฉาย", "ขวดพลาสติก", "กระป๋อง", "หลอดไฟ", "น้ำมันพืชใช้แล้ว",
                  "battery"):  # fmt: skip
        assert search(page, words).count() >= 1, words
    zoom_before = page.evaluate("location.hash")
    press(page, search(page, "ถ่านไฟฉาย").filter(has_text="ถ่านไฟฉาย แบตเตอรี่").first)
    assert page.locator(".leaflet-marker-icon.waste").count() == 1
    assert page.locator(f'.leaflet-marker-icon[title="{points[1].name}"]').is_visible()
    until(page, "location.hash.indexOf('z=16') >= 0")  # zoomed to the match
    assert page.evaluate("location.hash") != zoom_before
    rows = page.locator("#results-list li")
    assert rows.count() == 1
    text = rows.first.inner_text()
    assert points[1].name in text and re.search(r"\d+(\.\d)? กม\.", text)
    assert ("เปิดอยู่ ปิด" in text or "ปิดอยู่ เปิด" in text) and "หลอดไฟ" in text
    assert "ใจกลางเทศบาล" in page.locator("#results-origin").inner_text()
    # Refs, names and villages are found too.
    press(page, search(page, "SSN-HA").first)
    assert points[1].name in details_of(page, points[1]).inner_text()
    page.locator("#details-close").click()
    press(page, search(page, "หมู่ 1").first)
    assert page.locator("#results-list li").count() == 1


@SIZES
def test_3_details_stay_open_fit_and_close_by_button_or_back(make_page, live_server, points, size):
    page = make_page(size)
    open_map(page, live_server.url + "/")
    marker = page.locator(f'.leaflet-marker-icon[title="{points[1].name}"]')
    page.wait_for_timeout(300)
    before = marker.bounding_box()
    press(page, marker)
    page.wait_for_timeout(1000)
    details = page.locator("#point-details")
    assert details.is_visible() and points[1].name in details.inner_text()
    assert marker.bounding_box() == before  # no autopan: the map stays where it was
    box = details.bounding_box()
    width = size["viewport"]["width"]
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    press(page, page.locator("#details-close"))
    assert details.is_hidden()
    press(page, page.locator(f'.leaflet-marker-icon[title="{points[0].name}"]'))
    details_of(page, points[0])
    page.go_back()
    assert details.is_hidden() and page.url.startswith(live_server.url + "/")
    # A list row opens the details too.
    press(page, search(page, "กระป๋อง").filter(has_text="กระป๋องอะลูมิเนียม"))
    press(page, page.locator("#results-list button").first)
    assert points[0].name in details_of(page, points[0]).inner_text()


def test_3_clusters_are_neutral_and_the_legend_draws_them_alike(make_page, live_server, points):
    for n in range(6):
        WastePoint.objects.create(name=f"ถัง {n}", kind="drop_off_bin", accepted_materials=["cans"],
                                  latitude=19.72 + n * 1e-4, longitude=100.18)  # fmt: skip
    page = make_page()
    open_map(page, live_server.url + "/")
    cluster = page.locator(".cluster-waste span").first
    colours = cluster.evaluate(
        "e => [getComputedStyle(e).borderTopColor, getComputedStyle(e).backgroundColor]"
    )
    assert not set(colours) & STREAM_COLOURS
    legend = page.locator(".legend-cluster:not(.solar) span").evaluate(
        "e => [getComputedStyle(e).borderTopColor, getComputedStyle(e).backgroundColor]"
    )
    assert legend == colours
    marker = page.locator(f'.leaflet-marker-icon[title="{points[1].name}"] span')
    drawn = marker.evaluate("e => getComputedStyle(e).backgroundColor")
    legend_colours = page.locator(".legend .site-icon span").evaluate_all(
        "es => es.map(e => getComputedStyle(e).backgroundColor)"
    )
    assert drawn in legend_colours and marker.inner_text() == "H"


@SIZES
def test_4_hours_in_thai_words_with_the_state(make_page, live_server, points, size):
    page = make_page(size)
    open_map(page, live_server.url + "/")
    press(page, page.locator(f'.leaflet-marker-icon[title="{points[1].name}"]'))
    text = details_of(page, points[1]).inner_text()
    assert "จันทร์–ศุกร์ 08:30–16:30" in text and "ปิดวันหยุดนักขัตฤกษ์" in text
    assert "จันทร์ที่ 1 ของเดือน 09:00" in text
    assert re.search(r"เปิดอยู่ ปิด 16:30|ปิดอยู่ เปิด(วัน|พรุ่งนี้)\S* .*08:30", text)
    assert "Mo-Fr" not in text and "PH off" not in text


def test_4_hours_in_english_words(make_page, live_server, points):
    page = make_page()
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    open_map(page, live_server.url + "/")
    press(page, page.locator(f'.leaflet-marker-icon[title="{points[1].name}"]'))
    text = details_of(page, points[1]).inner_text()
    assert "Monday–Friday 08:30–16:30" in text and "closed on public holidays" in text
    assert re.search(r"open now, closes 16:30|closed, opens \w+.* 08:30", text)


def test_5_you_are_here_and_directions(make_page, live_server, points):
    page = make_page(geolocation=HERE, permissions=["geolocation"])
    open_map(page, live_server.url + "/")
    press(page, page.locator("#locate-me"))
    page.wait_for_selector("path.you-are-here")
    assert page.locator("path.you-accuracy").count() == 1
    assert "คุณอยู่ที่นี่" in page.locator("#filter-status").inner_text()
    press(page, search(page, "ถ่านไฟฉาย").first)
    assert "ตำแหน่งของคุณ" in page.locator("#results-origin").inner_text()
    assert "0 กม." in page.locator("#results-list li").first.inner_text()  # ~40 m away
    press(page, page.locator("#results-list button").first)
    details = details_of(page, points[1])
    google = details.get_by_role("link", name="นำทาง", exact=True)
    assert google.get_attribute("href") == (
        "https://www.google.com/maps/dir/?api=1&destination=19.70700,100.19500"
    )
    osm = details.get_by_role("link", name="นำทางด้วย OpenStreetMap")
    assert (
        osm.get_attribute("href")
        == "https://www.openstreetmap.org/directions?to=19.70700,100.19500"
    )


def test_6_report_on_line_carries_the_point_and_copy_details(make_page, live_server, points):
    page = make_page(permissions=["clipboard-read", "clipboard-write"])
    open_map(page, live_server.url + "/")
    press(page, page.locator(f'.leaflet-marker-icon[title="{points[1].name}"]'))
    details = details_of(page, points[1])
    line = details.locator("a.report-line").get_attribute("href") or ""
    assert line.startswith("https://line.me/R/oaMessage/%40traffyfondue/?")
    sent = unquote(line.split("/?", 1)[1])
    assert "SSN-HA-01" in sent and points[1].name in sent and "19.70700, 100.19500" in sent
    assert details.locator("a.report").get_attribute("href") == "https://fondue.traffy.in.th/"
    press(page, details.locator("button.copy-details"))
    until(page, "document.querySelector('.copy-status').textContent !== ''")
    assert page.evaluate("navigator.clipboard.readText()") == sent
    assert "คัดลอก" in details.locator(".copy-status").inner_text()


def _view(hash_: str) -> tuple[dict[str, str], tuple[float, float]]:
    """The map state in the URL hash: material, layers and zoom exactly, the centre's degrees as
    numbers (the restored map may sit a pixel, about 1e-5°, from where it was)."""
    state = dict(part.split("=", 1) for part in hash_.lstrip("#").split("&"))
    lat, lon = unquote(state.pop("c")).split(",")
    return state, (float(lat), float(lon))


@SIZES
def test_10_switching_language_keeps_filter_layers_and_view(make_page, live_server, points, size):
    page = make_page(size)
    open_map(page, live_server.url + "/")
    press(page, search(page, "ถ่านไฟฉาย").first)
    if page.locator(".leaflet-control-layers-toggle").is_visible():
        press(page, page.locator(".leaflet-control-layers-toggle"))
    page.locator(".leaflet-control-layers-overlays label").nth(1).click()  # solar off
    before = page.evaluate("location.hash")
    press(page, page.locator('.language-switch button[value="en"]'))
    page.wait_for_selector("html[lang=en]")
    page.wait_for_selector("body[data-points-loaded]", state="attached")
    state, centre = _view(page.evaluate("location.hash"))
    assert state == _view(before)[0] and centre == pytest.approx(_view(before)[1], abs=5e-5)
    assert "Batteries" in page.locator("#results-title").inner_text()
    assert page.locator(".leaflet-marker-icon.waste").count() == 1
    assert page.locator(".leaflet-marker-icon.solar").count() == 0
    assert page.locator("#map-search").input_value() == "Batteries"


def test_quality_tap_targets_text_size_skip_links_and_thai_only(make_page, live_server, points):
    page = make_page()
    errors = page_errors(page)
    open_map(page, live_server.url + "/")
    page.keyboard.press("Tab")  # the skip links come first and work
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#map-search"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#map-start"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "map-start"
    page.keyboard.press("Tab")  # then the map's own controls
    assert page.evaluate("!!document.activeElement.closest('.folium-map')")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.id") == "filter-clear" or page.evaluate(
        "!!document.activeElement.closest('.search-panel')"
    )
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "map-search"
    press(page, page.locator(f'.leaflet-marker-icon[title="{points[1].name}"]'))
    details_of(page, points[1])
    small = page.evaluate(
        """() => [...document.querySelectorAll(
              '.search-panel button, .search-panel input, .map-panels button, .map-panels label,'
              + ' .sheet button, .sheet a, .language-switch button, .leaflet-control-zoom a,'
              + ' .leaflet-control-layers label, .topbar a')]
           .filter(e => e.offsetParent !== null)
           .map(e => [e.id || e.className || e.textContent, e.getBoundingClientRect()])
           .filter(([, r]) => r.width < 44 || r.height < 44).map(([n, r]) => n + ' ' + r.width + 'x' + r.height)"""
    )
    assert small == [], small
    tiny = page.evaluate(
        """() => [...document.querySelectorAll('.intro p, .map-panels p, .map-panels li, .sheet p, .sheet li')]
           .filter(e => e.offsetParent !== null && parseFloat(getComputedStyle(e).fontSize) < 16)
           .map(e => e.textContent.slice(0, 30))"""
    )
    assert tiny == [], tiny
    visible = page.evaluate("document.body.innerText")
    allowed = {"Sustain", "English", "Leaflet", "Traffy", "Fondue", "LINE", "OpenStreetMap", "API",
               "PET", "HDPE", "kWp", "SSN"}  # fmt: skip
    english = set(re.findall(r"[A-Za-z]{3,}", visible)) - allowed
    assert english == set(), english
    assert errors == []
