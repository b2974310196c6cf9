"""The solar model described in the page's language (``pv.MODEL_DESCRIPTION`` is the record's
fixed English text, kept in snapshots; pages show this one)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MODEL_DESCRIPTION: Promise = _(
    "PVWatts v5 with pvlib: sun position at mid-hour, Perez 1990 transposition (ground "
    "reflectance 0.2), incidence-angle losses on the direct beam (physical model), Fuentes cell "
    "temperature, the PVWatts module and inverter models"
)


def model_description(stored: str) -> str:
    """A snapshot's model description in the page's language (another text as written)."""
    from sustain.core import pv  # (pvlib: only when a stored description is shown)

    return str(MODEL_DESCRIPTION) if stored == pv.MODEL_DESCRIPTION else stored
