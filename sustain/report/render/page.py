"""What the report templates (page and PDF) need, in the active language."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import TypedDict

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from sustain.report.render.labels import Vocabulary
from sustain.report.render.table import Table
from sustain.report.render.tables import report_tables
from sustain.report.render.text import HeadlineCard, Sentences, gaps, headline_cards
from sustain.report.render.text import period_label as period_name
from sustain.report.render.text import sentences as figure_sentences
from sustain.report.schema import Methodology, ReportFigures


class ReportContext(TypedDict):
    figures: ReportFigures
    municipality_name: str
    period_label: str
    cards: list[HeadlineCard]
    sentences: Sentences
    tables: dict[str, Table]
    table_list: list[Table]
    charts: dict[str, SafeString]
    gaps: list[str]
    methodology: Methodology


def chart_img(svg: str) -> SafeString:
    """An <img> with the SVG inline as data: its ids and styles cannot clash with the page's."""
    data = base64.b64encode(svg.encode()).decode()
    return mark_safe(f'<img alt="" src="data:image/svg+xml;base64,{data}">')  # our own SVG


def report_context(
    figures: ReportFigures, *, charts: Mapping[str, str], vocab: Vocabulary
) -> ReportContext:
    """Everything the report templates need, in the active language."""
    tables = report_tables(figures, vocab)
    municipality = figures["municipality"]
    return {
        "figures": figures,
        "municipality_name": municipality["name_th"]
        if get_language() == "th"
        else municipality["name_en"] or municipality["name_th"],
        "period_label": period_name(figures["period"]),
        "cards": headline_cards(figures),
        "sentences": figure_sentences(figures),
        "tables": {table.key: table for table in tables},
        "table_list": tables,
        "charts": {name: chart_img(svg) for name, svg in charts.items()},
        "gaps": gaps(figures),
        "methodology": figures["methodology"],
    }
