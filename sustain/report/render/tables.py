"""Every table of the report, built once from the figures and shared by the page, PDF, XLSX, CSV
and memo; one module per section."""

from __future__ import annotations

from sustain.report.render.advice import advice_tables
from sustain.report.render.enterprises import enterprise_tables
from sustain.report.render.labels import Vocabulary
from sustain.report.render.maintenance import maintenance_tables
from sustain.report.render.methodology import methodology_tables
from sustain.report.render.solar import solar_tables
from sustain.report.render.summary import summary_tables
from sustain.report.render.table import Table
from sustain.report.render.waste import waste_tables
from sustain.report.schema import ReportFigures


def report_tables(figures: ReportFigures, vocab: Vocabulary) -> list[Table]:
    """Every table of the report, in reading order, with titles in the active language."""
    return [
        *summary_tables(figures),
        *solar_tables(figures, vocab),
        *waste_tables(figures, vocab),
        *enterprise_tables(figures, vocab),
        *advice_tables(figures),
        *maintenance_tables(figures, vocab),
        *methodology_tables(figures, vocab),
    ]
