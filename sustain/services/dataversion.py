"""Data versions: what the public answers show has changed exactly when its version has.

A topic (``"installations"``, ``"waste_points"``, ``"solar_summary"`` …) names the tables an
answer reads. Its version is read in one query from ``sustain_datachange``, where the database's
own triggers (migration ``0016_data_changes``) count the writes to each of those tables in the
writer's transaction: every write by every process, whatever its kind (a save, a delete, a bulk
insert or upsert, a queryset's ``update()``/``delete()``, raw SQL, ``TRUNCATE``, an edit no
column stamp would show such as renaming a weather year), changes the version when it commits,
and a rolled-back one never does.

Per table the version holds the sum of its counts and the largest row id: the sum grows with
every committed write (merging rows keeps it), and ids never come back, so no earlier version
returns even after the rows were deleted (a test database's flush).

So an answer built for a version is right for as long as the version stands: the version is read
before the data, so an answer can only be newer than its version, never older.
"""

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import connection, models

from sustain.models import (
    CommunityEnterprise,
    EmissionFactor,
    InstallationEstimate,
    Material,
    Municipality,
    SolarInstallation,
    Village,
    WastePoint,
    WeatherDataset,
)

T = TypeVar("T")

CHANGES_TABLE = "sustain_datachange"

_SOLAR = (SolarInstallation, InstallationEstimate, WeatherDataset, Village)
TOPICS: dict[str, tuple[type[models.Model], ...]] = {
    # The map's installations: public names carry the village's number; CO2e the grid factors.
    "installations": (*_SOLAR, EmissionFactor),
    "waste_points": (WastePoint, Material, Village),
    "solar_summary": _SOLAR,
    # The residents' map's compact list: active points and every installation's public place.
    "sites": (SolarInstallation, Village, WastePoint, Material),
    # The home page: its counts, the municipality, the villages and the materials' words.
    "home": (*_SOLAR, WastePoint, CommunityEnterprise, Municipality, Material),
}


def tables(*, topic: str) -> list[str]:
    """The tables whose writes change ``topic``'s version (each needs the triggers)."""
    return sorted({model._meta.db_table for model in TOPICS[topic]})


def _sql(names: list[str]) -> str:
    marks = ", ".join(["%s"] * len(names))
    return (
        f"SELECT table_name, SUM(changes), MAX(id) FROM {CHANGES_TABLE} "
        f"WHERE table_name IN ({marks}) GROUP BY table_name ORDER BY table_name"
    )


def data_version(*, topic: str) -> str:
    """The version of ``topic``'s data now: a short hex string that changes with every write."""
    names = tables(topic=topic)
    with connection.cursor() as cursor:
        cursor.execute(_sql(names), names)
        rows = cursor.fetchall()
    return hashlib.blake2b(repr(rows).encode(), digest_size=10).hexdigest()


def cached(*, topic: str, key: str, build: Callable[[], T], timeout: int = 24 * 3600) -> T:
    """``build()``'s value for the current version of ``topic`` (built once per version and
    ``key``; the key must name everything else the value depends on, e.g. the language)."""
    full_key = f"dataversion-value:{topic}:{key}:{data_version(topic=topic)}"
    value = cache.get(full_key, _MISSING)
    if value is _MISSING:
        value = build()
        cache.set(full_key, value, timeout=timeout)
    return value


_MISSING = object()
