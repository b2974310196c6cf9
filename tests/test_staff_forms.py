"""Forms that cannot mislead (issue 15 §2): numbers as staff type them in every form and the API,
opening hours typed in Thai, materials by waste stream, session checks, the staff map's errors,
publishing only after confirming, refused import rows that can be imported again."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.utils import translation

from sustain.core.hours import HoursProblem, Problem, normalise, problem
from sustain.core.numbers import NumberError, parse_decimal
from sustain.forms import MeterReadingForm, MonthlyWeatherForm, SiteForm
from sustain.maintenance_forms import WorkOrderUpdateForm
from sustain.models import (
    MeterReading,
    Report,
    RunStatus,
    SolarInstallation,
    WasteCollection,
    WastePoint,
)
from sustain.roof_forms import CandidateForm, RoofForm
from sustain.services import tokens
from tests.conftest import REF_LAT, REF_LON
from tests.test_waste_pages import session_post

# --- The one reader --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,value",
    [
        ("12,5", "12.5"), ("12.5", "12.5"), ("0,250", "0.25"), ("12,50", "12.5"),
        ("1,250", "1250"), ("1,250.5", "1250.5"), ("1,250,000", "1250000"),
        ("1.250,5", "1250.5"), ("1 250", "1250"), ("๑๒,๕", "12.5"), ("-3,5", "-3.5"),
        (" 7 ", "7"), (".5", "0.5"), ("1,2345", "1.2345"),
    ],
)  # fmt: skip
def test_numbers_read_as_meant(text, value):
    assert parse_decimal(text) == Decimal(value)


@pytest.mark.parametrize("text", ["1,2,3", "1.250.000", "1,25.0", "12,5,0", "1 250,5", "12kg", ","])
def test_unclear_numbers_are_refused(text):
    with pytest.raises(NumberError):
        parse_decimal(text)


# --- Every number form ------------------------------------------------------------------------


def _site(**fields):
    base = {"site_type": "installation", "name": "โรงเรียน", "latitude": "19,72",
            "longitude": "100,18", "building_type": "school", "capacity_kwp": "12,5",
            "tilt_deg": "15", "commissioned_on": "01/06/2567"}  # fmt: skip
    return SiteForm({**base, **fields})


def test_site_form_reads_decimal_commas(db):
    form = _site()
    assert form.is_valid(), form.errors
    assert form.cleaned_data["capacity_kwp"] == Decimal("12.5")
    assert form.cleaned_data["latitude"] == pytest.approx(19.72)
    refused = _site(capacity_kwp="1,2,5")
    assert not refused.is_valid() and "1,2,5" in refused.errors["capacity_kwp"][0]
    assert 'inputmode="decimal"' in str(form["capacity_kwp"])  # not <input type=number>


def test_site_form_ignores_the_other_type_fields(db):
    form = SiteForm({"site_type": "waste_point", "name": "จุด", "latitude": "19.72",
                     "longitude": "100.18", "kind": "drop_off_bin", "capacity_kwp": "abc",
                     "opening_hours": "จ-ศ 8.30-16.30"})  # fmt: skip
    assert form.is_valid(), form.errors
    assert form.cleaned_data["capacity_kwp"] is None
    assert form.cleaned_data["opening_hours"] == "Mo-Fr 08:30-16:30"


def test_reading_weather_work_order_and_roof_forms(db, household):
    reading = MeterReadingForm(
        {"period_start": "01/02/2569", "period_end": "28/02/2569", "energy_kwh": "1,250",
         "meter_register_kwh": "12345,5"},
        instance=MeterReading(installation=household),
    )  # fmt: skip
    assert reading.is_valid(), reading.errors
    assert reading.cleaned_data["energy_kwh"] == Decimal("1250")
    assert reading.cleaned_data["meter_register_kwh"] == Decimal("12345.5")
    weather = {"name": "x"} | {f"ghi_{m:02d}": "5,2" for m in range(1, 13)}
    weather |= {f"temp_{m:02d}": "26,5" for m in range(1, 13)}
    monthly = MonthlyWeatherForm(weather)
    assert monthly.is_valid(), monthly.errors
    assert monthly.cleaned_data["ghi_01"] == pytest.approx(5.2)
    assert monthly.cleaned_data["temp_12"] == pytest.approx(26.5)
    order = WorkOrderUpdateForm(
        {"status": "open", "priority": "normal", "cost_thb": "1,250.50", "budget_line": "repair"},
        inspections=[], can_set_cost=True,
    )  # fmt: skip
    order.is_valid()
    assert order.cleaned_data["cost_thb"] == Decimal("1250.50")
    candidate = CandidateForm({"name": "อบต.", "building_type": "school", "latitude": "19,72",
                               "longitude": "100,18", "roof_area_m2": "1,250", "tilt_deg": "5",
                               "azimuth_deg": "180", "monthly_use_kwh": "2 500",
                               "tariff_schedule": "auto"})  # fmt: skip
    candidate.is_valid()
    assert candidate.cleaned_data["roof_area_m2"] == pytest.approx(1250)
    assert candidate.cleaned_data["latitude"] == pytest.approx(19.72)
    roof = RoofForm({"kwp": "3,5"})
    roof.is_valid()
    assert roof.cleaned_data["kwp"] == pytest.approx(3.5)


def test_session_decimal_comma_is_not_ten_times_more(client, somchai, waste_bank, pet):
    client.force_login(somchai)
    response = session_post(client, waste_bank, kg_pet="12,5", price_pet="7,5")
    assert response.status_code == 302
    saved = WasteCollection.objects.get()
    assert (saved.mass_kg, saved.price_thb_per_kg) == (Decimal("12.50"), Decimal("7.50"))
    response = session_post(client, waste_bank, kg_pet="1,2,5")
    assert response.status_code == 400 and WasteCollection.objects.count() == 1
    assert "1,2,5" in response.content.decode()


def _api(client, url, body, token):
    return client.post(
        url, data=json.dumps(body), content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )  # fmt: skip


def test_api_reads_numbers_like_the_forms(
    client, somchai, waste_bank, pet, household, municipality
):
    token = tokens.token_create(user=somchai, name="tests")[1]
    body = {"point_id": waste_bank.pk, "collected_on": "2026-03-08", "material": "pet",
            "mass_kg": "12,5", "destination": "sold", "price_thb_per_kg": "1,250"}  # fmt: skip
    response = _api(client, "/api/waste/collections", body, token)
    assert response.status_code == 201, response.content
    assert WasteCollection.objects.get().mass_kg == Decimal("12.50")
    assert WasteCollection.objects.get().price_thb_per_kg == Decimal("1250.00")
    response = _api(client, "/api/waste/collections", {**body, "mass_kg": "1,2,5"}, token)
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["field"] == "mass_kg" and "1,2,5" in error["message"]
    reading = {"period_start": "2026-02-01", "period_end": "2026-02-28", "energy_kwh": "1,250"}
    response = _api(client, f"/api/solar/installations/{household.pk}/readings", reading, token)
    assert response.status_code in (200, 201), response.content
    assert MeterReading.objects.get().energy_kwh == Decimal("1250")
    json_number = {**body, "mass_kg": 3.25, "collected_on": "2026-03-09"}
    assert _api(client, "/api/waste/collections", json_number, token).status_code == 201


# --- Opening hours -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed,osm",
    [
        ("จ-ศ 8.30-16.30", "Mo-Fr 08:30-16:30"),
        ("จันทร์ถึงศุกร์ 08.30 - 16.30 น.", "Mo-Fr 08:30-16:30"),
        ("เสาร์ที่ 1 และ 3 9.00-12.00", "Sa[1,3] 09:00-12:00"),
        ("จ-ศ 8.30-16.30 ปิดวันหยุดนักขัตฤกษ์", "Mo-Fr 08:30-16:30; PH off"),
        ("จ, พ, ศ 8-12", "Mo,We,Fr 08:00-12:00"),
        ("ทุกวัน 6.00-18.00", "Mo-Su 06:00-18:00"),
        ("Sa[2] 09:00-12:00", "Sa[2] 09:00-12:00"),
    ],
)
def test_thai_hours_become_osm(typed, osm):
    assert normalise(typed) == osm and problem(typed) is None


@pytest.mark.parametrize(
    "typed,found,text",
    [
        ("จ-ศ 8.75-16.30", Problem.BAD_TIME, "08:75"),
        ("จ-ศ 8.30-16.30 บ่าย", Problem.UNKNOWN_WORD, "บ่าย"),
        ("จ-ศ 8.30-", Problem.HALF_RANGE, "08:30-"),
        ("Sa[2 09:00-12:00", Problem.BRACKET, ""),
    ],
)
def test_hours_problems_are_named(typed, found, text):
    assert problem(typed) == HoursProblem(found, text)


def test_hours_error_is_thai_words_not_parser_text(db):
    with translation.override("th"):
        form = SiteForm({"site_type": "waste_point", "name": "จุด", "latitude": "19.72",
                         "longitude": "100.18", "kind": "drop_off_bin",
                         "opening_hours": "จ-ศ 8.75-16.30"})  # fmt: skip
        assert not form.is_valid()
        message = form.errors["opening_hours"][0]
    assert "08:75" in message and "ไม่ใช่เวลา" in message
    assert "Found" not in message and "Expected" not in message and "line" not in message


def test_admin_waste_point_uses_checkboxes_and_thai_hours(client, somchai, waste_bank):
    client.force_login(somchai)
    url = f"/staff/sustain/wastepoint/{waste_bank.pk}/change/"
    page = client.get(url).content.decode()
    assert '<textarea name="accepted_materials"' not in page
    assert 'type="checkbox" name="accepted_materials" value="batteries"' in page
    assert "ขยะอันตราย" in page and "#f07c00" in page  # grouped by stream, with the bin colour
    assert 'class="hours-editor"' in page


# --- Materials grouped by stream on the staff map -------------------------------------------------


def test_staff_map_materials_by_stream_and_menu(client, somchai, municipality):
    client.force_login(somchai)
    page = client.get("/manage/map/").content.decode()
    for label, colour in (("ขยะทั่วไป", "#1f5fbf"), ("ขยะอินทรีย์", "#2e8b3a"),
                          ("ขยะรีไซเคิล", "#f2c200"), ("ขยะอันตราย", "#f07c00")):  # fmt: skip
        assert f'background:{colour}"></span> {label}</legend>' in page
    assert 'id="staff-menu"' in page and 'action="/staff/logout/"' in page


def test_staff_map_failed_save_says_so_at_the_top(client, somchai, municipality):
    client.force_login(somchai)
    response = client.post(
        "/manage/map/",
        {"site_type": "waste_point", "name": "", "latitude": "19.72", "longitude": "100.18",
         "kind": "drop_off_bin", "opening_hours": "จ-ศ 8.30-"},
    )  # fmt: skip
    assert response.status_code == 400
    page = response.content.decode()
    assert page.index('id="save-failed"') < page.index('<form method="post" class="stacked"')
    assert 'value="19.72"' in page  # the placed point is kept
    assert not WastePoint.objects.exists()


# --- Waste-bank sessions -------------------------------------------------------------------------


def test_session_materials_the_point_does_not_accept_need_the_override(
    client, somchai, waste_bank, pet
):
    client.force_login(somchai)
    data = {"kg_pet": "2", "kg_batteries": "1", "destination": "hazardous_facility"}
    response = session_post(client, waste_bank, **data)
    assert response.status_code == 400 and not WasteCollection.objects.exists()
    assert "ธนาคารขยะหมู่ 2" in response.content.decode()
    page = client.get("/manage/waste/session/").content.decode()
    accepts = json.loads(page.split('id="point-accepts" type="application/json">')[1].split("<")[0])
    assert set(accepts[str(waste_bank.pk)]) == {"pet", "paper", "aluminium"}
    response = session_post(client, waste_bank, **data, allow_unlisted="on")
    assert response.status_code == 302 and WasteCollection.objects.count() == 2


def test_general_or_hazardous_waste_sold_asks_first(client, somchai, waste_bank):
    client.force_login(somchai)
    waste_bank.accepted_materials = []  # lists nothing: every material is offered
    waste_bank.save()
    response = session_post(client, waste_bank, kg_general_waste="4")
    assert response.status_code == 400 and not WasteCollection.objects.exists()
    page = response.content.decode()
    assert 'name="confirm_sold"' in page and "ขยะทั่วไป" in page
    response = session_post(client, waste_bank, kg_general_waste="4", confirm_sold="on")
    assert response.status_code == 302 and WasteCollection.objects.get().mass_kg == 4


# --- Publishing asks first ---------------------------------------------------------------------


def test_publishing_needs_the_confirmation(client, somchai):
    report = Report.objects.create(basis="fiscal", year_be=2568, status=RunStatus.DONE)
    client.force_login(somchai)
    page = client.get(f"/manage/reports/{report.pk}/").content.decode()
    assert "data-confirm=" in page and "ไม่สามารถยกเลิก" in page
    client.post(f"/manage/reports/{report.pk}/publish/", {})
    report.refresh_from_db()
    assert report.published_at is None
    client.post(f"/manage/reports/{report.pk}/publish/", {"confirm": "yes"})
    report.refresh_from_db()
    assert report.published_at is not None


# --- Refused rows keep every column ------------------------------------------------------------


def test_refused_rows_keep_coordinates_and_import_again(tmp_path, municipality, moo1, settings):
    from sustain.core.gisfiles import Limits, read_layer
    from sustain.services.gis.importing import commit_import

    csv_text = (
        "name,building_type,capacity_kwp,tilt_deg,commissioned_on,latitude,longitude,note\n"
        f"โรงเรียนดี,school,5,10,2024-06-01,{REF_LAT},{REF_LON},ok\n"
        f"โรงเรียนผิด,school,-4,10,2024-06-01,{REF_LAT + 0.01},{REF_LON + 0.002},fix me\n"
    )
    path = tmp_path / "survey.csv"
    path.write_text(csv_text, encoding="utf-8")
    limits = Limits(upload_bytes=5_000_000, expanded_bytes=20_000_000)

    def load(p):
        return read_layer(p, filename=p.name, crs=None, limits=limits)

    result = commit_import(layer=load(path), target_key="installations", mode="valid_only")
    assert (result.created, result.refused) == (1, 1) and result.refused_csv is not None
    refused = result.refused_csv.decode("utf-8-sig")
    header, row = refused.splitlines()[:2]
    assert header.split(",") == ["row", "name", "building_type", "capacity_kwp", "tilt_deg",
                                 "commissioned_on", "note", "latitude", "longitude", "errors"]  # fmt: skip
    assert f"{REF_LAT + 0.01}" in row and f"{REF_LON + 0.002}" in row and "fix me" in row
    fixed = tmp_path / "fixed.csv"
    fixed.write_text(refused.replace(",'-4,", ",4,"), encoding="utf-8")
    again = commit_import(layer=load(fixed), target_key="installations")
    assert again.created == 1
    mended = SolarInstallation.objects.get(name="โรงเรียนผิด")
    assert mended.latitude == pytest.approx(REF_LAT + 0.01)
    assert mended.capacity_kwp == Decimal("4")


def test_admin_number_boxes_read_the_same_way(rf, boss_user):
    from django.contrib import admin

    request = rf.get("/staff/")
    request.user = boss_user
    for model, name in ((SolarInstallation, "capacity_kwp"), (SolarInstallation, "tilt_deg"),
                        (WasteCollection, "mass_kg"), (MeterReading, "energy_kwh")):  # fmt: skip
        form = admin.site._registry[model].get_form(request)
        field = form.base_fields[name]
        assert field.clean("12,5") == pytest.approx(Decimal("12.5")), (model, name)
        assert 'inputmode="decimal"' in field.widget.render(name, "1")


@pytest.fixture
def boss_user(db):
    from django.contrib.auth.models import User

    return User.objects.create_superuser("boss", password="boss-pass-1")


# --- Whole numbers, the resident's roof page and the field app ---------------------------------


@pytest.mark.parametrize(
    "typed,year", [("2569", 2569), ("๒๕๖๙", 2569), ("2,569", 2569), (" 2569 ", 2569)]
)
def test_report_year_is_read_like_every_number(db, typed, year):
    from sustain.views.reports import ReportRequestForm

    form = ReportRequestForm({"basis": "fiscal", "year_be": typed, "language": "th"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["year_be"] == year
    assert 'inputmode="numeric"' in str(form["year_be"]) and 'type="text"' in str(form["year_be"])


@pytest.mark.parametrize("typed", ["2569,5", "25,69", "2.569.0", "สองห้า"])
def test_report_year_that_is_not_a_whole_number_is_refused_in_thai(db, typed):
    from sustain.views.reports import ReportRequestForm

    with translation.override("th"):
        form = ReportRequestForm({"basis": "fiscal", "year_be": typed, "language": "th"})
        assert not form.is_valid()
        [message] = form.errors["year_be"]
    assert typed in message
    assert any(words in message for words in ("ไม่ใช่จำนวนเต็ม", "ไม่ชัดเจน", "ไม่ใช่ตัวเลข"))


def test_report_page_takes_a_year_typed_in_thai_digits(client, somchai, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(somchai)
    client.post("/manage/reports/", {"basis": "fiscal", "year_be": "๒๕๖๘", "language": "th"})
    assert Report.objects.get().year_be == 2568


def test_admin_whole_number_boxes_read_the_same_way(rf, boss_user):
    from django.contrib import admin

    from sustain.models import EnterpriseActivity, MaintenancePlan

    request = rf.get("/staff/")
    request.user = boss_user
    for model, name in ((EnterpriseActivity, "members"), (MaintenancePlan, "interval_days")):
        field = admin.site._registry[model].get_form(request).base_fields[name]
        assert field.clean("1,250") == 1250 and field.clean("๓๐") == 30, (model, name)
        with pytest.raises(Exception, match="12,5"):
            field.clean("12,5")
        assert 'inputmode="numeric"' in field.widget.render(name, "1")


def test_roof_page_number_boxes_are_the_forms_text_boxes(client, municipality):
    page = client.get("/solar/my-roof/").content.decode()
    assert 'type="number"' not in page
    for name in ("area_m2", "kwp", "bill_thb", "kwh_month"):
        assert f'<input type="text" name="{name}" inputmode="decimal" autocomplete="off" ' in page
        assert f'id="{name}"' in page  # the labels and the browser test find it by its id


@pytest.mark.parametrize(
    "answers,size,read",
    [
        ({"size_mode": "kwp", "kwp": "3,5"}, "capacity_kwp", 3.5),
        ({"size_mode": "kwp", "kwp": "๓.๕"}, "capacity_kwp", 3.5),
        ({"use_mode": "kwh", "kwh_month": "1,250"}, "monthly_use_kwh", 1250),
        ({"use_mode": "kwh", "kwh_month": "350,5"}, "monthly_use_kwh", 350.5),
    ],
)
def test_roof_answers_are_read_like_every_number(client, municipality, answers, size, read):
    base = {"direction": "S", "pitch": "gentle", "size_mode": "kwp", "kwp": "3",
            "use_mode": "kwh", "kwh_month": "350", "schedule": "1.2", "use_time": "both"}  # fmt: skip
    answer = client.get("/solar/my-roof/estimate", {**base, **answers})
    assert answer.status_code == 200, answer.content
    assert answer.json()[size] == pytest.approx(read)


def test_roof_answer_that_is_unclear_is_refused_in_thai(client, municipality):
    base = {"direction": "S", "pitch": "gentle", "size_mode": "area", "area_m2": "1,2,5",
            "use_mode": "kwh", "kwh_month": "350", "schedule": "1.2", "use_time": "both"}  # fmt: skip
    client.cookies["django_language"] = "th"
    answer = client.get("/solar/my-roof/estimate", base)
    assert answer.status_code == 422
    [error] = answer.json()["errors"]
    assert error["field"] == "area_m2" and "“1,2,5”" in error["message"]
    assert "ไม่ชัดเจน" in error["message"]


def test_field_app_numbers_typed_with_a_comma_are_read_or_refused(
    client, dara, bank_plan, waste_bank, photo_media
):
    import uuid

    from django.utils import timezone

    from sustain.models import Inspection

    def send(typed):
        payload = {
            "uuid": str(uuid.uuid4()), "site_type": "waste_point", "site_id": waste_bank.pk,
            "inspected_at": (timezone.now() - dt.timedelta(minutes=5)).isoformat(),
            "answers": {"bins_clean": True, "scale_error": typed}, "photo_items": [],
        }  # fmt: skip
        return client.post("/api/maintenance/inspections", {"payload": json.dumps(payload)},
                           HTTP_ACCEPT_LANGUAGE="th", **bearer)  # fmt: skip

    bearer = {"HTTP_AUTHORIZATION": f"Bearer {tokens.token_create(user=dara)[1]}"}
    assert send("0,25").status_code == 201
    assert send("-๑,๕").status_code == 201
    refused = send("1,2,5")
    assert refused.status_code == 422
    [error] = refused.json()["errors"]
    assert error["field"] == "answers.scale_error" and "“1,2,5”" in error["message"]
    values = sorted(
        a.value_number for i in Inspection.objects.all() for a in i.answers.all() if a.value_number
    )
    assert values == [-1.5, 0.25]  # never 25 or -15
