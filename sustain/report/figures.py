"""The annual sustainability report: its period, its figures and their public view.

``report_figures`` is deterministic: the same records and factors give the same JSON. A report is
stored with that JSON (the snapshot); a published report of a closed period is never recomputed,
so later edits to factors or records cannot change what was published.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sustain import pv
from sustain.accounting import Factor, share
from sustain.models import (
    EmissionFactor,
    InstallationEstimate,
    PeriodBasis,
    ReportTarget,
    WeatherDataset,
)
from sustain.report.solar import solar_figures
from sustain.report.waste import enterprise_figures, waste_figures
from sustain.services.places import municipality_get
from sustain.thaidates import BE_OFFSET_YEARS, fiscal_year_bounds

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Period:
    basis: str
    year_be: int
    start: dt.date
    end: dt.date

    @classmethod
    def of(cls, *, basis: str, year_be: int) -> Period:
        if basis == PeriodBasis.FISCAL:
            start, end = fiscal_year_bounds(year_be)
        else:
            year = year_be - BE_OFFSET_YEARS
            start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        return cls(basis=str(basis), year_be=year_be, start=start, end=end)

    def previous(self) -> Period:
        return Period.of(basis=self.basis, year_be=self.year_be - 1)

    def as_dict(self) -> dict[str, Any]:
        return {
            "basis": self.basis,
            "year_be": self.year_be,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
        }


def factors_as_records() -> list[Factor]:
    return [
        Factor(
            key=f.key,
            value=float(f.value),
            unit=f.unit,
            valid_from=f.valid_from,
            valid_to=f.valid_to,
            source=f.source,
            needs_verification=f.needs_verification,
        )
        for f in EmissionFactor.objects.order_by("key", "valid_from")
    ]


def _targets(target: ReportTarget | None, figures: dict[str, Any]) -> list[dict[str, Any]]:
    if target is None:
        return []
    recycled = figures["waste"]["shares"]["recycled"]
    rows = [
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


def _headline(
    figures: dict[str, Any], *, population: int | None, electricity_kwh: float | None
) -> list[dict[str, Any]]:
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


def _methodology(period: Period, figures: dict[str, Any]) -> dict[str, Any]:
    estimates = list(
        InstallationEstimate.objects.values_list(
            "weather_id", "model_version", "installation__losses_pct"
        ).order_by()
    )
    weather_ids = Counter(weather_id for weather_id, _, _ in estimates)
    weather = [
        {
            "name": w.name,
            "format": w.source_format,
            "description": w.description,
            "approximate": w.approximate,
            "gaps": w.gaps_note,
            "annual_ghi_kwh_m2": w.annual_ghi_kwh_m2,
            "estimates": weather_ids[w.pk],
        }
        for w in WeatherDataset.objects.filter(pk__in=weather_ids).order_by("pk")
    ]
    versions = sorted({version for _, version, _ in estimates})
    losses = sorted({loss for _, _, loss in estimates})
    used = {
        (line["factor"]["key"], line["factor"]["valid_from"])
        for section in ("solar", "waste")
        for line in figures[section]["lines"]
        if line["factor"]
    }
    factors = [
        {**f.provenance(), "used": (f.key, f.provenance()["valid_from"]) in used}
        for f in factors_as_records()
        if f.valid_from is None or f.valid_from <= period.end
        if f.valid_to is None or f.valid_to >= period.start
    ]
    return {
        "model": pv.MODEL_DESCRIPTION,
        "model_versions": versions,
        "losses_pct": losses,
        "weather": weather,
        "factors": factors,
        "gaps": {
            "points_without_collections": figures["waste"]["points_without_collections"],
            "materials_without_factor": figures["waste"]["gaps"],
            "installations_without_estimate": figures["solar"]["without_estimate"],
            "enterprises_not_reported": [
                row["id"] for row in figures["enterprises"]["rows"] if not row["reported"]
            ],
            "uncredited_kwh": figures["solar"]["uncredited_kwh"],
        },
    }


def _section_figures(period: Period, factors: list[Factor]) -> dict[str, Any]:
    return {
        "solar": solar_figures(start=period.start, end=period.end, grid_factors=factors),
        "waste": waste_figures(start=period.start, end=period.end, factors=factors),
        "enterprises": enterprise_figures(start=period.start, end=period.end),
    }


COMPARED = [
    ("kwp_added", ("solar", "kwp_added")),
    ("solar_kwh", ("solar", "kwh")),
    ("solar_avoided_kgco2e", ("solar", "avoided_kgco2e")),
    ("waste_kg", ("waste", "total_kg")),
    ("waste_avoided_kgco2e", ("waste", "avoided_kgco2e")),
    ("enterprise_revenue_thb", ("enterprises", "revenue_thb")),
]


def report_figures(*, basis: str, year_be: int, with_previous: bool = True) -> dict[str, Any]:
    """All figures of one period's report (JSON-ready, deterministic for the same records)."""
    period = Period.of(basis=basis, year_be=year_be)
    factors = factors_as_records()
    municipality = municipality_get()
    figures = _section_figures(period, factors)
    target = ReportTarget.objects.filter(basis=basis, year_be=year_be).first()
    electricity = (
        float(target.electricity_use_kwh) if target and target.electricity_use_kwh else None
    )
    population = municipality.population if municipality else None
    figures.update(
        schema=SCHEMA_VERSION,
        period=period.as_dict(),
        municipality={
            "name_th": municipality.name_th if municipality else "",
            "name_en": municipality.name_en if municipality else "",
            "population": population,
        },
        headline=_headline(figures, population=population, electricity_kwh=electricity),
        targets=_targets(target, figures),
        methodology=_methodology(period, figures),
    )
    if with_previous:
        before = _section_figures(period.previous(), factors)
        figures["comparison"] = [
            {
                "key": key,
                "current": figures[section][name],
                "previous": before[section][name],
                "change": share(
                    figures[section][name] - before[section][name], before[section][name]
                ),
            }
            for key, (section, name) in COMPARED
        ]
    return figures


def public_view(figures: dict[str, Any]) -> dict[str, Any]:
    """The figures without personal data: households are named as on the public map."""
    public = copy.deepcopy(figures)
    for row in public["solar"]["underperforming"]:
        row["name"] = row.pop("public_name")
    for row in public["enterprises"]["rows"]:
        row.pop("registration_code", None)
    return public
