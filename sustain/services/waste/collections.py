"""Recording waste collections quickly, with prices from the dated buy-back table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from sustain.models import Destination, Material, MaterialPrice, WasteCollection, WastePoint
from sustain.services.records import Actor, record_save


def price_on(*, material: Material, day: dt.date) -> Decimal | None:
    """The buy-back price in force on ``day`` (the latest row starting on or before it)."""
    row = (
        MaterialPrice.objects.filter(material=material, valid_from__lte=day)
        .order_by("-valid_from")
        .first()
    )
    return row.price_thb_per_kg if row else None


@dataclass(frozen=True)
class SessionLine:
    material: Material
    mass_kg: Decimal
    price_thb_per_kg: Decimal | None = None  # None: from the price table when sold


def waste_session_save(
    *,
    point: WastePoint,
    collected_on: dt.date,
    destination: str,
    lines: list[SessionLine],
    notes: str = "",
    actor: Actor = None,
) -> list[WasteCollection]:
    """A waste-bank session (or a round) with many materials at once: all saved or none.

    Errors name the line: ``{"lines.2.mass_kg": [...]}``, so the form can show them in place.
    """
    if not lines:
        raise ValidationError({"lines": "Give at least one material with a mass."}, code="empty")
    saved, errors = [], {}
    with transaction.atomic():
        for index, line in enumerate(lines):
            price = line.price_thb_per_kg
            if price is None and destination == Destination.SOLD:
                price = price_on(material=line.material, day=collected_on)
            collection = WasteCollection(
                point=point,
                collected_on=collected_on,
                material=line.material,
                mass_kg=line.mass_kg,
                destination=destination,
                price_thb_per_kg=price if destination == Destination.SOLD else None,
                notes=notes,
            )
            try:
                saved.append(record_save(obj=collection, actor=actor, reason="session"))
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    errors[f"lines.{index}.{field}"] = problems
        if errors:
            transaction.set_rollback(True)
            raise ValidationError(errors)
    return saved
