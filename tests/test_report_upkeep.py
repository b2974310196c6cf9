"""The report's sections on residents' requests for advice and on maintenance (schema 2), and
schema-1 snapshots that have neither."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from sustain.models import Inspection, LeadStat, WorkOrder, WorkOrderStatus
from sustain.report.figures import public_view, report_figures
from sustain.report.render.memo import recommendations
from sustain.report.render.tables import report_tables
from sustain.report.schema import figures_load
from sustain.report.vocabulary import VOCABULARY
from sustain.services.maintenance.budget import budget_forecast

TODAY = dt.date(2026, 12, 1)  # fiscal 2569 (1 Oct 2025 – 30 Sep 2026) has closed


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))


@pytest.fixture
def upkeep(db, municipality, somchai, waste_bank, bank_plan, school):
    LeadStat.objects.create(requested_on=dt.date(2025, 11, 3))
    LeadStat.objects.create(requested_on=dt.date(2026, 2, 1), installed_on=dt.date(2026, 4, 2),
                            installed_kwp=Decimal("5.5"))  # fmt: skip
    LeadStat.objects.create(requested_on=dt.date(2024, 12, 1))  # the year before: not counted
    Inspection.objects.create(
        waste_point=waste_bank, plan=bank_plan, inspector=somchai,
        inspected_at=_at(dt.date(2026, 6, 1)), inspected_on=dt.date(2026, 6, 1),
    )  # fmt: skip
    WorkOrder.objects.create(
        waste_point=waste_bank, title="ซ่อมตาชั่ง", opened_on=dt.date(2026, 3, 1),
        closed_on=dt.date(2026, 3, 5), status=WorkOrderStatus.DONE, cost_thb=Decimal("1500"),
    )  # fmt: skip
    WorkOrder.objects.create(
        waste_point=waste_bank, title="เปลี่ยนฝาถัง", opened_on=dt.date(2026, 8, 1)
    )


def test_advice_and_maintenance_figures(upkeep):
    figures = report_figures(basis="fiscal", year_be=2569, with_previous=False, today=TODAY)
    assert figures["schema"] == 2
    assert figures["advice"] == {"requests": 2, "installations": 1, "installed_kwp": 5.5}
    upkeep_ = figures["maintenance"]
    assert upkeep_["as_of"] == "2026-09-30"  # the period's end, not the day of the report
    assert (upkeep_["inspections"], upkeep_["sites_inspected"]) == (1, 1)
    assert upkeep_["overdue_at_end"] == 1  # a 30-day plan, last visited on 1 June
    assert (upkeep_["work_orders_opened"], upkeep_["work_orders_done"]) == (2, 1)
    assert upkeep_["work_orders_open_at_end"] == 1
    assert upkeep_["corrective_cost_thb"] == 1500.0
    waste_row = next(r for r in upkeep_["by_site_type"] if r["site_type"] == "waste_point")
    assert (waste_row["sites_planned"], waste_row["cost_thb"]) == (1, 1500.0)
    # The forecast covers the fiscal years after the one running when the report is made (2570).
    forecast = budget_forecast(today=TODAY + dt.timedelta(days=1), years=3)
    assert sorted({r["fiscal_year_be"] for r in upkeep_["forecast"]}) == [2571, 2572, 2573]
    assert sum(r["corrective_thb"] for r in upkeep_["forecast"]) == pytest.approx(
        float(sum(line.corrective_thb for line in forecast.lines))
    )
    assert report_figures(basis="fiscal", year_be=2569, with_previous=False, today=TODAY) == figures


def test_tables_and_memo_say_what_is_overdue_and_what_next_year_needs(upkeep):
    figures = report_figures(basis="fiscal", year_be=2569, with_previous=False, today=TODAY)
    with translation.override("th"):
        tables = {t.key: t for t in report_tables(figures, VOCABULARY)}
        advice = tables["advice"]
        assert advice.rows == [[2, 1, 5.5]] and advice.title.startswith("คำขอคำแนะนำ")
        site_types = [row[0] for row in tables["maintenance"].rows]
        assert site_types == [
            str(VOCABULARY.site_types[k]) for k in ("waste_point", "installation")
        ]
        assert "waste point" not in site_types  # Thai names on a Thai report
        assert tables["maintenance"].total is not None and tables["maintenance"].total[-1] == 1500.0
        said = " ".join(recommendations(figures))
    assert "ควรเร่งตรวจบำรุงรักษาตามแผน 1 แห่งที่เลยกำหนด" in said
    assert "30 กันยายน 2569" in said and "ยังไม่แล้วเสร็จ 1 รายการ" in said
    first_year = [r for r in figures["maintenance"]["forecast"] if r["fiscal_year_be"] == 2571]
    if sum(r["replacements_thb"] + r["corrective_thb"] for r in first_year):
        assert "ปีงบประมาณ พ.ศ. 2571" in said
    public = public_view(figures)
    assert public["advice"] == figures["advice"] and "ซ่อมตาชั่ง" not in str(public)


def test_a_schema_1_snapshot_still_reads_and_renders(upkeep):
    figures = dict(report_figures(basis="fiscal", year_be=2569, with_previous=False, today=TODAY))
    del figures["advice"], figures["maintenance"]
    figures["schema"] = 1
    old = figures_load(figures)
    keys = {t.key for t in report_tables(old, VOCABULARY)}
    assert "solar_monthly" in keys and not keys & {"advice", "maintenance", "maintenance_budget"}
    assert not any("บำรุงรักษาตามแผน" in item for item in recommendations(old))
