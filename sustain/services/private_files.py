"""Retention of private files: uploaded originals and refused rows are deleted after
``PRIVATE_FILE_RETENTION_DAYS``; the import job keeps its summary (counts, rows, errors)."""

import datetime as dt
import os
from dataclasses import dataclass

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from sustain.models import ImportJob, JobStatus


@dataclass(frozen=True)
class PurgeResult:
    jobs: int  # import jobs whose files were deleted
    files: int


def _delete(stored: FieldFile) -> bool:
    name = stored.name
    if not name:
        return False
    storage = stored.storage
    storage.delete(name)
    folder = os.path.dirname(storage.path(name))
    if os.path.isdir(folder) and not os.listdir(folder):
        os.rmdir(folder)  # the random folder the file had to itself
    return True


def private_files_purge(*, now: dt.datetime | None = None) -> PurgeResult:
    """Delete the uploads and refused-row files of import jobs older than the retention period."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.PRIVATE_FILE_RETENTION_DAYS)
    jobs = (
        ImportJob.objects.filter(created_at__lt=cutoff)
        .exclude(status__in=[JobStatus.QUEUED, JobStatus.RUNNING])
        .exclude(file="", refused_file="")
    )
    purged_jobs = purged_files = 0
    for job in jobs.iterator():
        purged_files += _delete(job.file) + _delete(job.refused_file)
        ImportJob.objects.filter(pk=job.pk).update(file="", refused_file="")
        purged_jobs += 1
    return PurgeResult(jobs=purged_jobs, files=purged_files)
