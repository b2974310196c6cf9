"""The report's maintenance figures: the period's inspections and repairs, and the budget the
next fiscal years need (read only; computed from plans, inspections and work orders)."""

from __future__ import annotations

import datetime as dt
from typing import cast

from sustain.report.period import Period
from sustain.report.schema import BudgetLineKey, MaintenanceFigures, SiteTypeKey
from sustain.services.maintenance.budget_totals import budget_forecast_totals
from sustain.services.maintenance.report_figures import maintenance_report_summary

FORECAST_YEARS = 3


def maintenance_figures(period: Period, *, today: dt.date) -> MaintenanceFigures:
    """Maintenance over ``period``; the forecast covers the fiscal years after the one running
    on the later of the period's end and ``today`` (the years a budget is still to be set for)."""
    summary = maintenance_report_summary(start=period.start, end=period.end, today=today)
    forecast = budget_forecast_totals(
        today=max(period.end, today) + dt.timedelta(days=1), years=FORECAST_YEARS
    )
    return {
        "as_of": summary.as_of.isoformat(),
        "sites_planned": summary.sites_planned,
        "sites_without_plan": summary.sites_without_plan,
        "sites_inspected": summary.sites_inspected,
        "inspections": summary.inspections,
        "overdue_at_end": summary.overdue_at_end,
        "on_schedule_share": summary.on_schedule_share,
        "work_orders_opened": summary.work_orders_opened,
        "work_orders_done": summary.work_orders_done,
        "work_orders_open_at_end": summary.work_orders_open_at_end,
        "corrective_cost_thb": round(float(summary.corrective_cost_thb), 2),
        "replacement_cost_thb": round(float(summary.replacement_cost_thb), 2),
        "median_days_to_close": summary.median_days_to_close,
        "by_site_type": [
            {
                "site_type": cast(SiteTypeKey, row.site_type),
                "sites_planned": row.sites_planned,
                "sites_inspected": row.sites_inspected,
                "inspections": row.inspections,
                "overdue_at_end": row.overdue_at_end,
                "work_orders_opened": row.work_orders_opened,
                "work_orders_done": row.work_orders_done,
                "cost_thb": round(float(row.cost_thb), 2),
            }
            for row in summary.by_site_type
        ],
        "forecast": [
            {
                "fiscal_year_be": line.fiscal_year_be,
                "budget_line": cast(BudgetLineKey, line.budget_line),
                "replacements_thb": round(float(line.replacements_thb), 2),
                "corrective_thb": round(float(line.corrective_thb), 2),
            }
            for line in forecast.lines
        ],
        "forecast_missing_costs": list(forecast.missing_costs),
    }
