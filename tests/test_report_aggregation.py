"""The report's figures summed in the database equal the one-by-one Python way they replaced.

A small hand-built cast holds the edge cases: systems commissioned mid-month, on the period's
first and last days and on 29 February, decommissioned within the period (and on its first day),
metered, without an estimate, planned, or not yet commissioned; sites with and without a plan, an
own plan, inspections after the day asked about; Thai fiscal years (October to September),
a leap year and a calendar year.
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from sustain.models import (
    BuildingType,
    Inspection,
    InstallationEstimate,
    InstallationStatus,
    MaintenancePlan,
    MeterReading,
    SiteType,
    SolarInstallation,
    Village,
    WastePoint,
    WastePointKind,
    WeatherDataset,
)
from sustain.report.period import Period, month_starts
from sustain.report.solar import _span, _System, _system_months, solar_figures
from sustain.services.figures import installations_operating
from sustain.services.maintenance.due import due_list
from sustain.services.maintenance.report_figures import due_counts
from tests.conftest import REF_LAT, REF_LON

D = dt.date
MONTHLY = [100.0, 110.5, 130.25, 135.0, 130.0, 110.0, 100.0, 99.5, 100.0, 105.0, 100.0, 95.75]


def _system(name, village, kind, kwp, commissioned, *, decommissioned=None, estimate=True,
            status=InstallationStatus.OPERATING, weather=None, verified=None):  # fmt: skip
    if decommissioned is not None:
        status = InstallationStatus.DECOMMISSIONED
    inst = SolarInstallation.objects.create(
        name=name, building_type=kind, village=village, latitude=REF_LAT, longitude=REF_LON,
        capacity_kwp=Decimal(kwp), tilt_deg=15, azimuth_deg=180, commissioned_on=commissioned,
        decommissioned_on=decommissioned, status=status, last_verified_on=verified,
    )  # fmt: skip
    if estimate:
        scale = float(kwp) / 5
        InstallationEstimate.objects.create(
            installation=inst, weather=weather, model_version="t",
            annual_kwh=sum(MONTHLY) * scale, monthly_kwh=[v * scale for v in MONTHLY],
            specific_yield_kwh_per_kwp=sum(MONTHLY) / 5, inputs={}, computed_at=timezone.now(),
        )  # fmt: skip
    return inst


@pytest.fixture
def cast(db):
    weather = WeatherDataset.objects.create(
        name="test year", source_format="default", description="test", latitude=19.7,
        longitude=100.2, hours=8760, annual_ghi_kwh_m2=1800, hourly_npz=b"x", active=True,
        applied=True,
    )  # fmt: skip
    moo1 = Village.objects.create(moo=1, name_th="บ้านหนึ่ง")
    moo2 = Village.objects.create(moo=2, name_th="บ้านสอง")
    home, school = BuildingType.HOUSEHOLD, BuildingType.SCHOOL
    w = {"weather": weather}
    systems = {
        "whole": _system("ทั้งปี", moo1, home, "5.00", D(2020, 1, 1), **w),
        "whole_school": _system("โรงเรียน", moo2, school, "30.00", D(2021, 6, 1), **w),
        "first_day": _system("วันแรก", moo1, home, "3.00", D(2023, 10, 1), **w),
        "mid_month": _system("กลางเดือน", moo2, school, "10.00", D(2024, 2, 15), **w),
        "leap_day": _system("วันอธิกสุรทิน", moo2, home, "4.50", D(2024, 2, 29), **w),
        "last_day": _system("วันสุดท้าย", None, home, "2.00", D(2024, 9, 30), **w),
        "gone": _system(
            "ถอดแล้ว", moo1, school, "20.00", D(2021, 1, 1), decommissioned=D(2024, 3, 10), **w
        ),
        "brief": _system(
            "ช่วงสั้น", moo1, home, "5.00", D(2023, 11, 20), decommissioned=D(2024, 6, 30), **w
        ),
        "gone_first_day": _system(
            "ถอดวันแรก", moo2, home, "5.00", D(2020, 1, 1), decommissioned=D(2023, 10, 1), **w
        ),
        "no_estimate": _system("ไม่มีค่าประมาณ", moo1, home, "6.00", D(2024, 1, 10), estimate=False),
        "no_estimate_whole": _system(
            "ไม่มีค่าประมาณทั้งปี", moo2, home, "7.00", D(2019, 1, 1), estimate=False
        ),
        "later": _system("ติดตั้งทีหลัง", moo1, home, "5.00", D(2026, 10, 5), **w),
        "planned": _system(
            "วางแผน", moo1, home, "5.00", None, status=InstallationStatus.PLANNED, **w
        ),
        "metered": _system("มีมิเตอร์", moo2, school, "15.00", D(2022, 3, 1), **w),
        "metered_new": _system("มิเตอร์ใหม่", moo1, home, "5.00", D(2024, 4, 16), **w),
    }
    for inst, first, last, kwh in (
        (systems["metered"], D(2023, 9, 15), D(2023, 10, 14), "1800"),
        (systems["metered"], D(2024, 1, 1), D(2024, 3, 31), "5200.5"),
        (systems["metered"], D(2024, 12, 1), D(2025, 2, 28), "4900"),
        (systems["metered_new"], D(2024, 4, 16), D(2024, 5, 15), "610"),
    ):
        MeterReading.objects.create(installation=inst, period_start=first, period_end=last,
                                    energy_kwh=Decimal(kwh))  # fmt: skip
    return systems


def _python_solar(start: dt.date, end: dt.date) -> dict:
    """The figures the old way: every operating system pro-rated day by day in Python."""
    months = month_starts(start, end)
    estimates = dict(InstallationEstimate.objects.values_list("installation_id", "monthly_kwh"))
    fleet: dict[tuple[dt.date, bool], float] = defaultdict(float)
    by_type: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0.0])
    by_village: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0.0])
    out: dict[str, Any] = {"operating": 0, "kwp": 0.0, "added": 0, "kwp_added": 0.0}
    out["without"] = []
    full_kwh = full_kwp = 0.0
    for inst in installations_operating(start=start, end=end).select_related("village"):
        readings = MeterReading.objects.filter(
            installation=inst, period_end__gte=start, period_start__lte=end
        ).order_by("period_start")
        system = _System(inst, estimates.get(inst.pk), list(readings))
        span, kwp = _span(inst, start, end), float(inst.capacity_kwp)
        out["operating"] += 1
        out["kwp"] += kwp
        assert inst.commissioned_on is not None
        if start <= inst.commissioned_on <= end:
            out["added"] += 1
            out["kwp_added"] += kwp
        if system.monthly_kwh is None:
            out["without"].append(inst.pk)
        kwh = 0.0
        for first, metered, estimated in _system_months(system, span, months):
            fleet[(first, True)] += metered
            fleet[(first, False)] += estimated
            kwh += metered + estimated
        if span == (start, end):
            full_kwh, full_kwp = full_kwh + kwh, full_kwp + kwp
        village = str(inst.village.moo) if inst.village else ""
        for group in (by_type[inst.building_type], by_village[village]):
            group[0] += 1
            group[1] += kwp
            group[2] += kwh
    out["monthly"] = [(m.strftime("%Y-%m"), fleet[(m, True)], fleet[(m, False)]) for m in months]
    out["by_type"], out["by_village"] = dict(by_type), dict(by_village)
    out["yield"] = full_kwh / full_kwp if full_kwp else None
    return out


@pytest.mark.parametrize(
    ("basis", "year_be"),
    [("fiscal", 2567), ("fiscal", 2568), ("calendar", 2567), ("calendar", 2566)],
)
def test_solar_figures_equal_the_day_by_day_python_way(cast, basis, year_be):
    period = Period.of(basis=basis, year_be=year_be)
    figures = solar_figures(start=period.start, end=period.end, grid_factors=[])
    expected = _python_solar(period.start, period.end)
    approx = pytest.approx
    assert figures["installations_operating"] == expected["operating"]
    assert figures["kwp_operating"] == approx(expected["kwp"], rel=1e-12)
    assert figures["installations_added"] == expected["added"]
    assert figures["kwp_added"] == approx(expected["kwp_added"], rel=1e-12)
    assert sorted(figures["without_estimate"]) == sorted(expected["without"])
    got = [(m["month"], m["metered_kwh"], m["estimated_kwh"]) for m in figures["monthly"]]
    assert [row[0] for row in got] == [row[0] for row in expected["monthly"]]
    for (_, metered, estimated), (_, metered_py, estimated_py) in zip(
        got, expected["monthly"], strict=True
    ):
        assert metered == approx(metered_py, rel=1e-12, abs=1e-9)
        assert estimated == approx(estimated_py, rel=1e-12, abs=1e-9)
    for rows, python in (
        (figures["by_building_type"], expected["by_type"]),
        (figures["by_village"], expected["by_village"]),
    ):
        assert {r["key"]: (r["count"], approx(r["kwp"]), approx(r["kwh"])) for r in rows} == {
            key: (n, approx(kwp), approx(kwh)) for key, (n, kwp, kwh) in python.items()
        }
    assert figures["specific_yield_kwh_per_kwp"] == approx(expected["yield"], rel=1e-12)


def test_solar_edge_cases_in_fiscal_2567(cast):
    """Fiscal 2567 (1 Oct 2023 – 30 Sep 2024) holds 29 February 2024."""
    period = Period.of(basis="fiscal", year_be=2567)
    figures = solar_figures(start=period.start, end=period.end, grid_factors=[])
    # Operating: all but the planned one and the one commissioned in 2026 (the one decommissioned
    # on the first day worked that day).
    assert figures["installations_operating"] == 13
    # Added: commissioned on the first day (3 kWp) counts, as do 15 Feb, 29 Feb, 30 Sep,
    # 20 Nov, 10 Jan and 16 Apr.
    assert figures["installations_added"] == 7
    assert figures["kwp_added"] == pytest.approx(3 + 10 + 4.5 + 2 + 5 + 6 + 5)
    months = {m["month"]: m["estimated_kwh"] for m in figures["monthly"]}
    scale = {"whole": 1, "whole_school": 6, "first_day": 0.6, "gone": 4, "brief": 1}
    # February 2024 (29 days): the school from the 15th (15 days), the house on the 29th (1 day),
    # the school decommissioned on 10 March for all of February, the brief one all month.
    february = MONTHLY[1] * (
        scale["whole"] + scale["whole_school"] + scale["first_day"] + scale["gone"]
        + scale["brief"] + 2 * 15 / 29 + 0.9 * 1 / 29
    )  # fmt: skip
    assert months["2024-02"] == pytest.approx(february, rel=1e-12)
    # October 2023: the system decommissioned on 1 October worked that one day; the metered
    # school's reading covers 1–14 October, its estimate the other 17 days.
    october = MONTHLY[9] * (1 + 6 + 0.6 + 4 + 1 / 31 + 3 * 17 / 31)
    assert months["2023-10"] == pytest.approx(october, rel=1e-12)


# --- Maintenance: the due list's counts ------------------------------------------------------------


@pytest.fixture
def due_cast(cast, somchai, bank_plan, solar_plan):
    school_plan = MaintenancePlan.objects.create(
        name_th="โรงเรียน", site_type=SiteType.INSTALLATION, building_type=BuildingType.SCHOOL,
        interval_days=90,
    )  # fmt: skip
    own = MaintenancePlan.objects.create(
        name_th="ของตัวเอง", site_type=SiteType.INSTALLATION, installation=cast["whole"],
        interval_days=30,
    )  # fmt: skip
    moo1 = Village.objects.get(moo=1)
    bank = WastePoint.objects.create(name="ธนาคาร", kind=WastePointKind.WASTE_BANK, village=moo1,
                                     latitude=REF_LAT, longitude=REF_LON,
                                     installed_on=D(2024, 1, 5))  # fmt: skip
    WastePoint.objects.create(name="ธนาคารใหม่", kind=WastePointKind.WASTE_BANK,
                              latitude=REF_LAT, longitude=REF_LON)  # fmt: skip
    WastePoint.objects.create(name="ถัง", kind=WastePointKind.DROP_OFF_BIN, latitude=REF_LAT,
                              longitude=REF_LON, installed_on=D(2023, 1, 1))  # fmt: skip
    WastePoint.objects.create(name="ปิดแล้ว", kind=WastePointKind.WASTE_BANK, active=False,
                              latitude=REF_LAT, longitude=REF_LON)  # fmt: skip
    SolarInstallation.objects.filter(pk=cast["mid_month"].pk).update(
        last_verified_on=D(2024, 11, 20)
    )
    at = dt.time(9, tzinfo=dt.UTC)
    for site, day, plan in (
        (cast["whole"], D(2024, 12, 10), own),
        (cast["whole_school"], D(2024, 11, 1), school_plan),
        (cast["whole_school"], D(2025, 2, 1), school_plan),
        (cast["first_day"], D(2024, 12, 15), solar_plan),
        (cast["metered"], D(2025, 5, 1), school_plan),
        (bank, D(2024, 2, 29), bank_plan),
    ):
        field = "waste_point" if isinstance(site, WastePoint) else "installation"
        Inspection.objects.create(**{field: site}, plan=plan, inspector=somchai,
                                  inspected_at=dt.datetime.combine(day, at),
                                  inspected_on=day)  # fmt: skip


@pytest.mark.parametrize(
    "today", [D(2024, 2, 29), D(2024, 12, 10), D(2025, 1, 31), D(2025, 2, 1), D(2025, 9, 30)]
)
def test_due_counts_equal_the_due_list(due_cast, today):
    listed = due_list(today=today)
    counts = due_counts(today=today)
    for site_type in (SiteType.WASTE_POINT, SiteType.INSTALLATION):
        items = [item for item in listed.items if item.site_type == site_type]
        overdue = sum(1 for item in items if item.bucket == "overdue")
        assert (counts[site_type].planned, counts[site_type].overdue) == (len(items), overdue)
    assert sum(c.without_plan for c in counts.values()) == listed.without_plan


def test_due_counts_by_hand(due_cast):
    counts = due_counts(today=D(2025, 1, 31))
    # Operating installations: 11 (the decommissioned and planned ones left out); all planned.
    assert counts[SiteType.INSTALLATION].planned == 11
    assert counts[SiteType.INSTALLATION].without_plan == 0
    # Waste: two active banks planned, the bin has no plan, the closed bank is not visited.
    assert (counts[SiteType.WASTE_POINT].planned, counts[SiteType.WASTE_POINT].without_plan) == (
        2,
        1,
    )
    assert counts[SiteType.WASTE_POINT].overdue == 1  # the bank last inspected on 29 Feb 2024
