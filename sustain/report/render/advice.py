"""The table of residents' requests for solar advice (anonymous counts)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sustain.report.render.table import Cell, Column, Table
from sustain.report.schema import ReportFigures


def advice_tables(figures: ReportFigures) -> list[Table]:
    advice = figures.get("advice")
    if advice is None:  # a report made before residents could ask for advice
        return []
    columns = [
        Column("requests", _("Requests for advice"), "int"),
        Column("installations", _("Installations that came of them"), "int"),
        Column("kwp", _("Their capacity (kWp)"), "kg"),
    ]
    rows: list[list[Cell]] = [
        [advice["requests"], advice["installations"], advice["installed_kwp"]]
    ]
    return [Table("advice", _("Residents' requests for solar advice"), columns, rows)]
