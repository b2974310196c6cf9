"""A small cast, built by hand.

Somchai is environment staff and edits records; Nok is a resident with an account but no staff
rights. Two villages: Moo 1 with a square boundary, Moo 2 without one. One household installation
(owned by Mr Private Owner) and one school; one waste bank.
"""

import datetime as dt
import os
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from django.contrib.auth.models import User

from sustain import celery_app
from sustain.demo import load as demo
from sustain.models import (
    AnswerType,
    BuildingType,
    ChecklistItem,
    CommunityEnterprise,
    EstimateRun,
    InstallationEstimate,
    MaintenancePlan,
    Material,
    Municipality,
    SeasonalRule,
    SiteType,
    SolarInstallation,
    Village,
    WastePoint,
    WastePointKind,
    WeatherDataset,
)
from sustain.services.groups import staff_group_ensure
from sustain.services.solar import estimates, roofprofiles, weathersets


def pytest_configure(config: pytest.Config) -> None:
    """Users in tests get a fast password hasher (Django's advice for test suites): the
    production default, PBKDF2 with a million rounds, was most of the suite's time."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

REF_LAT, REF_LON = 19.717, 100.180
OWNER_NAME = "นายเจ้าของ ส่วนตัว"
OWNER_PHONE = "081-234-5678"

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip

# A 2 km square around the reference point (lon/lat order, as GeoJSON wants).
MOO1_SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[100.17, 19.707], [100.19, 19.707], [100.19, 19.727], [100.17, 19.727], [100.17, 19.707]]
    ],
}


@pytest.fixture(autouse=True)
def celery_eager(request: pytest.FixtureRequest):
    """Tasks run in-process, except in tests that start a real worker."""
    if request.node.get_closest_marker("services"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    """Rate limits count in the cache: each test starts with none spent."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def fresh_roof_memory() -> Iterator[None]:
    """Roof profiles and loaded weather forgotten before and after a test: weather_load caches by
    dataset id, and a test database reuses ids for other weather."""
    roofprofiles.roof_profiles_forget()
    weathersets.weather_load.cache_clear()
    yield
    roofprofiles.roof_profiles_forget()


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Uploads, refused rows and reports go to a fresh folder, not var/private."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path_factory.mktemp("private")


@pytest.fixture
def municipality(db) -> Municipality:
    return Municipality.objects.create(
        name_th="เทศบาลตำบลสันทรายงาม",
        name_en="San Sai Ngam",
        reference_latitude=REF_LAT,
        reference_longitude=REF_LON,
        service_radius_km=5,
    )


@pytest.fixture
def somchai(db) -> User:
    user = User.objects.create_user("somchai", password="somchai-pass-1", is_staff=True)
    user.groups.add(staff_group_ensure())
    return user


@pytest.fixture
def nok(db) -> User:
    return User.objects.create_user("nok", password="nok-pass-1")


@pytest.fixture
def moo1(db) -> Village:
    return Village.objects.create(moo=1, name_th="บ้านสันทรายมูล", boundary_geojson=MOO1_SQUARE)


@pytest.fixture
def moo2(db) -> Village:
    return Village.objects.create(moo=2, name_th="บ้านสันทรายงาม")


@pytest.fixture
def household(moo2: Village) -> SolarInstallation:
    return SolarInstallation.objects.create(
        name="บ้านคุณส่วนตัว",
        building_type=BuildingType.HOUSEHOLD,
        latitude=REF_LAT + 0.001,
        longitude=REF_LON + 0.001,
        village=moo2,
        capacity_kwp=Decimal("5.000"),
        tilt_deg=15,
        azimuth_deg=180,
        commissioned_on=dt.date(2023, 5, 1),
        owner_name=OWNER_NAME,
        owner_phone=OWNER_PHONE,
    )


@pytest.fixture
def default_weather(municipality) -> WeatherDataset:
    """The approximate default weather year, as a fresh installation creates it."""
    return weathersets.weather_default_ensure()


@pytest.fixture
def estimated(default_weather, household, school) -> list[InstallationEstimate]:
    """The household's and the school's estimates on the default weather."""
    for installation in (household, school):
        estimates.installation_estimate_refresh(installation_id=installation.pk)
    return list(InstallationEstimate.objects.order_by("installation_id"))


@pytest.fixture
def school(db) -> SolarInstallation:
    return SolarInstallation.objects.create(
        name="โรงเรียนบ้านชวา",
        building_type=BuildingType.SCHOOL,
        latitude=REF_LAT - 0.002,
        longitude=REF_LON + 0.002,
        capacity_kwp=Decimal("30"),
        tilt_deg=10,
        azimuth_deg=165,
        commissioned_on=dt.date(2022, 1, 10),
    )


@pytest.fixture
def enterprise(moo2: Village) -> CommunityEnterprise:
    return CommunityEnterprise.objects.create(
        name="วิสาหกิจชุมชนธนาคารขยะบ้านสันทรายงาม",
        registration_code="570411000001",
        activity_type="waste",
        village=moo2,
        member_count=20,
        representative_name="นางผู้แทน",
        representative_contact="089-000-0000",
    )


@pytest.fixture
def waste_bank(enterprise: CommunityEnterprise) -> WastePoint:
    return WastePoint.objects.create(
        name="ธนาคารขยะหมู่ 2",
        kind=WastePointKind.WASTE_BANK,
        accepted_materials=["plastic_bottles", "paper", "cans"],
        opening_hours="Sa[2] 09:00-12:00",
        enterprise=enterprise,
        latitude=REF_LAT + 0.003,
        longitude=REF_LON - 0.002,
    )


@pytest.fixture
def pet(db) -> Material:
    return Material.objects.get(code="pet")  # seeded by migration 0002


@pytest.fixture
def english():
    """Messages in English for the assertions (Thai is the site's default)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def reference_data(request: pytest.FixtureRequest) -> None:
    """Transactional tests empty every table afterwards, the migrations' seed rows too: put the
    materials, emission factors, tariffs and costs back (the seeds only add what is missing)."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    import importlib

    from django.apps import apps

    request.getfixturevalue("transactional_db")
    importlib.import_module("sustain.migrations.0002_seed_materials_and_factors").seed(apps, None)
    importlib.import_module("sustain.migrations.0014_seed_tariffs").seed(apps, None)


# --- Maintenance: Dara enters data (group "data entry"); Kasem is staff in no group. -----------
# Plans: waste banks every 30 days (clean bins yes/no, scale error number, optional photo);
# every solar installation every 180 days with the pre-smoke panel cleaning (1 Dec – 31 Jan) and
# a required photo of the panels.


@pytest.fixture
def demo_loaded(db, settings, tmp_path) -> None:
    """The demo municipality (``manage.py demo_load``) with its fleet's estimates computed."""
    settings.MEDIA_ROOT = tmp_path
    demo.demo_load()
    estimates.fleet_refresh(run_id=EstimateRun.objects.latest("created_at").pk)


@pytest.fixture
def dara(db) -> User:
    from sustain.services.groups import staff_groups_ensure

    # The migration made the group; transactional tests empty it, so grant again (idempotent).
    data_entry = staff_groups_ensure()["data_entry"]
    user = User.objects.create_user(
        "dara", password="dara-pass-1", is_staff=True, email="dara@example.org"
    )
    user.groups.add(data_entry)
    return user


@pytest.fixture
def kasem(db) -> User:
    return User.objects.create_user("kasem", password="kasem-pass-1", is_staff=True)


@pytest.fixture
def bank_plan(db, somchai) -> MaintenancePlan:
    plan = MaintenancePlan.objects.create(
        name_th="ตรวจธนาคารขยะ",
        name_en="Waste bank check",
        site_type=SiteType.WASTE_POINT,
        waste_point_kind=WastePointKind.WASTE_BANK,
        interval_days=30,
        responsible=somchai,
    )
    ChecklistItem.objects.create(plan=plan, position=1, key="bins_clean", label_th="ถังสะอาด",
                                 label_en="Bins clean", answer_type=AnswerType.YES_NO)  # fmt: skip
    ChecklistItem.objects.create(plan=plan, position=2, key="scale_error", label_th="ตาชั่งคลาดเคลื่อน",
                                 label_en="Scale error", answer_type=AnswerType.NUMBER, unit="kg",
                                 min_value=-20, max_value=20, pass_min=-0.5, pass_max=0.5)  # fmt: skip
    ChecklistItem.objects.create(plan=plan, position=3, key="sign_photo", label_th="ภาพป้าย",
                                 label_en="Sign photo", answer_type=AnswerType.PHOTO,
                                 required=False)  # fmt: skip
    return plan


@pytest.fixture
def solar_plan(db) -> MaintenancePlan:
    plan = MaintenancePlan.objects.create(
        name_th="ตรวจระบบโซลาร์", name_en="Solar check", site_type=SiteType.INSTALLATION,
        interval_days=180,
    )  # fmt: skip
    SeasonalRule.objects.create(plan=plan, label_th="ล้างแผงก่อนฤดูหมอกควัน",
                                label_en="Clean panels before the smoke season",
                                start_month=12, start_day=1, end_month=1, end_day=31)  # fmt: skip
    ChecklistItem.objects.create(plan=plan, position=1, key="panels_clean", label_th="แผงสะอาด",
                                 label_en="Panels clean", answer_type=AnswerType.YES_NO)  # fmt: skip
    ChecklistItem.objects.create(plan=plan, position=2, key="panel_photo", label_th="ภาพแผง",
                                 label_en="Panel photo", answer_type=AnswerType.PHOTO)  # fmt: skip
    return plan


def jpeg_bytes(*, size=(2400, 1800), gps: bool = True, colour: str = "#3a7") -> bytes:
    """A photo as a phone writes it: JPEG with EXIF camera and (optionally) GPS location."""
    import io

    from PIL import Image

    image = Image.new("RGB", size, colour)
    exif = image.getexif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    if gps:
        exif[0x8825] = {1: "N", 2: (19.0, 43.0, 1.2), 3: "E", 4: (100.0, 10.0, 48.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()


@pytest.fixture
def photo_media(settings, tmp_path):
    """Uploaded photos (private files) go to a throwaway folder, returned."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture(scope="module")
def browser() -> "Iterator[Browser]":
    """Debian's Chromium, headless, one per test module (the browser tests)."""
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def no_tiles(settings) -> None:
    settings.MAP_TILES_URL = ""  # the only outside resource: off in tests


PHONE = {"viewport": {"width": 360, "height": 740}, "has_touch": True, "is_mobile": True}


@pytest.fixture
def make_page(browser: "Browser", live_server, no_tiles) -> "Iterator[Callable[..., Page]]":
    """Pages in Thai, each in a context of its own: a touch phone at 360×740 unless ``size``
    (e.g. ``{"viewport": {"width": 1366, "height": 768}}``) says otherwise."""
    contexts = []

    def make(size: dict = PHONE, **extra) -> "Page":
        context = browser.new_context(locale="th-TH", **size, **extra)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def browser_sign_in(
    page: "Page",
    base_url: str,
    *,
    username: str = "somchai",
    password: str = "somchai-pass-1",
    next_path: str = "/manage/map/",
    ready: str = "body[data-points-loaded]",
) -> None:
    """Sign in on the staff login page and wait for ``ready`` on the page it leads to."""
    page.goto(f"{base_url}/staff/login/?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("input[type=submit]").click()
    page.wait_for_selector(ready, state="attached")
