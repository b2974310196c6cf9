"""Generated requests for every operation of /api/openapi.json (schemathesis): no server errors,
and every response valid against the published schema."""

import pytest
import schemathesis
from django.core.cache import cache
from hypothesis import HealthCheck, settings

from sustain.services import tokens, weathersets
from sustain.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)

FUZZ = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                           HealthCheck.function_scoped_fixture],
)  # fmt: skip


@pytest.fixture
def cast(settings, municipality, somchai, household, school, waste_bank, enterprise, moo1):
    settings.API_PUBLIC_RATE = "100000/min"  # the generator is one very busy client
    cache.clear()
    weathersets.weather_active()
    return {"Authorization": f"Bearer {tokens.token_create(user=somchai)[1]}"}


# Checked: no server error, documented status codes and content types, every response body valid
# against the schema, and invalid input refused. Not checked: "every schema-valid request is
# accepted" (positive_data_acceptance): our rules are stricter than what JSON Schema can say
# (dates from 1900, a point inside bounds, a village that exists, validity that does not overlap),
# and those refusals are 4xx answers naming the field, as they should be.
NOT_CHECKED = [schemathesis.checks.positive_data_acceptance]


@schema.parametrize()
@FUZZ
@pytest.mark.django_db
def test_every_operation_as_staff(case, cast):
    case.call_and_validate(headers=cast, excluded_checks=NOT_CHECKED)


@schema.include(method="GET").parametrize()
@FUZZ
@pytest.mark.django_db
def test_every_read_anonymously(case, cast):
    case.call_and_validate(excluded_checks=NOT_CHECKED)
