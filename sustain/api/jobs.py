"""Long jobs (fleet estimate runs, GIS imports, reports): their state for staff, and retry."""

import datetime as dt
from itertools import chain
from typing import Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from sustain import permissions
from sustain.api.common import Id, api_auth, caller_of, require_perms
from sustain.models import Job
from sustain.services import jobs

router = Router(tags=["jobs"])

Kind = Literal["estimate", "import", "report"]
Status = Literal["queued", "running", "done", "failed", "cancelled"]


class JobOut(Schema):
    kind: Kind
    id: int
    status: Status
    progress_pct: int
    step: str = Field(description="What it is doing (or was doing when it stopped).")
    attempts: int = Field(description="Runs since a person last queued it.")
    started_by: str | None
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    heartbeat_at: dt.datetime | None = Field(
        description="The last sign of life of its worker; a running job silent for "
        "JOB_STALE_MINUTES is failed."
    )
    failure: str = Field(description="Why it did not finish, in the caller's language.")
    error: str = Field(description="The technical detail, if any.")
    retryable: bool


def job_out(job: Job) -> dict[str, Any]:
    return {
        "kind": job.kind,
        "id": job.pk,
        "status": job.status,
        "progress_pct": job.progress_pct,
        "step": job.step_label() if job.step else "",
        "attempts": job.attempts,
        "started_by": job.started_by.get_username() if job.started_by else None,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
        "heartbeat_at": job.heartbeat_at,
        "failure": job.failure_message(),
        "error": job.error,
        "retryable": job.retryable,
    }


@router.get("/jobs", response=list[JobOut], auth=api_auth)
def job_list(request: HttpRequest, status: Status | None = None) -> list[dict[str, Any]]:
    """The 50 most recent jobs of every kind the caller may see, newest first (staff)."""
    caller = caller_of(request)
    kinds = [k for k, perm in permissions.JOB_VIEW_PERMS.items() if caller.has(perm)]
    if not kinds:
        require_perms(request, *permissions.JOB_VIEW_PERMS.values())
    recent = []
    for model in (jobs.JOB_MODELS[kind] for kind in kinds):
        rows = model._default_manager.select_related("started_by").order_by("-created_at")
        recent.append(rows.filter(status=status)[:50] if status else rows[:50])
    ordered = sorted(chain.from_iterable(recent), key=lambda j: j.created_at, reverse=True)
    return [job_out(job) for job in ordered[:50]]


@router.get("/jobs/{kind}/{job_id}", response=JobOut, auth=api_auth)
def job_detail(request: HttpRequest, kind: Kind, job_id: Id) -> dict[str, Any]:
    require_perms(request, permissions.JOB_VIEW_PERMS[kind])
    return job_out(get_object_or_404(jobs.JOB_MODELS[kind], pk=job_id))


@router.post("/jobs/{kind}/{job_id}/retry", response={202: JobOut}, auth=api_auth)
def job_retry(request: HttpRequest, kind: Kind, job_id: Id) -> tuple[int, dict[str, Any]]:
    """Queue a failed (or cancelled) job again; 409 when it is queued, running or done."""
    caller = require_perms(
        request, permissions.JOB_VIEW_PERMS[kind], permissions.JOB_RETRY_PERMS[kind]
    )
    job = get_object_or_404(jobs.JOB_MODELS[kind], pk=job_id)
    return 202, job_out(jobs.job_retry(job=job, actor=caller.user))
