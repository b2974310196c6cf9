"""A large fleet run split across Celery workers by orientation group (a chord of chunks).

``fleet_plan`` groups the fleet's distinct configurations by (tilt, azimuth, mounting) and cuts
them into chunks of ``FLEET_CHUNK_GROUPS`` such groups: each chunk is one task
(``fleet_chunk_compute``) computing and storing its configurations' per-kWp profiles, within the
memory bound of ``pv.per_kwp_profiles`` (one chunk of groups, whatever the fleet). Storing profiles
for the run's weather changes nothing anyone reads (estimates and readings use the applied year).
When every chunk has finished, ``fleet_apply`` writes every estimate from the stored profiles and
applies the weather in one transaction, as the single-task run does, so the fleet still moves
from one year to the next at once. Every part is idempotent: a chunk run twice stores the same
rows (what is already stored is not computed again), and the apply of a finished run does nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
from celery import chord
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sustain.core import pv
from sustain.models import (
    EstimateRun,
    FailureCode,
    JobStatus,
    MeterReading,
    PerKwpProfile,
    SolarInstallation,
    WeatherDataset,
)
from sustain.services import jobs, locks
from sustain.services.solar.estimates import (
    _cancel_superseded,
    _config_of,
    _estimate_row,
    _readings_expectations,
    _save_estimates,
    installation_config,
    run_superseded,
)
from sustain.services.solar.profiles import (
    Profile,
    config_key,
    profiles_compute,
    profiles_get,
    profiles_store,
)
from sustain.services.solar.weathersets import weather_load
from sustain.tasks import fleet_estimates_apply_task, fleet_profiles_chunk_task

logger = logging.getLogger(__name__)

WRITE_BATCH = 10_000  # installations read and upserted at a time by the apply


def _values(config: pv.SystemConfig) -> dict[str, Any]:
    return {name: getattr(config, name) for name in pv.CONFIG_COLUMNS}


def fleet_plan(
    configs: Iterable[pv.SystemConfig], *, chunk_groups: int | None = None
) -> list[list[dict[str, Any]]]:
    """The configurations in chunks of at most ``chunk_groups`` orientation groups (tilt, azimuth,
    mounting), in a stable order; each chunk as the JSON its task receives."""
    size = chunk_groups or settings.FLEET_CHUNK_GROUPS
    by_group: dict[tuple[float, float, str], list[pv.SystemConfig]] = {}
    for c in configs:
        by_group.setdefault((c.tilt_deg, c.azimuth_deg, c.mounting), []).append(c)
    groups = sorted(by_group)
    return [
        [_values(c) for key in groups[start : start + size] for c in sorted(by_group[key], key=str)]
        for start in range(0, len(groups), size)
    ]


def fleet_fan_out(run: EstimateRun, chunks: list[list[dict[str, Any]]], *, total: int) -> None:
    """Hand the run over to a chord of chunk tasks ending in ``fleet_apply`` (after commit)."""
    jobs.job_hand_over(run, step="computing", progress_pct=5)
    EstimateRun.objects.filter(pk=run.pk).update(total=total, done=0)
    run_id = run.pk
    header = [fleet_profiles_chunk_task.s(run_id, chunk) for chunk in chunks]
    logger.info("estimate run %s: %s chunks for %s configurations", run_id, len(chunks), total)
    transaction.on_commit(lambda: chord(header)(fleet_estimates_apply_task.s(run_id=run_id)))


def _fail(run: EstimateRun, error: Exception) -> None:
    detail = f"{type(error).__name__}: {error}"
    jobs.job_end(run, JobStatus.FAILED, code=FailureCode.ERROR, error=detail)


def _running(run_id: int) -> EstimateRun | None:
    return (
        EstimateRun.objects.select_related("weather")
        .filter(pk=run_id, status=JobStatus.RUNNING)
        .first()
    )


def _stored_keys(weather: WeatherDataset, keys: list[str]) -> set[str]:
    return set(
        PerKwpProfile.objects.filter(
            weather=weather, model_version=pv.MODEL_VERSION, config_key__in=keys
        ).values_list("config_key", flat=True)
    )


def fleet_chunk_compute(*, run_id: int, configs: list[dict[str, Any]]) -> int:
    """Compute and store the profiles of one chunk; returns how many were computed.

    Idempotent: profiles already stored for the run's weather and model are not computed again,
    so a chunk run twice (a retry, a redelivered message) leaves the same rows. A run no longer
    running (failed, cancelled, done) has nothing to compute.
    """
    run = _running(run_id)
    if run is None:
        return 0
    wanted = {config_key(c): c for c in (_config_of(v) for v in configs)}
    stored = _stored_keys(run.weather, list(wanted))
    missing = [c for key, c in wanted.items() if key not in stored]
    try:
        if missing:
            weather = weather_load(run.weather_id)
            profiles_store(profiles_compute(weather, missing, weather_id=run.weather_id).values())
    except jobs.RETRYABLE:
        raise
    except Exception as error:
        _fail(run, error)
        raise
    done = EstimateRun.objects.get(pk=run_id).done + len(wanted)  # progress only: may be rough
    progress = 5 + int(45 * min(done, run.total) / run.total) if run.total else 50
    EstimateRun.objects.filter(pk=run_id, status=JobStatus.RUNNING).update(done=done)
    jobs.job_progress(run, progress)
    return len(missing)


def _stored_profiles(weather: WeatherDataset) -> dict[str, Profile]:
    """Every stored profile of the weather (monthly values only: the estimates need no more)."""
    stored = PerKwpProfile.objects.filter(weather=weather, model_version=pv.MODEL_VERSION)
    rows = stored.values_list("config_key", "monthly_kwh_per_kwp", "weather_gaps")
    none = pv.SystemConfig(tilt_deg=0, azimuth_deg=0)  # not read by the estimate rows
    return {
        key: Profile(config=none, weather_id=weather.pk, model_version=pv.MODEL_VERSION,
                     daily_kwh_per_kwp=np.zeros(0), monthly_kwh_per_kwp=np.array(monthly),
                     weather_gaps=gaps)
        for key, monthly, gaps in rows.iterator(chunk_size=5000)
    }  # fmt: skip


def _installation_batches() -> Iterator[list[SolarInstallation]]:
    last = 0
    while True:
        batch = list(SolarInstallation.objects.filter(pk__gt=last).order_by("pk")[:WRITE_BATCH])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


def fleet_apply(*, run_id: int) -> EstimateRun:
    """Write every estimate from the stored profiles and apply the run's weather, at once.

    Runs when every chunk has finished (the chord's end). Installations added or edited while the
    chunks ran are computed here. Does nothing for a run that is no longer running.
    """
    run = _running(run_id)
    if run is None:
        return EstimateRun.objects.get(pk=run_id)
    try:
        with jobs.job_heartbeat(run):
            _apply(run)
    except jobs.RETRYABLE:
        raise
    except Exception as error:
        _fail(run, error)
        raise
    return EstimateRun.objects.get(pk=run_id)


def _apply(run: EstimateRun) -> None:
    jobs.job_step(run, "writing", 50)
    with transaction.atomic():
        locks.named_lock(locks.SOLAR)
        if not EstimateRun.objects.filter(pk=run.pk, status=JobStatus.RUNNING).exists():
            return  # another apply finished it meanwhile
        if run_superseded(run):
            _cancel_superseded(run)
            return
        dataset = run.weather
        profiles = _stored_profiles(dataset)
        w = None
        count = 0
        now = timezone.now()
        for batch in _installation_batches():
            keys = [(config_key(installation_config(i)), i) for i in batch]
            missing = {installation_config(i) for k, i in keys if k not in profiles}
            if missing:  # added or edited while the chunks ran
                w = w if w is not None else weather_load(dataset.pk)
                computed = profiles_compute(w, missing, weather_id=dataset.pk)
                profiles_store(computed.values())
                profiles.update({config_key(c): p for c, p in computed.items()})
            _save_estimates([_estimate_row(i, profiles[k], dataset, now) for k, i in keys])
            count += len(batch)
        readings = list(MeterReading.objects.select_related("installation"))
        if readings:
            configs = {installation_config(r.installation) for r in readings}
            by_config = profiles_get(weather=dataset, configs=configs)
            _readings_expectations(readings, by_config, dataset)
        if not WeatherDataset.objects.filter(pk=dataset.pk, applied=True).exists():
            WeatherDataset.objects.filter(applied=True).update(applied=False)
            WeatherDataset.objects.filter(pk=dataset.pk).update(applied=True)
        jobs.job_finish(run, total=count, done=count)
