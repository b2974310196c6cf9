"""Fuentes (1987) cell temperature for many PV configurations at once (no Django).

The equations are those of ``pvlib.temperature.fuentes`` (pvlib's defaults for module size,
heights, emissivity and absorption; hourly steps), which PVWatts v5 uses. pvlib solves each hour's
heat balance ``T = G(T)`` by ten fixed-point steps from the previous hour's temperature. Here the
same fixed point is found faster, to a stated tolerance:

* **Tolerance**: each hour is solved until a step of ``G`` changes the cell temperature by less
  than ``TOLERANCE_K`` (1e-6 K; pvlib's ten steps leave up to about that), or a Newton step is
  below 10·√tolerance (0.01 K) away from air temperature (its result is then far closer than the
  tolerance). Against the balance solved to 1e-11 K, 99.9 % of hours are within 2e-6 K; the
  exceptions are dusk hours with the module at air temperature, where free convection's kink
  gives the balance two solutions (pvlib's steps do not converge there either) and the path may
  take the other; they carry no energy (annual energy within 1e-7). A 1e-6 K error changes the
  power by about 5e-9 of itself (γ ≤ 0.47 %/K), so the annual energy agrees with pvlib's Fuentes
  within 1e-6 relative where both converge (``tests/test_pv_thermal.py``).
* **A good start**: each hour starts from a prediction (the heat balance with the previous hour's
  convection coefficient, which needs no power of the air properties), then Newton steps on
  ``G(T) - T`` with ``G``'s exact derivative (computed from the same powers and exponential:
  arithmetic only): about 2.1-2.5 evaluations of ``G`` per hour instead of pvlib's 10 (3.7 with the
  secant steps from the previous hour's temperature used before).
* **Cheaper steps**: pvlib's air properties are powers of the mean temperature, so forced and
  free convection are ``exp(a + b log T)`` with ``a`` per hour (wind) or per group (tilt); what
  every group shares in an hour (sky temperature, wind terms) is computed once.
* **Nights once per thermal family**: with no irradiance on any group, a module relaxes towards the
  same sky/ambient balance whatever its orientation: each dark hour shrinks the memory of sunset by
  a factor of 30 to 500 (measured: after 5 dark hours the groups of one (NOCT, tilt) differ by
  2e-11 K in Thailand, 1e-5 K in a Denver winter, and by less each further hour). From then on
  that family's one trajectory, computed once, stands for all its groups until light returns; the
  difference left is in dark hours only (no energy) and gone by the morning.
* **Across groups**: the kernel is compiled (numba, arithmetic that LLVM may reorder) and runs the
  groups of a chunk in parallel, each group's year contiguous in memory (each group's hours must
  run in order: the model is recursive).
"""

from __future__ import annotations

import numba
import numpy as np

TOLERANCE_K = 1e-6
# A Newton step s leaves an error of about F''/2F' x s² (F''/2F' is below 0.01 /K for this
# balance), so a step below NEWTON_EXIT_PER_ROOT_K x sqrt(tolerance) ends the hour with its result
# (0.01 K for 1e-6 K), except within KINK_MARGIN_K of air temperature, where free convection's
# |T - T_air|^0.32 has a kink.
NEWTON_EXIT_PER_ROOT_K = 10.0
KINK_MARGIN_K = 1.0
MAX_EVALUATIONS = 40  # never reached in practice; a safeguard, not a budget
NIGHT_MEMORY_HOURS = 5

_BOLTZ = 5.669e-8
_EMISS = 0.84
_ABSORP = 0.83
_CAP0 = 11000.0
_XLEN = 2 * (0.31579 * 1.2) / (0.31579 + 1.2)  # hydraulic diameter of pvlib's default module
_MODULE_HEIGHT_M = 5.0
_WIND_HEIGHT_M = 9.144
# LLVM may reorder and contract arithmetic (results move in the last bits only); NaN and infinity
# keep their meaning (a flat module's free-convection term is exp(-inf) = 0).
_FAST = {"nsz", "arcp", "contract", "afn", "reassoc"}


@numba.njit(cache=True)
def _hconv(tave: float, windmod: float, temp_delta: float, sin_tilt: float, check: bool) -> float:
    # pvlib.temperature._fuentes_hconv with the powers written through one log each (speed);
    # results agree with pvlib to about 1e-12 relative.
    log_tave = np.log(tave)
    densair = 0.003484 * 101325.0 / tave
    visair = 0.24237e-6 * np.exp(0.76 * log_tave) / densair
    condair = 2.1695e-4 * np.exp(0.84 * log_tave)
    reynold = windmod * _XLEN / visair
    if check and reynold > 1.2e5:
        hforce = 0.0282 / np.exp(0.2 * np.log(reynold)) * densair * windmod * 1007 / 0.71**0.4
    else:
        hforce = 0.8600 / np.sqrt(reynold) * densair * windmod * 1007 / 0.71**0.67
    grashof = 9.8 / tave * temp_delta * _XLEN**3 / visair**2 * sin_tilt
    hfree = 0.0
    if grashof > 0:
        hfree = 0.21 * np.exp(0.32 * np.log(grashof * 0.71)) * condair / _XLEN
    return np.cbrt(hfree**3 + hforce**3)


@numba.njit(cache=True)
def _module_constants(noct_installed: float, sin_tilt: float) -> tuple[float, float, float]:
    """(convrat, tgrat, cap) of pvlib's fuentes for an installed NOCT [°C]."""
    tinoct = noct_installed + 273.15
    tave0 = (tinoct + 293.15) / 2
    hconv0 = _hconv(tave0, 1.0, tinoct - 293.15, sin_tilt, False)
    hground0 = _EMISS * _BOLTZ * (tinoct**2 + 293.15**2) * (tinoct + 293.15)
    backrat = (
        _ABSORP * 800.0 - _EMISS * _BOLTZ * (tinoct**4 - 282.21**4) - hconv0 * (tinoct - 293.15)
    ) / ((hground0 + hconv0) * (tinoct - 293.15))
    tground0 = (tinoct**4 - backrat * (tinoct**4 - 293.15**4)) ** 0.25
    tground0 = min(max(tground0, 293.15), tinoct)
    tgrat = (tground0 - 293.15) / (tinoct - 293.15)
    convrat = (_ABSORP * 800 - _EMISS * _BOLTZ * (2 * tinoct**4 - 282.21**4 - tground0**4)) / (
        hconv0 * (tinoct - 293.15)
    )
    cap = _CAP0
    if tinoct > 321.15:
        cap = cap * (1 + (tinoct - 321.15) / 12)
    return convrat, tgrat, cap


# _hconv rewritten for the iteration: with air properties that are powers of the mean temperature
# (pvlib's), forced and free convection are exp(a + b*log(tave)) with a per hour (wind) or per group
# (tilt): two logs, two exps and a cube root per step instead of eight transcendental calls.
_AIR_DENSITY_K = 0.003484 * 101325.0  # densair * tave
_VISAIR_K = 0.24237e-6 / _AIR_DENSITY_K  # visair / tave**1.76
_LOG_RE_TURBULENT = np.log(1.2e5)
_LAMINAR_K = 0.8600 * np.sqrt(_VISAIR_K / _XLEN) * _AIR_DENSITY_K * 1007 / 0.71**0.67
_TURBULENT_K = 0.0282 * (_XLEN / _VISAIR_K) ** -0.2 * _AIR_DENSITY_K * 1007 / 0.71**0.4
_FREE_K = 0.21 * (0.71 * 9.8 * _XLEN**3 / _VISAIR_K**2) ** 0.32 * 2.1695e-4 / _XLEN


@numba.njit(cache=True)
def _wind_terms(windmod: float) -> tuple[float, float, float]:
    """Per hour: log of the Reynolds number's wind part, log of laminar and turbulent h^3."""
    return (
        np.log(windmod * _XLEN / _VISAIR_K),
        3 * np.log(_LAMINAR_K * np.sqrt(windmod)),
        3 * np.log(_TURBULENT_K * windmod**0.8),
    )


@numba.njit(cache=True)
def _free_term(sin_tilt: float) -> float:
    """Per group: log of free convection's h^3 coefficient (-inf when flat: no free term)."""
    return 3 * np.log(_FREE_K * sin_tilt**0.32) if sin_tilt > 0 else -np.inf


@numba.njit(cache=True)
def _radiation(tmod: float, tamb: float, tsky: float, tgrat: float) -> tuple[float, float, float]:
    """pvlib's radiative coefficients to the sky and the ground and the ground's temperature [K]
    for a module at ``tmod``."""
    hsky = _EMISS * _BOLTZ * (tmod**2 + tsky**2) * (tmod + tsky)
    tground = tamb + tgrat * (tmod - tamb)
    hground = _EMISS * _BOLTZ * (tmod**2 + tground**2) * (tmod + tground)
    return hsky, tground, hground


@numba.njit(cache=True, fastmath=_FAST)
def _relax(
    tmod0: float, sun0: float, sun: float, tamb: float, tsky: float, tground: float,
    hconv: float, hsky: float, hground: float, cap: float,
) -> float:  # fmt: skip
    """The hour's end temperature [K] for given heat-transfer coefficients (pvlib's formula)."""
    eigen = -(hconv + hsky + hground) / cap * 3600.0
    ex = np.exp(eigen) if eigen > -10 else 0.0
    return tmod0 * ex + (
        (1 - ex) * (hconv * tamb + hsky * tsky + hground * tground + sun0 + (sun - sun0) / eigen)
        + sun
        - sun0
    ) / (hconv + hsky + hground)


@numba.njit(cache=True, fastmath=_FAST)
def _predict(
    tmod0: float, sun0: float, sun: float, tamb: float, tsky: float, hconv: float,
    tgrat: float, cap: float,
) -> float:  # fmt: skip
    """A start for the hour [K]: the balance with the previous hour's convection coefficient
    (radiation and this hour's sun and air taken as they are). No power of the air properties is
    evaluated, so it costs a fraction of a step, and it already follows the sun."""
    hsky, tground, hground = _radiation(tmod0, tamb, tsky, tgrat)
    return _relax(tmod0, sun0, sun, tamb, tsky, tground, hconv, hsky, hground, cap)


@numba.njit(cache=True, fastmath=_FAST)
def _balance_slope(
    tmod: float, tmod0: float, sun0: float, sun: float, tamb: float, tsky: float,
    wind: tuple[float, float, float], free3: float, convrat: float, tgrat: float, cap: float,
) -> tuple[float, float, float]:  # fmt: skip
    """One step of pvlib's iteration: the temperature ``G(T)`` the heat balance gives for
    ``tmod`` [K], its derivative ``dG/dT`` (from the same powers and exponential, so it costs
    arithmetic only) and the convection coefficient used."""
    log_tave = np.log((tmod + tamb) / 2)
    dlog_tave = 1.0 / (tmod + tamb)
    log_re, laminar3, turbulent3 = wind
    if log_re - 1.76 * log_tave > _LOG_RE_TURBULENT:
        hforce3 = np.exp(turbulent3 - 1.944 * log_tave)
        dhforce3 = -1.944 * hforce3 * dlog_tave
    else:
        hforce3 = np.exp(laminar3 - 0.36 * log_tave)
        dhforce3 = -0.36 * hforce3 * dlog_tave
    delta = abs(tmod - tamb)
    hfree3 = 0.0
    dhfree3 = 0.0
    if delta > 0:
        hfree3 = np.exp(free3 + 0.96 * np.log(delta) - 1.8192 * log_tave)
        ddelta = 1.0 if tmod > tamb else -1.0
        dhfree3 = hfree3 * (0.96 * ddelta / delta - 1.8192 * dlog_tave)
    cubed = hfree3 + hforce3
    hconv = convrat * np.cbrt(cubed)
    dhconv = hconv / (3 * cubed) * (dhfree3 + dhforce3)
    eb = _EMISS * _BOLTZ
    hsky, tground, hground = _radiation(tmod, tamb, tsky, tgrat)
    dhsky = eb * (2 * tmod * (tmod + tsky) + tmod**2 + tsky**2)
    dhground = eb * (
        (2 * tmod + 2 * tground * tgrat) * (tmod + tground) + (tmod**2 + tground**2) * (1 + tgrat)
    )
    # pvlib's relaxation over the hour, R = T0 ex + N / H, differentiated through H, ex and Q.
    h = hconv + hsky + hground
    dh = dhconv + dhsky + dhground
    eigen = -h / cap * 3600.0
    deigen = -dh / cap * 3600.0
    ex = 0.0
    dex = 0.0
    if eigen > -10:
        ex = np.exp(eigen)
        dex = ex * deigen
    q = hconv * tamb + hsky * tsky + hground * tground + sun0 + (sun - sun0) / eigen
    dq = (
        dhconv * tamb + dhsky * tsky + dhground * tground + hground * tgrat
        - (sun - sun0) / eigen**2 * deigen
    )  # fmt: skip
    n = (1 - ex) * q + sun - sun0
    dn = -dex * q + (1 - ex) * dq
    return tmod0 * ex + n / h, tmod0 * dex + (dn * h - n * dh) / h**2, hconv


@numba.njit(cache=True, fastmath=_FAST)
def _solve_hour(
    tmod0: float, sun0: float, sun: float, tamb: float, tsky: float,
    wind: tuple[float, float, float], free3: float, convrat: float, tgrat: float, cap: float,
    hconv: float, tolerance: float, newton_exit: float,
) -> tuple[float, float, int]:  # fmt: skip
    """The hour's fixed point ``T = G(T)`` from the previous hour's state.

    Starts from ``_predict`` (the previous hour's convection coefficient ``hconv``; the previous
    hour's temperature when there is none yet), then Newton steps on ``F(T) = G(T) - T`` with
    the exact derivative. Stops when a step of ``G`` moves less than ``tolerance`` (and returns
    that step), or when a Newton step is below ``newton_exit`` away from the kink at air
    temperature (and returns its result: Newton's error is then about F''/2F' x step², below
    ``tolerance``). Also returns the convection coefficient and the evaluations used.
    """
    x = tmod0
    if hconv > 0:
        x = _predict(tmod0, sun0, sun, tamb, tsky, hconv, tgrat, cap)
    evaluations = 0
    slope = -1.0
    while evaluations < MAX_EVALUATIONS:
        g, dg, hconv = _balance_slope(
            x, tmod0, sun0, sun, tamb, tsky, wind, free3, convrat, tgrat, cap
        )
        evaluations += 1
        f = g - x
        if abs(f) < tolerance:
            return g, hconv, evaluations
        if -50.0 < dg - 1 < -0.05:
            slope = dg - 1
        step = -f / slope
        if abs(x - tamb) < KINK_MARGIN_K or abs(x + step - tamb) < KINK_MARGIN_K:
            break  # near air temperature G has a kink (and may have a second fixed point)
        if abs(step) < newton_exit:
            return x + step, hconv, evaluations
        x = x + step
    # Near the kink: secant steps from here, which stay with the solution the hour started near
    # (as the solver did before Newton's steps; pvlib's plain steps do not converge there).
    x0, f0 = x, f
    x1 = x0 - f0 / slope
    while evaluations < MAX_EVALUATIONS:
        g, _dg, hconv = _balance_slope(
            x1, tmod0, sun0, sun, tamb, tsky, wind, free3, convrat, tgrat, cap
        )
        f1 = g - x1
        evaluations += 1
        if abs(f1) < tolerance:
            return g, hconv, evaluations
        if f1 != f0 and x1 != x0:
            secant = (f1 - f0) / (x1 - x0)
            if -50.0 < secant < -0.05:
                slope = secant
        x0, f0 = x1, f1
        x1 = x1 - f1 / slope
    return g, hconv, evaluations


@numba.njit(cache=True, parallel=True, fastmath=_FAST)
def _fuentes_groups(
    poa_global: np.ndarray,  # (groups, hours) [W/m^2], no NaN: each group's year contiguous
    hourly: np.ndarray,  # (hours, 5): tamb [K], tsky [K] and the three wind terms
    noct_installed: np.ndarray,  # (groups,) [°C]
    sin_tilt: np.ndarray,  # (groups,)
    skip: np.ndarray,  # (hours,) bool: deep in a night, take the family's trajectory
    night: np.ndarray,  # (families, hours) [K]
    family: np.ndarray,  # (groups,) index into night's columns
    tolerance: float,
) -> tuple[np.ndarray, np.ndarray]:
    groups, hours = poa_global.shape
    out = np.empty((groups, hours))
    evaluations = np.zeros(groups, dtype=np.int64)
    newton_exit = NEWTON_EXIT_PER_ROOT_K * np.sqrt(tolerance)
    for g in numba.prange(groups):  # groups are independent: split them over the cores
        convrat, tgrat, cap = _module_constants(noct_installed[g], sin_tilt[g])
        free3 = _free_term(sin_tilt[g])
        tmod0 = 293.15
        sun0 = 0.0
        hconv = 0.0  # none yet: the first hour starts from the initial temperature
        f = family[g]
        count = 0
        for i in range(hours):
            if skip[i]:
                tmod0 = night[f, i]
                sun0 = 0.0
                out[g, i] = tmod0 - 273.15
                continue
            sun = poa_global[g, i] * _ABSORP
            wind = (hourly[i, 2], hourly[i, 3], hourly[i, 4])
            tmod, hconv, used = _solve_hour(
                tmod0, sun0, sun, hourly[i, 0], hourly[i, 1], wind, free3, convrat, tgrat, cap,
                hconv, tolerance, newton_exit,
            )  # fmt: skip
            count += used
            out[g, i] = tmod - 273.15
            tmod0 = tmod
            sun0 = sun
        evaluations[g] = count
    return out, evaluations


@numba.njit(cache=True)
def _hourly_terms(temp_air: np.ndarray, wind_speed: np.ndarray) -> np.ndarray:
    """What every group shares in an hour: tamb, tsky [K] and the wind terms (pvlib's order)."""
    out = np.empty((len(temp_air), 5))
    wind_factor = (_MODULE_HEIGHT_M / _WIND_HEIGHT_M) ** 0.2
    for i in range(len(temp_air)):
        tamb = temp_air[i] + 273.15
        out[i, 0] = tamb
        out[i, 1] = 0.68 * (0.0552 * tamb**1.5) + 0.32 * tamb
        out[i, 2], out[i, 3], out[i, 4] = _wind_terms(wind_speed[i] * wind_factor + 1e-4)
    return out


def night_skip(dark: np.ndarray, memory_hours: int = NIGHT_MEMORY_HOURS) -> np.ndarray:
    """Hours that are dark and preceded by at least ``memory_hours`` dark hours."""
    dark = np.asarray(dark, dtype=bool)
    run = np.zeros(len(dark), dtype=np.int64)
    count = 0
    for i, is_dark in enumerate(dark):  # 8,760 steps: cheap next to the model
        count = count + 1 if is_dark else 0
        run[i] = count
    return run > memory_hours


def fuentes_many(
    poa_global: np.ndarray,
    temp_air: np.ndarray,
    wind_speed: np.ndarray,
    noct_installed: np.ndarray,
    surface_tilt: np.ndarray,
    *,
    tolerance: float = TOLERANCE_K,
) -> tuple[np.ndarray, float]:
    """Cell temperature [°C] (hours, groups) and the mean evaluations of the balance per hour
    solved (pvlib always makes 10)."""
    poa = np.asarray(poa_global, dtype=float)
    if poa.ndim != 2:
        raise ValueError("poa_global must be 2-D: (hours, groups)")
    rows = np.ascontiguousarray(poa.T)  # each group's year contiguous (no copy if it was)
    if np.isnan(rows).any():
        raise ValueError("poa_global has NaN; fill it before the recursive Fuentes model")
    temp = np.ascontiguousarray(temp_air, dtype=float)
    wind = np.ascontiguousarray(wind_speed, dtype=float)
    noct = np.ascontiguousarray(noct_installed, dtype=float)
    sin_tilt = np.ascontiguousarray(np.sin(np.radians(surface_tilt)), dtype=float)
    hours, groups = poa.shape
    if groups == 0:
        return np.empty((hours, 0)), 0.0
    # One night trajectory per thermal family (NOCT, tilt): every group of the family follows it
    # once the night is NIGHT_MEMORY_HOURS deep.
    families, family = np.unique(np.column_stack([noct, sin_tilt]), axis=0, return_inverse=True)
    hourly = _hourly_terms(temp, wind)
    no_skip = np.zeros(hours, dtype=bool)
    night, _ = _fuentes_groups(
        np.zeros((len(families), hours)), hourly, families[:, 0].copy(),
        families[:, 1].copy(), no_skip, np.empty((0, hours)), np.zeros(len(families), np.int64),
        tolerance,
    )  # fmt: skip
    skip = night_skip((rows == 0).all(axis=0))
    out, evaluations = _fuentes_groups(
        rows, hourly, noct, sin_tilt, skip, night + 273.15,
        np.ascontiguousarray(family.ravel(), dtype=np.int64), tolerance,
    )  # fmt: skip
    solved = (hours - int(skip.sum())) * groups
    return out.T, float(evaluations.sum()) / max(solved, 1)


# --- pvlib's scheme (ten plain steps per hour): the reference the tests compare with -----------


@numba.njit(cache=True, parallel=True)
def _fuentes_loop(
    poa_global: np.ndarray,  # (hours, groups) [W/m^2], no NaN
    temp_air: np.ndarray,  # (hours,) [°C]
    wind_speed: np.ndarray,  # (hours,) [m/s]
    noct_installed: np.ndarray,  # (groups,) [°C]
    sin_tilt: np.ndarray,  # (groups,)
) -> np.ndarray:
    hours, groups = poa_global.shape
    out = np.empty((hours, groups))
    for g in numba.prange(groups):  # groups are independent: split them over the cores
        convrat, tgrat, cap = _module_constants(noct_installed[g], sin_tilt[g])
        tmod0 = 293.15
        sun0 = 0.0
        for i in range(hours):
            tamb = temp_air[i] + 273.15
            sun = poa_global[i, g] * _ABSORP
            tsky = 0.68 * (0.0552 * tamb**1.5) + 0.32 * tamb
            windmod = wind_speed[i] * (_MODULE_HEIGHT_M / _WIND_HEIGHT_M) ** 0.2 + 1e-4
            tmod = tmod0
            for _ in range(10):  # pvlib iterates 10 times; stop once the fixed point is reached
                previous = tmod
                tave = (tmod + tamb) / 2
                hconv = convrat * _hconv(tave, windmod, abs(tmod - tamb), sin_tilt[g], True)
                hsky, tground, hground = _radiation(tmod, tamb, tsky, tgrat)
                eigen = -(hconv + hsky + hground) / cap * 3600.0
                ex = np.exp(eigen) if eigen > -10 else 0.0
                tmod = tmod0 * ex + (
                    (1 - ex)
                    * (hconv * tamb + hsky * tsky + hground * tground + sun0 + (sun - sun0) / eigen)
                    + sun
                    - sun0
                ) / (hconv + hsky + hground)
                if abs(tmod - previous) < 1e-10:
                    break
            out[i, g] = tmod - 273.15
            tmod0 = tmod
            sun0 = sun
    return out


def fuentes_pvlib_steps(
    poa_global: np.ndarray,
    temp_air: np.ndarray,
    wind_speed: np.ndarray,
    noct_installed: np.ndarray,
    surface_tilt: np.ndarray,
) -> np.ndarray:
    """Fuentes cell temperature [°C] (hours, groups) by pvlib's own scheme: ten plain steps per
    hour (stopping early once a step moves less than 1e-10 K). Agrees with
    ``pvlib.temperature.fuentes`` to about 1e-11 K; the estimates used it until
    ``fuentes_many`` replaced it, and the tests and benchmarks compare with it.
    """
    poa = np.ascontiguousarray(poa_global, dtype=float)
    if poa.ndim != 2:
        raise ValueError("poa_global must be 2-D: (hours, groups)")
    if np.isnan(poa).any():
        raise ValueError("poa_global has NaN; fill it before the recursive Fuentes model")
    return _fuentes_loop(
        poa,
        np.ascontiguousarray(temp_air, dtype=float),
        np.ascontiguousarray(wind_speed, dtype=float),
        np.ascontiguousarray(noct_installed, dtype=float),
        np.ascontiguousarray(np.sin(np.radians(surface_tilt)), dtype=float),
    )
