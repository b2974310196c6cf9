"""Long jobs: a worker claims one, keeps its heartbeat, records its steps and ends it; jobs whose
worker died are failed with a clear message; staff retry failed ones.

The job's row is the truth about its state; a Celery message only asks for a job to be run. A
worker may run a job only after claiming it (one conditional update), so a message delivered twice
(after a crash, or a Redis visibility timeout) never runs the same job twice at once.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sustain.models import EstimateRun, FailureCode, ImportJob, Job, JobStatus, Report
from sustain.services.records import Actor, Conflict
from sustain.tasks import fleet_estimate_refresh_task, gis_import_run_task, report_generate_task

logger = logging.getLogger(__name__)

J = TypeVar("J", bound=Job)

JOB_MODELS: dict[str, type[Job]] = {model.kind: model for model in (EstimateRun, ImportJob, Report)}
# Database errors a job waits out (the task retries with backoff); anything else fails the job.
RETRYABLE = (OperationalError, InterfaceError)
# Claims since a person last queued the job; beyond this the worker keeps dying on it.
MAX_CLAIMS = 3


@dataclass(frozen=True)
class Claim:
    """Who asks to run a job: a Celery task (its id and retry number) or code run in-process."""

    task_id: str = ""
    retries: int = 0
    heartbeat: bool = False  # a background heartbeat; in-process runs write it at each step


IN_PROCESS = Claim()


# --- The process holding a job -------------------------------------------------------------------


def _start_ticks(pid: int) -> str:
    """When the process started (Linux /proc), so a reused pid is not mistaken for the holder."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


def process_identity(pid: int | None = None) -> str:
    pid = os.getpid() if pid is None else pid
    return f"{socket.gethostname()}:{pid}:{_start_ticks(pid)}"


def process_dead(identity: str) -> bool:
    """True only when ``identity`` names a process on this machine that no longer runs."""
    host, _sep, rest = identity.partition(":")
    pid_text, _sep, ticks = rest.partition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return False  # another machine: only its heartbeat can tell
    pid = int(pid_text)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass  # alive, under another user
    return bool(ticks) and _start_ticks(pid) not in ("", ticks)


# --- Claiming, heartbeat, steps, the end ----------------------------------------------------------


def _may_claim(job: Job, claim: Claim, now: dt.datetime) -> bool:
    if job.status == JobStatus.QUEUED:
        return True
    if job.status != JobStatus.RUNNING or not claim.task_id or job.task_id != claim.task_id:
        return False
    if claim.retries > job.task_retries:
        return True  # the task's own retry: its previous try has ended
    # The same message again (redelivered after a crash or a visibility timeout): take over only
    # from a holder that is gone.
    return process_dead(job.worker) or _stale(job, now)


def _stale(job: Job, now: dt.datetime) -> bool:
    last = job.heartbeat_at or job.started_at or job.created_at
    return last < now - dt.timedelta(minutes=settings.JOB_STALE_MINUTES)


def job_claim(model: type[J], job_id: int, *, claim: Claim = IN_PROCESS) -> J | None:
    """Mark the job running for this process, or None when it is not this claim's to run."""
    now = timezone.now()
    with transaction.atomic():
        job = model._default_manager.select_for_update().filter(pk=job_id).first()
        if job is None or not _may_claim(job, claim, now):
            return None
        if job.attempts >= MAX_CLAIMS + settings.JOB_MAX_RETRIES:
            _end(job, JobStatus.FAILED, code=FailureCode.TOO_MANY_ATTEMPTS, step=job.step)
            return None
        job.status, job.attempts, job.heartbeat_at = JobStatus.RUNNING, job.attempts + 1, now
        job.started_at = job.started_at or now
        job.task_id, job.task_retries, job.worker = claim.task_id, claim.retries, process_identity()
        job.error, job.error_code, job.error_step, job.finished_at = "", "", "", None
        job.save(update_fields=[
            "status", "attempts", "heartbeat_at", "started_at", "task_id", "task_retries",
            "worker", "error", "error_code", "error_step", "finished_at",
        ])  # fmt: skip
    return job


class _Heartbeat(threading.Thread):
    """Writes the job's heartbeat from its own connection, outside the job's transactions (a
    heartbeat inside a long transaction would not be seen). Dies with the process."""

    def __init__(self, job: Job) -> None:
        super().__init__(name=f"heartbeat-{job.kind}-{job.pk}", daemon=True)
        self.model, self.job_id, self.task_id = type(job), job.pk, job.task_id
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(settings.JOB_HEARTBEAT_S):
                try:
                    self.model._default_manager.filter(
                        pk=self.job_id, status=JobStatus.RUNNING, task_id=self.task_id
                    ).update(heartbeat_at=timezone.now())
                except DatabaseError as error:  # the sweep decides what silence means
                    logger.warning("heartbeat of %s %s not written: %s", self.model.kind,
                                   self.job_id, error)  # fmt: skip
                    connection.close()
        finally:
            connection.close()  # this thread's own connection

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=2)


def _best_effort(action: Any) -> None:
    """Record something about a job when the database may be gone; never raise."""
    try:
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()
        action()
    except DatabaseError as error:
        logger.warning("could not record the job's state: %s", error)


@contextmanager
def job_claimed(model: type[J], job_id: int, *, claim: Claim = IN_PROCESS) -> Iterator[J | None]:
    """Run the body as the job's holder (``None`` when it is not this claim's to run).

    The body ends the job with ``job_finish`` inside its last transaction, so the job's state and
    what it wrote commit together; if it returns without doing so the job is marked done. A
    database error leaves the job running for the task's retry; any other error fails it.
    """
    job = job_claim(model, job_id, claim=claim)
    if job is None:
        yield None
        return
    beat = _Heartbeat(job) if claim.heartbeat else None
    if beat is not None:
        beat.start()
    try:
        yield job
    except RETRYABLE:
        running = model._default_manager.filter(pk=job.pk, status=JobStatus.RUNNING)
        _best_effort(lambda: running.update(
            step="retry_wait", error_step=job.step, heartbeat_at=timezone.now()
        ))  # fmt: skip
        raise
    except Exception as error:
        logger.exception("%s %s failed", job.kind, job.pk)
        detail = f"{type(error).__name__}: {error}"
        _best_effort(lambda: job_end(job, JobStatus.FAILED, code=FailureCode.ERROR, error=detail))
        raise
    else:
        if model._default_manager.filter(pk=job.pk, status=JobStatus.RUNNING).exists():
            job_finish(job)
    finally:
        if beat is not None:
            beat.stop()


def job_step(job: Job, step: str, progress_pct: int) -> None:
    """Record what the job is doing now (also a heartbeat)."""
    job.step, job.progress_pct = step, progress_pct
    type(job)._default_manager.filter(pk=job.pk).update(
        step=step, progress_pct=progress_pct, heartbeat_at=timezone.now()
    )


def job_progress(job: Job, progress_pct: int) -> None:
    job.progress_pct = progress_pct
    type(job)._default_manager.filter(pk=job.pk).update(
        progress_pct=progress_pct, heartbeat_at=timezone.now()
    )


def job_finish(job: Job, **fields: Any) -> None:
    """Mark the job done, with its own result ``fields``; call it inside the transaction that
    writes what the job produced."""
    job_end(job, JobStatus.DONE, **fields)


def job_end(
    job: Job, status: str, *, code: str = "", error: str = "", step: str | None = None,
    **fields: Any,
) -> None:  # fmt: skip
    _end(job, status, code=code, error=error, step=job.step if step is None else step, **fields)


def _end(job: Job, status: str, *, code: str, step: str, error: str = "", **fields: Any) -> None:
    now = timezone.now()
    values = {
        "status": status, "error_code": code, "error": error[:5000],
        "error_step": step if status != JobStatus.DONE else "", "finished_at": now,
        "heartbeat_at": now, "step": "" if status == JobStatus.DONE else job.step, **fields,
    }  # fmt: skip
    if status == JobStatus.DONE:
        values["progress_pct"] = 100
    for name, value in values.items():
        setattr(job, name, value)
    type(job)._default_manager.filter(pk=job.pk).update(**values)


def job_fail_after_task(kind: str, *, job_id: int, task_id: str, error: BaseException) -> None:
    """The task gave up (retries spent, or an error): the job it held must not stay running."""
    model = JOB_MODELS[kind]
    code = FailureCode.RETRIES_EXHAUSTED if isinstance(error, RETRYABLE) else FailureCode.ERROR

    def fail() -> None:
        job = model._default_manager.filter(
            pk=job_id, task_id=task_id, status=JobStatus.RUNNING
        ).first()
        if job is not None:
            step = job.error_step if job.step == "retry_wait" else job.step
            job_end(job, JobStatus.FAILED, code=code, error=f"{type(error).__name__}: {error}",
                    step=step)  # fmt: skip

    _best_effort(fail)


# --- Stale jobs, retry -------------------------------------------------------------------------


def jobs_fail_stale(*, now: dt.datetime | None = None) -> list[Job]:
    """Fail running jobs whose worker is gone: silent for JOB_STALE_MINUTES, or held by a process
    of this machine that no longer exists. Run by Celery beat and when a worker starts."""
    now = now or timezone.now()
    failed: list[Job] = []
    for model in JOB_MODELS.values():
        for job in model._default_manager.filter(status=JobStatus.RUNNING):
            if not (_stale(job, now) or process_dead(job.worker)):
                continue
            step = job.error_step if job.step == "retry_wait" else job.step
            # Conditional on the heartbeat we judged: a job that just came back to life stays.
            if model._default_manager.filter(
                pk=job.pk, status=JobStatus.RUNNING, heartbeat_at=job.heartbeat_at
            ).update(
                status=JobStatus.FAILED, error_code=FailureCode.WORKER_LOST, error_step=step,
                finished_at=now, error=f"no heartbeat since {job.heartbeat_at} ({job.worker})",
            ):  # fmt: skip
                logger.warning("%s %s failed: its worker stopped during %s", job.kind, job.pk, step)
                job.refresh_from_db()
                failed.append(job)
        _requeue_forgotten(model, now)
    return failed


def _requeue_forgotten(model: type[Job], now: dt.datetime) -> None:
    """Send again the task of a job queued long ago that no worker has claimed (its message was
    lost, e.g. the broker was down when it was sent). A duplicate message is harmless: only one
    claim succeeds."""
    limit = now - dt.timedelta(minutes=settings.JOB_STALE_MINUTES)
    for job in model._default_manager.filter(status=JobStatus.QUEUED, created_at__lt=limit).exclude(
        heartbeat_at__gte=limit
    ):
        if model._default_manager.filter(pk=job.pk, status=JobStatus.QUEUED).update(
            heartbeat_at=now
        ):
            logger.warning("%s %s was still queued: its task is sent again", job.kind, job.pk)
            job_queue(job)


JOB_TASKS = {
    "estimate": fleet_estimate_refresh_task,
    "import": gis_import_run_task,
    "report": report_generate_task,
}


def job_queue(job: Job) -> None:
    """Send the job's task once the current transaction commits."""
    task = JOB_TASKS[job.kind]
    job_id = job.pk
    transaction.on_commit(lambda: task.delay(job_id))


def job_retry(*, job: Job, actor: Actor = None) -> Job:
    """Queue a failed or cancelled job again; its task starts it afresh and writes only whole
    results, so a retry is safe whatever the first run did. Raises ``Conflict`` otherwise."""
    model = type(job)
    if isinstance(job, EstimateRun):
        from sustain.services.solar.estimates import run_superseded

        if run_superseded(job):
            raise Conflict(
                _("A newer weather year was chosen after this run; its own run applies it."),
                code="superseded",
            )
    updated = model._default_manager.filter(
        pk=job.pk, status__in=[JobStatus.FAILED, JobStatus.CANCELLED]
    ).update(
        status=JobStatus.QUEUED, progress_pct=0, step="", error="", error_code="", error_step="",
        attempts=0, finished_at=None, heartbeat_at=timezone.now(), task_id="", task_retries=0,
        worker="",
    )  # fmt: skip
    job.refresh_from_db()
    if not updated:
        raise Conflict(
            _("Only a failed job can be retried; this one is %(status)s.")
            % {"status": job.get_status_display()},
            code="not_failed",
        )
    logger.info("%s %s retried by %s", job.kind, job.pk, actor)
    job_queue(job)
    return job


def job_get(*, kind: str, job_id: int) -> Job | None:
    model = JOB_MODELS.get(kind)
    return model._default_manager.filter(pk=job_id).first() if model else None
