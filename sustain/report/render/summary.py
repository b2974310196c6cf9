"""The summary section's tables: headline indicators, the previous period, targets."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sustain.report.render.table import Column, Table, percent
from sustain.report.schema import ComparedKey, HeadlineKey, ReportFigures, TargetKey

HEADLINE_NAMES: dict[HeadlineKey, str] = {
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
COMPARED_NAMES: dict[ComparedKey, str] = {
    "kwp_added": gettext_noop("Solar capacity added (kWp)"),
    "solar_kwh": gettext_noop("Solar generation (kWh)"),
    "solar_avoided_kgco2e": gettext_noop("Avoided by solar (kgCO2e)"),
    "waste_kg": gettext_noop("Waste collected (kg)"),
    "waste_avoided_kgco2e": gettext_noop("Avoided by recycling and composting (kgCO2e)"),
    "enterprise_revenue_thb": gettext_noop("Community enterprise revenue (THB)"),
}
TARGET_NAMES: dict[TargetKey, str] = {
    "kwp_added": gettext_noop("Solar capacity added"),
    "recycling_share": gettext_noop("Share recycled"),
    "collected_kg": gettext_noop("Waste collected"),
}


def headline_name(key: HeadlineKey) -> str:
    return _(HEADLINE_NAMES[key])


def summary_tables(figures: ReportFigures) -> list[Table]:
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
                    [_(COMPARED_NAMES[c["key"]]), c["current"], c["previous"], percent(c["change"])]
                    for c in figures.get("comparison", [])
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
    return tables
