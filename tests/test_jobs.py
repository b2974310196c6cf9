"""Long jobs: claims, the stale sweep and its message, retry, database errors, and the fleet that
moves to a new weather year all at once (or not at all)."""

import datetime as dt
import json
import subprocess
from decimal import Decimal

import numpy as np
import pytest
from django.db import OperationalError
from django.utils import timezone, translation

from sustain import tasks
from sustain.models import (
    EstimateRun,
    FailureCode,
    ImportJob,
    InstallationEstimate,
    JobStatus,
    PerKwpProfile,
    Report,
    SolarInstallation,
    WeatherDataset,
)
from sustain.services import jobs, tokens
from sustain.services.records import Conflict
from sustain.services.solar import estimates, profiles, weathersets

MONTHLY_GHI = [4.5] * 12  # below the clear sky of every month
MONTHLY_TEMP = [26.0] * 12


@pytest.fixture
def weather_a(municipality) -> WeatherDataset:
    return weathersets.weather_default_ensure()


@pytest.fixture
def fleet_on_a(weather_a, household, school) -> WeatherDataset:
    run = EstimateRun.objects.create(weather=weather_a)
    estimates.fleet_refresh(run_id=run.pk)
    return weather_a


def weather_b(*, actor=None) -> WeatherDataset:
    """A second weather year chosen by staff; its fleet run is queued (not run: no commit)."""
    return weathersets.weather_import_monthly(
        ghi_kwh_m2_day=MONTHLY_GHI, temp_air_c=MONTHLY_TEMP, name="สถานีทดสอบ", actor=actor
    )


def fleet_weather_ids() -> set[int]:
    return set(InstallationEstimate.objects.values_list("weather_id", flat=True))


def dead_process_identity() -> str:
    child = subprocess.Popen(["true"])
    child.wait()
    return f"{jobs.socket.gethostname()}:{child.pid}:"


# --- Claims -----------------------------------------------------------------------------------


def test_a_job_is_claimed_once_and_a_retry_of_the_same_task_takes_it_back(fleet_on_a):
    run = EstimateRun.objects.create(weather=fleet_on_a)
    first = jobs.job_claim(EstimateRun, run.pk, claim=jobs.Claim(task_id="t1"))
    assert first is not None and first.status == JobStatus.RUNNING and first.attempts == 1
    assert first.worker == jobs.process_identity() and first.heartbeat_at is not None
    # Another message for the same job, or the same message delivered again while its holder
    # lives: not theirs to run.
    assert jobs.job_claim(EstimateRun, run.pk, claim=jobs.Claim(task_id="t2")) is None
    assert jobs.job_claim(EstimateRun, run.pk, claim=jobs.Claim(task_id="t1")) is None
    # The task's own retry (after a database error) takes it back.
    again = jobs.job_claim(EstimateRun, run.pk, claim=jobs.Claim(task_id="t1", retries=1))
    assert again is not None and again.attempts == 2
    # The same message redelivered after its holder died is taken over at once.
    EstimateRun.objects.filter(pk=run.pk).update(worker=dead_process_identity())
    assert jobs.job_claim(EstimateRun, run.pk, claim=jobs.Claim(task_id="t1", retries=1))


def test_a_job_that_keeps_killing_its_worker_is_failed(fleet_on_a, settings):
    run = EstimateRun.objects.create(weather=fleet_on_a, attempts=jobs.MAX_CLAIMS + 5)
    settings.JOB_MAX_RETRIES = 5
    assert jobs.job_claim(EstimateRun, run.pk, claim=jobs.Claim(task_id="t")) is None
    run.refresh_from_db()
    assert run.status == JobStatus.FAILED and run.error_code == FailureCode.TOO_MANY_ATTEMPTS


def test_running_the_same_job_twice_stores_the_same_result(fleet_on_a, household):
    before = list(InstallationEstimate.objects.order_by("pk").values())
    run = EstimateRun.objects.create(weather=fleet_on_a)
    estimates.fleet_refresh(run_id=run.pk)
    estimates.fleet_refresh(run_id=run.pk)  # done: nothing happens
    after = list(InstallationEstimate.objects.order_by("pk").values())
    strip = [{k: v for k, v in row.items() if k != "computed_at"} for row in before]
    assert [{k: v for k, v in row.items() if k != "computed_at"} for row in after] == strip
    run.refresh_from_db()
    assert (run.status, run.attempts, run.done) == (JobStatus.DONE, 1, 2)


# --- Stale jobs and retry ----------------------------------------------------------------------


def test_a_job_whose_worker_died_is_failed_with_a_message_and_retried(
    client, somchai, fleet_on_a, django_capture_on_commit_callbacks
):
    new = weather_b(actor=somchai)
    run = EstimateRun.objects.get(weather=new)
    assert run.started_by == somchai
    jobs.job_claim(EstimateRun, run.pk, claim=jobs.Claim(task_id="t1"))
    jobs.job_step(run, "writing", 50)
    # Its worker, on another machine, fell silent long ago; one on this machine just died.
    silent = timezone.now() - dt.timedelta(minutes=6)
    EstimateRun.objects.filter(pk=run.pk).update(heartbeat_at=silent, worker="elsewhere:1:1")
    report = Report.objects.create(basis="fiscal", year_be=2568, status=JobStatus.RUNNING,
                                   step="pdf", heartbeat_at=timezone.now(),
                                   worker=dead_process_identity())  # fmt: skip
    fresh = ImportJob.objects.create(target="installations", original_name="x.gpkg",
                                     status=JobStatus.RUNNING, heartbeat_at=timezone.now(),
                                     worker="elsewhere:1:1")  # fmt: skip

    failed = jobs.jobs_fail_stale()

    assert {(j.kind, j.pk) for j in failed} == {("estimate", run.pk), ("report", report.pk)}
    run.refresh_from_db()
    fresh.refresh_from_db()
    assert fresh.status == JobStatus.RUNNING  # its heartbeat is recent
    assert (run.status, run.error_code, run.error_step) == ("failed", "worker_lost", "writing")
    with translation.override("en"):
        assert run.failure_message() == (
            "The worker stopped (or lost the database) while writing the estimates; nothing "
            "was written. Press Retry to run it again."
        )
    with translation.override("th"):
        assert "ไม่มีการบันทึกข้อมูลใด" in run.failure_message()
    assert fleet_weather_ids() == {fleet_on_a.pk}  # the fleet stayed on its weather

    client.force_login(somchai)
    page = client.get("/manage/solar/").content.decode()
    assert "ยังไม่ได้ใช้" in page and "ไม่มีการบันทึกข้อมูลใด" in page  # not applied; message
    assert f'action="/manage/jobs/estimate/{run.pk}/retry/"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/manage/jobs/estimate/{run.pk}/retry/")
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == JobStatus.DONE and run.attempts == 1 and run.started_by == somchai
    assert fleet_weather_ids() == {new.pk}
    assert WeatherDataset.objects.get(applied=True) == new
    assert "ยังไม่ได้ใช้" not in client.get("/manage/solar/").content.decode()


def test_retry_is_refused_unless_the_job_failed(client, somchai, fleet_on_a):
    token = tokens.token_create(user=somchai)[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    done = EstimateRun.objects.get()
    response = client.post(f"/api/jobs/estimate/{done.pk}/retry", **auth)
    assert response.status_code == 409 and response.json()["errors"][0]["code"] == "not_failed"
    report = Report.objects.create(basis="fiscal", year_be=2568, status=JobStatus.FAILED,
                                   error_code=FailureCode.WORKER_LOST, step="pdf",
                                   error_step="pdf")  # fmt: skip
    listed = client.get("/api/jobs?status=failed", **auth, HTTP_ACCEPT_LANGUAGE="en").json()
    assert [(j["kind"], j["id"]) for j in listed] == [("report", report.pk)]
    assert listed[0]["failure"].startswith("The worker stopped") and listed[0]["retryable"]
    assert client.get("/api/jobs", HTTP_ACCEPT_LANGUAGE="en").status_code == 401


def test_retry_of_a_run_for_replaced_weather_is_a_conflict(fleet_on_a, somchai):
    new = weather_b()
    run = EstimateRun.objects.get(weather=new)
    EstimateRun.objects.filter(pk=run.pk).update(status=JobStatus.FAILED)
    weathersets.weather_import_monthly(ghi_kwh_m2_day=[4.0] * 12, temp_air_c=MONTHLY_TEMP,
                                       name="ใหม่กว่า")  # fmt: skip
    with pytest.raises(Conflict) as caught:
        jobs.job_retry(job=run, actor=somchai)
    assert caught.value.code == "superseded"


def test_a_run_for_replaced_weather_is_cancelled_and_changes_nothing(fleet_on_a):
    old_run = EstimateRun.objects.get(weather=weather_b())
    newest = weathersets.weather_import_monthly(ghi_kwh_m2_day=[4.0] * 12,
                                                temp_air_c=MONTHLY_TEMP, name="ใหม่กว่า")  # fmt: skip
    estimates.fleet_refresh(run_id=old_run.pk)
    old_run.refresh_from_db()
    assert old_run.status == JobStatus.CANCELLED and old_run.error_code == "superseded"
    assert "ใหม่กว่า" in old_run.failure_message()
    assert fleet_weather_ids() == {fleet_on_a.pk}
    estimates.fleet_refresh(run_id=EstimateRun.objects.get(weather=newest).pk)
    assert fleet_weather_ids() == {newest.pk}


# --- The fleet moves to a new weather year at once ----------------------------------------------


def test_a_failed_fleet_run_leaves_every_estimate_on_the_previous_weather(
    client, fleet_on_a, household, school, monkeypatch
):
    new = weather_b()
    run = EstimateRun.objects.get(weather=new)
    before = dict(InstallationEstimate.objects.values_list("installation_id", "annual_kwh"))
    real = estimates._readings_expectations

    def crash_halfway(*args, **kwargs):  # after the estimates, inside the switch
        assert InstallationEstimate.objects.filter(weather=new).count() == 2
        raise RuntimeError("disk full")

    monkeypatch.setattr(estimates, "_readings_expectations", crash_halfway)
    with pytest.raises(RuntimeError):
        estimates.fleet_refresh(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == JobStatus.FAILED and run.error == "RuntimeError: disk full"
    assert fleet_weather_ids() == {fleet_on_a.pk}
    assert dict(InstallationEstimate.objects.values_list("installation_id", "annual_kwh")) == before
    assert not PerKwpProfile.objects.filter(weather=new).exists()
    summary = client.get("/api/solar/summary").json()
    assert summary["weather_dataset"] == fleet_on_a.name
    assert summary["weather_pending"] == "สถานีทดสอบ"
    features = client.get("/api/map/installations.geojson").json()["features"]
    assert {f["properties"]["estimate_weather"] for f in features} == {fleet_on_a.name}

    monkeypatch.setattr(estimates, "_readings_expectations", real)
    jobs.job_retry(job=run)
    estimates.fleet_refresh(run_id=run.pk)  # what the queued task does
    assert fleet_weather_ids() == {new.pk}
    summary = client.get("/api/solar/summary").json()
    assert (summary["weather_dataset"], summary["weather_pending"]) == ("สถานีทดสอบ", None)


def test_an_installation_saved_while_new_weather_waits_uses_the_applied_one(fleet_on_a):
    weather_b()  # chosen, its run not finished
    site = SolarInstallation.objects.create(
        name="อบต.", building_type="office", latitude=19.72, longitude=100.18,
        capacity_kwp=Decimal("8"), tilt_deg=11, azimuth_deg=170,
    )  # fmt: skip
    estimate = estimates.installation_estimate_refresh(installation_id=site.pk)
    assert estimate is not None and estimate.weather == fleet_on_a
    assert fleet_weather_ids() == {fleet_on_a.pk}


def test_the_stored_profile_is_the_chain_of_that_configuration(fleet_on_a, household):
    config = estimates.installation_config(household)
    stored = estimates.profile_per_kwp(weather=fleet_on_a, config=config)
    assert PerKwpProfile.objects.filter(weather=fleet_on_a).count() == 2  # two configurations
    fresh = profiles.profiles_compute(
        weathersets.weather_load(fleet_on_a.pk), [config], weather_id=fleet_on_a.pk
    )[config]
    assert stored.daily_kwh_per_kwp.shape == (366,)
    # Daily values are the chain's, bit for bit; monthly sums differ in the last bit at most
    # (numpy sums a column of a many-column array in another order).
    assert np.array_equal(stored.daily_kwh_per_kwp, fresh.daily_kwh_per_kwp, equal_nan=True)
    assert np.isnan(stored.daily_kwh_per_kwp[59])  # no 29 February in a typical year
    assert list(stored.monthly_kwh_per_kwp) == pytest.approx(fresh.monthly_kwh_per_kwp, rel=1e-13)
    assert stored.annual_kwh_per_kwp == pytest.approx(household.estimate.annual_kwh / 5, abs=1e-3)
    assert stored.daily_kwh_per_kwp[:59].sum() == pytest.approx(
        sum(household.estimate.monthly_kwh[:2]) / 5, abs=1e-3
    )


# --- Celery: database errors are retried, then the job fails -------------------------------------


def test_a_task_that_runs_out_of_database_retries_fails_its_job(fleet_on_a, monkeypatch):
    run = EstimateRun.objects.create(weather=fleet_on_a)
    calls = []

    def database_gone(run):
        calls.append(run.attempts)
        jobs.job_step(run, "computing", 5)
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(estimates, "_fleet_run", database_gone)
    result = tasks.fleet_estimate_refresh_task.apply(args=[run.pk])
    assert result.failed() and isinstance(result.result, OperationalError)
    assert calls == list(range(1, tasks.RETRY_POLICY["max_retries"] + 2))  # first try + retries
    run.refresh_from_db()
    assert (run.status, run.error_code, run.error_step) == ("failed", "retries", "computing")
    with translation.override("en"):
        assert "The database did not answer while computing" in run.failure_message()


def test_jobs_api_reports_steps_in_the_callers_language(client, somchai, fleet_on_a):
    token = tokens.token_create(user=somchai)[1]
    run = EstimateRun.objects.get()
    body = client.get(f"/api/jobs/estimate/{run.pk}", HTTP_AUTHORIZATION=f"Bearer {token}",
                      HTTP_ACCEPT_LANGUAGE="en").json()  # fmt: skip
    assert body["status"] == "done" and body["progress_pct"] == 100 and body["attempts"] == 1
    assert json.dumps(body)  # plain JSON


def test_failed_import_and_report_pages_offer_retry(client, somchai, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(somchai)
    job = ImportJob.objects.create(target="installations", original_name="survey.gpkg",
                                   phase="commit", status=JobStatus.FAILED, step="writing_rows",
                                   error_code=FailureCode.WORKER_LOST, error_step="writing_rows")  # fmt: skip
    page = client.get(f"/manage/import/{job.pk}/").content.decode()
    assert "ระหว่างบันทึกแถวข้อมูล ไม่มีการบันทึกข้อมูลใด ๆ" in page
    assert f'action="/manage/jobs/import/{job.pk}/retry/"' in page
    report = Report.objects.create(basis="fiscal", year_be=2568, status=JobStatus.FAILED,
                                   error_code=FailureCode.RETRIES_EXHAUSTED, error_step="figures",
                                   started_by=somchai)  # fmt: skip
    for url in ("/manage/reports/", f"/manage/reports/{report.pk}/"):
        page = client.get(url).content.decode()
        assert "ฐานข้อมูลไม่ตอบสนองระหว่างคำนวณตัวเลข" in page, url
        assert f'action="/manage/jobs/report/{report.pk}/retry/"' in page, url
    Report.objects.filter(pk=report.pk).update(status=JobStatus.DONE)
    response = client.post(f"/manage/jobs/report/{report.pk}/retry/", follow=True)
    assert "ลองใหม่ได้เฉพาะงานที่ล้มเหลว" in response.content.decode()
    assert client.post("/manage/jobs/nothing/1/retry/").status_code == 404
