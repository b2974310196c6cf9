"""Seed the waste materials (four streams, junk-shop grades) and the dated emission factors.

Values and sources: shared reference domain.md sections 3 and 4. Staff edit them afterwards; this
migration only adds rows whose key is missing, so it never overwrites an edit.
"""

import datetime as dt
from decimal import Decimal

from django.db import migrations

MATERIALS = [
    # code, Thai, English, stream, OpenStreetMap recycling name, emission factor key
    ("general_waste", "ขยะทั่วไป", "General waste", "general", "waste", ""),
    ("food_waste", "เศษอาหาร", "Food waste", "organic", "food_waste", "food_waste_compost_vs_dump"),
    ("green_waste", "กิ่งไม้ ใบไม้", "Garden waste", "organic", "green_waste", ""),
    ("pet", "ขวดพลาสติกใส (PET)", "PET bottles", "recyclable", "plastic_bottles", "warm_pet"),
    ("hdpe", "พลาสติกขุ่น (HDPE)", "HDPE plastic", "recyclable", "plastic_packaging", "warm_hdpe"),
    ("other_plastics", "พลาสติกอื่น ๆ", "Other plastics", "recyclable", "plastic", ""),
    ("paper", "กระดาษรวม", "Mixed paper", "recyclable", "paper", "warm_mixed_paper"),
    ("cardboard", "กระดาษลัง", "Cardboard", "recyclable", "cardboard", "warm_cardboard"),
    ("glass", "ขวดแก้ว", "Glass bottles", "recyclable", "glass_bottles", "warm_glass"),
    ("aluminium", "กระป๋องอะลูมิเนียม", "Aluminium cans", "recyclable", "cans", "warm_aluminium_cans"),
    ("steel", "เหล็ก กระป๋องเหล็ก", "Steel and tin cans", "recyclable", "scrap_metal", "warm_steel_cans"),
    ("copper", "ทองแดง", "Copper wire", "recyclable", "scrap_metal", "warm_copper_wire"),
    ("e_waste", "ขยะอิเล็กทรอนิกส์", "E-waste", "recyclable", "electrical_items", ""),
    ("batteries", "ถ่านไฟฉาย แบตเตอรี่", "Batteries", "hazardous", "batteries", ""),
    ("lamps", "หลอดไฟ", "Lamps and bulbs", "hazardous", "low_energy_bulbs", ""),
    ("chemical_containers", "กระป๋องสเปรย์ ภาชนะสารเคมี", "Spray cans and chemical containers", "hazardous", "hazardous_waste", ""),
]

WARM = "US EPA WARM v16 (December 2023), recycling; converted with 1 MTCO2E/short ton = 1.1023 kgCO2e/kg. Verify against the WARM exhibit."
WARM_VALUES = [
    ("warm_aluminium_cans", "Aluminium cans recycled", "-10.06"),
    ("warm_steel_cans", "Steel cans recycled", "-2.02"),
    ("warm_copper_wire", "Copper wire recycled", "-4.95"),
    ("warm_glass", "Glass recycled", "-0.31"),
    ("warm_pet", "PET recycled", "-1.15"),
    ("warm_hdpe", "HDPE recycled", "-0.84"),
    ("warm_pp", "PP recycled", "-0.87"),
    ("warm_cardboard", "Corrugated cardboard recycled", "-3.46"),
    ("warm_mixed_paper", "Mixed paper recycled", "-3.91"),
    ("warm_newspaper", "Newspaper recycled", "-2.99"),
    ("warm_office_paper", "Office paper recycled", "-3.15"),
]

FACTORS = [
    # key, name, kind, scope, value, unit, valid_from, valid_to, source, needs_verification
    ("grid_electricity", "Thai grid electricity (TGO CFO value)", "grid", "scope 2", "0.4999",
     "kgCO2e/kWh", None, dt.date(2025, 12, 31),
     "TGO carbon footprint for organisations (CFO) grid factor, widely used; verify against a TGO document.", True),
    ("grid_electricity", "Thai grid electricity (TGO)", "grid", "scope 2", "0.4750",
     "kgCO2e/kWh", dt.date(2026, 1, 1), None,
     "Thailand Greenhouse Gas Management Organization (TGO) board, reported by The Nation, 2025-11-30.", False),
    ("grid_electricity_upstream", "Upstream of grid electricity (TGO)", "grid_upstream", "scope 3",
     "0.0812", "kgCO2e/kWh", dt.date(2026, 1, 1), None,
     "Thailand Greenhouse Gas Management Organization (TGO) board, reported by The Nation, 2025-11-30.", False),
    *[(key, name, "recycling", "avoided (negative = reduction)", value, "kgCO2e/kg", None, None, WARM, True)
      for key, name, value in WARM_VALUES],
    ("composting_emissions", "Composting, emitted (CH4 4 g/kg + N2O 0.3 g/kg wet)", "composting",
     "emitted", "0.19", "kgCO2e/kg", None, None,
     "IPCC 2006 Guidelines Vol. 5 Ch. 4 Table 4.1 (wet weight), AR6 GWP100 CH4 27.9, N2O 273.", False),
    ("food_waste_compost_vs_dump", "Food waste composted instead of open dump, net change", "dump_avoided",
     "avoided (negative = reduction)", "-0.36", "kgCO2e/kg", None, None,
     "Derived from IPCC 2006 Vol. 5 Ch. 3 defaults (shallow unmanaged dump, MCF 0.4), net of composting emissions; verify.", True),
]  # fmt: skip


def seed(apps, schema_editor):
    Material = apps.get_model("sustain", "Material")
    EmissionFactor = apps.get_model("sustain", "EmissionFactor")
    for code, name_th, name_en, stream, osm, factor_key in MATERIALS:
        Material.objects.get_or_create(
            code=code,
            defaults={"name_th": name_th, "name_en": name_en, "stream": stream,
                      "osm_recycling": osm, "factor_key": factor_key},
        )
    for key, name, kind, scope, value, unit, start, end, source, verify in FACTORS:
        EmissionFactor.objects.get_or_create(
            key=key, valid_from=start,
            defaults={"name": name, "kind": kind, "scope": scope, "value": Decimal(value),
                      "unit": unit, "valid_to": end, "source": source, "needs_verification": verify},
        )


class Migration(migrations.Migration):
    dependencies = [("sustain", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
