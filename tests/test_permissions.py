"""Who can do what: every staff page, admin list, API operation and export, walked as each group and
as a staff account in no group, against the README's "Who can do what" table.

The table is ``sustain.permissions`` rendered; the expectations below name the table's rows, so a
page or operation that checks the wrong permission (or none) fails here.
"""

import datetime as dt
import json
import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission, User
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from sustain import permissions
from sustain.api import api
from sustain.models import (
    EmissionFactor,
    ImportJob,
    Inspection,
    InspectionPhoto,
    Lead,
    LeadStat,
    MeterReading,
    Report,
    RunStatus,
    WasteCollection,
    WorkOrder,
)
from sustain.services import tokens
from sustain.services.groups import staff_groups_ensure
from sustain.services.solar import weathersets
from tests.conftest import OWNER_NAME, OWNER_PHONE, REF_LAT, REF_LON

ROLES = ("environment_staff", "data_entry", "viewer", "no_group")
README = Path(__file__).resolve().parent.parent / "README.md"
POINTS_GEOJSON = json.dumps(
    {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "จุดใหม่", "kind": "drop_off_bin"},
                "geometry": {"type": "Point", "coordinates": [REF_LON, REF_LAT]},
            }
        ],
    }
).encode()


def member(role: str) -> User:
    user = User.objects.create_user(f"user-{role}", password=f"pass-{role}-1", is_staff=True)
    if role != "no_group":
        user.groups.add(staff_groups_ensure()[role])
    return user


def may(role: str, abilities: tuple[str, ...]) -> bool:
    return all(permissions.role_has(role, ability) for ability in abilities)


@pytest.fixture
def world(
    db, municipality, moo1, household, school, waste_bank, enterprise, pet, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    collection = WasteCollection.objects.create(
        point=waste_bank, collected_on=dt.date(2026, 3, 1), material=pet,
        mass_kg=Decimal("12.5"), destination="sold",
    )  # fmt: skip
    reading = MeterReading.objects.create(
        installation=household, period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 1, 31), energy_kwh=Decimal("500"),
    )  # fmt: skip
    report = Report.objects.create(basis="fiscal", year_be=2568, status=RunStatus.DONE)
    report.pdf.save("report.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    job = ImportJob(
        target="waste_points", original_name="points.geojson", status=RunStatus.DONE,
        result={"rows": [], "counts": {"create": 1}},
    )  # fmt: skip
    job.file.save("points.geojson", ContentFile(POINTS_GEOJSON), save=False)
    job.refused_file.save("refused.csv", ContentFile(f"{OWNER_NAME},{OWNER_PHONE}\n"), save=False)
    job.save()
    weathersets.weather_active()
    factor = EmissionFactor.objects.order_by("pk").first()
    inspector = User.objects.create_user("inspector", is_staff=True)
    inspection = Inspection.objects.create(
        waste_point=waste_bank, inspected_at=timezone.now(), inspected_on=timezone.localdate(),
        inspector=inspector,
    )  # fmt: skip
    photo = InspectionPhoto(inspection=inspection, width_px=1, height_px=1, size_bytes=3)
    photo.file.save("p.jpg", ContentFile(b"jpg"), save=True)
    order = WorkOrder.objects.create(
        waste_point=waste_bank, title="ซ่อมถัง", opened_on=timezone.localdate()
    )
    stat = LeadStat.objects.create(requested_on=timezone.localdate())
    lead = Lead.objects.create(
        request_key=uuid.uuid4(), name="นางขอคำแนะนำ", phone="089-111-2222",
        latitude=REF_LAT, longitude=REF_LON, inputs={}, summary={}, consent_text="ยินยอม",
        stat=stat,
    )  # fmt: skip
    return SimpleNamespace(
        lead=lead,
        moo1=moo1, household=household, school=school, point=waste_bank, enterprise=enterprise,
        collection=collection, reading=reading, report=report, job=job, factor=factor,
        inspection=inspection, photo=photo, order=order,
    )  # fmt: skip


# --- Pages -----------------------------------------------------------------------------------

Url = Callable[[SimpleNamespace], str]


def monthly_weather() -> dict[str, str]:
    data = {"monthly": "1", "name": "ทดสอบ"}
    for month in range(1, 13):
        data[f"ghi_{month:02d}"], data[f"temp_{month:02d}"] = "5.1", "26"
    return data


# (url name, url, method, data, the table rows it needs)
PAGES: list[tuple[str, Url, str, Any, tuple[str, ...]]] = [
    ("staff-map", lambda w: "/manage/map/", "get", None, ("read",)),
    ("staff-map", lambda w: "/manage/map/", "post",
     {"site_type": "waste_point", "name": "จุดใหม่", "latitude": REF_LAT, "longitude": REF_LON,
      "kind": "drop_off_bin", "accepted_materials": ["paper"]}, ("read", "records")),
    ("staff-solar", lambda w: "/manage/solar/", "get", None, ("read",)),
    ("staff-installations", lambda w: "/manage/solar/installations/", "get", None, ("read",)),
    ("staff-installation", lambda w: f"/manage/solar/{w.household.pk}/", "get", None,
     ("read", "private")),
    ("staff-installation", lambda w: f"/manage/solar/{w.household.pk}/", "post",
     {"period_start": "01/02/2569", "period_end": "28/02/2569", "energy_kwh": "450"},
     ("read", "private", "records")),
    ("staff-weather", lambda w: "/manage/weather/", "get", None, ("read",)),
    ("staff-weather", lambda w: "/manage/weather/", "post", monthly_weather(), ("read", "weather")),
    ("staff-maintenance", lambda w: "/manage/maintenance/", "get", None, ("read", "private")),
    ("staff-waste", lambda w: "/manage/waste/", "get", None, ("read",)),
    ("staff-waste-session", lambda w: "/manage/waste/session/", "get", None, ("records",)),
    ("staff-waste-session", lambda w: "/manage/waste/session/", "post", "session", ("records",)),
    ("staff-enterprises", lambda w: "/manage/enterprises/", "get", None, ("read",)),
    ("staff-imports", lambda w: "/manage/import/", "get", None, ("read",)),
    ("staff-imports", lambda w: "/manage/import/", "post", "upload", ("read", "import", "records")),
    ("staff-import", lambda w: f"/manage/import/{w.job.pk}/", "get", None, ("read", "private")),
    ("staff-import-commit", lambda w: f"/manage/import/{w.job.pk}/commit/", "post", {"mode": "all"},
     ("import", "records")),
    ("staff-import-options", lambda w: f"/manage/import/{w.job.pk}/options/", "post",
     {"polygons_as_points": "", "mapping": ""}, ("import", "records")),
    ("staff-import-refused", lambda w: f"/manage/import/{w.job.pk}/refused.csv", "get", None,
     ("read", "private")),
    ("staff-reports", lambda w: "/manage/reports/", "get", None, ("read",)),
    ("staff-reports", lambda w: "/manage/reports/", "post",
     {"basis": "fiscal", "year_be": "2568", "language": "th"}, ("read", "generate")),
    ("staff-report", lambda w: f"/manage/reports/{w.report.pk}/", "get", None, ("read",)),
    ("staff-report-publish", lambda w: f"/manage/reports/{w.report.pk}/publish/", "post",
     {"confirm": "yes"},
     ("publish",)),
    ("staff-report-file", lambda w: f"/manage/reports/{w.report.pk}/files/pdf/", "get", None,
     ("read",)),
    ("staff-budget", lambda w: "/manage/maintenance/budget/", "get", None, ("read", "private")),
    ("staff-budget-xlsx", lambda w: "/manage/maintenance/budget.xlsx", "get", None,
     ("read", "private")),
    ("staff-inspection", lambda w: f"/manage/maintenance/inspections/{w.inspection.uuid}/", "get",
     None, ("read", "private")),
    ("staff-inspection-photo", lambda w: f"/manage/maintenance/photos/{w.photo.uuid}/", "get",
     None, ("read", "private")),
    ("staff-work-orders", lambda w: "/manage/maintenance/work-orders/", "get", None,
     ("read", "private")),
    ("staff-work-order-new", lambda w: f"/manage/maintenance/work-orders/new/?site=wp-{w.point.pk}",
     "get", None,
     ("records", "private")),
    ("staff-work-order", lambda w: f"/manage/maintenance/work-orders/{w.order.pk}/", "get", None,
     ("read", "private")),
    ("staff-alert-work-order",
     lambda w: f"/manage/maintenance/alerts/{w.reading.pk}/work-order/", "post", {},
     ("records", "private")),
    ("staff-waste-point", lambda w: f"/manage/waste/points/{w.point.pk}/", "get", None,
     ("read", "private")),
    ("field-app", lambda w: "/field/", "get", None, ("records", "private")),
    ("staff-leads", lambda w: "/manage/leads/", "get", None, ("read", "private")),
    ("staff-leads-geojson", lambda w: "/manage/leads.geojson", "get", None, ("read", "private")),
    ("staff-lead-action", lambda w: f"/manage/leads/{w.lead.pk}/", "post",
     {"action": "contacted"}, ("records", "private")),
    ("staff-potential", lambda w: "/manage/solar/potential/", "get", None, ("read",)),
    ("staff-job-retry", lambda w: f"/manage/jobs/import/{w.job.pk}/retry/", "post", {},
     ("read", "import")),
]  # fmt: skip
PUBLIC_PAGES = {"home", "reports", "report", "report-file", "report-table"} | {
    "point", "point-poster", "achievements",
    "ogc-landing", "ogc-api", "ogc-conformance", "ogc-collections", "ogc-collection",
    "ogc-items", "ogc-item", "field-sw", "field-manifest",
    "my-roof", "my-roof-estimate", "my-roof-advice",
}  # fmt: skip


def _page_data(data: Any, world: SimpleNamespace) -> Any:
    if data == "upload":
        return {"target": "waste_points", "file": SimpleUploadedFile("p.geojson", POINTS_GEOJSON)}
    if data == "session":
        return {"point": world.point.pk, "collected_on": "01/03/2569", "destination": "sold",
                "kg_pet": "3"}  # fmt: skip
    return data


def _named_patterns(resolver: URLResolver, prefix: str = "") -> set[tuple[str, str]]:
    found = set()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route.startswith(("api/", "staff/", "i18n/")):
                continue  # the API, the admin and the language switch are walked below
            found |= _named_patterns(pattern, route)
        elif isinstance(pattern, URLPattern) and pattern.name:
            found.add((pattern.name, route))
    return found


def test_every_page_is_walked():
    names = {name for name, _route in _named_patterns(get_resolver())}
    assert names == {page[0] for page in PAGES} | PUBLIC_PAGES


@pytest.mark.parametrize("role", ROLES)
def test_pages_answer_as_the_table_says(role, world, client: Client, pet):
    client.force_login(member(role))
    for _name, url, method, data, abilities in PAGES:
        response = getattr(client, method)(url(world), _page_data(data, world))
        where = f"{role}: {method.upper()} {url(world)}"
        if may(role, abilities):
            assert response.status_code in ((200,) if method == "get" else (200, 302, 400)), where
            if response.status_code == 302:
                assert "/staff/login/" not in response["Location"], where
        else:
            assert response.status_code == 403, where


def test_anonymous_visitors_are_sent_to_sign_in(world, client: Client):
    for _name, url, method, data, _abilities in PAGES:
        response = getattr(client, method)(url(world), _page_data(data, world))
        assert response.status_code == 302 and "/staff/login/" in response["Location"], url(world)
    assert client.get("/").status_code == 200


# --- The admin -------------------------------------------------------------------------------


def _admin_cases() -> list[tuple[str, tuple[str, ...] | None]]:
    """Each registered model's list (and add form, when the admin offers one) with its rows."""
    cases: list[tuple[str, tuple[str, ...] | None]] = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label != "sustain":
            continue
        name = model._meta.model_name
        personal = getattr(model_admin, "personal_records", False)
        if name == "apitoken":
            cases.append((f"/staff/sustain/{name}/", ("tokens",)))
            continue
        read = ("read", "private") if personal else ("read",)
        cases.append((f"/staff/sustain/{name}/", read))
        if name == "inspection":  # inspections come from the field app, never the admin
            cases.append((f"/staff/sustain/{name}/add/", None))
        elif name in permissions.RECORD_MODELS:
            cases.append((f"/staff/sustain/{name}/add/", (*read, "records")))
        elif name in permissions.REFERENCE_MODELS and name != "municipality":
            cases.append((f"/staff/sustain/{name}/add/", (*read, "reference")))
        else:
            cases.append((f"/staff/sustain/{name}/add/", None))  # nobody adds these here
    return cases


@pytest.mark.parametrize("role", ROLES)
def test_admin_answers_as_the_table_says(role, world, client: Client):
    client.force_login(member(role))
    for url, abilities in _admin_cases():
        status = client.get(url).status_code
        expected = 200 if abilities is not None and may(role, abilities) else 403
        assert status == expected, f"{role}: {url}"


def test_admin_hides_representatives_without_view_private(world, client: Client):
    user = member("viewer")
    user.groups.clear()
    user.user_permissions.add(Permission.objects.get(codename="view_communityenterprise"))
    client.force_login(user)
    page = client.get(f"/staff/sustain/communityenterprise/{world.enterprise.pk}/change/")
    assert page.status_code == 200 and "นางผู้แทน" not in page.content.decode()
    assert "089-000-0000" not in page.content.decode()


# --- The API and its exports -----------------------------------------------------------------

INSTALLATION = {
    "name": "โรงเรียนใหม่", "building_type": "school", "latitude": 19.72, "longitude": 100.18,
    "capacity_kwp": "12.5", "tilt_deg": 12, "commissioned_on": "2024-06-01",
}  # fmt: skip
FACTOR = {
    "key": "test_factor", "name": "ทดสอบ", "kind": "grid", "value": "0.5", "unit": "kgCO2e/kWh",
    "valid_from": "2030-01-01", "source": "test",
}  # fmt: skip


def _operations(w: SimpleNamespace) -> dict[str, tuple[tuple[str, ...], Any]]:
    """Every operation: the table rows it needs (empty: anyone) and a valid body."""
    reading = {"period_start": "2026-02-01", "period_end": "2026-02-28", "energy_kwh": "400"}
    item = {"installation_id": w.school.pk, **reading}
    return {
        "GET /api/villages": ((), None),
        "POST /api/villages": (("reference",), {"moo": 5, "name_th": "บ้านใหม่"}),
        "GET /api/villages/{village_id}": ((), None),
        "PATCH /api/villages/{village_id}": (("reference",), {"population": 500}),
        "DELETE /api/villages/{village_id}": (("delete",), None),
        "GET /api/solar/installations": ((), None),
        "POST /api/solar/installations": (("records",), INSTALLATION),
        "GET /api/solar/installations.csv": ((), None),
        "GET /api/solar/installations/{installation_id}": ((), None),
        "PATCH /api/solar/installations/{installation_id}": (("records",), {"tilt_deg": 20}),
        "DELETE /api/solar/installations/{installation_id}": (("delete",), None),
        "GET /api/solar/installations/{installation_id}/estimate": ((), None),
        "GET /api/solar/summary": ((), None),
        "GET /api/solar/maintenance": (("read", "private"), None),
        "GET /api/solar/installations/{installation_id}/readings": (("read", "private"), None),
        "POST /api/solar/installations/{installation_id}/readings": (("records",), reading),
        "POST /api/solar/readings/batch": (("records",), {"items": [item]}),
        "GET /api/waste/points": ((), None),
        "POST /api/waste/points": (("records",), {"name": "จุดใหม่", "kind": "drop_off_bin",
                                                  "latitude": REF_LAT, "longitude": REF_LON}),
        "GET /api/waste/points.csv": ((), None),
        "GET /api/waste/points/{point_id}": ((), None),
        "PATCH /api/waste/points/{point_id}": (("records",), {"operator": "เทศบาล"}),
        "DELETE /api/waste/points/{point_id}": (("delete",), None),
        "GET /api/waste/collections": ((), None),
        "POST /api/waste/collections": (("records",), {
            "point_id": w.point.pk, "collected_on": "2026-03-02", "material": "pet",
            "mass_kg": "2", "destination": "sold"}),
        "GET /api/waste/collections.csv": ((), None),
        "GET /api/waste/collections/{collection_id}": ((), None),
        "PATCH /api/waste/collections/{collection_id}": (("records",), {"mass_kg": "3"}),
        "DELETE /api/waste/collections/{collection_id}": (("delete",), None),
        "GET /api/enterprises": ((), None),
        "POST /api/enterprises": (("records",), {
            "name": "วิสาหกิจใหม่", "registration_code": "570411000009",
            "activity_type": "waste", "member_count": 9}),
        "GET /api/enterprises.csv": ((), None),
        "GET /api/enterprises/{enterprise_id}": ((), None),
        "PATCH /api/enterprises/{enterprise_id}": (("records",), {"member_count": 21}),
        "DELETE /api/enterprises/{enterprise_id}": (("delete",), None),
        "GET /api/enterprises/{enterprise_id}/activities": ((), None),
        "POST /api/enterprises/{enterprise_id}/activities": (("records",), {
            "period_start": "2026-01-01", "period_end": "2026-03-31", "revenue_thb": "1000",
            "members": 20, "jobs": 2}),
        "GET /api/factors": ((), None),
        "POST /api/factors": (("reference",), FACTOR),
        "GET /api/factors/{factor_id}": ((), None),
        "PUT /api/factors/{factor_id}": (("reference",), {**FACTOR, "key": "test_factor_2"}),
        "DELETE /api/factors/{factor_id}": (("delete",), None),
        "GET /api/map/installations.geojson": ((), None),
        "GET /api/map/waste-points.geojson": ((), None),
        "GET /api/map/sites.json": ((), None),
        "GET /api/map/points/{point_id}": ((), None),
        "GET /api/map/installations/{installation_id}": ((), None),
        "GET /api/map/outlines.geojson": ((), None),
        "GET /api/reports": ((), None),
        "POST /api/reports": (("read", "generate"), {"year_be": 2568}),
        "GET /api/reports/{report_id}": (("read",), None),  # unpublished: staff only
        "GET /api/export/installations": ((), None),
        "GET /api/export/waste-points": ((), None),
        "GET /api/export/villages": ((), None),
        "GET /api/export/enterprises": ((), None),
        "GET /api/export/collections": ((), None),
        "GET /api/export/map": ((), None),
        "POST /api/imports": (("import", "records"), "upload"),
        "GET /api/imports/{job_id}": (("read",), None),
        "POST /api/imports/{job_id}/commit": (("import", "records"), {"mode": "all"}),
        "GET /api/maintenance/due": (("read", "private"), None),
        "GET /api/maintenance/due.geojson": (("read", "private"), None),
        "GET /api/maintenance/field-bundle": (("records", "private"), None),
        "POST /api/maintenance/inspections": (("records", "private"), "inspection"),
        "GET /api/maintenance/inspections": (("read", "private"), None),
        "GET /api/maintenance/inspections/{inspection_uuid}": (("read", "private"), None),
        "POST /api/maintenance/work-orders": (("records", "private"), "work_order"),
        "GET /api/maintenance/work-orders": (("read", "private"), None),
        "GET /api/maintenance/work-orders/{order_id}": (("read", "private"), None),
        "PATCH /api/maintenance/work-orders/{order_id}": (("records", "private"),
                                                         {"status": "in_progress"}),
        "GET /api/maintenance/budget": (("read", "private"), None),
        "GET /api/maintenance/budget.xlsx": (("read", "private"), None),
        "GET /api/jobs": (("read",), None),
        "GET /api/jobs/{kind}/{job_id}": (("read",), None),
        "POST /api/jobs/{kind}/{job_id}/retry": (("read", "import"), None),
    }  # fmt: skip


def _path(template: str, w: SimpleNamespace) -> str:
    ids = {
        "village_id": w.moo1.pk, "installation_id": w.school.pk, "point_id": w.point.pk,
        "collection_id": w.collection.pk, "enterprise_id": w.enterprise.pk,
        "factor_id": w.factor.pk, "report_id": w.report.pk, "job_id": w.job.pk,
        "kind": "import", "inspection_uuid": w.inspection.uuid, "order_id": w.order.pk,
    }  # fmt: skip
    return template.format(**ids)


def _call(client: Client, operation: str, body: Any, token: str | None, w: SimpleNamespace):
    method, template = operation.split(" ", 1)
    headers: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    url = _path(template, w)
    if body == "upload":
        upload = SimpleUploadedFile("p.geojson", POINTS_GEOJSON)
        return client.post(url, {"target": "waste_points", "file": upload}, **headers)
    if body == "inspection":  # multipart; an incomplete payload is a 422 for those allowed
        return client.post(url, {"payload": "{}"}, **headers)
    if body == "work_order":
        body = {"uuid": str(uuid.uuid4()), "site_type": "waste_point", "site_id": w.point.pk,
                "title": "เปลี่ยนฝาถัง"}  # fmt: skip
    if body is None:
        return getattr(client, method.lower())(url, **headers)
    return getattr(client, method.lower())(
        url, data=json.dumps(body), content_type="application/json", **headers
    )


def _order(operation: str) -> int:
    return {"GET": 0, "POST": 1, "PUT": 1, "PATCH": 1, "DELETE": 2}[operation.split(" ")[0]]


def test_every_api_operation_is_walked(world):
    schema = api.get_openapi_schema()
    published = {f"{m.upper()} {p}" for p, ops in schema["paths"].items() for m in ops}
    assert published == set(_operations(world))


@pytest.mark.parametrize("role", ROLES)
def test_api_answers_as_the_table_says(role, world, client: Client, settings):
    settings.API_PUBLIC_RATE = "100000/min"
    token = tokens.token_create(user=member(role))[1]
    for operation, (abilities, body) in sorted(
        _operations(world).items(), key=lambda kv: _order(kv[0])
    ):
        response = _call(client, operation, body, token, world)
        where = f"{role}: {operation} -> {response.status_code} {response.content[:200]!r}"
        if may(role, abilities):
            assert response.status_code not in (401, 403) and response.status_code < 500, where
        else:  # an unpublished report does not exist for those who may not see it
            denied = 404 if operation == "GET /api/reports/{report_id}" else 403
            assert response.status_code == denied, where


def test_anonymous_callers_get_401_on_staff_operations(world, client: Client):
    for operation, (abilities, body) in _operations(world).items():
        if not abilities:
            continue
        response = _call(client, operation, body, None, world)
        denied = 404 if operation == "GET /api/reports/{report_id}" else 401
        assert response.status_code == denied, operation


def text_of(response) -> str:
    """The answer as text, with JSON's escaped Thai turned back into Thai."""
    if response["Content-Type"].startswith(("application/json", "application/geo+json")):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_private_fields_follow_view_private(role, world, client: Client):
    token = tokens.token_create(user=member(role))[1]
    headers: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    private = may(role, ("private",))
    for url in (
        "/api/solar/installations", "/api/solar/installations.csv",
        "/api/map/installations.geojson", "/api/enterprises", "/api/enterprises.csv",
        "/api/export/installations?format=geojson", "/api/export/enterprises?format=csv",
    ):  # fmt: skip
        body = text_of(client.get(url, **headers))
        assert (OWNER_NAME in body or "นางผู้แทน" in body) == private, f"{role}: {url}"
        assert (OWNER_PHONE in body or "089-000-0000" in body) == private, f"{role}: {url}"


def test_a_token_loses_a_permission_the_moment_its_user_does(world, client: Client):
    user = member("data_entry")
    token = tokens.token_create(user=user)[1]
    headers: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    body = {"name": "จุดใหม่", "kind": "drop_off_bin", "latitude": REF_LAT, "longitude": REF_LON}

    def add_point():
        return client.post("/api/waste/points", json.dumps(body), "application/json", **headers)

    def owner_visible() -> bool:
        return OWNER_NAME in text_of(client.get("/api/solar/installations", **headers))

    assert add_point().status_code == 201 and owner_visible()
    user.groups.clear()
    assert add_point().status_code == 403 and not owner_visible()
    user.user_permissions.add(Permission.objects.get(codename="add_wastepoint"))
    assert add_point().status_code == 201 and not owner_visible()


def test_readme_table_is_the_code():
    assert permissions.role_table_markdown() in README.read_text()


def test_groups_exist_after_migrate_in_thai_and_english(db):
    from django.contrib.auth.models import Group

    names = set(Group.objects.values_list("name", flat=True))
    assert {
        "เจ้าหน้าที่สิ่งแวดล้อม / environment staff", "ผู้บันทึกข้อมูล / data entry",
        "ผู้ดูข้อมูล / viewer",
    } <= names  # fmt: skip
    viewer = Group.objects.get(name="ผู้ดูข้อมูล / viewer")
    codenames = set(viewer.permissions.values_list("codename", flat=True))
    assert "view_private" in codenames and not any(
        c.startswith(("add_", "change_", "delete_")) for c in codenames
    )
