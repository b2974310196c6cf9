"""Small bar charts as inline SVG text, drawn on the server (pure functions, no Django imports).

The chart scales to its container's width (``viewBox`` and ``width="100%"``), uses the page's
font, and carries a ``<title>`` and an ``aria-label`` so screen readers hear what it shows; every
label and value is escaped.
"""

from collections.abc import Sequence
from html import escape

WIDTH = 320
HEIGHT = 150
TOP = 18
BOTTOM = 30
SIDE = 4


def _number(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:,.1f}".rstrip("0").rstrip(".") if value else "0"


def bar_chart_svg(
    bars: Sequence[tuple[str, float]],
    *,
    title: str,
    colour: str = "#2e7d32",
    label_every: int = 1,
) -> str:
    """Bars with their label below and, for the largest and the last, their value above."""
    count = max(len(bars), 1)
    slot = (WIDTH - 2 * SIDE) / count
    bar_width = slot * 0.7
    high = max((value for _label, value in bars), default=0) or 1.0
    plot = HEIGHT - TOP - BOTTOM
    shown_values = {len(bars) - 1} | {
        i for i, (_label, value) in enumerate(bars) if value == high and value > 0
    }
    parts = [
        f'<svg class="bars" role="img" aria-label="{escape(title)}" viewBox="0 0 {WIDTH} {HEIGHT}"'
        f' width="100%" preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{SIDE}" y1="{TOP + plot}" x2="{WIDTH - SIDE}" y2="{TOP + plot}"'
        ' stroke="#767676" stroke-width="1"/>',
    ]
    for i, (label, value) in enumerate(bars):
        height = max(plot * value / high, 0)
        x = SIDE + i * slot + (slot - bar_width) / 2
        y = TOP + plot - height
        centre = x + bar_width / 2
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_width:.1f}" height="{height:.1f}"'
            f' fill="{escape(colour)}"><title>{escape(label)}: {_number(value)}</title></rect>'
        )
        if i in shown_values:
            parts.append(
                f'<text x="{centre:.1f}" y="{max(y - 4, 12):.1f}" text-anchor="middle"'
                f' font-size="11" fill="#1b1b1b">{_number(value)}</text>'
            )
        if i % label_every == 0 or i == len(bars) - 1:
            parts.append(
                f'<text x="{centre:.1f}" y="{HEIGHT - 10}" text-anchor="middle" font-size="10"'
                f' fill="#444">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
