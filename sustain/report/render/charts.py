"""Report charts drawn with matplotlib in Sarabun, saved as SVG with the text as paths.

Paths need no font on the reader's machine, so Thai renders the same in a browser, in WeasyPrint
and in a spreadsheet viewer.
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from django.conf import settings
from django.utils.translation import gettext as _
from matplotlib import font_manager
from matplotlib import pyplot as plt
from matplotlib.figure import Figure

from sustain.core.thaidates import month_label as month_with_year
from sustain.report.render.labels import Vocabulary
from sustain.report.schema import STREAM_KEYS, ReportFigures, SolarFigures, WasteFigures

FONT_DIR = Path(settings.BASE_DIR) / "static" / "vendor" / "sarabun-ttf"
_fonts_loaded = False


def _setup() -> None:
    global _fonts_loaded
    if not _fonts_loaded:
        for path in sorted(FONT_DIR.glob("*.ttf")):
            font_manager.fontManager.addfont(str(path))
        _fonts_loaded = True
    plt.rcParams.update(
        {
            "font.family": "Sarabun",
            "svg.fonttype": "path",
            "svg.hashsalt": "sustain",  # identical SVG for identical figures
            "font.size": 10,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )


def month_label(key: str, *, thai: bool) -> str:
    """``YYYY-MM`` as an axis label: the month over the year's last two digits."""
    year, month = (int(part) for part in key.split("-"))
    return month_with_year(year, month, thai=thai, short_year=True)


def _svg(fig: Figure) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def monthly_generation(solar: SolarFigures, *, thai: bool) -> str:
    _setup()
    months = solar["monthly"]
    labels = [month_label(m["month"], thai=thai) for m in months]
    metered = [m["metered_kwh"] / 1000 for m in months]
    estimated = [m["estimated_kwh"] / 1000 for m in months]
    fig, ax = plt.subplots(figsize=(7.2, 2.8))
    ax.bar(labels, metered, color="#1f6f43", label=_("metered"))
    ax.bar(labels, estimated, bottom=metered, color="#9fd3a9", label=_("estimated"))
    ax.set_ylabel(_("MWh per month"))
    ax.set_title(_("Solar generation by month"))
    ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncols=2)
    return _svg(fig)


def waste_by_stream(waste: WasteFigures, vocab: Vocabulary) -> str:
    _setup()
    rows = [r for r in waste["by_stream"] if r["kg"]]
    names = [str(vocab.streams[r["key"]]) for r in rows]
    fig, ax = plt.subplots(figsize=(7.2, 2.4))
    ax.barh(
        names,
        [r["kg"] / 1000 for r in rows],
        color=[vocab.stream_colours[r["key"]] for r in rows],
    )
    ax.invert_yaxis()
    ax.set_xlabel(_("tonnes"))
    ax.set_title(_("Waste collected by stream"))
    return _svg(fig)


def waste_trend(waste: WasteFigures, vocab: Vocabulary, *, thai: bool) -> str:
    _setup()
    months = waste["monthly"]
    labels = [month_label(m["month"], thai=thai) for m in months]
    fig, ax = plt.subplots(figsize=(7.2, 2.8))
    bottom = [0.0] * len(months)
    for stream in STREAM_KEYS:
        values = [m[stream] / 1000 for m in months]
        ax.bar(
            labels,
            values,
            bottom=bottom,
            color=vocab.stream_colours[stream],
            label=str(vocab.streams[stream]),
        )
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_ylabel(_("tonnes per month"))
    ax.set_title(_("Waste collected by month"))
    ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncols=4)
    return _svg(fig)


def report_charts(figures: ReportFigures, vocab: Vocabulary, *, language: str) -> dict[str, str]:
    """The report's charts (SVG) with labels in the active locale."""
    thai = language == "th"
    return {
        "monthly_generation": monthly_generation(figures["solar"], thai=thai),
        "waste_by_stream": waste_by_stream(figures["waste"], vocab),
        "waste_trend": waste_trend(figures["waste"], vocab, thai=thai),
    }
