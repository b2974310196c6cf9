"""Emission factors in force on a date."""

import datetime as dt

from django.db.models import Q

from sustain.models import EmissionFactor


def factor_on(*, key: str, day: dt.date) -> EmissionFactor | None:
    """The factor ``key`` valid on ``day`` (validity ends are inclusive; either may be open)."""
    return (
        EmissionFactor.objects.filter(key=key)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from")
        .first()
    )
