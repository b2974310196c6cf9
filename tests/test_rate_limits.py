"""Rate limits that spoofed headers cannot get round, and a sign-in that locks after failures."""

import datetime as dt
import random
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

from sustain.services import tokens


def random_address() -> str:
    return ".".join(str(random.randint(1, 254)) for _ in range(4))


def spoofed() -> dict[str, Any]:
    """What an attacker sends to look like a new client on every request."""
    return {"HTTP_X_FORWARDED_FOR": f"{random_address()}, {random_address()}"}


def test_random_forwarded_for_does_not_reset_the_api_limit(client: Client, settings, db):
    settings.API_PUBLIC_RATE = "3/min"
    codes = [client.get("/api/villages", **spoofed()).status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]


def test_behind_a_trusted_proxy_the_proxys_entry_is_the_client(client: Client, settings, db):
    settings.API_PUBLIC_RATE = "2/min"
    settings.TRUSTED_PROXY_COUNT = 1
    # nginx appends the address it saw; whatever the client wrote before it is ignored.
    one = [
        client.get("/api/villages", HTTP_X_FORWARDED_FOR=f"{random_address()}, 203.0.113.7")
        for _ in range(3)
    ]
    assert [r.status_code for r in one] == [200, 200, 429]
    other = client.get("/api/villages", HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert other.status_code == 200  # another resident behind the same proxy
    garbage = client.get("/api/villages", HTTP_X_FORWARDED_FOR="not-an-address")
    assert garbage.status_code == 200  # counted as the proxy's own address, a new bucket
    assert client.get("/api/villages", HTTP_X_FORWARDED_FOR="x").status_code == 200
    assert client.get("/api/villages", HTTP_X_FORWARDED_FOR="y").status_code == 429


def test_public_pages_and_geojson_have_their_own_higher_limit(
    client: Client, settings, municipality
):
    settings.API_PUBLIC_RATE = "2/min"
    settings.PUBLIC_PAGE_RATE = "4/min"
    pages = [
        client.get(url, **spoofed()).status_code
        for url in ("/", "/reports/", "/api/map/waste-points.geojson",
                    "/api/map/installations.geojson", "/", "/reports/")
    ]  # fmt: skip
    assert pages == [200, 200, 200, 200, 429, 429]
    limited = client.get("/", **spoofed())
    assert limited["Retry-After"].isdigit()
    assert "ขอหน้าเว็บจำนวนมากในเวลาสั้น" in limited.content.decode()  # Thai, says to wait
    # The JSON API counts separately, at its own rate.
    assert [client.get("/api/villages").status_code for _ in range(3)] == [200, 200, 429]


def test_signed_in_staff_are_not_limited_as_anonymous_visitors(
    client: Client, settings, somchai, municipality
):
    settings.PUBLIC_PAGE_RATE = "2/min"
    client.force_login(somchai)
    assert {client.get("/").status_code for _ in range(4)} == {200}


def test_guessing_tokens_is_rate_limited_too(client: Client, settings, somchai):
    settings.API_PUBLIC_RATE = "3/min"
    codes = [
        client.get(
            "/api/villages", HTTP_AUTHORIZATION=f"Bearer sst_{random.random()}", **spoofed()
        ).status_code
        for _ in range(5)
    ]
    assert codes == [401, 401, 401, 429, 429]
    good = tokens.token_create(user=somchai)[1]
    assert client.get("/api/villages", HTTP_AUTHORIZATION=f"Bearer {good}").status_code == 200


# --- Sign-in -----------------------------------------------------------------------------------


def sign_in(client: Client, password: str, address: str = "198.51.100.4", **extra: Any):
    return client.post(
        "/staff/login/?next=/staff/",
        {"username": "somchai", "password": password},
        REMOTE_ADDR=address,
        **extra,
    )


def test_sign_in_locks_after_the_failure_limit_with_a_thai_message(
    client: Client, settings, somchai
):
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_LOCKOUT_MINUTES = 15
    for _ in range(2):
        assert sign_in(client, "wrong", **spoofed()).status_code == 200  # the form, with its error
    assert sign_in(client, "wrong", **spoofed()).status_code == 429  # the third failure locks
    locked = sign_in(client, "somchai-pass-1", **spoofed())  # even the right password now
    assert locked.status_code == 429
    page = locked.content.decode()
    last = AccessAttempt.objects.get(username="somchai").attempt_time
    unlock = timezone.localtime(last + dt.timedelta(minutes=15))
    assert "ลงชื่อเข้าใช้ถูกระงับ" in page and "3 ครั้ง" in page and "15 นาที" in page
    assert f"หลังเวลา {unlock:%H:%M} น." in page
    assert 880 <= int(locked["Retry-After"]) <= 900
    assert "_auth_user_id" not in client.session
    # Per user and address: the same person from the office network still signs in.
    assert sign_in(client, "somchai-pass-1", address="198.51.100.99").status_code == 302


def test_sign_in_unlocks_after_the_lockout(client: Client, settings, somchai):
    settings.LOGIN_FAILURE_LIMIT = 2
    for _ in range(2):
        sign_in(client, "wrong")
    assert sign_in(client, "somchai-pass-1").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))
    response = sign_in(client, "somchai-pass-1")
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(somchai.pk)
    assert not AccessAttempt.objects.exists()  # a success forgets the failures


@pytest.mark.parametrize("language,expected", [("en", "try again after")])
def test_lockout_page_follows_the_language_switch(client, settings, somchai, language, expected):
    settings.LOGIN_FAILURE_LIMIT = 1
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    sign_in(client, "wrong")
    assert expected in sign_in(client, "wrong").content.decode()
