"""The Celery application; configuration comes from Django settings (CELERY_* names)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sustain.settings")

app = Celery("sustain")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _beat_schedule(sender: Celery, **kwargs: object) -> None:
    """Scheduled work for `celery beat` (one beat process per deployment)."""
    from django.conf import settings

    # Fail jobs whose worker died; a sweep not run before the next is due is dropped (expires).
    sender.add_periodic_task(
        settings.JOB_SWEEP_S,
        sender.signature("sustain.tasks.jobs_fail_stale", expires=settings.JOB_SWEEP_S),
        name="jobs-fail-stale",
    )
