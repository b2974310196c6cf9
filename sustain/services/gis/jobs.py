"""GIS imports as jobs: staff upload a file, a Celery task runs the dry run, then the commit."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sustain.core.gisfiles import GisFileError, Layer, Limits, read_layer
from sustain.core.gisfiles.common import EPSG_CODE
from sustain.models import ImportJob, ImportMode, ImportTarget, JobStatus
from sustain.models.jobs import UNFINISHED
from sustain.services import jobs
from sustain.services.gis.importing import ImportRefused, commit_import, plan_import
from sustain.services.gis.targets import TARGETS
from sustain.services.records import Actor, Conflict


def import_limits() -> Limits:
    return Limits(
        upload_bytes=settings.GIS_UPLOAD_MAX_MB * 1_000_000,
        expanded_bytes=settings.GIS_ARCHIVE_MAX_MB * 1_000_000,
    )


def read_target_layer(
    path: Path, *, filename: str, target: str, crs: str | None, layers: list[str] | None = None
) -> Layer:
    needs_geometry = TARGETS[target].geometry in ("point", "polygon")
    return read_layer(
        path,
        filename=filename,
        crs=crs or None,
        limits=import_limits(),
        need_geometry=needs_geometry,
        layers=layers or None,
    )


def _layers_checked(layers: list[str] | None) -> list[str]:
    if layers is None:
        return []
    if not isinstance(layers, list) or not all(
        isinstance(name, str) and 0 < len(name) <= 255 for name in layers
    ):
        raise ValidationError({"layers": "give a list of layer names"}, code="layers")
    return list(dict.fromkeys(layers))


def job_start(
    *,
    target: str,
    upload: File,
    filename: str,
    crs: str = "",
    mapping: dict[str, str] | None = None,
    actor: Actor = None,
    layers: list[str] | None = None,
    polygons_as_points: bool = False,
) -> ImportJob:
    """Store the upload and queue its dry run. Refuses an over-size file before storing it.
    ``layers`` names the layers (KML folders, GeoPackage tables) to read; none means all."""
    if crs and not EPSG_CODE.fullmatch(crs.strip()):
        raise ValidationError(
            {"crs": _("Give the coordinate system as an EPSG code, e.g. 32647 for UTM zone 47N.")},
            code="crs",
        )
    if target not in ImportTarget.values:
        raise ValidationError({"target": f"“{target}” is not an import target"}, code="target")
    limit = import_limits().upload_bytes
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            {"file": f"{upload.size / 1e6:.1f} MB is over the {limit / 1e6:.0f} MB limit"},
            code="too_large",
        )
    job = ImportJob(
        target=target, original_name=Path(filename).name[:255], crs=crs,
        mapping=_mapping_checked(target, mapping),
        layers=_layers_checked(layers), polygons_as_points=polygons_as_points,
    )  # fmt: skip
    if actor is not None and getattr(actor, "is_authenticated", False):
        job.started_by = actor  # type: ignore[assignment]
    job.file.save(f"{timezone.now():%Y%m%d-%H%M%S}-{Path(filename).name}", upload, save=False)
    job.save()
    jobs.job_queue(job)
    return job


def _file_deleted() -> ValidationError:
    return ValidationError(
        {
            "job": _("The uploaded file was deleted after %(days)s days: upload it again.")
            % {"days": settings.PRIVATE_FILE_RETENTION_DAYS}
        },
        code="file_deleted",
    )


def job_commit_request(
    *, job: ImportJob, mode: str = ImportMode.ALL_OR_NOTHING, accept_far: bool = False
) -> ImportJob:
    """Queue the commit of a checked file: a state change made once (one conditional update), so
    two requests at the same moment queue one commit and the other gets ``Conflict``."""
    if not job.file:
        raise _file_deleted()
    updated = ImportJob.objects.filter(
        pk=job.pk, phase="dry_run", status=JobStatus.DONE, committed=False
    ).update(
        phase="commit", mode=mode, accept_far=accept_far, status=JobStatus.QUEUED,
        progress_pct=0, step="", error="", error_code="", error_step="", attempts=0,
        finished_at=None, task_id="", task_retries=0, worker="",
    )  # fmt: skip
    job.refresh_from_db()
    if not updated:
        if job.committed:
            raise Conflict(_("This file is already imported."), code="committed", field="job")
        if job.phase == "commit" and job.status in UNFINISHED:
            raise Conflict(_("This import is already committing."), code="committing", field="job")
        if job.phase == "commit":
            raise Conflict(
                _("The commit of this file failed: retry it."), code="commit_failed", field="job"
            )
        raise Conflict(_("The dry run has not finished."), code="not_ready", field="job")
    jobs.job_queue(job)
    return job


def _mapping_checked(target: str, mapping: dict[str, str] | None) -> dict[str, str]:
    if mapping is not None and not all(
        isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()
    ):
        raise ValidationError({"mapping": "give field: column pairs of text"}, code="mapping")
    unknown = sorted(set(mapping or {}) - set(TARGETS[target].columns))
    if unknown:
        raise ValidationError({"mapping": f"unknown fields: {', '.join(unknown)}"}, code="mapping")
    return mapping or {}


def job_options_set(
    *, job: ImportJob, layers: list[str] | None, polygons_as_points: bool,
    mapping: dict[str, str] | None = None,
) -> ImportJob:  # fmt: skip
    """Choose the layers to import (none = all), whether polygons become points, and the
    mapping; then the dry run runs again (a state change made once, like the commit)."""
    chosen, columns = _layers_checked(layers), _mapping_checked(job.target, mapping)
    if not job.file:
        raise _file_deleted()
    fresh = ImportJob.objects.filter(pk=job.pk, committed=False).exclude(status__in=UNFINISHED)
    updated = fresh.update(
        layers=chosen, polygons_as_points=polygons_as_points, mapping=columns,
        phase="dry_run", status=JobStatus.QUEUED, progress_pct=0, step="", error="",
        error_code="", error_step="", attempts=0, finished_at=None, task_id="",
        task_retries=0, worker="",
    )  # fmt: skip
    job.refresh_from_db()
    if not updated:
        if job.committed:
            raise Conflict(_("This file is already imported."), code="committed", field="job")
        raise Conflict(_("The file is still being checked."), code="busy", field="job")
    jobs.job_queue(job)
    return job


@contextmanager
def _local_copy(job: ImportJob) -> Iterator[Path]:
    """The stored upload as a local file (storage may be remote)."""
    with tempfile.TemporaryDirectory(prefix="sustain-job-") as workdir:
        path = Path(workdir) / Path(job.original_name).name
        with job.file.open("rb") as source, open(path, "wb") as sink:
            shutil.copyfileobj(source, sink)
        yield path


def job_run(*, job_id: int, claim: jobs.Claim = jobs.IN_PROCESS) -> ImportJob:
    """Run the job's phase, recording its steps; file problems end it as failed, refusals as a
    finished dry run. A commit writes its rows and marks the job committed in one transaction."""
    with jobs.job_claimed(ImportJob, job_id, claim=claim) as job:
        if job is not None:
            _run(job)
    return ImportJob.objects.get(pk=job_id)


def _run(job: ImportJob) -> None:
    def progress(done: int, total: int) -> None:
        jobs.job_progress(job, max(2, min(99, done * 100 // total)))

    jobs.job_step(job, "reading", 1)
    try:
        with _local_copy(job) as path:
            layer = read_target_layer(
                path, filename=job.original_name, target=job.target, crs=job.crs,
                layers=job.layers,
            )  # fmt: skip
        if job.phase != "commit":
            jobs.job_step(job, "checking", 2)
            plan = plan_import(
                layer=layer, target_key=job.target, mapping=job.mapping, progress=progress,
                polygons_as_points=job.polygons_as_points,
            )  # fmt: skip
            jobs.job_finish(job, result=plan.as_dict(), error="")
            return
        if ImportJob.objects.filter(pk=job.pk, committed=True).exists():
            return  # a second delivery of a commit that finished
        # The job's row is written only outside the commit's transaction: inside it, progress
        # would be invisible and would block the heartbeat.
        jobs.job_step(job, "writing_rows", 50)
        with transaction.atomic():
            outcome = commit_import(
                layer=layer, target_key=job.target, mapping=job.mapping, mode=job.mode,
                accept_far=job.accept_far, actor=job.started_by,
                progress=progress, polygons_as_points=job.polygons_as_points,
            )  # fmt: skip
            result = outcome.plan.as_dict()
            result["committed"] = {
                "created": outcome.created, "updated": outcome.updated,
                "unchanged": outcome.unchanged, "refused": outcome.refused,
                "villages": asdict(outcome.villages) if outcome.villages else None,
            }  # fmt: skip
            refused_name = ""
            if outcome.refused_csv:
                job.refused_file.save(
                    f"refused-{job.pk}.csv", ContentFile(outcome.refused_csv), save=False
                )
                refused_name = job.refused_file.name or ""
            # Marked committed in the transaction that writes the rows: both or neither.
            jobs.job_finish(job, committed=True, result=result, error="", refused_file=refused_name)
    except GisFileError as error:  # the file's own problem, with its message
        jobs.job_end(job, JobStatus.FAILED, error=str(error), result={})
    except ImportRefused as refusal:  # nothing written; staff may choose another mode
        jobs.job_finish(job, phase="dry_run", result=refusal.plan.as_dict(), error=str(refusal))
