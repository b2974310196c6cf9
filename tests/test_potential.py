"""Rooftop potential: public roofs ranked by energy and payback, exported for the budget plan."""

import csv
import io
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from openpyxl import load_workbook

from sustain.models import (
    BuildingType,
    InstallationStatus,
    RoofCandidate,
    SolarInstallation,
)
from sustain.services.solar import potential

URL = "/manage/solar/potential/"


pytestmark = pytest.mark.usefixtures("fresh_roof_memory")


@pytest.fixture
def planned_hall(db) -> SolarInstallation:
    """A registered public building without panels yet."""
    return SolarInstallation.objects.create(
        name="ศาลาประชาคมหมู่ 3", building_type=BuildingType.GOVERNMENT, latitude=19.72,
        longitude=100.18, capacity_kwp=Decimal("5"), tilt_deg=10,
        status=InstallationStatus.PLANNED,
    )  # fmt: skip


@pytest.fixture
def roofs(municipality, moo1) -> dict[str, RoofCandidate]:
    def roof(name, area, tilt, azimuth, use, kind=BuildingType.SCHOOL):
        return RoofCandidate.objects.create(
            name=name, building_type=kind, village=moo1, roof_area_m2=area, tilt_deg=tilt,
            azimuth_deg=azimuth, monthly_use_kwh=use,
        )  # fmt: skip

    return {
        "school": roof("โรงเรียนบ้านชวา", 300, 10, 180, 20000),
        "temple": roof('=HYPERLINK("x")', 100, 30, 0, 2000, BuildingType.TEMPLE),
        "office": roof("สำนักงานเทศบาล", 200, 15, 270, None, BuildingType.GOVERNMENT),
    }


def test_ranked_by_energy_and_by_payback(roofs, planned_hall):
    by_kwh: list[Any] = potential.rooftop_potential(order="kwh")
    assert [r.name for r in by_kwh] == [
        "โรงเรียนบ้านชวา", "สำนักงานเทศบาล", "=HYPERLINK(\"x\")", "ศาลาประชาคมหมู่ 3",
    ]  # fmt: skip
    school, office, temple, hall = by_kwh
    assert school.capacity_kwp == 50.0 and office.capacity_kwp == 33.3
    assert school.install_cost_thb == 50 * 30000  # the 10 kWp and up band
    assert school.annual_kwh > office.annual_kwh > temple.annual_kwh
    # The school uses 20,000 kWh a month, half of it in the day: all of its production.
    assert school.self_share_pct > 90 and school.payback_years is not None
    assert school.payback_years == pytest.approx(1_500_000 / school.savings_thb, abs=0.06)
    assert office.savings_thb is None and "การใช้ไฟฟ้า" in office.note  # no use given yet
    assert hall.annual_kwh is None and hall.installation_id == planned_hall.pk
    by_payback: list[Any] = potential.rooftop_potential(order="payback")
    assert by_payback[0].payback_years is not None
    assert by_payback[0].payback_years <= by_payback[1].payback_years
    assert [r.name for r in by_payback[-2:]] == ["สำนักงานเทศบาล", "ศาลาประชาคมหมู่ 3"]


def test_no_buyback_for_public_buildings(roofs):
    rows = {r.name: r for r in potential.rooftop_potential()}
    temple = rows['=HYPERLINK("x")']
    # A north roof on a temple that uses little in the day exports; exports earn nothing here.
    assert temple.self_share_pct is not None and temple.self_share_pct < 100


def test_csv_and_xlsx_for_the_budget_plan(client: Client, roofs, somchai):
    client.force_login(somchai)
    page = client.get(URL).content.decode()
    assert "1,500,000" in page and page.index("โรงเรียนบ้านชวา") < page.index("สำนักงานเทศบาล")
    csv_answer = client.get(URL, {"format": "csv", "order": "payback"})
    assert csv_answer["Content-Type"].startswith("text/csv")
    text = csv_answer.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["อันดับ", "ชื่อ", "ประเภทอาคาร"]
    assert len(rows) == 4 and '\'=HYPERLINK("x")' in [r[1] for r in rows]
    book = load_workbook(io.BytesIO(client.get(URL, {"format": "xlsx"}).content))
    sheet = book.active
    values = list(sheet.iter_rows(values_only=True))
    assert values[1][1] == "โรงเรียนบ้านชวา" and isinstance(values[1][8], int)
    assert values[1][7] == 50.0


def test_staff_assess_a_planned_building_on_the_page(
    client: Client, municipality, planned_hall, somchai
):
    client.force_login(somchai)
    page = client.get(URL).content.decode()
    assert "ศาลาประชาคมหมู่ 3" in page and "กรอกพื้นที่หลังคาและทิศทาง" in page
    bad = client.post(URL, {"installation": planned_hall.pk, "building_type": "government",
                            "roof_area_m2": "1", "tilt_deg": "10", "azimuth_deg": "180",
                            "monthly_use_kwh": "800", "tariff_schedule": "1.2"})  # fmt: skip
    assert bad.status_code == 400 and "พื้นที่หลังคา ต้องอยู่ระหว่าง 5" in bad.content.decode()
    good = client.post(URL, {"installation": planned_hall.pk, "building_type": "government",
                             "roof_area_m2": "120", "tilt_deg": "10", "azimuth_deg": "180",
                             "monthly_use_kwh": "800", "tariff_schedule": "1.2"})  # fmt: skip
    assert good.status_code == 302
    candidate = RoofCandidate.objects.get()
    assert candidate.name == planned_hall.name and candidate.history.get().history_user == somchai
    row = potential.rooftop_potential()[0]
    assert row.candidate_id == candidate.pk and row.capacity_kwp == 20.0 and row.payback_years


def test_potential_needs_staff_permission(client: Client, municipality):
    assert client.get(URL).status_code == 302
    client.force_login(User.objects.create_user("dao", password="x", is_staff=True))
    assert client.get(URL).status_code == 403
