"""A deterministic, clearly fictional San Sai Ngam demo: villages, solar, waste, enterprises.

Villages and the reference point are real (fixtures/san_sai_ngam_info.geojson); everything else is
generated from a fixed seed, named "สาธิต" (demo), and placed within 3 km of the reference point.
"""

import datetime as dt
import json
import math
import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from sustain.demo.maintenance import demo_maintenance
from sustain.demo.reports import demo_targets_and_prices
from sustain.demo.roof import demo_roofs_and_leads
from sustain.models import (
    ActivityType,
    BuildingType,
    CommunityEnterprise,
    Destination,
    EnterpriseActivity,
    InstallationStatus,
    Material,
    MeterReading,
    ModuleType,
    Mounting,
    Municipality,
    SolarInstallation,
    Village,
    WasteCollection,
    WastePoint,
    WastePointKind,
)
from sustain.services.groups import staff_group_ensure
from sustain.services.solar import estimates
from sustain.services.solar.weathersets import weather_default_ensure

INFO_FILE = settings.BASE_DIR / "fixtures" / "san_sai_ngam_info.geojson"
SEED = 570411  # the tambon's DOPA code
DEMO_USERNAME = "demo-staff"
DEMO_PASSWORD = "sustain-demo"
DEMO_RADIUS_M = 3_000.0
FIRST_DAY = dt.date(2024, 10, 1)  # fiscal years 2568 and 2569
LAST_DAY = dt.date(2026, 9, 30)
DEMO = "สาธิต"


class DemoNotEmpty(Exception):
    """The database already holds records; the demo loads only into an empty one."""


@dataclass(frozen=True)
class DemoCounts:
    villages: int
    installations: int
    waste_points: int
    collections: int
    enterprises: int
    activities: int
    readings: int
    inspections: int = 0
    work_orders: int = 0


def _offset(rng: random.Random, lat: float, lon: float) -> tuple[float, float]:
    """A point uniformly spread within DEMO_RADIUS_M of (lat, lon)."""
    distance_m = DEMO_RADIUS_M * math.sqrt(rng.random())
    bearing = rng.uniform(0, 2 * math.pi)
    dlat = distance_m * math.cos(bearing) / 111_320
    dlon = distance_m * math.sin(bearing) / (111_320 * math.cos(math.radians(lat)))
    return round(lat + dlat, 6), round(lon + dlon, 6)


def _months() -> list[dt.date]:
    months, day = [], FIRST_DAY
    while day <= LAST_DAY:
        months.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months


def _nth_weekday(first: dt.date, weekday: int, n: int) -> dt.date:
    shift = (weekday - first.weekday()) % 7
    return first + dt.timedelta(days=shift + 7 * (n - 1))


def _villages(reference: dict[str, Any]) -> list[Village]:
    populations = [1210, 980, 860, 740, 650, 520, 430]  # demo figures, not a census
    villages = []
    for entry, population in zip(reference["villages"], populations, strict=True):
        villages.append(
            Village.objects.create(
                moo=entry["moo"],
                name_th=entry["name_th"].split(" / ")[-1],
                name_en=entry["name_en"] or "",
                geocode=entry["geocode"] or "",
                population=population,
                unverified=bool(entry.get("unverified")),
            )
        )
    return villages


def _enterprises(rng: random.Random, villages: list[Village]) -> list[CommunityEnterprise]:
    specs = [
        ("ธนาคารขยะ", "waste bank", ActivityType.WASTE, "รับซื้อขยะรีไซเคิลจากสมาชิก", 34),
        ("ปุ๋ยหมัก", "compost", ActivityType.COMPOST, "ปุ๋ยหมักจากเศษอาหารและใบไม้", 18),
        ("พลังงานแสงอาทิตย์", "solar", ActivityType.ENERGY, "ติดตั้งและล้างแผงโซลาร์", 9),
        ("หัตถกรรมรีไซเคิล", "recycled crafts", ActivityType.HANDICRAFT, "กระเป๋าจากถุงกาแฟ", 12),
    ]
    enterprises = []
    for index, (name_th, _name_en, activity, products, members) in enumerate(specs, start=1):
        village = villages[index % len(villages)]
        lat, lon = _offset(rng, 19.717, 100.180)
        enterprises.append(
            CommunityEnterprise.objects.create(
                name=f"วิสาหกิจชุมชน{name_th}บ้านตัวอย่าง ({DEMO})",
                registration_code=f"5704110{index:05d}",
                registered_on=dt.date(2018 + index, 3, 1),
                renewed_on=dt.date(2026, 3, 1),
                activity_type=activity,
                products=products,
                village=village,
                member_count=members,
                latitude=lat,
                longitude=lon,
                representative_name=f"นางตัวแทน สมมติ{index:02d}",
                representative_contact=f"089-555-02{index:02d}",
            )
        )
    return enterprises


def _installations(
    rng: random.Random, villages: list[Village], enterprises: list[CommunityEnterprise]
) -> list[SolarInstallation]:
    mix = (
        [(BuildingType.HOUSEHOLD, "บ้านพักอาศัย", (3, 10))] * 39
        + [(BuildingType.OTHER, "ศาลาอเนกประสงค์", (2, 5))]
        + [(BuildingType.SCHOOL, "โรงเรียน", (10, 50))] * 5
        + [(BuildingType.TEMPLE, "วัด", (5, 20))] * 4
        + [(BuildingType.GOVERNMENT, "สำนักงาน", (10, 60))] * 3
        + [(BuildingType.HEALTH_CENTRE, "รพ.สต.", (5, 15))] * 2
        + [(BuildingType.BUSINESS, "ร้านค้า", (5, 30))] * 4
        + [(BuildingType.COMMUNITY_ENTERPRISE, "โรงเรือนวิสาหกิจ", (3, 10))] * 2
    )
    solar_enterprise = next(e for e in enterprises if e.activity_type == ActivityType.ENERGY)
    rows = []
    for index, (building, label, (low_kwp, high_kwp)) in enumerate(mix, start=1):
        lat, lon = _offset(rng, 19.717, 100.180)
        commissioned = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(0, 7 * 365))
        status = InstallationStatus.OPERATING
        decommissioned = None
        if index % 17 == 0:
            status, commissioned = InstallationStatus.PLANNED, dt.date(2026, 12, 1)
        elif index == 23:
            status = InstallationStatus.DECOMMISSIONED
            commissioned = dt.date(2019, 6, 1)
            decommissioned = dt.date(2025, 2, 28)
        household = building == BuildingType.HOUSEHOLD
        rows.append(
            SolarInstallation(
                name=f"{label}ตัวอย่าง {index:02d} ({DEMO})",
                building_type=building,
                latitude=lat,
                longitude=lon,
                village=villages[index % len(villages)],
                capacity_kwp=Decimal(str(round(rng.uniform(low_kwp, high_kwp), 2))),
                tilt_deg=rng.choice([5, 10, 12, 15, 15, 18, 20, 25, 30]),
                azimuth_deg=rng.choice([90, 135, 150, 165, 180, 180, 180, 195, 210, 225, 270]),
                mounting=Mounting.ROOF if rng.random() < 0.85 else Mounting.OPEN_RACK,
                module_type=rng.choice([ModuleType.STANDARD] * 3 + [ModuleType.PREMIUM]),
                commissioned_on=commissioned,
                decommissioned_on=decommissioned,
                status=status,
                enterprise=solar_enterprise if not household and index % 5 == 0 else None,
                owner_name=f"นายเจ้าของ สมมติ{index:02d}" if household else "",
                owner_phone=f"089-555-01{index:02d}" if household else "",
                last_verified_on=dt.date(2026, 1, 15) + dt.timedelta(days=rng.randrange(0, 300)),
            )
        )
    return bulk_create_with_history(rows, SolarInstallation)


POINT_KINDS = [
    # kind, how many, Thai label, accepted OSM materials, opening hours, collection times
    (WastePointKind.DROP_OFF_BIN, 8, "ถังแยกขยะ",
     ["plastic_bottles", "cans", "glass_bottles", "paper"], "24/7", "We 07:00"),
    (WastePointKind.WASTE_BANK, 5, "ธนาคารขยะ",
     ["plastic_bottles", "plastic_packaging", "paper", "cardboard", "glass_bottles", "cans",
      "scrap_metal"], "Sa[{n}] 09:00-12:00", ""),
    (WastePointKind.COMPOST_POINT, 4, "จุดทำปุ๋ยหมัก",
     ["food_waste", "green_waste"], "Mo-Su 06:00-18:00", ""),
    (WastePointKind.HAZARDOUS_BIN, 3, "ถังขยะอันตราย",
     ["batteries", "low_energy_bulbs", "hazardous_waste"], "Mo-Fr 08:30-16:30", "Mo[1] 09:00"),
    (WastePointKind.E_WASTE_POINT, 2, "จุดรับขยะอิเล็กทรอนิกส์",
     ["electrical_items", "mobile_phones", "batteries"], "Mo-Fr 08:30-16:30", ""),
    (WastePointKind.SORTING_STATION, 3, "สถานีคัดแยกขยะ",
     ["plastic_bottles", "paper", "cardboard", "cans", "glass_bottles", "scrap_metal",
      "food_waste"], "Mo-Sa 07:00-15:00", ""),
]  # fmt: skip


def _waste_points(
    rng: random.Random, villages: list[Village], enterprises: list[CommunityEnterprise]
) -> list[WastePoint]:
    waste_enterprise = next(e for e in enterprises if e.activity_type == ActivityType.WASTE)
    compost_enterprise = next(e for e in enterprises if e.activity_type == ActivityType.COMPOST)
    rows: list[WastePoint] = []
    for kind, count, label, materials, hours, collection in POINT_KINDS:
        for n in range(1, count + 1):
            lat, lon = _offset(rng, 19.717, 100.180)
            enterprise = {
                WastePointKind.WASTE_BANK: waste_enterprise,
                WastePointKind.COMPOST_POINT: compost_enterprise,
            }.get(kind)
            rows.append(
                WastePoint(
                    name=f"{label}ตัวอย่าง {n} ({DEMO})",
                    kind=kind,
                    accepted_materials=materials,
                    opening_hours=hours.format(n=(n - 1) % 4 + 1),
                    collection_times=collection,
                    operator=enterprise.name if enterprise else "เทศบาลตำบลสันทรายงาม",
                    ref=f"SSN-{kind.upper()[:2]}-{n:02d}",
                    enterprise=enterprise,
                    latitude=lat,
                    longitude=lon,
                    village=villages[(n + len(rows)) % len(villages)],
                    last_verified_on=dt.date(2026, 6, 1) + dt.timedelta(days=rng.randrange(120)),
                )
            )
    return bulk_create_with_history(rows, WastePoint)


# Demo buy-back prices (THB/kg) around which each sale varies; real prices live with issue 6.
DEMO_PRICES = {
    "pet": 8.0, "hdpe": 7.0, "paper": 2.0, "cardboard": 3.0, "glass": 1.0,
    "aluminium": 45.0, "steel": 6.0, "e_waste": 10.0,
}  # fmt: skip

# What each kind of point yields a month: (material, low kg, high kg, destination, every n months).
YIELDS = {
    WastePointKind.DROP_OFF_BIN: [("pet", 5, 25, Destination.SOLD, 1),
                                  ("aluminium", 1, 6, Destination.SOLD, 1),
                                  ("glass", 4, 20, Destination.SOLD, 1),
                                  ("paper", 3, 15, Destination.SOLD, 1)],
    WastePointKind.WASTE_BANK: [(code, 10, 80, Destination.SOLD, 1)
                                for code in ("pet", "hdpe", "paper", "cardboard", "glass",
                                             "aluminium", "steel")],
    WastePointKind.COMPOST_POINT: [("food_waste", 60, 220, Destination.COMPOSTED, 1),
                                   ("green_waste", 40, 150, Destination.COMPOSTED, 1)],
    WastePointKind.HAZARDOUS_BIN: [("batteries", 1, 8, Destination.HAZARDOUS_FACILITY, 3),
                                   ("lamps", 1, 5, Destination.HAZARDOUS_FACILITY, 3),
                                   ("chemical_containers", 1, 6,
                                    Destination.HAZARDOUS_FACILITY, 3)],
    WastePointKind.E_WASTE_POINT: [("e_waste", 5, 30, Destination.SOLD, 3)],
    WastePointKind.SORTING_STATION: [("general_waste", 800, 1600, Destination.LANDFILL, 1),
                                     ("pet", 40, 120, Destination.SOLD, 1),
                                     ("cardboard", 60, 200, Destination.SOLD, 1),
                                     ("food_waste", 150, 400, Destination.COMPOSTED, 1)],
}  # fmt: skip


def _collections(rng: random.Random, points: list[WastePoint]) -> list[WasteCollection]:
    materials = {material.code: material for material in Material.objects.all()}
    rows = []
    for month_index, month in enumerate(_months()):
        for point in points:
            if point.kind == WastePointKind.WASTE_BANK:
                day = _nth_weekday(month, weekday=5, n=2)  # its session: the second Saturday
            else:
                day = month + dt.timedelta(days=rng.randrange(0, 27))
            for code, low, high, destination, every in YIELDS[WastePointKind(point.kind)]:
                if month_index % every:
                    continue
                price = None
                if destination == Destination.SOLD:
                    price = Decimal(str(round(DEMO_PRICES[code] * rng.uniform(0.8, 1.2), 2)))
                rows.append(
                    WasteCollection(
                        point=point,
                        collected_on=day,
                        material=materials[code],
                        mass_kg=Decimal(str(round(rng.uniform(low, high), 1))),
                        destination=destination,
                        price_thb_per_kg=price,
                    )
                )
    return bulk_create_with_history(rows, WasteCollection, batch_size=1000)


def _activities(rng: random.Random, enterprises: list[CommunityEnterprise]) -> int:
    count = 0
    for enterprise in enterprises:
        for start in (dt.date(2024, 10, 1), dt.date(2025, 10, 1)):
            EnterpriseActivity.objects.create(
                enterprise=enterprise,
                period_start=start,
                period_end=dt.date(start.year + 1, 9, 30),
                revenue_thb=Decimal(rng.randrange(40, 400) * 1000),
                members=enterprise.member_count + rng.randrange(-2, 4),
                jobs=rng.randrange(2, 9),
                products_volumes=enterprise.products,
                support_received="อบรมจากเทศบาล (สาธิต)",
                support_value_thb=Decimal(rng.randrange(0, 50) * 1000),
            )
            count += 1
    return count


# Metered demo systems: monthly readings for fiscal year 2569 at this share of a typical
# 120 kWh/kWp month; the last one loses half its output from April (a fault to find).
DEMO_METERED = 8
TYPICAL_KWH_PER_KWP_MONTH = 120.0


def _readings(rng: random.Random, installations: list[SolarInstallation]) -> int:
    operating = [
        i for i in installations
        if i.status == InstallationStatus.OPERATING and i.commissioned_on
        and i.commissioned_on < dt.date(2025, 10, 1)
    ][:DEMO_METERED]  # fmt: skip
    rows = []
    for n, installation in enumerate(operating):
        share = rng.uniform(0.85, 1.0)
        for month in _months()[12:]:
            end = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
            fault = n == len(operating) - 1 and month >= dt.date(2026, 4, 1)
            energy = float(installation.capacity_kwp) * TYPICAL_KWH_PER_KWP_MONTH * share
            rows.append(
                MeterReading(
                    installation=installation,
                    period_start=month,
                    period_end=end - dt.timedelta(days=1),
                    energy_kwh=Decimal(str(round(energy * (0.5 if fault else 1.0), 1))),
                )
            )
    return len(bulk_create_with_history(rows, MeterReading))


def demo_user_ensure() -> AbstractUser:
    """The demo staff login (printed by the run command); a member of environment staff."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=DEMO_USERNAME, defaults={"is_staff": True, "first_name": "Demo"}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.groups.add(staff_group_ensure())
    return user


def demo_load() -> DemoCounts:
    """Load the demo into an empty database (raises DemoNotEmpty otherwise), in one transaction."""
    if (
        SolarInstallation.objects.exists()
        or WastePoint.objects.exists()
        or Village.objects.exists()
    ):
        raise DemoNotEmpty("the database already holds villages or sites; the demo was not loaded")
    info = json.loads(Path(INFO_FILE).read_text(encoding="utf-8"))
    reference = info["features"][0]["properties"]
    lon, lat = info["features"][0]["geometry"]["coordinates"]
    rng = random.Random(SEED)
    with transaction.atomic():
        municipality, _created = Municipality.objects.update_or_create(
            pk=Municipality.SINGLETON_ID,
            defaults={
                "name_th": "เทศบาลตำบลสันทรายงาม",
                "name_en": "San Sai Ngam Subdistrict Municipality",
                "dopa_code": reference["dopa_geocode"],
                "reference_latitude": lat,
                "reference_longitude": lon,
                "service_radius_km": 6.0,
                "population": 5390,  # the sum of the demo village figures
                "demo_data": True,
            },
        )
        villages = _villages(reference)
        enterprises = _enterprises(rng, villages)
        installations = _installations(rng, villages, enterprises)
        points = _waste_points(rng, villages, enterprises)
        collections = _collections(rng, points)
        activities = _activities(rng, enterprises)
        readings = _readings(rng, installations)
        demo_targets_and_prices()
        upkeep = demo_maintenance(
            points=points, solar=installations, staff=demo_user_ensure(),
            today=timezone.localdate(), password=DEMO_PASSWORD,
        )  # fmt: skip
        demo_roofs_and_leads(municipality)
        # Estimates and the readings' expectations are computed by a worker after commit.
        estimates.fleet_refresh_queue(
            weather_dataset=weather_default_ensure(), reason="demo loaded"
        )
    return DemoCounts(
        villages=len(villages),
        installations=len(installations),
        waste_points=len(points),
        collections=len(collections),
        enterprises=len(enterprises),
        activities=activities,
        readings=readings,
        inspections=upkeep.inspections,
        work_orders=upkeep.work_orders_open + upkeep.work_orders_closed,
    )
