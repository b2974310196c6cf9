"""/api/maintenance: what phones send (multipart inspections, work orders), sent twice, with
conflicts and bad input, and who may do what (environment staff, data entry, a group-less staff
account, a resident)."""

import datetime as dt
import json
import uuid
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from sustain.models import Inspection, InspectionPhoto, WorkOrder
from sustain.services import tokens
from sustain.services.maintenance import field
from tests.conftest import jpeg_bytes

URL = "/api/maintenance/inspections"


def bearer(user) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {tokens.token_create(user=user)[1]}"}


def _payload(site, **overrides) -> dict:
    body = {
        "uuid": str(uuid.uuid4()),
        "site_type": "installation",
        "site_id": site.pk,
        "inspected_at": (timezone.now() - dt.timedelta(hours=1)).isoformat(),
        "answers": {"panels_clean": False},
        "notes": "ฝุ่นจับหนา",
        "device": {"latitude": 19.7151, "longitude": 100.1821, "accuracy_m": 8},
        "photo_items": ["panel_photo"],
    }
    body.update(overrides)
    return body


def _send(client: Client, payload: dict, *, photos: list[bytes] | None = None, **headers: Any):
    files = [
        SimpleUploadedFile(f"p{i}.jpg", data, content_type="image/jpeg")
        for i, data in enumerate([jpeg_bytes()] if photos is None else photos)
    ]
    return client.post(URL, {"payload": json.dumps(payload), "photos": files}, **headers)


def test_an_inspection_sent_twice_is_stored_once(client, dara, solar_plan, school, photo_media):
    headers = bearer(dara)
    payload = _payload(school)
    first = _send(client, payload, **headers)
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["uuid"] == payload["uuid"] and body["inspector"] == "dara"
    assert body["device_latitude"] == 19.7151
    assert [a["key"] for a in body["answers"]] == ["panels_clean", "panel_photo"]
    assert len(body["opened_work_orders"]) == 1  # panels not clean
    [photo] = body["photos"]
    assert photo["url"].startswith("/manage/maintenance/photos/")
    again = _send(client, payload, **headers)
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    assert Inspection.objects.count() == 1 and InspectionPhoto.objects.count() == 1
    assert WorkOrder.objects.count() == 1


def test_bad_input_gets_422_naming_the_field(client, dara, solar_plan, school, photo_media):
    headers = bearer(dara)
    future = (timezone.now() + dt.timedelta(days=1)).isoformat()
    cases = [
        (_payload(school, inspected_at=future), None, "inspected_at"),
        (_payload(school, answers={"panels_clean": "maybe"}), None, "answers.panels_clean"),
        (_payload(school, answers={"panels_clean": True, "tilt": 3}), None, "answers.tilt"),
        (_payload(school, site_type="tower"), None, "site_type"),
        (_payload(school, photo_items=[]), None, "photo_items"),
        (_payload(school), [b"GIF89a not really"], "photos"),
        (_payload(school, device={"latitude": 91, "longitude": 100}), None, "device.latitude"),
    ]
    for payload, photos, field_name in cases:
        response = _send(client, payload, photos=photos, **headers)
        assert response.status_code == 422, (field_name, response.content)
        fields = [error["field"] for error in response.json()["errors"]]
        assert field_name in fields, (field_name, fields)
    not_json = client.post(URL, {"payload": "{not json"}, **headers)
    assert not_json.status_code == 422 and not_json.json()["errors"][0]["field"] == "payload"
    assert Inspection.objects.count() == 0 and WorkOrder.objects.count() == 0
    assert not any(photo_media.rglob("*.jpg"))


def test_a_photo_over_the_limit_is_refused(client, settings, dara, solar_plan, school, photo_media):
    settings.PHOTO_MAX_MB = 1
    big = jpeg_bytes(size=(4000, 3000)) + b"\0" * (1024 * 1024)
    response = _send(client, _payload(school), photos=[big], **bearer(dara))
    assert response.status_code == 422
    assert "1 MB" in response.json()["errors"][0]["message"]


def test_a_conflict_is_answered_409_with_the_changes(client, somchai, dara, solar_plan, school,
                                                     photo_media):  # fmt: skip
    version = field.site_version(school)
    school.tilt_deg = 12
    school._history_user = somchai
    school.save()
    payload = _payload(school, site_version=version)
    response = _send(client, payload, **bearer(dara), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409
    body = response.json()
    assert body["changes"][0]["changed_by"] == "somchai"
    assert body["site_version"] > version and Inspection.objects.count() == 0
    payload["site_version"] = body["site_version"]  # the staff member chose to send anyway
    assert _send(client, payload, **bearer(dara)).status_code == 201


def test_who_may_inspect(client, nok, kasem, dara, somchai, solar_plan, school, photo_media):
    assert _send(client, _payload(school)).status_code == 401
    assert _send(client, _payload(school), **bearer(nok)).status_code == 403
    refused = _send(client, _payload(school), **bearer(kasem))  # staff in no group
    assert refused.status_code == 403 and "add_inspection" in refused.json()["detail"]
    assert Inspection.objects.count() == 0
    assert client.get("/api/maintenance/due", **bearer(kasem)).status_code == 403
    assert client.get("/api/maintenance/due", **bearer(dara)).status_code == 200


def test_work_orders_by_phone_and_their_cost(client, somchai, dara, waste_bank):
    body = {"uuid": str(uuid.uuid4()), "site_type": "waste_point", "site_id": waste_bank.pk,
            "title": "ถังแตก", "priority": "high", "out_of_service": True}  # fmt: skip
    created = client.post("/api/maintenance/work-orders", json.dumps(body),
                          content_type="application/json", **bearer(dara))  # fmt: skip
    assert created.status_code == 201 and created.json()["opened_by_id"] == dara.pk
    again = client.post("/api/maintenance/work-orders", json.dumps(body),
                        content_type="application/json", **bearer(dara))  # fmt: skip
    assert again.status_code == 200 and WorkOrder.objects.count() == 1
    order_id = created.json()["id"]
    url = f"/api/maintenance/work-orders/{order_id}"
    status = client.patch(url, json.dumps({"status": "waiting_parts"}),
                          content_type="application/json", **bearer(dara))  # fmt: skip
    assert status.status_code == 200 and status.json()["status"] == "waiting_parts"
    cost = client.patch(url, json.dumps({"cost_thb": "850.50"}),
                        content_type="application/json", **bearer(dara))  # fmt: skip
    assert cost.status_code == 403 and cost.json()["errors"][0]["field"] == "cost_thb"
    done = client.patch(url, json.dumps({"status": "done", "cost_thb": "850.50"}),
                        content_type="application/json", **bearer(somchai))  # fmt: skip
    assert done.status_code == 200
    assert done.json()["cost_thb"] == "850.50" and done.json()["closed_on"] is not None
    bad = client.patch(url, json.dumps({"cost_thb": "-5"}), content_type="application/json",
                       **bearer(somchai))  # fmt: skip
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "cost_thb"
    listed = client.get("/api/maintenance/work-orders?status=done", **bearer(dara)).json()
    assert [o["id"] for o in listed["items"]] == [order_id]


def test_due_list_geojson_and_bundle(client, dara, bank_plan, waste_bank, moo2):
    due = client.get("/api/maintenance/due", **bearer(dara)).json()
    assert due["counts"]["week"] == 1 and due["items"][0]["name"] == waste_bank.name
    geo = client.get("/api/maintenance/due.geojson", **bearer(dara)).json()
    [feature] = geo["features"]
    assert feature["geometry"]["coordinates"] == [waste_bank.longitude, waste_bank.latitude]
    assert feature["properties"]["url"] == f"/manage/waste/points/{waste_bank.pk}/"
    bundle = client.get("/api/maintenance/field-bundle", **bearer(dara)).json()
    [site] = bundle["sites"]
    assert site["key"] == f"wp-{waste_bank.pk}" and site["version"] == field.site_version(
        waste_bank
    )
    plan = bundle["plans"][str(bank_plan.pk)]
    assert [item["key"] for item in plan["items"]] == ["bins_clean", "scale_error", "sign_photo"]
    assert plan["items"][1]["min"] == -20 and plan["items"][1]["unit"] == "kg"


def test_budget_json_and_spreadsheet(client, dara, somchai, household):
    forecast = client.get("/api/maintenance/budget?years=5", **bearer(dara)).json()
    assert len(forecast["fiscal_years_be"]) == 5 and len(forecast["lines"]) == 15
    response = client.get("/api/maintenance/budget.xlsx", **bearer(somchai))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    import io

    assert openpyxl.load_workbook(io.BytesIO(response.content)).sheetnames[0] == "สรุป"


@pytest.mark.django_db
def test_reads_need_staff(client):
    for url in ("/api/maintenance/due", "/api/maintenance/due.geojson",
                "/api/maintenance/field-bundle", "/api/maintenance/budget",
                "/api/maintenance/work-orders", "/api/maintenance/inspections"):  # fmt: skip
        assert client.get(url).status_code == 401, url
