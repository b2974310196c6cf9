"""The one Django app of the project."""

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_staff_group(sender: AppConfig, **kwargs: Any) -> None:
    # Permissions exist only after migrate has run, so the group is set up here, not in a migration.
    from sustain.services.staff import staff_group_ensure

    staff_group_ensure()


class SustainConfig(AppConfig):
    name = "sustain"
    verbose_name = _("Sustainability records")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(_ensure_staff_group, sender=self)
