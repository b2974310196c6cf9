"""Private files stay private: stored outside MEDIA_ROOT under random folders, served only by views
that check permissions, deleted after the retention period; published reports are public."""

import datetime as dt
import importlib
import re
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from sustain import tasks
from sustain.celery import app as celery_app
from sustain.models import ImportJob, Report, RunStatus
from sustain.services import private_files
from sustain.services.gis import jobs as gis_jobs
from sustain.services.groups import staff_groups_ensure
from tests.conftest import OWNER_NAME, OWNER_PHONE

RANDOM_FOLDER = r"[A-Za-z0-9_-]{16}"


@pytest.fixture
def report(db) -> Report:
    report = Report.objects.create(basis="fiscal", year_be=2568, status=RunStatus.DONE)
    report.pdf.save("sustain-report-fiscal-2568-th.pdf", ContentFile(b"%PDF-1.4 x"), save=False)
    report.memo_docx.save("memo-draft-fiscal-2568-th.docx", ContentFile(b"PK docx"), save=False)
    report.save()
    return report


@pytest.fixture
def job(db) -> ImportJob:
    job = ImportJob(target="installations", original_name="owners.csv", status=RunStatus.DONE)
    job.file.save("owners.csv", ContentFile(f"{OWNER_NAME},{OWNER_PHONE}\n".encode()), save=False)
    job.refused_file.save("refused-1.csv", ContentFile(OWNER_PHONE.encode()), save=False)
    job.result = {"counts": {"create": 3, "error": 1}, "rows": []}
    job.save()
    return job


def body_of(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def staff(role: str) -> User:
    user = User.objects.create_user(f"u-{role}", password="x-pass-1", is_staff=True)
    if role != "no_group":
        user.groups.add(staff_groups_ensure()[role])
    return user


def test_private_files_live_outside_media_root_under_random_folders(
    somchai, municipality, settings, tmp_path, report, job
):
    settings.MEDIA_ROOT = tmp_path / "media"
    upload = SimpleUploadedFile("survey.geojson", b'{"type": "FeatureCollection", "features": []}')
    started = gis_jobs.job_start(target="installations", upload=upload, filename="survey.geojson")
    names = [started.file.name, job.file.name, job.refused_file.name, report.pdf.name]
    assert re.fullmatch(rf"imports/{RANDOM_FOLDER}/\d{{8}}-\d{{6}}-survey.geojson", names[0])
    assert re.fullmatch(rf"imports/{RANDOM_FOLDER}/owners.csv", names[1])
    assert re.fullmatch(rf"reports/{report.pk}-{RANDOM_FOLDER}/sustain-report-fiscal-2568-th.pdf",
                        names[3])  # fmt: skip
    for name in names:
        assert (Path(settings.PRIVATE_MEDIA_ROOT) / name).is_file()
    assert not (tmp_path / "media").exists()  # nothing a web server serves at /media/
    with pytest.raises(ValueError, match="not accessible via a URL"):
        storages["private"].url(names[0])
    other = ImportJob(target="installations", original_name="owners.csv")
    other.file.save("owners.csv", ContentFile(b"x"), save=False)
    assert other.file.name != job.file.name  # the same upload twice: two unguessable folders


@pytest.mark.parametrize(
    "role,status", [("anonymous", 302), ("no_group", 403), ("viewer", 200)]
)  # fmt: skip
def test_unpublished_report_files_need_view_report(role, status, report, client: Client):
    if role != "anonymous":
        client.force_login(staff(role))
    for kind in ("pdf", "memo_docx"):
        response = client.get(f"/manage/reports/{report.pk}/files/{kind}/")
        assert response.status_code == status
        assert client.get(f"/reports/{report.pk}/files/pdf/").status_code == 404
    if status == 200:
        assert response["Cache-Control"] == "private, no-store"
        assert 'filename="memo-draft-fiscal-2568-th.docx"' in response["Content-Disposition"]
        assert body_of(response) == b"PK docx"


def test_published_report_files_are_public_through_their_view(report, client: Client, somchai):
    report.published_at = timezone.now()
    report.save()
    response = client.get(f"/reports/{report.pk}/files/pdf/")
    assert response.status_code == 200 and response["Cache-Control"] == "public, max-age=86400"
    assert body_of(response) == b"%PDF-1.4 x"
    assert client.get(f"/reports/{report.pk}/files/memo_docx/").status_code == 404  # staff only


def test_refused_rows_need_view_private(job, client: Client):
    url = f"/manage/import/{job.pk}/refused.csv"
    assert client.get(url).status_code == 302
    client.force_login(staff("no_group"))
    assert client.get(url).status_code == 403
    client.force_login(staff("viewer"))
    response = client.get(url)
    assert response.status_code == 200 and body_of(response).decode() == OWNER_PHONE


def test_nginx_sends_the_file_with_x_accel_redirect(report, client: Client, settings):
    settings.PRIVATE_FILES_X_ACCEL_PREFIX = "/_private/"
    client.force_login(staff("viewer"))
    response = client.get(f"/manage/reports/{report.pk}/files/pdf/")
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == "/_private/" + report.pdf.name
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="sustain-report-fiscal-2568-th.pdf"' in response["Content-Disposition"]


def test_old_uploads_and_refused_rows_are_deleted_the_summary_stays(job, settings, client):
    settings.PRIVATE_FILE_RETENTION_DAYS = 30
    recent = ImportJob(target="waste_points", original_name="new.csv", status=RunStatus.DONE)
    recent.file.save("new.csv", ContentFile(b"x"), save=True)
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(days=31))
    paths = [Path(job.file.path), Path(job.refused_file.path)]
    assert tasks.private_files_purge_task.delay().get() == {"jobs": 1, "files": 2}
    assert not any(path.exists() for path in paths)
    assert not paths[0].parent.exists()  # the random folder goes too
    job.refresh_from_db()
    assert job.file.name == "" and job.refused_file.name == ""
    assert job.result["counts"] == {"create": 3, "error": 1}
    assert Path(ImportJob.objects.get(pk=recent.pk).file.path).is_file()
    with pytest.raises(ValidationError, match="30"):
        gis_jobs.job_commit_request(job=job)
    client.force_login(staff("environment_staff"))
    page = client.get(f"/manage/import/{job.pk}/").content.decode()
    assert 'id="import-purged"' in page and 'id="import-commit"' not in page
    assert client.get(f"/manage/import/{job.pk}/refused.csv").status_code == 404
    assert private_files.private_files_purge().jobs == 0  # nothing left to do


def test_beat_runs_the_purge_daily():
    entry = celery_app.conf.beat_schedule["private-files-purge"]
    assert entry["task"] == "sustain.tasks.private_files_purge"
    assert entry["task"] in celery_app.tasks
    assert entry["schedule"].hour == {3} and entry["schedule"].minute == {17}


def test_files_stored_before_are_moved_out_of_media_root(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    old = tmp_path / "media" / "imports" / "20240101-owners.csv"
    old.parent.mkdir(parents=True)
    old.write_text(OWNER_NAME)
    job = ImportJob.objects.create(
        target="installations", original_name="owners.csv", file="imports/20240101-owners.csv"
    )
    migration = importlib.import_module("sustain.migrations.0007_private_files")
    migration.files_make_private(apps, None)
    job.refresh_from_db()
    assert re.fullmatch(rf"imports/{RANDOM_FOLDER}/20240101-owners.csv", job.file.name or "")
    assert not old.exists() and Path(job.file.path).read_text() == OWNER_NAME
