"""One function per figure: the map, the staff pages, the API and the report agree on the demo.

Each figure that more than one face shows (operating kWp, CO2e avoided, the factor valid on a
date, the fleet's configuration groups) is computed in one place; these tests read it from every
face and compare.
"""

import datetime as dt
import re
from decimal import Decimal

import pandas as pd
import pytest
from django.utils import timezone

from sustain.core import accounting, pv
from sustain.core.accounting import EnergyMonth, Factor, solar_avoided
from sustain.models import (
    InstallationEstimate,
    InstallationStatus,
    MeterReading,
    SolarInstallation,
)
from sustain.report.figures import report_figures
from sustain.services import figures
from sustain.services.factors import factor_on, factors_all
from sustain.services.solar import weathersets

FY2569_END = dt.date(2026, 9, 30)
AFTER_FY2569 = dt.date(2026, 10, 5)  # the last 12 full months are fiscal 2569


@pytest.fixture
def today(monkeypatch):
    """Set the date every face reads as today."""

    def set_today(day: dt.date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)

    return set_today


def figure(html: str, element_id: str) -> float:
    match = re.search(rf'id="{element_id}"[^>]*>([\d,.]+)<', html)
    assert match, element_id
    return float(match.group(1).replace(",", ""))


# --- Operating kWp ------------------------------------------------------------------------------


def test_operating_kwp_is_the_same_on_every_face(demo_loaded, client, somchai, today):
    report = report_figures(basis="fiscal", year_be=2569, with_previous=False)["solar"]
    today(FY2569_END)
    api = client.get("/api/solar/summary").json()
    assert api["operating_on"] == "2026-09-30"
    api_kwp = sum(row["capacity_kwp"] for row in api["by_building_type"])
    api_count = sum(row["installations"] for row in api["by_building_type"])
    home = client.get("/").context["summary"]
    client.force_login(somchai)
    page = client.get("/manage/solar/")
    operating = page.context["operating"]
    # No demo system was added or removed after fiscal 2569 started... except the three added in
    # it, which operate on its last day too: the period and the day give the same fleet.
    assert report["kwp_operating"] == pytest.approx(631.27)
    for kwp in (api_kwp, float(home.operating_capacity_kwp), float(operating.kwp)):
        assert kwp == pytest.approx(report["kwp_operating"])
    assert api_count == home.operating_installations == operating.installations == 56
    assert report["installations_operating"] == 56
    assert "631.3 kWp" in page.content.decode()


def test_planned_and_decommissioned_systems_count_nowhere(
    client, somchai, municipality, household, school, today
):
    school.status, school.commissioned_on = InstallationStatus.PLANNED, dt.date(2027, 1, 1)
    school.save()
    household.status = InstallationStatus.DECOMMISSIONED
    household.decommissioned_on = dt.date(2026, 3, 31)
    household.save()
    today(dt.date(2026, 6, 1))
    assert figures.operating_capacity(on=dt.date(2026, 6, 1)).installations == 0
    assert client.get("/api/solar/summary").json()["by_building_type"] == []
    assert client.get("/").context["summary"].operating_installations == 0
    client.force_login(somchai)
    assert client.get("/manage/solar/").context["operating"].kwp == 0
    # The household worked until 31 March: it counts on that day and in a period holding it.
    assert figures.operating_capacity(on=dt.date(2026, 3, 31)).kwp == Decimal("5.000")
    january_to_june = figures.installations_operating(
        start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30)
    )
    assert list(january_to_june) == [household]


# --- CO2e avoided -------------------------------------------------------------------------------


def test_co2e_avoided_is_the_same_on_the_map_the_api_the_staff_page_and_the_report(
    demo_loaded, client, somchai, today
):
    today(AFTER_FY2569)
    features = client.get("/api/map/installations.geojson").json()["features"]
    on_map = {f["id"]: f["properties"].get("co2e_avoided_kg") for f in features}
    notes = {f["properties"].get("co2e_factor") for f in features} - {None}
    assert len(notes) == 1 and "0.4999" in notes.pop()  # Oct–Dec 2025 at 0.4999, then 0.475
    estimated = list(InstallationEstimate.objects.values_list("installation_id", flat=True))
    client.force_login(somchai)
    for installation_id in estimated[:5]:
        api = client.get(f"/api/solar/installations/{installation_id}/estimate").json()
        page = client.get(f"/manage/solar/{installation_id}/").content.decode()
        assert api["co2e_avoided_kg"] == on_map[installation_id]
        assert figure(page, "co2e-avoided") == pytest.approx(on_map[installation_id], abs=0.05)

    # The report credits the same months the same way: a building type whose systems all worked
    # through fiscal 2569 without a meter reading avoided the sum of their map figures.
    report = report_figures(basis="fiscal", year_be=2569, with_previous=False)["solar"]
    metered = set(MeterReading.objects.values_list("installation_id", flat=True))
    whole_year = {
        i.pk
        for i in figures.installations_operating(start=dt.date(2025, 10, 1), end=FY2569_END)
        if (i.commissioned_on or FY2569_END) <= dt.date(2025, 10, 1) and not i.decommissioned_on
    }
    compared = 0
    for group in report["by_building_type"]:
        members = list(
            SolarInstallation.objects.filter(building_type=group["key"]).exclude(
                status=InstallationStatus.PLANNED
            )
        )
        if any(m.pk in metered or m.pk not in whole_year for m in members):
            continue
        compared += 1
        on_map_total = sum(on_map[m.pk] for m in members)
        assert group["count"] == len(members)
        assert on_map_total == pytest.approx(group["avoided_kgco2e"], abs=0.05 * len(members))
    assert compared >= 3


def test_a_typical_year_is_credited_as_the_accounting_credits_months():
    grid = [
        Factor("grid_electricity", 0.5, "kgCO2e/kWh", None, dt.date(2025, 12, 31), "old"),
        Factor("grid_electricity", 0.475, "kgCO2e/kWh", dt.date(2026, 1, 1), None, "new"),
    ]
    monthly = [100.0 + 7 * m for m in range(12)]
    credit = figures.typical_year_credit(today=AFTER_FY2569, grid_factors=grid)
    months = [EnergyMonth(m, monthly[m.month - 1], metered=False) for m in credit.months]
    account = solar_avoided(months=months, grid_factors=grid)
    assert credit.months[0] == dt.date(2025, 10, 1) and credit.months[-1] == dt.date(2026, 9, 1)
    assert credit.avoided_kgco2e(monthly) == pytest.approx(account.avoided_kgco2e, rel=1e-12)
    # Both factors, by value, validity and source; not by their code (Thai pages show no codes).
    assert credit.note.count("kgCO2e/kWh") == 2 and "0.475" in credit.note and "old" in credit.note
    assert "grid_electricity" not in credit.note
    # A month without a grid factor is a gap: no figure rather than a smaller one.
    gap = figures.typical_year_credit(today=AFTER_FY2569, grid_factors=grid[1:])
    assert gap.avoided_kgco2e(monthly) is None and not gap.complete


# --- The factor valid on a date -----------------------------------------------------------------


def test_the_factor_valid_on_a_date_is_the_same_everywhere(demo_loaded, client):
    report = report_figures(basis="fiscal", year_be=2569, with_previous=False)
    lines = {
        line["months"][0]: line["factor"]["value"] if line["factor"] else None
        for line in report["solar"]["lines"]
    }
    for day, month in ((dt.date(2025, 12, 31), "2025-10"), (dt.date(2026, 1, 1), "2026-01")):
        service = factor_on(key="grid_electricity", day=day)
        pure = accounting.factor_on(factors_all(), key="grid_electricity", day=day)
        api = client.get(f"/api/factors?kind=grid&valid_on={day.isoformat()}").json()
        api_value = {row["key"]: float(row["value"]) for row in api}["grid_electricity"]
        assert service == pure and service is not None
        assert api_value == service.value == lines[month]
    in_force = {f["key"] for f in report["methodology"]["factors"]}
    assert "grid_electricity_upstream" in in_force  # valid from January 2026, within the period


# --- The fleet's configuration groups -----------------------------------------------------------


def test_stored_estimates_are_the_pure_fleet_estimate(demo_loaded):
    installations = list(SolarInstallation.objects.order_by("id"))
    systems = pd.DataFrame(
        {
            "capacity_kwp": [float(i.capacity_kwp) for i in installations],
            **{c: [getattr(i, c) for i in installations] for c in pv.CONFIG_COLUMNS},
        }
    )
    dataset = weathersets.weather_active()
    assert dataset is not None
    fleet = pv.estimate_fleet(weathersets.weather_load(dataset.pk), systems)
    configs, codes = pv.config_groups(systems)
    assert len(configs) == len(fleet.profiles.configs) < len(installations)
    assert list(codes) == list(fleet.config_index)
    stored = dict(InstallationEstimate.objects.values_list("installation_id", "annual_kwh"))
    for row, installation in enumerate(installations):
        assert stored[installation.pk] == pytest.approx(fleet.annual_kwh[row], abs=0.001)
