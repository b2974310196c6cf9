"""The demo: complete, valid, near the tambon, deterministic, refused on a non-empty database."""

import datetime as dt
import hashlib

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Max, Min, Model

from sustain.core import geo
from sustain.demo import load as demo
from sustain.models import (
    BuildingType,
    ChecklistItem,
    CommunityEnterprise,
    EmissionFactor,
    EnterpriseActivity,
    Inspection,
    InspectionAnswer,
    MaintenancePlan,
    Municipality,
    ReplacementRule,
    SeasonalRule,
    SolarInstallation,
    UnitCost,
    Village,
    WasteCollection,
    WastePoint,
    WastePointKind,
    WorkOrder,
)

ALL_MODELS: list[type[Model]] = [
    Municipality, Village, CommunityEnterprise, EnterpriseActivity, SolarInstallation,
    WastePoint, WasteCollection, MaintenancePlan, ChecklistItem, SeasonalRule, ReplacementRule,
    UnitCost, Inspection, InspectionAnswer, WorkOrder,
]  # fmt: skip


def _fingerprint() -> str:
    """A hash of every demo row's fields, ids (and random UUIDs) excluded, in a stable order."""
    digest = hashlib.sha256()
    for model in ALL_MODELS:
        fields = [
            f.attname for f in model._meta.concrete_fields
            if f.attname not in ("id", "uuid", "created_at", "updated_at")
            and not f.attname.endswith("_id")
        ]  # fmt: skip
        for row in model._default_manager.order_by(*fields).values_list(*fields):
            digest.update(repr(row).encode())
    return digest.hexdigest()


@pytest.fixture
def loaded(db) -> demo.DemoCounts:
    return demo.demo_load()


def test_demo_has_what_the_issue_asks_for(loaded: demo.DemoCounts):
    assert loaded.villages == 7
    assert 55 <= loaded.installations <= 65
    assert 20 <= loaded.waste_points <= 30
    assert loaded.enterprises == 4
    assert set(SolarInstallation.objects.values_list("building_type", flat=True)) == set(
        BuildingType.values
    )
    assert set(WastePoint.objects.values_list("kind", flat=True)) == set(WastePointKind.values)
    orientations = set(SolarInstallation.objects.values_list("tilt_deg", "azimuth_deg"))
    assert len(orientations) >= 20
    assert EmissionFactor.objects.filter(key="grid_electricity").count() == 2
    assert Village.objects.filter(unverified=True).count() == 2
    assert Municipality.objects.get().demo_data is True


def test_demo_collections_cover_two_full_fiscal_years(loaded):
    span = WasteCollection.objects.aggregate(first=Min("collected_on"), last=Max("collected_on"))
    assert span["first"] >= dt.date(2024, 10, 1) and span["last"] <= dt.date(2026, 9, 30)
    months = {
        d.strftime("%Y-%m") for d in WasteCollection.objects.values_list("collected_on", flat=True)
    }
    assert len(months) == 24
    monthly_points = WasteCollection.objects.values("point").annotate(
        n=Count("collected_on__month")
    )
    assert all(row["n"] > 0 for row in monthly_points)
    assert WasteCollection.objects.values("point").distinct().count() == loaded.waste_points


def test_every_demo_row_passes_validation(loaded):
    for model in ALL_MODELS:
        for obj in model._default_manager.all():
            obj.full_clean()


def test_demo_sites_lie_within_3_km_and_are_fictional(loaded):
    for model in (SolarInstallation, WastePoint):
        for site in model._default_manager.all():
            assert geo.distance_m(site.latitude, site.longitude, 19.717, 100.180) <= 3_000
            assert "สาธิต" in site.name
    assert all("สาธิต" in e.name for e in CommunityEnterprise.objects.all())


def test_demo_is_deterministic(loaded):
    first = _fingerprint()
    for model in reversed(ALL_MODELS):
        model._default_manager.all().delete()
    demo.demo_load()
    assert _fingerprint() == first


def test_demo_refuses_a_non_empty_database(loaded, capsys):
    with pytest.raises(CommandError, match="already holds"):
        call_command("demo_load")
    call_command("demo_load", "--if-empty")
    assert "not loaded again" in capsys.readouterr().out
    assert SolarInstallation.objects.count() == loaded.installations


def test_demo_staff_can_sign_in_and_edit(loaded, client):
    assert client.login(username=demo.DEMO_USERNAME, password=demo.DEMO_PASSWORD)
    point = WastePoint.objects.order_by("pk").first()
    assert point is not None
    assert client.get(f"/staff/sustain/wastepoint/{point.pk}/change/").status_code == 200
    assert client.get("/staff/sustain/wastecollection/").status_code == 200


def test_demo_has_maintenance_to_show(loaded):
    from django.utils import timezone

    from sustain.services.maintenance import budget
    from sustain.services.maintenance import due as maintenance

    today = timezone.localdate()
    assert loaded.inspections >= 100
    kinds = set(MaintenancePlan.objects.values_list("waste_point_kind", flat=True))
    assert {"waste_bank", "drop_off_bin", "compost_point", "hazardous_bin", ""} <= kinds
    assert SeasonalRule.objects.filter(start_month=12, end_month=1).exists()  # before the smoke
    counts = maintenance.due_list(today=today).counts()
    assert counts["overdue"] > 0 and counts["week"] > 0  # sites never inspected are due today
    assert WorkOrder.objects.filter(status="done", cost_thb__isnull=False).count() >= 13
    assert WorkOrder.objects.exclude(status__in=["done", "cancelled"]).count() >= 2
    assert WorkOrder.objects.filter(source="resident_report", out_of_service=True).exists()
    forecast = budget.budget_forecast(today=today, years=3)
    assert forecast.replacements and forecast.corrective
