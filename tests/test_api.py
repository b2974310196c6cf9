"""The open API: public reads without personal data, staff writes by token, clear 4xx errors."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.test import Client, override_settings

from sustain.models import (
    EmissionFactor,
    MeterReading,
    SolarInstallation,
    WasteCollection,
    WastePoint,
)
from sustain.services import tokens
from sustain.services.solar import estimates, weathersets
from tests.conftest import OWNER_NAME, OWNER_PHONE, REF_LAT, REF_LON


@pytest.fixture
def staff_token(somchai) -> str:
    return tokens.token_create(user=somchai, name="tests")[1]


@pytest.fixture
def resident_token(nok) -> str:
    return tokens.token_create(user=nok)[1]


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def post(client: Client, url: str, body: object, token: str | None = None, method: str = "post"):
    headers = bearer(token) if token else {}
    return getattr(client, method)(
        url, data=json.dumps(body), content_type="application/json", **headers
    )


# --- Public reads and personal data --------------------------------------------------------------


def test_public_list_hides_owner_data_and_exact_household_location(client, household, school):
    body = client.get("/api/solar/installations").json()
    assert body["count"] == 2
    raw = json.dumps(body, ensure_ascii=False)
    assert OWNER_NAME not in raw and OWNER_PHONE not in raw and household.name not in raw
    house = next(i for i in body["items"] if i["id"] == household.pk)
    assert "owner_name" not in house and "owner_phone" not in house and "notes" not in house
    assert house["location_precision"] == "grid_250m"
    assert (house["latitude"], house["longitude"]) != (household.latitude, household.longitude)
    assert abs(house["latitude"] - household.latitude) < 0.0025  # within its 250 m cell
    assert house["name"].startswith("บ้านพักอาศัย หมู่ 2 #")
    exact = next(i for i in body["items"] if i["id"] == school.pk)
    assert exact["location_precision"] == "exact" and exact["latitude"] == school.latitude
    assert exact["name"] == school.name


def test_staff_token_sees_private_fields(client, household, staff_token):
    body = client.get(f"/api/solar/installations/{household.pk}", **bearer(staff_token)).json()
    assert body["owner_name"] == OWNER_NAME and body["owner_phone"] == OWNER_PHONE
    assert body["latitude"] == household.latitude and body["location_precision"] == "exact"


def test_resident_token_sees_public_data_only(client, household, resident_token):
    body = client.get(f"/api/solar/installations/{household.pk}", **bearer(resident_token)).json()
    assert "owner_name" not in body and body["location_precision"] == "grid_250m"


def test_enterprise_representatives_are_staff_only(client, enterprise, staff_token):
    public = client.get(f"/api/enterprises/{enterprise.pk}").json()
    assert "representative_name" not in public and "representative_contact" not in public
    assert "นางผู้แทน" not in json.dumps(client.get("/api/enterprises").json(), ensure_ascii=False)
    staff = client.get(f"/api/enterprises/{enterprise.pk}", **bearer(staff_token)).json()
    assert staff["representative_name"] == "นางผู้แทน"


def test_geojson_is_rfc7946_with_osm_tags_and_no_personal_data(client, household, waste_bank):
    points = client.get("/api/map/waste-points.geojson").json()
    feature = points["features"][0]
    assert feature["geometry"] == {
        "type": "Point",
        "coordinates": [round(waste_bank.longitude, 6), round(waste_bank.latitude, 6)],
    }
    assert feature["properties"]["amenity"] == "recycling"
    assert feature["properties"]["recycling_type"] == "centre"
    assert feature["properties"]["recycling:plastic_bottles"] == "yes"
    assert feature["properties"]["opening_hours"] == "Sa[2] 09:00-12:00"
    installations = client.get("/api/map/installations.geojson").content.decode()
    assert OWNER_NAME not in installations and OWNER_PHONE not in installations
    house = json.loads(installations)["features"][0]
    assert house["properties"]["location_precision"] == "grid_250m"


def test_filters_ordering_pagination_and_incremental_sync(client, household, school, moo2):
    assert [
        i["id"]
        for i in client.get(f"/api/solar/installations?village_id={moo2.pk}").json()["items"]
    ] == [household.pk]
    assert client.get("/api/solar/installations?building_type=school").json()["count"] == 1
    by_size = client.get("/api/solar/installations?ordering=-capacity_kwp").json()["items"]
    assert [i["id"] for i in by_size] == [school.pk, household.pk]
    first = client.get("/api/solar/installations?limit=1&offset=1&ordering=id").json()
    assert first["count"] == 2 and [i["id"] for i in first["items"]] == [school.pk]
    bbox = f"{REF_LON:.4f},{REF_LAT:.4f},{REF_LON + 0.01:.4f},{REF_LAT + 0.01:.4f}"
    assert [
        i["id"] for i in client.get(f"/api/solar/installations?bbox={bbox}").json()["items"]
    ] == [household.pk]
    later = (dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)).isoformat().replace("+00:00", "Z")
    assert client.get(f"/api/solar/installations?updated_since={later}").json()["count"] == 0


def test_waste_points_filter_by_material(client, waste_bank):
    assert client.get("/api/waste/points?material=cans").json()["count"] == 1
    assert client.get("/api/waste/points?material=batteries").json()["count"] == 0


def test_csv_export_neutralises_formulas(client, staff_token, waste_bank):
    waste_bank.operator = '=HYPERLINK("http://x")'
    waste_bank.save()
    body = client.get("/api/waste/points.csv").content.decode()
    assert "'=HYPERLINK" in body and "\n=HYPERLINK" not in body and ",=HYPERLINK" not in body
    assert body.splitlines()[0].startswith("id,name,kind,accepted_materials")


def test_estimate_summary_and_maintenance(client, municipality, household, school, staff_token):
    weathersets.weather_default_ensure()
    for installation in (household, school):
        estimates.installation_estimate_refresh(installation_id=installation.pk)
    estimate = client.get(f"/api/solar/installations/{household.pk}/estimate").json()
    assert len(estimate["monthly_kwh"]) == 12 and estimate["weather_approximate"] is True
    assert estimate["model_version"].startswith("pvwatts5")
    summary = client.get("/api/solar/summary").json()
    assert {row["key"] for row in summary["by_building_type"]} == {"household", "school"}
    assert client.get("/api/solar/maintenance").status_code == 401
    expected = household.estimate.monthly_kwh[0]
    post(client, f"/api/solar/installations/{household.pk}/readings",
         {"period_start": "2025-01-01", "period_end": "2025-01-31", "energy_kwh": f"{expected / 2:.3f}"}, staff_token)  # fmt: skip
    flags = client.get("/api/solar/maintenance", **bearer(staff_token)).json()
    assert [f["installation_id"] for f in flags] == [household.pk]
    assert (
        flags[0]["performance_ratio"] == pytest.approx(0.5, abs=1e-3)
        and flags[0]["threshold"] == 0.8
    )


# --- Writes, permissions, errors -----------------------------------------------------------------


INSTALLATION = {
    "name": "โรงเรียนใหม่", "building_type": "school", "latitude": 19.72, "longitude": 100.18,
    "capacity_kwp": "12.5", "tilt_deg": 12, "commissioned_on": "2024-06-01",
}  # fmt: skip


def test_staff_token_creates_updates_and_deletes(client, staff_token, somchai, municipality):
    created = post(client, "/api/solar/installations", INSTALLATION, staff_token)
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert SolarInstallation.objects.get(pk=pk).history.get().history_user == somchai
    patched = post(client, f"/api/solar/installations/{pk}", {"tilt_deg": 20}, staff_token, "patch")
    assert patched.status_code == 200 and patched.json()["tilt_deg"] == 20
    assert SolarInstallation.objects.get(pk=pk).name == "โรงเรียนใหม่"  # PATCH leaves the rest
    assert client.delete(f"/api/solar/installations/{pk}", **bearer(staff_token)).status_code == 204
    assert not SolarInstallation.objects.filter(pk=pk).exists()


def test_writes_need_a_staff_token_with_the_permission(
    client, resident_token, somchai, staff_token
):
    assert post(client, "/api/solar/installations", INSTALLATION).status_code == 401
    assert (
        post(client, "/api/solar/installations", INSTALLATION, "sst_not-a-token").status_code == 401
    )
    assert post(client, "/api/solar/installations", INSTALLATION, resident_token).status_code == 403
    somchai.groups.clear()  # staff, but no longer allowed to add installations
    response = post(client, "/api/solar/installations", INSTALLATION, staff_token)
    assert response.status_code == 403 and "may not add" in response.json()["detail"]
    assert not SolarInstallation.objects.exists()


def test_revoked_token_is_refused_even_for_reads(client, somchai, school):
    _token, raw = tokens.token_create(user=somchai)
    tokens.tokens_revoke(user=somchai)
    assert client.get("/api/solar/installations", **bearer(raw)).status_code == 401
    assert client.get("/api/solar/installations").status_code == 200


def test_invalid_body_names_each_field_and_rule(client, staff_token):
    bad = {**INSTALLATION, "capacity_kwp": "0", "tilt_deg": 95, "building_type": "castle"}
    response = post(client, "/api/solar/installations", bad, staff_token)
    assert response.status_code == 422
    fields = {e["field"]: e for e in response.json()["errors"]}
    assert set(fields) == {"capacity_kwp", "tilt_deg", "building_type"}
    assert fields["capacity_kwp"]["message"] == "ต้องมากกว่า 0"  # Thai when the caller does not say
    assert fields["tilt_deg"]["message"] == "ต้องน้อยกว่าหรือเท่ากับ 90"
    english = client.post("/api/solar/installations", data=json.dumps(bad), content_type="application/json",
                          HTTP_ACCEPT_LANGUAGE="en", **bearer(staff_token)).json()  # fmt: skip
    fields = {e["field"]: e for e in english["errors"]}
    assert "greater than 0" in fields["capacity_kwp"]["message"]
    assert "less than or equal to 90" in fields["tilt_deg"]["message"]


def test_model_rules_come_back_as_field_errors(client, staff_token):
    bad = {**INSTALLATION, "status": "decommissioned"}
    response = client.post("/api/solar/installations", data=json.dumps(bad), content_type="application/json",
                           HTTP_ACCEPT_LANGUAGE="en", **bearer(staff_token))  # fmt: skip
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "decommissioned_on", "code": "required_when_decommissioned",
                                          "message": "Decommissioned on is required when the status is decommissioned."}]  # fmt: skip
    point = {"name": "จุด", "kind": "drop_off_bin", "latitude": 19.7, "longitude": 100.2,
             "opening_hours": "every day"}  # fmt: skip
    response = post(client, "/api/waste/points", point, staff_token)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "opening_hours"


def test_unknown_ids_and_references(client, staff_token, waste_bank):
    assert client.get("/api/solar/installations/999999").status_code == 404
    assert client.get("/api/solar/installations/99999999999999").status_code == 422
    body = {"point_id": waste_bank.pk, "collected_on": "2025-03-08", "material": "unobtainium",
            "mass_kg": "4", "destination": "sold"}  # fmt: skip
    response = post(client, "/api/waste/collections", body, staff_token)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "material"
    body["material"], body["point_id"] = "pet", 424242
    response = post(client, "/api/waste/collections", body, staff_token)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "point"


def test_deleting_a_record_in_use_is_a_conflict(client, staff_token, waste_bank, pet):
    WasteCollection.objects.create(point=waste_bank, material=pet, collected_on=dt.date(2025, 1, 4),
                                   mass_kg=Decimal("3"), destination="sold")  # fmt: skip
    response = client.delete(f"/api/waste/points/{waste_bank.pk}", **bearer(staff_token))
    assert response.status_code == 409 and "Still used by" in response.json()["detail"]
    assert WastePoint.objects.filter(pk=waste_bank.pk).exists()


def test_factor_overlap_is_refused(client, staff_token):
    body = {"key": "grid_electricity", "name": "x", "kind": "grid", "value": "0.5", "unit": "kgCO2e/kWh",
            "valid_from": "2026-06-01", "source": "test"}  # fmt: skip
    response = post(client, "/api/factors", body, staff_token)
    assert (
        response.status_code == 422 and response.json()["errors"][0]["code"] == "validity_overlap"
    )
    assert EmissionFactor.objects.filter(key="grid_electricity").count() == 2


def test_device_batch_is_idempotent_and_reports_each_item(
    client, staff_token, municipality, household, school
):
    weathersets.weather_default_ensure()
    items = [
        {"installation_id": household.pk, "period_start": "2025-01-01", "period_end": "2025-01-31", "energy_kwh": "520"},
        {"installation_id": school.pk, "period_start": "2025-01-01", "period_end": "2025-01-31", "energy_kwh": "3100"},
        {"installation_id": 424242, "period_start": "2025-01-01", "period_end": "2025-01-31", "energy_kwh": "1"},
        {"installation_id": household.pk, "period_start": "2025-01-15", "period_end": "2025-02-15", "energy_kwh": "9"},
    ]  # fmt: skip
    first = post(client, "/api/solar/readings/batch", {"items": items}, staff_token).json()
    assert [r["status"] for r in first["results"]] == ["stored", "stored", "refused", "refused"]
    assert first["results"][2]["errors"][0]["field"] == "installation_id"
    assert first["results"][3]["errors"][0]["code"] == "period_overlap"
    assert (first["stored"], first["refused"]) == (2, 2)
    again = post(client, "/api/solar/readings/batch", {"items": items[:2]}, staff_token).json()
    assert [r["status"] for r in again["results"]] == ["unchanged", "unchanged"]
    items[0]["energy_kwh"] = "530"
    corrected = post(client, "/api/solar/readings/batch", {"items": items[:1]}, staff_token).json()
    assert corrected["results"][0]["status"] == "updated"
    assert MeterReading.objects.count() == 2
    assert MeterReading.objects.get(installation=household).energy_kwh == Decimal("530")
    assert MeterReading.objects.get(installation=school).source == "device"
    assert (MeterReading.objects.get(installation=school).expected_kwh or 0) > 0


@override_settings(API_PUBLIC_RATE="3/min")
def test_public_endpoints_are_rate_limited(client, staff_token):
    from django.core.cache import cache

    cache.clear()
    codes = [client.get("/api/villages").status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    assert client.get("/api/villages", **bearer(staff_token)).status_code == 200  # token callers
    cache.clear()


def test_openapi_and_docs_are_served_without_a_cdn(client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/solar/readings/batch" in schema["paths"]
    docs = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui" in docs and "cdn" not in docs.lower()


def test_messages_in_thai_unless_the_caller_asks_for_english(client, staff_token):
    bad = {**INSTALLATION, "status": "decommissioned"}
    thai = post(client, "/api/solar/installations", bad, staff_token).json()
    assert thai["errors"][0]["message"] == "ต้องระบุวันที่ปลดระวางเมื่อสถานะเป็นปลดระวางแล้ว"


def test_public_bbox_cannot_pinpoint_a_household(client, household, staff_token):
    lat, lon = household.latitude, household.longitude
    tiny = f"{lon - 0.0001:.6f},{lat - 0.0001:.6f},{lon + 0.0001:.6f},{lat + 0.0001:.6f}"
    assert client.get(f"/api/solar/installations?bbox={tiny}").json()["count"] == 0
    staff = client.get(f"/api/solar/installations?bbox={tiny}", **bearer(staff_token)).json()
    assert [i["id"] for i in staff["items"]] == [household.pk]


def test_times_with_any_offset_or_none_are_understood(client, school):
    # +22:05 is valid ISO 8601 but beyond what PostgreSQL stores: it is converted to UTC first.
    assert (
        client.get("/api/solar/installations?updated_since=2000-01-01T00:00:00%2B22:05").json()[
            "count"
        ]
        == 1
    )
    assert (
        client.get("/api/solar/installations?updated_since=2000-01-01T00:00:00").json()["count"]
        == 1
    )
    response = client.get("/api/solar/installations?updated_since=12345")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "updated_since"
