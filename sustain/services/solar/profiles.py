"""Per-kWp profiles: what one kWp of a configuration makes with one weather year.

Computed once per (weather dataset, configuration) with the fleet's estimates and stored, so a meter
reading's expected energy is a sum of stored daily values instead of a run of the hourly chain.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from django.utils import timezone

from sustain.core import pv
from sustain.models import MeterReading, PerKwpProfile, WeatherDataset
from sustain.services.solar.weathersets import weather_load

# Day of a leap year (0 = 1 January, 59 = 29 February) for (month, day).
_MONTH_START = np.cumsum([0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30])
DAYS = 366


@dataclass(frozen=True)
class Profile:
    """One configuration's typical year per kWp DC, with one weather dataset and model version.

    ``daily_kwh_per_kwp`` has 366 values, one per day of a leap year from 1 January (NaN for a day
    the weather year lacks, e.g. 29 February); a day with an unfilled weather gap holds the mean
    of its month's complete days. ``monthly_kwh_per_kwp`` is gap-corrected (``pv.WeatherGaps``).
    """

    config: pv.SystemConfig
    weather_id: int
    model_version: str
    daily_kwh_per_kwp: np.ndarray
    monthly_kwh_per_kwp: np.ndarray
    weather_gaps: str

    @property
    def annual_kwh_per_kwp(self) -> float:
        return float(self.monthly_kwh_per_kwp.sum())


def config_key(config: pv.SystemConfig) -> str:
    """The configuration as text; numbers by ``repr`` so no two configurations share a key."""
    values = (getattr(config, name) for name in pv.CONFIG_COLUMNS)
    return "|".join(str(v) if isinstance(v, str) else repr(float(v)) for v in values)


def day_index(day: dt.date) -> int:
    return int(_MONTH_START[day.month - 1]) + day.day - 1


def daily_kwh_per_kwp(weather: pv.Weather, profiles: pv.ProfileResult) -> pd.DataFrame:
    """Typical energy per kWp for each calendar day (index (month, day)), one column per config.

    A day with an unfilled weather gap takes the mean of its month's complete days.
    """
    times = weather.times
    frame = pd.DataFrame(profiles.hourly_w_per_kwp / 1000, index=times)
    keys = [times.month, times.day]
    daily = frame.groupby(keys).sum(min_count=1)
    incomplete = frame.isna().groupby(keys).any()
    daily = daily.mask(incomplete)
    monthly_mean = daily.groupby(level=0).transform("mean")
    return daily.fillna(monthly_mean)


def profiles_compute(
    weather: pv.Weather, configs: Iterable[pv.SystemConfig], *, weather_id: int
) -> dict[pv.SystemConfig, Profile]:
    """Run the hourly chain once for every distinct configuration (vectorised, see ``pv``)."""
    unique = list(dict.fromkeys(configs))
    if not unique:
        return {}
    result = pv.per_kwp_profiles(weather, unique)
    daily = daily_kwh_per_kwp(weather, result)
    slots = np.array([int(_MONTH_START[m - 1]) + d - 1 for m, d in daily.index])
    profiles = {}
    for g, config in enumerate(unique):
        by_day = np.full(DAYS, np.nan)
        by_day[slots] = daily[g].to_numpy()
        profiles[config] = Profile(
            config=config, weather_id=weather_id, model_version=pv.MODEL_VERSION,
            daily_kwh_per_kwp=by_day, monthly_kwh_per_kwp=result.monthly_kwh_per_kwp[g].copy(),
            weather_gaps=result.gaps.note[:300],
        )  # fmt: skip
    return profiles


def _row(profile: Profile, now: dt.datetime) -> PerKwpProfile:
    config = profile.config
    return PerKwpProfile(
        weather_id=profile.weather_id, model_version=profile.model_version,
        config_key=config_key(config), tilt_deg=config.tilt_deg, azimuth_deg=config.azimuth_deg,
        mounting=config.mounting, module_type=config.module_type, losses_pct=config.losses_pct,
        dc_ac_ratio=config.dc_ac_ratio,
        daily_kwh_per_kwp=[None if np.isnan(v) else float(v) for v in profile.daily_kwh_per_kwp],
        monthly_kwh_per_kwp=[float(v) for v in profile.monthly_kwh_per_kwp],
        annual_kwh_per_kwp=profile.annual_kwh_per_kwp, weather_gaps=profile.weather_gaps,
        computed_at=now,
    )  # fmt: skip


def profiles_store(profiles: Iterable[Profile]) -> None:
    """Store (or replace) profiles; the same inputs always give the same rows."""
    now = timezone.now()
    PerKwpProfile.objects.bulk_create(
        [_row(p, now) for p in profiles],
        batch_size=500,
        update_conflicts=True,
        unique_fields=["weather", "model_version", "config_key"],
        update_fields=["daily_kwh_per_kwp", "monthly_kwh_per_kwp", "annual_kwh_per_kwp",
                       "weather_gaps", "computed_at"],
    )  # fmt: skip


def _from_row(row: PerKwpProfile) -> Profile:
    return Profile(
        config=pv.SystemConfig(
            tilt_deg=row.tilt_deg, azimuth_deg=row.azimuth_deg, mounting=row.mounting,
            module_type=row.module_type, losses_pct=row.losses_pct, dc_ac_ratio=row.dc_ac_ratio,
        ),
        weather_id=row.weather_id, model_version=row.model_version,
        daily_kwh_per_kwp=np.array(
            [np.nan if v is None else v for v in row.daily_kwh_per_kwp], dtype=float
        ),
        monthly_kwh_per_kwp=np.array(row.monthly_kwh_per_kwp, dtype=float),
        weather_gaps=row.weather_gaps,
    )  # fmt: skip


def profiles_get(
    *, weather: WeatherDataset, configs: Iterable[pv.SystemConfig]
) -> dict[pv.SystemConfig, Profile]:
    """The profiles of ``configs`` with ``weather``: stored ones read, missing ones computed (one
    vectorised run) and stored."""
    wanted = {config_key(c): c for c in configs}
    found = {
        row.config_key: _from_row(row)
        for row in PerKwpProfile.objects.filter(
            weather=weather, model_version=pv.MODEL_VERSION, config_key__in=list(wanted)
        )
    }
    # Read back as stored, but keyed by the caller's config (equal values, maybe other types).
    profiles = {wanted[key]: profile for key, profile in found.items()}
    missing = [c for key, c in wanted.items() if key not in found]
    if missing:
        computed = profiles_compute(weather_load(weather.pk), missing, weather_id=weather.pk)
        profiles_store(computed.values())
        profiles.update(computed)
    return profiles


def profile_per_kwp(*, weather: WeatherDataset, config: pv.SystemConfig) -> Profile:
    """One configuration's typical year per kWp with ``weather`` (computed and stored if new)."""
    return profiles_get(weather=weather, configs=[config])[config]


def expected_kwh(profile: Profile, *, capacity_kwp: float, start: dt.date, end: dt.date) -> float:
    """Typical energy over the dates ``start``..``end`` (inclusive) for ``capacity_kwp``.

    29 February counts as 28 February (typical years have no leap day).
    """
    daily = profile.daily_kwh_per_kwp
    feb_28 = day_index(dt.date(2023, 2, 28))
    slots = []
    day = start
    while day <= end:
        slots.append(feb_28 if (day.month, day.day) == (2, 29) else day_index(day))
        day += dt.timedelta(days=1)
    return float(np.nansum(daily[slots]) * capacity_kwp)


def reading_expectation_set(
    reading: MeterReading, *, profile: Profile, capacity_kwp: float, weather: WeatherDataset
) -> MeterReading:
    """Fill in what the model expected for the reading's period, and the performance ratio."""
    expected = expected_kwh(
        profile, capacity_kwp=capacity_kwp, start=reading.period_start, end=reading.period_end
    )
    reading.expected_kwh = round(expected, 3)
    reading.performance_ratio = (
        round(float(reading.energy_kwh) / expected, 4) if expected > 0 else None
    )
    reading.expected_weather = weather
    reading.expected_model_version = pv.MODEL_VERSION
    return reading
