"""Named permissions that are not a change to one model (an unmanaged model: no table)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Access(models.Model):
    """Holds the permissions ``sustain.view_private``, ``import_gis``, ``activate_weather``,
    ``generate_report`` and ``publish_report``; groups grant them like any model permission."""

    class Meta:
        managed = False
        default_permissions = ()
        verbose_name = _("access right")
        verbose_name_plural = _("access rights")
        permissions = [
            (
                "view_private",
                _("Can see owner names, phones, contacts and exact household locations"),
            ),
            ("import_gis", _("Can import GIS files")),
            ("activate_weather", _("Can import and activate a weather year")),
            ("generate_report", _("Can generate annual reports")),
            ("publish_report", _("Can publish annual reports")),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
