"""Every bounded field refuses nonsense with a message that names the field and the rule."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from sustain.models import (
    CommunityEnterprise,
    Destination,
    EmissionFactor,
    EnterpriseActivity,
    InstallationStatus,
    Municipality,
    SolarInstallation,
    Village,
    WasteCollection,
    WastePoint,
)
from sustain.services.records import record_save

TOMORROW = timezone.localdate() + dt.timedelta(days=1)


def _refused(obj, field: str) -> str:
    """Save through the service; return the English message for ``field``."""
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            record_save(obj=obj)
        errors = caught.value.message_dict  # messages are lazy: render them in English here
        assert field in errors, f"expected an error on {field}, got {errors}"
        return " ".join(errors[field])


INSTALLATION_BOUNDS = [
    # field, bad value, words the message must contain
    ("latitude", -90.5, ["Latitude", "-90", "90"]),
    ("latitude", 91, ["Latitude", "-90", "90"]),
    ("longitude", 180.01, ["Longitude", "-180", "180"]),
    ("longitude", -181, ["Longitude", "-180", "180"]),
    ("capacity_kwp", Decimal("0"), ["Capacity", "greater than 0", "1000", "kWp"]),
    ("capacity_kwp", Decimal("-3"), ["Capacity", "greater than 0"]),
    ("capacity_kwp", Decimal("1000.5"), ["Capacity", "at most 1000"]),
    ("tilt_deg", -1, ["Tilt", "0", "90"]),
    ("tilt_deg", 90.5, ["Tilt", "0", "90"]),
    ("azimuth_deg", -0.1, ["Azimuth", "0", "360"]),
    ("azimuth_deg", 361, ["Azimuth", "0", "360"]),
    ("losses_pct", -5.1, ["System losses", "-5", "99", "%"]),
    ("losses_pct", 100, ["System losses", "-5", "99"]),
    ("dc_ac_ratio", 0.4, ["DC/AC ratio", "0.5", "3"]),
    ("dc_ac_ratio", 3.01, ["DC/AC ratio", "0.5", "3"]),
]


@pytest.mark.parametrize(("field", "bad", "words"), INSTALLATION_BOUNDS)
def test_installation_bounds_refused(school: SolarInstallation, field, bad, words):
    before = SolarInstallation.objects.get(pk=school.pk)
    setattr(school, field, bad)
    message = _refused(school, field)
    for word in words:
        assert word in message
    assert str(bad) in message  # the message says what was given
    after = SolarInstallation.objects.get(pk=school.pk)
    assert getattr(after, field) == getattr(before, field)  # nothing written


@pytest.mark.parametrize(
    ("field", "edge"),
    [
        ("capacity_kwp", Decimal("1000")),
        ("capacity_kwp", Decimal("0.001")),
        ("tilt_deg", 0),
        ("tilt_deg", 90),
        ("azimuth_deg", 360),
        ("losses_pct", -5),
        ("losses_pct", 99),
        ("dc_ac_ratio", 0.5),
        ("dc_ac_ratio", 3),
    ],
)
def test_installation_edges_accepted(school: SolarInstallation, field, edge):
    setattr(school, field, edge)
    record_save(obj=school)
    school.refresh_from_db()
    assert getattr(school, field) == edge


def test_decommissioned_must_follow_commissioned(school: SolarInstallation):
    assert school.commissioned_on is not None
    school.status = InstallationStatus.DECOMMISSIONED
    school.decommissioned_on = school.commissioned_on - dt.timedelta(days=1)
    message = _refused(school, "decommissioned_on")
    assert "after commissioned on" in message
    assert school.commissioned_on.isoformat() in message


def test_decommissioned_status_needs_its_date(school: SolarInstallation):
    school.status = InstallationStatus.DECOMMISSIONED
    assert "required" in _refused(school, "decommissioned_on")


def test_operating_installation_needs_commissioning_date(school: SolarInstallation):
    school.commissioned_on = None
    assert "required for an operating" in _refused(school, "commissioned_on")


@pytest.fixture
def collection(waste_bank: WastePoint, pet) -> WasteCollection:
    """A valid collection, not saved: each test spoils one field."""
    return WasteCollection(
        point=waste_bank,
        material=pet,
        collected_on=dt.date(2025, 3, 8),
        mass_kg=Decimal("4"),
        destination=Destination.SOLD,
    )


def test_collection_mass_and_date(collection: WasteCollection):
    collection.mass_kg = Decimal("0")
    assert "Mass must be greater than 0" in _refused(collection, "mass_kg")
    collection.mass_kg = Decimal("-2.5")
    assert "Mass must be greater than 0" in _refused(collection, "mass_kg")
    collection.mass_kg = Decimal("12.5")
    collection.collected_on = TOMORROW
    assert "in the future" in _refused(collection, "collected_on")
    assert WasteCollection.objects.count() == 0


def test_price_only_when_sold(collection: WasteCollection):
    collection.destination = Destination.LANDFILL
    collection.price_thb_per_kg = Decimal("8")
    assert "only when the destination is sold" in _refused(collection, "price_thb_per_kg")
    collection.destination = Destination.SOLD
    collection.price_thb_per_kg = Decimal("0")
    assert "Price must be greater than 0" in _refused(collection, "price_thb_per_kg")


@pytest.mark.parametrize("field", ["opening_hours", "collection_times"])
@pytest.mark.parametrize("bad", ["Mo-Fr 25:00-26:00", "every second saturday", "Sa[2 09:00"])
def test_opening_hours_syntax(waste_bank: WastePoint, field, bad):
    setattr(waste_bank, field, bad)
    message = _refused(waste_bank, field)
    assert bad in message and "Mo-Fr 08:30-16:30" in message  # the value, and an example
    assert "Found" not in message and "line" not in message.lower()  # never the parser's text


@pytest.mark.parametrize("good", ["24/7", "Mo-Fr 08:30-16:30; Sa[2] 09:00-12:00", ""])
def test_opening_hours_accepted(waste_bank: WastePoint, good):
    waste_bank.opening_hours = good
    record_save(obj=waste_bank)


@pytest.mark.parametrize("good", ["We 07:00", "Mo-Fr 09:00,17:00", "Mo[1] 09:00; Th 06:30-07:00"])
def test_collection_times_accept_time_points(waste_bank: WastePoint, good):
    waste_bank.collection_times = good
    record_save(obj=waste_bank)
    waste_bank.opening_hours = good.split(";")[0]  # a bare time point is not opening hours
    assert "8.30-16.30" in _refused(waste_bank, "opening_hours")  # needs both start and end


def test_waste_point_location_and_materials(waste_bank: WastePoint):
    waste_bank.latitude = 100.18  # longitude typed into latitude
    assert "Latitude" in _refused(waste_bank, "latitude")
    waste_bank.latitude = 19.7
    waste_bank.accepted_materials = ["plastic_bottles", "kryptonite"]
    assert "kryptonite" in _refused(waste_bank, "accepted_materials")


@pytest.mark.parametrize("bad", ["57041100000", "5704110000012", "57041100000A", "5704-1100-001"])
def test_registration_code_is_twelve_digits(enterprise: CommunityEnterprise, bad):
    enterprise.registration_code = bad
    assert "exactly 12 digits" in _refused(enterprise, "registration_code")


def test_enterprise_needs_seven_members(enterprise: CommunityEnterprise):
    enterprise.member_count = 6
    message = _refused(enterprise, "member_count")
    assert "Members" in message and "7" in message


def test_enterprise_activity_period_and_money(enterprise: CommunityEnterprise):
    activity = EnterpriseActivity(
        enterprise=enterprise,
        period_start=dt.date(2025, 10, 1),
        period_end=dt.date(2025, 9, 30),
        revenue_thb=Decimal("1000"),
        members=10,
        jobs=2,
    )
    assert "on or after period start" in _refused(activity, "period_end")
    activity.period_end = dt.date(2026, 9, 30)
    activity.revenue_thb = Decimal("-1")
    assert "Revenue" in _refused(activity, "revenue_thb")


def test_village_boundary_must_be_a_valid_polygon(db):
    bowtie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    village = Village(moo=3, name_th="บ้านชวา", boundary_geojson=bowtie)
    assert "not valid" in _refused(village, "boundary_geojson")
    village.boundary_geojson = {"type": "Point", "coordinates": [100.18, 19.7]}
    assert "Polygon or MultiPolygon" in _refused(village, "boundary_geojson")
    village.boundary_geojson = {
        "type": "Polygon",
        "coordinates": [[[200, 0], [201, 0], [200, 1], [200, 0]]],
    }
    assert "outside longitude" in _refused(village, "boundary_geojson")
    village.moo = 0
    assert "Village number" in _refused(village, "moo")


def test_municipality_reference_point_bounds(db):
    municipality = Municipality(name_th="ท", reference_latitude=100.18, reference_longitude=19.7)
    assert "Latitude" in _refused(municipality, "reference_latitude")


def test_factor_validity_must_not_overlap(db):
    # Seeded: grid_electricity 0.4999 to 2025-12-31, 0.4750 from 2026-01-01.
    factor = EmissionFactor(
        key="grid_electricity",
        name="Thai grid",
        kind="grid",
        value=Decimal("0.48"),
        unit="kgCO2e/kWh",
        valid_from=dt.date(2025, 6, 1),
        valid_to=dt.date(2026, 6, 1),
        source="test",
    )
    assert "overlaps" in _refused(factor, "valid_from")
    factor.valid_from, factor.valid_to = dt.date(2027, 1, 1), dt.date(2026, 1, 1)
    assert "on or after valid from" in _refused(factor, "valid_to")


def test_thai_message_names_the_field(school: SolarInstallation):
    school.tilt_deg = 95
    with translation.override("th"):
        with pytest.raises(ValidationError) as caught:
            record_save(obj=school)
        assert "มุมเอียง ต้องอยู่ระหว่าง 0 ถึง 90" in caught.value.message_dict["tilt_deg"][0]


def test_database_refuses_out_of_range_rows_written_without_validation(db):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        SolarInstallation.objects.create(
            name="bulk row",
            building_type="school",
            latitude=19.7,
            longitude=100.2,
            capacity_kwp=Decimal("0"),
            tilt_deg=10,
            commissioned_on=dt.date(2024, 1, 1),
        )
    assert not SolarInstallation.objects.exists()
