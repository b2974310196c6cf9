"""Celery tasks: thin shells that take ids and call one service.

One direction: services import these tasks at module level (the ``_task`` suffix shows it) and
queue them; a task imports its service inside its body. Each task keeps its registered name
(``sustain.tasks.<name>``) so messages already queued still find it.
"""

from dataclasses import asdict
from typing import Any

from celery import shared_task
from django.db import OperationalError


def retrying_task(name: str) -> Any:
    """A task retried with backoff on database hiccups; every task is idempotent, so a retry is
    safe."""
    return shared_task(
        name=f"sustain.tasks.{name}",
        autoretry_for=(OperationalError,),
        retry_backoff=True,
        max_retries=5,
    )


@retrying_task("sites_assign_villages")
def sites_assign_villages_task() -> dict[str, int]:
    from sustain.services import places

    return asdict(places.sites_assign_villages())


@retrying_task("installation_estimate_refresh")
def installation_estimate_refresh_task(installation_id: int) -> float | None:
    from sustain.services import estimates

    estimate = estimates.installation_estimate_refresh(installation_id=installation_id)
    return estimate.annual_kwh if estimate else None


@retrying_task("fleet_estimate_refresh")
def fleet_estimate_refresh_task(run_id: int) -> dict[str, int | str]:
    from sustain.services import estimates

    run = estimates.fleet_refresh(run_id=run_id)
    return {"status": run.status, "done": run.done, "total": run.total}


@retrying_task("report_generate")
def report_generate_task(report_id: int) -> dict[str, int | str]:
    from sustain.report import runs

    report = runs.report_generate(report_id=report_id)
    return {"status": report.status, "progress": report.progress_pct}


@retrying_task("gis_import_run")
def gis_import_run_task(job_id: int) -> dict[str, int | str]:
    from sustain.services import gis_jobs

    job = gis_jobs.job_run(job_id=job_id)
    return {"status": job.status, "phase": job.phase, "committed": int(job.committed)}
