"""Benchmark: the public map's GeoJSON at province scale. Prints, for 20,000 installations (each
with an estimate whose weather year carries a ~50 kB hourly blob) and 80,000 waste points
(100,000 sites): the cold build time (the slowest of --colds builds), the bytes transferred
(Brotli, gzip, uncompressed), the warm server time (cache hit) and the 304 time, beside the
targets of issue 17.

Run (PostgreSQL and Redis, as in production; the database is filled once and reused):
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/sustain_bench \
  CACHE_URL=redis://127.0.0.1:6379/12 .venv/bin/python benchmarks/geojson_scale.py \
  [--installations 20000] [--points 80000]
Times are measured inside the process (Django's test client: every middleware, no network).
"""

import argparse
import gzip
import os
import random
import statistics
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from _bootstrap import django_start

os.environ.setdefault("PUBLIC_PAGE_RATE", "1000000/min")
os.environ.setdefault("API_PUBLIC_RATE", "1000000/min")
os.environ.setdefault("MAP_TILES_URL", "")
django_start()

import brotli  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Model  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from sustain.models import (  # noqa: E402
    InstallationEstimate,
    Municipality,
    SolarInstallation,
    Village,
    WastePoint,
    WeatherDataset,
)

INSTALLATIONS = "/api/map/installations.geojson"
POINTS = "/api/map/waste-points.geojson"
KINDS = ["drop_off_bin", "waste_bank", "sorting_station"]


def fill(n_installations: int, n_points: int) -> None:
    rng = random.Random(17)
    if not Municipality.objects.exists():
        Municipality.objects.create(
            name_th="ทดสอบ", reference_latitude=19.717, reference_longitude=100.18
        )
    villages = list(Village.objects.order_by("moo"))
    if not villages:
        villages = [Village.objects.create(moo=m, name_th=f"หมู่ {m}") for m in range(1, 21)]
    weather = WeatherDataset.objects.filter(applied=True).defer("hourly_npz").first()
    if weather is None:
        weather = WeatherDataset.objects.create(
            name="bench year", source_format="default", description="benchmark", latitude=19.7,
            longitude=100.2, hours=8760, annual_ghi_kwh_m2=1800, active=True, applied=True,
            hourly_npz=rng.randbytes(50_000),
        )  # fmt: skip

    def spot() -> tuple[float, float]:  # a province: about 100 km across
        return 19.7 + rng.uniform(-0.45, 0.45), 100.2 + rng.uniform(-0.45, 0.45)

    def top_up(model: type[Model], wanted: int, what: str, row: Callable[[int], Model]) -> list:
        """Rows created (in batches) until the table holds ``wanted``."""
        missing = wanted - model._default_manager.count()
        if missing <= 0:
            return []
        print(f"creating {missing} {what} …", flush=True)
        rows = [row(i) for i in range(missing)]
        return model._default_manager.bulk_create(rows, batch_size=2000)

    def installation(i: int) -> SolarInstallation:
        lat, lon = spot()
        return SolarInstallation(
            name=f"ระบบ {i}", building_type=rng.choice(["household"] * 7 + ["school", "temple",
            "office"]), latitude=lat, longitude=lon, village=rng.choice(villages),
            capacity_kwp=Decimal(rng.choice(["3", "5", "10", "30"])),
            tilt_deg=rng.randint(0, 40), azimuth_deg=rng.randint(0, 359),
            commissioned_on=timezone.localdate().replace(year=2024), owner_name=f"เจ้าของ {i}",
        )  # fmt: skip

    def point(i: int) -> WastePoint:
        lat, lon = spot()
        return WastePoint(
            name=f"จุด {i}", kind=rng.choice(KINDS), latitude=lat, longitude=lon,
            accepted_materials=rng.sample(["plastic_bottles", "cans", "paper", "glass"], 2),
            opening_hours=rng.choice(["24/7", "Mo-Fr 08:00-16:30", ""]),
            village=rng.choice(villages),
        )  # fmt: skip

    created = top_up(
        SolarInstallation, n_installations, "installations with estimates", installation
    )
    now = timezone.now()
    estimates = [
        InstallationEstimate(
            installation=inst, weather=weather, model_version="bench",
            annual_kwh=float(inst.capacity_kwp) * 1400,
            monthly_kwh=[round(float(inst.capacity_kwp) * 117, 3)] * 12,
            specific_yield_kwh_per_kwp=1400, inputs={}, computed_at=now,
        )
        for inst in created
    ]  # fmt: skip
    InstallationEstimate.objects.bulk_create(estimates, batch_size=2000)
    top_up(WastePoint, n_points, "waste points", point)


def _get(client: Client, url: str, **headers: str) -> tuple[float, int, bytes, Any]:
    start, cpu = time.perf_counter(), time.process_time()
    response = client.get(url, headers=headers)
    elapsed = time.perf_counter() - start
    response.cpu_s = time.process_time() - cpu  # type: ignore[attr-defined]
    return elapsed, response.status_code, response.content, response


def measure(client: Client, url: str, repeat: int, colds: int) -> dict[str, Any]:
    builds = []
    for _ in range(colds):  # the answer built from nothing, as after a write: `colds` times
        cache.clear()
        builds.append(_get(client, url, **{"Accept-Encoding": "gzip, br"}))
    cold, status, body, response = max(builds, key=lambda build: build[0])
    assert status == 200 and response["Content-Encoding"] == "br", (status, response.headers)
    raw = brotli.decompress(body)
    gz = _get(client, url, **{"Accept-Encoding": "gzip"})[2]
    assert gzip.decompress(gz) == raw
    hits = [_get(client, url, **{"Accept-Encoding": "gzip, br"}) for _ in range(repeat)]
    warm = [hit[0] for hit in hits]
    etag = response["ETag"]
    not_modified, not_modified_cpu = [], []
    for _ in range(repeat):
        elapsed, status, _body, r = _get(client, url, **{"If-None-Match": etag})
        assert status == 304
        not_modified.append(elapsed)
        not_modified_cpu.append(r.cpu_s)
    return {
        "cold_s": cold,
        "colds": sorted(f"{b[0]:.2f} s ({b[3].cpu_s:.2f} CPU)" for b in builds),
        "cold_cpu_s": response.cpu_s,
        "raw_mb": len(raw) / 1e6,
        "br_mb": len(body) / 1e6,
        "gzip_mb": len(gz) / 1e6,
        "warm_ms": statistics.median(warm) * 1000,
        "warm_p99_ms": sorted(warm)[int(0.99 * (len(warm) - 1))] * 1000,
        "304_ms": statistics.median(not_modified) * 1000,
        "warm_cpu_ms": statistics.median(hit[3].cpu_s for hit in hits) * 1000,
        "304_cpu_ms": statistics.median(not_modified_cpu) * 1000,
    }


def old_query_s() -> tuple[float, float]:
    """What the map's query cost before (every column, the weather blob on every row) and now."""
    from sustain.api.maps import installations_for_map

    start = time.perf_counter()
    old = list(SolarInstallation.objects.select_related("village", "estimate__weather"))
    middle = time.perf_counter()
    new = list(installations_for_map())
    end = time.perf_counter()
    assert len(old) == len(new)
    return middle - start, end - middle


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--installations", type=int, default=20_000)
    parser.add_argument("--points", type=int, default=80_000)
    parser.add_argument("--repeat", type=int, default=30, help="warm and 304 requests")
    parser.add_argument("--colds", type=int, default=3, help="cold builds (the slowest counts)")
    parser.add_argument("--skip-old", action="store_true", help="skip the old query's timing")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("note: DATABASE_URL is not PostgreSQL; the targets are for PostgreSQL")
    call_command("migrate", verbosity=0)
    fill(args.installations, args.points)
    n_inst = SolarInstallation.objects.count()
    n_points = WastePoint.objects.filter(active=True).count()
    print(
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (CPU s: this "
        "process's own CPU time, which other work on the machine does not stretch)"
    )
    print(f"database: {connection.vendor}, cache: {cache.__class__.__name__}; "
          f"{n_inst} installations, {n_points} active waste points")  # fmt: skip
    client = Client(HTTP_HOST="127.0.0.1")
    client.get("/api/villages")  # a running server has imported and compiled everything once
    results = {u: measure(client, u, args.repeat, args.colds) for u in (INSTALLATIONS, POINTS)}
    print(f"\n{'answer':32} {'cold s':>7} {'CPU s':>6} {'raw MB':>7} {'br MB':>6} {'gzip MB':>7} "
          f"{'warm ms':>7} {'p99 ms':>7} {'304 ms':>6}")  # fmt: skip
    for url, r in results.items():
        print(f"{url:32} {r['cold_s']:7.2f} {r['cold_cpu_s']:6.2f} {r['raw_mb']:7.2f} "
              f"{r['br_mb']:6.2f} {r['gzip_mb']:7.2f} {r['warm_ms']:7.1f} {r['warm_p99_ms']:7.1f} "
              f"{r['304_ms']:6.1f}")  # fmt: skip
    for url, r in results.items():
        print(f"  {url}: {args.colds} cold builds, slowest shown above: {', '.join(r['colds'])}")
    print("\nCPU per request in this process (median ms; 2 cores serve about 2000 / this):")
    for url, r in results.items():
        print(f"  {url:32} hit {r['warm_cpu_ms']:6.1f}   304 {r['304_cpu_ms']:6.1f}")
    for url in ("/", "/api/solar/summary"):
        client.get(url)
        cpu = statistics.median(_get(client, url, **{"Accept-Encoding": "gzip, br"})[3].cpu_s
                                for _ in range(args.repeat)) * 1000  # fmt: skip
        print(f"  {url:32} {cpu:6.1f}")
    first = _get(client, "/", **{"Accept-Encoding": "gzip, br"})[3]
    etag = {"If-None-Match": first["ETag"]}
    revalidated = [_get(client, "/", **etag) for _ in range(args.repeat)]
    assert {r[1] for r in revalidated} == {304}, "the home page is revalidated with a 304"
    cpu = statistics.median(r[3].cpu_s for r in revalidated) * 1000
    print(f"  {'/ (304)':32} {cpu:6.1f}   page {len(first.content) / 1000:.1f} kB Brotli")
    inst, points = results[INSTALLATIONS], results[POINTS]
    both_br = inst["br_mb"] + points["br_mb"]
    print("\ntargets (issue 17):")
    print(f"  installations cold build ≤ 1 s: {inst['cold_s']:.2f} s "
          f"({'met' if inst['cold_s'] <= 1 else 'NOT met'})")  # fmt: skip
    print(
        f"  installations transferred ≤ 1.5 MB: {inst['br_mb']:.2f} MB Brotli, "
        f"{inst['gzip_mb']:.2f} MB gzip ({'met' if inst['br_mb'] <= 1.5 else 'NOT met'})"
    )
    slowest_warm = max(inst["warm_ms"], points["warm_ms"], inst["304_ms"], points["304_ms"])
    print(f"  {n_inst + n_points} sites warm ≤ 50 ms: slowest median {slowest_warm:.1f} ms "
          f"({'met' if slowest_warm <= 50 else 'NOT met'})")  # fmt: skip
    print(f"  {n_inst + n_points} sites cold transfer ≤ 5 MB: {both_br:.2f} MB Brotli "
          f"({'met' if both_br <= 5 else 'NOT met'})")  # fmt: skip
    if not args.skip_old:
        old, new = old_query_s()
        print(
            f"\nthe installations query: {old:.2f} s with every column and the weather blob "
            f"(before), {new:.2f} s with only the map's columns (now), {old / new:.0f} ×"
        )


if __name__ == "__main__":
    main()
