"""Weather years and their lit hours for the PV kernel tests (one place, so each test reads the same)."""

from __future__ import annotations

import numpy as np
import pvlib

from sustain.core import pv, weather
from tests.test_pv import pvwatts_export


def weather_year(source: str, export: str = "pvwatts_8760_rackmount.csv") -> pv.Weather:
    """``pvwatts_export`` (real Denver weather with winter nights and overcast hours) or
    ``default_thai_year`` (the approximate year a new deployment starts with)."""
    if source == "pvwatts_export":
        return pvwatts_export(export)[0]
    return weather.default_weather_year(
        latitude=19.717, longitude=100.18, altitude_m=446, tz="Asia/Bangkok"
    ).weather


def lit_hours(w: pv.Weather) -> tuple[pv.Weather, pv.Geometry, np.ndarray]:
    """The prepared weather, its sun geometry and the hours with any light, as the chain uses."""
    prepared, _unfilled, _n = pv.prepare_weather(w)
    geometry = pv.Geometry.for_weather(prepared)
    light = np.flatnonzero((prepared.ghi > 0) | (prepared.dni > 0) | (prepared.dhi > 0))
    return prepared, geometry, light


def ac_with_pvlib(
    transmitted: np.ndarray, temp_cell: np.ndarray, configs: list[pv.SystemConfig]
) -> np.ndarray:
    """AC power [W] per kWp, one column per config, by pvlib's own ``pvwatts_dc`` and
    ``inverter.pvwatts`` with the losses applied as the chain does: the reference that
    ``pv_output.ac_sums`` is compared with."""
    gamma = np.array([pv.GAMMA_PDC_PER_C[c.module_type] for c in configs])[None, :]
    pdc0_w = 1000.0  # per kWp
    pdc = pvlib.pvsystem.pvwatts_dc(transmitted, temp_cell, pdc0_w, gamma)
    pdc = pdc * (1 - np.array([c.losses_pct for c in configs])[None, :] / 100)
    pac0_w = pdc0_w / np.array([c.dc_ac_ratio for c in configs])[None, :]
    return np.asarray(
        pvlib.inverter.pvwatts(
            pdc, pac0_w / pv.INVERTER_ETA_NOM, pv.INVERTER_ETA_NOM, pv.INVERTER_ETA_REF
        ),
        dtype=float,
    )
