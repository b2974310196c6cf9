"""The start every benchmark shares: the project on ``sys.path`` and its settings (on import),
a throw-away SQLite database with tasks run in-process, and Django set up."""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sustain.settings")


def scratch_database(*, prefix: str = "sustain-bench-", replace: bool = False) -> Path:
    """A new temporary folder whose ``bench.sqlite3`` is the database unless DATABASE_URL names
    one already (``replace``: always); Celery tasks run in-process. Returns the folder."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    url = f"sqlite:///{folder}/bench.sqlite3"
    if replace:
        os.environ["DATABASE_URL"] = url
    else:
        os.environ.setdefault("DATABASE_URL", url)
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "True"
    return folder


def django_start() -> None:
    """``django.setup()``, after which a benchmark may import models and services."""
    import django

    django.setup()
