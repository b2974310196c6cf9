"""Buddhist-era years, fiscal years, and BE date entry."""

import datetime as dt

import pytest
from django.utils import translation

from sustain.core import thaidates
from sustain.forms import EraDateField, EraDateInput
from sustain.templatetags.thai import era_date, era_year


def test_fiscal_year_is_named_by_the_be_year_it_ends_in():
    assert thaidates.fiscal_year_bounds(2567) == (dt.date(2023, 10, 1), dt.date(2024, 9, 30))
    assert thaidates.fiscal_year_ce(dt.date(2023, 9, 30)) == 2023
    assert thaidates.fiscal_year_ce(dt.date(2023, 10, 1)) == 2024
    assert thaidates.be_year(thaidates.fiscal_year_ce(dt.date(2024, 9, 30))) == 2567


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("01/10/2567", dt.date(2024, 10, 1)),
        ("1/10/2024", dt.date(2024, 10, 1)),
        ("2567-10-01", dt.date(2024, 10, 1)),
        ("2024-10-01", dt.date(2024, 10, 1)),
        ("29.02.2567", dt.date(2024, 2, 29)),
    ],
)
def test_dates_typed_in_either_era_are_stored_in_ce(typed, stored):
    assert EraDateField().clean(typed) == stored


@pytest.mark.parametrize("typed", ["31/02/2567", "2567", "next tuesday", "01/13/2024"])
def test_unreadable_dates_are_refused(typed):
    from django.core.exceptions import ValidationError

    with translation.override("en"), pytest.raises(ValidationError, match="day/month/year"):
        EraDateField().clean(typed)


def test_dates_are_shown_in_be_on_thai_pages_and_ce_in_english():
    day = dt.date(2026, 11, 23)
    with translation.override("th"):
        assert era_date(day) == "23 พ.ย. 2569"
        assert era_year(day) == "2569"
        assert EraDateInput().format_value(day) == "23/11/2569"
    with translation.override("en"):
        assert era_year(day) == "2026"
        assert EraDateInput().format_value(day) == "23/11/2026"
        assert "2026" in era_date(day)


def test_thai_digits_and_full_memo_date():
    from sustain.core.thaidates import format_thai_date_full, thai_digits

    assert format_thai_date_full(dt.date(2023, 10, 4)) == "4 ตุลาคม 2566"
    assert (
        thai_digits("4 ตุลาคม 2566, 1,234.5 kWh, 3.2 tCO2e")
        == "๔ ตุลาคม ๒๕๖๖, ๑,๒๓๔.๕ kWh, ๓.๒ tCO2e"
    )
