"""The maintenance section's tables: inspections and repairs by kind of site, and the budget the
next fiscal years need by budget line."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sustain.report.render.labels import Vocabulary
from sustain.report.render.table import Cell, Column, Table, totals
from sustain.report.schema import ReportFigures


def maintenance_tables(figures: ReportFigures, vocab: Vocabulary) -> list[Table]:
    upkeep = figures.get("maintenance")
    if upkeep is None:  # a report made before maintenance was recorded
        return []
    columns = [
        Column("site_type", _("Sites")),
        Column("planned", _("With a plan"), "int"),
        Column("inspected", _("Inspected"), "int"),
        Column("inspections", _("Inspections"), "int"),
        Column("overdue", _("Overdue at the end"), "int"),
        Column("opened", _("Work orders opened"), "int"),
        Column("done", _("Work orders done"), "int"),
        Column("cost", _("Repair cost (THB)"), "money"),
    ]
    rows: list[list[Cell]] = [
        [
            str(vocab.site_types[r["site_type"]]),
            r["sites_planned"],
            r["sites_inspected"],
            r["inspections"],
            r["overdue_at_end"],
            r["work_orders_opened"],
            r["work_orders_done"],
            r["cost_thb"],
        ]
        for r in upkeep["by_site_type"]
    ]
    budget_columns = [
        Column("year", _("Fiscal year (BE)")),
        Column("line", _("Budget line")),
        Column("replacements", _("Planned replacements (THB)"), "money"),
        Column("corrective", _("Repairs, from the average (THB)"), "money"),
        Column("total", _("Total (THB)"), "money"),
    ]
    budget_rows: list[list[Cell]] = [
        [
            str(r["fiscal_year_be"]),
            str(vocab.budget_lines[r["budget_line"]]),
            r["replacements_thb"],
            r["corrective_thb"],
            round(r["replacements_thb"] + r["corrective_thb"], 2),
        ]
        for r in upkeep["forecast"]
    ]
    missing = upkeep["forecast_missing_costs"]
    return [
        Table(
            "maintenance",
            _("Preventive maintenance"),
            columns,
            rows,
            totals(rows, columns, _("Total")),
        ),
        Table(
            "maintenance_budget",
            _("Maintenance budget for the next fiscal years"),
            budget_columns,
            budget_rows,
            totals(budget_rows, budget_columns, _("Total")),
            note=(
                _("Without a unit cost, not counted: %(items)s") % {"items": ", ".join(missing)}
                if missing
                else ""
            ),
        ),
    ]
