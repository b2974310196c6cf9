"""Benchmark: import a 10,000-row GeoPackage of installations, as a dry run and as a commit.

Run: .venv/bin/python benchmarks/gis_import.py [--rows 10000]
Writes the GeoPackage (UTM zone 47N, Thai headers, as a municipal survey), then times reading it,
the dry run and the commit into a scratch SQLite database (or DATABASE_URL if set to a scratch
database), and a second commit of the same file (nothing changes). Target: 10 s or less each.
"""

import argparse
import os
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _bootstrap import django_start, scratch_database

scratch = scratch_database()
django_start()

import geopandas as gpd  # noqa: E402
import pyogrio  # noqa: E402
from django.core.management import call_command  # noqa: E402
from shapely.geometry import Point  # noqa: E402

from sustain.models import Municipality, SolarInstallation, Village  # noqa: E402
from sustain.services.gis.importing import commit_import, plan_import  # noqa: E402
from sustain.services.gis.jobs import read_target_layer  # noqa: E402

LAT, LON = 19.717, 100.180


def survey(rows: int, rng: random.Random) -> Path:
    types = ["household", "บ้านพักอาศัย", "school", "วัด", "government", "business"]
    frame = gpd.GeoDataFrame(
        {
            "ชื่อ": [f"ระบบที่ {i:05d}" for i in range(rows)],
            "ประเภทอาคาร": [rng.choice(types) for _ in range(rows)],
            "กำลังผลิต": [rng.choice([3.0, 5.0, 10.0, 20.0]) for _ in range(rows)],
            "มุมเอียง": [rng.choice([10, 15, 20]) for _ in range(rows)],
            "azimuth": [rng.choice([150, 180, 210]) for _ in range(rows)],
            "วันที่ติดตั้ง": [
                f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/256{rng.randint(2, 8)}"
                for _ in range(rows)
            ],
            "หมู่": [rng.randint(1, 7) for _ in range(rows)],
            "เจ้าของ": [f"เจ้าของ {i}" for i in range(rows)],
        },
        geometry=[
            Point(LON + rng.uniform(-0.04, 0.04), LAT + rng.uniform(-0.04, 0.04))
            for _ in range(rows)
        ],
        crs="EPSG:4326",
    ).to_crs("EPSG:32647")
    path = scratch / "survey.gpkg"
    pyogrio.write_dataframe(frame, path, driver="GPKG")
    return path


def timed(label: str, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    start = time.perf_counter()
    value = function(*args, **kwargs)
    seconds = time.perf_counter() - start
    print(f"  {label:34s} {seconds:6.2f} s (target 10 s, ratio {seconds / 10:.2f})")
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    Municipality.objects.create(
        name_th="เทศบาลตำบลทดสอบ",
        reference_latitude=LAT,
        reference_longitude=LON,
        service_radius_km=6,
    )
    Village.objects.bulk_create([Village(moo=m, name_th=f"หมู่ {m}") for m in range(1, 8)])
    path = survey(args.rows, random.Random(7))
    engine = os.environ["DATABASE_URL"].split(":")[0]
    print(f"{args.rows:,} rows, GeoPackage {path.stat().st_size / 1e6:.1f} MB, UTM 47N; {engine}")
    layer = timed("read and reproject", read_target_layer, path, filename=path.name,
                  target="installations", crs=None)  # fmt: skip
    plan = timed("dry run", plan_import, layer=layer, target_key="installations")
    print(f"    {plan.counts()}")
    result = timed(
        "commit (all or nothing)", commit_import, layer=layer, target_key="installations"
    )
    print(f"    created {result.created}; in the database: {SolarInstallation.objects.count():,}")
    print("    (the commit's time includes the fleet estimate: in-process here, a worker in use)")
    again = timed(
        "commit again (idempotent)", commit_import, layer=layer, target_key="installations"
    )
    print(f"    created {again.created}, updated {again.updated}, unchanged {again.unchanged}")


if __name__ == "__main__":
    main()
