"""Benchmark: the fleet estimate for 10,000 and 100,000 installations, against ModelChain.

Run: .venv/bin/python benchmarks/pv_fleet.py [--sizes 10000 100000] [--configs 300]
Prints wall time, peak memory (tracemalloc of the estimate, and the process's max RSS) and the
ratio to pvlib's ModelChain run one system at a time (timed on a sample, extrapolated).
Targets on a 2-core machine: 10,000 in 2 s or less; 100,000 in 10 s or less within 2 GB.
"""

import argparse
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sustain.settings")

from sustain.core import pv, weather

TILTS = [3, 5, 8, 10, 12, 15, 18, 20, 22, 25, 30, 35]
AZIMUTHS = [90, 100, 110, 120, 135, 150, 165, 170, 180, 190, 195, 210, 225, 240, 255, 270]


def config_catalogue(n: int, rng: np.random.Generator) -> pd.DataFrame:
    """``n`` distinct configurations as a municipality would have them."""
    seen: set[tuple] = set()
    rows: list[tuple] = []
    while len(rows) < n:
        row = (
            float(rng.choice(TILTS)),
            float(rng.choice(AZIMUTHS)),
            "roof" if rng.random() < 0.85 else "open_rack",
            rng.choice(["standard", "premium", "thin_film"], p=[0.8, 0.15, 0.05]),
            float(rng.choice([14.08, 14.08, 14.08, 10.0, 12.0, 16.0])),
            float(rng.choice([1.2, 1.2, 1.1, 1.3])),
        )
        if row not in seen:
            seen.add(row)
            rows.append(row)
    return pd.DataFrame(rows, columns=pv.CONFIG_COLUMNS)


def fleet(size: int, catalogue: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    # A few configurations are very common (standard roofs), most are rare: Zipf-like weights.
    weights = 1 / np.arange(1, len(catalogue) + 1) ** 0.8
    picks = rng.choice(len(catalogue), size=size, p=weights / weights.sum())
    systems = catalogue.iloc[picks].reset_index(drop=True)
    systems["capacity_kwp"] = np.round(rng.lognormal(np.log(5), 0.6, size=size), 2)
    return systems


def modelchain_seconds(
    w: pv.Weather, systems: pd.DataFrame, fleet_result: pv.FleetEstimate, sample: int
) -> tuple[float, float]:
    """Mean seconds per system of ModelChain (Fuentes), and its largest deviation from ours."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.test_pv import _modelchain_annual_kwh

    times, deviation = [], 0.0
    for i in range(sample):
        row = systems.iloc[i]
        config = pv.SystemConfig(**{c: row[c] for c in pv.CONFIG_COLUMNS})
        start = time.perf_counter()
        kwh = _modelchain_annual_kwh(w, config, kwp=float(row["capacity_kwp"]))
        times.append(time.perf_counter() - start)
        deviation = max(deviation, abs(fleet_result.annual_kwh[i] / kwh - 1))
    return float(np.mean(times)), deviation


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--configs", type=int, default=300)
    parser.add_argument("--modelchain-sample", type=int, default=3)
    args = parser.parse_args()
    rng = np.random.default_rng(570411)
    w = weather.default_weather_year(latitude=19.717, longitude=100.18, altitude_m=446,
                                     tz="Asia/Bangkok").weather  # fmt: skip
    catalogue = config_catalogue(args.configs, rng)

    start = time.perf_counter()
    pv.per_kwp_profiles(w, [pv.SystemConfig(tilt_deg=10, azimuth_deg=180)])
    print(f"warm-up (numba compile or cache load, one configuration): "
          f"{time.perf_counter() - start:.2f} s")  # fmt: skip
    print(f"weather: {w.name}, {len(w.times)} hours; model {pv.MODEL_VERSION}")
    print(f"{'systems':>9} {'configs':>8} {'thermal':>8} {'seconds':>8} {'peak MiB':>9} "
          f"{'RSS MiB':>8} {'MC s/sys':>9} {'speed-up':>9} {'max dev':>9}")  # fmt: skip
    for size in args.sizes:
        systems = fleet(size, catalogue, rng)
        tracemalloc.start()
        start = time.perf_counter()
        result = pv.estimate_fleet(w, systems)
        seconds = time.perf_counter() - start
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        per_system, deviation = modelchain_seconds(w, systems, result, args.modelchain_sample)
        speedup = per_system * size / seconds
        thermal = len({(c.tilt_deg, c.azimuth_deg, c.mounting) for c in result.profiles.configs})
        print(f"{size:>9,} {len(result.profiles.configs):>8} {thermal:>8} {seconds:>8.2f} "
              f"{peak / 2**20:>9.0f} {rss_mib:>8.0f} {per_system:>9.2f} {speedup:>8,.0f}x "
              f"{deviation:>9.1e}")  # fmt: skip
        target = 2.0 if size <= 10_000 else 10.0
        verdict = "meets" if seconds <= target and rss_mib < 2048 else "MISSES"
        print(f"          {verdict} the target: {target:g} s or less, under 2048 MiB")


if __name__ == "__main__":
    main()
