"""Benchmark: the maintenance due list for 10,000 sites (target: the page renders in 1 s or less).

Run: .venv/bin/python benchmarks/maintenance_due.py [--sites 10000]
Builds a throw-away SQLite database (or DATABASE_URL if set to a scratch database) with plans for
every kind of site, two inspections for nine sites in ten and open work orders at some, then times
the due list itself, the staff page /manage/maintenance/ (signed in, through Django's test client,
every part of it counted), the map's GeoJSON, the field app's offline bundle and the budget
forecast. Each figure is the slowest of three runs after one warm-up request (the first request
of a process also compiles templates and reads the translations; it is printed too).
"""

import argparse
import datetime as dt
import os
import random
import time
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from _bootstrap import django_start, scratch_database

scratch_database()
django_start()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from sustain.models import (  # noqa: E402
    BuildingType,
    Inspection,
    MaintenancePlan,
    Municipality,
    SeasonalRule,
    SiteType,
    SolarInstallation,
    Village,
    WastePoint,
    WastePointKind,
    WorkOrder,
)
from sustain.services.groups import staff_group_ensure  # noqa: E402
from sustain.services.maintenance import budget, field  # noqa: E402
from sustain.services.maintenance import due as maintenance  # noqa: E402

LAT, LON = 19.72, 100.18
TARGET_S = 1.0


def build(sites: int, rng: random.Random, today: dt.date) -> User:
    Municipality.objects.update_or_create(
        pk=Municipality.SINGLETON_ID,
        defaults={"name_th": "เทศบาลตำบลทดสอบ", "reference_latitude": LAT,
                  "reference_longitude": LON},
    )  # fmt: skip
    villages = Village.objects.bulk_create(
        [Village(moo=m, name_th=f"บ้านทดสอบ {m}") for m in range(1, 21)]
    )
    user = User.objects.create_user("bench", password="bench-pass-1", is_staff=True)
    user.groups.add(staff_group_ensure())
    for kind in WastePointKind.values:
        MaintenancePlan.objects.create(
            name_th=f"แผน {kind}", site_type=SiteType.WASTE_POINT, waste_point_kind=kind,
            interval_days=30, responsible=user,
        )  # fmt: skip
    solar = MaintenancePlan.objects.create(name_th="แผนโซลาร์", site_type=SiteType.INSTALLATION,
                                           interval_days=180)  # fmt: skip
    SeasonalRule.objects.create(plan=solar, label_th="ล้างแผงก่อนฤดูหมอกควัน", start_month=12,
                                start_day=1, end_month=1, end_day=31)  # fmt: skip
    MaintenancePlan.objects.create(name_th="แผนโรงเรียน", site_type=SiteType.INSTALLATION,
                                   building_type=BuildingType.SCHOOL, interval_days=90)  # fmt: skip

    def spot() -> dict[str, float]:
        return {"latitude": LAT + rng.uniform(-0.05, 0.05),
                "longitude": LON + rng.uniform(-0.05, 0.05)}  # fmt: skip

    points = WastePoint.objects.bulk_create(
        [WastePoint(name=f"จุด {i}", kind=rng.choice(WastePointKind.values),
                    village=rng.choice(villages), **spot()) for i in range(sites // 4)],
        batch_size=2000,
    )  # fmt: skip
    installations = SolarInstallation.objects.bulk_create(
        [SolarInstallation(name=f"ระบบ {i}", building_type=rng.choice(BuildingType.values),
                           village=rng.choice(villages), capacity_kwp=Decimal("5"), tilt_deg=15,
                           commissioned_on=dt.date(2020, 1, 1), **spot())
         for i in range(sites - sites // 4)],
        batch_size=2000,
    )  # fmt: skip
    rows = []
    for site in [*points, *installations]:
        if rng.random() < 0.1:
            continue  # never inspected
        for days_ago in (rng.randrange(1, 200), rng.randrange(200, 400)):
            day = today - dt.timedelta(days=days_ago)
            rows.append(Inspection(
                uuid=uuid.UUID(int=rng.getrandbits(128), version=4),
                waste_point=site if isinstance(site, WastePoint) else None,
                installation=site if isinstance(site, SolarInstallation) else None,
                inspected_at=dt.datetime(day.year, day.month, day.day, 3, tzinfo=dt.UTC),
                inspected_on=day, inspector=user,
            ))  # fmt: skip
    Inspection.objects.bulk_create(rows, batch_size=5000)
    WorkOrder.objects.bulk_create(
        [WorkOrder(waste_point=point, title="ซ่อม", opened_on=today) for point in points[::7]],
        batch_size=2000,
    )
    return user


def slowest(function: Callable[[], Any], runs: int = 3) -> tuple[float, Any]:
    times, value = [], None
    for _ in range(runs):
        start = time.perf_counter()
        value = function()
        times.append(time.perf_counter() - start)
    return max(times), value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=10_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    start = time.perf_counter()
    user = build(args.sites, random.Random(19), today)
    engine = os.environ["DATABASE_URL"].split(":")[0]
    print(f"data: {args.sites:,} sites, {Inspection.objects.count():,} inspections, "
          f"{WorkOrder.objects.count():,} open work orders, built in "
          f"{time.perf_counter() - start:.1f} s ({engine})")  # fmt: skip
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    seconds, listed = slowest(lambda: maintenance.due_list(today=today))
    counts = listed.counts()
    print(f"  due list computed              {seconds:6.3f} s  ({len(listed.items):,} sites: "
          f"{counts['overdue']:,} overdue, {counts['week']:,} this week, "
          f"{counts['month']:,} this month)")  # fmt: skip

    def page() -> Any:
        response = client.get("/manage/maintenance/")
        assert response.status_code == 200, response.status_code
        return response

    cold = time.perf_counter()
    page()  # the first request of a process also compiles templates and reads translations
    cold = time.perf_counter() - cold
    seconds, response = slowest(page)
    listed_now = counts["overdue"] + counts["week"] + counts["month"]
    print(f"  /manage/maintenance/ rendered  {seconds:6.3f} s  ({len(response.content) / 1024:.0f}"
          f" kB, the first 100 of {listed_now:,} due by the month's end; first request of the "
          f"process {cold:.3f} s)")  # fmt: skip
    page_s = seconds
    seconds, response = slowest(lambda: client.get("/api/maintenance/due.geojson"))
    print(f"  due.geojson (map layer)        {seconds:6.3f} s  ({len(response.content) / 1024:.0f}"
          " kB)")  # fmt: skip
    seconds, bundle = slowest(lambda: field.field_bundle(today=today, user_id=user.pk))
    print(f"  field app bundle               {seconds:6.3f} s  ({len(bundle['sites']):,} sites)")
    seconds, _ = slowest(lambda: budget.budget_forecast(today=today, years=3))
    print(f"  budget forecast (3 years)      {seconds:6.3f} s")
    print(f"due list page: {page_s:.3f} s (target {TARGET_S:.0f} s, ratio {page_s / TARGET_S:.2f})")


if __name__ == "__main__":
    main()
