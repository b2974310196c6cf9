"""Benchmark: one device batch of 1,000 meter readings for 200 installations, through the API.

Run: .venv/bin/python benchmarks/reading_batch.py [--installations 200] [--readings 1000]
Builds the data in a throwaway SQLite database (or DATABASE_URL if set to a scratch database:
its solar tables are emptied first), computes the fleet's estimates (which store the per-kWp
profiles), then times ``POST /api/solar/readings/batch`` with a staff token: the first post
(every reading stored), the same batch again (every reading unchanged) and a corrected one
(every reading updated). It then checks every stored expected kWh against the computation used
before the profiles were stored (the hourly chain run for the reading's configuration alone).
Target on a 2-core machine: 2 s or less per batch, on SQLite and on PostgreSQL.
"""

import argparse
import datetime as dt
import json
import os
import random
import time
from decimal import Decimal

from _bootstrap import django_start, scratch_database

scratch_database()
django_start()

import pandas as pd  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from sustain.core import pv  # noqa: E402
from sustain.models import (  # noqa: E402
    EstimateRun,
    MeterReading,
    Municipality,
    SolarInstallation,
)
from sustain.services import tokens  # noqa: E402
from sustain.services.groups import staff_group_ensure  # noqa: E402
from sustain.services.solar import estimates  # noqa: E402
from sustain.services.solar.profiles import daily_kwh_per_kwp  # noqa: E402
from sustain.services.solar.weathersets import weather_default_ensure, weather_load  # noqa: E402

LAT, LON = 19.72, 100.18
TILTS = [5, 10, 12, 15, 20, 25]
AZIMUTHS = [90, 135, 165, 180, 195, 225, 270]


def build(installations: int, rng: random.Random) -> tuple[list[SolarInstallation], str]:
    MeterReading.objects.all().delete()
    SolarInstallation.objects.all().delete()
    Municipality.objects.update_or_create(
        pk=Municipality.SINGLETON_ID,
        defaults={"name_th": "เทศบาลตำบลทดสอบ", "reference_latitude": LAT,
                  "reference_longitude": LON},
    )  # fmt: skip
    weather = weather_default_ensure()
    rows = [
        SolarInstallation(
            name=f"ระบบ {i}", building_type="household", latitude=LAT, longitude=LON,
            capacity_kwp=Decimal(rng.choice(["3.00", "5.00", "10.00"])),
            tilt_deg=rng.choice(TILTS), azimuth_deg=rng.choice(AZIMUTHS),
            mounting=rng.choice(["roof", "roof", "open_rack"]),
            module_type=rng.choice(["standard", "standard", "premium"]),
            commissioned_on=dt.date(2022, 1, 1),
        )
        for i in range(installations)
    ]  # fmt: skip
    SolarInstallation.objects.bulk_create(rows)
    run = EstimateRun.objects.create(weather=weather, reason="benchmark")
    estimates.fleet_refresh(run_id=run.pk)
    user, _created = User.objects.get_or_create(username="bench-staff", is_staff=True)
    user.groups.add(staff_group_ensure())
    _token, raw = tokens.token_create(user=user, name="benchmark")
    return list(SolarInstallation.objects.order_by("pk")), raw


def batch(installations: list[SolarInstallation], readings: int, scale: str) -> list[dict]:
    """``readings`` monthly readings spread over the installations, from January 2024 on."""
    months = -(-readings // len(installations))
    items = []
    for installation in installations:
        energy = (Decimal(scale) * installation.capacity_kwp * 100).quantize(Decimal("0.001"))
        for m in range(months):
            start = (pd.Timestamp("2024-01-01") + pd.DateOffset(months=m)).date()
            end = (pd.Timestamp(start) + pd.offsets.MonthEnd(0)).date()
            items.append({
                "installation_id": installation.pk, "period_start": start.isoformat(),
                "period_end": end.isoformat(),
                "energy_kwh": str(energy),
            })  # fmt: skip
    return items[:readings]


def post(client: Client, raw: str, items: list[dict]) -> tuple[float, dict]:
    start = time.perf_counter()
    response = client.post(
        "/api/solar/readings/batch", data=json.dumps({"items": items}),
        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}",
    )  # fmt: skip
    seconds = time.perf_counter() - start
    assert response.status_code == 200, response.content[:500]
    return seconds, response.json()


def old_expected(reading: MeterReading, cache: dict) -> float:
    """The computation before stored profiles: the chain run for this configuration alone."""
    installation = reading.installation
    config = estimates.installation_config(installation)
    if config not in cache:
        w = weather_load(reading.expected_weather_id)
        cache[config] = daily_kwh_per_kwp(w, pv.per_kwp_profiles(w, [config]))[0]
    days = pd.date_range(reading.period_start, reading.period_end, freq="D")
    keys = [(d.month, 28 if (d.month, d.day) == (2, 29) else d.day) for d in days]
    daily = cache[config]
    return round(
        float(
            daily.reindex(pd.MultiIndex.from_tuples(keys)).sum() * float(installation.capacity_kwp)
        ),
        3,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--installations", type=int, default=200)
    parser.add_argument("--readings", type=int, default=1000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    installations, raw = build(args.installations, random.Random(5))
    engine = os.environ["DATABASE_URL"].split(":")[0]
    configs = len({estimates.installation_config(i) for i in installations})
    print(f"{args.readings:,} readings for {len(installations)} installations "
          f"({configs} configurations), {engine}")  # fmt: skip
    client = Client(HTTP_HOST="127.0.0.1")
    client.get("/api/villages")  # a running server has loaded its URLs and views already
    for label, scale, status in (
        ("first post (stored)", "1.00", "stored"),
        ("same batch again (unchanged)", "1.00", "unchanged"),
        ("corrected batch (updated)", "1.10", "updated"),
    ):
        seconds, body = post(client, raw, batch(installations, args.readings, scale))
        assert body[status] == args.readings, (
            body["results"][0],
            {k: body[k] for k in ("stored", "updated", "unchanged", "refused")},
        )
        print(f"  {label:<32} {seconds:6.2f} s  (target 2 s)")  # fmt: skip
    cache: dict = {}
    stored = list(MeterReading.objects.select_related("installation"))
    start = time.perf_counter()
    old = old_expected(stored[0], {})
    per_reading = time.perf_counter() - start
    same = sum(r.expected_kwh == old_expected(r, cache) for r in stored)
    print(f"  expected kWh identical to the per-reading chain: {same}/{len(stored)} "
          f"(that chain: {per_reading:.2f} s per reading, e.g. {old} kWh)")  # fmt: skip
    assert same == len(stored)


if __name__ == "__main__":
    main()
