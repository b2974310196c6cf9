"""Solar on a household roof: energy used at home, exported, and the money it saves (no Django).

Inputs are a typical-year hourly AC profile per kWp (from ``sustain.core.pv``, the fleet's chain),
the system size, the household's monthly use and when in the day it uses power, the tariff rows of
each month, the buy-back rate and the costs. Every assumption is a named constant or an input:

* **Household load shape** (``LOAD_SHAPES``): the share of a day's use in each hour, for a house
  that uses power mostly in the day, mostly in the evening, or both. Every day of a month is the
  same shape scaled to the month's use; the month's use is what the bill says, every month.
* **Self-consumption** is worked hour by hour: the house uses ``min(PV, load)`` of each hour's
  production; the rest is exported. Bills after solar are computed on what the house still buys.
* **Savings** in a year: the bills before minus the bills after (each month with its own tariff
  and Ft rows), plus exported kWh at the buy-back rate (only for systems within the programme's
  size cap, and only during its contract years).
* **25 years**: module output falls by ``DEGRADATION_PER_YEAR`` (0.5 %) a year; the inverter is
  replaced in year ``INVERTER_REPLACEMENT_YEAR`` (12); tariffs stay at today's rows (no escalation,
  no discounting). Simple payback = installed cost / first-year savings.
* **Range**: the weather year is good to about ±10 % (PVWatts' own claim for annual energy), so
  production, savings and payback are also given with production × 0.9 and × 1.1.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from sustain.core import tariff

DEGRADATION_PER_YEAR = 0.005
LIFETIME_YEARS = 25
INVERTER_REPLACEMENT_YEAR = 12
WEATHER_UNCERTAINTY = 0.10
# Usable roof per kWp: a 550 W module covers about 2.6 m² (4.7 m²/kWp); edges, walkways and
# fixings leave about 6 m² of roof per kWp in practice.
ROOF_M2_PER_KWP = 6.0
SIZE_STEP_KWP = 0.5
SIZE_MIN_KWP = 1.0
SIZE_MAX_KWP = 10.0  # the residential buy-back programme takes systems up to 10 kWp


def _shape(weights: Sequence[float]) -> tuple[float, ...]:
    total = sum(weights)
    return tuple(w / total for w in weights)


# Share of a day's use starting in each hour 00:00 … 23:00 (Thai time). Why these weights:
# a fridge, fans and standby draw about 0.1 kW all day and night; air conditioning runs in
# bedrooms from about 21:00 to 06:00 and, when someone is at home, in the afternoon; cooking and
# lights peak at 18:00–21:00. "Daytime" is a home with people (or a small shop) in it during the
# day; "evening" is a home empty from 08:00 to 17:00; "both" is their mean. With panels that
# produce 60 % of the house's use, a daytime home uses about 73 % of their energy itself and an
# evening home about 36 %, within the 60–80 % and 30–40 % usually seen (tests/test_rooftop.py).
_DAYTIME = _shape(
    [3.5, 3.5, 3.5, 3.5, 3.5, 3.5, 3.0, 4.0,
     5.0, 5.0, 5.5, 5.5, 5.5, 5.5, 5.5, 5.5, 5.0, 5.0,
     6.0, 6.0, 5.5, 5.0, 4.5, 4.0]
)  # fmt: skip
_EVENING = _shape(
    [4.0, 4.0, 4.0, 4.0, 4.0, 3.5, 3.0, 3.0,
     2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.5, 4.0,
     8.0, 9.0, 9.0, 8.5, 7.0, 5.0]
)  # fmt: skip
LOAD_SHAPES: dict[str, tuple[float, ...]] = {
    "daytime": _DAYTIME,
    "evening": _EVENING,
    "both": tuple((d + e) / 2 for d, e in zip(_DAYTIME, _EVENING, strict=True)),
}


@dataclass(frozen=True)
class HourlyProfile:
    """AC output of 1 kWp over a typical year, hour by hour.

    ``w_per_kwp`` [W/kWp] has NaN in weather gaps; ``month`` (1–12) and ``hour`` (0–23, local
    time) say which hour each value is; ``monthly_kwh_per_kwp`` [kWh/kWp] is gap-corrected as the
    fleet's estimates are (``sustain.core.pv``).
    """

    w_per_kwp: np.ndarray
    month: np.ndarray
    hour: np.ndarray
    monthly_kwh_per_kwp: np.ndarray

    @property
    def annual_kwh_per_kwp(self) -> float:
        return float(self.monthly_kwh_per_kwp.sum())


@dataclass(frozen=True)
class MonthPrices:
    """The tariff and Ft rows valid in one calendar month of the estimate."""

    schedule: tariff.Schedule
    ft_thb_per_kwh: Decimal


@dataclass(frozen=True)
class Buyback:
    thb_per_kwh: Decimal
    max_kwp: float | None
    contract_years: int


@dataclass(frozen=True)
class Costs:
    install_thb: Decimal
    inverter_replacement_thb: Decimal


def kwp_from_area(area_m2: float) -> float:
    """System size a usable roof area holds [kWp], to 0.1 kWp (``ROOF_M2_PER_KWP``)."""
    return round(area_m2 / ROOF_M2_PER_KWP, 1)


def daytime_share(profile: HourlyProfile, shape: Sequence[float]) -> float:
    """The share of the household's use that falls in hours when panels produce at all."""
    produced = np.bincount(profile.hour, weights=np.nan_to_num(profile.w_per_kwp), minlength=24)
    sunny = produced > 0.02 * produced.max() if produced.max() > 0 else produced > 0
    return float(np.asarray(shape)[sunny].sum())


def kwp_for_use(
    *, profile: HourlyProfile, monthly_use_kwh: float, load_shape: str, max_kwp: float | None
) -> float:
    """ "Size it for my bill": produce in a year what the house uses while the sun is up.

    A bigger system mostly exports at the buy-back rate, which is about half the price of a
    bought kWh. Rounded to ``SIZE_STEP_KWP``, between ``SIZE_MIN_KWP`` and ``SIZE_MAX_KWP`` (or
    the buy-back cap if lower).
    """
    daytime_kwh = 12 * monthly_use_kwh * daytime_share(profile, LOAD_SHAPES[load_shape])
    kwp = daytime_kwh / profile.annual_kwh_per_kwp if profile.annual_kwh_per_kwp > 0 else 0.0
    top = min(SIZE_MAX_KWP, max_kwp) if max_kwp else SIZE_MAX_KWP
    return float(min(max(round(kwp / SIZE_STEP_KWP) * SIZE_STEP_KWP, SIZE_MIN_KWP), top))


@dataclass(frozen=True)
class EnergySplit:
    """Monthly energy [kWh], calendar months 1–12 (index 0–11)."""

    production: np.ndarray
    self_used: np.ndarray
    exported: np.ndarray
    use: np.ndarray
    bought: np.ndarray

    @property
    def self_share(self) -> float:
        total = float(self.production.sum())
        return float(self.self_used.sum()) / total if total > 0 else 0.0


def energy_split(
    *,
    profile: HourlyProfile,
    capacity_kwp: float,
    monthly_use_kwh: float,
    load_shape: str,
    production_scale: float = 1.0,
) -> EnergySplit:
    """Hour by hour, what the house uses of its production, what it exports and what it buys."""
    shape = np.asarray(LOAD_SHAPES[load_shape])
    index = profile.month - 1
    hours_in_month = np.bincount(index, minlength=12)
    days = np.where(hours_in_month > 0, hours_in_month / 24, 1)
    load_kwh = shape[profile.hour] * (monthly_use_kwh / days)[index]
    scale = capacity_kwp * production_scale
    pv_kwh = np.nan_to_num(profile.w_per_kwp) / 1000 * scale
    self_hourly = np.minimum(pv_kwh, load_kwh)
    raw = np.bincount(index, weights=pv_kwh, minlength=12)
    production = profile.monthly_kwh_per_kwp * scale
    # Weather gaps: the monthly total is gap-corrected; the hourly split scales with it.
    correction = np.divide(production, raw, out=np.ones(12), where=raw > 0)
    self_used = np.bincount(index, weights=self_hourly, minlength=12) * correction
    self_used = np.minimum(self_used, monthly_use_kwh)
    use = np.full(12, float(monthly_use_kwh))
    return EnergySplit(
        production=production,
        self_used=self_used,
        exported=np.maximum(production - self_used, 0.0),
        use=use,
        bought=np.maximum(use - self_used, 0.0),
    )


def _kwh(value: float) -> Decimal:
    return Decimal(str(round(float(value), 3)))


@dataclass(frozen=True)
class YearMoney:
    bills_before: tuple[tariff.Bill, ...]  # calendar months 1–12
    bills_after: tuple[tariff.Bill, ...]
    export_income_thb: Decimal

    @property
    def before_thb(self) -> Decimal:
        return sum((b.total_thb for b in self.bills_before), Decimal(0))

    @property
    def after_thb(self) -> Decimal:
        return sum((b.total_thb for b in self.bills_after), Decimal(0))

    @property
    def savings_thb(self) -> Decimal:
        return self.before_thb - self.after_thb + self.export_income_thb


def year_money(
    *, split: EnergySplit, prices: Sequence[MonthPrices], export_thb_per_kwh: Decimal
) -> YearMoney:
    """Bills before and after solar for each calendar month, and the buy-back income."""
    if len(prices) != 12:
        raise ValueError("prices are needed for each of the 12 calendar months")
    before: list[tariff.Bill] = []
    after: list[tariff.Bill] = []
    for m, price in enumerate(prices):
        for kwh, out in ((split.use[m], before), (split.bought[m], after)):
            out.append(
                tariff.monthly_bill(
                    kwh=_kwh(kwh), schedule=price.schedule, ft_thb_per_kwh=price.ft_thb_per_kwh
                )
            )
    income = sum((tariff.satang(_kwh(e) * export_thb_per_kwh) for e in split.exported), Decimal(0))
    return YearMoney(tuple(before), tuple(after), income)


def buyback_rate(buyback: Buyback | None, capacity_kwp: float) -> Decimal:
    """The rate exports earn; nothing when there is no programme or the system is above its cap."""
    if buyback is None or (buyback.max_kwp is not None and capacity_kwp > buyback.max_kwp):
        return Decimal(0)
    return buyback.thb_per_kwh


@dataclass(frozen=True)
class Outcome:
    """Year-one figures for one production level (the central estimate, or ±10 %)."""

    split: EnergySplit
    money: YearMoney
    payback_years: float | None  # None: the system never pays back (no savings)

    @property
    def annual_kwh(self) -> float:
        return float(self.split.production.sum())


@dataclass(frozen=True)
class HouseholdEstimate:
    capacity_kwp: float
    central: Outcome
    low: Outcome  # production × (1 − WEATHER_UNCERTAINTY)
    high: Outcome  # production × (1 + WEATHER_UNCERTAINTY)
    export_thb_per_kwh: Decimal
    costs: Costs
    lifetime_savings_thb: Decimal  # 25 years of savings, less the inverter replacement
    lifetime_net_thb: Decimal  # the same, less the installed cost
    yearly_savings_thb: tuple[Decimal, ...]  # year 1 … 25, inverter replacement included
    co2e_kg_per_year: float


def _outcome(
    *,
    profile: HourlyProfile,
    capacity_kwp: float,
    monthly_use_kwh: float,
    load_shape: str,
    prices: Sequence[MonthPrices],
    export_rate: Decimal,
    install_thb: Decimal,
    scale: float,
) -> Outcome:
    split = energy_split(
        profile=profile,
        capacity_kwp=capacity_kwp,
        monthly_use_kwh=monthly_use_kwh,
        load_shape=load_shape,
        production_scale=scale,
    )
    money = year_money(split=split, prices=prices, export_thb_per_kwh=export_rate)
    savings = money.savings_thb
    payback = float(install_thb / savings) if savings > 0 else None
    return Outcome(split=split, money=money, payback_years=payback)


def household_estimate(
    *,
    profile: HourlyProfile,
    capacity_kwp: float,
    monthly_use_kwh: float,
    load_shape: str,
    prices: Sequence[MonthPrices],
    buyback: Buyback | None,
    costs: Costs,
    grid_kgco2e_per_kwh: float,
) -> HouseholdEstimate:
    """Energy, bills, savings, payback, 25 years and CO2e of one rooftop system on one house."""
    if capacity_kwp <= 0:
        raise ValueError("capacity must be above 0 kWp")
    if monthly_use_kwh < 0:
        raise ValueError("monthly use cannot be negative")
    if load_shape not in LOAD_SHAPES:
        raise ValueError(f"load shape must be one of {sorted(LOAD_SHAPES)}")
    rate = buyback_rate(buyback, capacity_kwp)
    common = {
        "profile": profile,
        "capacity_kwp": capacity_kwp,
        "monthly_use_kwh": monthly_use_kwh,
        "load_shape": load_shape,
        "prices": prices,
        "export_rate": rate,
        "install_thb": costs.install_thb,
    }
    central = _outcome(**common, scale=1.0)  # type: ignore[arg-type]
    low = _outcome(**common, scale=1 - WEATHER_UNCERTAINTY)  # type: ignore[arg-type]
    high = _outcome(**common, scale=1 + WEATHER_UNCERTAINTY)  # type: ignore[arg-type]
    contract_years = buyback.contract_years if buyback else 0
    yearly = []
    before = central.money.before_thb  # the house's use does not change with the panels' age
    for year in range(1, LIFETIME_YEARS + 1):
        aged = energy_split(
            profile=profile,
            capacity_kwp=capacity_kwp,
            monthly_use_kwh=monthly_use_kwh,
            load_shape=load_shape,
            production_scale=(1 - DEGRADATION_PER_YEAR) ** (year - 1),
        )
        money = year_money(
            split=aged,
            prices=prices,
            export_thb_per_kwh=rate if year <= contract_years else Decimal(0),
        )
        saved = before - money.after_thb + money.export_income_thb
        if year == INVERTER_REPLACEMENT_YEAR:
            saved -= costs.inverter_replacement_thb
        yearly.append(saved)
    lifetime = sum(yearly, Decimal(0))
    return HouseholdEstimate(
        capacity_kwp=capacity_kwp,
        central=central,
        low=low,
        high=high,
        export_thb_per_kwh=rate,
        costs=costs,
        lifetime_savings_thb=lifetime,
        lifetime_net_thb=lifetime - costs.install_thb,
        yearly_savings_thb=tuple(yearly),
        co2e_kg_per_year=central.annual_kwh * grid_kgco2e_per_kwh,
    )
