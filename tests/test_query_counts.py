"""Every list and export answers in a constant number of SQL queries, whatever the number of rows
and the page size: no query per row (an N+1 would make the province-scale map and exports slow).

The data grows from a few rows of everything to several times as many; each endpoint's count of
queries, anonymous and as staff with a token, must stay the same. ``test_every_list_is_counted``
keeps the table complete: a new list or export without an entry here fails.
"""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sustain.api import api
from sustain.models import (
    BuildingType,
    CommunityEnterprise,
    EnterpriseActivity,
    EstimateRun,
    Inspection,
    InstallationEstimate,
    Material,
    MeterReading,
    SolarInstallation,
    WasteCollection,
    WastePoint,
    WastePointKind,
    WeatherDataset,
    WorkOrder,
)
from sustain.services.tokens import token_create

# Path → the query it is asked with ("" for none). {enterprise} and {installation} are filled in.
LISTS = {
    "/api/villages": "",
    "/api/solar/installations": "",
    "/api/solar/installations.csv": "",
    "/api/solar/maintenance": "",
    "/api/solar/installations/{installation}/readings": "",
    "/api/waste/points": "",
    "/api/waste/points.csv": "",
    "/api/waste/collections": "",
    "/api/waste/collections.csv": "",
    "/api/enterprises": "",
    "/api/enterprises.csv": "",
    "/api/enterprises/{enterprise}/activities": "",
    "/api/factors": "",
    "/api/map/installations.geojson": "",
    "/api/map/waste-points.geojson": "",
    "/api/map/sites.json": "",
    "/api/map/outlines.geojson": "",
    "/api/reports": "",
    "/api/export/installations": "format=geojson",
    "/api/export/waste-points": "format=csv",
    "/api/export/villages": "format=geojson",
    "/api/export/map": "",
    "/api/export/enterprises": "format=geojson",
    "/api/export/collections": "format=csv",
    "/api/jobs": "",
    "/api/maintenance/due": "",
    "/api/maintenance/due.geojson": "",
    "/api/maintenance/field-bundle": "",
    "/api/maintenance/inspections": "",
    "/api/maintenance/work-orders": "",
}
# Single records, summaries and files of fixed size: not lists.
NOT_LISTS = {
    "/api/solar/summary", "/api/maintenance/budget", "/api/maintenance/budget.xlsx",
    "/api/solar/installations/{installation}/estimate",
}  # fmt: skip
PAGED = [p for p in LISTS if not p.endswith((".csv", ".geojson")) and "/export/" not in p]

_counter = itertools.count(1)


class World:
    """Rows of every kind, grown ``n`` at a time."""

    def __init__(self, villages, staff) -> None:
        self.villages = villages
        self.staff = staff
        self.weather = WeatherDataset.objects.create(
            name="test year", source_format="default", description="test", latitude=19.7,
            longitude=100.2, hours=8760, annual_ghi_kwh_m2=1800, hourly_npz=b"x" * 10_000,
            active=True, applied=True,
        )  # fmt: skip
        self.material = Material.objects.get(code="pet")
        self.enterprise: CommunityEnterprise | None = None
        self.installation: SolarInstallation | None = None

    def grow(self, n: int, *, plan_sites: bool = True) -> None:
        for _ in range(n):
            i = next(_counter)
            village = self.villages[i % 2]
            installation = SolarInstallation.objects.create(
                name=f"site {i}", village=village, latitude=19.7 + i / 1000,
                longitude=100.18 + i / 1000, capacity_kwp=Decimal(5 + i), tilt_deg=15,
                azimuth_deg=180, commissioned_on=dt.date(2023, 1, 1), owner_name=f"owner {i}",
                building_type=BuildingType.HOUSEHOLD if i % 2 else BuildingType.SCHOOL,
            )  # fmt: skip
            InstallationEstimate.objects.create(
                installation=installation, weather=self.weather, model_version="t",
                annual_kwh=7000 + i, monthly_kwh=[600.0] * 12, specific_yield_kwh_per_kwp=1400,
                inputs={}, computed_at=timezone.now(),
            )  # fmt: skip
            self.installation = self.installation or installation
            MeterReading.objects.create(
                installation=self.installation, period_start=dt.date(2020, 1, 1) + dt.timedelta(i),
                period_end=dt.date(2020, 1, 1) + dt.timedelta(i), energy_kwh=Decimal(20),
            )  # fmt: skip
            enterprise = CommunityEnterprise.objects.create(
                name=f"enterprise {i}", registration_code=f"5704110{i:05d}",
                activity_type="waste", village=village, member_count=10 + i,
                representative_name=f"rep {i}", representative_contact="089",
            )  # fmt: skip
            self.enterprise = self.enterprise or enterprise
            EnterpriseActivity.objects.create(
                enterprise=self.enterprise, period_start=dt.date(2020, 1, 1) + dt.timedelta(i),
                period_end=dt.date(2020, 1, 1) + dt.timedelta(i), revenue_thb=Decimal(100),
                members=10, jobs=2, waste_handled_kg=Decimal(5),
            )  # fmt: skip
            point = WastePoint.objects.create(
                name=f"bank {i}", kind=WastePointKind.WASTE_BANK, enterprise=enterprise,
                accepted_materials=["plastic_bottles", "paper"], opening_hours="Sa 09:00-12:00",
                latitude=19.71 + i / 1000, longitude=100.17 + i / 1000, village=village,
            )  # fmt: skip
            WasteCollection.objects.create(
                point=point, collected_on=dt.date(2024, 1, 1), material=self.material,
                mass_kg=Decimal(3), destination="recycler",
            )  # fmt: skip
            inspection = Inspection.objects.create(
                installation=installation, inspected_at=timezone.now(),
                inspected_on=timezone.localdate(), inspector=self.staff,
            )  # fmt: skip
            WorkOrder.objects.create(
                installation=installation, title=f"fix {i}", opened_on=dt.date(2024, 1, 1),
                opened_by=self.staff, source_inspection=inspection,
            )  # fmt: skip
            EstimateRun.objects.create(weather=self.weather, started_by=self.staff)


def _count(client, url: str, headers: dict[str, str]) -> int:
    cache.clear()  # cached answers are built afresh: their building is what is counted
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    assert response.status_code == 200, (url, response.content[:300])
    return len(queries)


def _url(world: World, path: str, query: str) -> str:
    assert world.enterprise and world.installation
    path = path.format(enterprise=world.enterprise.pk, installation=world.installation.pk)
    return f"{path}?{query}" if query else path


@pytest.fixture
def world(moo1, moo2, somchai, solar_plan, bank_plan, municipality) -> World:
    world = World([moo1, moo2], somchai)
    world.grow(2)
    return world


@pytest.fixture
def token(client, somchai) -> str:
    from django.contrib.auth.models import Permission

    # Every staff list: somchai's group, plus meter readings and the jobs of every kind.
    somchai.user_permissions.add(*Permission.objects.filter(codename__startswith="view_"))
    raw = token_create(user=somchai, name="counts")[1]
    # Its first use records when it was used (once a while): not part of any list's count.
    client.get("/api/villages", headers={"Authorization": f"Bearer {raw}"})
    return raw


def test_every_list_is_counted():
    schema = api.get_openapi_schema()
    gets = {
        path.replace("{enterprise_id}", "{enterprise}").replace(
            "{installation_id}", "{installation}"
        )
        for path, operations in schema["paths"].items()
        if "get" in operations and not path.endswith("}") and "{" not in path.split("/")[-1]
    }
    gets = {p for p in gets if not any(f"{{{x}}}" in p for x in ("kind", "job_id"))}
    assert gets - NOT_LISTS == set(LISTS)


def test_queries_do_not_grow_with_rows(client, world, token):
    anonymous: dict[str, int] = {}
    staff: dict[str, int] = {}
    public_paths = [p for p in LISTS if not p.startswith(("/api/jobs", "/api/maintenance"))]
    public_paths.remove("/api/solar/maintenance")
    public_paths.remove("/api/solar/installations/{installation}/readings")
    bearer = {"Authorization": f"Bearer {token}"}
    for path in public_paths:
        anonymous[path] = _count(client, _url(world, path, LISTS[path]), {})
    for path, query in LISTS.items():
        staff[path] = _count(client, _url(world, path, query), bearer)
    world.grow(5)
    grown_anonymous = {p: _count(client, _url(world, p, LISTS[p]), {}) for p in public_paths}
    grown_staff = {p: _count(client, _url(world, p, q), bearer) for p, q in LISTS.items()}
    assert grown_anonymous == anonymous
    assert grown_staff == staff


def test_queries_do_not_grow_with_the_page_size(client, world, token):
    world.grow(4)
    bearer = {"Authorization": f"Bearer {token}"}
    for path in PAGED:
        url = _url(world, path, "")
        sep = "&" if "?" in url else "?"
        small = _count(client, f"{url}{sep}limit=2", bearer)
        large = _count(client, f"{url}{sep}limit=500", bearer)
        assert small == large, path
