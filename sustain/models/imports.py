"""GIS imports staff start: the uploaded file, the dry run's outcome and the commit's result."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sustain.models.jobs import Job
from sustain.storage import private_storage, random_folder


class ImportTarget(models.TextChoices):
    INSTALLATIONS = "installations", _("solar installations")
    WASTE_POINTS = "waste_points", _("waste points")
    VILLAGES = "villages", _("villages (boundaries)")
    COLLECTIONS = "collections", _("waste collections")
    ENTERPRISES = "enterprises", _("community enterprises")


class ImportMode(models.TextChoices):
    ALL_OR_NOTHING = "all", _("all rows or nothing")
    VALID_ONLY = "valid_only", _("only the valid rows")


def import_upload_to(instance: "ImportJob", filename: str) -> str:
    """Private storage, in a random folder (the file holds owners' names and phones)."""
    return f"imports/{random_folder()}/{filename}"


class ImportJob(Job):
    """One file on its way in: checked in a dry run, then committed on request."""

    kind = "import"
    task_name = "sustain.tasks.gis_import_run"

    target = models.CharField(_("import into"), max_length=20, choices=ImportTarget.choices)
    file = models.FileField(_("file"), upload_to=import_upload_to, storage=private_storage)
    original_name = models.CharField(max_length=255)
    crs = models.CharField(_("coordinate system (EPSG)"), max_length=60, blank=True)
    mapping = models.JSONField(default=dict, blank=True)  # field -> column, over the defaults
    # The layers (KML folders, GeoPackage tables) staff chose; empty means every layer.
    layers = models.JSONField(default=list, blank=True)
    polygons_as_points = models.BooleanField(
        _("import polygons at their representative point"), default=False
    )
    accept_far = models.BooleanField(default=False)
    mode = models.CharField(
        max_length=12, choices=ImportMode.choices, default=ImportMode.ALL_OR_NOTHING
    )
    phase = models.CharField(max_length=10, default="dry_run")  # dry_run or commit
    result = models.JSONField(null=True, blank=True)
    refused_file = models.FileField(upload_to=import_upload_to, storage=private_storage, blank=True)
    committed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("GIS import")
        verbose_name_plural = _("GIS imports")

    def __str__(self) -> str:
        return f"{self.target} {self.original_name} ({self.status})"
