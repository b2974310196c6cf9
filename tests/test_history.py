"""Every write keeps who made it: create, update, move and delete through the API, the staff map
and the admin. The pages are tested without django-simple-history's request middleware, so the
user in the history comes from the service layer itself (as it must for tokens and tasks)."""

import json

import pytest
from django.conf import settings
from django.test import override_settings

from sustain.models import (
    CommunityEnterprise,
    EmissionFactor,
    SolarInstallation,
    Village,
    WasteCollection,
    WastePoint,
)
from sustain.services import tokens
from tests.conftest import REF_LAT, REF_LON

WITHOUT_HISTORY_MIDDLEWARE = [m for m in settings.MIDDLEWARE if "simple_history" not in m]


def who(model, pk) -> list[tuple[str, str | None, str | None]]:
    """(type, user, reason) of each history row of one record, oldest first."""
    rows = model.history.filter(id=pk).order_by("history_date", "history_id")
    return [
        (h.history_type, h.history_user.username if h.history_user else None,
         h.history_change_reason)
        for h in rows
    ]  # fmt: skip


@pytest.fixture
def auth(somchai) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {tokens.token_create(user=somchai)[1]}"}


def send(client, method, url, auth, body=None):
    kwargs = {"data": json.dumps(body), "content_type": "application/json"} if body else {}
    return getattr(client, method)(url, **kwargs, **auth)


def test_api_create_update_move_and_delete_name_the_token_user(client, auth, municipality):
    body = {"name": "โรงเรียนใหม่", "building_type": "school", "latitude": REF_LAT,
            "longitude": REF_LON, "capacity_kwp": "12.5", "tilt_deg": 12,
            "commissioned_on": "2024-06-01"}  # fmt: skip
    created = send(client, "post", "/api/solar/installations", auth, body)
    assert created.status_code == 201
    pk = created.json()["id"]
    url = f"/api/solar/installations/{pk}"
    assert send(client, "patch", url, auth, {"tilt_deg": 20}).status_code == 200
    moved = send(client, "patch", url, auth, {"latitude": REF_LAT + 0.001})
    assert moved.status_code == 200
    assert send(client, "delete", url, auth).status_code == 204
    assert [(kind, user) for kind, user, _ in who(SolarInstallation, pk)] == [
        ("+", "somchai"), ("~", "somchai"), ("~", "somchai"), ("-", "somchai")
    ]  # fmt: skip


def test_api_deletes_of_every_kind_name_the_token_user(
    client, auth, waste_bank, enterprise, pet, moo1
):
    collection = WasteCollection.objects.create(point=waste_bank, material=pet, mass_kg=3,
                                                collected_on="2025-01-04", destination="sold")  # fmt: skip
    factor = EmissionFactor.objects.create(key="test_factor", name="x", kind="grid", value=1,
                                           unit="kg", source="test")  # fmt: skip
    for url, model, pk in (
        (f"/api/waste/collections/{collection.pk}", WasteCollection, collection.pk),
        (f"/api/waste/points/{waste_bank.pk}", WastePoint, waste_bank.pk),
        (f"/api/factors/{factor.pk}", EmissionFactor, factor.pk),
        (f"/api/enterprises/{enterprise.pk}", CommunityEnterprise, enterprise.pk),
        (f"/api/villages/{moo1.pk}", Village, moo1.pk),
    ):
        assert send(client, "delete", url, auth).status_code == 204, url
        assert who(model, pk)[-1][:2] == ("-", "somchai"), url


@override_settings(MIDDLEWARE=WITHOUT_HISTORY_MIDDLEWARE)
def test_staff_map_create_and_move_name_the_user(client, somchai, municipality):
    client.force_login(somchai)
    new = {"site_type": "waste_point", "name": "ถังขยะตลาด", "latitude": str(REF_LAT),
           "longitude": str(REF_LON), "kind": "drop_off_bin", "accepted_materials": ["paper"]}  # fmt: skip
    assert client.post("/manage/map/", new).status_code == 302
    point = WastePoint.objects.get()
    move = {"site_type": "waste_point", "move": f"waste_point:{point.pk}", "name": point.name,
            "latitude": str(REF_LAT + 0.002), "longitude": str(REF_LON + 0.001)}  # fmt: skip
    assert client.post("/manage/map/", move).status_code == 302
    point.refresh_from_db()
    assert (point.latitude, point.longitude) == (REF_LAT + 0.002, REF_LON + 0.001)
    assert who(WastePoint, point.pk) == [
        ("+", "somchai", None), ("~", "somchai", "moved on the staff map")
    ]  # fmt: skip


@override_settings(MIDDLEWARE=WITHOUT_HISTORY_MIDDLEWARE)
def test_admin_add_change_and_delete_name_the_user(client, somchai, municipality):
    assert client.login(username="somchai", password="somchai-pass-1")
    form = {"name": "จุดรับขยะวัด", "kind": "drop_off_bin", "active": "on", "latitude": str(REF_LAT),
            "longitude": str(REF_LON), "accepted_materials": ["paper"], "opening_hours": "",
            "collection_times": "", "operator": "", "ref": "", "notes": "",
            "last_verified_on": ""}  # fmt: skip
    response = client.post("/staff/sustain/wastepoint/add/", form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    point = WastePoint.objects.get()
    form["name"] = "จุดรับขยะวัดสันทราย"
    assert client.post(f"/staff/sustain/wastepoint/{point.pk}/change/", form).status_code == 302
    deleted = client.post(f"/staff/sustain/wastepoint/{point.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302 and not WastePoint.objects.exists()
    assert [(kind, user) for kind, user, _ in who(WastePoint, point.pk)] == [
        ("+", "somchai"), ("~", "somchai"), ("-", "somchai")
    ]  # fmt: skip
