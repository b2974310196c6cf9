"""The Celery application; configuration comes from Django settings (CELERY_* names).

Scheduled jobs are ``CELERY_BEAT_SCHEDULE`` in settings.py.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sustain.settings")

app = Celery("sustain")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
