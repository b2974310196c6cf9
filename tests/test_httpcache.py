"""Cached public answers are always right: a write changes the ETag at once, languages and
audiences never share an entry, conditional requests get 304, and the map never loads the
weather's hourly blob. Compression: Brotli when asked, gzip otherwise."""

import datetime as dt
import gzip
import json
import time
import types

import brotli
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sustain import httpcache
from sustain.models import InstallationEstimate, SolarInstallation, WastePoint, WeatherDataset
from sustain.services.dataversion import data_version
from sustain.services.records import record_delete, record_save
from tests.conftest import OWNER_NAME

GEOJSON = "/api/map/installations.geojson"
CACHED = (GEOJSON, "/api/map/waste-points.geojson", "/api/solar/summary")


def _etag(client, url: str = GEOJSON, **headers) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return response["ETag"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", CACHED)
def test_anonymous_answers_are_public_revalidated_and_304(client, url, household, waste_bank):
    first = client.get(url)
    assert first.status_code == 200
    assert first["Cache-Control"] == "public, max-age=60"
    assert first["ETag"].startswith('W/"') and first["Last-Modified"]
    assert {"Accept-Encoding", "Accept-Language", "Cookie"} <= {
        v.strip() for v in first["Vary"].split(",")
    }
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    since = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304
    stale = client.get(url, headers={"If-None-Match": 'W/"something-else"'})
    assert stale.status_code == 200 and stale.content == first.content


def test_a_write_changes_the_etag_at_once(client, estimated, household, somchai):
    before = _etag(client)
    household.capacity_kwp = household.capacity_kwp + 1
    record_save(obj=household, actor=somchai)
    after = client.get(GEOJSON, headers={"If-None-Match": before})
    assert after.status_code == 200 and after["ETag"] != before
    capacities = {f["id"]: f["properties"]["capacity_kwp"] for f in after.json()["features"]}
    assert capacities[household.pk] == float(household.capacity_kwp)
    # A delete (the count falls) and a bulk write past every signal (the fleet's upsert) too.
    record_delete(obj=SolarInstallation.objects.get(pk=household.pk), actor=somchai)
    deleted = client.get(GEOJSON)
    assert [f["id"] for f in deleted.json()["features"]] == [estimated[1].installation_id]
    rerun = estimated[1]
    rerun.annual_kwh, rerun.computed_at = 1234.5, timezone.now()
    InstallationEstimate.objects.bulk_create(
        [rerun], update_conflicts=True, unique_fields=["installation"],
        update_fields=["annual_kwh", "computed_at"],
    )  # fmt: skip
    upserted = client.get(GEOJSON)
    assert upserted["ETag"] != deleted["ETag"]
    assert upserted.json()["features"][0]["properties"]["annual_kwh"] == 1234.5


def test_an_edit_no_column_stamp_shows_still_changes_the_version(estimated):
    """Renaming the weather year keeps every count and stamp: the database's count moves."""
    before = data_version(topic="installations")
    weather = WeatherDataset.objects.get()
    weather.name = "renamed"
    weather.save(update_fields=["name"])
    assert data_version(topic="installations") != before


def test_thai_and_english_never_share_an_entry(client, household):
    thai = client.get(GEOJSON, headers={"Accept-Language": "th"})
    english = client.get(GEOJSON, headers={"Accept-Language": "en"})
    thai_again = client.get(GEOJSON, headers={"Accept-Language": "th"})
    name = {r: r.json()["features"][0]["properties"]["name"] for r in (thai, english)}
    assert name[thai].startswith("บ้านพักอาศัย หมู่ 2") and name[english].startswith("household")
    assert thai["ETag"] != english["ETag"]
    assert thai_again.content == thai.content and thai_again["Content-Language"] == "th"
    # An English ETag is no proof of holding the Thai answer.
    cross = client.get(GEOJSON, headers={"Accept-Language": "th", "If-None-Match": english["ETag"]})
    assert cross.status_code == 200


def test_staff_and_anonymous_never_share_an_entry(client, household, somchai):
    public = client.get(GEOJSON)
    client.force_login(somchai)
    staff = client.get(GEOJSON)
    assert staff["Cache-Control"] == "private, no-cache"
    assert staff.json()["features"][0]["properties"]["owner_name"] == OWNER_NAME
    assert staff["ETag"] != public["ETag"]
    client.logout()
    anonymous = client.get(GEOJSON)
    assert OWNER_NAME not in anonymous.content.decode()
    assert anonymous.content == public.content and anonymous["Cache-Control"].startswith("public")


def test_a_token_caller_gets_the_private_entry_not_the_public_one(client, household, somchai):
    from sustain.services.tokens import token_create

    client.get(GEOJSON)  # the public entry exists
    _token, raw = token_create(user=somchai, name="test")
    staff = client.get(GEOJSON, headers={"Authorization": f"Bearer {raw}"})
    assert staff.json()["features"][0]["properties"]["owner_name"] == OWNER_NAME
    assert staff["Cache-Control"] == "private, no-cache"
    assert client.get(GEOJSON, headers={"Authorization": "Bearer wrong"}).status_code == 401


def test_a_warm_answer_costs_one_query(client, estimated):
    client.get(GEOJSON)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(GEOJSON).status_code == 200
    assert len(queries) == 1  # the data version; the body comes from the cache


def test_the_map_never_reads_the_weather_blob(client, estimated, django_assert_max_num_queries):
    big = WeatherDataset.objects.get()
    WeatherDataset.objects.filter(pk=big.pk).update(hourly_npz=b"x" * 5_000_000)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(GEOJSON)
    assert response.status_code == 200 and len(response.content) < 10_000
    sql = " ".join(q["sql"] for q in queries.captured_queries).lower()
    assert "hourly_npz" not in sql
    assert "weatherdataset" in sql  # the weather's name is still read, in the same query
    features = response.json()["features"]
    assert {f["properties"]["estimate_weather"] for f in features} == {big.name}


def test_summary_is_cached_per_argument(client, estimated):
    today = client.get("/api/solar/summary").json()
    old = client.get("/api/solar/summary?on=2000-01-01").json()
    assert sum(r["installations"] for r in today["by_building_type"]) == 2
    assert old["by_building_type"] == [] and old["operating_on"] == "2000-01-01"
    assert client.get("/api/solar/summary?on=bad").status_code == 422


def test_waste_points_go_stale_when_a_point_opens_or_closes(client, waste_bank, monkeypatch):
    url = "/api/map/waste-points.geojson"
    first = client.get(url)
    change = first.json()["features"][0]["properties"]["sustain:next_change"]
    assert change
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url).content == first.content
    assert len(warm) == 1  # the data version: the entry stands until the point opens or closes
    moment = dt.datetime.fromisoformat(change).replace(tzinfo=timezone.get_current_timezone())
    clock = types.SimpleNamespace(
        time=lambda: moment.timestamp() + 1, monotonic=time.monotonic, sleep=time.sleep
    )
    monkeypatch.setattr(httpcache, "time", clock)
    with CaptureQueriesContext(connection) as stale:
        assert client.get(url).status_code == 200
    assert len(stale) > 1  # built again


def test_a_write_no_signal_sees_changes_the_answer_at_once(client, waste_bank):
    first = client.get("/api/map/waste-points.geojson").json()["features"][0]["properties"]
    WastePoint.objects.filter(pk=waste_bank.pk).update(opening_hours="24/7")  # no signal, no stamp
    again = client.get("/api/map/waste-points.geojson").json()["features"][0]["properties"]
    assert first["opening_hours"] != "24/7" and again["opening_hours"] == "24/7"


@pytest.mark.django_db
@pytest.mark.parametrize(("accept", "decode"), [
    ("br", brotli.decompress), ("gzip", gzip.decompress), ("gzip, deflate, br", brotli.decompress),
])  # fmt: skip
def test_cached_answers_are_compressed_as_asked(client, household, accept, decode):
    plain = client.get(GEOJSON).content
    packed = client.get(GEOJSON, headers={"Accept-Encoding": accept})
    assert packed["Content-Encoding"] == ("br" if decode is brotli.decompress else "gzip")
    assert decode(packed.content) == plain and int(packed["Content-Length"]) == len(packed.content)
    assert json.loads(plain)["type"] == "FeatureCollection"


def test_a_build_compresses_once_and_the_other_encoding_is_made_from_it(client, estimated):
    first = client.get(GEOJSON, headers={"Accept-Encoding": "br"})
    with CaptureQueriesContext(connection) as queries:
        other = client.get(GEOJSON, headers={"Accept-Encoding": "gzip"})
        plain = client.get(GEOJSON)
    assert len(queries) == 2  # each asked only the data version: nothing was built again
    assert first["Content-Encoding"] == "br" and other["Content-Encoding"] == "gzip"
    assert brotli.decompress(first.content) == gzip.decompress(other.content) == plain.content
    assert first["ETag"] == other["ETag"] == plain["ETag"]
    assert len(json.loads(plain.content)["features"]) == 2


def test_pages_csv_and_lists_are_compressed(client, household, school, somchai):
    page = client.get("/", headers={"Accept-Encoding": "gzip, br"})
    assert page["Content-Encoding"] == "br" and b"<html" in brotli.decompress(page.content)
    listing = client.get("/api/solar/installations", headers={"Accept-Encoding": "gzip"})
    assert listing["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(listing.content))["count"] == 2
    csv = client.get("/api/solar/installations.csv", headers={"Accept-Encoding": "br"})
    assert csv["Content-Encoding"] == "br"
    assert brotli.decompress(csv.content).decode().startswith("id,name,")
    # A signed-in user's pages stay on gzip (padded against BREACH); their data may be Brotli.
    client.force_login(somchai)
    staff_page = client.get("/manage/solar/", headers={"Accept-Encoding": "gzip, br"})
    assert staff_page.status_code == 200 and staff_page["Content-Encoding"] == "gzip"


def test_the_home_page_counts_once_per_change(client, household, school, somchai):
    from sustain.services.public_summary import public_summary

    assert public_summary().operating_installations == 2
    with CaptureQueriesContext(connection) as queries:
        again = public_summary()
    assert again.operating_installations == 2 and len(queries) == 1  # the data version only
    school.status = "decommissioned"
    school.decommissioned_on = timezone.localdate() - dt.timedelta(days=1)
    record_save(obj=school, actor=somchai)
    assert public_summary().operating_installations == 1
