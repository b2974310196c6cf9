"""The waste, enterprise, provenance and factor tables of the report (see report_tables)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from sustain.models import ActivityType, Destination, WastePointKind, WasteStream
from sustain.report.render.tables import Column, Table, moo_label, totals

REASONS = (  # the accounting module's reasons, marked so makemessages extracts them
    gettext_noop("recycled: credited by the material's recycling factor"),
    gettext_noop("composted: credited by the material's composting factor"),
    gettext_noop("hazardous waste: counted, not credited"),
    gettext_noop("general waste: counted, not credited"),
    gettext_noop("not diverted (disposed): counted, not credited"),
    gettext_noop("gap: should be credited, but the material has no emission factor"),
)


def waste_tables(figures: dict[str, Any]) -> list[Table]:
    waste, ent = figures["waste"], figures["enterprises"]
    tables: list[Table] = []
    stream_cols = [
        Column("stream", _("Stream")),
        Column("kg", _("kg"), "kg"),
        Column("share", _("Share (%)"), "pct"),
    ]
    streams = [
        [
            str(WasteStream(r["key"]).label),
            r["kg"],
            r["share"] * 100 if r["share"] is not None else None,
        ]
        for r in waste["by_stream"]
    ]
    tables.append(
        Table(
            "waste_stream",
            _("Waste by stream"),
            stream_cols,
            streams,
            totals(streams, stream_cols, _("Total")),
        )
    )
    name_key = "name_th" if get_language() == "th" else "name_en"
    mat_cols = [
        Column("material", _("Material")),
        Column("stream", _("Stream")),
        Column("kg", _("kg"), "kg"),
        Column("avoided", _("Avoided (kgCO2e)"), "kg"),
    ]
    materials = [
        [r[name_key], str(WasteStream(r["stream"]).label), r["kg"], r["avoided_kgco2e"]]
        for r in waste["by_material"]
    ]
    tables.append(
        Table(
            "waste_material",
            _("Waste by material"),
            mat_cols,
            materials,
            totals(materials, mat_cols, _("Total")),
            note=_(
                "— means the material should be credited but has no emission factor "
                "(a gap, not zero)."
            ),
        )
    )
    dest_cols = [Column(d.value, str(d.label), "kg") for d in Destination]
    point_cols = [
        Column("point", _("Waste point")),
        Column("kind", _("Kind")),
        Column("village", _("Village")),
        Column("kg", _("kg"), "kg"),
        *dest_cols,
    ]
    points = [
        [
            r["name"],
            str(WastePointKind(r["kind"]).label),
            moo_label(r["village"]),
            r["kg"],
            *[r[d.value] for d in Destination],
        ]
        for r in waste["by_point"]
    ]
    tables.append(
        Table(
            "waste_point",
            _("Waste by point"),
            point_cols,
            points,
            totals(points, point_cols, _("Total")),
        )
    )
    village_cols = [
        Column("village", _("Village")),
        Column("points", _("Points"), "int"),
        Column("kg", _("kg"), "kg"),
        *dest_cols,
    ]
    villages = [
        [moo_label(r["key"]), r["points"], r["kg"], *[r[d.value] for d in Destination]]
        for r in waste["by_village"]
    ]
    tables.append(
        Table(
            "waste_village",
            _("Waste by village"),
            village_cols,
            villages,
            totals(villages, village_cols, _("Total")),
        )
    )
    ent_cols = [
        Column("name", _("Enterprise")),
        Column("type", _("Activity")),
        Column("village", _("Village")),
        Column("members", _("Members"), "int"),
        Column("revenue", _("Revenue (THB)"), "money"),
        Column("jobs", _("Jobs"), "int"),
        Column("products", _("Products and volumes")),
        Column("waste_kg", _("Waste handled (kg)"), "kg"),
        Column("points", _("Waste points run"), "int"),
        Column("installations", _("Solar systems run"), "int"),
    ]
    enterprises = [
        [
            r["name"],
            str(ActivityType(r["activity_type"]).label),
            moo_label(r["village"]),
            r["members"],
            r["revenue_thb"],
            r["jobs"],
            r["products_volumes"],
            r["waste_handled_kg"],
            r["waste_points"],
            r["installations"],
        ]
        for r in ent["rows"]
    ]
    tables.append(
        Table(
            "enterprises",
            _("Community enterprises"),
            ent_cols,
            enterprises,
            totals(enterprises, ent_cols, _("Total")),
        )
    )
    tables.append(provenance_table(figures))
    tables.append(
        Table(
            "factors",
            _("Emission factors in force during the period"),
            [
                Column("key", _("Factor")),
                Column("value", _("Value"), "factor"),
                Column("unit", _("Unit")),
                Column("valid_from", _("Valid from")),
                Column("valid_to", _("Valid to")),
                Column("source", _("Source")),
                Column("verify", _("Needs verification")),
                Column("used", _("Used")),
            ],
            [
                [
                    f["key"],
                    f["value"],
                    f["unit"],
                    f["valid_from"] or "…",
                    f["valid_to"] or "…",
                    f["source"],
                    f["needs_verification"],
                    f["used"],
                ]
                for f in figures["methodology"]["factors"]
            ],
        )
    )
    return tables


def provenance_table(figures: dict[str, Any]) -> Table:
    """One row per credited quantity: what was multiplied by which factor, valid when, whence."""
    columns = [
        Column("figure", _("Figure")),
        Column("quantity", _("Quantity"), "kg"),
        Column("unit", _("Unit")),
        Column("factor", _("Factor key")),
        Column("value", _("Factor value"), "factor"),
        Column("valid", _("Validity")),
        Column("source", _("Source")),
        Column("avoided", _("Avoided (kgCO2e)"), "kg"),
        Column("note", _("Note")),
    ]
    rows: list[list[Any]] = []
    for line in figures["solar"]["lines"]:
        factor = line["factor"] or {}
        rows.append(
            [
                _("Solar %(first)s to %(last)s")
                % {"first": line["months"][0], "last": line["months"][-1]},
                line["kwh"],
                "kWh",
                factor.get("key", "—"),
                factor.get("value"),
                _validity(factor),
                factor.get("source", ""),
                line["avoided_kgco2e"],
                _("metered %(metered).0f kWh, estimated %(estimated).0f kWh")
                % {"metered": line["metered_kwh"], "estimated": line["estimated_kwh"]},
            ]
        )
    for line in figures["waste"]["lines"]:
        factor = line["factor"] or {}
        rows.append(
            [
                f"{line['material']} → {Destination(line['destination']).label}",
                line["kg"],
                "kg",
                factor.get("key", "—"),
                factor.get("value"),
                _validity(factor),
                factor.get("source", ""),
                line["avoided_kgco2e"],
                _(line["reason"]),
            ]
        )
    total = ["", "", "", "", "", "", "", sum(float(r[7] or 0) for r in rows), ""]
    total[0] = _("Total avoided")
    return Table(
        "provenance", _("Provenance of every avoided-emission figure"), columns, rows, total
    )


def _validity(factor: dict[str, Any]) -> str:
    if not factor:
        return ""
    return f"{factor.get('valid_from') or '…'} – {factor.get('valid_to') or '…'}"
