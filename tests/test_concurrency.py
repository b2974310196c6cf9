"""Writes sent at the same moment (double clicks, two colleagues, loggers retrying): two commits of
one import, two imports of the same file, twenty identical device batches. No duplicates, no 5xx,
no 409 carrying database text. Threads with their own connections, on SQLite and PostgreSQL."""

import json
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.test import Client

from sustain.models import EstimateRun, ImportJob, MeterReading, SolarInstallation
from sustain.services import tokens
from sustain.services.gis import jobs as gis_jobs
from sustain.services.solar import estimates, weathersets
from tests.conftest import REF_LAT, REF_LON

pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_WORDS = ("IntegrityError", "duplicate key", "UNIQUE constraint", "sustain_", "locked")


def at_once(n: int, work: Callable[[int], Any]) -> list[Any]:
    """Run ``work(0..n-1)`` in n threads released together; each closes its own connection."""
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = work(i)
        except BaseException as error:  # reported below, with the thread's traceback lost
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not errors, errors
    return results


SURVEY_CSV = "\n".join(
    ["ชื่อ,ประเภทอาคาร,กำลังผลิต,มุมเอียง,วันที่ติดตั้ง,latitude,longitude"]
    + [
        f"โรงเรียนสาธิต {i},school,{10 + i},15,01/03/2567,{REF_LAT + i * 0.001:.6f},{REF_LON:.6f}"
        for i in range(12)
    ]
)


def uploaded_job(somchai) -> ImportJob:
    """A checked (dry-run) import of the same twelve-school survey."""
    upload = SimpleUploadedFile("survey.csv", SURVEY_CSV.encode())
    job = gis_jobs.job_start(
        target="installations", upload=upload, filename="survey.csv", crs="4326", actor=somchai
    )
    job.refresh_from_db()
    result = job.result or {}
    assert job.status == "done" and result["counts"]["create"] == 12, result["rows"][0]
    return job


def test_two_commits_of_one_import_at_the_same_moment(somchai, municipality, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    job = uploaded_job(somchai)
    raw = tokens.token_create(user=somchai)[1]

    def commit(_i: int):
        return Client().post(
            f"/api/imports/{job.pk}/commit", data={"mode": "all"},
            content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}",
            HTTP_ACCEPT_LANGUAGE="en",
        )  # fmt: skip

    responses = at_once(2, commit)
    assert sorted(r.status_code for r in responses) == [202, 409]
    loser = next(r for r in responses if r.status_code == 409).json()
    assert loser["errors"][0]["code"] in ("committing", "committed")
    assert loser["detail"] in (
        "This import is already committing.",
        "This file is already imported.",
    )
    assert not any(word in json.dumps(loser) for word in DATABASE_WORDS)
    job.refresh_from_db()
    assert job.committed and (job.result or {})["committed"]["created"] == 12
    assert SolarInstallation.objects.count() == 12
    assert client_retry_is_refused(job, raw)


def client_retry_is_refused(job: ImportJob, raw: str) -> bool:
    response = Client().post(f"/api/jobs/import/{job.pk}/retry", HTTP_AUTHORIZATION=f"Bearer {raw}")
    return response.status_code == 409


def test_two_imports_of_the_same_file_committed_together(somchai, municipality, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    first, second = uploaded_job(somchai), uploaded_job(somchai)

    def commit(i: int) -> ImportJob:
        return gis_jobs.job_commit_request(job=(first, second)[i])  # runs the commit (eager)

    at_once(2, commit)
    counts = []
    for job in (first, second):
        job.refresh_from_db()
        assert job.status == "done" and job.committed, job.error
        committed = (job.result or {})["committed"]
        counts.append((committed["created"], committed["unchanged"]))
    assert sorted(counts) == [(0, 12), (12, 0)]  # the second found its rows unchanged
    names = Counter(SolarInstallation.objects.values_list("name", flat=True))
    assert len(names) == 12 and set(names.values()) == {1}


def test_twenty_identical_device_batches_at_once(somchai, municipality, household, school):
    run = EstimateRun.objects.create(weather=weathersets.weather_default_ensure())
    estimates.fleet_refresh(run_id=run.pk)
    raw = tokens.token_create(user=somchai)[1]
    items = [
        {"installation_id": site.pk, "period_start": f"2025-{m:02d}-01",
         "period_end": f"2025-{m:02d}-28", "energy_kwh": f"{100 + m}.250"}
        for site in (household, school)
        for m in range(1, 11)
    ]  # fmt: skip

    def post(_i: int):
        return Client().post(
            "/api/solar/readings/batch", data=json.dumps({"items": items}),
            content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}",
        )  # fmt: skip

    responses = at_once(20, post)
    assert [r.status_code for r in responses] == [200] * 20
    bodies = [r.json() for r in responses]
    statuses = [[item["status"] for item in body["results"]] for body in bodies]
    assert all(set(s) <= {"stored", "unchanged"} for s in statuses)
    for index in range(len(items)):  # each reading stored by exactly one of the twenty
        assert sum(s[index] == "stored" for s in statuses) == 1
    assert not any(word in json.dumps(bodies) for word in DATABASE_WORDS)
    assert MeterReading.objects.count() == len(items)
    assert MeterReading.history.filter(history_type="+").count() == len(items)
    ids = {tuple(item["id"] for item in body["results"]) for body in bodies}
    assert len(ids) == 1  # every answer names the same stored readings
