"""PVWatts v5 with pvlib: an hourly weather year and PV systems in, AC energy out (no Django).

The chain follows NREL's PVWatts v5 (Dobos 2014, NREL/TP-6A20-62641; ssc ``cmod_pvwattsv5``):
sun position at the middle of each hour, Perez 1990 transposition (albedo 0.2), glass cover loss on
the beam (``pvlib.iam.physical``), Fuentes 1987 cell temperature (installed NOCT 45 °C open rack,
49 °C roof), ``pvlib.pvsystem.pvwatts_dc``, system losses, ``pvlib.inverter.pvwatts``.

Speed: the DC model is linear in ``pdc0``, losses multiply, and the inverter sees only
``pdc / pdc0``, so every system sharing (tilt, azimuth, mounting, module type, losses, DC/AC ratio)
shares one AC profile per kWp (exact, no rounding). The fleet is computed as one profile per
distinct configuration, irradiance and the Fuentes recursion (``pv_thermal.fuentes_many``) once per
(tilt, azimuth, mounting), a chunk of such groups at a time so memory never grows with the fleet;
each system's figures are its configuration's scaled by its kWp.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pvlib

from sustain.core.pv_irradiance import poa_many
from sustain.core.pv_output import ac_sums
from sustain.core.pv_thermal import fuentes_many

MODEL_VERSION = f"pvwatts5-pvlib{pvlib.__version__}-sustain2"
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

    ``monthly_kwh_per_kwp`` (configurations, 12) is gap-corrected (see ``WeatherGaps``).
    ``daily_kwh_per_kwp`` (configurations, days) has one value per calendar day of the weather
    (``days``: (month, day), sorted); a day with an unfilled gap holds its month's mean. The hourly
    matrix (hours, configurations) is kept only when asked for (``hourly=True``): for a fleet it
    is what does not fit in memory.
    """

    configs: list[SystemConfig]
    monthly_kwh_per_kwp: np.ndarray
    gaps: WeatherGaps
    days: tuple[tuple[int, int], ...] = ()
    daily_kwh_per_kwp: np.ndarray | None = field(default=None, repr=False)
    hourly: np.ndarray | None = field(default=None, repr=False)
    mean_thermal_evaluations: float = 0.0  # per hour solved (pvlib's scheme makes 10)

    @property
    def hourly_w_per_kwp(self) -> np.ndarray:
        """Hourly AC [W per kWp] (hours, configurations); NaN where the weather has a gap."""
        if self.hourly is None:
            raise ValueError("computed without hourly=True: only monthly and daily values kept")
        return self.hourly

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


# --- The chain ---------------------------------------------------------------------------------


def _configs_array(configs: Sequence[SystemConfig], attribute: str) -> np.ndarray:
    return np.array([getattr(c, attribute) for c in configs], dtype=float)


CHUNK_GROUPS = 256  # thermal groups (tilt, azimuth, mounting) computed at once
CHUNK_CONFIGS = 512  # configurations whose hourly AC is held at once


def per_kwp_profiles(
    weather: Weather,
    configs: Sequence[SystemConfig],
    *,
    chunk_groups: int = CHUNK_GROUPS,
    hourly: bool = False,
    daily: bool = True,
) -> ProfileResult:
    """Monthly (and daily, and if asked hourly) energy per kWp for each configuration.

    Irradiance and cell temperature depend only on (tilt, azimuth, mounting), so they are computed
    once per such "thermal" group, ``chunk_groups`` groups at a time; module type, losses and DC/AC
    ratio only enter the cheap electrical step that follows, ``CHUNK_CONFIGS`` configurations at a
    time. Only the per-configuration results outlive a chunk, so memory is bounded by the chunk
    (about 60 MB), never by the fleet, unless ``hourly`` asks for every configuration's hours.
    """
    configs = list(configs)
    prepared, unfilled, interpolated = prepare_weather(weather)
    geometry = Geometry.for_weather(prepared)
    light = np.flatnonzero((prepared.ghi > 0) | (prepared.dni > 0) | (prepared.dhi > 0))
    hours = len(prepared.times)
    key_of = [(c.tilt_deg, c.azimuth_deg, c.mounting) for c in configs]
    # Groups of one mounting and tilt side by side: a chunk then holds few thermal families (one
    # night trajectory each, see pv_thermal) whatever order the configurations came in.
    keys = sorted(dict.fromkeys(key_of), key=lambda k: (k[2], k[0], k[1]))
    key_index = {key: i for i, key in enumerate(keys)}
    config_key = np.array([key_index[k] for k in key_of], dtype=np.int64)
    by_key = np.argsort(config_key, kind="stable")  # configurations in the order of their groups
    key_starts = np.searchsorted(config_key[by_key], np.arange(len(keys) + 1))
    day_codes, days = _day_codes(prepared.times)
    month_scale, months_without = _month_scales(geometry, unfilled)
    gap_days = np.zeros(len(days), dtype=bool)
    gap_days[day_codes[unfilled]] = True
    monthly = np.zeros((len(configs), 12))
    daily_values = np.zeros((len(configs), len(days))) if daily else None
    hourly_values = np.zeros((hours, len(configs))) if hourly else None
    evaluations: list[tuple[float, int]] = []
    for start in range(0, len(keys), chunk_groups):
        chunk = keys[start : start + chunk_groups]
        transmitted, poa_light = _poa(prepared, geometry, light, chunk)
        poa_rows = np.zeros((len(chunk), hours))  # each group's year contiguous
        poa_rows[:, light] = poa_light.T
        del poa_light
        temp_cell, mean_evaluations = fuentes_many(
            poa_rows.T, prepared.temp_air, prepared.wind_speed,
            np.array([NOCT_INSTALLED_C[k[2]] for k in chunk]),
            np.array([k[0] for k in chunk], dtype=float),
        )  # fmt: skip
        del poa_rows
        evaluations.append((mean_evaluations, len(chunk)))
        members = by_key[key_starts[start] : key_starts[start + len(chunk)]]
        chosen = [configs[c] for c in members]
        daily_wh, monthly_wh, hourly_w = ac_sums(
            transmitted=transmitted.T, temp_cell=temp_cell.T, light=light, day_code=day_codes,
            month_index=geometry.month - 1, group=config_key[members] - start,
            gamma_per_c=np.array([GAMMA_PDC_PER_C[c.module_type] for c in chosen]),
            losses_pct=_configs_array(chosen, "losses_pct"),
            dc_ac_ratio=_configs_array(chosen, "dc_ac_ratio"),
            eta_nom=INVERTER_ETA_NOM, eta_ref=INVERTER_ETA_REF, days=len(days),
            keep_hourly=hourly,
        )  # fmt: skip
        monthly[members] = monthly_wh / 1000 * month_scale[None, :]
        if daily_values is not None:
            daily_values[members] = _fill_gap_days(daily_wh / 1000, gap_days, days)
        if hourly_values is not None and hourly_w is not None:
            hourly_w[:, unfilled] = np.nan
            hourly_values[:, members] = hourly_w.T
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
    weight = sum(n for _e, n in evaluations)
    return ProfileResult(
        configs=configs, monthly_kwh_per_kwp=monthly, gaps=gaps, days=days,
        daily_kwh_per_kwp=daily_values, hourly=hourly_values,
        mean_thermal_evaluations=sum(e * n for e, n in evaluations) / weight if weight else 0.0,
    )  # fmt: skip


def _day_codes(times: pd.DatetimeIndex) -> tuple[np.ndarray, tuple[tuple[int, int], ...]]:
    """Each hour's calendar day as an index into the sorted (month, day) pairs of the weather."""
    pair = times.month.to_numpy() * 100 + times.day.to_numpy()
    uniques, codes = np.unique(pair, return_inverse=True)
    return codes.ravel(), tuple((int(u) // 100, int(u) % 100) for u in uniques)


def _fill_gap_days(
    daily_kwh: np.ndarray, gap_days: np.ndarray, days: tuple[tuple[int, int], ...]
) -> np.ndarray:
    """Energy per calendar day [kWh/kWp] (configurations, days) where a day with a weather gap
    takes the mean of its month's complete days (NaN if the month has none)."""
    sums = np.where(gap_days[None, :], np.nan, daily_kwh)
    months = np.array([m for m, _d in days])
    for m in np.unique(months[gap_days]) if gap_days.any() else ():
        rows = months == m
        block = sums[:, rows]
        with np.errstate(invalid="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # a month without a complete day
            mean = np.nanmean(block, axis=1)
        sums[:, rows] = np.where(np.isnan(block), mean[:, None], block)
    return sums


def _poa(
    weather: Weather,
    geometry: Geometry,
    light: np.ndarray,
    keys: list[tuple[float, float, str]],
) -> tuple[np.ndarray, np.ndarray]:
    """Transmitted and total plane-of-array irradiance [W/m^2] in the hours with light, per key.

    Only those hours are transposed; every other hour has no irradiance (the thermal model still
    runs through them, so the module cools at night). pvlib's aoi, Perez (the apparent zenith, as
    pvlib's ModelChain uses), ground diffuse and ``iam.physical`` on the beam, computed for many
    orientations at once by ``pv_irradiance.poa_many``. Where Perez gives NaN (the sun up and DHI
    0, or twilight hours with diffuse light and the mid-hour sun below the horizon) there is no sky
    diffuse (as PVWatts).
    """
    return poa_many(
        tilt_deg=np.array([k[0] for k in keys], dtype=float),
        azimuth_deg=np.array([k[1] for k in keys], dtype=float),
        solar_zenith_deg=geometry.apparent_zenith[light],
        solar_azimuth_deg=geometry.solar_azimuth[light],
        dni=weather.dni[light],
        dhi=weather.dhi[light],
        ghi=weather.ghi[light],
        dni_extra=geometry.dni_extra[light],
        airmass=geometry.airmass[light],
        albedo=ALBEDO,
    )


def _month_scales(geometry: Geometry, unfilled: np.ndarray) -> tuple[np.ndarray, tuple[int, ...]]:
    """Each month's factor for its energy (daylight hours / daylight hours with data; NaN for a
    month without data) and the months without data."""
    scale = np.ones(12)
    empty = []
    for m in range(1, 13):
        in_month = geometry.month == m
        daylight = (geometry.daylight & in_month).sum()
        with_data = (geometry.daylight & in_month & ~unfilled).sum()
        if not in_month.any() or (daylight and not with_data):
            empty.append(m)
            scale[m - 1] = np.nan
        elif with_data:
            scale[m - 1] = daylight / with_data
    return scale, tuple(empty)


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


def binned(systems: pd.DataFrame, step_deg: float) -> pd.DataFrame:
    """``systems`` with tilt and azimuth rounded to multiples of ``step_deg`` (an approximation,
    off unless asked for: ``benchmarks/pv_fleet.py`` prints what it costs in accuracy)."""
    out = systems.copy()
    for column in ("tilt_deg", "azimuth_deg"):
        out[column] = np.round(out[column].to_numpy(dtype=float) / step_deg) * step_deg
    out["azimuth_deg"] = out["azimuth_deg"] % 360
    return out


def estimate_fleet(
    weather: Weather, systems: pd.DataFrame, *, orientation_step_deg: float | None = None
) -> FleetEstimate:
    """Estimate every system in ``systems`` (columns ``capacity_kwp`` and ``CONFIG_COLUMNS``).

    Systems with identical configurations share one per-kWp profile; results are exact per system
    unless ``orientation_step_deg`` bins the orientations (see ``binned``).
    """
    missing = [c for c in ["capacity_kwp", *CONFIG_COLUMNS] if c not in systems.columns]
    if missing:
        raise ValueError(f"systems lack column(s): {', '.join(missing)}")
    if orientation_step_deg:
        systems = binned(systems, orientation_step_deg)
    configs, codes = config_groups(systems)
    profiles = per_kwp_profiles(weather, configs, daily=False)
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
