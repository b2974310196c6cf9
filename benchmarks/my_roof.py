"""Benchmark: the "solar on my roof" answer time over 1,000 random inputs.

Run: .venv/bin/python benchmarks/my_roof.py [--requests 1000] [--port 8531] [--in-process-only]
Builds a throwaway SQLite database (migrated, so the tariff rows are seeded) with the
municipality, then times GET /solar/my-roof/estimate for random answers (every direction, pitch,
size mode, bill or kWh, schedule and time of use, with a rounded home cell) two ways: through
Django's test client (the whole request path in this process) and over HTTP against
``manage.py runserver`` on 127.0.0.1. The first answer after a start computes the 24 resident
orientation profiles and is reported apart ("cold"). Target on a 2-core machine: the 95th
percentile at 300 ms or less.
"""

import argparse
import os
import random
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from urllib.parse import urlencode

from _bootstrap import ROOT, django_start, scratch_database

scratch = scratch_database(prefix="sustain-bench-roof-", replace=True)
django_start()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from sustain.models import Municipality  # noqa: E402

LAT, LON = 19.717, 100.180
PATH = "/solar/my-roof/estimate"


def random_answers(rng: random.Random) -> dict[str, str]:
    answers = {
        "direction": rng.choice(["N", "NE", "E", "SE", "S", "SW", "W", "NW"]),
        "pitch": rng.choice(["flat", "gentle", "steep"]),
        "size_mode": rng.choice(["area", "kwp", "bill"]),
        "use_mode": rng.choice(["bill", "kwh"]),
        "schedule": rng.choice(["auto", "1.1", "1.2"]),
        "use_time": rng.choice(["daytime", "evening", "both"]),
        "cell": f"{LAT + rng.uniform(-0.03, 0.03):.2f},{LON + rng.uniform(-0.03, 0.03):.2f}",
    }
    if answers["size_mode"] == "area":
        answers["area_m2"] = f"{rng.uniform(5, 1000):.1f}"
    elif answers["size_mode"] == "kwp":
        answers["kwp"] = f"{rng.uniform(0.5, 50):.1f}"
    if answers["use_mode"] == "bill":
        answers["bill_thb"] = f"{rng.uniform(50, 50000):.0f}"
    else:
        answers["kwh_month"] = f"{rng.uniform(10, 10000):.0f}"
    return answers


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(label: str, times_s: list[float], statuses: Counter[int]) -> None:
    ms = [t * 1000 for t in times_s]
    print(
        f"{label}: {len(ms)} answers, p50 {percentile(ms, 50):.0f} ms, p95 "
        f"{percentile(ms, 95):.0f} ms, p99 {percentile(ms, 99):.0f} ms, max {max(ms):.0f} ms; "
        f"status {dict(sorted(statuses.items()))}"
    )


def in_process(queries: list[dict[str, str]]) -> None:
    client = Client(HTTP_HOST="127.0.0.1")
    start = time.perf_counter()
    first = client.get(PATH, queries[0])
    print(f"in-process cold first answer: {(time.perf_counter() - start) * 1000:.0f} ms "
          f"(computes the 24 resident profiles), status {first.status_code}")  # fmt: skip
    times, statuses = [], Counter[int]()
    for query in queries:
        start = time.perf_counter()
        answer = client.get(PATH, query)
        times.append(time.perf_counter() - start)
        statuses[answer.status_code] += 1
    report("in-process (Django test client)", times, statuses)


def over_http(queries: list[dict[str, str]], port: int) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}{PATH}?"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/solar/my-roof/", timeout=2)
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)

        def get(query: dict[str, str]) -> int:
            try:
                with urllib.request.urlopen(base + urlencode(query), timeout=30) as answer:
                    answer.read()
                    return int(answer.status)
            except urllib.error.HTTPError as error:
                error.read()
                return int(error.code)

        start = time.perf_counter()
        status = get(queries[0])
        first_ms = (time.perf_counter() - start) * 1000
        print(f"HTTP first answer of a new server process: {first_ms:.0f} ms (profiles read "
              f"from the table, if the in-process run stored them), status {status}")  # fmt: skip
        times, statuses = [], Counter[int]()
        for query in queries:
            start = time.perf_counter()
            statuses[get(query)] += 1
            times.append(time.perf_counter() - start)
        report(f"HTTP (manage.py runserver on 127.0.0.1:{port})", times, statuses)
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--port", type=int, default=8531)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--in-process-only", action="store_true")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    Municipality.objects.update_or_create(
        pk=Municipality.SINGLETON_ID,
        defaults={"name_th": "เทศบาลตำบลทดสอบ", "reference_latitude": LAT,
                  "reference_longitude": LON, "service_radius_km": 6},
    )  # fmt: skip
    rng = random.Random(args.seed)
    queries = [random_answers(rng) for _ in range(args.requests)]
    print(f"{os.cpu_count()} CPUs; database {scratch}/bench.sqlite3")
    in_process(queries)
    if not args.in_process_only:
        over_http(queries, args.port)


if __name__ == "__main__":
    main()
