"""Emission factors as the accounting reads them, and the factor in force on a date."""

import datetime as dt

from sustain.core import accounting
from sustain.core.accounting import Factor
from sustain.models import EmissionFactor


def factors_all(*, key: str | None = None) -> list[Factor]:
    """Every stored factor (or those of ``key``) as an ``accounting.Factor``, by key and start."""
    rows = EmissionFactor.objects.order_by("key", "valid_from")
    if key is not None:
        rows = rows.filter(key=key)
    return [
        Factor(
            key=f.key,
            value=float(f.value),
            unit=f.unit,
            valid_from=f.valid_from,
            valid_to=f.valid_to,
            source=f.source,
            needs_verification=f.needs_verification,
            name=f.name,
        )
        for f in rows
    ]


def factor_on(*, key: str, day: dt.date) -> Factor | None:
    """The factor ``key`` valid on ``day`` (validity ends are inclusive; either may be open)."""
    return accounting.factor_on(factors_all(key=key), key=key, day=day)
