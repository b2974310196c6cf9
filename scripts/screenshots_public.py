"""Shoot the README pictures of the public pages on a phone (issue 14): a point's page, its A4
poster, "what the community achieved" and a published report. Demo data, no basemap tiles.

    .venv/bin/python scripts/screenshots_public.py [PORT]   (default 8801; writes docs/screenshots)

It builds a fresh SQLite database in a temporary folder, loads the demo, publishes the demo's
fiscal-year 2569 report, serves the site with ``runserver`` and drives Debian's Chromium.
"""

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8801


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="sustain-shots-"))
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}", MAP_TILES_URL="",
               PRIVATE_MEDIA_ROOT=str(folder / "private"), DEBUG="True")  # fmt: skip
    env.pop("CELERY_BROKER_URL", None)
    python = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run([python, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    setup = (
        "from sustain.celery import app; app.conf.task_always_eager = True\n"
        "from sustain.demo import load; load.demo_load()\n"
        "from sustain.report import runs\n"
        "r = runs.report_request(basis='fiscal', year_be=2569, language='th')\n"
        "r.refresh_from_db(); runs.report_publish(report=r); print(r.pk)\n"
        "from sustain.models import WastePoint\n"
        "from sustain.services.pointpages import point_key\n"
        "p = WastePoint.objects.filter(kind='hazardous_bin').exclude(ref='').first()\n"
        "print(point_key(p))\n"
    )
    out = subprocess.run(
        [python, "manage.py", "shell", "-c", setup], cwd=ROOT, env=env, check=True,
        capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    report_pk, key = out[-2], out[-1]
    server = subprocess.Popen(
        [python, "manage.py", "runserver", "--noreload", "--insecure", f"127.0.0.1:{PORT}"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{PORT}"
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/achievements/", timeout=5)
                break
            except OSError:
                time.sleep(0.3)
        else:
            raise SystemExit(f"the server at {base} did not answer")
        shoot(base, report_pk, key)
    finally:
        server.terminate()
        server.wait()


def shoot(base: str, report_pk: str, key: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"]
        )
        phone = browser.new_context(
            locale="th-TH", viewport={"width": 360, "height": 740}, has_touch=True,
            is_mobile=True, device_scale_factor=2,
        )  # fmt: skip
        page = phone.new_page()
        page.goto(f"{base}/points/{key}/")
        page.wait_for_selector("body[data-point-map=ready]", state="attached")
        page.screenshot(path=OUT / "point-page-phone.png")
        page.goto(f"{base}/achievements/")
        page.screenshot(path=OUT / "achievements-phone.png")
        page.goto(f"{base}/reports/{report_pk}/")
        page.screenshot(path=OUT / "report-phone.png")
        page.locator("#report-menu a[href='#waste']").tap()
        page.wait_for_timeout(300)
        page.evaluate("document.getElementById('table-waste_material').scrollIntoView()")
        page.screenshot(path=OUT / "report-phone-table.png")
        paper = browser.new_context(locale="th-TH", viewport={"width": 794, "height": 1123})
        poster = paper.new_page()
        poster.goto(f"{base}/points/{key}/poster/")
        poster.locator("#poster").screenshot(path=OUT / "point-poster.png")
        browser.close()


if __name__ == "__main__":
    main()
