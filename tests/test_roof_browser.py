"""The "solar on my roof" page on a 360 px phone, by touch, in Thai (Playwright, Chromium)."""

import io
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import unquote_plus

import pytest
from playwright.sync_api import Browser, Page, Request
from pypdf import PdfReader

from sustain.models import Lead
from sustain.services.solar import leads
from tests.conftest import browser_sign_in
from tests.test_leads import grant_view_private

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESIDENT = "นายทดสอบ หลังคาบ้าน"


@dataclass
class Phone:
    page: Page
    sent: list[str] = field(default_factory=list)  # every request: URL and body, decoded
    errors: list[str] = field(default_factory=list)


def _record(phone: Phone, request: Request) -> None:
    phone.sent.append(unquote_plus(request.url + " " + (request.post_data or "")))


def _phone(browser: Browser, **options) -> Phone:
    context = browser.new_context(
        locale="th-TH", viewport={"width": 360, "height": 740}, has_touch=True,
        is_mobile=True, device_scale_factor=2, **options,
    )  # fmt: skip
    phone = Phone(context.new_page())
    phone.page.on("request", lambda request: _record(phone, request))
    phone.page.on("pageerror", lambda error: phone.errors.append(str(error)))
    return phone


@pytest.fixture
def phone(browser: Browser, live_server, no_tiles, municipality, moo1) -> Iterator[Phone]:
    result = _phone(browser)
    yield result
    result.page.context.close()


def _open(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-roof-ready]", state="attached")


def test_the_whole_flow_by_touch(phone: Phone, live_server):
    page = phone.page
    _open(page, live_server.url + "/solar/my-roof/")
    assert page.locator("html").get_attribute("lang") == "th"
    box = page.locator("#roof-map").bounding_box()
    assert box is not None and box["width"] <= 360
    page.locator("#roof-map").tap(
        position={"x": box["width"] / 2 + 23, "y": box["height"] / 2 - 17}
    )
    page.wait_for_selector("body[data-house-placed=inside]", state="attached")
    assert "ปักตำแหน่งบ้านแล้ว" in page.locator("#place-status").inner_text()

    page.locator("label.dir-SW").tap()
    page.locator("label.pic", has_text="ลาดชัน").tap()
    page.locator("label", has_text="พื้นที่หลังคาที่ใช้ได้ (ตร.ม.)").first.tap()
    page.locator("#area_m2").fill("0")  # a mistake first
    page.locator("label", has_text="ค่าไฟต่อเดือน (บาท)").first.tap()
    page.locator("#bill_thb").fill("1500")
    page.locator("label", has_text="ตอนเย็นเป็นส่วนใหญ่").tap()
    page.locator("#calculate").tap()
    error = page.locator('[data-error-for="area_m2"]')
    error.wait_for()
    assert "พื้นที่หลังคา ต้องอยู่ระหว่าง 5 ถึง 1000" in error.inner_text()
    assert page.locator("#result").is_hidden()

    page.locator("#area_m2").fill("40")
    page.locator("#calculate").tap()
    page.wait_for_selector("body[data-estimate-shown]", state="attached")
    result = page.locator("#result")
    assert result.is_visible() and error.inner_text() == ""
    text = result.inner_text()
    assert "ผลประมาณการของคุณ" in text and "คืนทุนใน" in text and "สมมติฐานที่ใช้" in text
    assert "ต้องตรวจสอบ" in text and "ค่าประมาณ" in text  # rows to verify; default weather
    assert re.search(r"\d{1,3}(,\d{3})+", page.locator('[data-out="bill_before_thb"]').inner_text())
    assert "2569" in page.locator('[data-out="co2e_factor"]').inner_text()  # BE dates
    assert page.locator("#month-chart rect.bar").count() == 12
    figure = page.locator('[data-out="annual_kwh"]').first.inner_text()
    assert int(figure.replace(",", "")) > 5000  # about 6.7 kWp on a steep south-west roof
    # Result on screen at 360 px: nothing wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.locator("#share").tap()
    link = page.locator("#share-status").get_attribute("data-link") or ""
    assert "direction=SW" in link and "area_m2=40" in link and "cell" not in link

    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    assert len(pdf.pages) == 1  # the printable one-page summary
    printed = pdf.pages[0].extract_text()
    assert "kWh" in printed and "ส่งคำขอ" not in "".join(printed.split())

    page.locator("#name").fill(RESIDENT)
    page.locator("#phone").fill("081 222 3333")
    page.locator("#village").select_option(label="หมู่ 1 บ้านสันทรายมูล")
    page.locator("#send-advice").tap()
    consent_error = page.locator('[data-error-for="consent"]')
    consent_error.wait_for()
    assert "ความยินยอม" in consent_error.inner_text() and Lead.objects.count() == 0
    page.locator("#consent").tap()
    page.locator("#send-advice").tap()
    page.wait_for_selector("body[data-advice-sent]", state="attached")
    page.locator("#send-advice").tap()  # a second press sends the same request: still one lead
    page.wait_for_timeout(500)
    lead = Lead.objects.get()
    assert lead.name == RESIDENT and lead.phone == "0812223333" and lead.village is not None
    assert lead.summary["capacity_kwp"] == pytest.approx(6.7)
    assert "ยินยอม" in lead.consent_text

    # The exact point went out once, with the request for advice, and never before it.
    exact = [f"{lead.latitude:.6f}"[:7], f"{lead.longitude:.6f}"[:8]]  # to 0.0001°
    advice = [i for i, line in enumerate(phone.sent) if "/solar/my-roof/advice" in line]
    assert advice and all(part in phone.sent[advice[0]] for part in exact)
    before = phone.sent[: advice[0]]
    estimates = [line for line in before if "/solar/my-roof/estimate" in line]
    assert len(estimates) == 2 and all("cell=19.7" in line for line in estimates)
    assert not [line for line in before if any(part in line for part in exact)]
    assert phone.errors == []

    # Absent from every public output residents can reach.
    public = phone.page.context.new_page()
    for url in ("/", "/api/map/installations.geojson", "/api/solar/installations", "/reports/"):
        response = public.goto(live_server.url + url)
        assert response is not None
        body = response.text()
        assert RESIDENT not in body and "0812223333" not in body and exact[0] not in body


def test_a_house_outside_the_service_area_is_told_so(
    browser: Browser, live_server, settings, municipality
):
    settings.MAP_TILES_URL = ""
    phone = _phone(
        browser, geolocation={"latitude": 19.90, "longitude": 100.40}, permissions=["geolocation"]
    )
    page = phone.page
    _open(page, live_server.url + "/solar/my-roof/")
    page.locator("#use-location").tap()
    page.wait_for_selector("body[data-house-placed=outside]", state="attached")
    assert "อยู่นอกพื้นที่ให้บริการ" in page.locator("#place-status").inner_text()
    page.locator("#bill_thb").fill("900")
    page.locator("#calculate").tap()
    error = page.locator('[data-error-for="cell"]')
    error.wait_for()
    assert "อยู่นอกพื้นที่ให้บริการ" in error.inner_text()
    assert not [line for line in phone.sent if "/estimate" in line]  # stopped in the phone
    page.context.close()


def test_a_shared_link_shows_the_estimate_in_english(
    browser: Browser, live_server, settings, municipality
):
    settings.MAP_TILES_URL = ""
    phone = _phone(browser)
    page = phone.page
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    _open(
        page,
        live_server.url + "/solar/my-roof/?direction=E&pitch=flat&size_mode=kwp&kwp=3"
        "&use_mode=kwh&kwh_month=300&schedule=1.2&use_time=daytime",
    )
    page.wait_for_selector("body[data-estimate-shown]", state="attached")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Your estimate" in page.locator("#result").inner_text()
    assert page.locator('[data-out="capacity_kwp"]').first.inner_text() == "3.0"
    assert page.input_value("#kwp") == "3"
    page.context.close()


def test_permitted_staff_see_requests_on_the_staff_map(
    browser: Browser, live_server, settings, municipality, somchai
):
    settings.MAP_TILES_URL = ""
    lead, _created = leads.lead_create(
        request_key=uuid.uuid4(), name=RESIDENT, phone="0812223333", village=None,
        latitude=19.7185, longitude=100.1812, inputs={"tilt_deg": 15, "azimuth_deg": 180},
        summary={"capacity_kwp": 3.0}, consent_text="-", language="th",
    )  # fmt: skip
    grant_view_private(somchai)
    context = browser.new_context(locale="th-TH", viewport={"width": 1280, "height": 900})
    staff = context.new_page()
    browser_sign_in(staff, live_server.url)
    staff.wait_for_selector('body[data-leads-loaded="1"]', state="attached")
    staff.locator(f'.leaflet-marker-icon[title="คำขอคำแนะนำ #{lead.pk}"]').click()
    popup = staff.locator(".leaflet-popup-content")
    popup.wait_for()
    assert RESIDENT in popup.inner_text() and "0812223333" in popup.inner_text()
    assert popup.locator("a").get_attribute("href") == f"/manage/leads/#lead-{lead.pk}"
    context.close()
