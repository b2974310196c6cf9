"""A waste point's public page and poster, and what the community achieved (server side)."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from sustain.core.svgcharts import bar_chart_svg
from sustain.models import (
    Destination,
    Material,
    MaterialPrice,
    SolarInstallation,
    WasteCollection,
    WastePoint,
)
from sustain.services import achievements
from sustain.services.pointpages import hours_lines, point_key, public_point

from .conftest import REF_LAT, REF_LON

ENGLISH_WORDS = re.compile(r"\b(Monday|Friday|Saturday|open now|closed now|Opening hours|bin)\b")


def _visible_text(html: str) -> str:
    body = html.split("<body", 1)[1]
    body = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"<[^>]+>", " ", body)


@pytest.fixture
def bin_point(municipality, moo1) -> WastePoint:
    return WastePoint.objects.create(
        name="จุดทิ้งขยะอันตรายหน้าสำนักงาน", kind="hazardous_bin", ref="HZ-07",
        accepted_materials=["batteries", "fluorescent_tubes", "plastic_bottles"],
        opening_hours="Mo-Fr 08:30-16:30; Sa[1,3] 09:00-12:00; PH off",
        collection_times="We 07:00", operator="เทศบาล", village=moo1,
        last_verified_on=dt.date(2026, 3, 2), latitude=REF_LAT + 0.001, longitude=REF_LON,
    )  # fmt: skip


def test_hours_read_as_thai_and_english_words():
    value = "Mo-Fr 08:30-16:30; Sa[1,3] 09:00-12:00; PH off"
    assert hours_lines(value, thai=True) == [
        "จันทร์–ศุกร์ 08:30–16:30", "เสาร์ที่ 1 และ 3 ของเดือน 09:00–12:00", "ปิดวันหยุดนักขัตฤกษ์",
    ]  # fmt: skip
    assert hours_lines(value, thai=False) == [
        "Monday–Friday 08:30–16:30",
        "1st and 3rd Saturday of the month 09:00–12:00",
        "closed on public holidays",
    ]
    assert hours_lines("We 07:00", thai=True) == ["พุธ 07:00"]
    assert hours_lines("Mo,Th 06:00-08:00,17:00-19:00", thai=True) == [
        "จันทร์ และ พฤหัสบดี 06:00–08:00, 17:00–19:00"
    ]
    assert hours_lines("24/7", thai=True) == ["เปิดตลอด 24 ชั่วโมง"]
    assert hours_lines("Mo-Fr 08:00-12:00 open", thai=True) == ["Mo-Fr 08:00-12:00 open"]
    assert hours_lines("", thai=True) == []


def test_bar_chart_scales_and_escapes():
    svg = bar_chart_svg([("<a>", 10.0), ("b", 40.0), ("c", 0.0)], title='kg "sold"')
    assert svg.startswith("<svg") and 'aria-label="kg &quot;sold&quot;"' in svg
    assert "&lt;a&gt;" in svg and "<a>" not in svg
    heights = [float(h) for h in re.findall(r'<rect [^>]*height="([0-9.]+)"', svg)]
    assert heights[1] == pytest.approx(4 * heights[0]) and heights[2] == 0


def test_point_page_in_thai_words(client: Client, bin_point):
    response = client.get(f"/points/{bin_point.ref}/")
    assert response.status_code == 200
    html = response.content.decode()
    text = _visible_text(html)
    assert "จุดทิ้งขยะอันตรายหน้าสำนักงาน" in text and "ถังขยะอันตราย" in text
    assert "ถ่านไฟฉาย" in text or "แบตเตอรี่" in text
    assert "ถังสีส้ม (ขยะอันตราย)" in text and "ถังสีเหลือง (ขยะรีไซเคิล)" in text
    assert "จันทร์–ศุกร์ 08:30–16:30" in text and "เสาร์ที่ 1 และ 3 ของเดือน" in text
    assert "ปิดวันหยุดนักขัตฤกษ์" in text and "พุธ 07:00" in text
    assert "2 มี.ค. 2569" in text  # last verified, Buddhist era
    assert "หมู่ 1" in text
    assert not ENGLISH_WORDS.search(text), ENGLISH_WORDS.search(text)
    assert f"destination={bin_point.latitude:.6f},{bin_point.longitude:.6f}" in html
    assert 'href="/points/HZ-07/poster/"' in html
    assert client.get(f"/points/{bin_point.pk}/").status_code == 200  # the id works too


def test_unknown_or_closed_point_is_a_thai_404(client: Client, bin_point):
    response = client.get("/points/NOPE-1/")
    assert response.status_code == 404
    assert "ไม่พบจุด" in response.content.decode() and "NOPE-1" in response.content.decode()
    bin_point.active = False
    bin_point.save()
    assert client.get(f"/points/{bin_point.ref}/").status_code == 404
    assert client.get(f"/points/{bin_point.pk}/poster/").status_code == 404


def test_a_shared_ref_falls_back_to_ids(bin_point):
    assert point_key(bin_point) == "HZ-07" and public_point("HZ-07") == bin_point
    twin = WastePoint.objects.create(
        name="อีกจุด", kind="drop_off_bin", ref="HZ-07", latitude=REF_LAT, longitude=REF_LON
    )
    assert point_key(bin_point) == str(bin_point.pk) and point_key(twin) == str(twin.pk)
    assert public_point("HZ-07") is None and public_point(str(twin.pk)) == twin
    numeric = WastePoint.objects.create(
        name="จุดตัวเลข", kind="drop_off_bin", ref="12", latitude=REF_LAT, longitude=REF_LON
    )
    assert point_key(numeric) == str(numeric.pk)  # bare numbers are ids


def test_households_are_never_points(client: Client, household, bin_point):
    missing = household.pk + bin_point.pk + 1000
    assert client.get(f"/points/{missing}/").status_code == 404
    html = client.get(f"/points/{bin_point.ref}/").content.decode()
    assert household.owner_name not in html and household.name not in html


def test_poster_has_a_qr_code_of_the_page(client: Client, bin_point):
    response = client.get(f"/points/{bin_point.ref}/poster/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "http://testserver/points/HZ-07/" in html
    qr = re.search(r'<div class="qr" id="poster-qr">(<svg.*?</svg>)</div>', html, flags=re.S)
    assert (
        qr
        and "<path" in qr.group(1)
        and "<title>http://testserver/points/HZ-07/</title>" in qr.group(1)
    )
    text = _visible_text(html)
    assert "จันทร์–ศุกร์ 08:30–16:30" in text and "ถังสีส้ม" in text
    assert not ENGLISH_WORDS.search(text)


@pytest.fixture
def collections(bin_point, pet):
    today = timezone.localdate()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    this_month = today.replace(day=1)
    rows = [
        (last_month, "12.50", Destination.SOLD),
        (last_month + dt.timedelta(days=3), "7.50", Destination.SOLD),
        (last_month, "100", Destination.LANDFILL),  # not recycled
        (this_month, "30", Destination.SOLD),  # month not over: not shown
    ]
    for day, kg, destination in rows:
        WasteCollection.objects.create(
            point=bin_point, collected_on=min(day, today), material=pet,
            mass_kg=Decimal(kg), destination=destination,
        )  # fmt: skip
    return last_month


def test_recycled_per_month_counts_sales_only(collections):
    months = achievements.recycled_kg_by_month()
    assert len(months) == 12 and months[-1] == (collections, 20.0)
    assert sum(kg for _m, kg in months) == 20.0


def test_kwp_per_fiscal_year_skips_planned(school, household):
    SolarInstallation.objects.filter(pk=school.pk).update(commissioned_on=dt.date(2025, 10, 1))
    SolarInstallation.objects.filter(pk=household.pk).update(
        commissioned_on=dt.date(2025, 9, 30), status="operating"
    )
    planned = SolarInstallation.objects.get(pk=household.pk)
    planned.pk = None
    planned.status = "planned"
    planned.commissioned_on = dt.date(2026, 1, 1)  # a date, but still planned: not counted
    planned.save()
    years = dict(achievements.kwp_added_by_fiscal_year(today=dt.date(2026, 9, 30)))
    assert list(years) == [2564, 2565, 2566, 2567, 2568, 2569]
    assert years[2569] == pytest.approx(float(school.capacity_kwp))  # 1 Oct 2025: FY 2569
    assert years[2568] == pytest.approx(float(household.capacity_kwp))  # 30 Sep 2025: FY 2568
    assert sum(years.values()) == pytest.approx(float(school.capacity_kwp + household.capacity_kwp))


def test_achievements_page_shows_prices_with_their_date(client: Client, collections, pet):
    glass = Material.objects.get(code="glass")
    MaterialPrice.objects.create(material=pet, valid_from=dt.date(2025, 10, 1), price_thb_per_kg=8)
    MaterialPrice.objects.create(material=pet, valid_from=dt.date(2026, 1, 5), price_thb_per_kg=7)
    MaterialPrice.objects.create(material=glass, valid_from=dt.date(2099, 1, 1), price_thb_per_kg=1)
    response = client.get("/achievements/")
    assert response.status_code == 200
    text = _visible_text(response.content.decode())
    assert "ราคารับซื้อ" in text and "7.00" in text and "5 ม.ค. 2569" in text
    assert "8.00" not in text and "2642" not in text  # superseded and future prices
    assert re.search(r'id="recycled-total">20<', response.content.decode())
    assert "<svg" in response.content.decode() and "รายงาน" in text


def test_point_page_in_english_words(client: Client, bin_point):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    text = _visible_text(client.get(f"/points/{bin_point.ref}/").content.decode())
    assert "Monday–Friday 08:30–16:30" in text and "closed on public holidays" in text
    assert "orange bin (hazardous waste)" in text and "Wednesday 07:00" in text
    assert "จันทร์" not in text and "ถังสี" not in text


def test_staff_find_the_poster_on_the_point_page(client: Client, somchai, bin_point):
    client.force_login(somchai)
    html = client.get(f"/manage/waste/points/{bin_point.pk}/").content.decode()
    assert f'href="/points/{bin_point.pk}/poster/"' in html
