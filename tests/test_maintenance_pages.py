"""Staff maintenance pages in Thai: the due list with its solar alerts, site pages, work orders
with their history, inspection photos behind a permission check, the budget, the field app."""

import datetime as dt
import io
import re
import uuid
import zoneinfo
from decimal import Decimal

import openpyxl
import pytest
from django.test import Client

from sustain.models import MeterReading, SiteType, WorkOrder, WorkOrderSource
from sustain.services.maintenance import inspections
from sustain.services.maintenance.inspections import InspectionIn, PhotoIn
from tests.conftest import jpeg_bytes

BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")


def _login(client: Client, user) -> Client:
    client.force_login(user)
    return client


@pytest.fixture
def visited(somchai, solar_plan, school, photo_media):
    """An inspection of the school with a failed item and a photo."""
    return inspections.inspection_record(
        data=InspectionIn(
            uuid=uuid.uuid4(), site_type=SiteType.INSTALLATION, site_id=school.pk,
            inspected_at=dt.datetime(2026, 11, 3, 9, 30, tzinfo=BANGKOK),
            answers={"panels_clean": False}, notes="มีขี้เถ้าบนแผง",
            device_latitude=19.7151, device_longitude=100.1822,
        ),
        photos=[PhotoIn(item_key="panel_photo", name="p.jpg", data=jpeg_bytes())],
        actor=somchai,
    )  # fmt: skip


def test_due_list_in_thai_with_village_filter(client, dara, bank_plan, waste_bank, moo1, moo2,
                                             school, solar_plan):  # fmt: skip
    waste_bank.village = moo2
    waste_bank.save()
    page = _login(client, dara).get("/manage/maintenance/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "เลยกำหนด" in html and "สัปดาห์นี้" in html and waste_bank.name in html
    assert school.name in html  # never inspected: due today
    assert f"/field/#inspect/wp-{waste_bank.pk}" in html
    filtered = client.get(f"/manage/maintenance/?village={moo1.pk}").content.decode()
    assert waste_bank.name not in filtered
    only_waste = client.get("/manage/maintenance/?type=waste_point").content.decode()
    assert school.name not in only_waste and waste_bank.name in only_waste


def test_solar_alerts_sit_in_the_due_list_and_open_one_work_order(client, dara, household):
    reading = MeterReading.objects.create(
        installation=household, period_start=dt.date(2026, 10, 1), period_end=dt.date(2026, 10, 31),
        energy_kwh=Decimal("200"), expected_kwh=600, performance_ratio=0.33,
    )  # fmt: skip
    html = _login(client, dara).get("/manage/maintenance/").content.decode()
    assert 'id="alerts"' in html and household.name in html and "33 %" in html
    url = f"/manage/maintenance/alerts/{reading.pk}/work-order/"
    first = client.post(url)
    second = client.post(url)
    order = WorkOrder.objects.get()
    assert first.url == second.url == f"/manage/maintenance/work-orders/{order.pk}/"
    assert order.source == WorkOrderSource.SOLAR_ALERT and order.source_reading == reading
    assert (
        f"/manage/maintenance/work-orders/{order.pk}/"
        in client.get("/manage/maintenance/").content.decode()
    )


def test_a_residents_report_copied_in_by_staff(client, dara, waste_bank):
    _login(client, dara)
    url = f"/manage/maintenance/work-orders/new/?site=wp-{waste_bank.pk}"
    missing = client.post(url, {"title": "ถังล้ม", "priority": "normal", "source": "resident_report"})
    assert missing.status_code == 400 and "error" in missing.content.decode()
    response = client.post(url, {"title": "ถังล้ม", "priority": "high", "source": "resident_report",
                                 "resident_report": "Traffy #2569-778 ถังล้มขวางทาง",
                                 "out_of_service": "on", "assigned_to": str(dara.pk)})  # fmt: skip
    order = WorkOrder.objects.get()
    assert response.status_code == 302 and order.resident_report.startswith("Traffy")
    assert order.out_of_service and order.assigned_to == dara
    assert client.get("/manage/maintenance/work-orders/new/?site=wp-999999").status_code == 404


def test_work_order_page_updates_and_shows_history(client, dara, somchai, waste_bank):
    order = WorkOrder.objects.create(waste_point=waste_bank, title="ฝาถังแตก",
                                     opened_on=dt.date(2026, 11, 1))  # fmt: skip
    url = f"/manage/maintenance/work-orders/{order.pk}/"
    form = {"status": "in_progress", "priority": "high", "assigned_to": "", "budget_line": "repair",
            "closed_on": "", "closed_by_inspection": "", "replacement": ""}  # fmt: skip
    _login(client, dara)
    page = client.get(url).content.decode()
    assert re.search(r'name="cost_thb"[^>]*disabled', page)  # data entry may not set costs
    assert client.post(url, {**form, "cost_thb": "999"}).status_code == 302
    order.refresh_from_db()
    assert order.status == "in_progress" and order.cost_thb is None
    _login(client, somchai)
    client.post(url, {**form, "status": "done", "cost_thb": "450", "closed_on": "05/11/2569"})
    order.refresh_from_db()
    assert order.cost_thb == Decimal("450") and order.closed_on == dt.date(2026, 11, 5)
    history = client.get(url).content.decode()
    assert "dara" in history and "somchai" in history and "450" in history
    bad = client.post(url, {**form, "status": "done", "closed_on": "01/10/2569"})
    assert bad.status_code == 400 and "ปิดงาน" in bad.content.decode()


def test_inspection_page_and_private_photo(client, dara, somchai, kasem, nok, visited):
    inspection = visited.inspection
    photo = inspection.photos.get()
    html = _login(client, dara).get(f"/manage/maintenance/inspections/{inspection.uuid}/")
    text = html.content.decode()
    assert "มีขี้เถ้าบนแผง" in text and "19.715100" in text and "ไม่ผ่าน" in text
    url = f"/manage/maintenance/photos/{photo.uuid}/"
    assert url in text
    served = client.get(url)
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert served["Cache-Control"].startswith("private")
    assert b"".join(served.streaming_content)[:2] == b"\xff\xd8"
    client.logout()
    assert client.get(url).status_code == 302  # to the sign-in page
    assert _login(client, kasem).get(url).status_code == 403  # staff, no group
    assert _login(client, nok).get(url).status_code == 403  # signed in, no permission
    assert "media/private" not in text


def test_site_pages_show_inspections_and_work_orders(client, somchai, visited, school, waste_bank,
                                                     bank_plan):  # fmt: skip
    _login(client, somchai)
    installation = client.get(f"/manage/solar/{school.pk}/").content.decode()
    assert 'id="maintenance"' in installation and "3 พ.ย. 2569" in installation
    assert "แผงสะอาด" in installation  # the failed item, and its work order
    assert "ล้างแผงก่อนฤดูหมอกควัน" in installation or "ครบกำหนด" in installation
    point = client.get(f"/manage/waste/points/{waste_bank.pk}/").content.decode()
    assert waste_bank.name in point and "ยังไม่มีการตรวจ" in point
    assert "ใช้งานได้" in point  # in service


def test_budget_page_and_download(client, dara, household):
    _login(client, dara)
    page = client.get("/manage/maintenance/budget/").content.decode()
    assert "ปีงบประมาณ" in page
    download = client.get("/manage/maintenance/budget.xlsx?years=4")
    book = openpyxl.load_workbook(io.BytesIO(download.content))
    assert len(list(book.worksheets[0].iter_rows())) == 1 + 4 * 3


def test_field_app_shell_service_worker_and_manifest(client, dara, kasem):
    assert client.get("/field/").status_code == 302
    assert _login(client, kasem).get("/field/").status_code == 403
    shell = _login(client, dara).get("/field/")
    html = shell.content.decode()
    assert shell.status_code == 200 and "csrftoken" in shell.cookies
    assert "onclick" not in html and "<script>" not in html  # no inline script (CSP)
    assert 'rel="manifest"' in html and "/static/js/field.js?v=" in html
    sw = client.get("/field/sw.js")
    assert sw["Content-Type"].startswith("text/javascript")
    body = sw.content.decode()
    assert (
        body.startswith("self.SUSTAIN_FIELD = ") and "/static/vendor/leaflet/leaflet.js?v=" in body
    )
    manifest = client.get("/field/manifest.webmanifest").json()
    assert manifest["start_url"] == "/field/" and manifest["display"] == "standalone"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
