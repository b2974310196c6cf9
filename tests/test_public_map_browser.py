"""The public map on a phone, as a resident uses it: touch, 360×740, Thai (issue 14).

Each test taps (never clicks) in a touch-emulating phone context; the core ones run again at
1366×768. Helpers and the browser fixture come from tests/test_browser.py.
"""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from sustain.models import WastePoint
from tests.test_browser import browser  # noqa: F401 (the module-scoped Chromium fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "has_touch": True, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1366, "height": 768}}


def _context(browser: Browser, size: dict, **extra) -> Page:  # noqa: F811
    context = browser.new_context(locale="th-TH", **size, **extra)
    return context.new_page()


@pytest.fixture
def phone(browser: Browser, live_server, settings) -> Iterator[Page]:  # noqa: F811
    settings.MAP_TILES_URL = ""
    page = _context(browser, PHONE)
    yield page
    page.context.close()


@pytest.fixture
def points(municipality, waste_bank, school) -> list[WastePoint]:
    """Three waste points far enough apart not to cluster at the start zoom."""
    bins = WastePoint.objects.create(
        name="ถังขยะอันตรายหน้าเทศบาล", kind="hazardous_bin", ref="SSN-HA-01",
        accepted_materials=["batteries", "low_energy_bulbs"],
        opening_hours="Mo-Fr 08:30-16:30; PH off", latitude=19.707, longitude=100.195,
    )  # fmt: skip
    return [waste_bank, bins]


def open_map(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-points-loaded]", state="attached", timeout=15_000)


def test_tapping_a_marker_opens_details_that_stay_open(phone: Page, live_server, points):
    open_map(phone, live_server.url + "/")
    phone.locator(f'.leaflet-marker-icon[title="{points[1].name}"]').tap()
    phone.wait_for_timeout(1000)
    details = phone.locator("#point-details")
    assert details.is_visible()
    assert points[1].name in details.inner_text()
