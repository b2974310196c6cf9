"""A small cast, built by hand.

Somchai is environment staff and edits records; Nok is a resident with an account but no staff
rights. Two villages: Moo 1 with a square boundary, Moo 2 without one. One household installation
(owned by Mr Private Owner) and one school; one waste bank.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from sustain import celery_app
from sustain.models import (
    BuildingType,
    CommunityEnterprise,
    Material,
    Municipality,
    SolarInstallation,
    Village,
    WastePoint,
    WastePointKind,
)
from sustain.services.staff import staff_group_ensure

REF_LAT, REF_LON = 19.717, 100.180
OWNER_NAME = "นายเจ้าของ ส่วนตัว"
OWNER_PHONE = "081-234-5678"

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
    importlib.import_module("sustain.migrations.0007_seed_tariffs").seed(apps, None)
