"""The report's methodology: the model, the weather years and factors used, the data gaps."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count

from sustain.core import pv
from sustain.core.accounting import Factor, factors_in_force
from sustain.models import InstallationEstimate, WeatherDataset
from sustain.report.period import Period
from sustain.report.schema import FactorInForce, Methodology, SectionFigures, WeatherUsed


def _weather(weather_ids: Counter[int]) -> list[WeatherUsed]:
    return [
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


def _factors(period: Period, figures: SectionFigures, factors: list[Factor]) -> list[FactorInForce]:
    used = {
        (line["factor"]["key"], line["factor"]["valid_from"])
        for line in [*figures["solar"]["lines"], *figures["waste"]["lines"]]
        if line["factor"]
    }
    rows: list[FactorInForce] = []
    for factor in factors_in_force(factors, start=period.start, end=period.end):
        record = factor.provenance()
        rows.append({**record, "used": (factor.key, record["valid_from"]) in used})
    return rows


def methodology(period: Period, figures: SectionFigures, factors: list[Factor]) -> Methodology:
    estimates = list(  # counted by the database: a few rows, whatever the fleet's size
        InstallationEstimate.objects.order_by()
        .values_list("weather_id", "model_version", "installation__losses_pct")
        .annotate(n=Count("id"))
    )
    weather_ids: Counter[int] = Counter()
    for weather_id, _, _, n in estimates:
        weather_ids[weather_id] += n
    return {
        "model": pv.MODEL_DESCRIPTION,
        "model_versions": sorted({version for _, version, _, _ in estimates}),
        "losses_pct": sorted({loss for _, _, loss, _ in estimates}),
        "weather": _weather(weather_ids),
        "factors": _factors(period, figures, factors),
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
