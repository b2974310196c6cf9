"""PVWatts v5 with pvlib: an hourly weather year and PV systems in, AC energy out (no Django).

The chain follows NREL's PVWatts v5 (Dobos 2014, NREL/TP-6A20-62641; ssc ``cmod_pvwattsv5``):
sun position at the middle of each hour, Perez 1990 transposition (albedo 0.2), glass cover loss on
the beam (``pvlib.iam.physical``), Fuentes 1987 cell temperature (installed NOCT 45 °C open rack,
49 °C roof), ``pvlib.pvsystem.pvwatts_dc``, system losses, ``pvlib.inverter.pvwatts``.

Speed: the DC model is linear in ``pdc0``, losses multiply, and the inverter sees only
``pdc / pdc0``, so every system sharing (tilt, azimuth, mounting, module type, losses, DC/AC ratio)
shares one AC profile per kWp (exact, no rounding). The fleet is computed as one profile per
distinct configuration, with the Fuentes recursion run once over time for all configurations
together (``fuentes_cell_temperature``), then scaled by each system's kWp.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numba
import numpy as np
import pandas as pd
import pvlib

MODEL_VERSION = f"pvwatts5-pvlib{pvlib.__version__}-sustain1"
MODEL_DESCRIPTION = (
    "PVWatts v5 with pvlib: sun position at mid-hour, Perez 1990 transposition (albedo 0.2), "
    "iam.physical on the beam, Fuentes cell temperature, pvwatts_dc, pvwatts inverter"
)

ALBEDO = 0.2
GAMMA_PDC_PER_C = {"standard": -0.0047, "premium": -0.0035, "thin_film": -0.0020}
NOCT_INSTALLED_C = {"open_rack": 45.0, "roof": 49.0}
INVERTER_ETA_NOM = 0.96
INVERTER_ETA_REF = 0.9637
# Fuentes (1987) hard-wires sin(tilt) = 0.5 (tilt 30°) in the free-convection term, as pvlib's
# fuentes() does by default. We pass each array's own tilt: against the two PVWatts exports in
# tests/data (tilt 20°) that gives 0.99986 of the annual AC instead of 0.99979.
MAX_INTERPOLATED_GAP_HOURS = 3  # shorter weather gaps are filled linearly and reported

# A system's defaults (PVWatts v5) and the range of each input. The records' validators and
# database constraints, the API schema and the estimate_pv command all take them from here.
DEFAULT_AZIMUTH_DEG = 180.0  # facing south
DEFAULT_MOUNTING = "roof"
DEFAULT_MODULE_TYPE = "standard"
DEFAULT_LOSSES_PCT = 14.08  # pvlib.pvsystem.pvwatts_losses() with PVWatts v5 defaults
DEFAULT_DC_AC_RATIO = 1.2


@dataclass(frozen=True)
class Bounds:
    """The values an input may take: ``low``..``high`` (``low`` excluded unless inclusive)."""

    low: float
    high: float
    low_inclusive: bool = True

    def admits(self, value: float) -> bool:
        above = value >= self.low if self.low_inclusive else value > self.low
        return above and value <= self.high


LIMITS = {
    "capacity_kwp": Bounds(0, 1000, low_inclusive=False),  # kWp
    "tilt_deg": Bounds(0, 90),  # 0 = flat, 90 = vertical
    "azimuth_deg": Bounds(0, 360),  # 0 = north, 180 = south
    "losses_pct": Bounds(-5, 99),  # %
    "dc_ac_ratio": Bounds(0.5, 3),
}


@dataclass(frozen=True)
class SystemConfig:
    """What decides a system's AC output per kWp (capacity only scales it)."""

    tilt_deg: float
    azimuth_deg: float
    mounting: str = DEFAULT_MOUNTING
    module_type: str = DEFAULT_MODULE_TYPE
    losses_pct: float = DEFAULT_LOSSES_PCT
    dc_ac_ratio: float = DEFAULT_DC_AC_RATIO

    def __post_init__(self) -> None:
        if self.mounting not in NOCT_INSTALLED_C:
            raise ValueError(f"mounting must be one of {sorted(NOCT_INSTALLED_C)}")
        if self.module_type not in GAMMA_PDC_PER_C:
            raise ValueError(f"module_type must be one of {sorted(GAMMA_PDC_PER_C)}")


CONFIG_COLUMNS = ["tilt_deg", "azimuth_deg", "mounting", "module_type", "losses_pct", "dc_ac_ratio"]


@dataclass(frozen=True)
class Weather:
    """A continuous hourly weather series; ``times`` are the starts of the hours (tz-aware).

    Irradiance [W/m^2], air temperature [°C] and wind speed at 10 m [m/s]; NaN marks a gap.
    """

    times: pd.DatetimeIndex
    ghi: np.ndarray
    dni: np.ndarray
    dhi: np.ndarray
    temp_air: np.ndarray
    wind_speed: np.ndarray
    latitude: float
    longitude: float
    altitude_m: float
    name: str = ""

    def __post_init__(self) -> None:
        n = len(self.times)
        if n < 24:
            raise ValueError("weather needs at least one day of hourly values")
        if self.times.tz is None:
            raise ValueError("weather times must carry a time zone")
        if not (self.times[1:] - self.times[:-1] == pd.Timedelta(hours=1)).all():
            raise ValueError("weather times must be continuous hours without repeats")
        for name in ("ghi", "dni", "dhi", "temp_air", "wind_speed"):
            if len(getattr(self, name)) != n:
                raise ValueError(f"weather column {name} has {len(getattr(self, name))} values")


@dataclass(frozen=True)
class WeatherGaps:
    """Missing weather hours and what the model did about them."""

    missing_hours: int
    interpolated_hours: int
    unfilled_hours: int
    unfilled_daylight_hours_by_month: tuple[int, ...]
    longest_gap_hours: int
    months_without_data: tuple[int, ...] = ()

    @property
    def note(self) -> str:
        if not self.missing_hours:
            return "complete: no missing hours"
        parts = [f"{self.missing_hours} missing hours"]
        if self.interpolated_hours:
            parts.append(
                f"{self.interpolated_hours} filled by linear interpolation "
                f"(gaps of up to {MAX_INTERPOLATED_GAP_HOURS} h)"
            )
        if self.unfilled_hours:
            parts.append(
                f"{self.unfilled_hours} left out, each month scaled up by its daylight hours "
                "with data"
            )
        if self.months_without_data:
            parts.append(f"no usable data in month(s) {list(self.months_without_data)}")
        return "; ".join(parts)


@dataclass
class Geometry:
    """Sun and sky quantities at the middle of each hour, shared by every configuration."""

    solar_zenith: np.ndarray
    apparent_zenith: np.ndarray
    solar_azimuth: np.ndarray
    dni_extra: np.ndarray
    airmass: np.ndarray
    daylight: np.ndarray
    month: np.ndarray = field(repr=False)

    @classmethod
    def for_weather(cls, weather: Weather) -> Geometry:
        mid = weather.times + pd.Timedelta(minutes=30)
        position = pvlib.solarposition.get_solarposition(
            mid, weather.latitude, weather.longitude, altitude=weather.altitude_m
        )
        apparent_zenith = position["apparent_zenith"].to_numpy()
        return cls(
            solar_zenith=position["zenith"].to_numpy(),
            apparent_zenith=apparent_zenith,
            solar_azimuth=position["azimuth"].to_numpy(),
            dni_extra=np.asarray(pvlib.irradiance.get_extra_radiation(mid)),
            airmass=np.asarray(pvlib.atmosphere.get_relative_airmass(apparent_zenith)),
            daylight=apparent_zenith < 90,
            month=weather.times.month.to_numpy(),
        )


@dataclass(frozen=True)
class ProfileResult:
    """AC output per kWp of DC for each configuration.

    ``hourly_w_per_kwp`` has shape (hours, configurations); NaN where the weather has an unfilled
    gap. ``monthly_kwh_per_kwp`` (configurations, 12) is gap-corrected (see ``WeatherGaps``).
    """

    configs: list[SystemConfig]
    hourly_w_per_kwp: np.ndarray
    monthly_kwh_per_kwp: np.ndarray
    gaps: WeatherGaps

    @property
    def annual_kwh_per_kwp(self) -> np.ndarray:
        return self.monthly_kwh_per_kwp.sum(axis=1)


def _interpolate_short_gaps(values: np.ndarray) -> np.ndarray:
    """Fill runs of at most MAX_INTERPOLATED_GAP_HOURS NaN between two values; leave longer runs."""
    series = pd.Series(values, dtype=float)
    missing = series.isna()
    run_id = (missing != missing.shift()).cumsum()
    run_length = missing.groupby(run_id).transform("sum")
    short = missing & (run_length <= MAX_INTERPOLATED_GAP_HOURS)
    filled = series.interpolate(limit_area="inside")
    return series.where(~short, filled).to_numpy()


def prepare_weather(weather: Weather) -> tuple[Weather, np.ndarray, int]:
    """Fill short gaps; return the filled weather, the mask of unfilled hours and the count filled.

    Temperature and wind left missing after interpolation take their month's mean (they only
    affect cell temperature); irradiance left missing stays NaN and those hours are left out.
    """
    columns = {}
    raw_missing = np.zeros(len(weather.times), dtype=bool)
    for name in ("ghi", "dni", "dhi", "temp_air", "wind_speed"):
        values = np.asarray(getattr(weather, name), dtype=float)
        raw_missing |= np.isnan(values)
        columns[name] = _interpolate_short_gaps(values)
    months = weather.times.month.to_numpy()
    for name in ("temp_air", "wind_speed"):
        values = columns[name]
        if np.isnan(values).all():
            raise ValueError(f"weather column {name} has no values")
        means = pd.Series(values).groupby(months).transform("mean").to_numpy()
        values = np.where(np.isnan(values), means, values)
        columns[name] = np.where(np.isnan(values), np.nanmean(values), values)
    unfilled = np.isnan(columns["ghi"]) | np.isnan(columns["dni"]) | np.isnan(columns["dhi"])
    filled = int(raw_missing.sum() - unfilled.sum())
    prepared = Weather(
        times=weather.times,
        latitude=weather.latitude,
        longitude=weather.longitude,
        altitude_m=weather.altitude_m,
        name=weather.name,
        **columns,
    )
    return prepared, unfilled, filled


def _longest_run(mask: np.ndarray) -> int:
    if not mask.any():
        return 0
    padded = np.concatenate([[0], mask.astype(np.int8), [0]])
    edges = np.flatnonzero(np.diff(padded))
    return int(np.max(edges[1::2] - edges[::2]))


# --- Fuentes cell temperature, vectorised over configurations -------------------------------

_BOLTZ = 5.669e-8
_EMISS = 0.84
_ABSORP = 0.83
_CAP0 = 11000.0
_XLEN = 2 * (0.31579 * 1.2) / (0.31579 + 1.2)  # hydraulic diameter of pvlib's default module
_MODULE_HEIGHT_M = 5.0
_WIND_HEIGHT_M = 9.144


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
        tinoct = noct_installed[g] + 273.15
        tave0 = (tinoct + 293.15) / 2
        hconv0 = _hconv(tave0, 1.0, tinoct - 293.15, sin_tilt[g], False)
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
                hsky = _EMISS * _BOLTZ * (tmod**2 + tsky**2) * (tmod + tsky)
                tground = tamb + tgrat * (tmod - tamb)
                hground = _EMISS * _BOLTZ * (tmod**2 + tground**2) * (tmod + tground)
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


def fuentes_cell_temperature(
    poa_global: np.ndarray,
    temp_air: np.ndarray,
    wind_speed: np.ndarray,
    noct_installed: np.ndarray,
    surface_tilt: np.ndarray,
) -> np.ndarray:
    """Fuentes (1987) cell temperature [°C] for many configurations over hourly steps at once.

    The same equations as ``pvlib.temperature.fuentes`` (pvlib's defaults for module size,
    heights, emissivity and absorption; hourly steps), compiled and run once over time for every
    column of ``poa_global`` (hours, groups) [W/m^2]; ``noct_installed`` [°C] and ``surface_tilt``
    [°] have one value per group. NaN irradiance must be filled first: the
    model is recursive, so one NaN would poison every later hour.
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


# --- The chain ---------------------------------------------------------------------------------


def _configs_array(configs: Sequence[SystemConfig], attribute: str) -> np.ndarray:
    return np.array([getattr(c, attribute) for c in configs], dtype=float)


def per_kwp_profiles(
    weather: Weather, configs: Sequence[SystemConfig], *, chunk_groups: int = 96
) -> ProfileResult:
    """Hourly AC [W per kWp DC] and gap-corrected monthly energy [kWh/kWp] per configuration.

    Irradiance and cell temperature depend only on (tilt, azimuth, mounting), so they are computed
    once per such "thermal" group: irradiance ``chunk_groups`` groups at a time to bound memory,
    then the Fuentes recursion once over the year for all groups together. Module type, losses and
    DC/AC ratio only enter the cheap electrical step that follows.
    """
    configs = list(configs)
    prepared, unfilled, interpolated = prepare_weather(weather)
    geometry = Geometry.for_weather(prepared)
    light = np.flatnonzero((prepared.ghi > 0) | (prepared.dni > 0) | (prepared.dhi > 0))
    keys = list(dict.fromkeys((c.tilt_deg, c.azimuth_deg, c.mounting) for c in configs))
    key_index = {key: i for i, key in enumerate(keys)}
    transmitted = np.empty((len(light), len(keys)))
    poa_global = np.zeros((len(prepared.times), len(keys)))
    for start in range(0, len(keys), chunk_groups):
        chunk = keys[start : start + chunk_groups]
        stop = start + len(chunk)
        transmitted[:, start:stop], poa_global[light, start:stop] = _poa(
            prepared, geometry, light, chunk
        )
    # One pass of the recursive thermal model over the year, for every group together.
    temp_cell = fuentes_cell_temperature(
        poa_global,
        prepared.temp_air,
        prepared.wind_speed,
        np.array([NOCT_INSTALLED_C[k[2]] for k in keys]),
        np.array([k[0] for k in keys], dtype=float),
    )[light]
    columns = np.array([key_index[(c.tilt_deg, c.azimuth_deg, c.mounting)] for c in configs])
    hourly = np.zeros((len(prepared.times), len(configs)))
    if configs:
        hourly[light] = _electrical(transmitted[:, columns], temp_cell[:, columns], configs)
    hourly[unfilled, :] = np.nan
    monthly, months_without = _monthly_kwh(hourly, geometry, unfilled)
    daylight_gaps = tuple(
        int((unfilled & geometry.daylight & (geometry.month == m)).sum()) for m in range(1, 13)
    )
    gaps = WeatherGaps(
        missing_hours=int(unfilled.sum()) + interpolated,
        interpolated_hours=interpolated,
        unfilled_hours=int(unfilled.sum()),
        unfilled_daylight_hours_by_month=daylight_gaps,
        longest_gap_hours=_longest_run(unfilled),
        months_without_data=months_without,
    )
    return ProfileResult(
        configs=configs, hourly_w_per_kwp=hourly, monthly_kwh_per_kwp=monthly, gaps=gaps
    )


def _poa(
    weather: Weather,
    geometry: Geometry,
    light: np.ndarray,
    keys: list[tuple[float, float, str]],
) -> tuple[np.ndarray, np.ndarray]:
    """Transmitted and total plane-of-array irradiance [W/m^2] in the hours with light, per key.

    Only those hours are transposed; every other hour has no irradiance (the thermal model still
    runs through them, so the module cools at night).
    """
    tilt = np.array([k[0] for k in keys], dtype=float)[None, :]
    azimuth = np.array([k[1] for k in keys], dtype=float)[None, :]
    col = np.newaxis
    zenith = geometry.apparent_zenith[light, col]  # as pvlib's ModelChain does
    sun_azimuth = geometry.solar_azimuth[light, col]
    dni, dhi, ghi = weather.dni[light, col], weather.dhi[light, col], weather.ghi[light, col]
    aoi = pvlib.irradiance.aoi(tilt, azimuth, zenith, sun_azimuth)
    with np.errstate(invalid="ignore", divide="ignore"):
        sky = pvlib.irradiance.perez(
            tilt, azimuth, dhi, dni, geometry.dni_extra[light, col], zenith, sun_azimuth,
            geometry.airmass[light, col],
        )  # fmt: skip
        ground = pvlib.irradiance.get_ground_diffuse(tilt, ghi, albedo=ALBEDO)
        beam = np.maximum(dni * np.cos(np.radians(aoi)), 0)
        # Perez gives NaN when the sun is up and DHI is 0, or in twilight hours with diffuse
        # light and the mid-hour sun below the horizon: no sky diffuse then (as PVWatts).
        sky = np.nan_to_num(np.asarray(sky, dtype=float), nan=0.0)
        ground = np.nan_to_num(np.asarray(ground, dtype=float), nan=0.0)
        transmitted = beam * pvlib.iam.physical(aoi, n=1.526, K=4.0, L=0.002) + sky + ground
    return transmitted, beam + sky + ground


def _electrical(
    transmitted: np.ndarray, temp_cell: np.ndarray, configs: list[SystemConfig]
) -> np.ndarray:
    """AC power [W] per kWp from transmitted POA and cell temperature, one column per config."""
    gamma = np.array([GAMMA_PDC_PER_C[c.module_type] for c in configs])[None, :]
    pdc0_w = 1000.0  # per kWp
    pdc = pvlib.pvsystem.pvwatts_dc(transmitted, temp_cell, pdc0_w, gamma)
    pdc = pdc * (1 - _configs_array(configs, "losses_pct")[None, :] / 100)
    pac0_w = pdc0_w / _configs_array(configs, "dc_ac_ratio")[None, :]
    return np.asarray(
        pvlib.inverter.pvwatts(pdc, pac0_w / INVERTER_ETA_NOM, INVERTER_ETA_NOM, INVERTER_ETA_REF),
        dtype=float,
    )


def _monthly_kwh(
    hourly_w: np.ndarray, geometry: Geometry, unfilled: np.ndarray
) -> tuple[np.ndarray, tuple[int, ...]]:
    """Monthly kWh per kWp, each month scaled by (daylight hours / daylight hours with data)."""
    monthly = np.zeros((hourly_w.shape[1], 12))
    empty = []
    for m in range(1, 13):
        in_month = geometry.month == m
        if not in_month.any():
            empty.append(m)
            monthly[:, m - 1] = np.nan
            continue
        daylight = (geometry.daylight & in_month).sum()
        with_data = (geometry.daylight & in_month & ~unfilled).sum()
        if daylight and not with_data:
            empty.append(m)
            monthly[:, m - 1] = np.nan
            continue
        scale = daylight / with_data if with_data else 1.0
        monthly[:, m - 1] = np.nansum(hourly_w[in_month], axis=0) / 1000 * scale
    return monthly, tuple(empty)


def config_groups(systems: pd.DataFrame) -> tuple[list[SystemConfig], np.ndarray]:
    """The fleet's distinct configurations (first seen first) and each system's index into them.

    Systems sharing (tilt, azimuth, mounting, module type, losses, DC/AC ratio) share one per-kWp
    profile; this is the only place that groups them.
    """
    if systems.empty:
        return [], np.zeros(0, dtype=int)
    codes, uniques = pd.MultiIndex.from_frame(systems[CONFIG_COLUMNS]).factorize()
    configs = [
        SystemConfig(
            tilt_deg=float(t),
            azimuth_deg=float(a),
            mounting=str(mo),
            module_type=str(mt),
            losses_pct=float(lo),
            dc_ac_ratio=float(r),
        )
        for t, a, mo, mt, lo, r in uniques
    ]
    return configs, np.asarray(codes)


@dataclass(frozen=True)
class FleetEstimate:
    """Typical-year energy for each system, in the order given."""

    monthly_kwh: np.ndarray  # (systems, 12)
    annual_kwh: np.ndarray  # (systems,)
    specific_yield_kwh_per_kwp: np.ndarray  # (systems,)
    config_index: np.ndarray  # (systems,) index into profiles.configs
    profiles: ProfileResult


def estimate_fleet(weather: Weather, systems: pd.DataFrame) -> FleetEstimate:
    """Estimate every system in ``systems`` (columns ``capacity_kwp`` and ``CONFIG_COLUMNS``).

    Systems with identical configurations share one per-kWp profile; results are exact per system.
    """
    missing = [c for c in ["capacity_kwp", *CONFIG_COLUMNS] if c not in systems.columns]
    if missing:
        raise ValueError(f"systems lack column(s): {', '.join(missing)}")
    configs, codes = config_groups(systems)
    profiles = per_kwp_profiles(weather, configs)
    capacity = systems["capacity_kwp"].to_numpy(dtype=float)
    monthly = profiles.monthly_kwh_per_kwp[codes] * capacity[:, None]
    annual = monthly.sum(axis=1)
    return FleetEstimate(
        monthly_kwh=monthly,
        annual_kwh=annual,
        specific_yield_kwh_per_kwp=profiles.annual_kwh_per_kwp[codes],
        config_index=np.asarray(codes),
        profiles=profiles,
    )
