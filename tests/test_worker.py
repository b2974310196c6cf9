"""A real Celery worker process on Redis picks up a task queued on commit and writes to PostgreSQL.

Run by `make test` in its PostgreSQL + Redis pass (marker ``services``); the SQLite pass leaves it
out because a second process cannot see SQLite's in-memory test database.
"""

import datetime as dt
import os
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from sustain.models import SolarInstallation, Village
from sustain.services.gis import places
from tests.conftest import MOO1_SQUARE, REF_LAT, REF_LON

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _database_url() -> str:
    """The URL of the test database this process is using (test_<name>), for the worker."""
    db = connection.settings_dict
    auth = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(tmp_path: Path):
    assert connection.vendor == "postgresql", "set DATABASE_URL=postgres://… (make test does)"
    assert settings.CELERY_BROKER_URL.startswith("redis://"), "set CELERY_BROKER_URL=redis://…"
    log = tmp_path / "worker.log"
    env = {**os.environ, "DATABASE_URL": _database_url(), "CELERY_TASK_ALWAYS_EAGER": "False"}
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "sustain", "worker", "--pool=solo",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO",
         "-Q", settings.CELERY_TASK_DEFAULT_QUEUE, "--hostname", f"test-{os.getpid()}@%h"],
        cwd=settings.BASE_DIR, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while "ready." not in log.read_text() and time.monotonic() < deadline:
            assert process.poll() is None, f"worker exited:\n{log.read_text()}"
            time.sleep(0.2)
        assert "ready." in log.read_text(), f"worker not ready in 60 s:\n{log.read_text()}"
        yield log
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_worker_assigns_villages_after_commit(worker: Path):
    site = SolarInstallation.objects.create(
        name="โรงเรียนทดสอบ", building_type="school", latitude=REF_LAT, longitude=REF_LON,
        capacity_kwp=Decimal("20"), tilt_deg=12, commissioned_on=dt.date(2024, 2, 1),
    )  # fmt: skip
    assert site.village_id is None
    moo1 = Village(moo=1, name_th="บ้านสันทรายมูล", boundary_geojson=MOO1_SQUARE)
    places.village_save(village=moo1)  # commits, then queues the task on Redis

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        site.refresh_from_db()
        if site.village_id == moo1.pk:
            break
        time.sleep(0.25)
    log = worker.read_text()
    assert site.village_id == moo1.pk, f"the worker did not assign the village:\n{log}"
    assert "sustain.tasks.sites_assign_villages" in log and "succeeded" in log
    assert site.history.latest().history_change_reason == "village assigned from boundary"
