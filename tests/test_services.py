"""Services: history credit, village assignment queued after commit, location warnings, tokens."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from sustain.models import ApiToken, SolarInstallation, Village, WastePoint
from sustain.services import tokens
from sustain.services.gis import places
from sustain.services.records import record_save
from tests.conftest import MOO1_SQUARE, REF_LAT, REF_LON


def test_record_save_credits_the_actor_in_history(school: SolarInstallation, somchai):
    school.capacity_kwp = Decimal("32.5")
    record_save(obj=school, actor=somchai, reason="meter survey")
    latest = school.history.latest()
    assert latest.history_user == somchai
    assert latest.history_change_reason == "meter survey"
    delta = latest.diff_against(latest.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [
        ("capacity_kwp", Decimal("30.000"), Decimal("32.500"))
    ]


def test_saving_a_boundary_assigns_sites_after_commit(
    moo2: Village, household: SolarInstallation, waste_bank: WastePoint, school, somchai,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    far = SolarInstallation.objects.create(
        name="ไกลออกไป", building_type="temple", latitude=REF_LAT + 0.05, longitude=REF_LON,
        capacity_kwp=Decimal("8"), tilt_deg=15, commissioned_on=dt.date(2024, 1, 1),
    )  # fmt: skip
    moo1 = Village(moo=1, name_th="บ้านสันทรายมูล", boundary_geojson=MOO1_SQUARE)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        places.village_save(village=moo1, actor=somchai)
    assert len(callbacks) == 1
    household.refresh_from_db()
    assert household.village == moo2  # nothing moves before commit
    callbacks[0]()  # commit: the (eager) task runs
    for site in (household, waste_bank, school, far):
        site.refresh_from_db()
    assert household.village == moo1 and waste_bank.village == moo1 and school.village == moo1
    assert far.village is None  # outside every boundary: left as staff set it
    assert household.history.latest().history_change_reason == "village assigned from boundary"


def test_saving_a_village_without_boundary_change_queues_nothing(
    moo1: Village, django_capture_on_commit_callbacks
):
    moo1.name_en = "Ban San Sai Mun"
    with django_capture_on_commit_callbacks() as callbacks:
        places.village_save(village=moo1)
    assert callbacks == []


def test_assignment_counts_sites_outside_every_village(moo1, school, household):
    household.latitude = REF_LAT + 0.2
    household.save()
    result = places.sites_assign_villages()
    assert (result.assigned, result.outside_every_village) == (1, 1)


def test_location_warning_outside_service_area(municipality, english):
    assert places.location_warning(latitude=REF_LAT + 0.01, longitude=REF_LON) == ""
    # Latitude and longitude swapped: thousands of km away.
    warning = places.location_warning(latitude=REF_LON, longitude=REF_LAT)
    assert "outside the service area" in warning
    # 0.1° north is about 11.1 km from the centre: 6.1 km outside a 5 km radius.
    assert "6.1 km" in places.location_warning(latitude=REF_LAT + 0.1, longitude=REF_LON)


def test_location_warning_uses_the_polygon_when_known(municipality, english):
    municipality.service_area_geojson = MOO1_SQUARE
    municipality.save()
    assert places.location_warning(latitude=REF_LAT, longitude=REF_LON) == ""
    # 0.03° north of the square's top edge (19.727) is about 3.3 km outside it.
    assert "3.3 km" in places.location_warning(latitude=19.757, longitude=REF_LON)


def test_token_lifecycle(somchai, nok):
    token, raw = tokens.token_create(user=somchai, name="logger")
    assert raw.startswith("sst_") and len(raw) > 40
    assert raw not in token.token_sha256  # only a hash is stored
    assert tokens.token_authenticate(raw=raw) == somchai
    assert tokens.token_authenticate(raw=raw + "x") is None
    assert tokens.tokens_revoke(user=nok) == 0  # Nok cannot revoke Somchai's token
    assert tokens.tokens_revoke(user=somchai, prefix=token.prefix) == 1
    assert tokens.token_authenticate(raw=raw) is None


def test_token_of_an_inactive_user_is_refused(somchai):
    _token, raw = tokens.token_create(user=somchai)
    somchai.is_active = False
    somchai.save()
    assert tokens.token_authenticate(raw=raw) is None


def test_api_token_command_prints_a_working_token(somchai, capsys):
    call_command("api_token", "somchai", "--name", "dashboard")
    raw = capsys.readouterr().out.strip()
    assert tokens.token_authenticate(raw=raw) == somchai
    call_command("api_token", "somchai", "--list")
    assert "dashboard  active" in capsys.readouterr().out
    call_command("api_token", "somchai", "--revoke")
    assert ApiToken.objects.get().revoked_at is not None
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        call_command("api_token", "nobody")
