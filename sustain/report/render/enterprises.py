"""The community-enterprise section's table."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sustain.report.render.labels import Vocabulary
from sustain.report.render.table import Cell, Column, Table, moo_label, totals
from sustain.report.schema import ReportFigures


def enterprise_tables(figures: ReportFigures, vocab: Vocabulary) -> list[Table]:
    columns = [
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
    rows: list[list[Cell]] = [
        [
            r["name"],
            str(vocab.activity_types[r["activity_type"]]),
            moo_label(r["village"]),
            r["members"],
            r["revenue_thb"],
            r["jobs"],
            r["products_volumes"],
            r["waste_handled_kg"],
            r["waste_points"],
            r["installations"],
        ]
        for r in figures["enterprises"]["rows"]
    ]
    return [
        Table(
            "enterprises",
            _("Community enterprises"),
            columns,
            rows,
            totals(rows, columns, _("Total")),
        )
    ]
