"""The public point page and poster, "what the community achieved" and a published report, on a
phone: Playwright's Chromium with touch at 360×740 in Thai, tapping (issue 14, steps 7–9)."""

import datetime as dt
import io
from collections.abc import Iterator
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page
from pypdf import PdfReader

from sustain.demo import load as demo
from sustain.models import Destination, Material, MaterialPrice, Report, WasteCollection, WastePoint
from sustain.report import runs as report_runs

from .conftest import REF_LAT, REF_LON

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 360, 740


class Phone:
    """A phone's page and what went wrong on it."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("request", lambda request: self.requests.append(request.url))
        page.on(
            "console",
            lambda message: self.errors.append(message.text) if message.type == "error" else None,
        )

    def outside(self, base_url: str) -> list[str]:
        host = urlsplit(base_url).netloc
        return [url for url in self.requests if urlsplit(url).netloc not in (host, "")]


@pytest.fixture
def phone(browser: Browser, live_server, no_tiles) -> Iterator[Phone]:
    context = browser.new_context(
        locale="th-TH",
        viewport={"width": WIDTH, "height": HEIGHT},
        has_touch=True,
        is_mobile=True,
        device_scale_factor=2,
    )
    yield Phone(context.new_page())
    context.close()


def publish_report(*, year_be: int = 2569) -> Report:
    report = report_runs.report_request(basis="fiscal", year_be=year_be, language="th")
    report.refresh_from_db()
    report_runs.report_publish(report=report)
    return report


@pytest.fixture
def bin_point(municipality, moo1) -> WastePoint:
    return WastePoint.objects.create(
        name="จุดทิ้งขยะอันตรายหน้าสำนักงานเทศบาล", kind="hazardous_bin", ref="HZ-07",
        accepted_materials=["batteries", "fluorescent_tubes", "plastic_bottles", "cans"],
        opening_hours="Mo-Fr 08:30-16:30; Sa[1,3] 09:00-12:00; PH off",
        collection_times="We 07:00", village=moo1, latitude=REF_LAT + 0.001, longitude=REF_LON,
    )  # fmt: skip


def _no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH


def _font_px(page: Page, selector: str) -> float:
    return float(page.eval_on_selector(selector, "e => parseFloat(getComputedStyle(e).fontSize)"))


def test_point_page_and_its_a4_poster_by_touch(phone: Phone, live_server, bin_point):
    """Step 7: a point's own page (details, a map without tiles, directions), its poster."""
    page = phone.page
    page.goto(live_server.url + "/points/HZ-07/")
    page.wait_for_selector("body[data-point-map=ready]", state="attached")
    assert page.locator("h1").inner_text() == bin_point.name
    materials = page.locator("#materials").inner_text()
    assert "หลอดฟลูออเรสเซนต์" in materials and "ถังสีส้ม (ขยะอันตราย)" in materials
    hours = page.locator("#hours").inner_text()
    assert "จันทร์–ศุกร์ 08:30–16:30" in hours and "เสาร์ที่ 1 และ 3 ของเดือน 09:00–12:00" in hours
    assert page.locator("#collection").inner_text() == "พุธ 07:00"
    assert page.locator("#point-map .point-icon").count() == 1  # the marker, no tiles needed
    assert page.locator("#coords").inner_text() == f"{REF_LAT + 0.001:.5f}, {REF_LON:.5f}"
    directions = page.locator("#directions").get_attribute("href") or ""
    assert (
        "api=1" in directions and f"destination={REF_LAT + 0.001:.6f},{REF_LON:.6f}" in directions
    )
    assert _font_px(page, "#hours li") >= 16
    for link in page.locator(".actions a").all():
        box = link.bounding_box()
        assert box and box["height"] >= 44 and box["x"] + box["width"] <= WIDTH
    _no_sideways_scroll(page)

    page.locator("#poster-link").tap()
    page.wait_for_url("**/points/HZ-07/poster/")
    qr = page.locator("#poster-qr svg").bounding_box()
    assert qr and qr["width"] >= 150 and qr["x"] + qr["width"] <= WIDTH
    whole = page.evaluate(
        """() => { const s = document.querySelector('#poster-qr svg').getBoundingClientRect();
                   const p = document.querySelector('#poster-qr svg path').getBoundingClientRect();
                   return p.left >= s.left - 0.5 && p.right <= s.right + 0.5 && p.top >= s.top - 0.5
                          && p.bottom <= s.bottom + 0.5 && p.width >= 0.7 * s.width; }"""
    )
    assert whole  # the code is scaled to its box, never cropped
    assert page.locator("#poster-url").inner_text() == live_server.url + "/points/HZ-07/"
    assert "ถังสีส้ม" in page.locator("#poster-materials").inner_text()
    assert "จันทร์–ศุกร์ 08:30–16:30" in page.locator("#poster-hours").inner_text()
    _no_sideways_scroll(page)
    page.emulate_media(media="print")
    assert not page.locator("#print-poster").is_visible()  # the print button is not printed
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    assert len(pdf.pages) == 1  # one A4 sheet
    width_pt, height_pt = float(pdf.pages[0].mediabox.width), float(pdf.pages[0].mediabox.height)
    assert width_pt == pytest.approx(595.3, abs=1.5) and height_pt == pytest.approx(841.9, abs=1.5)
    # A point that takes everything still prints on one sheet.
    bin_point.accepted_materials = [
        "batteries", "fluorescent_tubes", "plastic_bottles", "cans", "paper", "cardboard",
        "glass_bottles", "mobile_phones", "cooking_oil", "engine_oil", "clothes", "shoes",
        "small_appliances", "paint", "tyres", "scrap_metal", "drugs", "printer_cartridges",
    ]  # fmt: skip
    bin_point.save()
    page.reload()
    page.emulate_media(media="print")
    assert len(PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True))).pages) == 1
    assert phone.errors == [] and phone.outside(live_server.url) == []


def test_unknown_point_is_a_thai_404(phone: Phone, live_server, municipality):
    response = phone.page.goto(live_server.url + "/points/XX-404/")
    assert response is not None and response.status == 404
    assert phone.page.locator("h1").inner_text() == "ไม่พบจุดนี้"
    assert "XX-404" in phone.page.locator("#missing").inner_text()


def test_what_the_community_achieved_by_touch(phone: Phone, live_server, bin_point, school):
    """Step 8: from any public page's header to trends, buy-back prices and the reports."""
    pet = Material.objects.get(code="pet")
    last_month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    for kg in ("40.5", "19.5"):
        WasteCollection.objects.create(
            point=bin_point, collected_on=last_month, material=pet, mass_kg=Decimal(kg),
            destination=Destination.SOLD,
        )  # fmt: skip
    MaterialPrice.objects.create(material=pet, valid_from=dt.date(2026, 1, 5), price_thb_per_kg=7)
    report = publish_report()
    page = phone.page
    page.goto(live_server.url + "/points/HZ-07/")
    page.locator(".public-nav a", has_text="ผลงานของชุมชน").tap()
    page.wait_for_url("**/achievements/")
    assert page.locator("#recycled-total").inner_text() == "60"
    for chart in ("#recycled svg", "#kwp svg"):
        box = page.locator(chart).bounding_box()
        assert box and box["width"] >= 250 and box["x"] + box["width"] <= WIDTH, chart
    bars = page.locator("#recycled svg rect").count()
    assert bars == 12
    prices = page.locator("#prices tbody").inner_text()
    assert "ขวดพลาสติกใส (PET)" in prices and "7.00" in prices and "5 ม.ค. 2569" in prices
    page.locator("#recycled summary").tap()
    assert "60" in page.locator("#recycled table").inner_text()
    _no_sideways_scroll(page)
    page.locator("#reports a", has_text=str(report.year_be)).first.tap()
    page.wait_for_url(f"**/reports/{report.pk}/")
    assert phone.errors == [] and phone.outside(live_server.url) == []


def test_a_published_report_reads_on_a_phone(phone: Phone, live_server):
    """Step 9: menu and downloads on the first screen, tables as cards, charts as wide as the
    screen, no number cut off."""
    demo.demo_load()
    report = publish_report()
    page = phone.page
    page.goto(live_server.url + f"/reports/{report.pk}/")
    menu = page.locator("#report-menu").bounding_box()
    downloads = page.locator("#downloads").bounding_box()
    assert menu and downloads and downloads["y"] + downloads["height"] <= HEIGHT * 1.5
    assert page.locator("#downloads a").count() == 3
    _no_sideways_scroll(page)
    page.locator("#report-menu a[href='#waste']").tap()
    page.wait_for_function(
        "Math.abs(document.getElementById('waste').getBoundingClientRect().top) < 20"
    )
    cut = page.evaluate(
        """() => [...document.querySelectorAll('table.report-table td')]
             .filter(td => td.offsetParent !== null)
             .filter(td => { const r = td.getBoundingClientRect();
                              return r.right > innerWidth + 0.5 || td.scrollWidth > td.clientWidth + 1; })
             .map(td => td.textContent)"""
    )
    assert cut == []
    cells = page.locator("#table-waste_material tbody tr").first.locator("td")
    assert cells.count() >= 3
    label = page.eval_on_selector(
        "#table-waste_material tbody td.num", "td => getComputedStyle(td, '::before').content"
    )
    assert label.strip('"') and label != "none"  # each figure carries its column's name
    for image in page.locator("figure.chart img").all():
        box = image.bounding_box()
        assert box and box["width"] >= 280 and box["x"] + box["width"] <= WIDTH
    assert phone.errors == [] and phone.outside(live_server.url) == []
