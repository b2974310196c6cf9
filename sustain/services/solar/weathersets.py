"""Weather datasets: import, the default year, activation, and loading them for the model."""

import functools
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sustain.core import geo, pv, weather
from sustain.models import EstimateRun, WeatherDataset, WeatherFormat
from sustain.services.gis.places import municipality_get
from sustain.services.records import Actor

# A weather file for a place further than this from the municipality describes somewhere else.
WEATHER_MAX_DISTANCE_KM = 50.0
_COLUMNS = ("ghi", "dni", "dhi", "temp_air", "wind_speed")


def _pack(w: pv.Weather) -> bytes:
    buffer = io.BytesIO()
    arrays: dict[str, np.ndarray] = {
        name: np.asarray(getattr(w, name), dtype=np.float32) for name in _COLUMNS
    }
    arrays["start_utc"] = np.array(w.times[0].tz_convert("UTC").isoformat())
    arrays["tz"] = np.array(str(w.times.tz))
    np.savez_compressed(buffer, **arrays)  # type: ignore[arg-type]
    return buffer.getvalue()


@functools.lru_cache(maxsize=4)
def weather_load(dataset_id: int) -> pv.Weather:
    """The hourly weather of a dataset (datasets never change once stored, so this is cached)."""
    dataset = WeatherDataset.objects.get(pk=dataset_id)
    arrays = np.load(io.BytesIO(bytes(dataset.hourly_npz)))
    start = pd.Timestamp(str(arrays["start_utc"]))
    times = pd.date_range(start, periods=dataset.hours, freq="h").tz_convert(str(arrays["tz"]))
    return pv.Weather(
        times=times,
        latitude=dataset.latitude,
        longitude=dataset.longitude,
        altitude_m=dataset.altitude_m,
        name=dataset.name,
        **{name: arrays[name].astype(float) for name in _COLUMNS},
    )


def _check_location(w: pv.Weather) -> None:
    municipality = municipality_get()
    if municipality is None:
        return
    distance_km = (
        geo.distance_m(
            w.latitude,
            w.longitude,
            municipality.reference_latitude,
            municipality.reference_longitude,
        )
        / 1000
    )
    if distance_km > WEATHER_MAX_DISTANCE_KM:
        raise ValidationError(
            {
                "file": _(
                    "The file is for %(lat).3f, %(lon).3f, %(km).0f km from %(name)s; a weather "
                    "year must be within %(max).0f km."
                )
                % {
                    "lat": w.latitude,
                    "lon": w.longitude,
                    "km": distance_km,
                    "name": municipality.name_th,
                    "max": WEATHER_MAX_DISTANCE_KM,
                }
            }
        )


@transaction.atomic
def _store_and_activate(
    year: weather.WeatherYear, *, name: str, file_name: str, actor: Actor
) -> WeatherDataset:
    """Store a checked year, make it the active one, and queue the fleet's recomputation.

    The stored estimates keep the applied year until that run has finished and switches them all.
    """
    from sustain.services.solar import estimates  # estimates import this module

    w = year.weather
    gaps = pv.prepare_weather(w)
    missing = int(sum(np.isnan(np.asarray(getattr(w, c))).sum() for c in _COLUMNS))
    WeatherDataset.objects.filter(active=True).update(active=False)
    dataset = WeatherDataset.objects.create(
        # With nothing applied yet there are no estimates to keep consistent.
        applied=not WeatherDataset.objects.filter(applied=True).exists(),
        name=name[:200] or w.name[:200],
        source_format=year.source_format,
        file_name=file_name[:255],
        description=year.description,
        latitude=w.latitude,
        longitude=w.longitude,
        altitude_m=w.altitude_m,
        approximate=year.approximate,
        active=True,
        hourly_npz=_pack(w),
        hours=len(w.times),
        annual_ghi_kwh_m2=year.annual_ghi_kwh_m2,
        gaps_note=(
            f"{missing} missing values; {int(gaps[1].sum())} hours without irradiance"
            if missing
            else ""
        ),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,  # type: ignore[misc]
    )
    estimates.fleet_refresh_queue(
        weather_dataset=dataset, reason=f"new weather: {dataset.name}", actor=actor
    )
    return dataset


def weather_import_file(
    *, path: Path, file_name: str, source_format: str = "auto", name: str = "", actor: Actor = None
) -> WeatherDataset:
    """Read, check and activate a weather file; nothing changes unless the whole file is valid.

    Raises ``ValidationError`` (field ``file``) saying what is wrong and where.
    """
    try:
        year = weather.read_weather_file(path, source_format=source_format, tz=settings.TIME_ZONE)
    except weather.WeatherFileError as exc:
        raise ValidationError({"file": str(exc)}) from None
    _check_location(year.weather)
    return _store_and_activate(year, name=name, file_name=file_name, actor=actor)


def weather_import_monthly(
    *, ghi_kwh_m2_day: list[float], temp_air_c: list[float], name: str, actor: Actor = None
) -> WeatherDataset:
    """Build an hourly year from 12 monthly means at the municipality's reference point."""
    municipality = municipality_get()
    if municipality is None:
        raise ValidationError(_("Set the municipality's reference point first."))
    try:
        w = weather.weather_from_monthly(
            latitude=municipality.reference_latitude,
            longitude=municipality.reference_longitude,
            altitude_m=0.0,
            ghi_kwh_m2_day=ghi_kwh_m2_day,
            temp_air_c=temp_air_c,
            tz=settings.TIME_ZONE,
            name=name,
        )
    except ValueError as exc:
        raise ValidationError({"ghi_kwh_m2_day": str(exc)}) from None
    description = (
        "Built from 12 monthly means typed by staff: Ineichen clear-sky shape scaled to each "
        f"month, Erbs beam/diffuse split, air temperature ±{weather.DIURNAL_SWING_C:g} °C around "
        f"the monthly mean, wind {weather.ASSUMED_WIND_SPEED_M_S:g} m/s. GHI "
        f"{[round(v, 2) for v in ghi_kwh_m2_day]} kWh/m²/day; air {list(temp_air_c)} °C."
    )
    year = weather.WeatherYear(w, WeatherFormat.MONTHLY, description, approximate=False)
    return _store_and_activate(year, name=name or _("Monthly values"), file_name="", actor=actor)


def weather_active() -> WeatherDataset | None:
    """The active dataset, if there is one (reads only; see ``weather_default_ensure``)."""
    return WeatherDataset.objects.filter(active=True).defer("hourly_npz").first()


def weather_default_ensure() -> WeatherDataset:
    """The active dataset; when there is none (a new deployment), the approximate default year is
    built, stored and made active first."""
    dataset = weather_active()
    if dataset is not None:
        return dataset
    municipality = municipality_get()
    if municipality is None:
        raise ValidationError(_("Set the municipality's reference point first."))
    year = weather.default_weather_year(
        latitude=municipality.reference_latitude,
        longitude=municipality.reference_longitude,
        altitude_m=0.0,
        tz=settings.TIME_ZONE,
    )
    with transaction.atomic():
        if WeatherDataset.objects.select_for_update().filter(active=True).exists():
            return WeatherDataset.objects.get(active=True)
        WeatherDataset.objects.filter(active=True).update(active=False)
        return WeatherDataset.objects.create(
            applied=not WeatherDataset.objects.filter(applied=True).exists(),
            name=_("Default approximate year"),
            source_format=WeatherFormat.DEFAULT,
            description=year.description,
            latitude=year.weather.latitude,
            longitude=year.weather.longitude,
            altitude_m=0.0,
            approximate=True,
            active=True,
            hourly_npz=_pack(year.weather),
            hours=len(year.weather.times),
            annual_ghi_kwh_m2=year.annual_ghi_kwh_m2,
        )


def weather_applied() -> WeatherDataset:
    """The dataset every stored estimate uses (the active one on a new deployment)."""
    dataset = WeatherDataset.objects.filter(applied=True).first()
    return dataset if dataset is not None else weather_default_ensure()


def run_latest() -> EstimateRun | None:
    return EstimateRun.objects.select_related("weather").first()


@dataclass(frozen=True)
class FleetWeather:
    """What the stored figures use, and a newer weather year waiting for its run, if any."""

    applied: WeatherDataset | None
    pending: WeatherDataset | None
    pending_run: EstimateRun | None


def fleet_weather() -> FleetWeather:
    datasets = WeatherDataset.objects.defer("hourly_npz")
    applied = datasets.filter(applied=True).first()
    active = datasets.filter(active=True).first()
    pending = active if active is not None and not active.applied else None
    run = (
        EstimateRun.objects.filter(weather=pending).select_related("started_by").first()
        if pending is not None
        else None
    )
    return FleetWeather(applied=applied, pending=pending, pending_run=run)
