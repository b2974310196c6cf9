"""Staff work in the admin (Thai labels, BE dates, history); the public sees no personal data."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from sustain.models import SolarInstallation
from tests.conftest import OWNER_NAME, OWNER_PHONE, REF_LAT, REF_LON

ADD_URL = "/staff/sustain/solarinstallation/add/"


def _installation_form(**overrides: str) -> dict[str, str]:
    form = {
        "name": "รพ.สต.สันทรายงาม",
        "building_type": "health_centre",
        "status": "operating",
        "village": "",
        "enterprise": "",
        "latitude": str(REF_LAT + 0.004),
        "longitude": str(REF_LON - 0.003),
        "capacity_kwp": "12.5",
        "tilt_deg": "15",
        "azimuth_deg": "180",
        "mounting": "roof",
        "module_type": "standard",
        "losses_pct": "14.08",
        "dc_ac_ratio": "1.2",
        "commissioned_on": "15/01/2567",  # typed in the Buddhist era
        "decommissioned_on": "",
        "owner_name": "",
        "owner_phone": "",
        "last_verified_on": "",
        "notes": "",
    }
    form.update(overrides)
    return form


@pytest.fixture
def staff_client(client: Client, somchai) -> Client:
    assert client.login(username="somchai", password="somchai-pass-1")
    return client


def test_admin_is_in_thai_with_our_labels(staff_client: Client, municipality):
    page = staff_client.get("/staff/").content.decode()
    assert "ระบบผลิตไฟฟ้าพลังงานแสงอาทิตย์" in page
    assert "จุดรับขยะ" in page and "วิสาหกิจชุมชน" in page and "ค่าการปล่อยก๊าซเรือนกระจก" in page
    form = staff_client.get(ADD_URL).content.decode()
    assert "กำลังการผลิตติดตั้ง (kWp)" in form and "มุมเอียง (°)" in form
    assert "ข้อมูลส่วนบุคคล (เฉพาะเจ้าหน้าที่)" in form


def test_staff_add_with_a_be_date_stores_ce(staff_client: Client, municipality):
    response = staff_client.post(ADD_URL, _installation_form())
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = SolarInstallation.objects.get(name="รพ.สต.สันทรายงาม")
    assert saved.commissioned_on == dt.date(2024, 1, 15)
    assert saved.capacity_kwp == Decimal("12.5")
    assert saved.history.get().history_user.username == "somchai"
    edit = staff_client.get(f"/staff/sustain/solarinstallation/{saved.pk}/change/")
    assert 'value="15/01/2567"' in edit.content.decode()  # shown back in BE


def test_staff_form_names_the_bad_field(staff_client: Client, municipality):
    response = staff_client.post(ADD_URL, _installation_form(capacity_kwp="0", tilt_deg="120"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "กำลังการผลิตติดตั้ง ต้องมากกว่า 0 และไม่เกิน 1000 kWp (ได้รับ 0)" in page
    assert "มุมเอียง ต้องอยู่ระหว่าง 0 ถึง 90 ° (ได้รับ 120" in page
    assert not SolarInstallation.objects.exists()


def test_far_location_needs_confirmation(staff_client: Client, municipality):
    swapped = _installation_form(latitude=str(REF_LON), longitude=str(REF_LAT))
    swapped["latitude"] = "19.9"  # about 20 km north: plausible but outside the 5 km radius
    swapped["longitude"] = str(REF_LON)
    page = staff_client.post(ADD_URL, swapped).content.decode()
    assert "นอกพื้นที่ให้บริการ" in page
    assert not SolarInstallation.objects.exists()
    swapped["confirm_location"] = "on"
    assert staff_client.post(ADD_URL, swapped).status_code == 302
    assert SolarInstallation.objects.get().latitude == 19.9


def test_history_shows_who_changed_what(staff_client: Client, household: SolarInstallation):
    url = f"/staff/sustain/solarinstallation/{household.pk}/change/"
    form = _installation_form(
        name=household.name,
        building_type="household",
        village=str(household.village_id),
        latitude=str(household.latitude),
        longitude=str(household.longitude),
        capacity_kwp="6.2",
        commissioned_on="01/05/2566",
        owner_name=OWNER_NAME,
        owner_phone=OWNER_PHONE,
    )
    assert staff_client.post(url, form).status_code == 302
    latest = household.history.latest()
    assert latest.history_user.username == "somchai"
    changes = {c.field: (c.old, c.new) for c in latest.diff_against(latest.prev_record).changes}
    assert changes == {"capacity_kwp": (Decimal("5.000"), Decimal("6.200"))}
    history_url = f"/staff/sustain/solarinstallation/{household.pk}/history/"
    history_page = staff_client.get(history_url).content.decode()
    assert "somchai" in history_page


@pytest.mark.parametrize("who", ["anonymous", "nok"])
def test_admin_is_closed_to_non_staff(client: Client, nok, who):
    if who == "nok":
        client.force_login(nok)
    response = client.get("/staff/sustain/solarinstallation/")
    assert response.status_code == 302 and "/staff/login/" in response["Location"]


def test_public_home_is_thai_and_has_no_personal_data(
    client: Client, household, school, municipality
):
    page = client.get("/").content.decode()
    assert '<html lang="th">' in page
    assert "ระบบโซลาร์ที่ใช้งานอยู่" in page
    assert "35.0" in page  # 5 + 30 kWp operating
    assert OWNER_NAME not in page and OWNER_PHONE not in page


def test_language_switch_to_english(client: Client, municipality):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    page = response.content.decode()
    assert '<html lang="en">' in page and "solar installations operating" in page
    assert "San Sai Ngam" in page


def test_thai_even_for_an_english_browser_until_the_switch(client: Client, municipality):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="th">' in page and "ระบบโซลาร์ที่ใช้งานอยู่" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/", HTTP_ACCEPT_LANGUAGE="th").content.decode()
