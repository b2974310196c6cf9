"""The field app on a phone (Chromium via Playwright): an inspection with a photo made without
signal survives a reload, arrives once when the network returns (also when the first upload's
answer is lost), a site edited meanwhile is shown as a conflict, and the first load stays small.

Chromium's offline emulation does not reach service workers, so "offline" here also aborts every
request a service worker makes, and the server records what it receives: while the phone is
offline, nothing may arrive.
"""

import datetime as dt
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.core.signals import request_started
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, FilePayload, Page, Route

from sustain.models import Inspection, InspectionPhoto, WorkOrder
from sustain.services.records import record_save
from tests.conftest import jpeg_bytes

# Lets Playwright see and route the service worker's own requests (Chromium only).
os.environ["PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS"] = "1"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST_LOAD_LIMIT_BYTES = 300_000


@dataclass
class ServerLog:
    """Every request path the live server received while ``recording``."""

    recording: bool = False
    paths: list[str] = field(default_factory=list)

    def __call__(self, sender: object, environ: dict | None = None, **kwargs: object) -> None:
        if self.recording and environ is not None:
            self.paths.append(environ.get("PATH_INFO", ""))


@pytest.fixture
def server_log() -> Iterator[ServerLog]:
    log = ServerLog()
    request_started.connect(log, weak=False)
    yield log
    request_started.disconnect(log)


@pytest.fixture
def field_site(settings, no_tiles, tmp_path, municipality, dara, somchai, solar_plan, school):
    settings.MEDIA_ROOT = tmp_path / "media"
    return school


@dataclass
class Phone:
    context: BrowserContext
    page: Page
    base: str
    errors: list[str]

    def offline(self) -> None:
        self.context.set_offline(True)
        self.context.route("**/*", _abort_service_worker)

    def online(self) -> None:
        self.context.unroute("**/*", _abort_service_worker)
        self.context.set_offline(False)


def _abort_service_worker(route: Route) -> None:
    if route.request.service_worker is not None:
        route.abort("internetdisconnected")
    else:
        route.fallback()


def _phone(browser: Browser, live_server, user) -> Phone:
    """A phone signed in as ``user`` (session cookie set directly, so no sign-in page loads)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True,
        device_scale_factor=2, locale="th-TH", service_workers="allow",
    )  # fmt: skip
    host = urlsplit(live_server.url).hostname
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                          "domain": host, "path": "/"}])  # fmt: skip
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return Phone(context=context, page=page, base=live_server.url, errors=errors)


def _install(phone: Phone) -> None:
    """Open the field app with signal and wait until its service worker controls the page."""
    page = phone.page
    page.goto(phone.base + "/field/")
    page.wait_for_selector("body[data-ready=true]")
    # Polled with evaluate: wait_for_function evaluates a string, which the page's CSP forbids.
    deadline = time.monotonic() + 15
    while not page.evaluate("navigator.serviceWorker.controller !== null"):
        assert time.monotonic() < deadline, "the service worker never took control"
        page.wait_for_timeout(100)


def _inspect_offline_with_photo(phone: Phone, site_name: str) -> None:
    page = phone.page
    page.get_by_text(site_name).first.tap()
    page.get_by_role("link", name="ตรวจ", exact=True).tap()
    page.locator('fieldset[data-key="panels_clean"] label.choice:has(input[value=no])').tap()
    photo: FilePayload = {"name": "panel.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}
    page.set_input_files("#photo-panel_photo", files=[photo])
    page.wait_for_selector("#thumbs-panel_photo img")
    page.fill("#inspect-notes", "แผงมีขี้เถ้าจากการเผา")
    page.locator("#inspect-save").tap()
    page.wait_for_selector("body[data-outbox='1']")
    assert "บันทึกไว้ในโทรศัพท์แล้ว" in page.locator("#notice").inner_text()


def _phone_with_offline_inspection(browser: Browser, live_server, user, site_name: str) -> Phone:
    """A phone that opened the field app with signal, lost it and then inspected ``site_name``."""
    phone = _phone(browser, live_server, user)
    _install(phone)
    phone.offline()
    _inspect_offline_with_photo(phone, site_name)
    return phone


def test_offline_inspection_with_photo_survives_a_reload_and_arrives_once(
    browser, live_server, field_site, dara, server_log
):
    phone = _phone(browser, live_server, dara)
    _install(phone)
    page = phone.page
    assert field_site.name in page.locator("#due-list").inner_text()
    phone.offline()
    server_log.recording = True
    _inspect_offline_with_photo(phone, field_site.name)
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    assert page.locator("#net-status").inner_text() == "ไม่มีสัญญาณ: งานของคุณเก็บไว้ในโทรศัพท์"
    assert field_site.name in page.locator("#due-list").inner_text()  # kept on the phone
    assert page.locator("#outbox-count").inner_text() == "1"
    page.locator("#tab-outbox").tap()
    page.wait_for_selector(".outbox-item.status-pending")
    assert "รอส่ง" in page.locator("#outbox-list").inner_text()
    assert server_log.paths == [] and Inspection.objects.count() == 0
    server_log.recording = False
    phone.online()
    page.wait_for_selector("body[data-outbox='0']", timeout=20_000)
    inspection = Inspection.objects.get()
    assert inspection.installation == field_site and inspection.inspector == dara
    assert inspection.notes == "แผงมีขี้เถ้าจากการเผา"
    assert {a.key: a.passed for a in inspection.answers.all()} == {
        "panels_clean": False, "panel_photo": None}  # fmt: skip
    photo = InspectionPhoto.objects.get()
    assert photo.item_key == "panel_photo" and max(photo.width_px, photo.height_px) <= 1600
    assert WorkOrder.objects.get().source_inspection == inspection
    page.locator("#tab-outbox").tap()
    page.wait_for_selector(".outbox-item.status-sent")
    assert phone.errors == []
    phone.context.close()


def test_a_lost_answer_is_resent_and_stored_once(
    browser, live_server, field_site, dara, server_log
):
    phone = _phone_with_offline_inspection(browser, live_server, dara, field_site.name)
    uploads: list[int] = []

    def flaky(route: Route) -> None:
        uploads.append(1)
        if len(uploads) == 1:
            route.fetch()  # the server stores it ...
            route.abort("connectionreset")  # ... and the phone never hears back
        else:
            route.continue_()

    phone.context.route("**/api/maintenance/inspections", flaky)
    server_log.recording = True
    phone.online()
    phone.page.wait_for_selector("body[data-outbox='0']", timeout=30_000)
    assert len(uploads) == 2
    assert server_log.paths.count("/api/maintenance/inspections") == 2
    assert Inspection.objects.count() == 1 and InspectionPhoto.objects.count() == 1
    assert WorkOrder.objects.count() == 1
    phone.context.close()


def test_a_site_edited_meanwhile_is_shown_not_overwritten(
    browser, live_server, field_site, dara, somchai
):
    phone = _phone_with_offline_inspection(browser, live_server, dara, field_site.name)
    field_site.name = "โรงเรียนบ้านชวา (อาคาร 2)"
    field_site.commissioned_on = dt.date(2022, 1, 10)
    record_save(obj=field_site, actor=somchai)
    phone.online()
    page = phone.page
    page.locator("#tab-outbox").tap()
    conflict = page.locator(".outbox-item.status-conflict")
    conflict.wait_for(timeout=20_000)
    text = conflict.inner_text()
    assert "ถูกแก้ไขหลังจากโทรศัพท์ของคุณโหลดข้อมูล" in text and "somchai" in text
    assert "ชื่อ" in text  # the field that changed
    assert Inspection.objects.count() == 0
    conflict.get_by_role("button", name="ยืนยันส่ง").tap()
    page.wait_for_selector("body[data-outbox='0']", timeout=20_000)
    assert Inspection.objects.count() == 1
    phone.context.close()


def test_first_load_on_a_phone_is_small(browser, live_server, field_site, dara, server_log):
    phone = _phone(browser, live_server, dara)
    received: list[int] = []
    cdp = phone.context.new_cdp_session(phone.page)
    cdp.send("Network.enable")
    cdp.on("Network.loadingFinished", lambda event: received.append(event["encodedDataLength"]))
    server_log.recording = True
    _install(phone)
    phone.page.wait_for_timeout(500)
    worker = Client()
    worker.force_login(dara)
    worker_bytes = len(worker.get("/field/sw.js").content) + len(
        worker.get("/field/manifest.webmanifest").content
    )
    total = sum(received) + worker_bytes
    print(f"field app first load: {total / 1000:.1f} kB in {len(received)} responses")
    assert total <= FIRST_LOAD_LIMIT_BYTES, total
    # The service worker keeps the files the page loaded: none is downloaded twice.
    static = [path for path in server_log.paths if path.startswith("/static/")]
    assert static and len(static) == len(set(static)), static
    assert phone.errors == []
    phone.context.close()


def test_a_signed_out_phone_keeps_its_work_until_staff_sign_in_again(
    browser, live_server, field_site, dara
):
    from django.contrib.sessions.models import Session

    phone = _phone_with_offline_inspection(browser, live_server, dara, field_site.name)
    Session.objects.all().delete()  # the session ended while the phone was away
    phone.online()
    page = phone.page
    link = page.locator("#notice a")
    link.wait_for(timeout=20_000)
    assert link.get_attribute("href") == "/staff/login/?next=/field/"
    assert "เข้าสู่ระบบอีกครั้ง" in page.locator("#notice").inner_text()
    assert page.locator("#outbox-count").inner_text() == "1" and Inspection.objects.count() == 0
    again = Client()  # signed in again: a new session cookie
    again.force_login(dara)
    host = urlsplit(live_server.url).hostname
    phone.context.add_cookies([{"name": "sessionid", "value": again.cookies["sessionid"].value,
                                "domain": host, "path": "/"}])  # fmt: skip
    page.reload()
    page.wait_for_selector("body[data-outbox='0']", timeout=20_000)
    assert Inspection.objects.count() == 1
    phone.context.close()
