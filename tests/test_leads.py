"""Requests for advice: stored only with consent, seen only by permitted staff, deleted on time.

The cast adds to conftest's: Somchai is environment staff (every model permission) but may not see
personal data until he is given ``view_private``; Dao is staff without any group.
"""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.utils import timezone

from sustain import tasks
from sustain.models import BuildingType, Lead, LeadStat, LeadStatus, SolarInstallation
from sustain.services.solar import leads

RESIDENT = "นางสาวขอคำแนะนำ ทดลอง"
PHONE = "0899991234"
HOME = (19.7185, 100.1812)  # inside the 5 km service radius
ANSWERS = {
    "direction": "SW", "pitch": "steep", "size_mode": "area", "area_m2": "30", "use_mode": "bill",
    "bill_thb": "1200", "schedule": "auto", "use_time": "evening",
}  # fmt: skip


pytestmark = pytest.mark.usefixtures("fresh_roof_memory")


def grant_view_private(user: User) -> User:
    """Give ``sustain.view_private`` (owners, phones, exact homes) to the user directly."""
    permission = Permission.objects.get(codename="view_private", content_type__app_label="sustain")
    user.user_permissions.add(permission)
    return User.objects.get(pk=user.pk)  # drop the permission cache


@pytest.fixture
def dao(db) -> User:
    return User.objects.create_user("dao", password="dao-pass-1", is_staff=True)


def advice(client: Client, **change: str):
    data = {
        **ANSWERS, "name": RESIDENT, "phone": "089-999-1234", "village": "",
        "latitude": str(HOME[0]), "longitude": str(HOME[1]), "consent": "on",
        "request_key": str(uuid.uuid4()), **change,
    }  # fmt: skip
    return client.post("/solar/my-roof/advice", data)


@pytest.fixture
def lead(municipality) -> Lead:
    answer = advice(Client())
    assert answer.status_code == 201, answer.content
    return Lead.objects.get()


def test_nothing_is_stored_without_consent(client: Client, municipality):
    answer = advice(client, consent="")
    assert answer.status_code == 422
    errors = {e["field"]: e["message"] for e in answer.json()["errors"]}
    assert "กรุณาทำเครื่องหมายให้ความยินยอม" in errors["consent"]
    assert Lead.objects.count() == 0 and LeadStat.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"phone": "12345"}, "phone", "หมายเลขในประเทศไทย 9 หรือ 10 หลัก"),
        ({"latitude": ""}, "latitude", "กรุณาปักตำแหน่งบ้านบนแผนที่ก่อน"),
        ({"latitude": "19.90"}, "latitude", "อยู่นอกพื้นที่ให้บริการ"),
        ({"name": "   "}, "name", "ชื่อ"),
        ({"area_m2": "0"}, "area_m2", "พื้นที่หลังคา"),
    ],
)
def test_bad_requests_are_named_and_not_stored(client, municipality, change, field, words):
    answer = advice(client, **change)
    assert answer.status_code == 422
    errors = {e["field"]: e["message"] for e in answer.json()["errors"]}
    assert words in errors[field], errors
    assert Lead.objects.count() == 0


def test_a_double_submit_is_one_lead_and_the_estimate_is_recomputed(client, municipality, moo1):
    key = str(uuid.uuid4())
    first = advice(client, request_key=key, village=str(moo1.pk), savings_thb="999999")
    second = advice(client, request_key=key, village=str(moo1.pk))
    assert (first.status_code, second.status_code) == (201, 200)
    lead = Lead.objects.get()
    assert (lead.name, lead.phone, lead.village) == (RESIDENT, PHONE, moo1)
    assert (lead.latitude, lead.longitude) == HOME
    assert "ยินยอม" in lead.consent_text and "180" in lead.consent_text
    estimate = client.get("/solar/my-roof/estimate", ANSWERS).json()
    assert lead.summary["savings_thb"] == estimate["savings_thb"] != 999999
    assert lead.summary["capacity_kwp"] == 5.0  # 30 m² at 6 m² per kWp
    assert lead.inputs["azimuth_deg"] == 225 and lead.inputs["tilt_deg"] == 30
    assert lead.stat.requested_on == timezone.localdate()


def test_requests_per_client_are_limited(client: Client, municipality):
    statuses = [advice(client).status_code for _ in range(11)]
    assert statuses[:10] == [201] * 10 and statuses[10] == 429
    assert Lead.objects.count() == 10


def test_only_staff_with_view_private_see_leads(client: Client, lead, somchai, dao):
    for url in ("/manage/leads/", "/manage/leads.geojson"):
        assert client.get(url).status_code == 302  # anonymous: to the sign-in page
    client.force_login(dao)  # staff without any group
    assert client.get("/manage/leads/").status_code == 403
    blind = User.objects.create_user("blind", password="blind-pass-1", is_staff=True)
    blind.user_permissions.set(  # every permission of the app but personal data
        Permission.objects.filter(content_type__app_label="sustain").exclude(
            codename="view_private"
        )
    )
    client.force_login(blind)
    assert client.get("/manage/leads/").status_code == 403
    assert client.get("/manage/leads.geojson").status_code == 403
    staff_map = client.get("/manage/map/").content.decode()
    assert "leads.geojson" not in staff_map and "คำขอคำแนะนำ" not in staff_map
    client.force_login(grant_view_private(somchai))
    page = client.get("/manage/leads/").content.decode()
    assert RESIDENT in page and PHONE in page and "ลบเมื่อ" in page
    assert f"{lead.summary['savings_thb']:,}" in page  # baht with thousands separators
    deleted_on = (lead.created_at + dt.timedelta(days=180)).date()
    assert str(deleted_on.year + 543) in page  # the deletion date, in BE
    feature = client.get("/manage/leads.geojson").json()["features"][0]
    assert feature["geometry"]["coordinates"] == [HOME[1], HOME[0]]
    assert feature["properties"]["phone"] == PHONE
    assert "leads.geojson" in client.get("/manage/map/").content.decode()


def test_staff_mark_contacted_then_installed_in_one_step(
    client: Client, lead, somchai, django_capture_on_commit_callbacks
):
    client.force_login(grant_view_private(somchai))
    client.post(f"/manage/leads/{lead.pk}/", {"action": "contacted"})
    lead.refresh_from_db()
    assert lead.status == LeadStatus.CONTACTED and lead.handled_by == somchai
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(f"/manage/leads/{lead.pk}/", {"action": "installed"})
    assert answer.status_code == 302
    lead.refresh_from_db()
    installation = lead.installation
    assert installation is not None and lead.status == LeadStatus.INSTALLED
    assert installation.building_type == BuildingType.HOUSEHOLD
    assert (installation.owner_name, installation.owner_phone) == (RESIDENT, PHONE)
    assert (installation.latitude, installation.longitude) == HOME
    assert installation.capacity_kwp == Decimal("5.000")
    assert (installation.tilt_deg, installation.azimuth_deg) == (30, 225)
    assert installation.history.get().history_user == somchai
    assert installation.estimate.annual_kwh > 0  # estimated like every installation
    stat = LeadStat.objects.get()
    assert stat.installation == installation and stat.installed_kwp == Decimal("5.000")
    client.post(f"/manage/leads/{lead.pk}/", {"action": "installed"})  # a second press
    assert SolarInstallation.objects.count() == 1


def test_actions_need_their_permissions(client: Client, lead, dao):
    viewer = grant_view_private(dao)
    viewer.user_permissions.add(Permission.objects.get(codename="view_lead"))
    client.force_login(User.objects.get(pk=viewer.pk))
    assert client.get("/manage/leads/").status_code == 200
    for action in ("contacted", "installed", "delete"):
        assert client.post(f"/manage/leads/{lead.pk}/", {"action": action}).status_code == 403
    lead.refresh_from_db()
    assert lead.status == LeadStatus.NEW and Lead.objects.count() == 1


def test_staff_delete_a_lead_on_request(client: Client, lead, somchai):
    client.force_login(grant_view_private(somchai))
    client.post(f"/manage/leads/{lead.pk}/", {"action": "delete"})
    assert Lead.objects.count() == 0 and LeadStat.objects.count() == 1


def test_leads_expire(client: Client, lead, somchai, settings):
    client.force_login(grant_view_private(somchai))
    Lead.objects.filter(pk=lead.pk).update(created_at=timezone.now() - dt.timedelta(days=181))
    assert RESIDENT not in client.get("/manage/leads/").content.decode()  # hidden at once
    assert client.get("/manage/leads.geojson").json()["features"] == []
    assert tasks.leads_purge_expired_task.delay().get() == 1
    assert Lead.objects.count() == 0
    assert LeadStat.objects.count() == 1  # the anonymous trace stays for the yearly figures
    settings.LEAD_RETENTION_DAYS = 10
    fresh = advice(Client())
    assert fresh.status_code == 201
    Lead.objects.update(created_at=timezone.now() - dt.timedelta(days=9))
    assert leads.leads_purge_expired() == 0
    assert leads.leads_purge_expired(now=timezone.now() + dt.timedelta(days=2)) == 1


def test_leads_summary_for_the_annual_report(municipality, somchai):
    today = timezone.localdate()
    for _ in range(3):
        assert advice(Client()).status_code == 201
    first, second, _third = Lead.objects.order_by("pk")
    leads.lead_install(lead=first, actor=somchai)
    leads.lead_install(lead=second, actor=somchai, capacity_kwp=Decimal("3.5"))
    LeadStat.objects.create(requested_on=today - dt.timedelta(days=400))  # a year before
    summary = leads.leads_summary(start=today - dt.timedelta(days=30), end=today)
    assert (summary.requests, summary.installations) == (3, 2)
    assert summary.installed_kwp == Decimal("8.5")
    Lead.objects.all().delete()  # expired: the figures stay
    second_installation = SolarInstallation.objects.get(capacity_kwp=Decimal("3.5"))
    second_installation.capacity_kwp = Decimal("4")  # staff corrected it later
    second_installation.save()
    assert leads.leads_summary(start=today, end=today).installed_kwp == Decimal("9")
    earlier = leads.leads_summary(start=today - dt.timedelta(days=500), end=today)
    assert earlier.requests == 4


def test_leads_are_absent_from_every_public_output(client: Client, lead, somchai):
    leads.lead_install(lead=lead, actor=somchai)
    lat, lon = f"{HOME[0]}", f"{HOME[1]}"
    public = [
        "/", "/solar/my-roof/", "/api/map/installations.geojson", "/api/solar/installations",
        "/api/solar/installations.csv", "/api/solar/summary", "/api/export/installations?format=geojson",
        "/api/export/installations?format=csv", "/reports/",
    ]  # fmt: skip
    for url in public:
        answer = client.get(url)
        assert answer.status_code == 200, url
        text = answer.content.decode("utf-8", "replace")
        text += answer.content.decode("unicode_escape", "replace")
        for secret in (RESIDENT, PHONE, "089-999-1234", lat, lon):
            assert secret not in text, (url, secret)
