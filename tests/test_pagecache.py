"""The anonymous home page is built once per data version and language: every answer still gets
its own CSP nonce and the visitor's CSRF token, a revalidation gets 304 with the nonce of the
copy it holds, a write rebuilds it at once, and signed-in visitors never share it."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sustain import pagecache
from sustain.models import Village, WastePoint
from sustain.pagecache import CSRF_HOLE, NONCE_HOLE

pytestmark = pytest.mark.django_db


def _nonce(response) -> str:
    return response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]


def _scripts_nonces(html: str) -> set[str]:
    return set(re.findall(r'<(?:script|style) nonce="([^"]+)"', html))


def _token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]  # type: ignore[index]


def test_a_warm_page_is_one_query_with_its_own_nonce_and_token(client, municipality, waste_bank):
    first = client.get("/")
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/")
    assert len(queries) <= 1  # the data version
    for response in (first, second):
        html = response.content.decode()
        assert response.status_code == 200 and response["Cache-Control"] == "private, no-cache"
        assert NONCE_HOLE not in html and CSRF_HOLE not in html
        assert _scripts_nonces(html) == {_nonce(response)}
    assert _nonce(first) != _nonce(second)
    # Apart from the nonce and the token, the same page.
    a, b = first.content.decode(), second.content.decode()
    for response, html in ((first, a), (second, b)):
        html = html.replace(_nonce(response), "N").replace(_token(html), "T")
        assert html == a.replace(_nonce(first), "N").replace(_token(a), "T")
    assert "Last-Modified" not in second and second["ETag"] != first["ETag"]


def test_the_cached_token_is_the_visitors_own():
    browser = Client(enforce_csrf_checks=True)
    html = browser.get("/").content.decode()
    html = browser.get("/").content.decode()  # from the cache
    answer = browser.post("/i18n/setlang/", {"language": "en", "next": "/"} | {
        "csrfmiddlewaretoken": _token(html)})  # fmt: skip
    assert answer.status_code == 302
    other = Client(enforce_csrf_checks=True)
    other.get("/")
    refused = other.post("/i18n/setlang/", {"language": "en", "csrfmiddlewaretoken": "x" * 64})
    assert refused.status_code == 403


def test_revalidation_gets_304_with_the_copys_nonce(client, municipality, waste_bank):
    first = client.get("/")
    again = client.get("/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert _nonce(again) == _nonce(first) and again["ETag"] == first["ETag"]
    # Another browser (another CSRF cookie) cannot use that copy; nor a made-up nonce.
    stranger = Client().get("/", headers={"If-None-Match": first["ETag"]})
    assert stranger.status_code == 200 and _nonce(stranger) != _nonce(first)
    forged = first["ETag"].replace(_nonce(first), "A" * 22 + "==")
    assert client.get("/", headers={"If-None-Match": forged}).status_code == 304
    bad = first["ETag"].replace(_nonce(first), "'unsafe-inline'")
    assert client.get("/", headers={"If-None-Match": bad}).status_code == 200


def test_a_write_rebuilds_the_page_at_once(client, municipality, waste_bank):
    first = client.get("/")
    assert "ธนาคารขยะหมู่ 2" not in first.content.decode()  # the page embeds no site
    Village.objects.create(moo=9, name_th="บ้านใหม่ทดสอบ")
    after = client.get("/", headers={"If-None-Match": first["ETag"]})
    assert after.status_code == 200 and "บ้านใหม่ทดสอบ" in after.content.decode()
    WastePoint.objects.filter(pk=waste_bank.pk).update(active=False)
    counted = client.get("/").content.decode()
    figures = re.findall(r'<span class="figure">([^<]+)</span>', counted)
    assert figures[2] == "0"  # no active waste point any more


def test_thai_and_english_never_share_an_entry(client, municipality):
    """Pages follow the language cookie (the switch on every page sets it)."""
    thai = client.get("/")
    client.cookies["django_language"] = "en"
    english = client.get("/")
    english_again = client.get("/")
    cross = client.get("/", headers={"If-None-Match": thai["ETag"]})
    client.cookies["django_language"] = "th"
    thai_again = client.get("/")
    assert '<html lang="th">' in thai.content.decode() and "ขยะ" in thai.content.decode()
    for response in (english, english_again, cross):
        assert response.status_code == 200 and '<html lang="en">' in response.content.decode()
    assert english_again["Content-Language"] == "en" and "Waste-sorting" in english.content.decode()
    assert '<html lang="th">' in thai_again.content.decode()


def test_staff_and_anonymous_never_share_one(client, municipality, somchai):
    client.force_login(somchai)
    staff = client.get("/")
    assert staff.status_code == 200 and "ETag" not in staff
    assert NONCE_HOLE not in staff.content.decode()
    client.logout()
    with CaptureQueriesContext(connection) as queries:
        anonymous = client.get("/")
    assert len(queries) > 1  # built: the staff answer was not stored
    assert anonymous["Cache-Control"] == "private, no-cache"
    client.force_login(somchai)
    with CaptureQueriesContext(connection) as queries:
        staff_again = client.get("/", headers={"If-None-Match": anonymous["ETag"]})
    assert staff_again.status_code == 200 and "ETag" not in staff_again
    assert len(queries) > 1


def test_query_strings_are_not_cached(client, municipality):
    response = client.get("/?utm_source=poster")
    assert response.status_code == 200 and "ETag" not in response
    assert 'value="/?utm_source=poster"' in response.content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_cached_and_revalidated_page_runs_its_scripts(
    browser, live_server, no_tiles, municipality, waste_bank, monkeypatch
):
    """Chromium enforces the policy: the page's scripts run when it was built, when it came from
    the cache and when the browser revalidated its copy (304); its language switch works."""
    context = browser.new_context(locale="th-TH")
    page = context.new_page()
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Security Policy" in m.text else None)
    revalidated: list[str | None] = []  # the server's side: Chromium reports a 304 as 200
    check = pagecache._revalidated_nonce

    def spy(*args):
        revalidated.append(check(*args))
        return revalidated[-1]

    monkeypatch.setattr(pagecache, "_revalidated_nonce", spy)
    for _ in range(3):
        page.goto(live_server.url + "/")
        page.wait_for_selector("body[data-points-loaded]", state="attached", timeout=15_000)
    assert len(revalidated) == 2 and all(revalidated)  # a 304 with the copy's nonce, twice
    assert blocked == []
    page.click("button[lang=en]")
    page.wait_for_selector("html[lang=en]", timeout=15_000)
    page.wait_for_selector("body[data-points-loaded]", state="attached", timeout=15_000)
    assert blocked == []
    context.close()
