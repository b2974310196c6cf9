"""Plans, the due list, inspections (answers, photos, conflicts), work orders and public status."""

import datetime as dt
import io
import uuid
import zoneinfo
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from PIL import Image

from sustain.core import schedule
from sustain.models import (
    BuildingType,
    ChecklistItem,
    Inspection,
    InspectionAnswer,
    InspectionPhoto,
    MaintenancePlan,
    SiteType,
    WastePoint,
    WastePointKind,
    WorkOrder,
    WorkOrderSource,
    WorkOrderStatus,
)
from sustain.services.maintenance import due as maintenance
from sustain.services.maintenance import field, inspections, workorders
from sustain.services.maintenance.field import SiteConflict
from sustain.services.maintenance.inspections import InspectionIn, PhotoIn
from tests.conftest import REF_LAT, REF_LON, jpeg_bytes

BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=BANGKOK)


def _visit(site_type: str, site, day: dt.date, **values) -> InspectionIn:
    """A new inspection of ``site`` at 10:00 on ``day``; ``values`` set or replace its fields."""
    fields = {"uuid": uuid.uuid4(), "site_type": site_type, "site_id": site.pk,
              "inspected_at": _at(day)}  # fmt: skip
    return InspectionIn(**{**fields, **values})


def _bank_visit(point, day, **overrides) -> InspectionIn:
    answers = {"bins_clean": True, "scale_error": 0.2}
    return _visit(SiteType.WASTE_POINT, point, day, **{"answers": answers, **overrides})


def _solar_visit(installation, day, **overrides) -> InspectionIn:
    answers = {"panels_clean": True}
    return _visit(SiteType.INSTALLATION, installation, day, **{"answers": answers, **overrides})


PANEL = PhotoIn(item_key="panel_photo", name="panel.jpg", data=jpeg_bytes())


# --- Plans and the due list ---------------------------------------------------------------------


def test_the_most_specific_plan_applies(solar_plan, household, school, waste_bank, bank_plan):
    schools = MaintenancePlan.objects.create(
        name_th="โรงเรียน", site_type=SiteType.INSTALLATION,
        building_type=BuildingType.SCHOOL, interval_days=90,
    )  # fmt: skip
    own = MaintenancePlan.objects.create(
        name_th="เฉพาะบ้านนี้", site_type=SiteType.INSTALLATION, installation=household,
        interval_days=60,
    )  # fmt: skip
    assert maintenance.plan_for(site=household) == own
    assert maintenance.plan_for(site=school) == schools
    own.active = False
    own.save()
    assert maintenance.plan_for(site=household) == solar_plan
    assert maintenance.plan_for(site=waste_bank) == bank_plan
    bin_point = WastePoint.objects.create(
        name="ถัง", kind=WastePointKind.DROP_OFF_BIN, latitude=REF_LAT, longitude=REF_LON
    )
    assert maintenance.plan_for(site=bin_point) is None


def test_two_active_plans_for_one_kind_are_refused(bank_plan, english):
    again = MaintenancePlan(name_th="ซ้ำ", site_type=SiteType.WASTE_POINT,
                            waste_point_kind=WastePointKind.WASTE_BANK, interval_days=10)  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        again.full_clean()
    assert "already exists" in str(caught.value)
    wrong = MaintenancePlan(name_th="ผิด", site_type=SiteType.WASTE_POINT,
                            building_type=BuildingType.SCHOOL, interval_days=10)  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        wrong.full_clean()
    assert "building_type" in caught.value.message_dict


def test_due_list_from_plans_and_inspections(
    somchai, bank_plan, solar_plan, waste_bank, household, school, moo2
):
    today = dt.date(2026, 11, 18)  # a Wednesday
    household.last_verified_on = dt.date(2026, 6, 1)
    household.save()
    school.commissioned_on = dt.date(2026, 7, 1)
    school.save()
    inspections.inspection_record(
        data=_bank_visit(waste_bank, dt.date(2026, 10, 20)), actor=somchai
    )
    listed = maintenance.due_list(today=today)
    by_name = {item.name: item for item in listed.items}
    bank = by_name[waste_bank.name]
    assert (bank.due_on, bank.basis, bank.bucket) == (
        dt.date(2026, 11, 19),
        "inspection",
        schedule.Bucket.WEEK,
    )
    home = by_name[household.name]  # verified 1 June, never inspected: 180 days -> 28 Nov
    assert (home.due_on, home.basis, home.bucket) == (
        dt.date(2026, 11, 28),
        "verified",
        schedule.Bucket.MONTH,
    )
    # Installed 1 July: 180 days is 28 Dec, but the panels must be cleaned by 31 Jan anyway.
    school_item = by_name[school.name]
    assert (
        school_item.due_on == dt.date(2026, 12, 28) and school_item.bucket == schedule.Bucket.LATER
    )
    assert [i.name for i in listed.items] == [waste_bank.name, household.name, school.name]
    assert maintenance.due_list(today=today, village_id=moo2.pk).items == (home,)
    assert listed.counts() == {"overdue": 0, "week": 1, "month": 1, "later": 1}
    # As seen on a day before the inspection, the bank was never inspected.
    earlier = maintenance.due_list(today=dt.date(2026, 10, 1), site_type=SiteType.WASTE_POINT)
    assert earlier.items[0].basis == "none" and earlier.items[0].due_on == dt.date(2026, 10, 1)


def test_sites_out_of_use_are_not_due_and_unplanned_are_counted(bank_plan, waste_bank, household):
    waste_bank.active = False
    waste_bank.save()
    listed = maintenance.due_list(today=dt.date(2026, 11, 18))
    assert listed.items == () and listed.without_plan == 1  # the household: no solar plan


def test_seasonal_rule_makes_the_cleaning_due(solar_plan, somchai, school, photo_media):
    inspections.inspection_record(
        data=_solar_visit(school, dt.date(2026, 11, 2)), photos=[PANEL], actor=somchai
    )
    item = maintenance.site_due(site=school, today=dt.date(2026, 11, 3))
    assert item is not None
    assert item.due_on == dt.date(2027, 1, 31) and item.reason == "ล้างแผงก่อนฤดูหมอกควัน"
    assert item.window_opens_on == dt.date(2026, 12, 1)


# --- Inspections ----------------------------------------------------------------------------------


def test_inspection_stores_answers_and_opens_work_orders_for_failures(
    somchai, bank_plan, waste_bank
):
    result = inspections.inspection_record(
        data=_bank_visit(waste_bank, dt.date(2026, 11, 10),
                         answers={"bins_clean": False, "scale_error": 1.5},
                         in_service=False, notes="ตาชั่งเพี้ยน"),
        actor=somchai,
    )  # fmt: skip
    assert result.created
    answers = {a.key: a for a in InspectionAnswer.objects.filter(inspection=result.inspection)}
    assert answers["bins_clean"].value_bool is False and answers["bins_clean"].passed is False
    assert answers["scale_error"].value_number == 1.5 and answers["scale_error"].passed is False
    opened = sorted((o.source_item_key, o.out_of_service, o.priority) for o in result.opened)
    assert opened == [("bins_clean", False, "normal"), ("in_service", True, "high"),
                      ("scale_error", False, "normal")]  # fmt: skip
    assert all(o.source == WorkOrderSource.INSPECTION for o in result.opened)
    assert result.inspection.inspected_on == dt.date(2026, 11, 10)
    waste_bank.refresh_from_db()
    assert waste_bank.last_verified_on == dt.date(2026, 11, 10)
    # The same failure found again does not open a second order while the first is open.
    again = inspections.inspection_record(
        data=_bank_visit(waste_bank, dt.date(2026, 11, 12), answers={"bins_clean": False,
                                                                     "scale_error": 0}),
        actor=somchai,
    )  # fmt: skip
    assert again.opened == () and WorkOrder.objects.count() == 3


def test_sending_twice_stores_once(somchai, bank_plan, waste_bank):
    data = _bank_visit(waste_bank, dt.date(2026, 11, 10))
    first = inspections.inspection_record(data=data, actor=somchai)
    second = inspections.inspection_record(data=data, actor=somchai)
    assert first.created and not second.created
    assert second.inspection.pk == first.inspection.pk
    assert Inspection.objects.count() == 1 and InspectionAnswer.objects.count() == 2


def test_another_users_uuid_is_refused(somchai, dara, bank_plan, waste_bank):
    data = _bank_visit(waste_bank, dt.date(2026, 11, 10))
    inspections.inspection_record(data=data, actor=somchai)
    with pytest.raises(ValidationError) as caught:
        inspections.inspection_record(data=data, actor=dara)
    assert "uuid" in caught.value.message_dict


def _refused(data, actor, photos=(), orders=0) -> dict[str, list[str]]:
    """The refusal's errors, after checking nothing was written."""
    with pytest.raises(ValidationError) as caught:
        inspections.inspection_record(data=data, photos=photos, actor=actor)
    assert Inspection.objects.count() == 0 and InspectionAnswer.objects.count() == 0
    assert InspectionPhoto.objects.count() == 0 and WorkOrder.objects.count() == orders
    return caught.value.message_dict


def test_bad_input_is_refused_with_the_field_named(somchai, bank_plan, waste_bank, english):
    future = timezone.now() + dt.timedelta(hours=2)
    errors = _refused(_bank_visit(waste_bank, dt.date(2026, 1, 1), inspected_at=future), somchai)
    assert "in the future" in errors["inspected_at"][0]
    errors = _refused(_bank_visit(waste_bank, dt.date(2026, 11, 1),
                                  answers={"bins_clean": "yes", "scale_error": 0}), somchai)  # fmt: skip
    assert "needs yes or no" in errors["answers.bins_clean"][0]
    errors = _refused(_bank_visit(waste_bank, dt.date(2026, 11, 1),
                                  answers={"bins_clean": True, "scale_error": True}), somchai)  # fmt: skip
    assert "needs a number" in errors["answers.scale_error"][0]
    errors = _refused(_bank_visit(waste_bank, dt.date(2026, 11, 1),
                                  answers={"bins_clean": True, "scale_error": 99}), somchai)  # fmt: skip
    assert "from -20 to 20 kg (got 99)" in errors["answers.scale_error"][0]
    errors = _refused(_bank_visit(waste_bank, dt.date(2026, 11, 1),
                                  answers={"bins_clean": True, "roof": True}), somchai)  # fmt: skip
    assert "not a question" in errors["answers.roof"][0]
    assert "must be answered" in errors["answers.scale_error"][0]
    errors = _refused(_bank_visit(waste_bank, dt.date(2026, 11, 1), site_id=999_999), somchai)
    assert errors == {"site_id": ["No such site."]}


def test_photos_that_are_not_images_or_too_big_are_refused(
    settings, somchai, solar_plan, school, photo_media, english
):
    fake = PhotoIn(item_key="panel_photo", name="panel.jpg", data=b"%PDF-1.7 not a photo")
    errors = _refused(_solar_visit(school, dt.date(2026, 11, 1)), somchai, photos=[fake])
    assert "“panel.jpg” is not a photo" in errors["photos"][0]
    settings.PHOTO_MAX_MB = 1
    big = PhotoIn(item_key="panel_photo", name="big.jpg", data=b"\xff" * (1024 * 1024 + 1))
    errors = _refused(_solar_visit(school, dt.date(2026, 11, 1)), somchai, photos=[big])
    assert "the limit is 1 MB" in errors["photos"][0]
    errors = _refused(_solar_visit(school, dt.date(2026, 11, 1)), somchai)
    assert "needs a photo" in errors["answers.panel_photo"][0]
    assert not any(photo_media.rglob("*.jpg"))


def test_household_photos_lose_their_location_and_are_resized(
    somchai, solar_plan, household, school, photo_media
):
    for site in (household, school):
        inspections.inspection_record(
            data=_solar_visit(site, dt.date(2026, 11, 1)), photos=[PANEL], actor=somchai
        )
    stored = {p.inspection.installation_id: p for p in InspectionPhoto.objects.all()}
    for site, keeps_gps in ((household, False), (school, True)):
        photo = stored[site.pk]
        name = str(photo.file.name)
        assert name.startswith("inspections/") and name.endswith(".jpg")
        path = photo_media / photo.file.name
        assert path.exists()
        with Image.open(path) as image:
            assert max(image.size) == 1600 and (photo.width_px, photo.height_px) == image.size
            exif = image.getexif()
            assert exif[0x0110] == "Phone 12"  # the camera is kept
            assert bool(exif.get_ifd(0x8825)) is keeps_gps
    with pytest.raises(ValueError, match="not accessible via a URL"):
        _ = stored[school.pk].file.url


def test_a_refusal_after_the_photos_were_written_removes_them(
    somchai, solar_plan, school, household, photo_media
):
    other = WorkOrder.objects.create(
        installation=household, title="x", opened_on=dt.date(2026, 1, 1)
    )
    errors = _refused(_solar_visit(school, dt.date(2026, 11, 1), close_work_orders=[other.pk],
                                   answers={"panels_clean": False}),
                      somchai, photos=[PANEL], orders=1)  # fmt: skip
    assert "close_work_orders" in errors  # found after the photo and a failed item's order
    assert not any(photo_media.rglob("*.jpg"))
    assert WorkOrder.objects.get().pk == other.pk


def test_an_inspection_closes_the_work_orders_fixed_on_the_visit(somchai, bank_plan, waste_bank):
    order = WorkOrder.objects.create(waste_point=waste_bank, title="ฝาถังแตก",
                                     opened_on=dt.date(2026, 10, 1))  # fmt: skip
    result = inspections.inspection_record(
        data=_bank_visit(waste_bank, dt.date(2026, 11, 3), close_work_orders=[order.pk]),
        actor=somchai,
    )
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.DONE and order.closed_on == dt.date(2026, 11, 3)
    assert order.closed_by_inspection == result.inspection
    assert order.history.first().history_user == somchai


# --- Conflicts ------------------------------------------------------------------------------------


def test_a_site_edited_meanwhile_is_a_conflict_until_the_staff_member_decides(
    somchai, dara, bank_plan, waste_bank, english
):
    seen = field.site_version(waste_bank)
    waste_bank.opening_hours = "Sa 09:00-12:00"
    waste_bank._history_user = somchai
    waste_bank.save()
    data = _bank_visit(waste_bank, dt.date(2026, 11, 3), site_version=seen)
    with pytest.raises(SiteConflict) as caught:
        inspections.inspection_record(data=data, actor=dara)
    assert Inspection.objects.count() == 0
    [change] = caught.value.changes
    assert change.changed_by == "somchai" and "opening hours" in change.fields[0]
    assert caught.value.version > seen
    keep = _bank_visit(waste_bank, dt.date(2026, 11, 3), uuid=data.uuid,
                       site_version=caught.value.version)  # fmt: skip
    assert inspections.inspection_record(data=keep, actor=dara).created


def test_inspections_do_not_conflict_with_each_other(somchai, dara, bank_plan, waste_bank):
    seen = field.site_version(waste_bank)
    inspections.inspection_record(
        data=_bank_visit(waste_bank, dt.date(2026, 11, 3), site_version=seen), actor=somchai
    )
    second = _bank_visit(waste_bank, dt.date(2026, 11, 3), site_version=seen)
    assert inspections.inspection_record(data=second, actor=dara).created


# --- Work orders ----------------------------------------------------------------------------------


def _order_in(site, **overrides) -> workorders.WorkOrderIn:
    values = {"uuid": uuid.uuid4(), "site_type": SiteType.WASTE_POINT, "site_id": site.pk,
              "title": "ป้ายหลุด"}  # fmt: skip
    values.update(overrides)
    return workorders.WorkOrderIn(**values)


def test_work_order_lifecycle_keeps_its_history(somchai, dara, waste_bank, english):
    data = _order_in(waste_bank, source=WorkOrderSource.RESIDENT_REPORT,
                     resident_report="Traffy #2026-1234: ป้ายหลุด", assigned_to_id=dara.pk)  # fmt: skip
    order, created = workorders.work_order_open(data=data, actor=dara)
    assert created and order.opened_by == dara and order.opened_on == timezone.localdate()
    assert workorders.work_order_open(data=data, actor=dara) == (order, False)
    workorders.work_order_update(order=order, changes={"status": "in_progress"}, actor=dara)
    with pytest.raises(workorders.FieldPermissionDenied) as denied:
        workorders.work_order_update(order=order, changes={"cost_thb": "350.00"}, actor=dara)
    assert denied.value.field == "cost_thb"
    workorders.work_order_update(order=order, changes={"status": "done", "cost_thb": "350.00"},
                                 actor=somchai)  # fmt: skip
    order.refresh_from_db()
    assert order.closed_on == timezone.localdate() and order.cost_thb == Decimal("350.00")
    # Setting the same cost again is no change, so data entry may save the form as it is.
    workorders.work_order_update(order=order, changes={"cost_thb": Decimal("350")}, actor=dara)
    workorders.work_order_update(order=order, changes={"status": "open"}, actor=dara)
    order.refresh_from_db()
    assert order.closed_on is None
    users = [h.history_user.username for h in order.history.order_by("history_id")]
    assert users == ["dara", "dara", "somchai", "dara", "dara"]


def test_work_order_needs_a_resident_report_and_a_real_site(dara, waste_bank, english):
    with pytest.raises(ValidationError) as caught:
        workorders.work_order_open(
            data=_order_in(waste_bank, source=WorkOrderSource.RESIDENT_REPORT), actor=dara
        )
    assert "resident_report" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        workorders.work_order_open(data=_order_in(waste_bank, site_id=999_999), actor=dara)
    assert "site_id" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        workorders.work_order_open(data=_order_in(waste_bank, title=""), actor=dara)
    assert "title" in caught.value.message_dict
    assert WorkOrder.objects.count() == 0


def test_closing_inspection_must_be_of_the_same_site(somchai, bank_plan, waste_bank, school):
    order = WorkOrder.objects.create(installation=school, title="x", opened_on=dt.date(2026, 1, 1))
    visit = inspections.inspection_record(
        data=_bank_visit(waste_bank, dt.date(2026, 11, 3)), actor=somchai
    ).inspection
    with pytest.raises(ValidationError) as caught:
        workorders.work_order_update(
            order=order, changes={"status": "done", "closed_by_inspection_id": visit.pk},
            actor=somchai,
        )  # fmt: skip
    assert "closed_by_inspection" in caught.value.message_dict


# --- Public status --------------------------------------------------------------------------------


def test_public_status_says_when_last_checked_and_whether_in_service(
    somchai, bank_plan, waste_bank
):
    assert maintenance.point_public_status(point=waste_bank) == maintenance.PublicStatus(
        last_checked=None, in_service=True
    )
    result = inspections.inspection_record(
        data=_bank_visit(waste_bank, dt.date(2026, 11, 3), in_service=False), actor=somchai
    )
    waste_bank.refresh_from_db()
    status = maintenance.point_public_status(point=waste_bank)
    assert status == maintenance.PublicStatus(last_checked=dt.date(2026, 11, 3), in_service=False)
    [out] = [o for o in result.opened if o.out_of_service]
    workorders.work_order_update(order=out, changes={"status": "done"}, actor=somchai)
    assert maintenance.point_public_status(point=waste_bank).in_service
    waste_bank.active = False
    assert not maintenance.point_public_status(point=waste_bank).in_service


def test_public_status_of_an_installation_uses_its_verification_too(household):
    household.last_verified_on = dt.date(2026, 5, 4)
    status = maintenance.point_public_status(point=household)
    assert status.last_checked == dt.date(2026, 5, 4) and status.in_service


def test_checklist_items_refuse_reversed_ranges(bank_plan):
    item = ChecklistItem(plan=bank_plan, key="x", label_th="x", label_en="x",
                         answer_type="number", pass_min=5, pass_max=1)  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        item.full_clean()
    assert "pass_max" in caught.value.message_dict


def test_jpeg_helper_writes_gps():
    with Image.open(io.BytesIO(jpeg_bytes(size=(10, 10)))) as image:
        assert image.getexif().get_ifd(0x8825)[1] == "N"


@pytest.mark.django_db
def test_the_migration_grants_the_permission_table():
    from django.contrib.auth.models import Group

    from sustain.permissions import ROLE_BY_KEY

    maintenance_models = (
        "maintenanceplan", "checklistitem", "seasonalrule", "inspection", "inspectionanswer",
        "inspectionphoto", "workorder", "replacementrule", "unitcost",
    )  # fmt: skip
    # Data entry staff inspect and open or update work orders; they read plans and costs.
    data_entry = {
        *(f"{action}_{model}" for model in ("inspection", "inspectionanswer", "inspectionphoto",
                                             "workorder") for action in ("add", "change", "view")),
        *(f"view_{model}" for model in ("maintenanceplan", "checklistitem", "seasonalrule",
                                         "replacementrule", "unitcost")),
    }  # fmt: skip

    def granted(key: str) -> set[str]:
        return set(
            Group.objects.get(name=ROLE_BY_KEY[key].name)
            .permissions.filter(content_type__model__in=maintenance_models)
            .values_list("codename", flat=True)
        )

    assert granted("data_entry") == data_entry
    assert "change_workorder_cost" in granted("environment_staff")
    assert granted("viewer") == {f"view_{model}" for model in maintenance_models}
    assert {"change_maintenanceplan", "change_unitcost", "change_workorder_cost"} <= granted(
        "environment_staff"
    )
    assert "change_workorder_cost" not in granted("data_entry")
