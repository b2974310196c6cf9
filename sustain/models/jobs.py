"""One model for all long work (fleet estimate runs, GIS imports, reports): state, progress, who
started it, and the heartbeat that tells a running job from one whose worker died."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")
    CANCELLED = "cancelled", _("cancelled")


# The name used before the job model; the same class.
RunStatus = JobStatus

UNFINISHED = (JobStatus.QUEUED, JobStatus.RUNNING)

# What a job is doing, in words staff read (the ``step`` field holds the key).
STEP_LABELS = {
    "": _("starting"),
    "retry_wait": _("waiting to try again after a database error"),
    "computing": _("computing the estimates"),
    "writing": _("writing the estimates"),
    "reading": _("reading the file"),
    "checking": _("checking the rows"),
    "writing_rows": _("writing the rows"),
    "figures": _("computing the figures"),
    "charts": _("drawing the charts"),
    "pdf": _("making the PDF"),
    "xlsx": _("making the spreadsheet"),
    "memo": _("writing the memo draft"),
    "saving": _("saving the report"),
}


class FailureCode(models.TextChoices):
    WORKER_LOST = "worker_lost", _("the worker stopped")
    RETRIES_EXHAUSTED = "retries", _("the database did not answer")
    ERROR = "error", _("an error")
    TOO_MANY_ATTEMPTS = "attempts", _("stopped too many times")
    SUPERSEDED = "superseded", _("replaced by newer work")


class Job(models.Model):
    """The fields every long job shares. Subclasses name their ``kind`` and Celery task."""

    kind: ClassVar[str]
    task_name: ClassVar[str]

    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress_pct = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=20, blank=True)
    error = models.TextField(_("error"), blank=True)  # detail: the exception or the refusal
    error_code = models.CharField(max_length=12, choices=FailureCode.choices, blank=True)
    error_step = models.CharField(max_length=20, blank=True)  # the step it failed in
    attempts = models.PositiveSmallIntegerField(
        _("attempts"), default=0, help_text=_("Runs since it was last queued by a person.")
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    # Who holds the job: the Celery task id and retry number, and the process (host:pid:start).
    task_id = models.CharField(max_length=64, blank=True)
    task_retries = models.PositiveSmallIntegerField(default=0)
    worker = models.CharField(max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def unfinished(self) -> bool:
        return self.status in UNFINISHED

    @property
    def retryable(self) -> bool:
        return self.status in (JobStatus.FAILED, JobStatus.CANCELLED)

    def step_label(self) -> str:
        return str(STEP_LABELS.get(self.step, self.step))

    def failure_message(self) -> str:
        """Why the job ended without finishing, in the page's language; empty when it did not."""
        if self.status not in (JobStatus.FAILED, JobStatus.CANCELLED):
            return ""
        step = str(STEP_LABELS.get(self.error_step, self.error_step))
        messages = {
            FailureCode.WORKER_LOST: gettext(
                "The worker stopped (or lost the database) while %(step)s; nothing was "
                "written. Press Retry to run it again."
            ),
            FailureCode.RETRIES_EXHAUSTED: gettext(
                "The database did not answer while %(step)s, even after several tries; nothing "
                "was written. Press Retry when the database is back."
            ),
            FailureCode.TOO_MANY_ATTEMPTS: gettext(
                "The worker stopped %(attempts)s times while %(step)s (perhaps it ran out of "
                "memory); nothing was written. Press Retry to try once more."
            ),
            FailureCode.ERROR: gettext("It failed while %(step)s; nothing was written."),
            FailureCode.SUPERSEDED: gettext(
                "Not applied: a newer weather year (%(detail)s) was chosen meanwhile; its own "
                "run updates the estimates."
            ),
        }
        text = messages.get(self.error_code)  # type: ignore[call-overload]
        if text is None:  # a reader's own sentence (a GIS or weather file), in the page's words
            from sustain import runtime_words  # (it names the import targets: imports records)

            return runtime_words.message(self.error)
        return text % {"step": step, "attempts": self.attempts, "detail": self.error}
