"""The README's set-up end to end: SQLite, the embedded SQLite broker and a real worker process
(started as scripts/run.sh starts it, with the scheduled jobs).

A change to one installation, saved through the service, reaches the worker through the embedded
broker and updates that installation's stored estimate.
"""

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

SETUP = """
import datetime as dt
from decimal import Decimal
from sustain.models import Municipality, SolarInstallation
from sustain.services.solar import estimates
Municipality.objects.create(name_th="ท", reference_latitude=19.717, reference_longitude=100.18)
s = SolarInstallation.objects.create(name="โรงเรียน", building_type="school", latitude=19.717,
    longitude=100.18, capacity_kwp=Decimal("10"), tilt_deg=15, commissioned_on=dt.date(2024, 1, 1))
print(estimates.installation_estimate_refresh(installation_id=s.pk).annual_kwh)
"""

CHANGE = """
from decimal import Decimal
from sustain.models import SolarInstallation
from sustain.services.solar import estimates
s = SolarInstallation.objects.get()
s.capacity_kwp = Decimal("20")
estimates.solar_installation_save(installation=s)
"""


def _manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


def _annual_kwh(database: Path) -> float:
    with sqlite3.connect(database) as connection:
        row = connection.execute("select annual_kwh from sustain_installationestimate").fetchone()
    return float(row[0])


def test_change_reaches_the_worker_through_the_embedded_broker(tmp_path: Path):
    database = tmp_path / "sustain.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "CELERY_BROKER_URL": f"sqla+sqlite:///{tmp_path / 'broker.sqlite3'}",
        "CELERY_RESULT_BACKEND": f"db+sqlite:///{tmp_path / 'results.sqlite3'}",
        "CELERY_TASK_ALWAYS_EAGER": "False",
        "CELERY_TASK_DEFAULT_QUEUE": "sustain",
    }
    _manage(env, "migrate", "--noinput")
    before = float(_manage(env, "shell", "--no-imports", "-c", SETUP).strip().splitlines()[-1])
    log = tmp_path / "worker.log"
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "sustain", "worker", "-B",
         f"--schedule={tmp_path / 'beat-schedule'}", "--pool=solo", "--loglevel=INFO"],
        cwd=settings.BASE_DIR, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        _manage(env, "shell", "--no-imports", "-c", CHANGE)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and _annual_kwh(database) == before:
            assert worker.poll() is None, log.read_text()
            time.sleep(0.5)
        after = _annual_kwh(database)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert after == pytest.approx(2 * before, rel=1e-6), log.read_text()
    assert "sqla+sqlite" in log.read_text()
    assert "beat: Starting" in log.read_text()  # as scripts/run.sh: the scheduled jobs run too
    assert "installation_estimate_refresh" in log.read_text()
