"""Private files: uploaded originals, refused rows, reports and memo drafts.

They live under ``PRIVATE_MEDIA_ROOT``, which no web server serves; only views that check a
permission hand them out (Django's FileResponse, or nginx's ``X-Accel-Redirect`` when
``PRIVATE_FILES_X_ACCEL_PREFIX`` names an ``internal`` location). Stored names carry a random
folder, so even a misconfigured server would not serve them at a guessable path.
"""

import mimetypes
import os
import secrets
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.utils.http import content_disposition_header


class PrivateStorage(FileSystemStorage):
    """A folder on disk with no URL: ``url()`` refuses, so no template can link to a file."""

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property
    def base_url(self) -> None:  # type: ignore[override]
        return None


def private_storage() -> Storage:
    """The storage of every private file field (a callable, so settings may change in tests)."""
    return storages["private"]


def random_folder() -> str:
    """A folder name nobody can guess (96 random bits)."""
    return secrets.token_urlsafe(12)


def file_response(stored: FieldFile, *, filename: str, public: bool = False) -> HttpResponseBase:
    """A download of a stored file, after the caller's view has checked who may have it."""
    name = stored.name or ""
    if not name or not stored.storage.exists(name):
        raise Http404
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    prefix = settings.PRIVATE_FILES_X_ACCEL_PREFIX
    response: HttpResponseBase
    if prefix:
        # nginx sends the file itself from its internal location (alias PRIVATE_MEDIA_ROOT).
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(name)
    else:
        response = FileResponse(stored.open("rb"), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    # Published report files never change; every other file is for this person only.
    response["Cache-Control"] = "public, max-age=86400" if public else "private, no-store"
    return response
