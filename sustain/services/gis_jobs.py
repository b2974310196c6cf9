"""GIS imports as jobs: staff upload a file, a Celery task runs the dry run, then the commit."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils import timezone

from sustain.gisfiles import GisFileError, Layer, Limits, read_layer
from sustain.models import ImportJob, ImportMode, ImportTarget, RunStatus
from sustain.services.common import Actor
from sustain.services.gis_import import ImportRefused, commit_import, plan_import
from sustain.services.gis_targets import TARGETS


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
    from sustain import tasks

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
        job.created_by = actor  # type: ignore[assignment]
    job.file.save(f"{timezone.now():%Y%m%d-%H%M%S}-{Path(filename).name}", upload, save=False)
    job.save()
    transaction.on_commit(lambda: tasks.gis_import_run.delay(job.pk))
    return job


def job_commit_request(
    *, job: ImportJob, mode: str = ImportMode.ALL_OR_NOTHING, accept_far: bool = False
) -> ImportJob:
    from sustain import tasks

    if job.committed:
        raise ValidationError({"job": "this file is already imported"}, code="committed")
    if job.status != RunStatus.DONE:
        raise ValidationError({"job": "the dry run has not finished"}, code="not_ready")
    job.phase, job.mode, job.accept_far = "commit", mode, accept_far
    job.status, job.progress_pct, job.error = RunStatus.QUEUED, 0, ""
    job.save()
    transaction.on_commit(lambda: tasks.gis_import_run.delay(job.pk))
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
    mapping; then the dry run runs again."""
    from sustain import tasks

    if job.committed:
        raise ValidationError({"job": "this file is already imported"}, code="committed")
    if job.status in (RunStatus.QUEUED, RunStatus.RUNNING):
        raise ValidationError({"job": "the file is still being checked"}, code="busy")
    job.layers, job.polygons_as_points = _layers_checked(layers), polygons_as_points
    job.mapping = _mapping_checked(job.target, mapping)
    job.phase, job.status, job.progress_pct, job.error = "dry_run", RunStatus.QUEUED, 0, ""
    job.save()
    transaction.on_commit(lambda: tasks.gis_import_run.delay(job.pk))
    return job


@contextmanager
def _local_copy(job: ImportJob) -> Iterator[Path]:
    """The stored upload as a local file (storage may be remote)."""
    with tempfile.TemporaryDirectory(prefix="sustain-job-") as workdir:
        path = Path(workdir) / Path(job.original_name).name
        with job.file.open("rb") as source, open(path, "wb") as sink:
            shutil.copyfileobj(source, sink)
        yield path


def job_run(*, job_id: int) -> ImportJob:
    """Run the job's phase, recording progress; file problems and refusals end it as failed."""
    job = ImportJob.objects.get(pk=job_id)
    ImportJob.objects.filter(pk=job_id).update(status=RunStatus.RUNNING, progress_pct=1)

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(
            progress_pct=max(1, min(99, done * 100 // total))
        )

    result: dict[str, Any]
    try:
        with _local_copy(job) as path:
            layer = read_target_layer(
                path, filename=job.original_name, target=job.target, crs=job.crs,
                layers=job.layers,
            )  # fmt: skip
        if job.phase == "commit":
            outcome = commit_import(
                layer=layer, target_key=job.target, mapping=job.mapping, mode=job.mode,
                accept_far=job.accept_far, actor=job.created_by, progress=progress,
                polygons_as_points=job.polygons_as_points,
            )  # fmt: skip
            result = outcome.plan.as_dict()
            result["committed"] = {
                "created": outcome.created, "updated": outcome.updated,
                "unchanged": outcome.unchanged, "refused": outcome.refused,
                "villages": asdict(outcome.villages) if outcome.villages else None,
            }  # fmt: skip
            if outcome.refused_csv:
                job.refused_file.save(
                    f"refused-{job.pk}.csv", ContentFile(outcome.refused_csv), save=False
                )
            job.committed = True
        else:
            result = plan_import(
                layer=layer, target_key=job.target, mapping=job.mapping, progress=progress,
                polygons_as_points=job.polygons_as_points,
            ).as_dict()  # fmt: skip
        job.status, job.error = RunStatus.DONE, ""
    except GisFileError as error:
        result, job.status, job.error = {}, RunStatus.FAILED, str(error)
    except ImportRefused as refusal:  # nothing written; staff may choose another mode
        result, job.status, job.error = refusal.plan.as_dict(), RunStatus.DONE, str(refusal)
        job.phase = "dry_run"
    job.result, job.progress_pct, job.finished_at = result, 100, timezone.now()
    job.save()
    return job
