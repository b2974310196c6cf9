"""The solar section's tables: generation by month, by building type and village, and the
systems producing under the alert ratio."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sustain.report.render.labels import Vocabulary
from sustain.report.render.table import Cell, Column, Table, month_name, moo_label, totals
from sustain.report.schema import ReportFigures


def solar_tables(figures: ReportFigures, vocab: Vocabulary) -> list[Table]:
    solar = figures["solar"]
    monthly_cols = [
        Column("month", _("Month")),
        Column("metered_kwh", _("Metered (kWh)"), "kwh"),
        Column("estimated_kwh", _("Estimated (kWh)"), "kwh"),
        Column("kwh", _("Total (kWh)"), "kwh"),
    ]
    monthly_rows: list[list[Cell]] = [
        [
            month_name(m["month"]),
            m["metered_kwh"],
            m["estimated_kwh"],
            m["metered_kwh"] + m["estimated_kwh"],
        ]
        for m in solar["monthly"]
    ]
    group_cols = [
        Column("group", _("Group")),
        Column("count", _("Systems"), "int"),
        Column("kwp", _("kWp"), "kg"),
        Column("kwh", _("kWh"), "kwh"),
        Column("avoided", _("Avoided (kgCO2e)"), "kwh"),
    ]
    by_type: list[list[Cell]] = [
        [str(vocab.building_types[r["key"]]), r["count"], r["kwp"], r["kwh"], r["avoided_kgco2e"]]
        for r in solar["by_building_type"]
    ]
    by_village: list[list[Cell]] = [
        [moo_label(r["key"]), r["count"], r["kwp"], r["kwh"], r["avoided_kgco2e"]]
        for r in solar["by_village"]
    ]
    return [
        Table(
            "solar_monthly",
            _("Solar generation by month"),
            monthly_cols,
            monthly_rows,
            totals(monthly_rows, monthly_cols, _("Total")),
        ),
        Table(
            "solar_building_type",
            _("Solar by building type"),
            group_cols,
            by_type,
            totals(by_type, group_cols, _("Total")),
        ),
        Table(
            "solar_village",
            _("Solar by village"),
            group_cols,
            by_village,
            totals(by_village, group_cols, _("Total")),
        ),
        Table(
            "underperforming",
            _("Systems producing under the alert ratio of their expected energy"),
            [
                Column("name", _("System")),
                Column("village", _("Village")),
                Column("kwp", _("kWp"), "kg"),
                Column("ratio", _("Lowest ratio"), "ratio"),
                Column("reading_end", _("Reading to")),
            ],
            [
                [r["name"], moo_label(r["village"]), r["kwp"], r["ratio"], r["reading_end"]]
                for r in solar["underperforming"]
            ],
        ),
    ]
