"""Thai residential electricity bills: progressive blocks, service charge, Ft and VAT (no Django).

A PEA/MEA residential bill for one month (schedules 1.1 and 1.2) is

    energy   = each kWh priced by the block it falls in (1–15, 16–25, … for 1.1)   [THB]
    service  = a fixed charge per month                                           [THB]
    Ft       = kWh × the fuel adjustment charge of the month                      [THB]
    VAT      = 7 % of (energy + service + Ft)                                     [THB]

Each line is rounded to the satang (half up) as it is printed on a bill, and VAT is taken on the
rounded lines. Rates and the service charge come from dated rows staff keep (see
``sustain.models.tariffs``); this module only does arithmetic on them, in ``Decimal`` so a bill
worked by hand from the published table matches to the satang.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

SATANG = Decimal("0.01")
_BLOCK_LINE = re.compile(r"^\s*(\d+)\s*(?:[-–]\s*(\d+)|\+)\s+(\d+(?:\.\d+)?)\s*$")


def satang(value: Decimal) -> Decimal:
    """Round a baht amount to the satang, half up (as bills are printed)."""
    return value.quantize(SATANG, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Block:
    """Units ``first_kwh`` to ``last_kwh`` of a month (``None``: and every unit above) [THB/kWh]."""

    first_kwh: int
    last_kwh: int | None
    thb_per_kwh: Decimal


@dataclass(frozen=True)
class Schedule:
    """One residential tariff schedule (e.g. PEA 1.1 or 1.2) as valid in some month."""

    code: str
    blocks: tuple[Block, ...]
    service_thb_per_month: Decimal
    vat_pct: Decimal = Decimal("7")

    def __post_init__(self) -> None:
        check_blocks(self.blocks)
        if self.service_thb_per_month < 0 or not 0 <= self.vat_pct < 100:
            raise ValueError("service charge must be ≥ 0 and VAT between 0 and 100 %")


class BlocksError(ValueError):
    """Blocks that do not read as a tariff table; ``code`` and ``params`` say which rule."""

    def __init__(self, message: str, *, code: str, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


def check_blocks(blocks: Sequence[Block]) -> None:
    """Blocks must start at unit 1, follow each other without gap or overlap, end open-ended."""
    if not blocks:
        raise BlocksError("a tariff needs at least one block", code="empty")
    expected_first = 1
    for i, block in enumerate(blocks, start=1):
        if block.first_kwh != expected_first:
            raise BlocksError(
                f"block {i} must start at unit {expected_first}, not {block.first_kwh}",
                code="bad_start", block=i, unit=expected_first, got=block.first_kwh,
            )  # fmt: skip
        if block.thb_per_kwh < 0:
            raise BlocksError(f"block {i} has a negative rate", code="negative", block=i)
        last = block.last_kwh
        if last is None:
            if i != len(blocks):
                raise BlocksError(
                    f"only the last block may be open-ended (block {i} is)",
                    code="open_not_last", block=i,
                )  # fmt: skip
            return
        if last < block.first_kwh:
            raise BlocksError(f"block {i} ends before it starts", code="reversed", block=i)
        expected_first = last + 1
    raise BlocksError("the last block must be open-ended, e.g. '401+ 4.4217'", code="not_open")


def parse_blocks(text: str) -> tuple[Block, ...]:
    """Read blocks written as on the tariff table, one per line: ``1-15 2.3488`` … ``401+ 4.4217``.

    Raises ``BlocksError`` naming the line that cannot be read or the rule it breaks.
    """
    blocks = []
    lines = [line for line in text.replace("\r", "").split("\n") if line.strip()]
    for number, line in enumerate(lines, start=1):
        match = _BLOCK_LINE.match(line)
        if match is None:
            raise BlocksError(
                f"line {number} ({line.strip()!r}) is not 'first-last rate' or 'first+ rate'",
                code="unreadable", line=number, text=line.strip()[:40],
            )  # fmt: skip
        first, last, rate = match.groups()
        blocks.append(Block(int(first), int(last) if last else None, Decimal(rate)))
    check_blocks(blocks)
    return tuple(blocks)


def format_blocks(blocks: Sequence[Block]) -> str:
    """The inverse of ``parse_blocks``."""
    return "\n".join(
        f"{b.first_kwh}-{b.last_kwh} {b.thb_per_kwh}"
        if b.last_kwh is not None
        else f"{b.first_kwh}+ {b.thb_per_kwh}"
        for b in blocks
    )


@dataclass(frozen=True)
class BlockLine:
    block: Block
    kwh: Decimal
    thb: Decimal  # unrounded; the bill rounds the energy total


@dataclass(frozen=True)
class Bill:
    """One month's bill; every amount in THB, rounded to the satang."""

    kwh: Decimal
    lines: tuple[BlockLine, ...]
    energy_thb: Decimal
    service_thb: Decimal
    ft_thb: Decimal
    vat_thb: Decimal
    total_thb: Decimal


def energy_charge_thb(kwh: Decimal, blocks: Sequence[Block]) -> tuple[BlockLine, ...]:
    """The kWh of a month split over the progressive blocks, each priced at its rate."""
    lines = []
    for block in blocks:
        start = Decimal(block.first_kwh - 1)
        if kwh <= start:
            break
        end = kwh if block.last_kwh is None else min(kwh, Decimal(block.last_kwh))
        units = end - start
        lines.append(BlockLine(block, units, units * block.thb_per_kwh))
    return tuple(lines)


def monthly_bill(*, kwh: Decimal, schedule: Schedule, ft_thb_per_kwh: Decimal) -> Bill:
    """The bill for ``kwh`` bought from the grid in one month [kWh ≥ 0].

    Net use below zero does not exist on a residential meter: exported energy is bought back
    separately (see ``sustain.core.rooftop``), so a negative ``kwh`` is a caller's mistake.
    """
    if kwh < 0:
        raise ValueError("a month's grid use cannot be negative; exports are paid separately")
    lines = energy_charge_thb(kwh, schedule.blocks)
    energy = satang(sum((line.thb for line in lines), Decimal(0)))
    service = satang(schedule.service_thb_per_month)
    ft = satang(kwh * ft_thb_per_kwh)
    vat = satang((energy + service + ft) * schedule.vat_pct / 100)
    return Bill(
        kwh=kwh,
        lines=lines,
        energy_thb=energy,
        service_thb=service,
        ft_thb=ft,
        vat_thb=vat,
        total_thb=energy + service + ft + vat,
    )


def _unrounded_total(kwh: float, schedule: Schedule, ft: float) -> float:
    energy = 0.0
    for block in schedule.blocks:
        start = block.first_kwh - 1
        if kwh <= start:
            break
        end = kwh if block.last_kwh is None else min(kwh, block.last_kwh)
        energy += (end - start) * float(block.thb_per_kwh)
    subtotal = energy + float(schedule.service_thb_per_month) + kwh * ft
    return subtotal * (1 + float(schedule.vat_pct) / 100)


def minimum_bill_thb(schedule: Schedule) -> Decimal:
    """The bill of a month without use: the service charge and its VAT."""
    return monthly_bill(kwh=Decimal(0), schedule=schedule, ft_thb_per_kwh=Decimal(0)).total_thb


def kwh_for_bill(*, total_thb: float, schedule: Schedule, ft_thb_per_kwh: Decimal) -> float:
    """The monthly use [kWh] whose bill is ``total_thb`` (the inverse of ``monthly_bill``).

    The bill rises with use, so bisection finds it to 0.001 kWh. Raises ``ValueError`` when the
    amount is below the bill of a month without use (the service charge with VAT).
    """
    ft = float(ft_thb_per_kwh)
    if total_thb < _unrounded_total(0.0, schedule, ft) - 0.005:
        raise ValueError("the amount is below the service charge with VAT")
    low, high = 0.0, 1.0
    while _unrounded_total(high, schedule, ft) < total_thb:
        high *= 2
        if high > 1e7:
            raise ValueError("the amount is beyond any household bill")
    while high - low > 0.0005:
        middle = (low + high) / 2
        if _unrounded_total(middle, schedule, ft) < total_thb:
            low = middle
        else:
            high = middle
    return round((low + high) / 2, 3)
