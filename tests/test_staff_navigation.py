"""Navigation (issue 15 §3): one staff menu on every staff page, the staff map included, with a
sign-out that posts; the list of solar installations with search, filters, sort and paging, and
links between the list, each installation's page, its place on the map and its admin record."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from sustain.models import BuildingType, InstallationStatus, MeterReading, SolarInstallation
from tests.conftest import REF_LAT, REF_LON

MENU = [
    "/manage/map/", "/manage/solar/installations/", "/manage/solar/", "/manage/waste/",
    "/manage/waste/session/", "/manage/enterprises/", "/manage/import/", "/manage/weather/",
    "/manage/maintenance/", "/manage/reports/", "/staff/",
]  # fmt: skip


@pytest.fixture
def boss(db) -> User:
    return User.objects.create_superuser("boss", password="boss-pass-1")


def _menu(page: str) -> str:
    match = re.search(r'<nav class="staff-nav" id="staff-menu".*?</nav>', page, re.S)
    assert match, "no staff menu"
    return match[0]


@pytest.mark.parametrize(
    "url",
    ["/manage/map/", "/manage/solar/", "/manage/solar/installations/", "/manage/waste/",
     "/manage/waste/session/", "/manage/enterprises/", "/manage/import/", "/manage/weather/",
     "/manage/maintenance/", "/manage/maintenance/work-orders/", "/manage/reports/",
     "/manage/leads/", "/manage/solar/potential/", "/manage/maintenance/budget/"],
)  # fmt: skip
def test_one_menu_on_every_staff_page(client, boss, municipality, url):
    client.force_login(boss)
    response = client.get(url)
    assert response.status_code == 200
    menu = _menu(response.content.decode())
    hrefs = re.findall(r'href="([^"]+)"', menu)
    assert [h for h in hrefs if h in MENU] == MENU
    assert '<form method="post" action="/staff/logout/"' in menu and "ออกจากระบบ" in menu


def test_menu_on_a_report_page_and_sign_out_posts(client, boss):
    from sustain.models import Report, RunStatus

    report = Report.objects.create(basis="fiscal", year_be=2568, status=RunStatus.DONE)
    client.force_login(boss)
    _menu(client.get(f"/manage/reports/{report.pk}/").content.decode())
    assert client.post("/staff/logout/").status_code in (200, 302)
    assert client.get("/manage/solar/installations/").status_code == 302  # signed out


@pytest.fixture
def many(municipality, moo1, moo2):
    rows = []
    for n in range(30):
        rows.append(
            SolarInstallation.objects.create(
                name=f"ระบบ {n:02d}", building_type=BuildingType.SCHOOL if n % 3 == 0
                else BuildingType.HOUSEHOLD, village=moo1 if n % 2 == 0 else moo2,
                latitude=REF_LAT + n / 1000, longitude=REF_LON, capacity_kwp=Decimal(n + 1),
                tilt_deg=10, azimuth_deg=180, commissioned_on=dt.date(2020, 1, 1) +
                dt.timedelta(days=30 * n),
                status=InstallationStatus.PLANNED if n == 7 else InstallationStatus.OPERATING,
            )
        )  # fmt: skip
    big = rows[29]
    big.capacity_kwp = Decimal("999.5")
    big.save()
    MeterReading.objects.create(
        installation=rows[4], period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 1, 31),
        energy_kwh=Decimal("100"), expected_kwh=400, performance_ratio=0.25,
    )  # fmt: skip
    return rows


def _names(page: str) -> list[str]:
    return re.findall(r"<td>(ระบบ \d\d)", page)


def test_installation_list_search_filters_sort_paging(client, boss, many):
    client.force_login(boss)
    page = client.get("/manage/solar/installations/").content.decode()
    assert "30 ระบบ" in page and len(_names(page)) == 25 and 'rel="next"' in page
    second = client.get("/manage/solar/installations/?page=2").content.decode()
    assert _names(second) == [f"ระบบ {n:02d}" for n in range(25, 30)]
    assert "999.50" in second and "26.00" in second  # two decimals
    found = client.get("/manage/solar/installations/?q=ระบบ 1").content.decode()
    assert _names(found) == [f"ระบบ {n:02d}" for n in range(10, 20)]
    moo1 = client.get("/manage/solar/installations/?village=1&building_type=school").content
    assert _names(moo1.decode()) == ["ระบบ 00", "ระบบ 06", "ระบบ 12", "ระบบ 18", "ระบบ 24"]
    planned = client.get("/manage/solar/installations/?status=planned").content.decode()
    assert _names(planned) == ["ระบบ 07"]
    below = client.get("/manage/solar/installations/?below=1").content.decode()
    assert _names(below) == ["ระบบ 04"] and "ผลิตได้ต่ำกว่าที่คาด" in below
    largest = client.get("/manage/solar/installations/?sort=-capacity").content.decode()
    assert _names(largest)[:3] == ["ระบบ 29", "ระบบ 28", "ระบบ 27"]
    paged = client.get("/manage/solar/installations/?sort=-capacity&village=2").content.decode()
    assert (
        "village=2" in paged.split('rel="next"')[0].rsplit("href=", 1)[-1]
        or len(_names(paged)) == 15
    )


def test_links_between_list_page_map_and_admin(client, boss, many):
    client.force_login(boss)
    one = many[3]
    listing = client.get("/manage/solar/installations/?q=ระบบ 03").content.decode()
    for href in (f"/manage/solar/{one.pk}/", f"/manage/map/?site=installation:{one.pk}",
                 f"/staff/sustain/solarinstallation/{one.pk}/change/"):  # fmt: skip
        assert f'href="{href}"' in listing
    detail = client.get(f"/manage/solar/{one.pk}/").content.decode()
    assert 'href="/manage/solar/installations/"' in detail
    assert f'href="/manage/map/?site=installation:{one.pk}"' in detail
    admin = client.get(f"/staff/sustain/solarinstallation/{one.pk}/change/").content.decode()
    assert 'href="/manage/solar/installations/"' in admin
    assert f'href="/manage/solar/{one.pk}/"' in admin
    assert f'href="/manage/map/?site=installation:{one.pk}"' in admin
    staff_map = client.get(f"/manage/map/?site=installation:{one.pk}").content.decode()
    assert f'"focus": {{"kind": "installation", "id": {one.pk}' in staff_map
    assert '"installation": "/manage/solar/{id}/"' in staff_map  # popups link to the page


def test_installation_list_needs_the_read_permission(client, nok, many):
    client.force_login(nok)
    assert client.get("/manage/solar/installations/").status_code in (302, 403)
