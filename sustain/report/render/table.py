"""A report table: columns that name their kind, rows of raw cells, one way to format each kind.

Cells hold raw values (numbers stay numbers); each column names its kind so every output (page,
PDF, XLSX, CSV, memo) formats it the same way. ``None`` is a gap (no data or no factor), shown as
"—", never as zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sustain.core.thaidates import month_label

Cell = str | int | float | bool | None

# Column kinds: text, int, kwh (0 dp), kg (1 dp), money (2 dp), pct (1 dp, value already in %),
# ratio (2 dp), factor (4 dp).
DECIMALS = {"int": 0, "kwh": 0, "kg": 1, "money": 2, "pct": 1, "ratio": 2, "factor": 4}
SUMMED_KINDS = ("int", "kwh", "kg", "money")


@dataclass
class Column:
    key: str
    title: str
    kind: str = "text"


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    total: list[Cell] | None = None
    note: str = ""

    def body_rows(self) -> list[list[Cell]]:
        """The rows, then the total row when there is one (and anything to total)."""
        return [*self.rows, *([self.total] if self.total and self.rows else [])]


def format_cell(value: Cell, kind: str) -> str:
    if value is None:
        return "—"
    if kind in DECIMALS and isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:,.{DECIMALS[kind]}f}"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def month_name(key: str) -> str:
    """``YYYY-MM`` in the active language: ต.ค. 2568, Oct 2025."""
    year, month = (int(part) for part in key.split("-"))
    return month_label(year, month, thai=get_language() == "th")


def moo_label(moo: int | str | None) -> str:
    return _("Moo %(moo)s") % {"moo": moo} if moo not in (None, "") else _("no village")


def totals(rows: list[list[Cell]], columns: list[Column], label: str) -> list[Cell]:
    """A total row: the sum of each summable column, blank elsewhere."""
    total: list[Cell] = [label]
    for index, column in enumerate(columns[1:], start=1):
        if column.kind in SUMMED_KINDS:
            total.append(sum(_number(row[index]) for row in rows))
        else:
            total.append("")
    return total


def _number(value: Cell) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def percent(share: float | None) -> float | None:
    """A share (0–1) as a percentage, keeping a gap a gap."""
    return share * 100 if share is not None else None
