"""Settings fail loudly on bad values and need nothing installed by default."""

import os
import re
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from sustain.settings import database_from_url, envbool, envint, envlist


def test_envbool(monkeypatch):
    monkeypatch.setenv("X_FLAG", "False")
    assert envbool("X_FLAG", "True") is False
    monkeypatch.setenv("X_FLAG", "yes")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG must be 'True' or 'False', got 'yes'"):
        envbool("X_FLAG", "True")


def test_envint_and_envlist(monkeypatch):
    monkeypatch.setenv("X_NUM", "12x")
    with pytest.raises(ImproperlyConfigured, match="X_NUM must be a whole number"):
        envint("X_NUM", "1")
    monkeypatch.setenv("X_LIST", "a.example, ,b.example")
    assert envlist("X_LIST", "") == ["a.example", "b.example"]


def test_database_urls():
    pg = database_from_url("postgres://app:s%40cret@db.local:5433/sustain")
    assert (pg["ENGINE"], pg["NAME"], pg["USER"], pg["PASSWORD"], pg["HOST"], pg["PORT"]) == (
        "django.db.backends.postgresql", "sustain", "app", "s@cret", "db.local", "5433",
    )  # fmt: skip
    assert database_from_url("sqlite:////tmp/x.sqlite3")["NAME"] == "/tmp/x.sqlite3"
    for bad in ("mysql://x/y", "postgres://host/", "sqlite://relative.db", "postgres://h:port/x"):
        with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
            database_from_url(bad)


def _import_settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sustain.settings as s; print(s.DEBUG, s.TIME_ZONE, s.USE_TZ)",
        ],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_secret_key_required_when_debug_is_off():
    result = _import_settings(DEBUG="False")
    assert result.returncode != 0
    assert "SECRET_KEY is required when DEBUG is False" in result.stderr
    ok = _import_settings(DEBUG="False", SECRET_KEY="x" * 50, ALLOWED_HOSTS="sustain.example")
    assert ok.stdout.split() == ["False", "Asia/Bangkok", "True"]


def test_development_defaults_need_no_server():
    result = subprocess.run(
        [sys.executable, "-c",
         "import sustain.settings as s; print(s.DATABASES['default']['ENGINE']); "
         "print(s.CELERY_BROKER_URL.split(':')[0]); print(s.LANGUAGE_CODE)"],
        env={k: v for k, v in os.environ.items()
             if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND")},
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert result.stdout.split() == ["django.db.backends.sqlite3", "sqla+sqlite", "th"]


def test_every_variable_is_documented():
    from django.conf import settings

    source = (settings.BASE_DIR / "sustain" / "settings.py").read_text()
    names = set(re.findall(r'(?:getenv|envbool|envint|envfloat|envlist)\(\s*"([A-Z_]+)"', source))
    assert {"DEBUG", "SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL"} <= names
    readme = (settings.BASE_DIR / "README.md").read_text()
    example = (settings.BASE_DIR / ".env.example").read_text()
    assert sorted(n for n in names if f"| `{n}` |" not in readme) == []
    assert sorted(n for n in names if f"\n{n}=" not in example) == []


def test_job_settings_are_checked_and_celery_survives_a_lost_worker():
    bad = _import_settings(JOB_STALE_MINUTES="1", JOB_HEARTBEAT_S="30")
    assert bad.returncode != 0 and "three heartbeats per stale time" in bad.stderr
    short = _import_settings(CELERY_VISIBILITY_TIMEOUT_S="5")
    assert (
        short.returncode != 0 and "CELERY_VISIBILITY_TIMEOUT_S must be at least 60" in short.stderr
    )
    result = subprocess.run(
        [sys.executable, "-c",
         "from sustain.celery import app; c = app.conf; "
         "print(c.task_acks_late, c.task_reject_on_worker_lost, "
         "c.broker_transport_options.get('visibility_timeout'), "
         "c.beat_schedule['jobs-fail-stale']['task'])"],
        env={**os.environ, "CELERY_BROKER_URL": "redis://127.0.0.1:6379/9",
             "CELERY_VISIBILITY_TIMEOUT_S": "7200", "DJANGO_SETTINGS_MODULE": "sustain.settings"},
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert result.stdout.split() == ["True", "True", "7200", "sustain.tasks.jobs_fail_stale"]
