"""AC energy per kWp for many configurations, summed by day and month in one pass (no Django).

The DC and inverter models are pvlib's ``pvsystem.pvwatts_dc`` (reference 25 °C) and
``inverter.pvwatts`` (PVWatts v5), with the system losses between them; here they run compiled,
one configuration per task over the cores, and each hour's AC power is added straight to its
day's and its month's sum, so no hourly matrix is built unless a caller asks for it.
``tests/test_pv_output.py`` compares every hour and every sum with pvlib's functions.
"""

from __future__ import annotations

import numba
import numpy as np

TEMP_REF_C = 25.0
PDC0_W = 1000.0  # per kWp


@numba.njit(cache=True, parallel=True)
def _ac_sums(
    transmitted: np.ndarray,  # (groups, light hours) [W/m^2]
    temp_cell: np.ndarray,  # (groups, hours) [°C]
    light: np.ndarray,  # (light hours,) index into hours
    day_code: np.ndarray,  # (hours,) index of the hour's calendar day
    month_index: np.ndarray,  # (hours,) 0..11
    group: np.ndarray,  # (configurations,) index into the groups
    gamma_per_c: np.ndarray,  # (configurations,)
    losses_pct: np.ndarray,
    dc_ac_ratio: np.ndarray,
    eta_nom: float,
    eta_ref: float,
    days: int,
    hourly: np.ndarray,  # (configurations, hours) written when ``keep_hourly``
    keep_hourly: bool,
) -> tuple[np.ndarray, np.ndarray]:
    configs = len(group)
    daily = np.zeros((configs, days))
    monthly = np.zeros((configs, 12))
    for c in numba.prange(configs):
        g = group[c]
        keep = 1 - losses_pct[c] / 100
        inverter_pdc0 = PDC0_W / dc_ac_ratio[c] / eta_nom
        pac0 = eta_nom * inverter_pdc0
        for j in range(len(light)):
            h = light[j]
            pdc = (
                transmitted[g, j]
                * 0.001
                * PDC0_W
                * (1 + gamma_per_c[c] * (temp_cell[g, h] - TEMP_REF_C))
            )
            pdc = pdc * keep
            zeta = pdc / inverter_pdc0
            inverse = 0.0059 / zeta if pdc != 0 else 0.0
            eta = eta_nom / eta_ref * (-0.0162 * zeta - inverse + 0.9858)
            ac = min(pac0, eta * pdc)
            ac = max(0.0, ac)
            daily[c, day_code[h]] += ac
            monthly[c, month_index[h]] += ac
            if keep_hourly:
                hourly[c, h] = ac
    return daily, monthly


def ac_sums(
    *,
    transmitted: np.ndarray,
    temp_cell: np.ndarray,
    light: np.ndarray,
    day_code: np.ndarray,
    month_index: np.ndarray,
    group: np.ndarray,
    gamma_per_c: np.ndarray,
    losses_pct: np.ndarray,
    dc_ac_ratio: np.ndarray,
    eta_nom: float,
    eta_ref: float,
    days: int,
    keep_hourly: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """AC energy [Wh per kWp] per configuration and calendar day (configurations, days) and month
    (configurations, 12), and if asked the hourly AC power [W per kWp] (configurations, hours):
    ``transmitted`` is (groups, light hours), ``temp_cell`` (groups, hours), ``group`` each
    configuration's row in them. Hours outside ``light`` produce nothing."""
    hours = temp_cell.shape[1]
    hourly = np.zeros((len(group), hours) if keep_hourly else (0, 0))
    as_float = np.ascontiguousarray
    daily, monthly = _ac_sums(
        as_float(transmitted, dtype=float), as_float(temp_cell, dtype=float),
        as_float(light, dtype=np.int64), as_float(day_code, dtype=np.int64),
        as_float(month_index, dtype=np.int64), as_float(group, dtype=np.int64),
        as_float(gamma_per_c, dtype=float), as_float(losses_pct, dtype=float),
        as_float(dc_ac_ratio, dtype=float), float(eta_nom), float(eta_ref), int(days), hourly,
        keep_hourly,
    )  # fmt: skip
    return daily, monthly, (hourly if keep_hourly else None)
