"""A day's work in Chromium, in Thai (issue 15, "Done when"): sign in, add a waste point with its
hours typed in Thai (a failed save, then a good one), record a session with a decimal comma, open
the installation list, generate and publish a report after confirming, sign out. And the staff
map's failed save on a phone."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Dialog, Page

from sustain.models import Report, WasteCollection, WastePoint
from tests.conftest import browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def boss(db) -> User:
    return User.objects.create_superuser("boss", password="boss-pass-1")


def _sign_in(page: Page, base_url: str) -> None:
    browser_sign_in(page, base_url, username="boss", password="boss-pass-1")


def _click_map(page: Page, dx: float = 40, dy: float = -30, *, tap: bool = False) -> None:
    box = page.locator(".folium-map").bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2 + dx, box["y"] + box["height"] / 2 + dy
    if tap:
        page.touchscreen.tap(x, y)
    else:
        page.mouse.click(x, y)


def _in_view(page: Page, selector: str) -> bool:
    return bool(
        page.evaluate(
            """(selector) => { const r = document.querySelector(selector).getBoundingClientRect();
                return r.top >= 0 && r.bottom <= window.innerHeight; }""",
            selector,
        )
    )


def test_a_day_of_staff_work_in_thai(
    browser: Browser,
    live_server,
    no_tiles,
    municipality,
    boss,
    school,
):
    context = browser.new_context(locale="th-TH", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []

    def answer(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    _sign_in(page, live_server.url)
    assert page.locator("#staff-menu").is_visible()

    # A waste point: only its own fields; hours typed in Thai; first without an end time.
    _click_map(page)
    latitude = page.input_value("#id_latitude")
    page.select_option("#id_site_type", "waste_point")
    assert page.locator(".field-capacity_kwp").is_hidden()
    assert page.locator(".field-opening_hours").is_visible()
    page.fill("#id_name", "ธนาคารขยะวัดสันทราย")
    page.select_option("#id_kind", "waste_bank")
    page.locator('input[name="accepted_materials"][value="plastic_bottles"]').check()
    page.fill("#id_opening_hours", "จ-ศ 8.30-")
    page.locator("form.stacked button[type=submit]").click()
    page.wait_for_selector("#save-failed")
    assert "ยังไม่ได้บันทึก" in page.inner_text("#save-failed")
    error = page.inner_text(".field-opening_hours .error")
    assert "ต้องมีทั้งเวลาเริ่มและเวลาสิ้นสุด" in error and "Expected" not in error
    assert page.get_attribute("body", "data-placed") == "restored"  # the marker stays
    assert page.input_value("#id_latitude") == latitude
    assert not WastePoint.objects.filter(name="ธนาคารขยะวัดสันทราย").exists()
    page.fill("#id_opening_hours", "จ-ศ 8.30-16.30 ปิดวันหยุดนักขัตฤกษ์")
    page.locator("form.stacked button[type=submit]").click()
    page.wait_for_selector(".messages")
    assert "ธนาคารขยะวัดสันทราย" in page.inner_text(".messages")
    point = WastePoint.objects.get(name="ธนาคารขยะวัดสันทราย")
    assert point.opening_hours == "Mo-Fr 08:30-16:30; PH off"

    # A session with a decimal comma, through the menu.
    page.locator("#staff-menu a[href='/manage/waste/session/']").click()
    page.select_option("#id_point", str(point.pk))
    assert page.locator("tr[data-material=batteries]").is_hidden()  # not accepted here
    page.fill("#id_collected_on", "14/03/2569")
    page.select_option("#id_destination", "sold")
    page.fill("#kg_pet", "12,5")
    page.locator("#waste-session button[type=submit]").click()
    page.wait_for_selector(".messages")
    assert WasteCollection.objects.get(point=point).mass_kg == Decimal("12.50")
    assert "12.50" in page.inner_text(".messages")

    # The installation list.
    page.locator("#staff-menu a[href='/manage/solar/installations/']").click()
    assert school.name in page.inner_text("#installations")
    assert page.locator(f"a[href='/manage/map/?site=installation:{school.pk}']").count() == 1

    # A report, published after confirming.
    page.locator("#staff-menu a[href='/manage/reports/']").click()
    page.select_option("#id_basis", "fiscal")
    page.fill("#id_year_be", "2568")
    page.locator("#report-request button[type=submit]").click()
    page.wait_for_selector("#publish-form", timeout=120_000)
    page.check("#id_confirm_publish")
    page.locator("#publish-form button[type=submit]").click()
    page.wait_for_selector(".messages")
    assert any("ไม่สามารถยกเลิกได้" in message for message in dialogs)
    assert Report.objects.get().published_at is not None

    # Sign out (a POST), and the staff pages are closed again.
    page.locator("#sign-out").click()
    page.wait_for_load_state()
    page.goto(live_server.url + "/manage/solar/installations/")
    assert "/staff/login/" in page.url
    assert errors == []
    context.close()


def test_phone_failed_save_is_in_view_and_the_marker_stays(
    browser: Browser,
    live_server,
    no_tiles,
    municipality,
    boss,
):
    context = browser.new_context(
        locale="th-TH", viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    _sign_in(page, live_server.url)
    _click_map(page, 20, 20, tap=True)
    assert page.input_value("#id_latitude") != ""
    page.locator("#id_site_type").select_option("installation")
    assert page.locator(".field-kind").is_hidden() and page.locator(".field-tilt_deg").is_visible()
    page.locator("#id_name").tap()
    page.fill("#id_name", "โรงเรียนบนโทรศัพท์")
    page.select_option("#id_building_type", "school")
    page.fill("#id_capacity_kwp", "1,2,5")
    page.locator("form.stacked button[type=submit]").tap()
    page.wait_for_selector("#save-failed")
    page.wait_for_timeout(300)
    assert _in_view(page, ".field-capacity_kwp .error")
    assert "1,2,5" in page.inner_text(".field-capacity_kwp .error")
    assert page.get_attribute("body", "data-placed") == "restored"
    assert page.locator(".leaflet-marker-icon.leaflet-marker-draggable").count() == 1
    assert page.locator(".field-kind").is_hidden()  # still only the installation's fields
    context.close()


def test_hours_editor_writes_the_osm_value(
    browser: Browser,
    live_server,
    no_tiles,
    municipality,
    boss,
):
    context = browser.new_context(locale="th-TH", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _sign_in(page, live_server.url)
    page.select_option("#id_site_type", "waste_point")
    editor = page.locator(".field-opening_hours .hours-editor")
    editor.locator("summary").click()
    for day in ("Mo", "Tu", "We", "Th", "Fr"):
        editor.locator(f'[data-day="{day}"]').check()
    editor.locator(".hours-nth-day").select_option("Sa")
    editor.locator('[data-week="1"]').check()
    editor.locator('[data-week="3"]').check()
    editor.locator(".hours-to").fill("16:00")
    editor.locator(".hours-write").click()
    assert page.input_value("#id_opening_hours") == (
        "Mo-Fr 08:30-16:00; Sa[1,3] 08:30-16:00; PH off"
    )
    context.close()
