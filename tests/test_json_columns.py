"""The map's rows read dates, decimals and JSON as the text the answer shows, made by the
database (``sustain.api.json_columns``). They must be exactly what Python's conversion of the
same values gives, on SQLite and on PostgreSQL, or the map and the API would disagree."""

import datetime as dt
import json
import math
import random
from decimal import Decimal

import pytest

from sustain.api.maps import MAP_COLUMNS, installations_for_map
from sustain.api.solar import PUBLIC_FIELDS
from sustain.models import InstallationEstimate, SolarInstallation, WeatherDataset
from sustain.services.public_points import METRES_PER_DEGREE_LAT, snap_to_grid

BANGKOK = dt.timezone(dt.timedelta(hours=7))
MOMENTS = [
    dt.datetime(2026, 12, 2, 11, 23, 8, tzinfo=dt.UTC),  # a whole second: no fraction
    dt.datetime(2026, 12, 2, 11, 23, 8, 123456, tzinfo=dt.UTC),
    dt.datetime(2026, 12, 2, 11, 23, 8, 1, tzinfo=dt.UTC),  # one microsecond
    dt.datetime(2027, 1, 1, 6, 59, 59, 500000, tzinfo=BANGKOK),  # the day before, in UTC
]


def _python_json(value: object) -> object:
    """How the map converted a column's value before the database did it."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date):  # datetimes too
        return value.isoformat()
    return value


@pytest.mark.django_db
def test_rows_hold_what_python_would_have_shown(household, school) -> None:
    weather = WeatherDataset.objects.create(
        name="ปีอากาศ", source_format="default", description="", latitude=19.7, longitude=100.2,
        hours=8760, annual_ghi_kwh_m2=1800, active=True, applied=True, hourly_npz=b"",
    )  # fmt: skip
    monthly = [1.5, 2.25, 0.1 + 0.2, 1e-7, 123456.789, 0.0, 7, 8.5, 9.125, 10, 11.75, 1 / 3]
    InstallationEstimate.objects.create(
        installation=household, weather=weather, model_version="t", annual_kwh=7000.05,
        monthly_kwh=monthly, specific_yield_kwh_per_kwp=1400, inputs={},
        computed_at=MOMENTS[1],
    )  # fmt: skip
    SolarInstallation.objects.filter(pk=household.pk).update(
        capacity_kwp=Decimal("5.125"), decommissioned_on=dt.date(2031, 2, 28)
    )
    at = {name: i for i, name in enumerate(MAP_COLUMNS)}
    for moment in MOMENTS:
        SolarInstallation.objects.filter(pk=household.pk).update(updated_at=moment)
        SolarInstallation.objects.filter(pk=school.pk).update(
            updated_at=moment.replace(microsecond=0), last_verified_on=moment.date()
        )
        rows = installations_for_map()
        assert [row[at["id"]] for row in rows] == [household.pk, school.pk]
        for row, installation in zip(rows, [household, school], strict=True):
            installation.refresh_from_db()
            for name in PUBLIC_FIELDS:
                wanted = _python_json(getattr(installation, name))
                assert row[at[name]] == wanted, (name, moment)
                assert type(row[at[name]]) is type(wanted), name
    (household_row,) = installations_for_map(pk=household.pk)
    assert household_row[at["updated_at"]] == MOMENTS[3].astimezone(dt.UTC).isoformat()
    assert household_row[at["updated_at"]] == "2026-12-31T23:59:59.500000+00:00"
    assert json.loads(household_row[at["estimate__monthly_kwh"]]) == monthly
    (school_row,) = installations_for_map(pk=school.pk)
    assert school_row[at["updated_at"]] == "2026-12-31T23:59:59+00:00"
    assert school_row[at["decommissioned_on"]] is None
    assert school_row[at["estimate__monthly_kwh"]] is None


def test_grid_cells_are_the_formula_computed_row_by_row() -> None:
    """The household grid caches each row of cells; the centres are the formula's, exactly."""
    rng = random.Random(17)
    for _ in range(5000):
        lat, lon = rng.uniform(5.5, 20.5), rng.uniform(97.3, 105.7)
        grid_m = rng.choice([250, 250, 100, 1000, 333.3])
        step_lat = grid_m / METRES_PER_DEGREE_LAT
        centre_lat = (math.floor(lat / step_lat) + 0.5) * step_lat
        step_lon = grid_m / (METRES_PER_DEGREE_LAT * math.cos(math.radians(centre_lat)))
        centre_lon = (math.floor(lon / step_lon) + 0.5) * step_lon
        wanted = round(centre_lat, 6), round(centre_lon, 6)
        assert snap_to_grid(lat, lon, grid_m=grid_m) == wanted
        assert abs(wanted[0] - lat) <= step_lat / 2 + 1e-6
