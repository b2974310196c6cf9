"""Demo targets and buy-back prices, so the demo report has something to compare against."""

import datetime as dt
from decimal import Decimal

from sustain.models import Material, MaterialPrice, PeriodBasis, ReportTarget

# Fictional, in the range of Chiang Rai junk shops in 2024–2026 (THB/kg).
DEMO_PRICES = {
    "pet": ("8.00", "7.00"),
    "hdpe": ("10.00", "9.00"),
    "paper": ("3.00", "1.50"),
    "cardboard": ("3.50", "2.50"),
    "glass": ("1.00", "1.00"),
    "aluminium": ("45.00", "50.00"),
    "steel": ("6.00", "5.50"),
    "copper": ("220.00", "250.00"),
}
PRICE_DAYS = (dt.date(2024, 10, 1), dt.date(2025, 10, 1))


def demo_targets_and_prices() -> tuple[int, int]:
    """Two fiscal years of targets (one solar target deliberately missed) and a price table."""
    targets = [
        ReportTarget(
            basis=PeriodBasis.FISCAL,
            year_be=2568,
            kwp_added_target=Decimal("40"),
            recycling_share_target_pct=30.0,
            collected_kg_target=Decimal("90000"),
        ),
        ReportTarget(
            basis=PeriodBasis.FISCAL,
            year_be=2569,
            kwp_added_target=Decimal("30"),  # 19.7 kWp were added: the memo recommends action
            recycling_share_target_pct=30.0,
            collected_kg_target=Decimal("95000"),
            electricity_use_kwh=Decimal("9800000"),  # fictional area consumption
        ),
    ]
    for target in targets:  # idempotent: the demo can be reloaded over its own rows
        ReportTarget.objects.update_or_create(
            basis=target.basis,
            year_be=target.year_be,
            defaults={
                f.name: getattr(target, f.name)
                for f in ReportTarget._meta.concrete_fields
                if f.name not in ("id", "basis", "year_be", "created_at", "updated_at")
            },
        )
    materials = {m.code: m for m in Material.objects.filter(code__in=DEMO_PRICES)}
    prices = [
        MaterialPrice(
            material=materials[code],
            valid_from=day,
            price_thb_per_kg=Decimal(value),
            buyer="ร้านรับซื้อของเก่า (สาธิต)",
        )
        for code, values in DEMO_PRICES.items()
        for day, value in zip(PRICE_DAYS, values, strict=True)
    ]
    for price in prices:
        MaterialPrice.objects.update_or_create(
            material=price.material,
            valid_from=price.valid_from,
            defaults={"price_thb_per_kg": price.price_thb_per_kg, "buyer": price.buyer},
        )
    return len(targets), len(prices)
