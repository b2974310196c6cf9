"""Generated requests for every operation of /api/openapi.json (schemathesis): no server errors,
and every response valid against the published schema."""

import json
import os

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from sustain.services import tokens
from sustain.services.solar import weathersets
from sustain.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
# Unknown query parameters are ignored by design (a browser's cache-buster must not break a
# request), and the staff test sends its own token: neither is generated as "invalid input".
# Missing and bad tokens have their own tests (test_permissions, test_hardening).
schema.config.generation.update(allow_extra_parameters=False, with_security_parameters=False)

FUZZ = settings(
    max_examples=15,
    deadline=None,
    # The same examples on every run, so CI is repeatable; FUZZ_RANDOM=1 explores new ones.
    derandomize=os.getenv("FUZZ_RANDOM") != "1",
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                           HealthCheck.function_scoped_fixture],
)  # fmt: skip


@pytest.fixture
def cast(settings, municipality, somchai, household, school, waste_bank, enterprise, moo1):
    settings.API_PUBLIC_RATE = "100000/min"  # the generator is one very busy client
    cache.clear()
    weathersets.weather_default_ensure()
    # Schemathesis calls the WSGI application itself, whose request signals would close the
    # database connection inside the test's transaction (on PostgreSQL); Django's own test
    # client unhooks them the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield {"Authorization": f"Bearer {tokens.token_create(user=somchai)[1]}"}
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# Checked: no server error, documented status codes and content types, every response body valid
# against the schema, and invalid input refused. Not checked: "every schema-valid request is
# accepted" (positive_data_acceptance): our rules are stricter than what JSON Schema can say
# (dates from 1900, a point inside bounds, a village that exists, validity that does not overlap),
# and those refusals are 4xx answers naming the field, as they should be.
NOT_CHECKED = [schemathesis.checks.positive_data_acceptance]

# Schemathesis calls the WSGI application directly and offers the encodings its HTTP library can
# decode (Brotli among them), but a WSGI call is not decoded: ask for the answer as it is.
# (Compression has its own tests in test_httpcache.py.)
PLAIN = {"Accept-Encoding": "identity"}


@schema.parametrize()
@FUZZ
@pytest.mark.django_db
def test_every_operation_as_staff(case, cast):
    case.call_and_validate(headers={**cast, **PLAIN}, excluded_checks=NOT_CHECKED)


@schema.include(method="GET").parametrize()
@FUZZ
@pytest.mark.django_db
def test_every_read_anonymously(case, cast):
    case.call_and_validate(headers=PLAIN, excluded_checks=NOT_CHECKED)


def test_the_published_schema_has_each_key_once(client):
    """Swagger UI (js-yaml) refuses a document with a key twice, as "403" and 403 once were."""
    repeated: list[str] = []

    def pairs(items: list[tuple[str, object]]) -> dict[str, object]:
        keys = [key for key, _value in items]
        repeated.extend(key for key in set(keys) if keys.count(key) > 1)
        return dict(items)

    json.loads(client.get("/api/openapi.json").content, object_pairs_hook=pairs)
    assert repeated == []
