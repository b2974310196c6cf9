"""What each import target is: its model, its columns (with Thai and English header aliases),
its geometry and how a row finds the record it updates."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import pandas as pd
from django.db import models
from django.utils import translation

from sustain.core import geo
from sustain.core.thaidates import parse_date_either_era
from sustain.models import (
    CommunityEnterprise,
    Material,
    SolarInstallation,
    Village,
    WasteCollection,
    WastePoint,
)
from sustain.models.waste import OSM_RECYCLING_MATERIALS

SAME_SITE_M = 30.0  # a row with the same name this close is the same site (it updates it)
PROBABLE_DUPLICATE_M = 10.0  # another site this close is a probable duplicate

NAME = ("name", "ชื่อ", "ชื่อสถานที่", "ชื่อจุด", "site_name")
MOO = ("moo", "หมู่", "หมู่ที่", "village", "village_moo", "หมู่บ้าน")
NOTES = ("notes", "หมายเหตุ", "note")

INSTALLATION_COLUMNS = {
    "name": NAME,
    "building_type": ("building_type", "type", "ประเภทอาคาร", "ประเภท"),
    "capacity_kwp": ("capacity_kwp", "kwp", "capacity", "กำลังผลิต", "กำลังการผลิต",
                     "ขนาด (kwp)", "ขนาดติดตั้ง"),
    "tilt_deg": ("tilt_deg", "tilt", "มุมเอียง"),
    "azimuth_deg": ("azimuth_deg", "azimuth", "มุมทิศ", "ทิศ"),
    "mounting": ("mounting", "การติดตั้ง"),
    "module_type": ("module_type", "ชนิดแผง"),
    "losses_pct": ("losses_pct", "losses", "ความสูญเสีย"),
    "dc_ac_ratio": ("dc_ac_ratio",),
    "commissioned_on": ("commissioned_on", "installed_on", "installed", "วันที่ติดตั้ง",
                        "วันที่เริ่มใช้งาน"),
    "status": ("status", "สถานะ"),
    "owner_name": ("owner_name", "owner", "เจ้าของ", "ชื่อเจ้าของ"),
    "owner_phone": ("owner_phone", "phone", "โทรศัพท์", "เบอร์โทร", "เบอร์โทรศัพท์"),
    "village": MOO,
    "notes": NOTES,
}  # fmt: skip
POINT_COLUMNS = {
    "name": NAME,
    "kind": ("kind", "ประเภทจุด", "ประเภท"),  # OSM tags (recycling_type …): see gis_osm
    "accepted_materials": ("accepted_materials", "materials", "วัสดุที่รับ"),
    "opening_hours": ("opening_hours", "เวลาเปิด", "เวลาทำการ"),
    "collection_times": ("collection_times", "วันเก็บ", "เวลาเก็บขน"),
    "operator": ("operator", "ผู้ดูแล", "ผู้ดำเนินการ"),
    "ref": ("ref", "รหัส", "รหัสจุด", "container_id"),
    "active": ("active", "ใช้งาน"),
    "last_verified_on": ("last_verified_on", "check_date", "วันที่ตรวจสอบ", "ตรวจสอบล่าสุด"),
    "village": MOO,
    "notes": NOTES,
}  # fmt: skip
VILLAGE_COLUMNS = {
    "moo": (*MOO, "village_no"),
    "name_th": ("name_th", "ชื่อหมู่บ้าน", "name", "ชื่อ"),
    "name_en": ("name_en", "english_name"),
    "geocode": ("geocode", "รหัสหมู่บ้าน", "dopa_code"),
    "population": ("population", "ประชากร", "จำนวนประชากร"),
}  # fmt: skip
COLLECTION_COLUMNS = {
    "point": ("point", "point_ref", "ref", "รหัสจุด", "จุด", "จุดคัดแยก"),
    "collected_on": ("collected_on", "date", "วันที่"),
    "material": ("material", "วัสดุ", "ประเภทวัสดุ"),
    "mass_kg": ("mass_kg", "kg", "weight_kg", "น้ำหนัก", "น้ำหนัก (กก.)", "กก."),
    "destination": ("destination", "ปลายทาง"),
    "price_thb_per_kg": ("price_thb_per_kg", "price", "ราคา", "ราคา/กก.", "ราคาต่อกิโลกรัม"),
    "notes": NOTES,
}  # fmt: skip
ENTERPRISE_COLUMNS = {
    "name": (*NAME, "ชื่อวิสาหกิจ"),
    "registration_code": ("registration_code", "code", "รหัสทะเบียน", "รหัสวิสาหกิจ", "เลขทะเบียน"),
    "activity_type": ("activity_type", "activity", "ประเภทกิจการ"),
    "member_count": ("member_count", "members", "สมาชิก", "จำนวนสมาชิก"),
    "registered_on": ("registered_on", "วันที่จดทะเบียน"),
    "renewed_on": ("renewed_on", "วันที่ต่ออายุ"),
    "products": ("products", "ผลิตภัณฑ์"),
    "representative_name": ("representative_name", "representative", "ผู้แทน", "ประธาน"),
    "representative_contact": ("representative_contact", "contact", "ติดต่อ"),
    "village": MOO,
    "notes": NOTES,
}  # fmt: skip


class CellError(ValueError):
    """A cell that cannot become the field's value; the message states the rule."""


def blank(value: Any) -> bool:
    """None, NaN, NaT (a date column's empty cell) or only spaces."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return True
    return str(value).strip() == ""


def _choice(model: type[models.Model], name: str, value: Any) -> str:
    """A choice by its code or its label in Thai or English."""
    choices = getattr(model._meta.get_field(name), "choices", None) or []
    text = str(value).strip().lower()
    for code, label in choices:
        labels = {str(code).lower(), str(label).lower()}
        for language in ("th", "en"):
            with translation.override(language):
                labels.add(str(label).lower())
        if text in labels:
            return str(code)
    codes = ", ".join(str(code) for code, _ in choices)
    raise CellError(f"“{value}” is not one of: {codes}")


def to_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return parse_date_either_era(text[:10] if len(text) > 10 and text[4] == "-" else text)
    except ValueError:
        raise CellError(
            f"“{value}” is not a date (dd/mm/yyyy in BE or CE, or yyyy-mm-dd)"
        ) from None


def to_decimal(value: Any) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise CellError(f"“{value}” is not a number") from None
    if not number.is_finite():
        raise CellError(f"“{value}” is not a number")
    return number


def to_float(value: Any) -> float:
    return float(to_decimal(value))


def to_int(value: Any) -> int:
    number = to_decimal(value)
    if number != number.to_integral_value():
        raise CellError(f"“{value}” is not a whole number")
    return int(number)


def to_bool(value: Any) -> bool:
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "y", "ใช่", "ใช้งาน", "t"):
        return True
    if text in ("0", "false", "no", "n", "ไม่", "ไม่ใช้งาน", "f"):
        return False
    raise CellError(f"“{value}” is not yes or no")


def to_materials(value: Any) -> list[str]:
    items = [part.strip() for part in str(value).replace(",", ";").split(";") if part.strip()]
    unknown = [item for item in items if item not in OSM_RECYCLING_MATERIALS]
    if unknown:
        raise CellError(f"unknown OpenStreetMap recycling names: {', '.join(unknown)}")
    return sorted(set(items))  # a set: the order of materials is never a change


@dataclass
class Context:
    """Lookups loaded once per import (not once per row)."""

    villages: dict[int, Village]
    materials: dict[str, Material]
    points_by_ref: dict[str, WastePoint]
    points_by_name: dict[str, WastePoint]
    points_by_osm_id: dict[str, WastePoint]

    @classmethod
    def load(cls) -> Context:
        points = list(WastePoint.objects.all())
        materials: dict[str, Material] = {}
        for m in Material.objects.all():
            for key in (m.code, m.name_th, m.name_en):
                materials[key.strip().lower()] = m
        return cls(
            villages={v.moo: v for v in Village.objects.all()},
            materials=materials,
            points_by_ref={p.ref: p for p in points if p.ref},
            points_by_name={p.name: p for p in points},
            points_by_osm_id={p.osm_id: p for p in points if p.osm_id},
        )

    def village(self, value: Any) -> Village:
        moo = to_int(str(value).replace("หมู่", "").replace("ที่", "").strip())
        if moo not in self.villages:
            raise CellError(f"there is no village Moo {moo}")
        return self.villages[moo]

    def material(self, value: Any) -> Material:
        found = self.materials.get(str(value).strip().lower())
        if found is None:
            raise CellError(f"“{value}” is not a material code or name")
        return found

    def point(self, value: Any) -> WastePoint:
        text = str(value).strip()
        found = self.points_by_ref.get(text) or self.points_by_name.get(text)
        if found is None:
            raise CellError(f"no waste point has the ref or name “{value}”")
        return found


Converter = Callable[[Context, Any], Any]


def _converters(model: type[models.Model]) -> dict[str, Converter]:
    def choice(name: str) -> Converter:
        return lambda _ctx, value: _choice(model, name, value)

    table: dict[str, Converter] = {}
    for f in model._meta.concrete_fields:
        if f.choices:
            table[f.name] = choice(f.name)
        elif isinstance(f, models.DateField):
            table[f.name] = lambda _ctx, v: to_date(v)
        elif isinstance(f, models.DecimalField):
            table[f.name] = lambda _ctx, v: to_decimal(v)
        elif isinstance(f, models.FloatField):
            table[f.name] = lambda _ctx, v: to_float(v)
        elif isinstance(f, models.IntegerField):
            table[f.name] = lambda _ctx, v: to_int(v)
        elif isinstance(f, models.BooleanField):
            table[f.name] = lambda _ctx, v: to_bool(v)
        else:
            table[f.name] = lambda _ctx, v: str(v).strip()
    table["village"] = lambda ctx, v: ctx.village(v)
    table["material"] = lambda ctx, v: ctx.material(v)
    table["point"] = lambda ctx, v: ctx.point(v)
    table["accepted_materials"] = lambda _ctx, v: to_materials(v)
    return table


@dataclass
class Target:
    key: str
    model: type[models.Model]
    columns: dict[str, tuple[str, ...]]
    geometry: str | None  # "point", "optional_point", "polygon" or None (tabular)
    converters: dict[str, Converter] = field(init=False)

    def __post_init__(self) -> None:
        self.converters = _converters(self.model)


TARGETS = {
    "installations": Target("installations", SolarInstallation, INSTALLATION_COLUMNS, "point"),
    "waste_points": Target("waste_points", WastePoint, POINT_COLUMNS, "point"),
    "villages": Target("villages", Village, VILLAGE_COLUMNS, "polygon"),
    "collections": Target("collections", WasteCollection, COLLECTION_COLUMNS, None),
    "enterprises": Target("enterprises", CommunityEnterprise, ENTERPRISE_COLUMNS, "optional_point"),
}


def default_mapping(target: Target, columns: list[str]) -> dict[str, str]:
    """Field -> file column, by header aliases (case and surrounding spaces ignored)."""
    lowered = {str(c).strip().lower(): str(c) for c in columns}
    mapping: dict[str, str] = {}
    for name, aliases in target.columns.items():
        # A Shapefile cuts field names to 10 characters: our own exports come back that way.
        candidates = (*aliases, name[:10])
        found = next((lowered[a.lower()] for a in candidates if a.lower() in lowered), None)
        if found is not None and found not in mapping.values():
            mapping[name] = found
    return mapping


def near(a: tuple[float, float], b: tuple[float, float], metres: float) -> bool:
    return geo.distance_m(a[0], a[1], b[0], b[1]) <= metres
