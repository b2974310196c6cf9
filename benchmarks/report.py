"""Benchmark: one full annual report for 10,000 installations and 100,000 collections.

Run: .venv/bin/python benchmarks/report.py [--installations 10000] [--collections 100000] [--reuse]
Builds the data in a throwaway SQLite database (or DATABASE_URL if set to a scratch database),
then times the figures (the snapshot, with the previous period), the charts, the PDF, the XLSX
and CSVs, and the memo. Targets on a 2-core machine: figures 5 s or less, everything 15 s or less;
at 100,000 installations and 1,000,000 collections (issue 17, on PostgreSQL) figures 10 s or less.
``--reuse`` keeps a database an earlier run filled (building 1,000,000 collections takes minutes).
The figures' parts (solar, waste, enterprises, maintenance) are timed one by one as well.
Maintenance plans, replacement rules, 20,000 inspections and 2,000 work orders are added when the
database has none (so an older benchmark database gets them on its next ``--reuse``), and the
tables are analysed, as autovacuum would, so that PostgreSQL plans with real row counts.
"""

import argparse
import datetime as dt
import os
import random
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from _bootstrap import django_start, scratch_database

scratch_database()
django_start()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone, translation  # noqa: E402

from sustain.models import (  # noqa: E402
    BuildingType,
    Destination,
    InstallationEstimate,
    Material,
    Municipality,
    SolarInstallation,
    Village,
    WasteCollection,
    WastePoint,
    WastePointKind,
)
from sustain.report.figures import public_view, report_figures  # noqa: E402
from sustain.report.render.charts import report_charts  # noqa: E402
from sustain.report.render.files import report_csv_zip, report_pdf, report_xlsx  # noqa: E402
from sustain.report.render.memo import memo_build, memo_docx, memo_pdf  # noqa: E402
from sustain.report.render.page import report_context  # noqa: E402
from sustain.report.vocabulary import VOCABULARY  # noqa: E402
from sustain.services.solar.weathersets import weather_default_ensure  # noqa: E402

LAT, LON = 19.72, 100.18
FIRST, LAST = dt.date(2024, 10, 1), dt.date(2026, 9, 30)


def build(installations: int, collections: int, rng: random.Random) -> None:
    Municipality.objects.update_or_create(
        pk=Municipality.SINGLETON_ID,
        defaults={"name_th": "เทศบาลตำบลทดสอบ", "population": 50_000,
                  "reference_latitude": LAT, "reference_longitude": LON},
    )  # fmt: skip
    villages = Village.objects.bulk_create(
        [Village(moo=m, name_th=f"บ้านทดสอบ {m}") for m in range(1, 21)]
    )
    weather = weather_default_ensure()
    types = [t.value for t in BuildingType]
    rows = []
    for i in range(installations):
        rows.append(SolarInstallation(
            name=f"ระบบ {i}", building_type=rng.choice(types), village=rng.choice(villages),
            latitude=LAT + rng.uniform(-0.03, 0.03), longitude=LON + rng.uniform(-0.03, 0.03),
            capacity_kwp=Decimal(rng.choice(["3.00", "5.00", "10.00", "20.00"])),
            tilt_deg=15, azimuth_deg=180,
            commissioned_on=dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(2400)),
        ))  # fmt: skip
    SolarInstallation.objects.bulk_create(rows, batch_size=2000)
    monthly = [100.0, 110, 130, 135, 130, 110, 100, 100, 100, 105, 100, 95]
    InstallationEstimate.objects.bulk_create(
        [
            InstallationEstimate(
                installation=inst, weather=weather, model_version="bench",
                annual_kwh=sum(monthly) * float(inst.capacity_kwp),
                monthly_kwh=[v * float(inst.capacity_kwp) for v in monthly],
                specific_yield_kwh_per_kwp=sum(monthly), inputs={},
                computed_at=timezone.now(),
            )
            for inst in SolarInstallation.objects.all()
        ],
        batch_size=2000,
    )  # fmt: skip
    points = WastePoint.objects.bulk_create(
        [
            WastePoint(name=f"จุด {i}", kind=WastePointKind.WASTE_BANK,
                       village=rng.choice(villages), latitude=LAT + rng.uniform(-0.03, 0.03),
                       longitude=LON + rng.uniform(-0.03, 0.03))
            for i in range(200)
        ]
    )  # fmt: skip
    materials = list(Material.objects.all())
    days = (LAST - FIRST).days
    batch = []
    for _ in range(collections):
        material = rng.choice(materials)
        destination = {
            "recyclable": Destination.SOLD, "organic": Destination.COMPOSTED,
            "hazardous": Destination.HAZARDOUS_FACILITY, "general": Destination.LANDFILL,
        }[material.stream]  # fmt: skip
        batch.append(WasteCollection(
            point=rng.choice(points), material=material, destination=destination,
            collected_on=FIRST + dt.timedelta(days=rng.randrange(days)),
            mass_kg=Decimal(rng.randrange(100, 5000)) / 100,
            price_thb_per_kg=Decimal("5.00") if destination == Destination.SOLD else None,
        ))  # fmt: skip
    WasteCollection.objects.bulk_create(batch, batch_size=5000)


def maintenance_build(rng: random.Random) -> None:
    """Plans (with a seasonal window), replacement rules with dated unit costs, inspections and
    repairs, as a municipality running preventive maintenance has them."""
    from django.contrib.auth import get_user_model

    from sustain.models import (
        BudgetLine,
        Inspection,
        MaintenancePlan,
        ReplacementBasis,
        ReplacementRule,
        SeasonalRule,
        SiteType,
        UnitCost,
        WorkOrder,
        WorkOrderStatus,
    )

    if MaintenancePlan.objects.exists():
        return
    solar = MaintenancePlan.objects.create(name_th="ตรวจโซลาร์", site_type=SiteType.INSTALLATION,
                                           interval_days=180)  # fmt: skip
    SeasonalRule.objects.create(plan=solar, label_th="ล้างแผง", start_month=12, start_day=1,
                                end_month=1, end_day=31)  # fmt: skip
    MaintenancePlan.objects.create(name_th="ตรวจโรงเรียน", site_type=SiteType.INSTALLATION,
                                   building_type=BuildingType.SCHOOL, interval_days=90)  # fmt: skip
    MaintenancePlan.objects.create(name_th="ตรวจจุดขยะ", site_type=SiteType.WASTE_POINT,
                                   interval_days=30)  # fmt: skip
    for name, site_type, years, basis, line, costs in (
        ("อินเวอร์เตอร์", SiteType.INSTALLATION, 12, ReplacementBasis.PER_KWP,
         BudgetLine.EQUIPMENT, [("2020-01-01", "3000"), ("2027-01-01", "3500")]),
        ("แผง", SiteType.INSTALLATION, 25, ReplacementBasis.PER_KWP, BudgetLine.EQUIPMENT,
         [("2020-01-01", "9000")]),
        ("ถังขยะ", SiteType.WASTE_POINT, 5, ReplacementBasis.PER_SITE, BudgetLine.MATERIALS,
         [("2020-01-01", "2500")]),
    ):  # fmt: skip
        rule = ReplacementRule.objects.create(name_th=name, site_type=site_type,
                                              lifetime_years=years, basis=basis,
                                              budget_line=line)  # fmt: skip
        for valid_from, cost in costs:
            UnitCost.objects.create(rule=rule, valid_from=dt.date.fromisoformat(valid_from),
                                    unit_cost_thb=Decimal(cost), source="bench")  # fmt: skip
    inspector, _ = get_user_model().objects.get_or_create(username="bench-inspector")
    ids = list(SolarInstallation.objects.values_list("pk", flat=True))
    days = [FIRST + dt.timedelta(days=rng.randrange((LAST - FIRST).days)) for _ in range(20_000)]
    Inspection.objects.bulk_create(
        [
            Inspection(
                installation_id=rng.choice(ids),
                plan=solar,
                inspector=inspector,
                inspected_at=dt.datetime.combine(day, dt.time(9), dt.UTC),
                inspected_on=day,
            )
            for day in days
        ],
        batch_size=5000,
    )
    inverter = ReplacementRule.objects.get(name_th="อินเวอร์เตอร์")
    orders = []
    for i in range(2_000):
        opened = FIRST + dt.timedelta(days=rng.randrange((LAST - FIRST).days - 30))
        orders.append(WorkOrder(
            installation_id=rng.choice(ids), title="ซ่อม", opened_on=opened,
            status=WorkOrderStatus.DONE, closed_on=opened + dt.timedelta(days=rng.randrange(30)),
            cost_thb=Decimal(rng.randrange(500, 20_000)),
            replacement=inverter if i % 10 == 0 else None,
        ))  # fmt: skip
    WorkOrder.objects.bulk_create(orders, batch_size=2000)


def analyse() -> str:
    """Table statistics after a bulk load (autovacuum's job, done now on PostgreSQL); returns
    PostgreSQL's JIT setting, which costs about a second on each large aggregate query here
    (``PGOPTIONS="-c jit=off"`` turns it off for one run)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return ""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SHOW jit")
        return f", PostgreSQL jit={cursor.fetchone()[0]}"


def timed(
    label: str, results: dict[str, float], function: Callable[..., Any], *args: Any, **kwargs: Any
) -> Any:
    start = time.perf_counter()
    value = function(*args, **kwargs)
    results[label] = time.perf_counter() - start
    return value


def parts(results: dict[str, float]) -> None:
    """The figures' main parts for the current fiscal year, each timed on its own."""
    from sustain.report.enterprises import enterprise_figures
    from sustain.report.maintenance import maintenance_figures
    from sustain.report.period import Period
    from sustain.report.solar import solar_figures
    from sustain.report.waste import waste_figures
    from sustain.services.factors import factors_all

    period = Period.of(basis="fiscal", year_be=2569)
    factors = factors_all()
    timed("  part: solar (one period)", results, solar_figures, start=period.start,
          end=period.end, grid_factors=factors)  # fmt: skip
    timed("  part: waste (one period)", results, waste_figures, start=period.start,
          end=period.end, factors=factors)  # fmt: skip
    timed("  part: enterprises (one period)", results, enterprise_figures, start=period.start,
          end=period.end)  # fmt: skip
    timed("  part: maintenance", results, maintenance_figures, period, today=dt.date.today())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--installations", type=int, default=10_000)
    parser.add_argument("--collections", type=int, default=100_000)
    parser.add_argument("--reuse", action="store_true", help="keep the data already there")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    engine = os.environ["DATABASE_URL"].split(":")[0]
    if args.reuse and SolarInstallation.objects.exists():
        args.installations = SolarInstallation.objects.count()
        args.collections = WasteCollection.objects.count()
        print(f"data: {args.installations:,} installations, {args.collections:,} collections "
              f"kept from an earlier run ({engine})")  # fmt: skip
    else:
        build(args.installations, args.collections, random.Random(7))
        print(f"data: {args.installations:,} installations, {args.collections:,} collections "
              f"built in {time.perf_counter() - start:.1f} s ({engine})")  # fmt: skip
    maintenance_build(random.Random(8))
    jit = analyse()
    results: dict[str, float] = {}
    parts(results)
    figures = timed("figures (with previous period)", results, report_figures,
                    basis="fiscal", year_be=2569)  # fmt: skip
    public = public_view(figures)
    with translation.override("th"):
        charts = timed("charts", results, report_charts, public, VOCABULARY, language="th")
        context = report_context(public, charts=charts, vocab=VOCABULARY)
        pdf = timed("PDF", results, report_pdf, context)
        xlsx = timed("XLSX", results, report_xlsx, context["table_list"], title="bench")
        timed("CSV zip", results, report_csv_zip, context["table_list"])
    memo = memo_build(
        figures=public,
        vocab=VOCABULARY,
        office="สำนักปลัดเทศบาล",
        reference="",
        memo_date=dt.date.today(),
    )
    timed("memo DOCX", results, memo_docx, memo, thai=False)
    timed("memo PDF", results, memo_pdf, memo, thai=False)
    for label, seconds in results.items():
        print(f"  {label:32s} {seconds:6.2f} s")
    total = sum(results.values())
    figures_s = results["figures (with previous period)"]
    target = 10 if args.installations >= 100_000 else 5
    print(f"figures: {figures_s:.2f} s (target {target} s, ratio {figures_s / target:.2f}); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores{jit}")  # fmt: skip
    print(f"all files: {total:.2f} s (target 15 s, ratio {total / 15:.2f}); "
          f"PDF {len(pdf) / 1024:.0f} kB, XLSX {len(xlsx) / 1024:.0f} kB")  # fmt: skip
    print(f"solar kWh {figures['solar']['kwh']:,.0f}; waste kg {figures['waste']['total_kg']:,.0f}")


if __name__ == "__main__":
    main()
