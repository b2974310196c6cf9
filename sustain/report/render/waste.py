"""The waste section's tables: by stream, material, point and village."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sustain.report.render.labels import Vocabulary
from sustain.report.render.table import Cell, Column, Table, moo_label, percent, totals
from sustain.report.schema import DESTINATION_KEYS, ReportFigures


def waste_tables(figures: ReportFigures, vocab: Vocabulary) -> list[Table]:
    waste = figures["waste"]
    stream_cols = [
        Column("stream", _("Stream")),
        Column("kg", _("kg"), "kg"),
        Column("share", _("Share (%)"), "pct"),
    ]
    streams: list[list[Cell]] = [
        [str(vocab.streams[r["key"]]), r["kg"], percent(r["share"])] for r in waste["by_stream"]
    ]
    thai = get_language() == "th"
    mat_cols = [
        Column("material", _("Material")),
        Column("stream", _("Stream")),
        Column("kg", _("kg"), "kg"),
        Column("avoided", _("Avoided (kgCO2e)"), "kg"),
    ]
    materials: list[list[Cell]] = [
        [
            r["name_th"] if thai else r["name_en"],
            str(vocab.streams[r["stream"]]),
            r["kg"],
            r["avoided_kgco2e"],
        ]
        for r in waste["by_material"]
    ]
    dest_cols = [Column(d, str(vocab.destinations[d]), "kg") for d in DESTINATION_KEYS]
    point_cols = [
        Column("point", _("Waste point")),
        Column("kind", _("Kind")),
        Column("village", _("Village")),
        Column("kg", _("kg"), "kg"),
        *dest_cols,
    ]
    points: list[list[Cell]] = [
        [
            r["name"],
            str(vocab.point_kinds[r["kind"]]),
            moo_label(r["village"]),
            r["kg"],
            *[r[d] for d in DESTINATION_KEYS],
        ]
        for r in waste["by_point"]
    ]
    village_cols = [
        Column("village", _("Village")),
        Column("points", _("Points"), "int"),
        Column("kg", _("kg"), "kg"),
        *dest_cols,
    ]
    villages: list[list[Cell]] = [
        [moo_label(r["key"]), r["points"], r["kg"], *[r[d] for d in DESTINATION_KEYS]]
        for r in waste["by_village"]
    ]
    return [
        Table(
            "waste_stream",
            _("Waste by stream"),
            stream_cols,
            streams,
            totals(streams, stream_cols, _("Total")),
        ),
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
        ),
        Table(
            "waste_point",
            _("Waste by point"),
            point_cols,
            points,
            totals(points, point_cols, _("Total")),
        ),
        Table(
            "waste_village",
            _("Waste by village"),
            village_cols,
            villages,
            totals(villages, village_cols, _("Total")),
        ),
    ]
