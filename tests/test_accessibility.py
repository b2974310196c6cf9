"""axe-core (4.x, shipped inside the axe-playwright-python package) on the public pages: the
map, a point's page and poster, what the community achieved and a published report, on a phone
in Thai and on a wide screen. Any serious or critical violation fails the test; on the pages
other than the map, any violation at all does."""

from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser

from sustain.demo import load as demo
from sustain.models import WastePoint
from sustain.services.pointpages import point_key

from .test_public_browser import publish_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING = ("serious", "critical")
ALL_IMPACTS = ("minor", "moderate", "serious", "critical")


def _blocking(response: dict, *, impacts: tuple[str, ...]) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in response["violations"]
        if v.get("impact") in impacts
    ]


@pytest.fixture
def demo_pages(live_server, no_tiles) -> Iterator[list[str]]:
    demo.demo_load()
    report = publish_report()
    point = WastePoint.objects.filter(active=True).exclude(ref="").order_by("pk").first()
    assert point is not None
    key = point_key(point)
    yield [
        "/", f"/points/{key}/", f"/points/{key}/poster/", "/achievements/",
        f"/reports/{report.pk}/", "/reports/",
    ]  # fmt: skip


VIEWPORTS: dict[str, dict[str, Any]] = {
    "phone": {"viewport": {"width": 360, "height": 740}, "has_touch": True, "is_mobile": True},
    "wide": {"viewport": {"width": 1366, "height": 768}},
}


def test_no_serious_or_critical_violation(
    browser: Browser,
    live_server,
    demo_pages: list[str],
):
    axe = Axe()
    found: dict[str, list[str]] = {}
    checked = 0
    for name, options in VIEWPORTS.items():
        context = browser.new_context(locale="th-TH", **options)
        page = context.new_page()
        for path in demo_pages:
            page.goto(live_server.url + path)
            if path == "/":
                page.wait_for_selector("body[data-points-loaded]", state="attached", timeout=15_000)
            page.wait_for_load_state("networkidle")
            results = axe.run(page, options={"resultTypes": ["violations", "passes"]})
            checked += len(results.response["passes"])
            # The map page (its own template) is held to the bar; the pages built on
            # the base template have no violation at all, and must keep it so.
            impacts = BLOCKING if path == "/" else ALL_IMPACTS
            if problems := _blocking(results.response, impacts=impacts):
                found[f"{name} {path}"] = problems
        context.close()
    assert checked > 100  # axe really ran its rules on every page
    assert found == {}
