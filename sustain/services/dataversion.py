"""Data versions: what the public answers show has changed exactly when its version has.

A topic (``"installations"``, ``"waste_points"``, ``"solar_summary"`` …) names the tables an
answer reads. Its version has two halves, and changes when either does:

* a **fingerprint** read from the database in one query: per table its row count, the latest
  value of a column every write moves (``updated_at``, ``computed_at``), the largest id, the
  largest id of its history table (every save and every bulk write "with history", as GIS
  imports do, adds a history row) and which row holds each flag (the active and applied
  weather). It sees every write by every process, bulk ones too (imports, the fleet's upsert of
  estimates): a new or changed row moves a stamp or a history id, a deleted one the count;
* a **counter** in the cache, bumped when a transaction that saved or deleted a row of those
  tables commits (signals, ``transaction.on_commit``). It sees edits the fingerprint cannot
  (a weather dataset renamed, which keeps no history).

So an answer built for a version is right for as long as the version stands, and a write changes
the version the moment it commits.
"""

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection, models, transaction
from django.db.models.signals import post_delete, post_save

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


@dataclass(frozen=True)
class Part:
    """One table of a topic: ``stamp`` is a column every write moves (None: count and ids only);
    ``flags`` are boolean columns whose True row matters (which weather is applied)."""

    model: type[models.Model]
    stamp: str | None = None
    flags: tuple[str, ...] = ()


_SOLAR = (
    Part(SolarInstallation, "updated_at"),
    Part(InstallationEstimate, "computed_at"),
    Part(WeatherDataset, "created_at", flags=("applied", "active")),
    Part(Village),
)
TOPICS: dict[str, tuple[Part, ...]] = {
    # The map's installations: public names carry the village's number; CO2e the grid factors.
    "installations": (*_SOLAR, Part(EmissionFactor, "updated_at")),
    "waste_points": (Part(WastePoint, "updated_at"), Part(Material), Part(Village)),
    "solar_summary": _SOLAR,
    # The residents' map's compact list: active points and every installation's public place.
    "sites": (
        Part(SolarInstallation, "updated_at"),
        Part(Village),
        Part(WastePoint, "updated_at"),
        Part(Material),
    ),
    "home": (
        *_SOLAR,
        Part(WastePoint, "updated_at"),
        Part(CommunityEnterprise, "updated_at"),
        Part(Municipality),
    ),
}


def _models() -> set[type[models.Model]]:
    return {part.model for parts in TOPICS.values() for part in parts}


def _counter_key(model: type[models.Model]) -> str:
    return f"dataversion:{model._meta.label_lower}"


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column
    return connection.ops.quote_name(field.column)


def _sql(parts: tuple[Part, ...]) -> tuple[str, list[Any]]:
    """One row: per part its count, latest stamp, largest id and history id, and flagged ids."""
    quote = connection.ops.quote_name
    selects: list[str] = []
    params: list[Any] = []
    for part in parts:
        table = quote(part.model._meta.db_table)
        pk = _column(part.model, "id")
        selects.append(f"(SELECT COUNT(*) FROM {table})")
        if part.stamp:
            selects.append(f"(SELECT MAX({_column(part.model, part.stamp)}) FROM {table})")
        selects.append(f"(SELECT MAX({pk}) FROM {table})")
        history = getattr(part.model, "history", None)
        if history is not None:
            selects.append(f"(SELECT MAX(history_id) FROM {quote(history.model._meta.db_table)})")
        for flag in part.flags:
            where = _column(part.model, flag)
            selects.append(f"(SELECT MAX({pk}) FROM {table} WHERE {where} = %s)")
            params.append(True)
    return "SELECT " + ", ".join(selects), params


def data_version(*, topic: str) -> str:
    """The version of ``topic``'s data now: a short hex string that changes with every write."""
    parts = TOPICS[topic]
    sql, params = _sql(parts)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    counters = cache.get_many([_counter_key(part.model) for part in parts])
    text = repr((row, sorted(counters.items())))
    return hashlib.blake2b(text.encode(), digest_size=10).hexdigest()


def _bump(model: type[models.Model]) -> None:
    key = _counter_key(model)
    if not cache.add(key, 1, timeout=None):
        try:
            cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.set(key, 1, timeout=None)


def changed(model: type[models.Model]) -> None:
    """Tell the versions that ``model``'s rows changed (when the current transaction commits)."""
    transaction.on_commit(functools.partial(_bump, model))


def _on_write(sender: type[models.Model], **kwargs: Any) -> None:
    changed(sender)


def connect_signals() -> None:
    """Called once from ``SustainConfig.ready``."""
    for model in _models():
        uid = f"dataversion-{model._meta.label_lower}"
        post_save.connect(_on_write, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(_on_write, sender=model, dispatch_uid=uid + "-delete")


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
