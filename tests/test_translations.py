"""The committed Thai catalogue (.mo) matches its source (.po), and every message is translated."""

import gettext
import shutil
import subprocess
from pathlib import Path

from django.conf import settings

LOCALE = settings.BASE_DIR / "sustain" / "locale" / "th" / "LC_MESSAGES"


def _catalog(mo: Path) -> dict[str, str]:
    with mo.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]


def test_compiled_catalogue_is_up_to_date(tmp_path):
    assert shutil.which("msgfmt"), "gettext's msgfmt is installed by scripts/setup.sh"
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(LOCALE / "django.po")], check=True)
    assert _catalog(fresh) == _catalog(LOCALE / "django.mo"), "run: make messages"


def test_every_message_has_a_thai_translation():
    catalog = _catalog(LOCALE / "django.mo")
    untranslated = [msgid for msgid, text in catalog.items() if msgid and not text]
    assert untranslated == []
    assert len(catalog) > 200
