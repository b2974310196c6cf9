"""The tariff, Ft, buy-back and cost rows that apply to an estimate, with their provenance."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol, TypeVar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sustain.core import rooftop
from sustain.models import CostKind, FtCharge, ResidentialTariff, SolarBuyback, SolarCost


class _Dated(Protocol):
    valid_from: dt.date | None
    valid_to: dt.date | None


R = TypeVar("R", bound=_Dated)


@dataclass(frozen=True)
class PriceRow:
    """One row an estimate used, as residents and staff read it."""

    kind: str  # tariff, ft, buyback, install, inverter
    label: str
    value: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    source: str
    needs_verification: bool
    out_of_date: bool = False  # used for a month it does not cover: no newer row is on record


def plain(value: Decimal) -> str:
    """A decimal without trailing zeros or an exponent: 2.2000 -> 2.2, 10.00 -> 10."""
    return format(value.normalize(), "f")


def _covers(row: _Dated, day: dt.date) -> bool:
    return (row.valid_from is None or row.valid_from <= day) and (
        row.valid_to is None or day <= row.valid_to
    )


def pick_row(rows: Sequence[R], day: dt.date) -> tuple[R | None, bool]:
    """The row valid on ``day``, or else the latest row before it (``True``: out of date)."""
    start = dt.date.min
    covering = [r for r in rows if _covers(r, day)]
    if covering:
        return max(covering, key=lambda r: r.valid_from or start), False
    earlier = [r for r in rows if (r.valid_from or start) <= day]
    if earlier:
        return max(earlier, key=lambda r: r.valid_from or start), True
    return (min(rows, key=lambda r: r.valid_from or start), True) if rows else (None, False)


def estimate_months(today: dt.date) -> dict[int, dt.date]:
    """The first day of each calendar month in the year ahead, from this month on."""
    months = {}
    for offset in range(12):
        index = today.month - 1 + offset
        months[index % 12 + 1] = dt.date(today.year + index // 12, index % 12 + 1, 1)
    return months


@dataclass(frozen=True)
class YearPrices:
    months: tuple[rooftop.MonthPrices, ...]  # calendar months 1–12
    rows: tuple[PriceRow, ...]


def _tariff_row(row: ResidentialTariff, out_of_date: bool) -> PriceRow:
    return PriceRow(
        kind="tariff",
        label=_("Residential tariff %(schedule)s") % {"schedule": row.schedule},
        value=_("blocks %(blocks)s THB/kWh; service %(service)s THB/month; VAT %(vat)s %%")
        % {
            "blocks": ", ".join(row.blocks.split("\n")),
            "service": row.service_thb_per_month,
            "vat": plain(row.vat_pct),
        },
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        source=row.source,
        needs_verification=row.needs_verification,
        out_of_date=out_of_date,
    )


def _ft_row(row: FtCharge, out_of_date: bool) -> PriceRow:
    return PriceRow(
        kind="ft",
        label=_("Ft charge"),
        value=_("%(value)s THB/kWh") % {"value": plain(row.thb_per_kwh)},
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        source=row.source,
        needs_verification=row.needs_verification,
        out_of_date=out_of_date,
    )


def schedules_on_record() -> list[str]:
    return sorted(set(ResidentialTariff.objects.values_list("schedule", flat=True)))


def year_prices(*, schedule: str, today: dt.date) -> YearPrices:
    """Each calendar month's tariff and Ft rows, as valid in that month of the year ahead."""
    tariffs = list(ResidentialTariff.objects.filter(schedule=schedule))
    if not tariffs:
        message = _("No tariff for schedule %(schedule)s is on record.")
        raise ValidationError({"schedule": message % {"schedule": schedule}})
    fts = list(FtCharge.objects.all())
    months: dict[int, rooftop.MonthPrices] = {}
    used: dict[tuple[str, int], PriceRow] = {}
    for month, first_day in estimate_months(today).items():
        row, late = pick_row(tariffs, first_day)
        assert row is not None
        used.setdefault(("tariff", row.pk), _tariff_row(row, late))
        ft_row, ft_late = pick_row(fts, first_day)
        ft = ft_row.thb_per_kwh if ft_row else Decimal(0)
        if ft_row is not None:
            key = ("ft", ft_row.pk)
            if key not in used or ft_late:
                used[key] = _ft_row(ft_row, ft_late)
        months[month] = rooftop.MonthPrices(schedule=row.as_schedule(), ft_thb_per_kwh=ft)
    return YearPrices(months=tuple(months[m] for m in range(1, 13)), rows=tuple(used.values()))


def buyback_on(*, day: dt.date) -> tuple[rooftop.Buyback | None, PriceRow | None]:
    row, late = pick_row(list(SolarBuyback.objects.all()), day)
    if row is None:
        return None, None
    buyback = rooftop.Buyback(
        thb_per_kwh=row.thb_per_kwh,
        max_kwp=float(row.max_kwp) if row.max_kwp is not None else None,
        contract_years=row.contract_years,
    )
    provenance = PriceRow(
        kind="buyback",
        label=_("Solar buy-back rate"),
        value=_("%(rate)s THB/kWh exported, %(years)s-year contract, systems up to %(kwp)s kWp")
        % {
            "rate": plain(row.thb_per_kwh),
            "years": row.contract_years,
            "kwp": plain(row.max_kwp) if row.max_kwp is not None else "—",
        },
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        source=row.source,
        needs_verification=row.needs_verification,
        out_of_date=late,
    )
    return buyback, provenance


def _cost_row(kind: str, capacity_kwp: float, day: dt.date) -> tuple[SolarCost, bool]:
    size = Decimal(str(capacity_kwp))
    rows = [
        r
        for r in SolarCost.objects.filter(kind=kind)
        if r.min_kwp <= size and (r.max_kwp is None or size < r.max_kwp)
    ]
    row, late = pick_row(rows, day)
    if row is None:
        raise ValidationError(
            _("No %(kind)s cost for a %(kwp)s kWp system is on record; staff add it in the admin.")
            % {"kind": CostKind(kind).label, "kwp": capacity_kwp}
        )
    return row, late


def costs_for(*, capacity_kwp: float, day: dt.date) -> tuple[rooftop.Costs, tuple[PriceRow, ...]]:
    """Installed cost and inverter replacement for a system of ``capacity_kwp`` [THB]."""
    install, install_late = _cost_row(CostKind.INSTALL, capacity_kwp, day)
    inverter, inverter_late = _cost_row(CostKind.INVERTER, capacity_kwp, day)
    size = Decimal(str(capacity_kwp))
    costs = rooftop.Costs(
        install_thb=(install.thb_per_kwp * size).quantize(Decimal(1)),
        inverter_replacement_thb=(inverter.thb_per_kwp * size).quantize(Decimal(1)),
    )
    rows = tuple(
        PriceRow(
            kind=row.kind,
            label=str(row),
            value=_("%(value)s THB/kWp") % {"value": f"{row.thb_per_kwp:,.0f}"},
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            source=row.source,
            needs_verification=row.needs_verification,
            out_of_date=late,
        )
        for row, late in ((install, install_late), (inverter, inverter_late))
    )
    return costs, rows
