"""A large fleet run split into a chord of chunk tasks by orientation group (Celery in-process)."""

import datetime as dt
from decimal import Decimal

import pytest

from sustain import tasks
from sustain.core import pv
from sustain.models import (
    EstimateRun,
    InstallationEstimate,
    JobStatus,
    MeterReading,
    PerKwpProfile,
    SolarInstallation,
    WeatherDataset,
)
from sustain.services import jobs
from sustain.services.solar import estimates, fleet_chunks, weathersets

# (tilt, azimuth, mounting, losses): six orientation groups, one of them with two loss values.
SYSTEMS = [
    (15, 180, "roof", 14.08), (15, 180, "roof", 10.0), (15, 180, "roof", 14.08),
    (7, 93, "roof", 14.08), (22, 271, "open_rack", 14.08), (22, 271, "roof", 14.08),
    (33, 2, "roof", 14.08), (0, 0, "open_rack", 12.0),
]  # fmt: skip


@pytest.fixture
def fleet(municipality) -> WeatherDataset:
    for i, (tilt, azimuth, mounting, losses) in enumerate(SYSTEMS):
        SolarInstallation.objects.create(
            name=f"ระบบ {i}", latitude=19.72, longitude=100.18, capacity_kwp=Decimal(3 + i),
            tilt_deg=tilt, azimuth_deg=azimuth, mounting=mounting, losses_pct=losses,
            commissioned_on=dt.date(2022, 1, 1),
        )  # fmt: skip
    return weathersets.weather_default_ensure()


def _configs() -> list[pv.SystemConfig]:
    return [
        estimates._config_of(v)
        for v in SolarInstallation.objects.values(*pv.CONFIG_COLUMNS).order_by().distinct()
    ]


def test_plan_cuts_by_orientation_group_and_keeps_every_configuration(fleet):
    configs = _configs()
    assert len(configs) == 7  # two systems share a configuration
    chunks = fleet_chunks.fleet_plan(configs, chunk_groups=2)
    assert [len({(c["tilt_deg"], c["azimuth_deg"], c["mounting"]) for c in chunk})
            for chunk in chunks] == [2, 2, 2]  # fmt: skip
    planned = [estimates._config_of(c) for chunk in chunks for c in chunk]
    assert sorted(planned, key=str) == sorted(configs, key=str)
    # A group is never split: the (15, 180, roof) configurations share one chunk.
    holding = [i for i, chunk in enumerate(chunks) for c in chunk if c["tilt_deg"] == 15]
    assert len(set(holding)) == 1 and len(holding) == 2
    assert fleet_chunks.fleet_plan(configs, chunk_groups=2) == chunks  # stable


def test_fleet_task_fans_out_to_a_chord_and_equals_the_single_run(
    fleet, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.FLEET_CHUNK_GROUPS = 2
    calls = []
    compute = fleet_chunks.fleet_chunk_compute

    def counting(*, run_id, configs):
        calls.append(len(configs))
        return compute(run_id=run_id, configs=configs)

    monkeypatch.setattr(fleet_chunks, "fleet_chunk_compute", counting)
    household = SolarInstallation.objects.order_by("pk")[0]
    MeterReading.objects.create(
        installation=household, period_start=dt.date(2025, 3, 1), period_end=dt.date(2025, 3, 31),
        energy_kwh=Decimal("300"),
    )  # fmt: skip
    run = EstimateRun.objects.create(weather=fleet)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.fleet_estimate_refresh_task.apply(args=[run.pk])
    run.refresh_from_db()
    assert calls == [2, 3, 2]  # three chunk tasks of two orientation groups each
    assert (run.status, run.done, run.total, run.progress_pct) == (JobStatus.DONE, 8, 8, 100)
    assert run.worker == jobs.HANDED_OVER
    fleet.refresh_from_db()
    assert fleet.applied
    chord_rows = dict(InstallationEstimate.objects.values_list("installation_id", "annual_kwh"))
    assert len(chord_rows) == 8 and all(v > 1000 for v in chord_rows.values())
    assert PerKwpProfile.objects.filter(weather=fleet).count() == 7
    reading = MeterReading.objects.get()
    assert reading.expected_kwh and reading.expected_weather_id == fleet.pk
    expected = reading.expected_kwh
    # The same fleet in one task (in-process) gives the same figures to the watt-hour.
    PerKwpProfile.objects.all().delete()
    InstallationEstimate.objects.all().delete()
    single = EstimateRun.objects.create(weather=fleet)
    estimates.fleet_refresh(run_id=single.pk)
    single_rows = dict(InstallationEstimate.objects.values_list("installation_id", "annual_kwh"))
    assert single_rows == chord_rows
    assert MeterReading.objects.get().expected_kwh == expected


def test_a_small_fleet_stays_in_one_task(fleet, settings, monkeypatch):
    settings.FLEET_CHUNK_GROUPS = 256
    monkeypatch.setattr(fleet_chunks, "fleet_fan_out", lambda *a, **k: pytest.fail("fanned out"))
    run = EstimateRun.objects.create(weather=fleet)
    tasks.fleet_estimate_refresh_task.apply(args=[run.pk])
    run.refresh_from_db()
    assert run.status == JobStatus.DONE and run.done == 8 and run.worker != jobs.HANDED_OVER


def _rows(weather: WeatherDataset) -> dict[str, tuple]:
    return {
        row[0]: row[1:]
        for row in PerKwpProfile.objects.filter(weather=weather).values_list(
            "config_key", "model_version", "daily_kwh_per_kwp", "monthly_kwh_per_kwp",
            "annual_kwh_per_kwp", "weather_gaps",
        )
    }  # fmt: skip


def test_a_chunk_run_twice_gives_the_same_rows(fleet):
    run = EstimateRun.objects.create(weather=fleet, status=JobStatus.RUNNING, total=7)
    chunk = fleet_chunks.fleet_plan(_configs(), chunk_groups=3)[0]
    assert len(chunk) == 4  # three orientation groups, one with two loss values
    assert fleet_chunks.fleet_chunk_compute(run_id=run.pk, configs=chunk) == 4
    first = _rows(fleet)
    assert len(first) == 4 and all(len(v[1]) == 366 for v in first.values())
    assert fleet_chunks.fleet_chunk_compute(run_id=run.pk, configs=chunk) == 0  # nothing new
    assert _rows(fleet) == first
    # A chunk that died after storing part of its rows: run again, it completes them, the same.
    PerKwpProfile.objects.filter(config_key=sorted(first)[0]).delete()
    assert fleet_chunks.fleet_chunk_compute(run_id=run.pk, configs=chunk) == 1
    assert _rows(fleet) == first
    # A run that is no longer running has nothing to compute.
    EstimateRun.objects.filter(pk=run.pk).update(status=JobStatus.FAILED)
    PerKwpProfile.objects.all().delete()
    assert fleet_chunks.fleet_chunk_compute(run_id=run.pk, configs=chunk) == 0
    assert not PerKwpProfile.objects.exists()


def test_apply_of_a_finished_run_writes_nothing(fleet):
    run = EstimateRun.objects.create(weather=fleet, status=JobStatus.DONE)
    assert fleet_chunks.fleet_apply(run_id=run.pk).status == JobStatus.DONE
    assert not InstallationEstimate.objects.exists()


def test_a_failing_chunk_fails_the_run_and_leaves_the_fleet_on_its_year(fleet, monkeypatch):
    run = EstimateRun.objects.create(weather=fleet, status=JobStatus.RUNNING, total=7)
    chunk = fleet_chunks.fleet_plan(_configs(), chunk_groups=3)[0]

    def broken(*args, **kwargs):
        raise ValueError("no irradiance")

    monkeypatch.setattr(fleet_chunks, "profiles_compute", broken)
    with pytest.raises(ValueError):
        fleet_chunks.fleet_chunk_compute(run_id=run.pk, configs=chunk)
    run.refresh_from_db()
    assert (run.status, run.error_code) == (JobStatus.FAILED, "error")
    assert "no irradiance" in run.error
    assert not InstallationEstimate.objects.exists() and not PerKwpProfile.objects.exists()
    assert fleet_chunks.fleet_apply(run_id=run.pk).status == JobStatus.FAILED  # nothing applied
