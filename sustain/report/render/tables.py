"""The report's tables, built once from the figures and shared by the page, PDF, XLSX and CSV.

Cells hold raw values (numbers stay numbers); each column names its kind so every output formats
it the same way. ``None`` is a gap (no data or no factor), shown as "—", never as zero.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from sustain.models import BuildingType
from sustain.thaidates import THAI_MONTHS_ABBR, be_year

# Column kinds: text, int, kwh (0 dp), kg (1 dp), money (2 dp), pct (1 dp, value already in %),
# ratio (2 dp), factor (4 dp).
DECIMALS = {"int": 0, "kwh": 0, "kg": 1, "money": 2, "pct": 1, "ratio": 2, "factor": 4}


@dataclass
class Column:
    key: str
    title: str
    kind: str = "text"


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    total: list[Any] | None = None
    note: str = ""

    def body_rows(self) -> list[list[Any]]:
        """The rows, then the total row when there is one (and anything to total)."""
        return [*self.rows, *([self.total] if self.total and self.rows else [])]


def format_cell(value: Any, kind: str) -> str:
    if value is None:
        return "—"
    if kind in DECIMALS and isinstance(value, int | float):
        return f"{value:,.{DECIMALS[kind]}f}"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def month_name(key: str) -> str:
    year, month = (int(part) for part in key.split("-"))
    if get_language() == "th":
        return f"{THAI_MONTHS_ABBR[month - 1]} {be_year(year)}"
    return dt.date(year, month, 1).strftime("%b %Y")


def moo_label(moo: Any) -> str:
    return _("Moo %(moo)s") % {"moo": moo} if moo not in (None, "") else _("no village")


def _sum(rows: list[list[Any]], index: int) -> float:
    return sum(float(row[index] or 0) for row in rows)


def totals(rows: list[list[Any]], columns: list[Column], label: str) -> list[Any]:
    total: list[Any] = [label]
    for index, column in enumerate(columns[1:], start=1):
        total.append(_sum(rows, index) if column.kind in ("int", "kwh", "kg", "money") else "")
    return total


HEADLINE_NAMES = {
    "renewable_share": gettext_noop("Solar generation as a share of electricity used in the area"),
    "solar_kwh": gettext_noop("Solar generation"),
    "kwp_operating": gettext_noop("Solar capacity operating"),
    "waste_per_capita": gettext_noop("Municipal solid waste collected per person"),
    "recycled_share": gettext_noop("Share of collected waste recycled"),
    "hazardous_kg": gettext_noop("Hazardous waste collected"),
    "hazardous_to_facility": gettext_noop(
        "Share of hazardous waste sent to a hazardous-waste facility"
    ),
    "avoided_tco2e": gettext_noop(
        "Emissions avoided (information item, not subtracted from any inventory)"
    ),
    "enterprises": gettext_noop("Community enterprises registered"),
}
COMPARED_NAMES = {
    "kwp_added": gettext_noop("Solar capacity added (kWp)"),
    "solar_kwh": gettext_noop("Solar generation (kWh)"),
    "solar_avoided_kgco2e": gettext_noop("Avoided by solar (kgCO2e)"),
    "waste_kg": gettext_noop("Waste collected (kg)"),
    "waste_avoided_kgco2e": gettext_noop("Avoided by recycling and composting (kgCO2e)"),
    "enterprise_revenue_thb": gettext_noop("Community enterprise revenue (THB)"),
}
TARGET_NAMES = {
    "kwp_added": gettext_noop("Solar capacity added"),
    "recycling_share": gettext_noop("Share recycled"),
    "collected_kg": gettext_noop("Waste collected"),
}


def headline_name(key: str) -> str:
    return _(HEADLINE_NAMES[key])


def report_tables(figures: dict[str, Any]) -> list[Table]:
    """Every table of the report, in reading order, with titles in the active language."""
    from sustain.report.render.waste import waste_tables  # it builds on this module

    solar = figures["solar"]
    tables = [
        Table(
            "headline",
            _("Headline indicators"),
            [
                Column("iso", _("ISO 37120")),
                Column("name", _("Indicator")),
                Column("value", _("Value"), "ratio"),
                Column("unit", _("Unit")),
            ],
            [
                [h["iso"], headline_name(h["key"]), h["value"], h["unit"]]
                for h in figures["headline"]
            ],
        ),
    ]
    if figures.get("comparison"):
        tables.append(
            Table(
                "comparison",
                _("Compared with the previous period"),
                [
                    Column("measure", _("Measure")),
                    Column("current", _("This period"), "kg"),
                    Column("previous", _("Previous period"), "kg"),
                    Column("change", _("Change (%)"), "pct"),
                ],
                [
                    [
                        _(COMPARED_NAMES[c["key"]]),
                        c["current"],
                        c["previous"],
                        c["change"] * 100 if c["change"] is not None else None,
                    ]
                    for c in figures["comparison"]
                ],
            )
        )
    if figures["targets"]:
        tables.append(
            Table(
                "targets",
                _("Targets and actuals"),
                [
                    Column("target", _("Target")),
                    Column("goal", _("Goal"), "kg"),
                    Column("actual", _("Actual"), "kg"),
                    Column("unit", _("Unit")),
                    Column("met", _("Met")),
                ],
                [
                    [_(TARGET_NAMES[t["key"]]), t["target"], t["actual"], t["unit"], t["met"]]
                    for t in figures["targets"]
                ],
            )
        )
    monthly_cols = [
        Column("month", _("Month")),
        Column("metered_kwh", _("Metered (kWh)"), "kwh"),
        Column("estimated_kwh", _("Estimated (kWh)"), "kwh"),
        Column("kwh", _("Total (kWh)"), "kwh"),
    ]
    monthly_rows = [
        [
            month_name(m["month"]),
            m["metered_kwh"],
            m["estimated_kwh"],
            m["metered_kwh"] + m["estimated_kwh"],
        ]
        for m in solar["monthly"]
    ]
    tables.append(
        Table(
            "solar_monthly",
            _("Solar generation by month"),
            monthly_cols,
            monthly_rows,
            totals(monthly_rows, monthly_cols, _("Total")),
        )
    )
    group_cols = [
        Column("group", _("Group")),
        Column("count", _("Systems"), "int"),
        Column("kwp", _("kWp"), "kg"),
        Column("kwh", _("kWh"), "kwh"),
        Column("avoided", _("Avoided (kgCO2e)"), "kwh"),
    ]
    by_type = [
        [str(BuildingType(r["key"]).label), r["count"], r["kwp"], r["kwh"], r["avoided_kgco2e"]]
        for r in solar["by_building_type"]
    ]
    tables.append(
        Table(
            "solar_building_type",
            _("Solar by building type"),
            group_cols,
            by_type,
            totals(by_type, group_cols, _("Total")),
        )
    )
    by_village = [
        [moo_label(r["key"]), r["count"], r["kwp"], r["kwh"], r["avoided_kgco2e"]]
        for r in solar["by_village"]
    ]
    tables.append(
        Table(
            "solar_village",
            _("Solar by village"),
            group_cols,
            by_village,
            totals(by_village, group_cols, _("Total")),
        )
    )
    tables.append(
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
        )
    )
    tables.extend(waste_tables(figures))
    return tables
