"""What the community achieved, for the public page: trends, buy-back prices, reports.

Counts and totals only, never personal data. "Recycled" is what the report calls recycled:
collections sold to a recycler (``Destination.SOLD``).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone, translation

from sustain.core.thaidates import be_year, fiscal_year_bounds, fiscal_year_ce
from sustain.models import (
    STREAM_BIN_COLOUR,
    Destination,
    InstallationStatus,
    MaterialPrice,
    Report,
    SolarInstallation,
    WasteCollection,
    WasteStream,
)
from sustain.services.figures import last_full_months

YEARS_SHOWN = 6


@dataclass(frozen=True)
class BuyBackPrice:
    material: str
    colour: str
    price_thb_per_kg: Decimal
    valid_from: dt.date
    buyer: str


def recycled_kg_by_month(*, today: dt.date | None = None) -> list[tuple[dt.date, float]]:
    """Kilograms sold to recyclers in each of the 12 full months before ``today``'s month."""
    months = last_full_months(today=today or timezone.localdate())
    rows = (
        WasteCollection.objects.filter(
            destination=Destination.SOLD,
            collected_on__gte=months[0],
            collected_on__lt=_next_month(months[-1]),
        )
        .annotate(month=TruncMonth("collected_on"))
        .values("month")
        .annotate(kg=Sum("mass_kg"))
    )
    by_month = {_first_day(row["month"]): float(row["kg"]) for row in rows}
    return [(month, by_month.get(month, 0.0)) for month in months]


def _first_day(value: dt.date | dt.datetime) -> dt.date:
    day = value.date() if isinstance(value, dt.datetime) else value
    return day.replace(day=1)


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + 1, 1, 1) if day.month == 12 else dt.date(day.year, day.month + 1, 1)


def kwp_added_by_fiscal_year(*, today: dt.date | None = None) -> list[tuple[int, float]]:
    """Solar capacity commissioned in each of the last ``YEARS_SHOWN`` Thai fiscal years (named
    by their BE year, as in the annual report), the current one (so far) included; planned
    systems are not counted."""
    current = be_year(fiscal_year_ce(today or timezone.localdate()))
    years = list(range(current - YEARS_SHOWN + 1, current + 1))
    start, _end = fiscal_year_bounds(years[0])
    by_year: dict[int, float] = dict.fromkeys(years, 0.0)
    rows = (
        SolarInstallation.objects.exclude(status=InstallationStatus.PLANNED)
        .filter(commissioned_on__gte=start, commissioned_on__lte=fiscal_year_bounds(current)[1])
        .values_list("commissioned_on", "capacity_kwp")
    )
    for day, kwp in rows:
        if day is not None:
            by_year[be_year(fiscal_year_ce(day))] += float(kwp)
    return list(by_year.items())


def buyback_prices(*, today: dt.date | None = None) -> list[BuyBackPrice]:
    """Each material's buy-back price in force today (the latest from a date not after today)."""
    day = today or timezone.localdate()
    latest: dict[int, MaterialPrice] = {}
    for price in (
        MaterialPrice.objects.filter(valid_from__lte=day)
        .select_related("material")
        .order_by("material_id", "-valid_from")
    ):
        latest.setdefault(price.material_id, price)
    prices = [
        BuyBackPrice(
            material=p.material.name_th if _thai() else p.material.name_en or p.material.name_th,
            colour=STREAM_BIN_COLOUR[WasteStream(p.material.stream)],
            price_thb_per_kg=p.price_thb_per_kg,
            valid_from=p.valid_from,
            buyer=p.buyer,
        )
        for p in latest.values()
    ]
    return sorted(prices, key=lambda p: (-p.price_thb_per_kg, p.material))


def _thai() -> bool:
    return translation.get_language() != "en"


def published_reports() -> list[Report]:
    return list(Report.objects.filter(published_at__isnull=False).order_by("-year_be", "basis"))
