"""Celery tasks: thin shells that take ids and call one service.

One direction: services import these tasks at module level (the ``_task`` suffix shows it) and
queue them; a task imports its service inside its body. Each task keeps its registered name
(``sustain.tasks.<name>``) so messages already queued still find it.

Jobs (fleet estimates, GIS imports, reports) run through ``JobTask``: database errors are retried
with backoff, and a task that gives up fails its job instead of leaving it running.
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from celery import Task, shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError

if TYPE_CHECKING:
    from sustain.services.jobs import Claim

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_POLICY: dict[str, Any] = {
    "autoretry_for": DATABASE_ERRORS,
    "retry_backoff": True,
    "retry_backoff_max": settings.JOB_RETRY_BACKOFF_MAX_S,
    "max_retries": settings.JOB_MAX_RETRIES,
}


def retrying_task(name: str) -> Any:
    """A task retried with backoff on database hiccups; every task is idempotent, so a retry is
    safe."""
    return shared_task(name=f"sustain.tasks.{name}", **RETRY_POLICY)


class JobTask(Task):
    """Runs one job (its id is the first argument); ``job_kind`` names its model."""

    job_kind = ""

    def claim(self) -> Claim:
        from sustain.services import jobs

        return jobs.Claim(
            task_id=self.request.id or "",
            retries=self.request.retries or 0,
            heartbeat=not self.request.is_eager,
        )

    def on_failure(self, exc: Exception, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        from sustain.services import jobs

        job_id = args[0] if args else kwargs.get("job_id")
        jobs.job_fail_after_task(self.job_kind, job_id=job_id, task_id=task_id, error=exc)


def job_task(name: str, kind: str) -> Any:
    return shared_task(
        name=f"sustain.tasks.{name}", base=JobTask, bind=True, job_kind=kind, **RETRY_POLICY
    )


@retrying_task("sites_assign_villages")
def sites_assign_villages_task() -> dict[str, int]:
    from sustain.services.gis import places

    return asdict(places.sites_assign_villages())


@retrying_task("installation_estimate_refresh")
def installation_estimate_refresh_task(installation_id: int) -> float | None:
    from sustain.services.solar import estimates

    estimate = estimates.installation_estimate_refresh(installation_id=installation_id)
    return estimate.annual_kwh if estimate else None


@job_task("fleet_estimate_refresh", "estimate")
def fleet_estimate_refresh_task(self: JobTask, run_id: int) -> dict[str, int | str]:
    from sustain.services.solar import estimates

    run = estimates.fleet_refresh(run_id=run_id, claim=self.claim())
    return {"status": run.status, "done": run.done, "total": run.total}


@job_task("report_generate", "report")
def report_generate_task(self: JobTask, report_id: int) -> dict[str, int | str]:
    from sustain.report import runs

    report = runs.report_generate(report_id=report_id, claim=self.claim())
    return {"status": report.status, "progress": report.progress_pct}


@job_task("gis_import_run", "import")
def gis_import_run_task(self: JobTask, job_id: int) -> dict[str, int | str]:
    from sustain.services.gis import jobs as gis_jobs

    job = gis_jobs.job_run(job_id=job_id, claim=self.claim())
    return {"status": job.status, "phase": job.phase, "committed": int(job.committed)}


@retrying_task("private_files_purge")
def private_files_purge_task() -> dict[str, int]:
    """Daily (Celery beat): uploads and refused rows past PRIVATE_FILE_RETENTION_DAYS."""
    from sustain.services import private_files

    return asdict(private_files.private_files_purge())


@retrying_task("jobs_fail_stale")
def jobs_fail_stale_task() -> list[str]:
    """Run by Celery beat: jobs whose worker died are failed (staff may then retry them)."""
    from sustain.services import jobs

    return [f"{job.kind} {job.pk}" for job in jobs.jobs_fail_stale()]


@worker_ready.connect
def _sweep_when_a_worker_starts(**kwargs: Any) -> None:
    """A worker that starts after a crash finds the jobs the dead one held at once."""
    from sustain.services import jobs

    try:
        failed = jobs.jobs_fail_stale()
    except DatabaseError as error:
        logger.warning("could not look for stale jobs at start: %s", error)
        return
    for job in failed:
        logger.warning("%s %s failed: its worker had stopped", job.kind, job.pk)


@retrying_task("maintenance_weekly_summary")
def maintenance_weekly_summary_task() -> int:
    """Monday morning (Celery beat): each staff member's due visits by e-mail."""
    from django.utils import timezone

    from sustain.services.maintenance import mail as maintenance_mail

    return maintenance_mail.weekly_summary_send(today=timezone.localdate())


@retrying_task("leads_purge_expired")
def leads_purge_expired_task() -> int:
    """Hourly (Celery beat): delete advice requests past LEAD_RETENTION_DAYS."""
    from sustain.services.solar import leads

    return leads.leads_purge_expired()


@retrying_task("roof_profiles_warm")
def roof_profiles_warm_task(dataset_id: int) -> int:
    """Compute and store the resident orientations' per-kWp profiles for a weather dataset."""
    from sustain.models import WeatherDataset
    from sustain.services.solar import roofprofiles

    dataset = WeatherDataset.objects.filter(pk=dataset_id).first()
    if dataset is None:
        return 0
    profiles = roofprofiles.roof_profiles(
        orientations=roofprofiles.RESIDENT_ORIENTATIONS, dataset=dataset
    )
    return len(profiles)
