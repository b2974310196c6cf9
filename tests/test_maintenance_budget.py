"""The budget forecast (replacements, repairs, fiscal years), its spreadsheet, the report's
maintenance figures and the weekly e-mail, all with a fixed "today"."""

import datetime as dt
import io
import uuid
import zoneinfo
from decimal import Decimal

import openpyxl
import pytest
from django.core import mail

from sustain import celery_app
from sustain.models import (
    BudgetLine,
    ReplacementBasis,
    ReplacementRule,
    SiteType,
    UnitCost,
    WastePoint,
    WastePointKind,
    WorkOrder,
    WorkOrderStatus,
)
from sustain.services.maintenance import budget, budget_files, budget_totals, inspections
from sustain.services.maintenance import mail as maintenance_mail
from sustain.services.maintenance.report_figures import maintenance_report_summary
from tests.conftest import REF_LAT, REF_LON

TODAY = dt.date(2026, 12, 1)  # fiscal year 2570 BE; the forecast covers 2571, 2572 and 2573
D = dt.date


def _rule(name, site_type, lifetime, basis, line, costs, **kinds) -> ReplacementRule:
    rule = ReplacementRule.objects.create(
        name_th=name, site_type=site_type, lifetime_years=lifetime, basis=basis,
        budget_line=line, **kinds,
    )  # fmt: skip
    for valid_from, value in costs:
        UnitCost.objects.create(rule=rule, valid_from=valid_from, unit_cost_thb=Decimal(value),
                                source="ใบเสนอราคาสาธิต")  # fmt: skip
    return rule


def _bin(name, installed_on) -> WastePoint:
    return WastePoint.objects.create(name=name, kind=WastePointKind.DROP_OFF_BIN,
                                     latitude=REF_LAT, longitude=REF_LON, installed_on=installed_on)  # fmt: skip


@pytest.fixture
def fleet(household, school, waste_bank):
    school.commissioned_on = D(2016, 2, 10)  # 30 kWp; inverter due 10 Feb 2028 (FY 2571)
    school.save()
    household.commissioned_on = D(2017, 5, 1)  # 5 kWp; inverter due 1 May 2029 (FY 2572)
    household.battery_kwh = Decimal("10")  # battery due 1 May 2027: before the forecast starts
    household.save()
    inverter = _rule("อินเวอร์เตอร์", SiteType.INSTALLATION, 12, ReplacementBasis.PER_KWP,
                     BudgetLine.EQUIPMENT, [(D(2020, 1, 1), "3000"), (D(2029, 1, 1), "3500")])  # fmt: skip
    battery = _rule("แบตเตอรี่", SiteType.INSTALLATION, 10, ReplacementBasis.PER_BATTERY_KWH,
                    BudgetLine.EQUIPMENT, [(D(2024, 1, 1), "12000")])  # fmt: skip
    bins = _rule("ถังแยกขยะ", SiteType.WASTE_POINT, 5, ReplacementBasis.PER_SITE,
                 BudgetLine.MATERIALS, [(D(2020, 1, 1), "2500")],
                 waste_point_kind=WastePointKind.DROP_OFF_BIN)  # fmt: skip
    last_day = _bin("ถังวันสุดท้าย", D(2023, 9, 30))  # due 30 Sep 2028: the last day of FY 2571
    first_day = _bin("ถังวันแรก", D(2023, 10, 1))  # due 1 Oct 2028: the first day of FY 2572
    _bin("ถังไม่ทราบอายุ", None)
    replaced = _bin("ถังเปลี่ยนแล้ว", D(2019, 1, 1))
    WorkOrder.objects.create(waste_point=replaced, title="เปลี่ยนถัง", opened_on=D(2026, 5, 1),
                             status=WorkOrderStatus.DONE, closed_on=D(2026, 6, 1),
                             replacement=bins, cost_thb=Decimal("2400"))  # fmt: skip
    # Repairs at the waste bank: two years of history (FY 2568 and 2569).
    for opened, closed, cost, status in (
        (D(2025, 2, 1), D(2025, 3, 1), "1000", WorkOrderStatus.DONE),
        (D(2026, 1, 5), D(2026, 2, 1), "2000", WorkOrderStatus.DONE),
        (D(2026, 3, 1), D(2026, 3, 2), "9999", WorkOrderStatus.CANCELLED),  # not spent
        (D(2026, 10, 5), D(2026, 10, 20), "5000", WorkOrderStatus.DONE),  # this year: not yet
    ):
        WorkOrder.objects.create(waste_point=waste_bank, title="ซ่อม", opened_on=opened,
                                 closed_on=closed, status=status, cost_thb=Decimal(cost))  # fmt: skip
    return {"inverter": inverter, "battery": battery, "bins": bins, "last_day": last_day,
            "first_day": first_day}  # fmt: skip


def test_replacements_by_fiscal_year_with_dated_unit_costs(fleet, school, household):
    forecast = budget.budget_forecast(today=TODAY, years=3)
    assert forecast.fiscal_years_ce == (2028, 2029, 2030)
    rows = {(r.site_name, r.rule_name): r for r in forecast.replacements}
    school_inverter = rows[(school.name, "อินเวอร์เตอร์")]
    assert (school_inverter.due_on, school_inverter.fiscal_year_ce) == (D(2028, 2, 10), 2028)
    assert school_inverter.cost_thb == Decimal("90000.00")  # 30 kWp × 3,000
    home_inverter = rows[(household.name, "อินเวอร์เตอร์")]
    assert home_inverter.cost_thb == Decimal("17500.00")  # 5 kWp × 3,500 (the 2029 price)
    battery = rows[(household.name, "แบตเตอรี่")]
    assert battery.overdue and battery.due_on == D(2027, 10, 1) and battery.fiscal_year_ce == 2028
    assert battery.cost_thb == Decimal("120000.00")  # 10 kWh × 12,000
    assert (school.name, "แบตเตอรี่") not in rows  # no battery: nothing to replace
    assert rows[("ถังวันสุดท้าย", "ถังแยกขยะ")].fiscal_year_ce == 2028
    assert rows[("ถังวันแรก", "ถังแยกขยะ")].fiscal_year_ce == 2029
    assert ("ถังเปลี่ยนแล้ว", "ถังแยกขยะ") not in rows  # replaced in 2026: due again in 2031
    assert forecast.unknown_age_sites == 1
    assert len(forecast.replacements) == 5


def test_repairs_are_averaged_per_site_and_year(fleet, waste_bank):
    forecast = budget.budget_forecast(today=TODAY, years=3)
    [repairs] = forecast.corrective
    assert (repairs.kind, repairs.budget_line) == (WastePointKind.WASTE_BANK, BudgetLine.REPAIR)
    assert (repairs.history_start, repairs.history_end) == (D(2024, 10, 1), D(2026, 10, 1))
    assert repairs.cost_thb == Decimal("3000")  # cancelled and this year's orders left out
    site_years = (D(2026, 10, 1) - D(2024, 10, 1)).days / 365.25
    assert repairs.per_site_year_thb == (Decimal(3000) / Decimal(str(site_years))).quantize(
        Decimal("0.01")
    )
    lines = {(line.fiscal_year_ce, line.budget_line): line for line in forecast.lines}
    assert len(lines) == 9
    first_equipment = lines[(2028, BudgetLine.EQUIPMENT)]
    assert first_equipment.replacements_thb == Decimal("210000.00")
    assert lines[(2028, BudgetLine.MATERIALS)].replacements_thb == Decimal("2500.00")
    assert lines[(2029, BudgetLine.MATERIALS)].replacements_thb == Decimal("2500.00")
    assert lines[(2030, BudgetLine.REPAIR)].corrective_thb == repairs.per_site_year_thb
    assert forecast.year_total(2028) == Decimal("212500.00") + repairs.per_site_year_thb
    assert lines[(2028, BudgetLine.EQUIPMENT)].fiscal_year_be == 2571


def test_missing_unit_cost_is_named_not_zeroed_silently(fleet):
    UnitCost.objects.filter(rule=fleet["battery"]).update(valid_from=D(2030, 1, 1))
    forecast = budget.budget_forecast(today=TODAY, years=3)
    assert forecast.missing_costs == ("แบตเตอรี่",)
    [battery] = [r for r in forecast.replacements if r.rule_name == "แบตเตอรี่"]
    assert battery.unit_cost_thb is None


def test_forecast_without_any_work_order(household):
    forecast = budget.budget_forecast(today=TODAY, years=4)
    assert forecast.corrective == () and forecast.history_start is None
    assert len(forecast.fiscal_years_ce) == 4 and forecast.year_total(2028) == 0
    with pytest.raises(ValueError):
        budget.budget_forecast(today=TODAY, years=0)


def test_spreadsheet_for_the_budget_office(fleet, english):
    content = budget_files.budget_forecast_xlsx(budget.budget_forecast(today=TODAY, years=3))
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Summary", "Replacements", "Repairs", "Sources"]
    summary = list(book["Summary"].iter_rows(values_only=True))
    assert summary[0] == ("fiscal year (BE)", "budget line", "replacements (THB)",
                          "repairs (THB)", "total (THB)")  # fmt: skip
    equipment = [row for row in summary[1:] if row[0] == 2571 and row[1] == "equipment"]
    assert equipment == [(2571, "equipment", 210000.0, 0.0, 210000.0)]
    replacements = list(book["Replacements"].iter_rows(values_only=True))
    assert len(replacements) == 6 and replacements[1][10] == 120000  # a number, not text


# --- The report's read function -------------------------------------------------------------------


def test_report_summary_for_a_fiscal_year(somchai, bank_plan, waste_bank, fleet):
    bangkok = zoneinfo.ZoneInfo("Asia/Bangkok")
    for day in (D(2025, 11, 3), D(2026, 5, 4)):
        inspections.inspection_record(
            data=inspections.InspectionIn(
                uuid=uuid.uuid4(), site_type=SiteType.WASTE_POINT, site_id=waste_bank.pk,
                inspected_at=dt.datetime(day.year, day.month, day.day, 9, tzinfo=bangkok),
                answers={"bins_clean": True, "scale_error": 0.1},
            ),
            actor=somchai,
        )  # fmt: skip
    summary = maintenance_report_summary(start=D(2025, 10, 1), end=D(2026, 9, 30), today=TODAY)
    assert summary.as_of == D(2026, 9, 30)
    assert (summary.inspections, summary.sites_inspected, summary.sites_planned) == (2, 1, 1)
    assert summary.overdue_at_end == 1  # last visit 4 May, due every 30 days
    assert summary.on_schedule_share == 0.0
    assert summary.work_orders_opened == 3  # 5 Jan, 1 Mar and the bin replaced in May
    assert (summary.work_orders_done, summary.work_orders_cancelled) == (2, 1)
    assert summary.corrective_cost_thb == Decimal("2000")
    assert summary.replacement_cost_thb == Decimal("2400")
    assert summary.median_days_to_close == 29.0  # (27 + 31) / 2
    waste = summary.by_site_type[0]
    assert (waste.site_type, waste.inspections, waste.cost_thb) == (
        "waste_point",
        2,
        Decimal("4400"),
    )
    with pytest.raises(ValueError):
        maintenance_report_summary(start=D(2026, 1, 2), end=D(2026, 1, 1), today=TODAY)


# --- The weekly e-mail ----------------------------------------------------------------------------


@pytest.fixture
def outbox(settings):
    """Django's test outbox (the locmem backend), emptied first."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    return mail.outbox


def test_weekly_summary_goes_to_each_staff_member(
    outbox, somchai, dara, kasem, bank_plan, waste_bank, moo2
):
    somchai.email = "somchai@example.org"
    somchai.save()
    kasem.email = "kasem@example.org"  # staff, but no group: may not inspect
    kasem.save()
    WorkOrder.objects.create(waste_point=waste_bank, title="ล้างถัง", opened_on=D(2026, 11, 20),
                             assigned_to=dara)  # fmt: skip
    sent = maintenance_mail.weekly_summary_send(today=TODAY)
    assert sent == 2
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"somchai@example.org", "dara@example.org"}
    mine = by_address["somchai@example.org"]
    assert (
        mine.subject == "งานตรวจที่ถึงกำหนด: เลยกำหนด 0 แห่ง, สัปดาห์นี้ 1 แห่ง"
    )  # never visited: due today
    assert waste_bank.name in mine.body and "1 ธ.ค. 2569" in mine.body
    assert "/field/" in mine.body
    assert "ล้างถัง" in by_address["dara@example.org"].body


def test_weekly_summary_is_a_beat_job():
    entry = celery_app.conf.beat_schedule["maintenance-weekly-summary"]
    assert entry["task"] == "sustain.tasks.maintenance_weekly_summary"
    assert entry["task"] in celery_app.tasks
    assert entry["schedule"].day_of_week == {1}  # Monday


def test_weekly_task_runs(outbox, somchai, bank_plan, waste_bank):
    somchai.email = "somchai@example.org"
    somchai.save()
    from sustain import tasks

    assert tasks.maintenance_weekly_summary_task.delay().get() == 1
    assert len(mail.outbox) == 1


# --- The report's totals, counted in the database -------------------------------------------------


@pytest.mark.parametrize(
    ("today", "years"),
    [(TODAY, 3), (D(2024, 9, 30), 5), (D(2027, 10, 1), 2), (D(2016, 2, 29), 20)],
)
def test_report_totals_equal_the_itemised_forecast(fleet, household, today, years):
    twin = WastePoint.objects.get(name="ถังวันแรก")
    twin.pk = None  # a second bin alike: counted in one group
    twin.save()
    other = household.__class__.objects.get(pk=household.pk)
    other.pk, other.battery_kwh = None, None  # alike but without a battery
    other.save()
    forecast = budget.budget_forecast(today=today, years=years)
    totals = budget_totals.budget_forecast_totals(today=today, years=years)
    assert totals.fiscal_years_ce == forecast.fiscal_years_ce
    assert totals.lines == forecast.lines
    assert totals.missing_costs == forecast.missing_costs


def test_report_totals_name_missing_costs(fleet):
    UnitCost.objects.filter(rule=fleet["battery"]).update(valid_from=D(2030, 1, 1))
    totals = budget_totals.budget_forecast_totals(today=TODAY, years=3)
    assert totals.missing_costs == ("แบตเตอรี่",)
    lines = {(line.fiscal_year_ce, line.budget_line): line for line in totals.lines}
    assert lines[(2028, BudgetLine.EQUIPMENT)].replacements_thb == Decimal("90000.00")
    with pytest.raises(ValueError):
        budget_totals.budget_forecast_totals(today=TODAY, years=21)
