"""Answers built once per change of the data they show, compressed once, and revalidated.

``@cached_answer(topic=...)`` on a view (a django-ninja operation or a plain Django view that
returns data) keeps its answer in the cache (``CACHE_URL``: Redis in production, local memory by
default) under a key made of

* the view and its validated arguments (never the raw query string: junk parameters make no
  new entries),
* the caller's audience: anonymous, signed in, or signed in and allowed to see private data
  (the three never share an entry),
* the language of the answer (Thai and English never share an entry),
* the topic's data version (``services.dataversion``), which a write changes when it commits,
  and today's date for answers that depend on it (``per_day=True``).

The entry holds the body compressed with gzip and Brotli (decompressed for the rare client that
takes neither), a weak ``ETag`` (a hash of the body) and a ``Last-Modified`` second that never
repeats for a key. Conditional requests get ``304 Not Modified``. Anonymous answers are
``Cache-Control: public, max-age=60``, signed-in ones ``private, no-cache``.

Adopting it is one line under the route decorator::

    @router.get("/things.geojson")
    @cached_answer(topic="things")
    def things(request): ...
"""

import contextlib
import datetime as dt
import functools
import gc
import gzip
import hashlib
import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import orjson
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe
from pydantic import BaseModel

from sustain import permissions
from sustain.services.dataversion import data_version

try:
    import brotli
except ImportError:  # pragma: no cover - brotli is in the lock; gzip alone still works
    brotli = None

ENTRY_TIMEOUT_S = 24 * 3600  # an entry no version points at any more simply ages out
PUBLIC_CACHE_CONTROL = "public, max-age=60"
PRIVATE_CACHE_CONTROL = "private, no-cache"
# Compression levels by the answer's size: a small answer (a page, a summary) is compressed
# well, cheaply; a large one (the province's GeoJSON) fast, where the level costs most of the
# build. 20,000 installations' GeoJSON (26 MB) on this machine: Brotli 4 took 0.23 s for 0.75 MB,
# Brotli 1 0.03 s for 0.89 MB; gzip 6 0.26 s for 0.90 MB, gzip 3 0.11 s for 1.29 MB.
LARGE_ANSWER_BYTES = 4_000_000
BROTLI_QUALITY = 4
BROTLI_QUALITY_LARGE = 1
GZIP_LEVEL = 6
GZIP_LEVEL_LARGE = 3
BUILD_WAIT_S = 30  # the longest a request waits for another's build of the same answer


@dataclass(frozen=True)
class Answer:
    """What a view returns when its answer goes stale at a known moment (opening hours)."""

    data: Any
    fresh_until: dt.datetime | None


@dataclass(frozen=True)
class Entry:
    """What is known of a stored answer; its bodies are stored beside it, one per encoding, so
    a hit fetches only the one it sends and a 304 none."""

    etag: str
    last_modified: int
    content_type: str
    fresh_until: float | None  # a POSIX time, or None: as long as the version stands


def _user(request: HttpRequest) -> Any:
    """A token's user (django-ninja puts the caller in ``request.auth``) or the session's."""
    caller = getattr(request, "auth", None)
    return getattr(caller, "user", None) or request.user


def audience(request: HttpRequest) -> str:
    user = _user(request)
    if not user.is_authenticated:
        return "anonymous"
    return "private" if permissions.sees_private(user) else "signed-in"


def _digest(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()


def _accepted(request: HttpRequest) -> str:
    accept = request.headers.get("Accept-Encoding", "").lower()
    codings = {part.split(";")[0].strip() for part in accept.split(",")}
    if "br" in codings and brotli is not None:
        return "br"
    return "gzip" if "gzip" in codings else "identity"


_DJANGO_JSON = DjangoJSONEncoder()
# Dates and times as Django's encoder writes them (milliseconds, "Z"), keys that are numbers as
# text, numpy's numbers as numbers: what ``json.dumps(cls=DjangoJSONEncoder, ensure_ascii=False)``
# writes without spaces (small exponents are spelt 1e-7, not 1e-07), in a tenth of the time
# (20,000 installations' 26 MB took 0.30 s with ``json``)
_ORJSON_OPTIONS = (
    orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY
)


def _serialise(result: Any, schema: type[BaseModel] | None) -> bytes:
    """JSON of a view's result, UTF-8, compact. Not a number (NaN, infinity) becomes ``null``,
    which JSON allows, where ``json`` would write ``NaN``, which it does not."""
    if schema is not None:
        result = schema.model_validate(result).model_dump(mode="json")
    return orjson.dumps(result, default=_DJANGO_JSON.default, option=_ORJSON_OPTIONS)


def _last_modified(base_key: str) -> int:
    """This second, or one after the last one given for the same key: a client holding an older
    answer never gets a 304 for a newer one built within the same second."""
    pointer = f"{base_key}:last-modified"
    second = max(math.ceil(time.time()), int(cache.get(pointer, 0)) + 1)
    cache.set(pointer, second, timeout=ENTRY_TIMEOUT_S)
    return second


def _compress(raw: bytes, encoding: str) -> bytes:
    large = len(raw) > LARGE_ANSWER_BYTES
    if encoding == "br":
        return brotli.compress(raw, quality=BROTLI_QUALITY_LARGE if large else BROTLI_QUALITY)
    return gzip.compress(raw, GZIP_LEVEL_LARGE if large else GZIP_LEVEL, mtime=0)


def _transcoded(key: str, wanted: str) -> bytes | None:
    """The stored answer in the ``wanted`` encoding, made (and stored) from the other one: a build
    compresses only what its request asked for, and the first client wanting the other encoding
    pays its compression once. None when neither is stored."""
    for have in ("br", "gzip"):
        if have == wanted or (have == "br" and brotli is None):
            continue
        data = cache.get(f"{key}:{have}")
        if data is None:
            continue
        raw = brotli.decompress(data) if have == "br" else gzip.decompress(data)
        body = _compress(raw, wanted)
        cache.set(f"{key}:{wanted}", body, timeout=ENTRY_TIMEOUT_S)
        return body
    return None


def _store(
    key: str, body: bytes, content_type: str, base_key: str, fresh_until: float | None,
    encoding: str,
) -> tuple[Entry, dict[str, bytes]]:  # fmt: skip
    bodies = {encoding: _compress(body, encoding)}
    entry = Entry(
        # SHA-256 (the processor's instructions): 26 MB in 0.019 s, BLAKE2b took 0.05 s
        etag='W/"' + hashlib.sha256(body).hexdigest()[:24] + '"',
        last_modified=_last_modified(base_key),
        content_type=content_type,
        fresh_until=fresh_until,
    )
    stored = {f"{key}:{encoding}": data for encoding, data in bodies.items()}
    cache.set_many({key: entry, **stored}, timeout=ENTRY_TIMEOUT_S)
    return entry, bodies


@contextlib.contextmanager
def _no_collection() -> Iterator[None]:
    """Building a large answer allocates hundreds of thousands of small objects that live until
    it is serialised and make no cycles; Python's cycle collector would walk every live object
    again and again meanwhile (2-3 × the build time at 20,000 installations). It runs after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _built_by_another(key: str, stored: str) -> tuple[Entry | None, bytes | None]:
    """One process builds an answer at a time: if another is building it, wait for its result
    (up to ``BUILD_WAIT_S``) rather than build it again beside it (after a write, every worker
    would otherwise build the province-scale GeoJSON at once). (None, None): build it here."""
    if cache.add(f"{key}:building", 1, timeout=BUILD_WAIT_S):
        return None, None
    deadline = time.monotonic() + BUILD_WAIT_S
    while time.monotonic() < deadline:
        time.sleep(0.05)
        found = cache.get_many([key, f"{key}:{stored}"])
        if key in found:
            return found[key], found.get(f"{key}:{stored}") or _transcoded(key, stored)
    return None, None


def _not_modified(request: HttpRequest, entry: Entry) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:  # it takes precedence over If-Modified-Since (RFC 9110)
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or entry.etag.removeprefix("W/") in tags
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and since >= entry.last_modified


def _respond(
    request: HttpRequest, entry: Entry, body: bytes | None, encoding: str, who: str
) -> HttpResponse:
    if body is None:
        response = HttpResponse(status=304)
    else:
        if encoding == "identity":
            body = gzip.decompress(body)
        response = HttpResponse(body, content_type=entry.content_type)
        if encoding != "identity":
            response["Content-Encoding"] = encoding
        response["Content-Length"] = str(len(body))
    response["ETag"] = entry.etag
    response["Last-Modified"] = http_date(entry.last_modified)
    public = who == "anonymous"
    response["Cache-Control"] = PUBLIC_CACHE_CONTROL if public else PRIVATE_CACHE_CONTROL
    patch_vary_headers(response, ["Accept-Encoding", "Accept-Language", "Cookie", "Authorization"])
    return response


def cached_answer(
    *,
    topic: str,
    per_day: bool = False,
    schema: type[BaseModel] | None = None,
    content_type: str = "application/json",
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Cache the view's answer per data version of ``topic`` (see the module's text). The view
    returns data (serialised as JSON, through ``schema`` if given), an ``Answer``, or an
    ``HttpResponse``: one with a status other than 200 is passed on and never cached."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        name = f"{view.__module__}.{view.__qualname__}"

        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            who = audience(request)
            day = timezone.localdate().isoformat() if per_day else ""
            arguments = sorted((k, repr(v)) for k, v in kwargs.items())
            base_key = "answer:" + _digest(name, args, arguments, who, translation.get_language())
            key = f"{base_key}:{data_version(topic=topic)}:{day}"
            encoding = _accepted(request)
            stored = "gzip" if encoding == "identity" else encoding
            conditional = "If-None-Match" in request.headers or (
                "If-Modified-Since" in request.headers
            )
            found = cache.get_many([key] if conditional else [key, f"{key}:{stored}"])
            entry: Entry | None = found.get(key)
            body: bytes | None = found.get(f"{key}:{stored}")
            fresh_until = entry.fresh_until if entry is not None else None
            if fresh_until is not None and time.time() >= fresh_until:
                entry = None  # a waste point has opened or closed since it was built
            if entry is not None and _not_modified(request, entry):
                return _respond(request, entry, None, encoding, who)
            if entry is not None and body is None:
                body = cache.get(f"{key}:{stored}") or _transcoded(key, stored)
            if entry is None or body is None:
                entry, body = _built_by_another(key, stored)
            if entry is None or body is None:  # not built yet for this version (or evicted)
                try:
                    with _no_collection():
                        result = view(request, *args, **kwargs)
                        fresh_until = None
                        if isinstance(result, HttpResponseBase):
                            if result.status_code != 200 or result.streaming:
                                return result
                            raw = result.content  # type: ignore[attr-defined]
                            kind = result.get("Content-Type", content_type)
                        else:
                            if isinstance(result, Answer):
                                if result.fresh_until is not None:
                                    fresh_until = result.fresh_until.timestamp()
                                result = result.data
                            raw, kind = _serialise(result, schema), content_type
                        del result
                        entry, bodies = _store(key, raw, kind, base_key, fresh_until, stored)
                finally:
                    cache.delete(f"{key}:building")
                body = bodies[stored]
                if _not_modified(request, entry):
                    body = None
            return _respond(request, entry, body, encoding, who)

        return wrapper

    return decorate
