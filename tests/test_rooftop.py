"""The household solar calculation (pure): self-consumption, savings, 25 years, ranges."""

from decimal import Decimal as D
from typing import Any

import numpy as np
import pandas as pd
import pytest

from sustain.core import pv, rooftop, tariff, weather

TIMES = pd.date_range("2023-01-01", periods=8760, freq="h", tz="Asia/Bangkok")
MONTH = TIMES.month.to_numpy()
HOUR = TIMES.hour.to_numpy()
DAYS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
SUN_HOURS = (10, 11, 12, 13)
# Plain prices for arithmetic by hand: one block at 4 THB/kWh, nothing else.
FLAT = tariff.Schedule(
    code="flat", blocks=tariff.parse_blocks("1+ 4"), service_thb_per_month=D(0), vat_pct=D(0)
)
FLAT_YEAR = [rooftop.MonthPrices(schedule=FLAT, ft_thb_per_kwh=D(0))] * 12
COSTS = rooftop.Costs(install_thb=D(40000), inverter_replacement_thb=D(6000))


def square_profile() -> rooftop.HourlyProfile:
    """1 kW per kWp from 10:00 to 14:00 every day, nothing otherwise: 4 kWh/kWp a day."""
    w = np.where(np.isin(HOUR, SUN_HOURS), 1000.0, 0.0)
    return rooftop.HourlyProfile(w, MONTH, HOUR, DAYS * 4.0)


def test_self_consumption_hour_by_hour():
    profile = square_profile()
    split = rooftop.energy_split(
        profile=profile, capacity_kwp=2, monthly_use_kwh=300, load_shape="daytime"
    )
    shape = rooftop.LOAD_SHAPES["daytime"]
    for m in (0, 1, 6):
        load = [shape[h] * 300 / DAYS[m] for h in SUN_HOURS]
        by_hand = DAYS[m] * sum(min(2.0, kwh) for kwh in load)
        assert split.self_used[m] == pytest.approx(by_hand)
        assert split.production[m] == pytest.approx(DAYS[m] * 8)
        assert split.exported[m] == pytest.approx(DAYS[m] * 8 - by_hand)
        assert split.bought[m] == pytest.approx(300 - by_hand)


def test_gap_corrected_months_scale_the_split():
    profile = square_profile()
    doubled = rooftop.HourlyProfile(profile.w_per_kwp, MONTH, HOUR, profile.monthly_kwh_per_kwp * 2)
    a = rooftop.energy_split(
        profile=profile, capacity_kwp=1, monthly_use_kwh=1000, load_shape="both"
    )
    b = rooftop.energy_split(
        profile=doubled, capacity_kwp=1, monthly_use_kwh=1000, load_shape="both"
    )
    assert b.production == pytest.approx(2 * a.production)
    assert b.self_used == pytest.approx(2 * a.self_used)


def test_savings_are_bills_saved_plus_buyback():
    profile = square_profile()
    estimate = rooftop.household_estimate(
        profile=profile,
        capacity_kwp=2,
        monthly_use_kwh=300,
        load_shape="evening",
        prices=FLAT_YEAR,
        buyback=rooftop.Buyback(thb_per_kwh=D("2.2"), max_kwp=10, contract_years=10),
        costs=COSTS,
        grid_kgco2e_per_kwh=0.475,
    )
    split = estimate.central.split
    by_hand = float(split.self_used.sum()) * 4 + float(split.exported.sum()) * 2.2
    assert float(estimate.central.money.savings_thb) == pytest.approx(by_hand, abs=0.12)
    assert float(estimate.central.money.before_thb) == pytest.approx(12 * 300 * 4)
    assert estimate.central.payback_years == pytest.approx(40000 / by_hand, rel=1e-4)
    assert estimate.co2e_kg_per_year == pytest.approx(365 * 8 * 0.475)


def test_25_years_with_degradation_and_the_inverter_in_year_12():
    profile = square_profile()
    # A house that uses far more than the panels make: every kWh is used at home, at 4 THB.
    estimate = rooftop.household_estimate(
        profile=profile, capacity_kwp=1, monthly_use_kwh=100_000, load_shape="daytime",
        prices=FLAT_YEAR, buyback=None, costs=COSTS, grid_kgco2e_per_kwh=0.5,
    )  # fmt: skip
    first = 365 * 4 * 4.0
    yearly = [float(v) for v in estimate.yearly_savings_thb]
    assert len(yearly) == 25
    for year, saved in enumerate(yearly, start=1):
        expected = first * 0.995 ** (year - 1) - (6000 if year == 12 else 0)
        assert saved == pytest.approx(expected, abs=0.1), year
    assert float(estimate.lifetime_savings_thb) == pytest.approx(sum(yearly))
    assert estimate.lifetime_net_thb == estimate.lifetime_savings_thb - D(40000)


def test_exports_are_paid_during_the_contract_and_within_the_size_cap():
    profile = square_profile()
    common: dict[str, Any] = dict(
        profile=profile, monthly_use_kwh=0, load_shape="evening", prices=FLAT_YEAR,
        costs=COSTS, grid_kgco2e_per_kwh=0.5,
    )  # fmt: skip
    buyback = rooftop.Buyback(thb_per_kwh=D("2"), max_kwp=10, contract_years=10)
    small = rooftop.household_estimate(capacity_kwp=1, buyback=buyback, **common)
    yearly = [float(v) for v in small.yearly_savings_thb]
    assert yearly[0] == pytest.approx(365 * 4 * 2, abs=0.1)
    assert yearly[9] == pytest.approx(365 * 4 * 2 * 0.995**9, abs=0.1)
    assert yearly[10] == 0 and yearly[11] == -6000 and yearly[24] == 0
    big = rooftop.household_estimate(capacity_kwp=12, buyback=buyback, **common)
    assert big.export_thb_per_kwh == 0 and big.central.money.savings_thb == 0
    assert big.central.payback_years is None


def test_the_weather_range_is_ten_percent_either_way():
    estimate = rooftop.household_estimate(
        profile=square_profile(), capacity_kwp=0.2, monthly_use_kwh=400, load_shape="both",
        prices=FLAT_YEAR, buyback=None, costs=COSTS, grid_kgco2e_per_kwh=0.5,
    )  # fmt: skip
    c, lo, hi = estimate.central, estimate.low, estimate.high
    assert lo.annual_kwh == pytest.approx(0.9 * c.annual_kwh)
    assert hi.annual_kwh == pytest.approx(1.1 * c.annual_kwh)
    assert lo.money.savings_thb < c.money.savings_thb < hi.money.savings_thb
    assert hi.payback_years is not None and c.payback_years is not None
    assert lo.payback_years is not None
    assert hi.payback_years < c.payback_years < lo.payback_years


def test_sizes():
    assert rooftop.kwp_from_area(30) == 5.0
    assert rooftop.kwp_from_area(20) == 3.3
    profile = square_profile()  # 1,460 kWh/kWp a year, all of it in daylight hours
    share = sum(rooftop.LOAD_SHAPES["daytime"][h] for h in SUN_HOURS)
    assert rooftop.daytime_share(profile, rooftop.LOAD_SHAPES["daytime"]) == pytest.approx(share)
    by_hand = 12 * 500 * share / 1460
    sized = rooftop.kwp_for_use(
        profile=profile, monthly_use_kwh=500, load_shape="daytime", max_kwp=10
    )
    assert sized == round(by_hand / 0.5) * 0.5
    assert (
        rooftop.kwp_for_use(profile=profile, monthly_use_kwh=10, load_shape="daytime", max_kwp=10)
        == 1.0
    )
    assert (
        rooftop.kwp_for_use(
            profile=profile, monthly_use_kwh=90_000, load_shape="daytime", max_kwp=10
        )
        == 10.0
    )
    assert (
        rooftop.kwp_for_use(
            profile=profile, monthly_use_kwh=90_000, load_shape="daytime", max_kwp=5
        )
        == 5.0
    )


def test_bad_inputs_are_refused():
    common: dict[str, Any] = dict(
        profile=square_profile(), prices=FLAT_YEAR, buyback=None, costs=COSTS,
        grid_kgco2e_per_kwh=0.5,
    )  # fmt: skip
    with pytest.raises(ValueError, match="above 0 kWp"):
        rooftop.household_estimate(capacity_kwp=0, monthly_use_kwh=100, load_shape="both", **common)
    with pytest.raises(ValueError, match="load shape"):
        rooftop.household_estimate(
            capacity_kwp=1, monthly_use_kwh=100, load_shape="night", **common
        )
    with pytest.raises(ValueError, match="12 calendar months"):
        rooftop.year_money(
            split=rooftop.energy_split(
                profile=square_profile(), capacity_kwp=1, monthly_use_kwh=1, load_shape="both"
            ),
            prices=FLAT_YEAR[:11],
            export_thb_per_kwh=D(0),
        )


@pytest.fixture(scope="module")
def thoeng_profile() -> rooftop.HourlyProfile:
    """A real profile: the fleet's chain, the default weather year at the reference point."""
    year = weather.default_weather_year(
        latitude=19.717, longitude=100.18, altitude_m=0.0, tz="Asia/Bangkok"
    )
    result = pv.per_kwp_profiles(year.weather, [pv.SystemConfig(tilt_deg=15, azimuth_deg=180)])
    times = year.weather.times
    return rooftop.HourlyProfile(
        result.hourly_w_per_kwp[:, 0],
        times.month.to_numpy(),
        times.hour.to_numpy(),
        result.monthly_kwh_per_kwp[0],
    )


def test_load_shapes_give_the_usual_self_consumption(thoeng_profile):
    """Panels making 60 % of the use: a daytime home uses 60–80 % itself, an evening one 30–40 %."""
    use = 400.0
    kwp = 0.6 * use * 12 / thoeng_profile.annual_kwh_per_kwp
    shares = {
        shape: rooftop.energy_split(
            profile=thoeng_profile, capacity_kwp=kwp, monthly_use_kwh=use, load_shape=shape
        ).self_share
        for shape in rooftop.LOAD_SHAPES
    }
    assert 0.60 <= shares["daytime"] <= 0.80
    assert 0.30 <= shares["evening"] <= 0.40
    assert shares["evening"] < shares["both"] < shares["daytime"]
    for shape in rooftop.LOAD_SHAPES.values():
        assert sum(shape) == pytest.approx(1.0) and len(shape) == 24
