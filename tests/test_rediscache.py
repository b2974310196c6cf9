"""The production cache: Redis through ``sustain.rediscache`` (``CACHE_URL=redis://…``), which keeps
one Redis client instead of Django's new one per command. Cached answers through it are as right
as through the default local memory: 304s, a write changes the ETag at once, languages apart."""

import uuid
from collections.abc import Iterator

import brotli
import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.test import override_settings

from sustain import rediscache
from sustain.services.records import record_save
from sustain.settings import cache_from_url

GEOJSON = "/api/map/installations.geojson"

pytestmark = pytest.mark.services


@pytest.fixture
def redis_cache() -> Iterator[str]:
    """The Redis of the test run (the Celery broker's), under a key prefix of this test's own:
    ``cache.clear()`` would empty the whole database, Celery's queues with it."""
    url = settings.CELERY_BROKER_URL
    assert url.startswith("redis://"), "set CELERY_BROKER_URL=redis://…"
    prefix = f"test-{uuid.uuid4().hex}"
    with override_settings(CACHES={"default": {**cache_from_url(url), "KEY_PREFIX": prefix}}):
        yield prefix
        client = caches["default"]._cache.get_client(write=True)  # type: ignore[attr-defined]
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)


def test_the_client_is_made_once_and_shared_by_reads_and_writes(redis_cache) -> None:
    assert isinstance(caches["default"], rediscache.RedisCache)
    backend = caches["default"]._cache
    assert isinstance(backend, rediscache.ReusedClientCacheClient)
    first = backend.get_client("a")
    assert backend.get_client("b", write=True) is first
    cache.set("greeting", "สวัสดี", timeout=30)
    assert cache.get("greeting") == "สวัสดี"
    assert cache.get_many(["greeting", "missing"]) == {"greeting": "สวัสดี"}
    assert cache.add("greeting", "again") is False
    assert backend.get_client() is first
    assert first.get(f"{redis_cache}:1:greeting") is not None  # stored under our prefix


@pytest.mark.django_db
def test_answers_cached_in_redis_are_revalidated_and_change_with_a_write(
    redis_cache, client, household, somchai
) -> None:
    first = client.get(GEOJSON, headers={"Accept-Encoding": "br", "Accept-Language": "th"})
    assert first.status_code == 200 and first["Content-Encoding"] == "br"
    feature = brotli.decompress(first.content).decode()
    assert "บ้านพักอาศัย หมู่ 2" in feature and "นายเจ้าของ" not in feature
    again = client.get(GEOJSON, headers={"If-None-Match": first["ETag"], "Accept-Language": "th"})
    assert again.status_code == 304
    english = client.get(GEOJSON, headers={"Accept-Language": "en"})
    assert english.status_code == 200 and english["ETag"] != first["ETag"]
    assert "household" in english.content.decode()
    household.capacity_kwp = household.capacity_kwp + 1
    record_save(obj=household, actor=somchai)
    after = client.get(GEOJSON, headers={"If-None-Match": first["ETag"], "Accept-Language": "th"})
    assert after.status_code == 200 and after["ETag"] != first["ETag"]
    capacities = [f["properties"]["capacity_kwp"] for f in after.json()["features"]]
    assert capacities == [float(household.capacity_kwp)]
