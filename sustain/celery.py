"""The Celery application; configuration comes from Django settings (CELERY_* names)."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sustain.settings")

app = Celery("sustain")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Scheduled jobs, run by `celery -A sustain beat` (times in CELERY_TIMEZONE, Asia/Bangkok).
app.conf.beat_schedule = {
    # Each staff member's due visits, Monday before work.
    "maintenance-weekly-summary": {
        "task": "sustain.tasks.maintenance_weekly_summary",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon"),
    },
}
