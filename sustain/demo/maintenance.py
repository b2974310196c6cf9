"""The demo's maintenance: plans per kind of site, replacements with (fictional) unit costs, two
years of repairs with their costs, recent inspections and open work orders.

Repairs lie in fiscal years 2568–2569 like the rest of the demo; inspections are dated in the
weeks before the day the demo is loaded, so the due list always has something overdue, due this
week and due this month. Everything goes through the services, as staff would enter it.
"""

import datetime as dt
import io
import random
import uuid
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from PIL import Image, ImageDraw
from simple_history.utils import bulk_update_with_history

from sustain.models import (
    AnswerType,
    BudgetLine,
    BuildingType,
    ChecklistItem,
    InstallationStatus,
    MaintenancePlan,
    Priority,
    ReplacementBasis,
    ReplacementRule,
    SeasonalRule,
    SiteType,
    SolarInstallation,
    UnitCost,
    WastePoint,
    WastePointKind,
    WorkOrder,
    WorkOrderSource,
)
from sustain.models.workorders import CLOSED_STATUSES
from sustain.services.groups import staff_groups_ensure
from sustain.services.maintenance import inspections, workorders
from sustain.services.maintenance.due import plan_for, site_filter

FIELD_USERNAME = "demo-field"  # a "data entry" account: inspects and opens work orders
SEED = 570419
BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")
DEMO_COST_SOURCE = "ราคาสาธิต (สมมติ): ตรวจสอบกับใบเสนอราคาจริงก่อนใช้"

# key, Thai, English, answer type, extra fields (required, unit, accepted and passing ranges)
Item = tuple[str, str, str, str, dict[str, object]]
YES, NUMBER, PHOTO = AnswerType.YES_NO, AnswerType.NUMBER, AnswerType.PHOTO
WP, SI = SiteType.WASTE_POINT, SiteType.INSTALLATION
SIGN: Item = ("sign_ok", "ป้ายบอกประเภทขยะชัดเจน", "Sorting sign readable", YES, {})
SCALE = {"unit": "kg", "min_value": -20, "max_value": 20, "pass_min": -0.2, "pass_max": 0.2}
PILE = {"unit": "°C", "min_value": 0, "max_value": 90, "pass_min": 40, "pass_max": 70}
OPTIONAL: dict[str, object] = {"required": False}
PLANS: list[tuple[str, str, str, str, int, list[Item]]] = [
    # name Thai, name English, waste point kind or building type ("" = every site), for, days
    ("ตรวจธนาคารขยะ", "Waste bank check", WastePointKind.WASTE_BANK, WP, 30, [
        ("scale_error_kg", "ตาชั่งคลาดเคลื่อน (ตุ้มน้ำหนัก 10 กก.)",
         "Scale error (10 kg test weight)", NUMBER, SCALE),
        ("price_board", "ติดตารางราคารับซื้อของวันนี้", "Today's price board posted", YES, {}),
        ("area_clean", "พื้นที่สะอาด ไม่มีน้ำขัง", "Area clean, no standing water", YES, {}),
        ("front_photo", "ภาพหน้าธนาคารขยะ", "Photo of the front", PHOTO, OPTIONAL),
    ]),
    ("ตรวจถังแยกขยะ", "Drop-off bin check", WastePointKind.DROP_OFF_BIN, WP, 14, [
        ("bins_intact", "ถังและฝาไม่ชำรุด", "Bins and lids intact", YES, {}),
        ("not_overflowing", "ขยะไม่ล้นถัง", "Not overflowing", YES, {}),
        SIGN,
        ("bin_photo", "ภาพถัง", "Photo of the bins", PHOTO, OPTIONAL),
    ]),
    ("ตรวจจุดทำปุ๋ยหมัก", "Compost point check", WastePointKind.COMPOST_POINT, WP, 30, [
        ("pile_temp_c", "อุณหภูมิกลางกองปุ๋ย", "Pile core temperature", NUMBER, PILE),
        ("no_odour", "ไม่มีกลิ่นรบกวนชุมชน", "No odour nuisance", YES, {}),
        ("moisture_ok", "ความชื้นเหมาะสม (กำแล้วไม่มีน้ำหยด)", "Moisture right (squeeze test)",
         YES, {}),
    ]),
    ("ตรวจถังขยะอันตราย", "Hazardous bin check", WastePointKind.HAZARDOUS_BIN, WP, 30, [
        ("lid_closed", "ฝาปิดสนิท ล็อกได้", "Lid closes and locks", YES, {}),
        ("no_leak", "ไม่มีรอยรั่วซึม", "No leak", YES, {}),
        ("warning_sign", "ป้ายเตือนอันตรายชัดเจน", "Hazard sign readable", YES, {}),
    ]),
    ("ตรวจจุดรับขยะทั่วไป", "Waste point check", "", WP, 60, [
        ("containers_ok", "ภาชนะไม่ชำรุด", "Containers intact", YES, {}), SIGN,
    ]),
    ("ตรวจระบบโซลาร์", "Solar check", "", SI, 180, [
        ("panels_clean", "แผงสะอาด ไม่มีฝุ่นหรือขี้เถ้า", "Panels clean (no dust or ash)", YES, {}),
        ("no_damage", "แผงและโครงยึดไม่เสียหาย", "Panels and frame undamaged", YES, {}),
        ("inverter_ok", "ไฟสถานะอินเวอร์เตอร์ปกติ", "Inverter status light normal", YES, {}),
        ("output_kw", "กำลังผลิตขณะตรวจ", "Output at the visit", NUMBER,
         {"unit": "kW", "min_value": 0, "max_value": 1000, "required": False}),
        ("panel_photo", "ภาพแผง", "Photo of the panels", PHOTO, OPTIONAL),
    ]),
    # Public buildings: the same checklist as every installation, more often.
    ("ตรวจระบบโซลาร์อาคารสาธารณะ", "Solar check, public buildings", BuildingType.SCHOOL, SI, 90,
     []),
]  # fmt: skip
PRE_SMOKE = ("ล้างแผงก่อนฤดูหมอกควัน (ก.พ.–เม.ย.)", "Clean panels before the smoke months (Feb–Apr)")
REPLACEMENTS = [
    # name Thai, English, for, kind, years, basis, budget line, [(valid from, THB)]
    ("อินเวอร์เตอร์", "Inverter", SI, "", 12, ReplacementBasis.PER_KWP, BudgetLine.EQUIPMENT,
     [(dt.date(2020, 1, 1), "3500"), (dt.date(2026, 10, 1), "3000")]),
    ("แบตเตอรี่ลิเทียม", "Lithium battery", SI, "", 10, ReplacementBasis.PER_BATTERY_KWH,
     BudgetLine.EQUIPMENT, [(dt.date(2024, 1, 1), "9000")]),
    ("ชุดถังแยกขยะ 4 สี", "Four-colour bin set", WP, WastePointKind.DROP_OFF_BIN, 5,
     ReplacementBasis.PER_SITE, BudgetLine.MATERIALS, [(dt.date(2020, 1, 1), "4500")]),
    ("ถังขยะอันตรายแบบล็อกได้", "Lockable hazardous bin", WP, WastePointKind.HAZARDOUS_BIN, 7,
     ReplacementBasis.PER_SITE, BudgetLine.MATERIALS, [(dt.date(2020, 1, 1), "6500")]),
]  # fmt: skip
D = dt.date
REPAIR, MATERIALS = BudgetLine.REPAIR, BudgetLine.MATERIALS
BANK, BIN = WastePointKind.WASTE_BANK, WastePointKind.DROP_OFF_BIN
REPAIRS: list[tuple[str, str, str, str, dt.date, int]] = [
    # kind or building type, what, THB, budget line, opened on, days to close
    (BANK, "ซ่อมตาชั่ง", "1200", REPAIR, D(2024, 11, 12), 9),
    (BANK, "เปลี่ยนหลังคากันสาด", "3800", REPAIR, D(2025, 7, 3), 21),
    (BIN, "เปลี่ยนฝาถัง", "350", MATERIALS, D(2025, 1, 8), 4),
    (BIN, "ทาสีถังใหม่ตามสีประเภทขยะ", "600", MATERIALS, D(2025, 9, 2), 12),
    (BIN, "เปลี่ยนล้อถัง", "420", MATERIALS, D(2026, 3, 14), 6),
    (WastePointKind.COMPOST_POINT, "ซ่อมเครื่องย่อยกิ่งไม้", "2500", REPAIR, D(2025, 4, 22), 15),
    (WastePointKind.HAZARDOUS_BIN, "เปลี่ยนกุญแจฝาถัง", "280", MATERIALS, D(2026, 2, 10), 3),
    (BuildingType.HOUSEHOLD, "ซ่อมสายไฟ DC หลวม", "900", REPAIR, D(2025, 2, 20), 5),
    (BuildingType.HOUSEHOLD, "ล้างแผงหลังฤดูหมอกควัน", "800", REPAIR, D(2025, 5, 6), 2),
    (BuildingType.SCHOOL, "ล้างแผงและตรวจจุดต่อ", "1500", REPAIR, D(2025, 1, 15), 3),
    (BuildingType.SCHOOL, "เปลี่ยนเบรกเกอร์ DC", "2200", REPAIR, D(2026, 6, 9), 11),
    (BuildingType.TEMPLE, "ซ่อมรางเดินสาย", "1100", REPAIR, D(2026, 8, 18), 7),
]
BIN_SET_REPLACED = (BIN, "เปลี่ยนชุดถังแยกขยะที่แตก", "4500", MATERIALS, D(2025, 8, 5), 14)


@dataclass(frozen=True)
class MaintenanceCounts:
    plans: int
    inspections: int
    work_orders_open: int
    work_orders_closed: int


def _field_user(password: str) -> AbstractUser:
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=FIELD_USERNAME,
        defaults={"is_staff": True, "first_name": "Field", "email": "demo-field@example.invalid"},
    )
    if created:
        user.set_password(password)
        user.save()
    user.groups.add(staff_groups_ensure()["data_entry"])
    return user


def _pre_smoke(plan: MaintenancePlan) -> None:
    """Clean the panels between 1 December and 31 January, before the smoke of February–April."""
    SeasonalRule.objects.create(
        plan=plan, label_th=PRE_SMOKE[0], label_en=PRE_SMOKE[1],
        start_month=12, start_day=1, end_month=1, end_day=31,
    )  # fmt: skip


def _plans(staff: Any, field_user: Any) -> int:
    solar_items: list[Item] = []
    for name_th, name_en, kind, site_type, days, items in PLANS:
        solar = site_type == SiteType.INSTALLATION
        plan = MaintenancePlan.objects.create(
            name_th=name_th, name_en=name_en, site_type=site_type, interval_days=days,
            waste_point_kind="" if solar else kind, building_type=kind if solar else "",
            responsible=staff if solar else field_user,
        )  # fmt: skip
        if solar:
            solar_items = items or solar_items
            _pre_smoke(plan)
        for position, (key, label_th, label_en, answer, extra) in enumerate(
            items or solar_items, start=1
        ):
            ChecklistItem.objects.create(
                plan=plan, position=position, key=key, label_th=label_th, label_en=label_en,
                answer_type=answer, **extra,
            )  # fmt: skip
    # Health centres follow the public-building plan too.
    public = MaintenancePlan.objects.get(building_type=BuildingType.SCHOOL)
    copy = MaintenancePlan.objects.create(
        name_th="ตรวจระบบโซลาร์ รพ.สต.", name_en="Solar check, health centres",
        site_type=SiteType.INSTALLATION, building_type=BuildingType.HEALTH_CENTRE,
        interval_days=public.interval_days, responsible=staff,
    )  # fmt: skip
    _pre_smoke(copy)
    for item in public.items.all():
        item.pk, item.plan = None, copy
        item.save()
    return MaintenancePlan.objects.count()


def _replacements() -> dict[str, ReplacementRule]:
    rules = {}
    for name_th, name_en, site_type, kind, years, basis, line, costs in REPLACEMENTS:
        rule = ReplacementRule.objects.create(
            name_th=name_th, name_en=name_en, site_type=site_type, waste_point_kind=kind,
            lifetime_years=years, basis=basis, budget_line=line,
        )  # fmt: skip
        for valid_from, value in costs:
            UnitCost.objects.create(
                rule=rule, valid_from=valid_from, source=DEMO_COST_SOURCE,
                unit_cost_thb=Decimal(value), needs_verification=True,
            )  # fmt: skip
        rules[name_en] = rule
    return rules


def _site_ages(
    rng: random.Random, points: list[WastePoint], solar: list[SolarInstallation]
) -> None:
    """When each bin was put in place, and which homes have batteries (for replacements)."""
    for point in points:
        point.installed_on = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(0, 6 * 365))
    bulk_update_with_history(points, WastePoint, ["installed_on"],
                             default_change_reason="demo: installation dates")  # fmt: skip
    homes = [s for s in solar if s.building_type == BuildingType.HOUSEHOLD][:8]
    for home in homes:
        home.battery_kwh = Decimal(rng.choice(["5", "7.5", "10"]))
    bulk_update_with_history(homes, SolarInstallation, ["battery_kwh"],
                             default_change_reason="demo: batteries")  # fmt: skip


def _photo(colour: str) -> bytes:
    image = Image.new("RGB", (1200, 900), "#87a8c8")
    draw = ImageDraw.Draw(image)
    for row in range(3):
        for col in range(4):
            x, y = 120 + col * 245, 180 + row * 200
            draw.rectangle([x, y, x + 230, y + 185], fill=colour, outline="#d0d8e0", width=6)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()


def _answer(item: ChecklistItem, rng: random.Random) -> object:
    if item.answer_type == AnswerType.YES_NO:
        return (rng.random() >= 0.04) == item.pass_answer  # about one answer in 25 fails
    low = item.pass_min if item.pass_min is not None else item.min_value or 0
    high = item.pass_max if item.pass_max is not None else (item.max_value or 10) / 100
    return round(rng.uniform(low, high * 1.03 if high > 0 else high), 2)


def _inspect(
    rng: random.Random, today: dt.date, sites: list, inspectors: list[AbstractUser]
) -> int:
    """Two visits per site, the latest between 0 and 1.25 intervals ago; one site in ten is new."""
    count = 0
    for index, site in enumerate(sites):
        plan = plan_for(site=site)
        if plan is None or index % 10 == 7:
            continue
        # Never today: a visit later today would be in the future when the demo is loaded early.
        last = today - dt.timedelta(days=max(1, int(rng.uniform(0.05, 1.25) * plan.interval_days)))
        for day in (last - dt.timedelta(days=plan.interval_days), last):
            answers = {i.key: _answer(i, rng) for i in plan.items.all() if i.answer_type != PHOTO}
            photo_items = [i.key for i in plan.items.all() if i.answer_type == PHOTO]
            photos = []
            closing: list[int] = []
            if day == last and rng.random() < 0.7:
                # Most faults found at the earlier visit were fixed by this one.
                closing = list(
                    WorkOrder.objects.filter(site_filter(site), source=WorkOrderSource.INSPECTION)
                    .exclude(status__in=CLOSED_STATUSES)
                    .values_list("pk", flat=True)
                )
            if photo_items and index % 6 == 0 and day == last:
                photos = [inspections.PhotoIn(item_key=photo_items[0], name="demo.jpg",
                                              data=_photo("#1d3557"))]  # fmt: skip
            inspections.inspection_record(
                data=inspections.InspectionIn(
                    uuid=uuid.UUID(int=rng.getrandbits(128), version=4),
                    site_type=SiteType.WASTE_POINT if isinstance(site, WastePoint)
                    else SiteType.INSTALLATION,
                    site_id=site.pk,
                    inspected_at=dt.datetime(day.year, day.month, day.day, rng.randrange(8, 16),
                                             rng.randrange(60), tzinfo=BANGKOK),
                    answers=answers,
                    notes="",
                    device_latitude=round(site.latitude + rng.uniform(-1e-4, 1e-4), 6),
                    device_longitude=round(site.longitude + rng.uniform(-1e-4, 1e-4), 6),
                    device_accuracy_m=round(rng.uniform(4, 25), 1),
                    close_work_orders=closing,
                ),
                photos=photos,
                actor=inspectors[index % len(inspectors)],
            )  # fmt: skip
            count += 1
    return count


def _repairs(
    points: list[WastePoint], solar: list[SolarInstallation], rules: dict[str, ReplacementRule],
    staff: AbstractUser, field_user: AbstractUser,
) -> int:  # fmt: skip
    """Done repairs with their costs in fiscal years 2568–2569, and one bin set replaced."""
    done = 0
    jobs: list[tuple[str, str, str, str, dt.date, int, ReplacementRule | None]] = [
        (*job, None) for job in REPAIRS
    ]
    jobs.append((*BIN_SET_REPLACED, rules["Four-colour bin set"]))
    for n, (kind, title, cost, line, opened, days, replaces) in enumerate(jobs):
        site: WastePoint | SolarInstallation
        matches_p = [
            p for p in points if p.kind == kind and p.installed_on and p.installed_on < opened
        ]
        matches_s = [
            s for s in solar
            if s.building_type == kind and s.commissioned_on and s.commissioned_on < opened
        ]  # fmt: skip
        site = (matches_p or matches_s)[n % len(matches_p or matches_s)]
        order, _created = workorders.work_order_open(
            data=workorders.WorkOrderIn(
                uuid=uuid.UUID(int=SEED * 1000 + n, version=4),
                site_type=SiteType.WASTE_POINT if isinstance(site, WastePoint)
                else SiteType.INSTALLATION,
                site_id=site.pk, title=title, opened_on=opened, assigned_to_id=field_user.pk,
            ),
            actor=staff,
        )  # fmt: skip
        workorders.work_order_update(
            order=order, changes={"status": "in_progress"}, actor=field_user
        )
        workorders.work_order_update(
            order=order,
            changes={"status": "done", "closed_on": opened + dt.timedelta(days=days),
                     "cost_thb": Decimal(cost), "budget_line": line,
                     "replacement_id": replaces.pk if replaces else None},
            actor=staff,
        )  # fmt: skip
        done += 1
    return done


def _open_orders(points: list[WastePoint], staff: AbstractUser, field_user: AbstractUser) -> None:
    """A resident's report from Traffy Fondue and a repair waiting for parts. (The solar alert of
    the demo appears once the worker has computed the readings' expectations; staff open its
    work order from the due list.)"""
    bins = [p for p in points if p.kind == WastePointKind.DROP_OFF_BIN]
    report, _ = workorders.work_order_open(
        data=workorders.WorkOrderIn(
            uuid=uuid.UUID(int=SEED * 1000 + 900, version=4), site_type=SiteType.WASTE_POINT,
            site_id=bins[1].pk, title="ถังล้มและฝาหาย", priority=Priority.HIGH,
            source=WorkOrderSource.RESIDENT_REPORT, out_of_service=True,
            resident_report="Traffy Fondue (สาธิต) #2569-0412: ถังแยกขยะหน้าตลาดล้ม ฝาหาย ขยะกระจาย",
            assigned_to_id=field_user.pk,
        ),
        actor=staff,
    )  # fmt: skip
    waiting, _ = workorders.work_order_open(
        data=workorders.WorkOrderIn(
            uuid=uuid.UUID(int=SEED * 1000 + 901, version=4), site_type=SiteType.WASTE_POINT,
            site_id=next(p for p in points if p.kind == WastePointKind.COMPOST_POINT).pk,
            title="ใบมีดเครื่องย่อยกิ่งไม้สึก", priority=Priority.NORMAL, assigned_to_id=staff.pk,
        ),
        actor=field_user,
    )  # fmt: skip
    workorders.work_order_update(order=waiting, changes={"status": "waiting_parts"}, actor=staff)
    assert report.out_of_service


def demo_maintenance(
    *, points: list[WastePoint], solar: list[SolarInstallation], staff: AbstractUser,
    today: dt.date, password: str,
) -> MaintenanceCounts:  # fmt: skip
    """Load the demo's maintenance records (after its sites and staff account exist)."""
    rng = random.Random(SEED)
    field_user = _field_user(password)
    if not staff.email:
        staff.email = "demo-staff@example.invalid"  # the weekly summary goes to the console
        staff.save(update_fields=["email"])
    plans = _plans(staff, field_user)
    rules = _replacements()
    _site_ages(rng, points, solar)
    operating = [s for s in solar if s.status == InstallationStatus.OPERATING]
    _repairs(points, operating, rules, staff, field_user)
    visited = _inspect(rng, today, [*points, *operating], [field_user, staff])
    _open_orders(points, staff, field_user)
    return MaintenanceCounts(
        plans=plans,
        inspections=visited,
        work_orders_open=WorkOrder.objects.exclude(status__in=CLOSED_STATUSES).count(),
        work_orders_closed=WorkOrder.objects.filter(status__in=CLOSED_STATUSES).count(),
    )
