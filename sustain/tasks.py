"""Celery tasks: thin shells that take ids and call one service."""

from dataclasses import asdict

from celery import shared_task
from django.db import OperationalError

from sustain.services import estimates, places

# Database hiccups are retried with backoff; every task is idempotent, so a retry is safe.
retrying_task = shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)


@retrying_task
def sites_assign_villages() -> dict[str, int]:
    return asdict(places.sites_assign_villages())


@retrying_task
def installation_estimate_refresh(installation_id: int) -> float | None:
    estimate = estimates.installation_estimate_refresh(installation_id=installation_id)
    return estimate.annual_kwh if estimate else None


@retrying_task
def fleet_estimate_refresh(run_id: int) -> dict[str, int | str]:
    run = estimates.fleet_refresh(run_id=run_id)
    return {"status": run.status, "done": run.done, "total": run.total}


@retrying_task
def report_generate(report_id: int) -> dict[str, int | str]:
    from sustain.services import report_runs

    report = report_runs.report_generate(report_id=report_id)
    return {"status": report.status, "progress": report.progress_pct}


@retrying_task
def gis_import_run(job_id: int) -> dict[str, int | str]:
    from sustain.services import gis_jobs

    job = gis_jobs.job_run(job_id=job_id)
    return {"status": job.status, "phase": job.phase, "committed": int(job.committed)}


@retrying_task
def leads_purge_expired() -> int:
    """Scheduled (CELERY_BEAT_SCHEDULE): delete advice requests past LEAD_RETENTION_DAYS."""
    from sustain.services import leads

    return leads.leads_purge_expired()


@retrying_task
def roof_profiles_warm(dataset_id: int) -> int:
    """Compute and store the resident orientations' per-kWp profiles for a weather dataset."""
    from sustain.models import WeatherDataset
    from sustain.services import roofprofiles

    dataset = WeatherDataset.objects.filter(pk=dataset_id).first()
    if dataset is None:
        return 0
    profiles = roofprofiles.roof_profiles(
        orientations=roofprofiles.RESIDENT_ORIENTATIONS, dataset=dataset
    )
    return len(profiles)
