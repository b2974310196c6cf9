"""The annual sustainability report's figures, and their public view.

``report_figures`` is deterministic: the same records and factors give the same JSON. A report is
stored with that JSON (the snapshot); a published report of a closed period is never recomputed,
so later edits to factors or records cannot change what was published.
"""

from __future__ import annotations

import copy
import datetime as dt

from django.utils import timezone

from sustain.core.accounting import Factor
from sustain.models import ReportTarget
from sustain.report import summary
from sustain.report.advice import advice_figures
from sustain.report.enterprises import enterprise_figures
from sustain.report.maintenance import maintenance_figures
from sustain.report.methodology import methodology
from sustain.report.period import Period
from sustain.report.schema import SCHEMA_VERSION, ReportFigures, SectionFigures
from sustain.report.solar import solar_figures
from sustain.report.waste import waste_figures
from sustain.services.factors import factors_all
from sustain.services.gis.places import municipality_get


def section_figures(period: Period, factors: list[Factor]) -> SectionFigures:
    """Solar, waste and enterprise figures of one period."""
    return {
        "solar": solar_figures(start=period.start, end=period.end, grid_factors=factors),
        "waste": waste_figures(start=period.start, end=period.end, factors=factors),
        "enterprises": enterprise_figures(start=period.start, end=period.end),
    }


def report_figures(
    *, basis: str, year_be: int, with_previous: bool = True, today: dt.date | None = None
) -> ReportFigures:
    """All figures of one period's report (JSON-ready, deterministic for the same records and
    ``today``, which only the maintenance section's due list and forecast depend on)."""
    period = Period.of(basis=basis, year_be=year_be)
    today = today or timezone.localdate()
    factors = factors_all()
    municipality = municipality_get()
    sections = section_figures(period, factors)
    target = ReportTarget.objects.filter(basis=basis, year_be=year_be).first()
    electricity = (
        float(target.electricity_use_kwh) if target and target.electricity_use_kwh else None
    )
    population = municipality.population if municipality else None
    figures: ReportFigures = {
        "solar": sections["solar"],
        "waste": sections["waste"],
        "enterprises": sections["enterprises"],
        "schema": SCHEMA_VERSION,
        "period": period.as_dict(),
        "municipality": {
            "name_th": municipality.name_th if municipality else "",
            "name_en": municipality.name_en if municipality else "",
            "population": population,
        },
        "headline": summary.headline(sections, population=population, electricity_kwh=electricity),
        "targets": summary.targets(target, sections),
        "methodology": methodology(period, sections, factors),
        "advice": advice_figures(period),
        "maintenance": maintenance_figures(period, today=today),
    }
    if with_previous:
        figures["comparison"] = summary.comparison(
            sections, section_figures(period.previous(), factors)
        )
    return figures


def public_view(figures: ReportFigures) -> ReportFigures:
    """The figures without personal data: households are named as on the public map."""
    public = copy.deepcopy(figures)
    for row in public["solar"]["underperforming"]:
        row["name"] = row.pop("public_name")
    for enterprise in public["enterprises"]["rows"]:
        enterprise.pop("registration_code", None)
    return public
