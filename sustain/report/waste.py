"""Waste figures of a report period (also the staff waste page's, for one point or village)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import cast

from django.db.models import DecimalField, ExpressionWrapper, F, Sum

from sustain.core.accounting import Factor, WasteFlow, share, waste_avoided
from sustain.models import Destination, Material, WasteCollection, WastePoint, WasteStream
from sustain.report.period import month_starts
from sustain.report.schema import (
    DESTINATION_KEYS,
    STREAM_KEYS,
    DestinationKey,
    PointRow,
    StreamKey,
    WasteFigures,
    WasteMonth,
    WasteVillageRow,
)


def _stream(material: Material) -> StreamKey:
    return cast(StreamKey, material.stream)


def _point_row(point: WastePoint, tally: dict[str, float]) -> PointRow:
    row: PointRow = {
        "id": point.pk,
        "name": point.name,
        "kind": point.kind,
        "village": point.village.moo if point.village else None,
        "active": point.active,
        "kg": tally.get("kg", 0.0),
        "sold": 0.0,
        "composted": 0.0,
        "landfill": 0.0,
        "hazardous_facility": 0.0,
        "general": 0.0,
        "organic": 0.0,
        "recyclable": 0.0,
        "hazardous": 0.0,
    }
    for d in DESTINATION_KEYS:
        row[d] = tally.get(d, 0.0)
    for s in STREAM_KEYS:
        row[s] = tally.get(s, 0.0)
    return row


def waste_figures(
    *, start: dt.date, end: dt.date, factors: list[Factor], point_ids: list[int] | None = None
) -> WasteFigures:
    """Mass by stream, material, destination, point, village and month; avoided CO2e.

    ``point_ids`` narrows everything to those points (the staff page of one point or village).
    """
    materials = {m.pk: m for m in Material.objects.all()}
    point_rows_qs = WastePoint.objects.select_related("village").order_by("id")
    collections = WasteCollection.objects.filter(collected_on__range=(start, end))
    if point_ids is not None:
        point_rows_qs = point_rows_qs.filter(pk__in=point_ids)
        collections = collections.filter(point_id__in=point_ids)
    points = {p.pk: p for p in point_rows_qs}
    revenue_expr = ExpressionWrapper(
        F("mass_kg") * F("price_thb_per_kg"),
        output_field=DecimalField(max_digits=20, decimal_places=4),
    )
    # Two grouped scans, each with few groups: by day for the totals and the CO2e account, by
    # point for the point and village tables (one scan by both gives points x months rows).
    # Days, not months: a plain column groups by hashing, a truncated month sorts every row.
    # Sorted here, not by the database (an ORDER BY makes it sort every row before grouping):
    # floats summed in a fixed order keep the figures deterministic.
    by_day_rows = sorted(
        collections.order_by()
        .values_list("collected_on", "material_id", "destination")
        .annotate(kg=Sum("mass_kg"), thb=Sum(revenue_expr))
    )
    by_point_rows = sorted(
        collections.order_by()
        .values_list("point_id", "material_id", "destination")
        .annotate(kg=Sum("mass_kg"))
    )
    flows: dict[tuple[dt.date, int, str], float] = defaultdict(float)
    by_point: dict[int, dict[str, float]] = {}
    by_material: dict[int, float] = defaultdict(float)
    by_stream: dict[str, float] = defaultdict(float)
    by_destination: dict[str, float] = defaultdict(float)
    monthly: dict[tuple[str, str], float] = defaultdict(float)
    revenue = 0.0
    for day, material_id, destination, day_kg, thb in by_day_rows:
        kg = float(day_kg)
        material = materials[material_id]
        month = day.replace(day=1)
        flows[(month, material.pk, destination)] += kg
        by_material[material.pk] += kg
        by_stream[material.stream] += kg
        by_destination[destination] += kg
        monthly[(month.strftime("%Y-%m"), material.stream)] += kg
        revenue += float(thb or 0)
    for point_id, material_id, destination, point_kg in by_point_rows:
        kg = float(point_kg)
        tally = by_point.setdefault(point_id, defaultdict(float))
        tally["kg"] += kg
        tally[destination] += kg
        tally[materials[material_id].stream] += kg
    account = waste_avoided(
        flows=[
            WasteFlow(
                month=month,
                material_code=materials[mid].code,
                stream=materials[mid].stream,
                destination=destination,
                mass_kg=kg,
                factor_key=materials[mid].factor_key,
            )
            for (month, mid, destination), kg in sorted(flows.items())
        ],
        factors=factors,
    )
    avoided_by_material: dict[str, float | None] = {}
    for line in account.lines:
        previous = avoided_by_material.get(line.material_code, 0.0)
        if line.avoided_kgco2e is None or previous is None:
            avoided_by_material[line.material_code] = None
        else:
            avoided_by_material[line.material_code] = previous + line.avoided_kgco2e
    total = sum(by_stream.values())
    village_rows: dict[str, WasteVillageRow] = {}
    point_rows = []
    for pk, point in points.items():
        tally = by_point.get(pk, {})
        point_rows.append(_point_row(point, tally))
        moo = str(point.village.moo) if point.village else ""
        village = village_rows.setdefault(
            moo,
            {"key": moo, "points": 0, "kg": 0.0, "sold": 0.0, "composted": 0.0, "landfill": 0.0,
             "hazardous_facility": 0.0},
        )  # fmt: skip
        village["points"] += 1
        village["kg"] += tally.get("kg", 0.0)
        for d in DESTINATION_KEYS:
            village[d] += tally.get(d, 0.0)
    month_keys = [m.strftime("%Y-%m") for m in month_starts(start, end)]
    months: list[WasteMonth] = [
        {
            "month": key,
            "general": monthly.get((key, "general"), 0.0),
            "organic": monthly.get((key, "organic"), 0.0),
            "recyclable": monthly.get((key, "recyclable"), 0.0),
            "hazardous": monthly.get((key, "hazardous"), 0.0),
        }
        for key in month_keys
    ]
    return {
        "total_kg": total,
        "revenue_thb": revenue,
        "hazardous_kg": by_stream.get(WasteStream.HAZARDOUS, 0.0),
        "shares": {
            "recycled": share(by_destination.get(Destination.SOLD, 0.0), total),
            "composted": share(by_destination.get(Destination.COMPOSTED, 0.0), total),
            "landfill": share(by_destination.get(Destination.LANDFILL, 0.0), total),
            "hazardous_facility": share(
                by_destination.get(Destination.HAZARDOUS_FACILITY, 0.0), total
            ),
        },
        "by_stream": [
            {"key": s, "kg": by_stream.get(s, 0.0), "share": share(by_stream.get(s, 0.0), total)}
            for s in STREAM_KEYS
        ],
        "by_destination": [{"key": d, "kg": by_destination.get(d, 0.0)} for d in DESTINATION_KEYS],
        "by_material": [
            {
                "code": m.code,
                "name_th": m.name_th,
                "name_en": m.name_en,
                "stream": _stream(m),
                "kg": by_material[m.pk],
                "avoided_kgco2e": avoided_by_material.get(m.code, 0.0),
            }
            for m in sorted(
                materials.values(), key=lambda m: (STREAM_KEYS.index(_stream(m)), m.code)
            )
            if by_material.get(m.pk)
        ],
        "by_point": point_rows,
        "by_village": sorted(village_rows.values(), key=lambda row: int(row["key"] or 0)),
        "monthly": months,
        "lines": [
            {
                "material": line.material_code,
                "destination": cast(DestinationKey, line.destination),
                "kg": line.mass_kg,
                "credited": line.credited,
                "reason": line.reason,
                "factor": line.factor.provenance() if line.factor else None,
                "avoided_kgco2e": line.avoided_kgco2e,
            }
            for line in account.lines
        ],
        "avoided_kgco2e": account.avoided_kgco2e,
        "gaps": sorted({line.material_code for line in account.gaps}),
        "points_without_collections": [
            row["id"] for row in point_rows if row["active"] and not row["kg"]
        ],
    }
