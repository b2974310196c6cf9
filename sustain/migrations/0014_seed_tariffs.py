"""Seed the household tariffs, the Ft charge, the solar buy-back rate and the planning costs.

Values, sources and "to verify" flags: shared reference domain.md §7. Staff edit them afterwards;
this migration only adds rows that are missing, so it never overwrites an edit.
"""

import datetime as dt
from decimal import Decimal

from django.db import migrations

PEA_2015 = (
    "MEA/PEA residential schedule effective from billing month November 2015 (same base rates "
    "for MEA and PEA). VAT 7 % on energy + service + Ft (Revenue Department)."
)
TARIFFS = [
    # schedule, name, blocks, service THB/month, valid from, source, to verify
    ("1.1", "PEA residential 1.1 (use up to 150 kWh/month)",
     "1-15 2.3488\n16-25 2.9882\n26-35 3.2405\n36-100 3.6237\n101-150 3.7171\n151-400 4.2218\n401+ 4.4217",
     "8.19", dt.date(2015, 11, 1), PEA_2015, False),
    ("1.2", "PEA residential 1.2 (use above 150 kWh/month)",
     "1-150 3.2484\n151-400 4.2218\n401+ 4.4217",
     "24.62", dt.date(2015, 11, 1),
     "PEA residential schedule 1.2 (verify blocks and the 24.62 THB service charge against the "
     "current PEA tariff page). VAT 7 % on energy + service + Ft (Revenue Department).", True),
]  # fmt: skip
FT = [
    ("0.1972", dt.date(2025, 5, 1), dt.date(2025, 12, 31),
     "ERC announcements: Ft for May–December 2025 (verify; add one row per period)."),
]  # fmt: skip
BUYBACK = [
    ("2.20", "10", 10, None,
     "ERC residential rooftop solar programme (ภาคประชาชน): 2.20 THB/kWh exported, 10-year "
     "contract, systems up to 10 kWp (verify the current rate and cap)."),
]  # fmt: skip
MARKET = (
    "Market range 30,000–45,000 THB/kWp for 3–10 kWp household systems (domain reference §7), "
    "split into size bands by the project: smaller systems cost more per kWp. Planning default; "
    "verify with local installers."
)
COSTS = [
    # kind, from kWp, below kWp, THB/kWp, source
    ("install", "0", "3", "45000", MARKET),
    ("install", "3", "5", "40000", MARKET),
    ("install", "5", "10", "35000", MARKET),
    ("install", "10", None, "30000", MARKET),
    ("inverter", "0", None, "6000",
     "Planning assumption of the project, not a published figure: an inverter replaced in year 12 "
     "at about a sixth of the installed cost. Verify with local installers."),
]  # fmt: skip


def seed(apps, schema_editor):
    ResidentialTariff = apps.get_model("sustain", "ResidentialTariff")
    FtCharge = apps.get_model("sustain", "FtCharge")
    SolarBuyback = apps.get_model("sustain", "SolarBuyback")
    SolarCost = apps.get_model("sustain", "SolarCost")
    for schedule, name, blocks, service, start, source, verify in TARIFFS:
        ResidentialTariff.objects.get_or_create(
            schedule=schedule, valid_from=start,
            defaults={"name": name, "blocks": blocks, "service_thb_per_month": Decimal(service),
                      "vat_pct": Decimal(7), "source": source, "needs_verification": verify},
        )  # fmt: skip
    for value, start, end, source in FT:
        FtCharge.objects.get_or_create(
            valid_from=start,
            defaults={"thb_per_kwh": Decimal(value), "valid_to": end, "source": source,
                      "needs_verification": True},
        )  # fmt: skip
    for rate, max_kwp, years, start, source in BUYBACK:
        SolarBuyback.objects.get_or_create(
            valid_from=start,
            defaults={"thb_per_kwh": Decimal(rate), "max_kwp": Decimal(max_kwp),
                      "contract_years": years, "source": source, "needs_verification": True},
        )  # fmt: skip
    for kind, low, high, cost, source in COSTS:
        SolarCost.objects.get_or_create(
            kind=kind, min_kwp=Decimal(low), valid_from=None,
            defaults={"max_kwp": Decimal(high) if high else None, "thb_per_kwp": Decimal(cost),
                      "source": source, "needs_verification": True},
        )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("sustain", "0013_rooftop_leads")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
