"""PV estimates: per installation, for the whole fleet, and expected energy for meter readings."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sustain import pv
from sustain.models import (
    EstimateRun,
    InstallationEstimate,
    MeterReading,
    RunStatus,
    SolarInstallation,
    WeatherDataset,
)
from sustain.services.common import Actor, record_save
from sustain.services.weathersets import weather_default_ensure, weather_load
from sustain.tasks import fleet_estimate_refresh_task, installation_estimate_refresh_task

# Fields whose change alters an installation's estimate.
ESTIMATE_INPUTS = ("capacity_kwp", *pv.CONFIG_COLUMNS)
SAVE_BATCH = 1000


def installation_config(installation: SolarInstallation) -> pv.SystemConfig:
    return pv.SystemConfig(
        tilt_deg=float(installation.tilt_deg),
        azimuth_deg=float(installation.azimuth_deg),
        mounting=installation.mounting,
        module_type=installation.module_type,
        losses_pct=float(installation.losses_pct),
        dc_ac_ratio=float(installation.dc_ac_ratio),
    )


def _inputs(installation: SolarInstallation) -> dict[str, object]:
    values: dict[str, object] = {f: getattr(installation, f) for f in pv.CONFIG_COLUMNS}
    values["capacity_kwp"] = float(installation.capacity_kwp)
    return values


def solar_installation_save(
    *, installation: SolarInstallation, actor: Actor = None
) -> SolarInstallation:
    """Save an installation; when its estimate inputs changed, recompute it after commit."""
    before = (
        SolarInstallation.objects.filter(pk=installation.pk).values(*ESTIMATE_INPUTS).first()
        if installation.pk
        else None
    )
    record_save(obj=installation, actor=actor)
    after = {f: getattr(installation, f) for f in ESTIMATE_INPUTS}
    if before is None or any(before[f] != after[f] for f in ESTIMATE_INPUTS):
        installation_id = installation.pk
        transaction.on_commit(lambda: installation_estimate_refresh_task.delay(installation_id))
    return installation


# --- Daily energy for meter readings --------------------------------------------------------


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


def expected_kwh(daily: pd.Series, *, capacity_kwp: float, start: dt.date, end: dt.date) -> float:
    """Typical energy over the dates ``start``..``end`` (inclusive) for ``capacity_kwp``."""
    days = pd.date_range(start, end, freq="D")
    keys = [(d.month, 28 if (d.month, d.day) == (2, 29) else d.day) for d in days]
    return float(daily.reindex(pd.MultiIndex.from_tuples(keys)).sum() * capacity_kwp)


# --- Computing and storing -----------------------------------------------------------------


@dataclass(frozen=True)
class _Computed:
    """The fleet estimate of some installations (``pv.estimate_fleet`` groups them)."""

    fleet: pv.FleetEstimate
    daily: pd.DataFrame  # typical kWh per kWp per calendar day, one column per configuration
    row_of: dict[int, int]  # installation id -> its row in the fleet estimate


def _compute(weather: pv.Weather, installations: Sequence[SolarInstallation]) -> _Computed:
    systems = pd.DataFrame(
        {
            "capacity_kwp": [float(i.capacity_kwp) for i in installations],
            **{
                column: [getattr(installation_config(i), column) for i in installations]
                for column in pv.CONFIG_COLUMNS
            },
        }
    )
    fleet = pv.estimate_fleet(weather, systems)
    return _Computed(
        fleet=fleet,
        daily=daily_kwh_per_kwp(weather, fleet.profiles),
        row_of={installation.pk: row for row, installation in enumerate(installations)},
    )


def _estimate_row(
    installation: SolarInstallation, computed: _Computed, dataset: WeatherDataset, now: dt.datetime
) -> InstallationEstimate:
    row = computed.row_of[installation.pk]
    monthly = computed.fleet.monthly_kwh[row]
    return InstallationEstimate(
        installation=installation,
        weather=dataset,
        model_version=pv.MODEL_VERSION,
        annual_kwh=round(float(monthly.sum()), 3),
        monthly_kwh=[round(float(v), 3) for v in monthly],
        specific_yield_kwh_per_kwp=round(float(computed.fleet.specific_yield_kwh_per_kwp[row]), 3),
        inputs=_inputs(installation),
        weather_gaps=computed.fleet.profiles.gaps.note[:300],
        computed_at=now,
    )


def _save_estimates(rows: list[InstallationEstimate]) -> None:
    InstallationEstimate.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["installation"],
        update_fields=[
            "weather", "model_version", "annual_kwh", "monthly_kwh",
            "specific_yield_kwh_per_kwp", "inputs", "weather_gaps", "computed_at",
        ],
    )  # fmt: skip


def _reading_expectation(
    reading: MeterReading, computed: _Computed, dataset: WeatherDataset
) -> MeterReading:
    installation = reading.installation
    g = int(computed.fleet.config_index[computed.row_of[installation.pk]])
    expected = expected_kwh(
        computed.daily[g],
        capacity_kwp=float(installation.capacity_kwp),
        start=reading.period_start,
        end=reading.period_end,
    )
    reading.expected_kwh = round(expected, 3)
    reading.performance_ratio = (
        round(float(reading.energy_kwh) / expected, 4) if expected > 0 else None
    )
    reading.expected_weather = dataset
    reading.expected_model_version = pv.MODEL_VERSION
    return reading


def installation_estimate_refresh(*, installation_id: int) -> InstallationEstimate | None:
    """Recompute one installation's estimate and its readings' expectations (idempotent)."""
    installation = SolarInstallation.objects.filter(pk=installation_id).first()
    if installation is None:
        return None  # deleted before the task ran: nothing to do
    dataset = weather_default_ensure()
    computed = _compute(weather_load(dataset.pk), [installation])
    row = _estimate_row(installation, computed, dataset, timezone.now())
    readings = [
        _reading_expectation(r, computed, dataset)
        for r in MeterReading.objects.filter(installation=installation).select_related(
            "installation"
        )
    ]
    with transaction.atomic():
        _save_estimates([row])
        MeterReading.objects.bulk_update(readings, _EXPECTATION_FIELDS)
    return InstallationEstimate.objects.get(installation=installation)


_EXPECTATION_FIELDS = [
    "expected_kwh", "performance_ratio", "expected_weather", "expected_model_version",
]  # fmt: skip


def fleet_refresh_queue(*, weather_dataset: WeatherDataset | None, reason: str) -> EstimateRun:
    """Record a fleet run and queue it after commit; staff follow its progress on the page.

    Without a dataset the run uses the active one (the default year, built if there is none).
    """
    if weather_dataset is None:
        weather_dataset = weather_default_ensure()
    run = EstimateRun.objects.create(weather=weather_dataset, reason=reason[:200])
    transaction.on_commit(lambda: fleet_estimate_refresh_task.delay(run.pk))
    return run


def fleet_refresh(*, run_id: int) -> EstimateRun:
    """Recompute every installation in one vectorised pass, saving in batches with progress.

    Safe to retry: it recomputes from the stored inputs and overwrites the same rows.
    """
    run = EstimateRun.objects.select_related("weather").get(pk=run_id)
    if run.status == RunStatus.DONE:
        return run
    dataset = run.weather
    installations = list(SolarInstallation.objects.all())
    EstimateRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, total=len(installations), done=0, started_at=timezone.now()
    )
    try:
        computed = _compute(weather_load(dataset.pk), installations)
        now = timezone.now()
        for start in range(0, len(installations), SAVE_BATCH):
            batch = installations[start : start + SAVE_BATCH]
            with transaction.atomic():
                _save_estimates([_estimate_row(i, computed, dataset, now) for i in batch])
            EstimateRun.objects.filter(pk=run.pk).update(done=start + len(batch))
        readings = [
            _reading_expectation(r, computed, dataset)
            for r in MeterReading.objects.select_related("installation")
        ]
        MeterReading.objects.bulk_update(readings, _EXPECTATION_FIELDS, batch_size=SAVE_BATCH)
    except Exception as exc:
        EstimateRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, error=repr(exc)[:2000], finished_at=timezone.now()
        )
        raise
    EstimateRun.objects.filter(pk=run.pk).update(status=RunStatus.DONE, finished_at=timezone.now())
    run.refresh_from_db()
    return run


# --- Meter readings and maintenance -------------------------------------------------------------


def reading_save(*, reading: MeterReading, actor: Actor = None) -> MeterReading:
    """Validate a reading, compute what the model expected for its period, and save it."""
    reading.full_clean()
    dataset = weather_default_ensure()
    computed = _compute(weather_load(dataset.pk), [reading.installation])
    _reading_expectation(reading, computed, dataset)
    return record_save(obj=reading, actor=actor)


@dataclass(frozen=True)
class MaintenanceFlag:
    installation: SolarInstallation
    reading: MeterReading


def maintenance_flags(*, threshold: float | None = None) -> list[MaintenanceFlag]:
    """Installations whose latest reading produced less than ``threshold`` of the expectation."""
    limit = settings.PV_ALERT_RATIO if threshold is None else threshold
    latest: dict[int, MeterReading] = {}
    for reading in MeterReading.objects.select_related("installation").order_by(
        "installation_id", "-period_end"
    ):
        latest.setdefault(reading.installation_id, reading)
    return [
        MaintenanceFlag(installation=r.installation, reading=r)
        for r in latest.values()
        if r.performance_ratio is not None and r.performance_ratio < limit
    ]
