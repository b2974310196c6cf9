"""Meter readings: one from staff, batches from devices (idempotent per period), and the
installations that produce less than expected.

A reading's expected energy comes from the stored per-kWp profile of its installation's
configuration with the applied weather (``services.profiles``), not from a run of the hourly chain.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.translation import gettext as _

from sustain.models import MeterReading, ReadingSource, SolarInstallation
from sustain.models.estimates import reading_rules_check
from sustain.services import locks
from sustain.services.records import Actor, record_save
from sustain.services.solar.estimates import installation_config, profiles_for
from sustain.services.solar.profiles import profile_per_kwp, reading_expectation_set
from sustain.services.solar.weathersets import weather_applied

_WRITTEN_FIELDS = [
    "energy_kwh", "meter_register_kwh", "source", "expected_kwh", "performance_ratio",
    "expected_weather", "expected_model_version", "updated_at",
]  # fmt: skip


def reading_save(*, reading: MeterReading, actor: Actor = None) -> MeterReading:
    """Validate a reading, compute what the model expected for its period, and save it.

    Raises ``ValidationError`` keyed by field (overlapping periods, a meter running backwards …).
    """
    reading.full_clean()  # the plain mistakes, before waiting for the lock
    with transaction.atomic():
        locks.named_lock(locks.SOLAR)  # no other writer between the checks and the save
        dataset = weather_applied()
        installation = reading.installation
        profile = profile_per_kwp(weather=dataset, config=installation_config(installation))
        reading_expectation_set(
            reading, profile=profile, capacity_kwp=float(installation.capacity_kwp), weather=dataset
        )
        return record_save(obj=reading, actor=actor)


@dataclass(frozen=True)
class ReadingItem:
    """One reading as a device sends it: energy over a period (both dates included)."""

    installation_id: int
    period_start: dt.date
    period_end: dt.date
    energy_kwh: Decimal
    meter_register_kwh: Decimal | None = None


@dataclass
class ReadingOutcome:
    status: Literal["stored", "updated", "unchanged", "refused"]
    reading: MeterReading | None = None
    error: ValidationError | None = None  # for "refused": each field and rule broken

    @property
    def reading_id(self) -> int | None:
        return self.reading.pk if self.reading is not None else None


def reading_upsert(
    *, items: Sequence[ReadingItem], actor: Actor = None, source: str = ReadingSource.DEVICE
) -> list[ReadingOutcome]:
    """Store many readings at once, idempotent per (installation, period), one outcome per item.

    The same period again with the same values is ``unchanged``; with new values ``updated``; a
    reading that breaks a rule (with the stored readings or with an earlier item) is ``refused``
    and the others still count. Concurrent batches wait for each other (``locks.SOLAR``), so
    identical batches sent together store each reading once and the others find it unchanged.
    """
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        locks.named_lock(locks.SOLAR)
        dataset = weather_applied()
        installations = SolarInstallation.objects.in_bulk({i.installation_id for i in items})
        stored: dict[int, list[MeterReading]] = {pk: [] for pk in installations}
        for reading in MeterReading.objects.filter(installation_id__in=installations):
            stored[reading.installation_id].append(reading)
        profiles = profiles_for(weather=dataset, installations=list(installations.values()))
        outcomes: list[ReadingOutcome] = []
        creates: dict[tuple[int, dt.date, dt.date], MeterReading] = {}  # by period
        updates: dict[int, MeterReading] = {}
        now = timezone.now()
        for item in items:
            installation = installations.get(item.installation_id)
            if installation is None:
                error = ValidationError(
                    {"installation_id": _("No installation with this id.")}, code="unknown"
                )
                outcomes.append(ReadingOutcome("refused", error=error))
                continue
            outcome, written = _upsert_one(item, installation, stored[installation.pk], source)
            outcomes.append(outcome)
            if written is None:
                continue
            reading_expectation_set(
                written,
                profile=profiles[installation_config(installation)],
                capacity_kwp=float(installation.capacity_kwp),
                weather=dataset,
            )
            written.updated_at = now
            if written.pk is None:  # new, or a new one an earlier item of this batch made
                creates[(installation.pk, written.period_start, written.period_end)] = written
            else:
                updates[written.pk] = written
        _write(list(creates.values()), list(updates.values()), user=user, now=now)
        for outcome in outcomes:  # an item whose new reading a later item of the batch replaced
            if outcome.reading is not None and outcome.reading.pk is None:
                key = (outcome.reading.installation_id, outcome.reading.period_start,
                       outcome.reading.period_end)  # fmt: skip
                outcome.reading = creates[key]
    return outcomes


def _write(
    creates: list[MeterReading], updates: list[MeterReading], *, user: Actor, now: dt.datetime
) -> None:
    """New and changed readings in one upsert (one statement per 500 rows: an UPDATE per row, or
    Django's CASE-per-field bulk update, takes seconds for 1,000), then their history rows."""
    written = [*creates, *updates]
    if not written:
        return
    rows = []
    for reading in written:
        row = copy.copy(reading)
        row.pk, row._state = None, ModelState()  # inserted, or merged into the stored period
        rows.append(row)
    MeterReading.objects.bulk_create(
        rows, batch_size=500, update_conflicts=True,
        unique_fields=["installation", "period_start", "period_end"],
        update_fields=_WRITTEN_FIELDS,
    )  # fmt: skip
    if any(row.pk is None for row in rows):  # a database that returns no ids from an upsert
        ids = {
            (r.installation_id, r.period_start, r.period_end): r.pk
            for r in MeterReading.objects.filter(
                installation_id__in={r.installation_id for r in rows}, updated_at__gte=now
            ).only("pk", "installation_id", "period_start", "period_end")
        }
        for row in rows:
            row.pk = ids[(row.installation_id, row.period_start, row.period_end)]
    for reading, row in zip(written, rows, strict=True):
        reading.pk = reading.pk or row.pk
        reading.created_at = reading.created_at or row.created_at
        reading._state.adding = False
    history = MeterReading.history
    reason = "reading batch"
    if creates:
        history.bulk_history_create(creates, default_user=user, default_change_reason=reason)
    if updates:
        history.bulk_history_create(
            updates, update=True, default_user=user, default_change_reason=reason
        )


def _upsert_one(
    item: ReadingItem,
    installation: SolarInstallation,
    others: list[MeterReading],
    source: str,
) -> tuple[ReadingOutcome, MeterReading | None]:
    """Check one item against the installation's readings (``others``, updated in place when it is
    accepted); the reading to write, or None."""
    period = (item.period_start, item.period_end)
    existing = next((r for r in others if (r.period_start, r.period_end) == period), None)
    if existing is not None and (existing.energy_kwh, existing.meter_register_kwh) == (
        item.energy_kwh,
        item.meter_register_kwh,
    ):
        return ReadingOutcome("unchanged", existing), None
    if existing is not None:
        reading = copy.copy(existing)  # the stored one stays as it was if this one is refused
    else:
        reading = MeterReading(installation=installation, source=source)
        reading.period_start, reading.period_end = period
    reading.energy_kwh, reading.meter_register_kwh = item.energy_kwh, item.meter_register_kwh
    try:
        # Field rules (bounds, digits, no future date) need no query; the rules between readings
        # are checked against the rows loaded once for the whole batch.
        reading.clean_fields(exclude=["installation", "expected_weather"])
        reading_rules_check(reading, others=[r for r in others if r is not existing])
    except ValidationError as error:
        return ReadingOutcome("refused", error=error), None
    if existing is not None:
        others[others.index(existing)] = reading
        return ReadingOutcome("updated", reading), reading
    others.append(reading)
    return ReadingOutcome("stored", reading), reading


@dataclass(frozen=True)
class MaintenanceFlag:
    installation: SolarInstallation
    reading: MeterReading


def maintenance_flags(*, threshold: float | None = None) -> list[MaintenanceFlag]:
    """Installations whose latest reading produced less than ``threshold`` of the expectation."""
    limit = settings.PV_ALERT_RATIO if threshold is None else threshold
    latest: dict[int, MeterReading] = {}
    for reading in MeterReading.objects.select_related("installation").order_by(
        "installation_id", "-period_end"
    ):
        latest.setdefault(reading.installation_id, reading)
    return [
        MaintenanceFlag(installation=r.installation, reading=r)
        for r in latest.values()
        if r.performance_ratio is not None and r.performance_ratio < limit
    ]
