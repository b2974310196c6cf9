"""PV estimates: per installation, and for the whole fleet, which moves to a new weather year all at
once (readers see every estimate on the old year or every estimate on the new one, never a mix).

Every writer of estimates, profiles or readings' expectations holds ``locks.SOLAR`` and writes with
the applied weather (``weathersets.weather_applied``); only a finished fleet run changes it.
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from sustain.core import pv
from sustain.models import (
    EstimateRun,
    InstallationEstimate,
    JobStatus,
    MeterReading,
    SolarInstallation,
    WeatherDataset,
)
from sustain.services import jobs, locks
from sustain.services.records import Actor, record_save
from sustain.services.solar.profiles import (
    Profile,
    profile_per_kwp,
    profiles_compute,
    profiles_get,
    profiles_store,
    reading_expectation_set,
)
from sustain.services.solar.weathersets import weather_applied, weather_default_ensure, weather_load
from sustain.tasks import installation_estimate_refresh_task

__all__ = ["profile_per_kwp"]  # the per-kWp read function lives in services.profiles

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
    *, installation: SolarInstallation, actor: Actor = None, reason: str = ""
) -> SolarInstallation:
    """Save an installation; when its estimate inputs changed, recompute it after commit."""
    before = (
        SolarInstallation.objects.filter(pk=installation.pk).values(*ESTIMATE_INPUTS).first()
        if installation.pk
        else None
    )
    record_save(obj=installation, actor=actor, reason=reason)
    after = {f: getattr(installation, f) for f in ESTIMATE_INPUTS}
    if before is None or any(before[f] != after[f] for f in ESTIMATE_INPUTS):
        installation_id = installation.pk
        transaction.on_commit(lambda: installation_estimate_refresh_task.delay(installation_id))
    return installation


# --- Writing estimates ---------------------------------------------------------------------


def _estimate_row(
    installation: SolarInstallation, profile: Profile, dataset: WeatherDataset, now: dt.datetime
) -> InstallationEstimate:
    capacity = float(installation.capacity_kwp)
    monthly = profile.monthly_kwh_per_kwp * capacity
    return InstallationEstimate(
        installation=installation,
        weather=dataset,
        model_version=profile.model_version,
        annual_kwh=round(float(monthly.sum()), 3),
        monthly_kwh=[round(float(v), 3) for v in monthly],
        specific_yield_kwh_per_kwp=round(profile.annual_kwh_per_kwp, 3),
        inputs=_inputs(installation),
        weather_gaps=profile.weather_gaps,
        computed_at=now,
    )


def _save_estimates(rows: list[InstallationEstimate]) -> None:
    InstallationEstimate.objects.bulk_create(
        rows,
        batch_size=SAVE_BATCH,
        update_conflicts=True,
        unique_fields=["installation"],
        update_fields=[
            "weather", "model_version", "annual_kwh", "monthly_kwh",
            "specific_yield_kwh_per_kwp", "inputs", "weather_gaps", "computed_at",
        ],
    )  # fmt: skip


_EXPECTATION_FIELDS = [
    "expected_kwh", "performance_ratio", "expected_weather", "expected_model_version",
]  # fmt: skip


def _readings_expectations(
    readings: list[MeterReading],
    profiles: dict[pv.SystemConfig, Profile],
    dataset: WeatherDataset,
) -> None:
    for reading in readings:
        installation = reading.installation
        reading_expectation_set(
            reading,
            profile=profiles[installation_config(installation)],
            capacity_kwp=float(installation.capacity_kwp),
            weather=dataset,
        )
    MeterReading.objects.bulk_update(readings, _EXPECTATION_FIELDS, batch_size=SAVE_BATCH)


def installation_estimate_refresh(*, installation_id: int) -> InstallationEstimate | None:
    """Recompute one installation's estimate and its readings' expectations (idempotent)."""
    for _attempt in range(3):
        installation = SolarInstallation.objects.filter(pk=installation_id).first()
        if installation is None:
            return None  # deleted before the task ran: nothing to do
        dataset = weather_applied()
        config = installation_config(installation)
        profile = profile_per_kwp(weather=dataset, config=config)  # computed outside the lock
        with transaction.atomic():
            locks.named_lock(locks.SOLAR)
            installation = SolarInstallation.objects.filter(pk=installation_id).first()
            if installation is None:
                return None
            if weather_applied().pk != dataset.pk or installation_config(installation) != config:
                continue  # the fleet switched weather (or the inputs changed) meanwhile: again
            _save_estimates([_estimate_row(installation, profile, dataset, timezone.now())])
            _readings_expectations(
                list(MeterReading.objects.filter(installation=installation).select_related(
                    "installation"
                )),
                {config: profile},
                dataset,
            )  # fmt: skip
        return InstallationEstimate.objects.get(installation=installation)
    raise RuntimeError(f"installation {installation_id}: its inputs or weather keep changing")


# --- The fleet --------------------------------------------------------------------------------


def fleet_refresh_queue(
    *, weather_dataset: WeatherDataset | None, reason: str, actor: Actor = None
) -> EstimateRun:
    """Record a fleet run and queue it after commit; staff follow its progress on the page.

    Without a dataset the run uses the active one (the default year, built if there is none).
    """
    if weather_dataset is None:
        weather_dataset = weather_default_ensure()
    run = EstimateRun(weather=weather_dataset, reason=reason[:200])
    if actor is not None and getattr(actor, "is_authenticated", False):
        run.started_by = actor  # type: ignore[assignment]
    run.save()
    jobs.job_queue(run)
    return run


def run_superseded(run: EstimateRun) -> bool:
    """A run is for the active weather (to apply it) or the applied one (to refresh the fleet on
    it); a run for any other weather has been replaced by a newer choice."""
    weather = WeatherDataset.objects.filter(pk=run.weather_id).values("active", "applied").first()
    return weather is None or not (weather["active"] or weather["applied"])


def fleet_refresh(*, run_id: int, claim: jobs.Claim = jobs.IN_PROCESS) -> EstimateRun:
    """Recompute every installation with the run's weather and switch the fleet to it at once.

    The profiles are computed first (nothing written); then one transaction writes every
    estimate, profile and reading expectation and marks the weather applied. A run that fails or
    is killed leaves the fleet entirely on the previous weather. Safe to run again.
    """
    with jobs.job_claimed(EstimateRun, run_id, claim=claim) as run:
        if run is not None:
            _fleet_run(run)
    return EstimateRun.objects.select_related("weather").get(pk=run_id)


def _cancel_superseded(run: EstimateRun) -> None:
    active = WeatherDataset.objects.filter(active=True).values_list("name", flat=True).first()
    jobs.job_end(run, JobStatus.CANCELLED, code="superseded", error=active or "", step=run.step)


def _fleet_run(run: EstimateRun) -> None:
    if run_superseded(run):
        _cancel_superseded(run)
        return
    dataset = run.weather
    jobs.job_step(run, "computing", 5)
    configs = [
        _config_of(values)
        for values in SolarInstallation.objects.values(*pv.CONFIG_COLUMNS).order_by().distinct()
    ]
    w = weather_load(dataset.pk)
    profiles = profiles_compute(w, configs, weather_id=dataset.pk)
    jobs.job_step(run, "writing", 50)
    with transaction.atomic():
        locks.named_lock(locks.SOLAR)
        if run_superseded(run):
            _cancel_superseded(run)
            return
        # Read again under the lock: installations added or edited while computing count too.
        installations = list(SolarInstallation.objects.all())
        missing = {installation_config(i) for i in installations} - profiles.keys()
        profiles.update(profiles_compute(w, missing, weather_id=dataset.pk))
        profiles_store(profiles.values())
        now = timezone.now()
        _save_estimates(
            [
                _estimate_row(i, profiles[installation_config(i)], dataset, now)
                for i in installations
            ]
        )
        _readings_expectations(
            list(MeterReading.objects.select_related("installation")), profiles, dataset
        )
        if not WeatherDataset.objects.filter(pk=dataset.pk, applied=True).exists():
            WeatherDataset.objects.filter(applied=True).update(applied=False)
            WeatherDataset.objects.filter(pk=dataset.pk).update(applied=True)
        jobs.job_finish(run, total=len(installations), done=len(installations))


def _config_of(values: dict[str, Any]) -> pv.SystemConfig:
    """Stored values as ``installation_config`` builds them (floats), so the two keys match."""
    return pv.SystemConfig(
        tilt_deg=float(values["tilt_deg"]), azimuth_deg=float(values["azimuth_deg"]),
        mounting=values["mounting"], module_type=values["module_type"],
        losses_pct=float(values["losses_pct"]), dc_ac_ratio=float(values["dc_ac_ratio"]),
    )  # fmt: skip


def profiles_for(
    *, weather: WeatherDataset, installations: list[SolarInstallation]
) -> dict[pv.SystemConfig, Profile]:
    """The profiles of these installations' configurations with ``weather``."""
    return profiles_get(weather=weather, configs={installation_config(i) for i in installations})
