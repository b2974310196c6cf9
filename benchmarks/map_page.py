"""Benchmark: the residents' map with many sites (10,000 by default). Prints the page's HTML size,
the compact site list it loads, the time until the first markers are painted, and the time from
tapping a marker to its details on a touch phone at 360×740, in headless Chromium (targets: HTML
≤ 30 kB; first markers within 1 s with demo data, 2 s at 10,000 sites, 1.5 s at 100,000; details
≤ 300 ms after the tap).

Run: .venv/bin/python benchmarks/map_page.py [--sites 10000]   (or --sites 60, --sites 100000)
It builds a throw-away SQLite database in a temporary folder and serves it with runserver.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = 8799
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip

FILL = """
import datetime as dt, random
from decimal import Decimal
from sustain.models import Municipality, SolarInstallation, WastePoint
Municipality.objects.create(name_th="ทดสอบ", reference_latitude=19.717, reference_longitude=100.18)
rng = random.Random(1)
n = {n}
def spot():
    return 19.717 + rng.uniform(-0.06, 0.06), 100.18 + rng.uniform(-0.06, 0.06)
WastePoint.objects.bulk_create([WastePoint(name=f"จุด {{i}}", kind="drop_off_bin",
    accepted_materials=["plastic_bottles", "cans"], opening_hours="24/7",
    latitude=(p := spot())[0], longitude=p[1]) for i in range(n // 2)], batch_size=2000)
SolarInstallation.objects.bulk_create([SolarInstallation(name=f"ระบบ {{i}}",
    building_type=rng.choice(["household", "school", "temple"]),
    latitude=(p := spot())[0], longitude=p[1],
    capacity_kwp=Decimal("5"), tilt_deg=15, commissioned_on=dt.date(2024, 1, 1))
    for i in range(n - n // 2)], batch_size=2000)
"""


# Set up in the page (DevTools evaluation is not bound by its CSP): the time of the first touch
# on a marker, and the time the details sheet holds that site's details and is shown.
WATCH = """() => { window.sustainTap = new Promise(resolve => {
  const sheet = document.getElementById("point-details");
  let start = 0;
  document.addEventListener("touchstart", () => { start = performance.now(); }, {capture: true});
  new MutationObserver(() => {
    if (start && sheet.dataset.loaded && !sheet.hidden) resolve(performance.now() - start);
  }).observe(sheet, {attributes: true});
}); }"""


# Installed before the page's own scripts: the moment of the first animation frame after the first
# marker (or cluster) joined the page, i.e. when it is painted. Playwright's own wait notices it
# later, by polling a page whose main thread may still be busy (the solar layer is indexed next).
FIRST_PAINT = """new MutationObserver((changes, observer) => {
  if (!document.querySelector(".leaflet-marker-icon")) return;
  observer.disconnect();
  requestAnimationFrame(() => { window.sustainFirstMarker = performance.now(); });
}).observe(document, {subtree: true, childList: true});"""


SITES_ARRIVED = """performance.getEntriesByType("resource")
  .filter(e => e.name.includes("/api/map/sites.json")).map(e => e.responseEnd)[0] || 0"""


# A waste marker that nothing covers (at 100,000 sites a neighbouring cluster may overlap one).
UNCOVERED = """() => { for (const m of document.querySelectorAll(".leaflet-marker-icon.waste")) {
  const r = m.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
  if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) continue;
  if (!m.contains(document.elementFromPoint(x, y))) continue;
  m.setAttribute("data-bench", "tap");
  return true;
} return false; }"""


def first_marker_target_s(sites: int) -> float:
    """Demo data (up to 1,000 sites) 1 s and 10,000 sites 2 s (issue 14); beyond, 100,000 sites
    1.5 s (issue 17)."""
    return 1.0 if sites <= 1_000 else 2.0 if sites <= 10_000 else 1.5


def _tap_to_details(page) -> float:
    """[ms] from the finger on a waste marker to its details shown in the sheet."""
    page.locator(".leaflet-marker-icon.waste").first.wait_for(state="visible", timeout=30_000)
    page.wait_for_function(UNCOVERED, timeout=30_000)
    marker = page.locator('[data-bench="tap"]')
    page.evaluate(WATCH)
    marker.tap()
    return float(page.evaluate("window.sustainTap"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=10_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="sustain-bench-"))
    env = {
        **os.environ, "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        "MAP_TILES_URL": "", "API_PUBLIC_RATE": "100000/min", "DEBUG": "True",
    }  # fmt: skip
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([python, "manage.py", "shell", "--no-imports", "-c", FILL.format(n=args.sites)],
                   cwd=ROOT, env=env, check=True)  # fmt: skip
    server = subprocess.Popen(
        [python, "manage.py", "runserver", f"127.0.0.1:{PORT}", "--noreload"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{PORT}/"
        for _ in range(600):  # a busy machine may take a minute to start the server
            try:
                html = urllib.request.urlopen(url, timeout=5).read()
                break
            except OSError:
                time.sleep(0.2)
        points = urllib.request.urlopen(url + "api/map/waste-points.geojson").read()
        solar = urllib.request.urlopen(url + "api/map/installations.geojson").read()
        # The list built once, as after any change of the data, in the encoding and language the
        # phone asks for (a build for another would be re-encoded on the phone's first visit)
        like_phone = {"Accept-Encoding": "gzip, deflate, br", "Accept-Language": "th-TH"}
        request = urllib.request.Request(url + "api/map/sites.json", headers=like_phone)
        with urllib.request.urlopen(request) as answer:
            assert answer.headers["Content-Encoding"] == "br", answer.headers
        compact = urllib.request.urlopen(url + "api/map/sites.json").read()
        first = json.loads(compact)["p"][0]  # [id, lat, lon, …]: tap near a real waste point,
        tap_view = f"#z=19&c={first[1]:.5f},{first[2]:.5f}&l=p"  # at the highest zoom
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            timings = []
            taps: list[float] = []
            arrived: list[float] = []
            seen: list[float] = []
            for _ in range(3):  # the first run also warms the server's caches
                context = browser.new_context(
                    viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True,
                    locale="th-TH",
                )  # fmt: skip
                page = context.new_page()
                page.add_init_script(FIRST_PAINT)
                page.goto(url, wait_until="commit")
                page.wait_for_selector(".leaflet-marker-icon", state="visible", timeout=30_000)
                seen.append(page.evaluate("performance.now()") / 1000)
                page.wait_for_function("window.sustainFirstMarker", timeout=30_000)
                timings.append(page.evaluate("window.sustainFirstMarker") / 1000)
                arrived.append(page.evaluate(SITES_ARRIVED) / 1000)
                page.goto("about:blank")  # else only the hash changes and the page stays as it was
                page.goto(url + tap_view, wait_until="commit")
                page.wait_for_selector("body[data-points-loaded]", state="attached", timeout=30_000)
                taps.append(_tap_to_details(page))
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    first_s = max(timings)
    tap_ms = max(taps)
    half = args.sites // 2
    runs = ", ".join(f"{t:.2f}" for t in timings)
    print(f"sites: {args.sites:,} ({half:,} waste points, {args.sites - half:,} installations)")
    print(f"page HTML: {len(html) / 1024:.1f} kB (target 30 kB)")
    print(f"GeoJSON loaded by the page: waste points {len(points) / 1024:.0f} kB, ", end="")
    print(f"installations {len(solar) / 1024:.0f} kB (the residents' map no longer loads them)")
    print(f"compact site list the residents' map loads: {len(compact) / 1024:.0f} kB")
    target_s = first_marker_target_s(args.sites)
    print(f"first markers painted: {first_s:.2f} s after navigation, slowest of 3 ({runs}); ",
          end="")  # fmt: skip
    print(f"target {target_s:g} s at {args.sites:,} sites")
    print(f"  seen by Playwright's wait at {', '.join(f'{t:.2f}' for t in seen)} s")
    print(f"  of which the compact site list arrived at {', '.join(f'{t:.2f}' for t in arrived)} s")
    print(f"tap to details visible at 360×740 with touch: {tap_ms:.0f} ms, slowest of 3 ", end="")
    print(f"({', '.join(f'{t:.0f}' for t in taps)}); target 300 ms")
    ok = len(html) <= 30 * 1024 and first_s <= target_s and tap_ms <= 300
    print("meets every target" if ok else "MISSES a target")


if __name__ == "__main__":
    main()
