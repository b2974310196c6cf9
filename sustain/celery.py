"""The Celery application; configuration comes from Django settings (CELERY_* names)."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sustain.settings")

app = Celery("sustain")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Scheduled jobs (``celery beat``, or the worker's ``-B`` on the embedded broker), Thai time.
app.conf.beat_schedule = {
    **(app.conf.beat_schedule or {}),
    "private-files-purge": {
        "task": "sustain.tasks.private_files_purge",
        "schedule": crontab(hour=3, minute=17),
    },
}
