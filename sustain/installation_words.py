"""An installation's page: its estimate's inputs in words, and its meter readings against the
energy expected for the same periods as a chart with labelled axes."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext as _

from sustain.core.thaidates import month_label
from sustain.models import MeterReading, ModuleType, Mounting

# Compass points every 45°, from north clockwise (the azimuth pvlib takes: 180° = south).
DIRECTIONS = (
    pgettext_lazy("compass point", "north"),
    pgettext_lazy("compass point", "north-east"),
    pgettext_lazy("compass point", "east"),
    pgettext_lazy("compass point", "south-east"),
    pgettext_lazy("compass point", "south"),
    pgettext_lazy("compass point", "south-west"),
    pgettext_lazy("compass point", "west"),
    pgettext_lazy("compass point", "north-west"),
)


def facing(azimuth_deg: float) -> str:
    """The compass point a surface faces: 135° → south-east."""
    index = round((azimuth_deg % 360) / 45) % 8
    return str(DIRECTIONS[index])


def _number(value: object, decimals: int) -> str:
    return number_format(float(value), decimals, use_l10n=True, force_grouping=True)  # type: ignore[arg-type]


def inputs_in_words(inputs: Mapping[str, object]) -> str:
    """E.g. "5 kWp, tilt 12°, facing south-east, roof-mounted, standard modules, system losses
    14 %, DC/AC ratio 1.2" in the page's language."""
    parts = []
    if "capacity_kwp" in inputs:
        parts.append(
            _("%(kwp)s kWp") % {"kwp": _number(inputs["capacity_kwp"], 2).rstrip("0").rstrip(".")}
        )
    if "tilt_deg" in inputs:
        parts.append(_("tilt %(degrees)s°") % {"degrees": _number(inputs["tilt_deg"], 0)})
    if "azimuth_deg" in inputs:
        azimuth = float(inputs["azimuth_deg"])  # type: ignore[arg-type]
        parts.append(_("facing %(direction)s") % {"direction": facing(azimuth)})
    mountings: dict[str, str] = {
        Mounting.ROOF.value: _("roof-mounted"),
        Mounting.OPEN_RACK.value: _("on an open rack"),
    }
    mounting = mountings.get(str(inputs.get("mounting", "")))
    if mounting:
        parts.append(mounting)
    module_types: dict[str, str] = {
        ModuleType.STANDARD.value: _("standard modules"),
        ModuleType.PREMIUM.value: _("premium modules"),
        ModuleType.THIN_FILM.value: _("thin-film modules"),
    }
    modules = module_types.get(str(inputs.get("module_type", "")))
    if modules:
        parts.append(modules)
    if "losses_pct" in inputs:
        parts.append(
            _("system losses %(percent)s %%") % {"percent": _number(inputs["losses_pct"], 0)}
        )
    if "dc_ac_ratio" in inputs:
        parts.append(_("DC/AC ratio %(ratio)s") % {"ratio": _number(inputs["dc_ac_ratio"], 2)})
    return ", ".join(parts)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    height: float
    kwh: float


@dataclass(frozen=True)
class Period:
    label: str
    centre: float
    metered: Bar
    expected: Bar | None


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class ReadingChart:
    width: int
    height: int
    left: int
    top: int
    bottom: float  # the x axis (y of kWh 0)
    periods: list[Period]
    ticks: list[Tick]
    x_title: str
    y_title: str
    label_y: float  # the months' names, under the x axis
    x_title_at: tuple[float, float]
    y_title_at: tuple[float, float]
    metered_label: str
    expected_label: str


PLOT_HEIGHT = 150
LEFT, TOP, RIGHT, BELOW = 56, 12, 8, 52
BAR_WIDTH = 12


def _step(top: float) -> float:
    """A round tick step giving 3–6 ticks up to ``top``."""
    raw = top / 4
    power = 10 ** math.floor(math.log10(raw))
    return next(power * m for m in (1, 2, 2.5, 5, 10) if power * m >= raw)


def reading_chart(readings: Iterable[MeterReading], *, last: int = 12) -> ReadingChart | None:
    """The last ``last`` readings: metered and expected energy of each period, side by side."""
    rows = sorted(readings, key=lambda r: r.period_end)[-last:]
    if not rows:
        return None
    highest = max(max(float(r.energy_kwh), float(r.expected_kwh or 0)) for r in rows) or 1.0
    step = _step(highest)
    top = step * math.ceil(highest / step)
    scale = PLOT_HEIGHT / top
    slot = 40
    bottom = TOP + PLOT_HEIGHT
    thai = get_language() == "th"
    periods = []
    for index, reading in enumerate(rows):
        centre = LEFT + slot * index + slot / 2
        metered = float(reading.energy_kwh)
        metered_bar = Bar(centre - BAR_WIDTH, bottom - metered * scale, metered * scale, metered)
        expected_bar = None
        if reading.expected_kwh is not None:
            expected = float(reading.expected_kwh)
            expected_bar = Bar(centre, bottom - expected * scale, expected * scale, expected)
        label = month_label(reading.period_end.year, reading.period_end.month, thai=thai)
        periods.append(Period(label, centre, metered_bar, expected_bar))
    ticks = [
        Tick(bottom - value * scale, _number(value, 0))
        for value in (step * i for i in range(round(top / step) + 1))
    ]
    return ReadingChart(
        width=LEFT + slot * len(rows) + RIGHT,
        height=TOP + PLOT_HEIGHT + BELOW,
        left=LEFT,
        top=TOP,
        bottom=bottom,
        periods=periods,
        ticks=ticks,
        x_title=_("Month of the reading (period end)"),
        y_title=_("Energy (kWh)"),
        label_y=bottom + 14,
        x_title_at=((LEFT + LEFT + slot * len(rows)) / 2, TOP + PLOT_HEIGHT + BELOW - 8),
        y_title_at=(14, TOP + PLOT_HEIGHT / 2),
        metered_label=_("Metered"),
        expected_label=_("Expected for the same period"),
    )
