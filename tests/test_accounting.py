"""Avoided-emissions accounting, checked against values worked out by hand."""

import datetime as dt

import pytest

from sustain.core.accounting import (
    EnergyMonth,
    Factor,
    WasteFlow,
    factor_on,
    share,
    solar_avoided,
    waste_avoided,
)

OLD_GRID = Factor("grid_electricity", 0.4999, "kgCO2e/kWh", None, dt.date(2025, 12, 31), "TGO CFO")
NEW_GRID = Factor("grid_electricity", 0.4750, "kgCO2e/kWh", dt.date(2026, 1, 1), None, "TGO 2025")
PET = Factor("warm_pet", -1.15, "kgCO2e/kg", None, None, "WARM v16")
FOOD = Factor("food_waste_compost_vs_dump", -0.36, "kgCO2e/kg", None, None, "IPCC 2006")


def fiscal_2569_months() -> list[dt.date]:
    return [dt.date(2025 + (m < 10), m, 1) for m in (10, 11, 12, *range(1, 10))]


def test_factor_on_picks_the_row_valid_that_day():
    assert (
        factor_on([OLD_GRID, NEW_GRID], key="grid_electricity", day=dt.date(2025, 12, 31))
        is OLD_GRID
    )
    assert (
        factor_on([OLD_GRID, NEW_GRID], key="grid_electricity", day=dt.date(2026, 1, 1)) is NEW_GRID
    )
    assert factor_on([OLD_GRID], key="grid_electricity", day=dt.date(2026, 1, 1)) is None


def test_solar_period_straddling_the_factor_change():
    # 100 kWh estimated in each month of fiscal year 2569 (October 2025 to September 2026):
    # October to December at 0.4999 = 3 x 100 x 0.4999 = 149.97 kg;
    # January to September at 0.4750 = 9 x 100 x 0.4750 = 427.50 kg; together 577.47 kg.
    months = [EnergyMonth(month=m, kwh=100.0, metered=False) for m in fiscal_2569_months()]
    account = solar_avoided(months=months, grid_factors=[NEW_GRID, OLD_GRID])

    assert [line.factor for line in account.lines] == [OLD_GRID, NEW_GRID]
    assert account.lines[0].months == ("2025-10", "2025-11", "2025-12")
    assert account.lines[0].avoided_kgco2e == pytest.approx(149.97)
    assert account.lines[1].kwh == pytest.approx(900.0)
    assert account.lines[1].avoided_kgco2e == pytest.approx(427.50)
    assert account.avoided_kgco2e == pytest.approx(577.47)
    assert account.metered_share == 0.0


def test_solar_metered_and_estimated_mix():
    # December 2025: 60 kWh metered + 40 kWh estimated at 0.4999 = 49.99 kg;
    # January 2026: 200 kWh metered at 0.4750 = 95.00 kg. Metered share 260 / 300.
    months = [
        EnergyMonth(month=dt.date(2025, 12, 1), kwh=60.0, metered=True),
        EnergyMonth(month=dt.date(2025, 12, 1), kwh=40.0, metered=False),
        EnergyMonth(month=dt.date(2026, 1, 1), kwh=200.0, metered=True),
    ]
    account = solar_avoided(months=months, grid_factors=[OLD_GRID, NEW_GRID])

    assert account.kwh == pytest.approx(300.0)
    assert account.metered_kwh == pytest.approx(260.0)
    assert account.estimated_kwh == pytest.approx(40.0)
    assert account.metered_share == pytest.approx(260 / 300)
    assert account.avoided_kgco2e == pytest.approx(49.99 + 95.0)


def test_solar_month_without_a_factor_is_a_gap_not_zero():
    months = [EnergyMonth(month=dt.date(2026, 2, 1), kwh=10.0, metered=False)]
    account = solar_avoided(months=months, grid_factors=[OLD_GRID])

    assert account.lines[0].factor is None
    assert account.lines[0].avoided_kgco2e is None
    assert account.uncredited_kwh == 10.0
    assert account.avoided_kgco2e == 0.0


def flow(code, stream, destination, kg, key="", month=dt.date(2026, 3, 1)):
    return WasteFlow(month, code, stream, destination, kg, key)


def test_waste_credits_recycling_and_composting_and_reports_gaps():
    account = waste_avoided(
        flows=[
            flow("pet", "recyclable", "sold", 60.0, "warm_pet"),
            flow("pet", "recyclable", "sold", 40.0, "warm_pet", month=dt.date(2026, 4, 1)),
            flow("pet", "recyclable", "landfill", 10.0, "warm_pet"),
            flow("food_waste", "organic", "composted", 50.0, "food_waste_compost_vs_dump"),
            flow("green_waste", "organic", "composted", 20.0),
            flow("batteries", "hazardous", "hazardous_facility", 5.0),
            flow("general_waste", "general", "landfill", 300.0),
        ],
        factors=[PET, FOOD],
    )
    by_key = {(line.material_code, line.destination): line for line in account.lines}

    # PET: 100 kg x 1.15 = 115 kg avoided; food waste: 50 kg x 0.36 = 18 kg avoided.
    assert by_key["pet", "sold"].mass_kg == pytest.approx(100.0)
    assert by_key["pet", "sold"].avoided_kgco2e == pytest.approx(115.0)
    assert by_key["pet", "sold"].factor is PET
    assert by_key["food_waste", "composted"].avoided_kgco2e == pytest.approx(18.0)
    # Landfilled PET, batteries and general waste are counted but not credited.
    for key in [
        ("pet", "landfill"),
        ("batteries", "hazardous_facility"),
        ("general_waste", "landfill"),
    ]:
        assert by_key[key].credited is False
        assert by_key[key].avoided_kgco2e == 0.0
    assert "hazardous" in by_key["batteries", "hazardous_facility"].reason
    # Garden waste composted should be credited but has no factor: a gap, not zero.
    gap = by_key["green_waste", "composted"]
    assert gap.avoided_kgco2e is None and gap.credited
    assert account.gaps == [gap]
    assert account.avoided_kgco2e == pytest.approx(133.0)
    assert account.mass_kg == pytest.approx(485.0)


def test_same_inputs_give_identical_figures():
    flows = [
        flow("pet", "recyclable", "sold", 12.34, "warm_pet"),
        flow("x", "organic", "composted", 1.0),
    ]
    assert waste_avoided(flows=flows, factors=[PET]) == waste_avoided(
        flows=list(reversed(flows)), factors=[PET]
    )


def test_share_is_none_without_a_whole():
    assert share(1.0, 0.0) is None
    assert share(1.0, 4.0) == 0.25
