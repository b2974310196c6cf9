"""The maps in a real browser: Playwright driving Debian's Chromium against a live server."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Dialog, Page

from sustain.demo import load as demo
from sustain.models import SolarInstallation, WastePoint
from tests.conftest import browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOSTILE = "<img src=x onerror=alert(1)>"


@dataclass
class Watched:
    """A page, and what it asked for, said and popped up while a test used it."""

    page: Page
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)  # CSP violations are reported here
    failed: list[str] = field(default_factory=list)  # "404 http://…": answers that were errors


def _on_dialog(watched: Watched, dialog: Dialog) -> None:
    watched.dialogs.append(dialog.message)
    dialog.dismiss()


@pytest.fixture
def watched(browser: Browser, live_server, no_tiles) -> Iterator[Watched]:
    context = browser.new_context(locale="th-TH", viewport={"width": 390, "height": 844})
    result = Watched(context.new_page())
    result.page.on("request", lambda request: result.requests.append(request.url))
    result.page.on("dialog", lambda dialog: _on_dialog(result, dialog))
    result.page.on("pageerror", lambda error: result.errors.append(str(error)))
    result.page.on(
        "response",
        lambda response: (
            result.failed.append(f"{response.status} {response.url}")
            if response.status >= 400
            else None
        ),
    )
    result.page.on(
        "console",
        lambda message: (
            result.console_errors.append(f"{message.text} ({message.location.get('url')})")
            if message.type == "error"
            else None
        ),
    )
    yield result
    context.close()


def _open_map(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-points-loaded]", state="attached", timeout=15_000)
    page.wait_for_selector("body[data-solar-loaded]", state="attached", timeout=15_000)


@pytest.fixture
def spread_out(municipality, waste_bank, school):
    """Three points far enough apart not to cluster at the start zoom, one with a hostile name."""
    WastePoint.objects.create(
        name=HOSTILE, kind="hazardous_bin", accepted_materials=["batteries"],
        opening_hours="Mo-Fr 08:30-16:30", latitude=19.707, longitude=100.195,
    )  # fmt: skip
    return waste_bank


def test_public_map_is_local_thai_and_filters(watched: Watched, live_server, spread_out):
    page = watched.page
    _open_map(page, live_server.url + "/")
    host = urlsplit(live_server.url).netloc
    outside = [url for url in watched.requests if urlsplit(url).netloc not in (host, "")]
    assert outside == [] and watched.errors == [] and watched.console_errors == []
    assert page.locator("html").get_attribute("lang") == "th"
    assert (
        page.locator(".leaflet-marker-icon.waste").count() == 2
        and page.locator(".leaflet-marker-icon.solar").count() == 1
    )
    page.locator(f'.leaflet-marker-icon[title="{spread_out.name}"]').click()
    page.wait_for_selector(f"#point-details[data-loaded=p{spread_out.pk}]")
    details = page.locator("#point-details")
    text = details.inner_text()
    assert spread_out.name in text and "ธนาคารขยะ" in text
    assert "ขวดพลาสติกใส (PET)" in text and "กระป๋องอะลูมิเนียม" in text  # materials in Thai
    assert "เสาร์ที่ 2 ของเดือน 09:00–12:00" in text and ("ปิดอยู่" in text or "เปิดอยู่" in text)
    assert details.locator("a.report").get_attribute("href") == "https://fondue.traffy.in.th/"
    page.keyboard.press("Escape")
    assert details.is_hidden()
    page.fill("#map-search", "แบตเตอรี่")
    page.locator("#search-suggestions li").first.click()
    assert page.locator(".leaflet-marker-icon.waste").count() == 1
    assert page.locator(f'.leaflet-marker-icon[title="{spread_out.name}"]').count() == 0
    assert "1" in page.locator("#map-status").inner_text()


def test_hostile_name_stays_text(watched: Watched, live_server, spread_out):
    page = watched.page
    _open_map(page, live_server.url + "/")
    page.locator(".leaflet-marker-icon.waste").filter(has_text="H").click()
    page.wait_for_selector("#point-details[data-loaded]")
    heading = page.locator("#details-title")
    assert heading.inner_text() == HOSTILE
    assert page.locator('img[src="x"]').count() == 0
    page.wait_for_timeout(300)
    assert watched.dialogs == []


def test_demo_map_clusters_and_leaks_no_personal_data(watched: Watched, live_server):
    page = watched.page
    demo.demo_load()
    owners = list(
        SolarInstallation.objects.exclude(owner_name="").values_list("owner_name", "owner_phone")
    )
    assert len(owners) >= 30
    bodies: list[str] = []
    page.on(
        "response",
        lambda response: bodies.append(response.text()) if "/api/" in response.url else None,
    )
    _open_map(page, live_server.url + "/")
    assert int(page.locator("body").get_attribute("data-points-loaded") or 0) == 25
    assert page.locator(".marker-cluster").count() > 0
    page.wait_for_timeout(300)
    seen = page.content() + "".join(bodies)
    for name, phone in owners:
        assert name not in seen and phone not in seen


def test_staff_place_a_waste_point_then_residents_see_it(
    browser: Browser, live_server, no_tiles, municipality, somchai
):
    context = browser.new_context(locale="th-TH", viewport={"width": 1280, "height": 900})
    staff = context.new_page()
    browser_sign_in(staff, live_server.url)
    box = staff.locator(".folium-map").bounding_box()
    assert box is not None
    staff.mouse.click(box["x"] + box["width"] / 2 + 40, box["y"] + box["height"] / 2 - 30)
    assert staff.input_value("#id_latitude") != ""
    staff.select_option("#id_site_type", "waste_point")
    staff.fill("#id_name", "ถังแยกขยะหน้าวัด")
    staff.select_option("#id_kind", "drop_off_bin")
    staff.locator('input[name="accepted_materials"][value="batteries"]').check()
    staff.locator("form.stacked button[type=submit]").click()
    staff.wait_for_selector(".messages")
    assert "ถังแยกขยะหน้าวัด" in staff.locator(".messages").inner_text()
    point = WastePoint.objects.get(name="ถังแยกขยะหน้าวัด")
    assert point.accepted_materials == ["batteries"] and point.history.get().history_user == somchai
    assert abs(point.latitude - 19.717) < 0.05 and abs(point.longitude - 100.18) < 0.05
    context.close()

    resident = browser.new_context(locale="th-TH").new_page()
    _open_map(resident, live_server.url + "/")
    resident.fill("#map-search", "ถ่านไฟฉาย")
    resident.locator("#search-suggestions li").first.click()
    assert resident.locator('.leaflet-marker-icon[title="ถังแยกขยะหน้าวัด"]').count() == 1
    resident.context.close()


def test_staff_form_names_the_bad_field(
    browser: Browser, live_server, no_tiles, municipality, somchai
):
    context = browser.new_context(locale="th-TH")
    staff = context.new_page()
    browser_sign_in(staff, live_server.url)
    staff.select_option("#id_site_type", "installation")
    staff.fill("#id_name", "โรงเรียน")
    staff.fill("#id_latitude", "19.72")
    staff.fill("#id_longitude", "100.18")
    staff.select_option("#id_building_type", "school")
    staff.fill("#id_capacity_kwp", "0")
    staff.fill("#id_tilt_deg", "15")
    staff.fill("#id_commissioned_on", "01/06/2567")
    staff.locator("form.stacked button[type=submit]").click()
    error = staff.locator(".field-capacity_kwp .error")
    error.wait_for()
    assert "กำลังการผลิตติดตั้ง ต้องมากกว่า 0" in error.inner_text()
    assert not SolarInstallation.objects.filter(name="โรงเรียน").exists()
    context.close()


def test_staff_move_a_point_by_clicking_the_map(
    browser: Browser, live_server, no_tiles, municipality, somchai, waste_bank
):
    context = browser.new_context(locale="th-TH", viewport={"width": 1280, "height": 900})
    staff = context.new_page()
    browser_sign_in(staff, live_server.url)
    staff.locator(f'.leaflet-marker-icon[title="{waste_bank.name}"]').click()
    staff.locator(".leaflet-popup-content button.move").click()
    assert staff.input_value("#id_move") == f"waste_point:{waste_bank.pk}"
    box = staff.locator(".folium-map").bounding_box()
    assert box is not None
    staff.mouse.click(box["x"] + box["width"] / 2 - 60, box["y"] + box["height"] / 2 + 50)
    new_latitude = float(staff.input_value("#id_latitude"))
    staff.locator("form.stacked button[type=submit]").click()
    staff.wait_for_selector(".messages")
    waste_bank.refresh_from_db()
    assert waste_bank.latitude == pytest.approx(new_latitude, abs=1e-6)
    assert waste_bank.history.latest().history_user == somchai
    context.close()


def test_pages_run_under_the_content_security_policy(
    watched: Watched, live_server, municipality, somchai, waste_bank, household
):
    """No page needs an inline script without the nonce, or anything from another host."""
    from sustain.report import runs as report_runs

    report = report_runs.report_request(basis="fiscal", year_be=2569, actor=somchai)
    report.refresh_from_db()
    report_runs.report_publish(report=report, actor=somchai)
    page = watched.page
    browser_sign_in(page, live_server.url)
    assert page.locator(".leaflet-marker-icon").count() >= 2  # folium's script ran
    for path in (
        "/", "/staff/", f"/staff/sustain/solarinstallation/{household.pk}/change/",
        "/manage/solar/", "/manage/reports/", f"/manage/reports/{report.pk}/", "/reports/",
        f"/reports/{report.pk}/", "/api/docs",
    ):  # fmt: skip
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        assert "nonce-" in response.headers["content-security-policy"] or path != "/"
        page.wait_for_load_state("networkidle")
    # The admin's date picker (a script of its own) opened under the policy.
    page.goto(live_server.url + f"/staff/sustain/solarinstallation/{household.pk}/change/")
    page.locator("#id_commissioned_on").click()
    page.locator(".datetimeshortcuts a").first.click()
    assert watched.console_errors == [] and watched.errors == [], watched.failed
