"""Crashes with a real Celery worker on PostgreSQL + Redis: a worker SIGKILLed in the middle of a
fleet recompute, an import commit or a report; its pool process killed (out of memory); the
database gone for longer than the retries. Each job ends failed with its message (or finished),
a retry completes it, and the database holds no partial or duplicate rows.

Run in the PostgreSQL + Redis pass of scripts/test.sh (marker ``services``).
"""

import datetime as dt
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import translation

from sustain.demo import load as demo
from sustain.models import (
    EstimateRun,
    InstallationEstimate,
    Job,
    PerKwpProfile,
    SolarInstallation,
    WeatherDataset,
)
from sustain.report import runs as report_runs
from sustain.services import jobs
from sustain.services.gis import jobs as gis_jobs
from sustain.services.solar import estimates, weathersets
from tests.conftest import REF_LAT, REF_LON

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

STALE_MINUTES = 0.2  # 12 s, so a silent job is found within the test's patience
WORKER_ENV = {
    "CELERY_TASK_ALWAYS_EAGER": "False",
    "JOB_STALE_MINUTES": str(STALE_MINUTES),
    "JOB_HEARTBEAT_S": "1",
    "JOB_SWEEP_S": "1",
    "JOB_MAX_RETRIES": "2",
    "JOB_RETRY_BACKOFF_MAX_S": "1",
}


def _database_url() -> str:
    db = connection.settings_dict
    auth = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """A `celery worker` process on the test database and queue."""

    def __init__(self, folder: Path, name: str, *, pool: str = "solo", beat: bool = False):
        self.log = folder / f"{name}.log"
        command = [
            sys.executable, "-m", "celery", "-A", "sustain", "worker", f"--pool={pool}",
            "--concurrency=1", "--without-gossip", "--without-mingle", "--without-heartbeat",
            "--loglevel=INFO", "-Q", settings.CELERY_TASK_DEFAULT_QUEUE,
            "--hostname", f"jobs-{os.getpid()}@%h",
        ]  # fmt: skip
        if beat:
            command += ["--beat", "--schedule", str(folder / f"{name}-beat")]
        env = {**os.environ, **WORKER_ENV, "DATABASE_URL": _database_url(),
               "MEDIA_ROOT": str(settings.MEDIA_ROOT),
               "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT)}  # fmt: skip
        self.process = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_for(lambda: "ready." in self.log.read_text(), 60, f"{name} ready", self)

    def text(self) -> str:
        return self.log.read_text()

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.kill()


def wait_for(
    condition: Callable[[], bool], seconds: float, what: str, worker: Worker | None = None
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        if worker is not None and worker.process.poll() is not None:
            pytest.fail(f"the worker exited while waiting for {what}:\n{worker.text()[-4000:]}")
        time.sleep(0.05)
    log = worker.text()[-4000:] if worker else ""
    pytest.fail(f"{what}: not within {seconds} s\n{log}")


def state(job: Job) -> tuple[str, str]:
    return type(job)._default_manager.filter(pk=job.pk).values_list("status", "step").get()


@pytest.fixture
def workers(tmp_path, settings):
    assert connection.vendor == "postgresql", "set DATABASE_URL=postgres://… (make test does)"
    assert settings.CELERY_BROKER_URL.startswith("redis://"), "set CELERY_BROKER_URL=redis://…"
    settings.MEDIA_ROOT = tmp_path / "media"
    started: list[Worker] = []

    def start(name: str, **kwargs: object) -> Worker:
        worker = Worker(tmp_path, name, **kwargs)  # type: ignore[arg-type]
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def fleet(count: int) -> WeatherDataset:
    """``count`` installations of 150 configurations, all estimated on the default weather."""
    rng = random.Random(11)
    SolarInstallation.objects.bulk_create(
        [
            SolarInstallation(
                name=f"บ้าน {i}", building_type="household", latitude=REF_LAT, longitude=REF_LON,
                capacity_kwp=Decimal("5"), tilt_deg=rng.choice(range(3, 33, 2)),
                azimuth_deg=rng.choice([90, 120, 150, 180, 210, 240, 270, 300, 330, 0]),
                commissioned_on=dt.date(2023, 1, 1),
            )
            for i in range(count)
        ],
        batch_size=2000,
    )  # fmt: skip
    weather = weathersets.weather_default_ensure()
    estimates.fleet_refresh(run_id=EstimateRun.objects.create(weather=weather).pk)
    return weather


def new_weather() -> WeatherDataset:
    """Staff choose another weather year; its fleet run goes to the worker after commit."""
    return weathersets.weather_import_monthly(
        ghi_kwh_m2_day=[4.4] * 12, temp_air_c=[27.0] * 12, name="สถานีใหม่"
    )


def fleet_weathers() -> Counter:
    return Counter(InstallationEstimate.objects.values_list("weather_id", flat=True))


def assert_worker_lost(job: Job, step: str) -> None:
    job.refresh_from_db()
    assert (job.status, job.error_code, job.error_step) == ("failed", "worker_lost", step)
    with translation.override("en"):
        assert "nothing was written" in job.failure_message()
    assert "ไม่มีการบันทึกข้อมูลใด ๆ" in job.failure_message()  # Thai by default


# --- SIGKILL during each kind of job ---------------------------------------------------------


def test_fleet_recompute_killed_mid_write(workers, municipality):
    old = fleet(10_000)
    first = workers("first")
    new = new_weather()
    run = EstimateRun.objects.get(weather=new)
    wait_for(lambda: state(run) == ("running", "writing"), 60, "the switch to start", first)
    first.kill()
    assert state(run) == ("running", "writing")  # nobody said otherwise: it looks alive
    second = workers("second")  # finds it at start: its holder is a dead process here
    wait_for(lambda: state(run)[0] == "failed", STALE_MINUTES * 60, "the job to fail", second)
    assert_worker_lost(run, "writing")
    assert fleet_weathers() == {old.pk: 10_000}  # all on the old weather: nothing written
    assert not PerKwpProfile.objects.filter(weather=new).exists()
    assert WeatherDataset.objects.get(applied=True) == old

    jobs.job_retry(job=run)
    wait_for(lambda: state(run)[0] == "done", 90, "the retry to finish", second)
    assert fleet_weathers() == {new.pk: 10_000}
    assert WeatherDataset.objects.get(applied=True) == new
    run.refresh_from_db()
    assert (run.done, run.attempts) == (10_000, 1)


def test_pool_process_killed_out_of_memory_the_job_finishes(workers, municipality):
    old = fleet(6_000)
    worker = workers("prefork", pool="prefork")
    new = new_weather()
    run = EstimateRun.objects.get(weather=new)
    wait_for(lambda: state(run)[0] == "running", 60, "the run to start", worker)
    run.refresh_from_db()
    child = int(run.worker.split(":")[1])
    assert child != worker.process.pid  # the task runs in a pool process
    os.kill(child, signal.SIGKILL)  # what the kernel's OOM killer does
    # The message goes back to the queue (reject_on_worker_lost); a new pool process takes
    # the job over from the dead one and finishes it.
    wait_for(lambda: state(run)[0] == "done", 90, "the job to finish", worker)
    run.refresh_from_db()
    assert run.attempts == 2 and "WorkerLostError" in worker.text()
    assert fleet_weathers() == {new.pk: 6_000} and old.pk != new.pk


SURVEY_HEADER = "ชื่อ,ประเภทอาคาร,กำลังผลิต,มุมเอียง,วันที่ติดตั้ง,latitude,longitude"


def test_import_commit_killed_mid_write(workers, municipality, somchai):
    rows = 8_000
    lines = [SURVEY_HEADER] + [
        f"บ้านสำรวจ {i},household,{3 + i % 7},15,01/03/2567,"
        f"{REF_LAT + (i % 100) * 0.0003:.6f},{REF_LON + (i // 100) * 0.0003:.6f}"
        for i in range(rows)
    ]
    first = workers("first")
    job = gis_jobs.job_start(
        target="installations", upload=SimpleUploadedFile("survey.csv", "\n".join(lines).encode()),
        filename="survey.csv", crs="4326", actor=somchai,
    )  # fmt: skip
    wait_for(lambda: state(job) == ("done", ""), 90, "the dry run", first)
    gis_jobs.job_commit_request(job=job)
    wait_for(lambda: state(job) == ("running", "writing_rows"), 60, "the commit", first)
    time.sleep(0.3)  # well inside the transaction that writes the rows
    first.kill()
    second = workers("second")
    wait_for(lambda: state(job)[0] == "failed", STALE_MINUTES * 60, "the job to fail", second)
    assert_worker_lost(job, "writing_rows")
    job.refresh_from_db()
    assert not job.committed and not SolarInstallation.objects.exists()

    jobs.job_retry(job=job)
    wait_for(lambda: state(job)[0] == "done", 120, "the retry to finish", second)
    job.refresh_from_db()
    assert job.committed and (job.result or {})["committed"]["created"] == rows
    names = Counter(SolarInstallation.objects.values_list("name", flat=True))
    assert len(names) == rows and set(names.values()) == {1}
    assert {h.history_user for h in SolarInstallation.history.all()} == {somchai}


def test_report_killed_while_making_the_pdf(workers, somchai):
    demo.demo_load()  # its fleet run goes to the first worker, before the report
    first = workers("first")
    report = report_runs.report_request(basis="fiscal", year_be=2569, actor=somchai)
    wait_for(lambda: state(report) == ("running", "pdf"), 120, "the PDF step", first)
    first.kill()
    second = workers("second")
    wait_for(lambda: state(report)[0] == "failed", STALE_MINUTES * 60, "the job to fail", second)
    assert_worker_lost(report, "pdf")
    report.refresh_from_db()
    assert report.figures is None and not report.pdf and not report.memo_docx

    jobs.job_retry(job=report)
    wait_for(lambda: state(report)[0] == "done", 120, "the retry to finish", second)
    report.refresh_from_db()
    assert report.figures and report.pdf and report.memo_docx and report.started_by == somchai
    assert Path(report.pdf.path).read_bytes()[:4] == b"%PDF"


# --- The database gone for longer than the retries ---------------------------------------------


def _allow_connections(allowed: bool) -> None:
    """Refuse (and cut) every connection to the test database only; never the shared server."""
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], password=db["PASSWORD"] or None,
        dbname="postgres", autocommit=True,
    ) as admin:  # fmt: skip
        admin.execute(
            f'ALTER DATABASE "{db["NAME"]}" ALLOW_CONNECTIONS {"true" if allowed else "false"}'
        )
        if not allowed:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [db["NAME"]],
            )


def test_database_outage_longer_than_the_retries(workers, municipality):
    old = fleet(6_000)
    worker = workers("beat", beat=True)  # with the beat that runs the sweep every second
    new = new_weather()
    run = EstimateRun.objects.get(weather=new)
    wait_for(lambda: state(run)[0] == "running", 60, "the run to start", worker)
    connection.close()
    try:
        _allow_connections(False)
        # Two retries, a second apart at most, all refused.
        wait_for(lambda: "Retry in" in worker.text() and "OperationalError" in worker.text(),
                 30, "the retries", worker)  # fmt: skip
        time.sleep(4)
    finally:
        _allow_connections(True)
    connection.close()
    wait_for(lambda: state(run)[0] == "failed", STALE_MINUTES * 60 + 20, "the job to fail", worker)
    run.refresh_from_db()
    assert run.error_code in ("worker_lost", "retries")
    with translation.override("en"):
        assert "nothing was written" in run.failure_message()
    assert fleet_weathers() == {old.pk: 6_000}  # one weather, the old one
    assert WeatherDataset.objects.get(applied=True) == old

    jobs.job_retry(job=run)
    wait_for(lambda: state(run)[0] == "done", 90, "the retry to finish", worker)
    assert fleet_weathers() == {new.pk: 6_000}
