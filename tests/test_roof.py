"""The "solar on my roof" page: profiles reused from the fleet's chain, prices by month, answers."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from sustain.core import pv
from sustain.models import (
    EstimateRun,
    FtCharge,
    Lead,
    ResidentialTariff,
    RoofProfile,
    SolarBuyback,
)
from sustain.services.solar import estimates, roofprofiles, tariffs, weathersets
from sustain.services.solar.roof_estimates import RoofQuestion, roof_estimate
from tests.oncommit import work_after_commit

URL = "/solar/my-roof/estimate"
ANSWERS = {
    "direction": "S", "pitch": "gentle", "size_mode": "kwp", "kwp": "3", "use_mode": "kwh",
    "kwh_month": "350", "schedule": "1.2", "use_time": "both",
}  # fmt: skip


pytestmark = pytest.mark.usefixtures("fresh_roof_memory")


@pytest.fixture
def computed_passes(monkeypatch) -> list[int]:
    """How many configurations each pass of the PV chain computed."""
    passes: list[int] = []
    real = pv.per_kwp_profiles

    def counting(weather, configs, **kwargs):
        passes.append(len(configs))
        return real(weather, configs, **kwargs)

    monkeypatch.setattr(pv, "per_kwp_profiles", counting)
    return passes


def test_profiles_are_computed_once_then_reused(municipality, computed_passes):
    first = roofprofiles.roof_profile(tilt_deg=15, azimuth_deg=180)
    # Every resident orientation (8 directions × 3 pitches) came in the same single pass.
    assert computed_passes == [24] and RoofProfile.objects.count() == 24
    again = roofprofiles.roof_profile(tilt_deg=30, azimuth_deg=270)
    roofprofiles.roof_profiles_forget()  # another process: reads the table, computes nothing
    from_table = roofprofiles.roof_profile(tilt_deg=15, azimuth_deg=180)
    assert computed_passes == [24]
    assert from_table.annual_kwh_per_kwp == pytest.approx(first.annual_kwh_per_kwp)
    assert again.annual_kwh_per_kwp < first.annual_kwh_per_kwp  # steep west below gentle south
    # A staff-typed orientation is one more pass, of that orientation only.
    roofprofiles.roof_profile(tilt_deg=12.04, azimuth_deg=170)
    assert computed_passes == [24, 1]
    assert RoofProfile.objects.filter(tilt_deg=12.0, azimuth_deg=170.0).exists()


def test_profile_agrees_with_the_fleet_estimate(municipality, household):
    estimates.installation_estimate_refresh(installation_id=household.pk)
    household.refresh_from_db()
    profile = roofprofiles.roof_profile(
        tilt_deg=household.tilt_deg, azimuth_deg=household.azimuth_deg
    )
    assert profile.annual_kwh_per_kwp == pytest.approx(
        household.estimate.specific_yield_kwh_per_kwp, rel=1e-6
    )
    assert len(profile.w_per_kwp) == 8760 and set(profile.month) == set(range(1, 13))


def test_each_month_uses_the_rows_valid_in_it(municipality):
    FtCharge.objects.create(
        thb_per_kwh=Decimal("0.3972"), valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2026, 4, 30), source="test period", needs_verification=True,
    )  # fmt: skip
    year = tariffs.year_prices(schedule="1.2", today=dt.date(2025, 10, 15))
    ft = [m.ft_thb_per_kwh for m in year.months]
    # Oct–Dec 2025: the seeded 0.1972; Jan–Apr 2026: 0.3972; May–Sep 2026: no row yet, the latest.
    assert ft[9:12] == [Decimal("0.1972")] * 3
    assert ft[0:4] == [Decimal("0.3972")] * 4
    assert ft[4:9] == [Decimal("0.3972")] * 5
    late = [row for row in year.rows if row.kind == "ft" and row.out_of_date]
    assert [row.value for row in late] == ["0.3972 บาท/kWh"]
    assert year.months[0].schedule.service_thb_per_month == Decimal("24.62")


def test_seeded_rows_carry_their_sources_and_flags(db):
    one_one = ResidentialTariff.objects.get(schedule="1.1")
    assert one_one.valid_from == dt.date(2015, 11, 1) and "November 2015" in one_one.source
    assert not one_one.needs_verification
    assert ResidentialTariff.objects.get(schedule="1.2").needs_verification
    buyback = SolarBuyback.objects.get()
    assert buyback.thb_per_kwh == Decimal("2.2") and buyback.max_kwp == 10
    assert buyback.needs_verification and "ERC" in buyback.source
    assert FtCharge.objects.get().needs_verification


def test_overlapping_rows_are_refused(db):
    row = ResidentialTariff(
        schedule="1.1", name="again", blocks="1+ 3", service_thb_per_month=Decimal(1),
        valid_from=dt.date(2020, 1, 1), source="x",
    )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        row.full_clean()
    assert "valid_from" in caught.value.message_dict
    row.blocks = "1-10 3\n12+ 4"
    with pytest.raises(ValidationError, match="ขั้นที่ 2 ต้องเริ่มที่หน่วยที่ 11"):
        row.full_clean()


def test_estimate_answer_adds_up(client: Client, municipality):
    answer = client.get(URL, ANSWERS)
    assert answer.status_code == 200
    data = answer.json()
    assert data["capacity_kwp"] == 3 and data["schedule"] == "1.2"
    assert data["annual_kwh"] == pytest.approx(sum(data["monthly_kwh"]), abs=1)
    assert data["annual_kwh_low"] < data["annual_kwh"] < data["annual_kwh_high"]
    assert data["self_used_kwh"] + data["exported_kwh"] == pytest.approx(data["annual_kwh"], abs=2)
    assert data["savings_thb"] == pytest.approx(
        data["bill_before_thb"] - data["bill_after_thb"] + data["export_income_thb"], abs=2
    )
    assert data["install_cost_thb"] == 3 * 40000  # the 3–5 kWp band
    assert data["payback_years"] == pytest.approx(120000 / data["savings_thb"], abs=0.06)
    assert data["co2e_kg"] == pytest.approx(data["annual_kwh"] * 0.475, abs=1)
    assert "0.475" in data["co2e_factor"] and "2569" in data["co2e_factor"]  # BE on a Thai page
    assert data["approximate"] is True
    assert data["sample_before"]["kwh"] == 350
    assert {row["label"] for row in data["rows"] if row["to_verify"]} >= {
        "อัตราค่าไฟฟ้าบ้านอยู่อาศัย 1.2",
        "ค่าไฟฟ้าผันแปร (Ft)",
        "อัตรารับซื้อไฟฟ้าจากโซลาร์",
        "ค่าติดตั้งระบบ 3–5 kWp",
        "ค่าเปลี่ยนอินเวอร์เตอร์ 0+ kWp",
    }
    assert any("ล่าสุด" in line or "ยังไม่มีอัตรา" in line for line in data["assumptions"])
    assert Lead.objects.count() == 0  # nothing is stored by a calculation


def test_estimate_from_the_bill_and_sized_for_it(client: Client, municipality):
    data = client.get(
        URL, {**ANSWERS, "size_mode": "bill", "use_mode": "bill", "bill_thb": "1525.03",
              "schedule": "auto", "use_time": "daytime"},
    ).json()  # fmt: skip
    # 1,525.03 baht on 1.2 with the latest Ft is 350 kWh (worked by hand in test_tariff.py).
    assert data["schedule"] == "1.2" and data["monthly_use_kwh"] == pytest.approx(350, abs=0.1)
    assert data["sized_by"] == "use" and 1 <= data["capacity_kwp"] <= 10
    assert data["capacity_kwp"] * 2 == int(data["capacity_kwp"] * 2)  # half-kWp steps
    small = client.get(
        URL, {**ANSWERS, "use_mode": "bill", "bill_thb": "470", "schedule": "auto"}
    ).json()
    assert small["schedule"] == "1.1" and small["monthly_use_kwh"] == pytest.approx(120, abs=0.1)


def test_the_service_gives_the_same_figures_as_the_page(client: Client, municipality):
    data = client.get(URL, ANSWERS).json()
    answer = roof_estimate(
        question=RoofQuestion(
            tilt_deg=15, azimuth_deg=180, load_shape="both", capacity_kwp=3,
            monthly_use_kwh=350, schedule="1.2",
        )
    )  # fmt: skip
    assert round(answer.estimate.central.annual_kwh) == data["annual_kwh"]
    assert (
        int(answer.estimate.central.money.savings_thb.quantize(Decimal(1))) == data["savings_thb"]
    )


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"size_mode": "area", "area_m2": "0"}, "area_m2", "พื้นที่หลังคา ต้องอยู่ระหว่าง 5 ถึง 1000 m²"),
        ({"size_mode": "area", "area_m2": "10000"}, "area_m2", "ต้องอยู่ระหว่าง 5 ถึง 1000"),
        ({"size_mode": "area"}, "area_m2", "พื้นที่หลังคา"),
        (
            {"use_mode": "bill", "bill_thb": "1"},
            "bill_thb",
            "ค่าไฟต่อเดือน ต้องอยู่ระหว่าง 50 ถึง 50000 บาท",
        ),
        ({"kwh_month": "abc"}, "kwh_month", "หน่วยต่อเดือน: “abc” ไม่ใช่ตัวเลข"),
        ({"direction": "UP"}, "direction", "หลังคาหันไปทาง: "),
        ({"cell": "19.72,99.50"}, "cell", "อยู่นอกพื้นที่ให้บริการ"),
        ({"cell": "19.718345,100.181234"}, "cell", "0.01"),
    ],
)
def test_bad_input_gets_a_clear_thai_message(client: Client, municipality, change, field, words):
    answer = client.get(URL, {**ANSWERS, **change})
    assert answer.status_code == 422
    errors = {e["field"]: e["message"] for e in answer.json()["errors"]}
    assert field in errors and words in errors[field], errors
    assert Lead.objects.count() == 0


def test_a_cell_at_the_edge_of_the_service_area_is_accepted(client: Client, municipality):
    # 5 km radius around 19.717, 100.180 (+1 km allowance): a house at 19.77 N is inside,
    # and its cell 19.77 may be reported for it.
    assert client.get(URL, {**ANSWERS, "cell": "19.77,100.18"}).status_code == 200


def test_english_page_and_answer(client: Client, municipality):
    client.cookies["django_language"] = "en"
    page = client.get("/solar/my-roof/").content.decode()
    assert "Solar on my roof" in page and "the afternoon sun" in page
    data = client.get(URL, ANSWERS).json()
    assert any("Weather:" in line for line in data["assumptions"])
    assert data["month_labels"][0] == "Jan"


def test_thai_page_offers_every_choice(client: Client, municipality, moo1):
    page = client.get("/solar/my-roof/").content.decode()
    assert "ติดโซลาร์บนหลังคาบ้านฉัน" in page and "แดดบ่าย" in page
    for value in ("N", "NE", "E", "SE", "S", "SW", "W", "NW"):
        assert f'name="direction" value="{value}"' in page
    assert page.count('name="pitch"') == 3 and "<svg" in page
    assert moo1.name_th in page  # the village list for the request for advice
    assert "csrftoken" in client.cookies
    assert "/solar/my-roof/" in client.get("/").content.decode()  # linked from the public map


def test_active_weather_change_brings_new_profiles(municipality, computed_passes):
    roofprofiles.roof_profile(tilt_deg=15, azimuth_deg=180)
    weathersets.weather_import_monthly(
        ghi_kwh_m2_day=[4.5] * 12, temp_air_c=[26] * 12, name="monthly test"
    )
    # Until the fleet is on the new year, residents get the year its figures use.
    roofprofiles.roof_profile(tilt_deg=15, azimuth_deg=180)
    assert computed_passes == [24]
    estimates.fleet_refresh(run_id=EstimateRun.objects.latest("created_at").pk)
    sunnier = roofprofiles.roof_profile(tilt_deg=15, azimuth_deg=180)
    assert computed_passes == [24, 24]
    assert sunnier.annual_kwh_per_kwp < 1400  # 4.5 kWh/m²/day is less sun than the default


def test_opening_the_page_prepares_the_profiles(
    client: Client, municipality, computed_passes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as queued:
        client.get("/solar/my-roof/")
    queued = work_after_commit(queued)
    assert len(queued) == 1 and RoofProfile.objects.count() == 24 and computed_passes == [24]
    with django_capture_on_commit_callbacks(execute=True) as queued:
        client.get("/solar/my-roof/")
    assert work_after_commit(queued) == []  # stored already: nothing more to do


@pytest.mark.parametrize(
    "change",
    [{"kwp": "nan"}, {"kwp": "inf"}, {"kwp": "1e308"}, {"kwh_month": "-5"},
     {"kwh_month": "9" * 5000}, {"schedule": "9.9"}, {"use_time": ""}, {"cell": "x" * 30}],
)  # fmt: skip
def test_hostile_values_are_refused_with_a_4xx(client: Client, municipality, change):
    answer = client.get(URL, {**ANSWERS, **change})
    assert answer.status_code == 422 and answer.json()["errors"]


def test_staff_edit_tariff_rows_in_the_admin(client: Client, municipality, somchai):
    client.force_login(somchai)
    listing = client.get("/staff/sustain/residentialtariff/").content.decode()
    assert "การไฟฟ้าส่วนภูมิภาค บ้านอยู่อาศัย 1.1" in listing  # the seeded name, in Thai
    assert "อัตราค่าไฟฟ้าบ้านอยู่อาศัย" in listing and "PEA residential 1.1" not in listing
    for model in ("ftcharge", "solarbuyback", "solarcost", "roofcandidate"):
        assert client.get(f"/staff/sustain/{model}/").status_code == 200
    answer = client.post(
        "/staff/sustain/residentialtariff/add/",
        {"schedule": "1.3", "name": "ทดลอง", "blocks": "1-15 2\n17+ 3",
         "service_thb_per_month": "10", "vat_pct": "7", "valid_from": "01/01/2570",
         "source": "ทดสอบ", "needs_verification": "on"},
    )  # fmt: skip
    assert "ขั้นอัตรา: ขั้นที่ 2 ต้องเริ่มที่หน่วยที่ 16 ไม่ใช่ 17" in answer.content.decode()
    assert not ResidentialTariff.objects.filter(schedule="1.3").exists()
