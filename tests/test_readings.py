"""Meter readings from stored per-kWp profiles: the same expected kWh as running the hourly chain
for each reading, device batches item by item, and who wrote them."""

import datetime as dt
import random
from decimal import Decimal
from typing import Any

import pandas as pd
import pytest

from sustain.core import pv
from sustain.models import EstimateRun, MeterReading, SolarInstallation
from sustain.services.solar import estimates, readings, weathersets
from sustain.services.solar.profiles import daily_kwh_per_kwp
from sustain.services.solar.readings import ReadingItem


@pytest.fixture
def fleet(municipality) -> list[SolarInstallation]:
    """Twelve installations of varied configurations, with their estimates (and profiles)."""
    rng = random.Random(3)
    rows = [
        SolarInstallation(
            name=f"ระบบ {i}", building_type="household", latitude=19.717, longitude=100.18,
            capacity_kwp=Decimal(rng.choice(["2.50", "5.00", "12.75"])),
            tilt_deg=rng.choice([5, 12.5, 20]), azimuth_deg=rng.choice([95, 180, 250]),
            mounting=rng.choice(["roof", "open_rack"]),
            module_type=rng.choice(["standard", "premium", "thin_film"]),
            losses_pct=rng.choice([14.08, 10.0]), dc_ac_ratio=rng.choice([1.2, 1.1]),
        )
        for i in range(12)
    ]  # fmt: skip
    SolarInstallation.objects.bulk_create(rows)
    run = EstimateRun.objects.create(weather=weathersets.weather_default_ensure())
    estimates.fleet_refresh(run_id=run.pk)
    return list(SolarInstallation.objects.order_by("pk"))


def chain_expected_kwh(installation: SolarInstallation, start: dt.date, end: dt.date) -> float:
    """The computation before profiles were stored: the hourly chain for this one reading."""
    w = weathersets.weather_load(weathersets.weather_applied().pk)
    config = estimates.installation_config(installation)
    daily = daily_kwh_per_kwp(w, pv.per_kwp_profiles(w, [config]))[0]
    days = pd.date_range(start, end, freq="D")
    keys = [(d.month, 28 if (d.month, d.day) == (2, 29) else d.day) for d in days]
    total = daily.reindex(pd.MultiIndex.from_tuples(keys)).sum()
    return float(total * float(installation.capacity_kwp))


PERIODS = [
    (dt.date(2024, 1, 1), dt.date(2024, 1, 31)),
    (dt.date(2024, 2, 1), dt.date(2024, 2, 29)),  # a leap day
    (dt.date(2024, 3, 5), dt.date(2024, 3, 5)),  # one day
    (dt.date(2024, 12, 20), dt.date(2025, 1, 10)),  # across the year end
    (dt.date(2025, 4, 1), dt.date(2025, 6, 30)),  # a quarter
]


def test_expected_kwh_from_stored_profiles_equals_the_per_reading_chain(fleet, somchai):
    items = [
        ReadingItem(installation_id=i.pk, period_start=start, period_end=end,
                    energy_kwh=Decimal("100.500"))
        for i in fleet
        for start, end in PERIODS
    ]  # fmt: skip
    outcomes = readings.reading_upsert(items=items, actor=somchai)
    assert [o.status for o in outcomes] == ["stored"] * len(items)
    stored = MeterReading.objects.select_related("installation")
    assert stored.count() == len(items)
    for reading in stored:
        expected = chain_expected_kwh(reading.installation, reading.period_start,
                                      reading.period_end)  # fmt: skip
        assert reading.expected_kwh == round(expected, 3), reading.period_start
        assert reading.performance_ratio == round(100.5 / expected, 4)
    # One reading through the staff path gives the same figure too.
    single = readings.reading_save(reading=MeterReading(
        installation=fleet[0], period_start=dt.date(2023, 7, 1), period_end=dt.date(2023, 7, 31),
        energy_kwh=Decimal("9")))  # fmt: skip
    assert single.expected_kwh == round(
        chain_expected_kwh(fleet[0], dt.date(2023, 7, 1), dt.date(2023, 7, 31)), 3
    )


def test_a_batch_reports_each_item_and_keeps_who_sent_it(fleet, somchai, english):
    house, other = fleet[0], fleet[1]
    jan = (dt.date(2025, 1, 1), dt.date(2025, 1, 31))
    items = [
        ReadingItem(house.pk, *jan, Decimal("500"), meter_register_kwh=Decimal("9000")),
        ReadingItem(other.pk, *jan, Decimal("700")),
        ReadingItem(house.pk, *jan, Decimal("510"), meter_register_kwh=Decimal("9010")),
        ReadingItem(house.pk, dt.date(2025, 1, 20), dt.date(2025, 2, 5), Decimal("1")),
        ReadingItem(house.pk, dt.date(2025, 2, 1), dt.date(2025, 2, 28), Decimal("400"),
                    meter_register_kwh=Decimal("8000")),
        ReadingItem(424242, *jan, Decimal("1")),
        ReadingItem(other.pk, dt.date(2025, 3, 31), dt.date(2025, 3, 1), Decimal("1")),
        ReadingItem(other.pk, dt.date(2025, 3, 1), dt.date(2025, 3, 31), Decimal("-1")),
    ]  # fmt: skip
    outcomes = readings.reading_upsert(items=items, actor=somchai)
    assert [o.status for o in outcomes] == [
        "stored", "stored", "updated", "refused", "refused", "refused", "refused", "refused",
    ]  # fmt: skip
    assert outcomes[0].reading_id == outcomes[2].reading_id  # the same period, corrected
    errors: list[Any] = [o.error.message_dict if o.error else None for o in outcomes]
    assert "overlaps the reading of 2025-01-01 to 2025-01-31" in errors[3]["period_start"][0]
    assert "runs backwards: 8000 kWh is below 9010" in errors[4]["meter_register_kwh"][0]
    assert errors[5] == {"installation_id": ["No installation with this id."]}
    assert "on or after period start" in errors[6]["period_end"][0]
    assert "energy_kwh" in errors[7]
    stored = MeterReading.objects.get(installation=house)
    assert (stored.energy_kwh, stored.meter_register_kwh) == (Decimal("510"), Decimal("9010"))
    assert stored.source == "device" and (stored.expected_kwh or 0) > 0
    assert MeterReading.objects.count() == 2
    assert stored.history.get().history_user == somchai  # one history row: created as sent

    again = readings.reading_upsert(items=items[1:3], actor=somchai)
    assert [o.status for o in again] == ["unchanged", "unchanged"]
    corrected = readings.reading_upsert(
        items=[ReadingItem(other.pk, *jan, Decimal("710"))], actor=somchai
    )
    assert corrected[0].status == "updated"
    changed = MeterReading.objects.get(installation=other)
    assert changed.energy_kwh == Decimal("710") and changed.updated_at > changed.created_at
    assert [h.history_type for h in changed.history.order_by("history_date")] == ["+", "~"]
    assert changed.history.latest().history_user == somchai
    assert changed.performance_ratio == round(710 / (changed.expected_kwh or 0), 4)


def test_the_api_batch_never_answers_with_a_database_error(client, somchai, fleet):
    from sustain.services import tokens

    token = tokens.token_create(user=somchai)[1]
    body = {"items": [
        {"installation_id": fleet[0].pk, "period_start": "2025-01-01", "period_end": "2025-01-31",
         "energy_kwh": "1.000"},
        {"installation_id": fleet[0].pk, "period_start": "2025-01-01", "period_end": "2025-01-31",
         "energy_kwh": "2.000"},
        {"installation_id": fleet[0].pk, "period_start": "2025-01-10", "period_end": "2025-01-12",
         "energy_kwh": "2.000"},
    ]}  # fmt: skip
    response = client.post("/api/solar/readings/batch", data=body, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {token}")  # fmt: skip
    assert response.status_code == 200
    result = response.json()
    assert [r["status"] for r in result["results"]] == ["stored", "updated", "refused"]
    assert result["results"][0]["id"] == result["results"][1]["id"] is not None
    assert result["results"][2]["errors"][0]["code"] == "period_overlap"
