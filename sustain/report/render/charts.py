"""Report charts drawn with matplotlib in Sarabun, saved as SVG with the text as paths.

Paths need no font on the reader's machine, so Thai renders the same in a browser, in WeasyPrint
and in a spreadsheet viewer.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

from django.conf import settings
from django.utils.translation import gettext as _
from matplotlib import font_manager
from matplotlib import pyplot as plt

from sustain.models import STREAM_BIN_COLOUR, WasteStream
from sustain.thaidates import ENGLISH_MONTHS_ABBR, THAI_MONTHS_ABBR

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
    year, month = (int(part) for part in key.split("-"))
    if thai:
        return f"{THAI_MONTHS_ABBR[month - 1]}\n{str(year + 543)[2:]}"
    return f"{ENGLISH_MONTHS_ABBR[month - 1]}\n{str(year)[2:]}"


def _svg(fig: Any) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def monthly_generation(figures: dict[str, Any], *, thai: bool) -> str:
    _setup()
    months = figures["solar"]["monthly"]
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


def waste_by_stream(figures: dict[str, Any], *, thai: bool) -> str:
    _setup()
    rows = [r for r in figures["waste"]["by_stream"] if r["kg"]]
    names = [str(WasteStream(r["key"]).label) for r in rows]
    fig, ax = plt.subplots(figsize=(7.2, 2.4))
    ax.barh(
        names,
        [r["kg"] / 1000 for r in rows],
        color=[STREAM_BIN_COLOUR[WasteStream(r["key"])] for r in rows],
    )
    ax.invert_yaxis()
    ax.set_xlabel(_("tonnes"))
    ax.set_title(_("Waste collected by stream"))
    return _svg(fig)


def waste_trend(figures: dict[str, Any], *, thai: bool) -> str:
    _setup()
    months = figures["waste"]["monthly"]
    labels = [month_label(m["month"], thai=thai) for m in months]
    fig, ax = plt.subplots(figsize=(7.2, 2.8))
    bottom = [0.0] * len(months)
    for stream in WasteStream:
        values = [m[stream.value] / 1000 for m in months]
        ax.bar(
            labels,
            values,
            bottom=bottom,
            color=STREAM_BIN_COLOUR[stream],
            label=str(stream.label),
        )
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_ylabel(_("tonnes per month"))
    ax.set_title(_("Waste collected by month"))
    ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncols=4)
    return _svg(fig)


CHARTS = {
    "monthly_generation": monthly_generation,
    "waste_by_stream": waste_by_stream,
    "waste_trend": waste_trend,
}


def report_charts(
    figures: dict[str, Any], *, language: str, names: tuple[str, ...] | None = None
) -> dict[str, str]:
    """The report's charts (or those ``names``) with labels in the active locale."""
    return {
        name: draw(figures, thai=language == "th")
        for name, draw in CHARTS.items()
        if names is None or name in names
    }
