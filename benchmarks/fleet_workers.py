"""Benchmark: a 1,000,000-installation fleet recompute split by orientation group over 2 workers.

Run: DATABASE_URL=postgres://… .venv/bin/python benchmarks/fleet_workers.py
     [--installations 1000000] [--workers 2] [--chunk-groups 256] [--upsert 10000 20000]

What the chord does, with the same functions: ``fleet_chunks.fleet_plan`` cuts the fleet's
distinct configurations into chunks of orientation groups; each chunk is computed in one of
``--workers`` worker processes (a process pool standing in for Celery's prefork pool) by
``pv.per_kwp_profiles`` with daily values, as ``fleet_chunk_compute`` does before it stores them.
Prints the wall time, and per worker its chunks, busy time and peak RSS; then the fleet's total
from the chunks' monthly values (every installation counted).

It computes without saving the million rows; saving is shown to be proportional instead: on the
database of DATABASE_URL (a scratch one: it is migrated and filled), ``--upsert`` sizes of
installations get their estimates upserted (``estimates._save_estimates``, first insert, then
update) and their profiles stored (``profiles.profiles_store``), each timed per 10,000 rows.
"""

import argparse
import datetime as dt
import multiprocessing
import os
import resource
import time
from decimal import Decimal

import numpy as np
from _bootstrap import django_start

django_start()

from pv_fleet import diverse_fleet, thai_year  # noqa: E402

from sustain.core import pv  # noqa: E402
from sustain.services.solar import estimates, fleet_chunks  # noqa: E402

_WEATHER: pv.Weather | None = None


def _start_worker() -> None:
    global _WEATHER
    import numba

    numba.set_num_threads(1)  # one core per worker process, as a Celery prefork child
    _WEATHER = thai_year()
    pv.per_kwp_profiles(_WEATHER, [pv.SystemConfig(tilt_deg=10, azimuth_deg=180)])  # numba cache


def compute_chunk(chunk: list[dict]) -> tuple[int, float, float, float, list[str], np.ndarray]:
    """One chunk task's computation; (pid, seconds, peak RSS MiB, CPU s so far, keys, monthly)."""
    assert _WEATHER is not None
    start = time.perf_counter()
    configs = [estimates._config_of(values) for values in chunk]
    result = pv.per_kwp_profiles(_WEATHER, configs, daily=True)
    keys = [repr(c) for c in configs]
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime  # this process's CPU so far (a worker's running total)
    return (
        os.getpid(),
        time.perf_counter() - start,
        usage.ru_maxrss / 1024,
        cpu,
        keys,
        (result.monthly_kwh_per_kwp),
    )


def _ready(_n: int) -> int:
    time.sleep(0.5)  # each worker takes one
    return os.getpid()


def fan_out(systems, workers: int, chunk_groups: int) -> None:
    configs, codes = pv.config_groups(systems)
    start = time.perf_counter()
    chunks = fleet_chunks.fleet_plan(configs, chunk_groups=chunk_groups)
    plan_s = time.perf_counter() - start
    groups = len({(c.tilt_deg, c.azimuth_deg, c.mounting) for c in configs})
    print(f"{len(systems):,} installations, {len(configs):,} configurations, {groups:,} "
          f"orientation groups -> {len(chunks)} chunks of up to {chunk_groups} groups "
          f"(planned in {plan_s:.1f} s)")  # fmt: skip
    annual: dict[str, float] = {}
    per_worker: dict[int, list[float]] = {}
    context = multiprocessing.get_context("spawn")
    start = time.perf_counter()
    with context.Pool(workers, initializer=_start_worker, maxtasksperchild=None) as pool:
        pool.map(_ready, range(workers), chunksize=1)  # workers started (as a running Celery)
        ready = time.perf_counter() - start
        start = time.perf_counter()
        for pid, seconds, rss, cpu, keys, monthly in pool.imap_unordered(compute_chunk, chunks):
            stats = per_worker.setdefault(pid, [0, 0.0, 0.0, 0.0])
            stats[0] += 1
            stats[1] += seconds
            stats[2] = max(stats[2], rss)
            stats[3] = max(stats[3], cpu)
            annual.update(zip(keys, monthly.sum(axis=1), strict=True))
    wall = time.perf_counter() - start
    print(f"wall time {wall:.1f} s on {workers} worker processes ({ready:.1f} s to start them); "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    for pid, (count, busy, rss, cpu) in sorted(per_worker.items()):
        print(f"  worker {pid}: {count} chunks, busy {busy:.1f} s (CPU {cpu:.1f} s, start "
              f"included), peak RSS {rss:.0f} MiB")  # fmt: skip
    per_config = np.array([annual[repr(c)] for c in configs])
    total = float((per_config[codes] * systems["capacity_kwp"].to_numpy()).sum())
    print(f"fleet: {len(systems):,} installations, {total / 1e6:,.1f} GWh a typical year "
          f"({len(annual):,} profiles computed, none missing)")  # fmt: skip


def upserts(sizes: list[int]) -> None:
    """Estimates upserted and profiles stored, each per 10,000 rows, at growing sizes."""
    from django.core.management import call_command
    from django.utils import timezone

    from sustain.models import InstallationEstimate, Municipality, SolarInstallation
    from sustain.services.solar.profiles import Profile, profiles_compute, profiles_store
    from sustain.services.solar.weathersets import weather_default_ensure, weather_load

    call_command("migrate", verbosity=0)
    Municipality.objects.update_or_create(
        pk=Municipality.SINGLETON_ID,
        defaults={"name_th": "เทศบาลตำบลทดสอบ", "population": 50_000,
                  "reference_latitude": 19.72, "reference_longitude": 100.18},
    )  # fmt: skip
    dataset = weather_default_ensure()
    w = weather_load(dataset.pk)
    config = pv.SystemConfig(tilt_deg=15, azimuth_deg=180)
    profile = profiles_compute(w, [config], weather_id=dataset.pk)[config]
    rng = np.random.default_rng(3)
    print("saving (PostgreSQL):" if "postgres" in os.environ.get("DATABASE_URL", "") else "saving:")
    for size in sizes:
        SolarInstallation.objects.all().delete()
        SolarInstallation.objects.bulk_create(
            [SolarInstallation(name=f"s{i}", latitude=19.7, longitude=100.18,
                               capacity_kwp=Decimal("5.00"), tilt_deg=15, azimuth_deg=180,
                               commissioned_on=dt.date(2022, 1, 1)) for i in range(size)],
            batch_size=5000,
        )  # fmt: skip
        installations = list(SolarInstallation.objects.all())
        for label in ("insert", "update"):
            now = timezone.now()
            rows = [estimates._estimate_row(i, profile, dataset, now) for i in installations]
            start = time.perf_counter()
            estimates._save_estimates(rows)
            seconds = time.perf_counter() - start
            print(f"  {size:>7,} estimates upserted ({label}): {seconds:6.2f} s, "
                  f"{seconds / size * 10_000:.2f} s per 10,000 rows")  # fmt: skip
        assert InstallationEstimate.objects.count() == size
        configs = [
            pv.SystemConfig(tilt_deg=float(t), azimuth_deg=float(a))
            for t, a in zip(rng.integers(0, 41, size // 10), rng.integers(0, 360, size // 10),
                            strict=True)
        ]  # fmt: skip
        stored = [
            Profile(config=c, weather_id=dataset.pk, model_version="bench",
                              daily_kwh_per_kwp=profile.daily_kwh_per_kwp,
                              monthly_kwh_per_kwp=profile.monthly_kwh_per_kwp,
                              weather_gaps=profile.weather_gaps)
            for c in dict.fromkeys(configs)
        ]  # fmt: skip
        start = time.perf_counter()
        profiles_store(stored)
        seconds = time.perf_counter() - start
        print(f"  {len(stored):>7,} profiles stored (366 daily values each): {seconds:6.2f} s, "
              f"{seconds / len(stored) * 10_000:.2f} s per 10,000 rows")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--installations", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunk-groups", type=int, default=256)
    parser.add_argument("--upsert", type=int, nargs="*", default=[10_000, 20_000])
    args = parser.parse_args()
    systems = diverse_fleet(args.installations, np.random.default_rng(1_000_000))
    fan_out(systems, args.workers, args.chunk_groups)
    if args.upsert:
        upserts(args.upsert)


if __name__ == "__main__":
    main()
