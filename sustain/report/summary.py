"""The report's summary: headline indicators (ISO 37120 where one applies), targets, the
previous period."""

from __future__ import annotations

from decimal import Decimal

from sustain.core.accounting import share
from sustain.models import ReportTarget
from sustain.report.schema import (
    ComparedKey,
    ComparisonRow,
    HeadlineRow,
    SectionFigures,
    TargetKey,
    TargetRow,
)


def targets(target: ReportTarget | None, figures: SectionFigures) -> list[TargetRow]:
    """Each yearly target set for the period, with the actual figure and whether it was met."""
    if target is None:
        return []
    recycled = figures["waste"]["shares"]["recycled"]
    rows: list[tuple[TargetKey, Decimal | float | None, float | None, str]] = [
        ("kwp_added", target.kwp_added_target, figures["solar"]["kwp_added"], "kWp"),
        (
            "recycling_share",
            target.recycling_share_target_pct,
            recycled * 100 if recycled is not None else None,
            "%",
        ),
        ("collected_kg", target.collected_kg_target, figures["waste"]["total_kg"], "kg"),
    ]
    return [
        {
            "key": key,
            "target": float(goal),
            "actual": actual,
            "unit": unit,
            "met": actual is not None and actual >= float(goal),
        }
        for key, goal, actual, unit in rows
        if goal is not None
    ]


def headline(
    figures: SectionFigures, *, population: int | None, electricity_kwh: float | None
) -> list[HeadlineRow]:
    solar, waste = figures["solar"], figures["waste"]
    recycled, hazardous = waste["shares"]["recycled"], waste["hazardous_kg"]
    to_facility = next(
        row["kg"] for row in waste["by_destination"] if row["key"] == "hazardous_facility"
    )
    return [
        {
            "key": "renewable_share",
            "iso": "7.4",
            "value": solar["kwh"] / electricity_kwh * 100 if electricity_kwh else None,
            "unit": "%",
        },
        {"key": "solar_kwh", "iso": "", "value": solar["kwh"], "unit": "kWh"},
        {"key": "kwp_operating", "iso": "", "value": solar["kwp_operating"], "unit": "kWp"},
        {
            "key": "waste_per_capita",
            "iso": "16.2",
            "value": waste["total_kg"] / population if population else None,
            "unit": "kg/person",
        },
        {
            "key": "recycled_share",
            "iso": "16.3",
            "value": recycled * 100 if recycled is not None else None,
            "unit": "%",
        },
        {"key": "hazardous_kg", "iso": "16.9", "value": hazardous, "unit": "kg"},
        {
            "key": "hazardous_to_facility",
            "iso": "16.10",
            "value": to_facility / hazardous * 100 if hazardous else None,
            "unit": "%",
        },
        {
            "key": "avoided_tco2e",
            "iso": "",
            "value": (solar["avoided_kgco2e"] + waste["avoided_kgco2e"]) / 1000,
            "unit": "tCO2e",
        },
        {"key": "enterprises", "iso": "", "value": figures["enterprises"]["count"], "unit": ""},
    ]


def _compared(figures: SectionFigures) -> dict[ComparedKey, float]:
    return {
        "kwp_added": figures["solar"]["kwp_added"],
        "solar_kwh": figures["solar"]["kwh"],
        "solar_avoided_kgco2e": figures["solar"]["avoided_kgco2e"],
        "waste_kg": figures["waste"]["total_kg"],
        "waste_avoided_kgco2e": figures["waste"]["avoided_kgco2e"],
        "enterprise_revenue_thb": figures["enterprises"]["revenue_thb"],
    }


def comparison(current: SectionFigures, previous: SectionFigures) -> list[ComparisonRow]:
    """The measures compared with the previous period, and their change (a share)."""
    before = _compared(previous)
    return [
        {
            "key": key,
            "current": value,
            "previous": before[key],
            "change": share(value - before[key], before[key]),
        }
        for key, value in _compared(current).items()
    ]
