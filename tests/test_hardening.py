"""Smaller holes, closed: deploy settings, the policy header, Vary, public ordering, bad tokens,
body limits, spreadsheet formulas, invisible names and impossible commissioning dates."""

import datetime as dt
import json
import os
import secrets
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from sustain.core.csvsafe import csv_cell
from sustain.models import BuildingType, SolarInstallation, Village, WastePoint
from sustain.services import tokens
from sustain.services.records import record_save
from tests.conftest import REF_LAT, REF_LON

ROOT = Path(django_settings.BASE_DIR)


def documented_production_env() -> dict[str, str]:
    """.env.example as an operator fills it in: every value as written, a real secret key."""
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _sep, value = line.partition("=")
            values[key.strip()] = value.strip()
    values["SECRET_KEY"] = secrets.token_urlsafe(50)  # as the comment above it says
    return values


def test_check_deploy_with_the_documented_production_settings_prints_no_issue():
    # The operator's environment: not the test run's (the browser tests allow async-unsafe calls).
    env = {
        k: v for k, v in os.environ.items()
        if not k.startswith(("DATABASE_", "CELERY_")) and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }  # fmt: skip
    env.update(documented_production_env())
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_every_answer_carries_the_content_security_policy(client: Client, municipality):
    for url in ("/", "/reports/", "/staff/login/", "/api/villages", "/api/docs"):
        policy = client.get(url)["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "object-src 'none'" in policy, url
        assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0], url
        assert "unsafe-eval" not in policy, url


def test_the_map_page_runs_its_inline_scripts_by_nonce_only(client: Client, municipality):
    response = client.get("/")
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    page = response.content.decode()
    scripts = page.count("<script")
    assert scripts >= 4 and page.count(f'<script nonce="{nonce}"') == scripts
    assert page.count("<style") == page.count(f'<style nonce="{nonce}"')
    assert nonce not in client.get("/")["Content-Security-Policy"]  # a new one every time


def test_api_answers_vary_by_accept_language(client: Client, db):
    thai = client.get("/api/solar/installations/999")
    english = client.get("/api/solar/installations/999", HTTP_ACCEPT_LANGUAGE="en")
    assert thai["Content-Language"] == "th" and english["Content-Language"] == "en"
    for response in (thai, english, client.get("/api/villages")):
        vary = {part.strip() for part in response["Vary"].split(",")}
        assert {"Accept-Language", "Cookie"} <= vary
    page = client.get("/reports/")
    assert "Cookie" in page["Vary"]  # pages follow the language cookie


@pytest.fixture
def two_households(moo2: Village) -> tuple[SolarInstallation, SolarInstallation]:
    """Private names sort the other way round from the public ones (#id)."""
    common = {
        "building_type": BuildingType.HOUSEHOLD, "latitude": REF_LAT, "longitude": REF_LON,
        "village": moo2, "capacity_kwp": Decimal("3"), "tilt_deg": 15,
        "commissioned_on": dt.date(2024, 1, 1),
    }  # fmt: skip
    first = SolarInstallation.objects.create(name="ฮ บ้านนายฮูก", **common)
    second = SolarInstallation.objects.create(name="ก บ้านนางกานดา", **common)
    return first, second


def test_public_ordering_by_name_uses_the_public_name(client: Client, two_households, somchai):
    first, second = two_households
    ids = [i["id"] for i in client.get("/api/solar/installations?ordering=name").json()["items"]]
    assert ids == [first.pk, second.pk]  # "… #1" before "… #2", whatever the owners are called
    ids = [i["id"] for i in client.get("/api/solar/installations?ordering=-name").json()["items"]]
    assert ids == [second.pk, first.pk]
    token = tokens.token_create(user=somchai)[1]
    staff = client.get("/api/solar/installations", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert [i["id"] for i in staff["items"]] == [second.pk, first.pk]  # staff: the real names


@pytest.mark.parametrize(
    "url",
    ["/api/villages", "/api/villages/{moo1}", "/api/solar/summary", "/api/factors",
     "/api/map/waste-points.geojson", "/api/reports", "/api/export/villages?format=csv"],
)  # fmt: skip
def test_a_bad_token_is_refused_on_public_operations_too(client: Client, url, moo1):
    url = url.format(moo1=moo1.pk)
    assert client.get(url).status_code == 200
    response = client.get(url, HTTP_AUTHORIZATION="Bearer sst_not-a-real-token")
    assert response.status_code == 401 and "detail" in response.json()


def test_a_body_over_the_limit_gets_a_json_413_naming_it(client: Client, somchai, settings):
    settings.API_MAX_BODY_MB = 1
    token = tokens.token_create(user=somchai)[1]
    item = {"installation_id": 1, "period_start": "2026-01-01", "period_end": "2026-01-31",
            "energy_kwh": "1", "padding": "x" * 1000}  # fmt: skip
    body = json.dumps({"items": [item] * 1100})
    assert len(body) > 1_000_000
    response = client.post(
        "/api/solar/readings/batch", body, "application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert response.status_code == 413 and response["Content-Type"] == "application/json"
    assert "1 MB (API_MAX_BODY_MB)" in response.json()["detail"]
    assert response.json()["errors"][0]["field"] == "body"


def test_form_fields_over_the_limit_get_the_same_413(client: Client, somchai, settings):
    """Uploads may be large; the text fields around them may not (read by the form parser)."""
    settings.API_MAX_BODY_MB = 1
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000_000
    client.force_login(somchai)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = {"target": "installations", "mapping": "x" * 1_100_000,
              "file": SimpleUploadedFile("a.geojson", b"{}")}  # fmt: skip
    response = client.post("/api/imports", upload, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 413
    assert "1 MB (API_MAX_BODY_MB)" in response.json()["detail"]


def test_a_large_upload_within_the_gis_limit_passes_the_body_limit(client, somchai, settings):
    settings.API_MAX_BODY_MB = 1
    settings.GIS_UPLOAD_MAX_MB = 5
    client.force_login(somchai)
    from django.core.files.uploadedfile import SimpleUploadedFile

    big = SimpleUploadedFile("a.csv", b"name,latitude,longitude\n" + b"x,19.7,100.1\n" * 200_000)
    response = client.post("/api/imports", {"target": "waste_points", "file": big})
    assert response.status_code != 413  # 2.6 MB: under GIS_UPLOAD_MAX_MB
    huge = SimpleUploadedFile("a.csv", b"x" * 7_000_000)
    response = client.post("/api/imports", {"target": "waste_points", "file": huge},
                           HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert response.status_code == 413 and "5 MB (GIS_UPLOAD_MAX_MB)" in response.json()["detail"]


@pytest.mark.parametrize(
    "text",
    ["=1+1", " =1+1", "\n=HYPERLINK(\"x\")", "\r\n+1", "\t@SUM(A1)", "  -2+3", "＝1+1",
     "＋1", "－1", "＠SUM(A1)", "\u3000=1", "\u200b=1", "\tplain"],
)  # fmt: skip
def test_spreadsheet_formulas_are_neutralised(text):
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["บ้าน = ดี", "a-b", "ธนาคารขยะ", "1.5", ""])
def test_ordinary_text_is_left_alone(text):
    assert csv_cell(text) == text


def test_a_formula_in_a_name_is_neutralised_in_every_csv(client: Client, municipality, somchai):
    WastePoint.objects.create(
        name=" =HYPERLINK(\"http://x\")", kind="drop_off_bin", latitude=REF_LAT,
        longitude=REF_LON,
    )  # fmt: skip
    for url in ("/api/waste/points.csv", "/api/export/waste-points?format=csv"):
        body = client.get(url).content.decode("utf-8-sig")
        assert "' =HYPERLINK" in body, url


@pytest.mark.parametrize("name", ["   ", "\u200b", "\u200b \u200c\u200d", "\ufeff\u2060", "\u3000"])
def test_names_with_nothing_visible_are_refused(name, client: Client, somchai, municipality):
    token = tokens.token_create(user=somchai)[1]
    body = {"name": name, "kind": "drop_off_bin", "latitude": REF_LAT, "longitude": REF_LON}
    response = client.post(
        "/api/waste/points", json.dumps(body), "application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert response.status_code == 422
    errors = {e["field"]: e for e in response.json()["errors"]}
    assert "no visible characters" in errors["name"]["message"]
    assert not WastePoint.objects.exists()
    with pytest.raises(ValidationError) as caught:
        record_save(obj=Village(moo=9, name_th=name))
    assert caught.value.error_dict["name_th"][0].code == "invisible_name"


def test_a_name_with_a_zero_width_space_inside_is_fine(municipality):
    record_save(obj=Village(moo=9, name_th="บ้าน\u200bใหม่"))


INSTALLATION = {
    "name": "โรงเรียนใหม่", "building_type": "school", "latitude": REF_LAT, "longitude": REF_LON,
    "capacity_kwp": "12.5", "tilt_deg": 12,
}  # fmt: skip


def _create(client: Client, token: str, commissioned_on: str, language: str = "en"):
    return client.post(
        "/api/solar/installations", json.dumps({**INSTALLATION, "commissioned_on": commissioned_on}),
        "application/json", HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE=language,
    )  # fmt: skip


def test_a_buddhist_era_year_typed_as_ce_is_refused_saying_so(client, somchai, municipality):
    token = tokens.token_create(user=somchai)[1]
    response = _create(client, token, "2569-01-15")
    assert response.status_code == 422
    message = {e["field"]: e["message"] for e in response.json()["errors"]}["commissioned_on"]
    assert "2569 looks like a Buddhist-era year" in message and "2026 CE" in message
    assert "2026-01-15" in message
    thai = _create(client, token, "2569-01-15", "th").json()["errors"][0]["message"]
    assert "พุทธศักราช" in thai and "2026" in thai
    assert not SolarInstallation.objects.exists()


def test_a_commissioning_date_after_today_is_refused(client, somchai, municipality):
    token = tokens.token_create(user=somchai)[1]
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = _create(client, token, tomorrow.isoformat())
    assert response.status_code == 422
    message = response.json()["errors"][0]["message"]
    assert f"Commissioned on {tomorrow.isoformat()} is after today" in message
    assert _create(client, token, timezone.localdate().isoformat()).status_code == 201


def test_the_staff_form_still_takes_the_be_year(client, somchai, municipality):
    """The staff forms read 15/01/2569 as BE: only a BE year written as CE is the mistake."""
    client.force_login(somchai)
    data = {"site_type": "installation", "name": "โรงเรียน", "latitude": REF_LAT,
            "longitude": REF_LON, "building_type": "school", "capacity_kwp": "10",
            "tilt_deg": "15", "azimuth_deg": "180", "commissioned_on": "15/01/2569"}  # fmt: skip
    assert client.post("/manage/map/", data).status_code == 302
    assert SolarInstallation.objects.get().commissioned_on == dt.date(2026, 1, 15)
