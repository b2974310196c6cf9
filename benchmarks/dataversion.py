"""Benchmark: what a data version costs to read, per topic, and what its triggers cost writers.

Reading (PostgreSQL, a filled database such as geojson_scale.py's): per topic the median of
PostgreSQL's own execution time (``EXPLAIN ANALYZE``) and of the wall time of
``data_version(topic=...)`` in this process.
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/sustain_bench \
  CACHE_URL=redis://127.0.0.1:6379/12 .venv/bin/python benchmarks/dataversion.py

Writing (``--writes N``): bulk_create of N waste points, a queryset update of all of them and
their delete, with the triggers and again after dropping them, on a scratch SQLite database, or
on DATABASE_URL with ``--writes-here`` (a scratch database: it loses its triggers; migrate
sustain 0015 and forward again to restore them).
"""

import argparse
import json
import statistics
import time

from _bootstrap import django_start, scratch_database

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--repeat", type=int, default=200)
parser.add_argument("--writes", type=int, default=0, help="time N bulk writes (scratch SQLite)")
parser.add_argument("--writes-here", action="store_true", help="on DATABASE_URL (drops triggers)")
args = parser.parse_args()
if args.writes and not args.writes_here:
    scratch_database(replace=True)
django_start()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from sustain.services import dataversion  # noqa: E402


def read_cost(repeat: int) -> None:
    print(f"database: {connection.vendor}; median of {repeat} (ms)")
    print(f"{'topic':16} {'queries':>7} {'SQL (server)':>12} {'data_version()':>15}")
    for topic in dataversion.TOPICS:
        with CaptureQueriesContext(connection) as queries:
            dataversion.data_version(topic=topic)
        server = []
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for query in queries.captured_queries:
                    for _ in range(min(repeat, 50)):
                        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + query["sql"])
                        plan = cursor.fetchone()[0]
                        plan = json.loads(plan) if isinstance(plan, str) else plan
                        server.append(plan[0]["Execution Time"])
        wall = []
        for _ in range(repeat):
            start = time.perf_counter()
            dataversion.data_version(topic=topic)
            wall.append((time.perf_counter() - start) * 1000)
        sql = f"{statistics.median(server):.3f}" if server else "-"
        print(f"{topic:16} {len(queries):7} {sql:>12} {statistics.median(wall):15.3f}")


def _drop_triggers() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION sustain_data_changed() CASCADE")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            for (name,) in cursor.fetchall():
                if name.endswith("_changed"):
                    cursor.execute(f'DROP TRIGGER "{name}"')


def write_cost(n: int) -> None:
    from sustain.models import WastePoint

    call_command("migrate", verbosity=0)
    print(f"\n{connection.vendor}: {n} waste points (s)")
    print(f"{'triggers':9} {'bulk_create':>11} {'update()':>9} {'delete()':>9}")
    for triggers in (True, False):
        if not triggers:
            _drop_triggers()
        times = []
        points = [
            WastePoint(name=f"p{i}", kind="drop_off_bin", latitude=19.7, longitude=100.2)
            for i in range(n)
        ]
        start = time.perf_counter()
        WastePoint.objects.bulk_create(points, batch_size=2000)
        times.append(time.perf_counter() - start)
        start = time.perf_counter()
        WastePoint.objects.update(name="renamed")
        times.append(time.perf_counter() - start)
        start = time.perf_counter()
        WastePoint.objects.all()._raw_delete(WastePoint.objects.db)
        times.append(time.perf_counter() - start)
        print(f"{'on' if triggers else 'off':9} {times[0]:11.3f} {times[1]:9.3f} {times[2]:9.3f}")


if args.writes:
    write_cost(args.writes)
else:
    read_cost(args.repeat)
