"""The one Django app of the project."""

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_staff_groups(sender: AppConfig, **kwargs: Any) -> None:
    # A migration creates the groups; this adds the permissions of models added since.
    from sustain.services.groups import staff_groups_ensure

    staff_groups_ensure()


class SustainConfig(AppConfig):
    name = "sustain"
    verbose_name = _("Sustainability records")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(_ensure_staff_groups, sender=self)
        from sustain import era

        era.install()
