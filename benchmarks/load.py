"""Benchmark: many concurrent clients on the public map's answers, over loopback. Prints per URL
the requests, errors, p50 and p99 latency and the bytes received (issue 17's target: 50 clients
× 60 s on `/`, both GeoJSON and `/api/solar/summary`: 0 errors, p99 ≤ 300 ms).

Each client is a thread with one keep-alive connection, asking for the URLs in turn as a browser
does: with `Accept-Encoding: gzip, br`, and, once it holds an answer, with its `ETag` (a reload
after `max-age`), which the server answers 304. `--no-revalidate` always fetches in full.

  # against a running server
  .venv/bin/python benchmarks/load.py --url http://127.0.0.1:9100 [--clients 50] [--seconds 60]
  # or start gunicorn (gunicorn.conf.py) on --port with the current DATABASE_URL/CACHE_URL first
  DATABASE_URL=postgres://… CACHE_URL=redis://… .venv/bin/python benchmarks/load.py --serve

Each client is a browser behind nginx: its own address in `X-Forwarded-For` (with --serve the
server trusts one proxy, `TRUSTED_PROXY_COUNT=1`; a running server must too, or every client is
one address), its cookies (the home page's 304 needs the CSRF cookie it was sent with) and its
copies. The clients ask without pause, so with --serve the per-address rate limits are raised to
100,000/min (they still count every request, as in production).
"""

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
URLS = ["/", "/api/map/installations.geojson", "/api/map/waste-points.geojson",
        "/api/solar/summary"]  # fmt: skip


class Results:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, list[str]] = defaultdict(list)
        self.bytes: dict[str, int] = defaultdict(int)
        self.not_modified: dict[str, int] = defaultdict(int)
        self.timeline: list[tuple[float, float]] = []  # (when it was asked, seconds it took)

    def add(self, url: str, seconds: float, status: int, size: int, asked: float) -> None:
        with self.lock:
            self.latency[url].append(seconds)
            self.timeline.append((asked, seconds))
            self.bytes[url] += size
            if status == 304:
                self.not_modified[url] += 1
            elif status != 200:
                self.errors[url].append(f"HTTP {status}")

    def fail(self, url: str, error: str) -> None:
        with self.lock:
            self.errors[url].append(error)


def client(host: str, port: int, deadline: float, revalidate: bool, results: Results,
           offset: int) -> None:  # fmt: skip
    """One browser: its own address (as nginx forwards it), its cookies and its copies."""
    connection = http.client.HTTPConnection(host, port, timeout=30)
    etags: dict[str, str] = {}
    cookies: dict[str, str] = {}
    address = f"10.0.{offset // 250}.{offset % 250 + 1}"
    i = offset
    while time.monotonic() < deadline:
        url = URLS[i % len(URLS)]
        i += 1
        headers = {"Accept-Encoding": "gzip, br", "Accept-Language": "th",
                   "X-Forwarded-For": address}  # fmt: skip
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        if revalidate and url in etags:
            headers["If-None-Match"] = etags[url]
        start = time.perf_counter()
        try:
            connection.request("GET", url, headers=headers)
            response = connection.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException) as exc:
            results.fail(url, type(exc).__name__)
            connection.close()
            connection = http.client.HTTPConnection(host, port, timeout=30)
            continue
        results.add(url, time.perf_counter() - start, response.status, len(body), start)
        for header in response.msg.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            cookies[name.strip()] = rest.split(";", 1)[0]
        if response.getheader("ETag"):
            etags[url] = response.getheader("ETag", "")
    connection.close()


def tree_cpu_s(pid: int) -> float:
    """CPU seconds (user + system) used so far by the process ``pid`` (the gunicorn master), the
    children it has reaped (workers replaced) and its live children (the workers), from /proc."""

    def stat(each: int) -> list[str]:
        return Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()

    tick = os.sysconf("SC_CLK_TCK")
    master = stat(pid)
    total = sum(int(value) for value in master[11:15]) / tick  # utime stime cutime cstime
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        try:
            fields = stat(int(child))
        except OSError:  # it has just exited
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def serve(port: int) -> subprocess.Popen:
    env = {
        **os.environ, "PUBLIC_PAGE_RATE": "100000/min", "API_PUBLIC_RATE": "100000/min",
        "TRUSTED_PROXY_COUNT": "1",
        "DEBUG": "False", "SECRET_KEY": os.environ.get("SECRET_KEY", "load-benchmark-" + "x" * 40),
        "ALLOWED_HOSTS": "127.0.0.1", "GUNICORN_ACCESS_LOG": "", "STATIC_MANIFEST": "True",
        "STATIC_ROOT": os.environ.get("STATIC_ROOT", str(ROOT / "var" / "bench-static")),
    }  # fmt: skip
    python = sys.executable
    manifest = Path(env["STATIC_ROOT"]) / "staticfiles.json"
    newest = max(path.stat().st_mtime for path in (ROOT / "static").rglob("*") if path.is_file())
    if not manifest.exists() or manifest.stat().st_mtime < newest:  # it takes minutes: when stale
        subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT,
                       env=env, check=True)  # fmt: skip
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env,
                   check=True)  # fmt: skip
    gunicorn = str(Path(python).with_name("gunicorn"))
    server = subprocess.Popen(
        [gunicorn, "-c", str(ROOT / "gunicorn.conf.py"), "--bind", f"127.0.0.1:{port}",
         "sustain.wsgi"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/solar/summary", timeout=5)
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 60 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="", help="a running server (else --serve)")
    parser.add_argument("--serve", action="store_true", help="start gunicorn on --port")
    parser.add_argument("--port", type=int, default=9100)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--no-revalidate", action="store_true")
    args = parser.parse_args()
    server = serve(args.port) if args.serve else None
    base = args.url or f"http://127.0.0.1:{args.port}"
    parts = urlsplit(base)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    try:
        for url in URLS:  # warm: each answer built once, as after any change of the data
            like_clients = {"Accept-Encoding": "gzip, br", "Accept-Language": "th"}
            request = urllib.request.Request(base + url, headers=like_clients)
            urllib.request.urlopen(request, timeout=120).read()
        results = Results()
        deadline = time.monotonic() + args.seconds
        threads = [
            threading.Thread(
                target=client,
                args=(host, port, deadline, not args.no_revalidate, results, n),
                daemon=True,
            )
            for n in range(args.clients)
        ]
        started = time.monotonic()
        server_cpu = tree_cpu_s(server.pid) if server is not None else 0.0
        own_cpu = time.process_time()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.seconds + 60)
        elapsed = time.monotonic() - started
        own_cpu = time.process_time() - own_cpu
        server_cpu = tree_cpu_s(server.pid) - server_cpu if server is not None else float("nan")
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
    total = sum(len(v) for v in results.latency.values())
    errors = sum(len(v) for v in results.errors.values())
    load = os.getloadavg()[0]
    print(f"{args.clients} clients × {args.seconds:g} s against {base}: {total} requests "
          f"({total / elapsed:.0f}/s), {errors} errors; load average {load:.1f} on "
          f"{os.cpu_count()} cores\n")  # fmt: skip
    print(f"CPU per request: the server {server_cpu / total * 1000:.2f} ms (gunicorn's master and "
          f"workers), the clients {own_cpu / total * 1000:.2f} ms (this process)\n")  # fmt: skip
    print(f"{'url':34} {'requests':>8} {'304':>6} {'errors':>6} {'p50 ms':>7} {'p99 ms':>7} "
          f"{'MB':>7}")  # fmt: skip
    worst_p99 = 0.0
    for url in URLS:
        latency = results.latency[url] or [float("nan")]
        p99 = percentile(latency, 0.99) * 1000
        worst_p99 = max(worst_p99, p99)
        print(f"{url:34} {len(results.latency[url]):8} {results.not_modified[url]:6} "
              f"{len(results.errors[url]):6} {statistics.median(latency) * 1000:7.1f} "
              f"{p99:7.1f} {results.bytes[url] / 1e6:7.1f}")  # fmt: skip
    for url, messages in results.errors.items():
        if messages:
            print(f"  errors on {url}: {sorted(set(messages))[:5]}")
    # Where the slow answers fall: the first seconds hold every client's first full download of
    # both GeoJSON answers (50 × 2.6 MB at once), the rest is the steady state.
    first = min(asked for asked, _ in results.timeline)
    windows: dict[int, list[float]] = defaultdict(list)
    for asked, seconds in results.timeline:
        windows[int((asked - first) // 10)].append(seconds)
    spans = [f"{10 * w}-{10 * w + 10} s {percentile(windows[w], 0.99) * 1000:.0f}"
             for w in sorted(windows)]  # fmt: skip
    print("p99 per 10 s of the run (ms): " + ", ".join(spans))
    verdict = "met" if errors == 0 and worst_p99 <= 300 else "NOT met"
    print(f"\ntarget: 0 errors and p99 ≤ 300 ms: {errors} errors, worst p99 {worst_p99:.0f} ms "
          f"({verdict})")  # fmt: skip


if __name__ == "__main__":
    main()
