"""Household bills worked by hand from the published PEA residential tables (domain.md §7).

Every expected amount below is written out line by line from the tariff table, rounded to the
satang as a bill prints it: energy (sum of the blocks), service charge, Ft (kWh × Ft), VAT 7 % of
their sum, total.
"""

from decimal import Decimal as D

import pytest

from sustain.core import tariff

SCHEDULE_1_1 = tariff.Schedule(
    code="1.1",
    blocks=tariff.parse_blocks(
        "1-15 2.3488\n16-25 2.9882\n26-35 3.2405\n36-100 3.6237\n101-150 3.7171\n"
        "151-400 4.2218\n401+ 4.4217"
    ),
    service_thb_per_month=D("8.19"),
)
SCHEDULE_1_2 = tariff.Schedule(
    code="1.2",
    blocks=tariff.parse_blocks("1-150 3.2484\n151-400 4.2218\n401+ 4.4217"),
    service_thb_per_month=D("24.62"),
)
FT_2025 = D("0.1972")  # May–December 2025


def bill(kwh, schedule, ft=FT_2025):
    return tariff.monthly_bill(kwh=D(kwh), schedule=schedule, ft_thb_per_kwh=ft)


def test_120_kwh_house_on_1_1():
    # 15 × 2.3488 = 35.2320; 10 × 2.9882 = 29.8820; 10 × 3.2405 = 32.4050;
    # 65 × 3.6237 = 235.5405; 20 × 3.7171 = 74.3420  -> 407.4015 -> 407.40
    # Ft 120 × 0.1972 = 23.664 -> 23.66; 407.40 + 8.19 + 23.66 = 439.25; VAT 30.7475 -> 30.75
    b = bill(120, SCHEDULE_1_1)
    assert [line.kwh for line in b.lines] == [15, 10, 10, 65, 20]
    assert (b.energy_thb, b.service_thb, b.ft_thb, b.vat_thb) == (
        D("407.40"),
        D("8.19"),
        D("23.66"),
        D("30.75"),
    )
    assert b.total_thb == D("470.00")


def test_350_kwh_house_on_1_2():
    # 150 × 3.2484 = 487.26; 200 × 4.2218 = 844.36 -> 1,331.62; service 24.62;
    # Ft 350 × 0.1972 = 69.02; subtotal 1,425.26; VAT 99.7682 -> 99.77
    b = bill(350, SCHEDULE_1_2)
    assert (b.energy_thb, b.service_thb, b.ft_thb, b.vat_thb) == (
        D("1331.62"),
        D("24.62"),
        D("69.02"),
        D("99.77"),
    )
    assert b.total_thb == D("1525.03")


def test_use_falling_across_block_boundaries_after_solar():
    # 1.2 house from 450 kWh to 180 kWh: leaves the 401+ block and most of 151–400.
    # 450: 487.26 + 250 × 4.2218 (1,055.45) + 50 × 4.4217 (221.085) = 1,763.795 -> 1,763.80;
    #      Ft 88.74; subtotal 1,877.16; VAT 131.4012 -> 131.40; total 2,008.56
    # 180: 487.26 + 30 × 4.2218 (126.654) = 613.914 -> 613.91; Ft 35.496 -> 35.50;
    #      subtotal 674.03; VAT 47.1821 -> 47.18; total 721.21
    before, after = bill(450, SCHEDULE_1_2), bill(180, SCHEDULE_1_2)
    assert before.total_thb == D("2008.56") and after.total_thb == D("721.21")
    saved = before.total_thb - after.total_thb
    assert saved == D("1287.35")
    # The 270 kWh saved are the dearest ones: 50 at 4.4217 and 220 at 4.2218, plus Ft and VAT.
    marginal = (50 * D("4.4217") + 220 * D("4.2218") + 270 * FT_2025) * D("1.07")
    assert abs(saved - marginal) <= D("0.02")
    # 1.1 house from 140 kWh to 30 kWh: 481.7435 -> 481.74, Ft 27.61, VAT 36.2278 -> 553.77;
    # 30 kWh: 35.232 + 29.882 + 5 × 3.2405 = 81.3165 -> 81.32, Ft 5.92, VAT 6.6801 -> 102.11
    assert bill(140, SCHEDULE_1_1).total_thb == D("553.77")
    assert bill(30, SCHEDULE_1_1).total_thb == D("102.11")


def test_zero_use_pays_the_service_charge_and_negative_use_is_refused():
    # 8.19 + VAT 0.5733 -> 0.57 = 8.76;  24.62 + VAT 1.7234 -> 1.72 = 26.34
    assert bill(0, SCHEDULE_1_1).total_thb == D("8.76")
    assert bill(0, SCHEDULE_1_2).total_thb == D("26.34")
    assert bill(0, SCHEDULE_1_1).lines == ()
    assert tariff.minimum_bill_thb(SCHEDULE_1_2) == D("26.34")
    with pytest.raises(ValueError, match="cannot be negative"):
        bill(-5, SCHEDULE_1_1)


def test_a_month_with_a_different_ft():
    # 350 kWh on 1.2 with Ft 0.3972: Ft 139.02; subtotal 1,495.26; VAT 104.6682 -> 104.67
    assert bill(350, SCHEDULE_1_2, D("0.3972")).total_thb == D("1599.93")
    # with a negative Ft of −0.1000: Ft −35.00; subtotal 1,321.24; VAT 92.4868 -> 92.49
    assert bill(350, SCHEDULE_1_2, D("-0.1")).total_thb == D("1413.73")


def test_fractional_units_are_priced_in_their_block():
    # 15.5 kWh on 1.1: 15 × 2.3488 + 0.5 × 2.9882 = 36.7261 -> 36.73
    b = bill("15.5", SCHEDULE_1_1, D(0))
    assert b.energy_thb == D("36.73")


def test_bill_back_to_kwh():
    assert tariff.kwh_for_bill(
        total_thb=470.00, schedule=SCHEDULE_1_1, ft_thb_per_kwh=FT_2025
    ) == pytest.approx(120, abs=0.01)
    assert tariff.kwh_for_bill(
        total_thb=1525.03, schedule=SCHEDULE_1_2, ft_thb_per_kwh=FT_2025
    ) == pytest.approx(350, abs=0.01)
    with pytest.raises(ValueError, match="below the service charge"):
        tariff.kwh_for_bill(total_thb=1, schedule=SCHEDULE_1_1, ft_thb_per_kwh=FT_2025)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("1-15 2.3\n17-25 2.9\n26+ 3", "block 2 must start at unit 16"),
        ("1-15 2.3\n10-25 2.9\n26+ 3", "block 2 must start at unit 16"),
        ("1-15 2.3\n16-25 2.9", "last block must be open-ended"),
        ("2-15 2.3\n16+ 2.9", "block 1 must start at unit 1"),
        ("1-15 2.3\n16+ 2.9\n30+ 3", "only the last block may be open-ended"),
        ("1-15 two baht", "line 1"),
        ("", "at least one block"),
    ],
)
def test_blocks_that_do_not_read_as_a_tariff_table_are_refused(text, problem):
    with pytest.raises(ValueError, match=problem):
        tariff.parse_blocks(text)


def test_blocks_round_trip():
    text = tariff.format_blocks(SCHEDULE_1_1.blocks)
    assert text.splitlines()[0] == "1-15 2.3488" and text.splitlines()[-1] == "401+ 4.4217"
    assert tariff.parse_blocks(text) == SCHEDULE_1_1.blocks
