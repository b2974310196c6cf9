"""Inspection photos: checked to be images, resized, re-encoded as JPEG, location removed if asked.

Re-encoding every upload means no uploaded byte is ever served back as is: a file that only looks
like an image is refused, and what is stored is a fresh JPEG made from the decoded pixels.
"""

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

PHOTO_MAX_SIDE_PX = 1600  # long side after resizing: sharp on a phone, about 300 kB as JPEG
PHOTO_JPEG_QUALITY = 82
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
# EXIF tags that can say where a photo was taken: the GPS block and the XMP packet.
GPS_IFD_TAG = 0x8825
XMP_TAG = 0x02BC


@dataclass(frozen=True)
class PreparedPhoto:
    content: bytes  # JPEG
    width_px: int
    height_px: int


def _refuse(field: str, message: str, code: str, **params: object) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code, params=params)})


def photo_size_error(*, name: str, size_bytes: int, field: str) -> ValidationError | None:
    """The refusal of a file larger than ``PHOTO_MAX_MB`` (checked before it is read)."""
    limit_mb = settings.PHOTO_MAX_MB
    if size_bytes <= limit_mb * 1024 * 1024:
        return None
    return _refuse(
        field,
        _("Photo “%(name)s” is %(size).1f MB; the limit is %(limit)s MB."),
        "photo_too_large",
        name=name,
        size=size_bytes / 1024 / 1024,
        limit=limit_mb,
    )


def photo_prepare(*, data: bytes, name: str, strip_location: bool, field: str) -> PreparedPhoto:
    """Check, resize and re-encode one photo; errors name ``field`` and the file.

    Parameters
    ----------
    data : the uploaded bytes, at most ``PHOTO_MAX_MB`` megabytes.
    name : the file name as sent, for messages.
    strip_location : remove the EXIF GPS block and XMP (photos of private homes).
    field : the form or API field the errors are reported under.
    """
    too_large = photo_size_error(name=name, size_bytes=len(data), field=field)
    if too_large is not None:
        raise too_large
    not_image = _refuse(
        field,
        _("“%(name)s” is not a photo (JPEG, PNG or WebP)."),
        "photo_not_image",
        name=name,
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in ACCEPTED_FORMATS:
                    raise not_image
                probe.verify()
            decoded = Image.open(io.BytesIO(data))
            decoded.load()
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ):
        raise not_image from None
    image: Image.Image = ImageOps.exif_transpose(decoded) or decoded
    exif = image.getexif()
    if strip_location:
        exif.pop(GPS_IFD_TAG, None)
        exif.pop(XMP_TAG, None)
    image.thumbnail((PHOTO_MAX_SIDE_PX, PHOTO_MAX_SIDE_PX), Image.Resampling.LANCZOS)
    if image.mode != "RGB":
        image = image.convert("RGB")
    out = io.BytesIO()
    # Pillow writes XMP it read from the source unless told otherwise: write none.
    image.save(
        out,
        format="JPEG",
        quality=PHOTO_JPEG_QUALITY,
        optimize=True,
        exif=exif.tobytes() if len(exif) else b"",
        xmp=b"",
    )
    return PreparedPhoto(content=out.getvalue(), width_px=image.width, height_px=image.height)
