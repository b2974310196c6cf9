"""A rooftop estimate as residents read it: figures, monthly chart, assumptions in words."""

import datetime as dt
from decimal import Decimal
from typing import Any, TypedDict

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sustain import seed_words
from sustain.core import rooftop, tariff, thaidates
from sustain.services.solar.roof_estimates import RoofAnswer, decimal_thb
from sustain.services.solar.tariffs import PriceRow

LOAD_SHAPE_LABELS = {
    "daytime": gettext_lazy("mostly in the daytime"),
    "evening": gettext_lazy("mostly in the evening"),
    "both": gettext_lazy("both day and evening"),
}


def day_text(day: dt.date | None) -> str:
    """A date with a Buddhist-era year on Thai pages (23 พ.ย. 2569), CE otherwise."""
    if day is None:
        return "…"
    if translation.get_language() == "th":
        return thaidates.format_thai_date(day)
    return f"{day.day} {thaidates.ENGLISH_MONTHS_ABBR[day.month - 1]} {day.year}"


def month_labels() -> list[str]:
    english = translation.get_language() == "en"
    return list(thaidates.ENGLISH_MONTHS_ABBR if english else thaidates.THAI_MONTHS_ABBR)


def _number(value: float, digits: int = 0) -> str:
    return f"{value:,.{digits}f}"


class PriceRowOut(TypedDict):
    label: str
    value: str
    valid: str
    source: str
    to_verify: bool
    out_of_date: bool


def price_row_out(row: PriceRow) -> PriceRowOut:
    return {
        "label": row.label,
        "value": row.value,
        "valid": f"{day_text(row.valid_from)} – {day_text(row.valid_to)}",
        "source": seed_words.text(row.source),
        "to_verify": row.needs_verification,
        "out_of_date": row.out_of_date,
    }


def _bill_out(bill: tariff.Bill) -> dict[str, float]:
    return {
        "kwh": float(bill.kwh),
        "energy_thb": float(bill.energy_thb),
        "service_thb": float(bill.service_thb),
        "ft_thb": float(bill.ft_thb),
        "vat_thb": float(bill.vat_thb),
        "total_thb": float(bill.total_thb),
    }


def _payback(years: float | None) -> float | None:
    return round(years, 1) if years is not None else None


def _assumptions(answer: RoofAnswer) -> list[str]:
    q, e = answer.question, answer.estimate
    kwp = _number(answer.capacity_kwp, 1)
    if answer.sized_by == "kwp":
        sized = _("You gave the system size: %(kwp)s kWp.") % {"kwp": kwp}
    elif answer.sized_by == "area":
        sized = _("%(area)s m² of usable roof holds about %(kwp)s kWp (%(per)s m² per kWp).") % {
            "area": _number(q.roof_area_m2 or 0),
            "kwp": kwp,
            "per": _number(rooftop.ROOF_M2_PER_KWP),
        }
    else:
        sized = _(
            "Sized for your bill: %(kwp)s kWp produces in a year about what the house uses while "
            "the sun is up (a bigger system mostly sells at the lower buy-back rate)."
        ) % {"kwp": kwp}
    use_from = (
        _("from your bill of %(bill)s baht a month") % {"bill": _number(q.monthly_bill_thb or 0)}
        if q.monthly_use_kwh is None and q.monthly_bill_thb is not None
        else _("as you gave it")
    )
    lines = [
        sized,
        _(
            "Panels face %(azimuth)s° (0 = north) at a tilt of %(tilt)s°, roof mount, standard "
            "modules, %(losses)s %% system losses (PVWatts v5 defaults, the same model as the "
            "municipality's solar map)."
        )
        % {"azimuth": _number(q.azimuth_deg), "tilt": _number(q.tilt_deg), "losses": "14.08"},
        _(
            "The house uses %(kwh)s kWh a month (%(source)s), every month the same, under tariff "
            "%(schedule)s, %(shape)s; hour by hour it uses the solar power it can and exports "
            "the rest. It uses %(share)s %% of the panels' energy itself."
        )
        % {
            "kwh": _number(answer.monthly_use_kwh, 0),
            "source": use_from,
            "schedule": answer.schedule,
            "shape": LOAD_SHAPE_LABELS[q.load_shape],
            "share": _number(e.central.split.self_share * 100, 0),
        },
        _(
            "Weather: %(weather)s. A real year can differ by about ±10 %%, so every figure is "
            "also given as a range."
        )
        % {"weather": answer.weather.name},
        _(
            "Tariffs and the Ft charge stay as they are today for 25 years (no price rises, no "
            "discounting); modules lose %(degradation)s %% of output a year; the inverter is "
            "replaced in year %(year)s for %(inverter)s baht."
        )
        % {
            "degradation": _number(rooftop.DEGRADATION_PER_YEAR * 100, 1),
            "year": rooftop.INVERTER_REPLACEMENT_YEAR,
            "inverter": _number(float(e.costs.inverter_replacement_thb)),
        },
    ]
    if not q.buyback_eligible:
        lines.append(_("Exported energy earns nothing: the buy-back programme is for households."))
    elif answer.above_buyback_cap:
        lines.append(
            _(
                "The system is above the buy-back programme's size limit: exported energy earns "
                "nothing here."
            )
        )
    elif e.export_thb_per_kwh > 0:
        lines.append(
            _(
                "Exported energy earns %(rate)s baht per kWh during the buy-back contract and "
                "nothing after it."
            )
            % {"rate": tariff_rate(e.export_thb_per_kwh)}
        )
    if any(row.out_of_date for row in answer.prices):
        lines.append(
            _(
                "Some months have no rate on record yet: the latest known rate is used for them "
                "(marked below)."
            )
        )
    return lines


def tariff_rate(value: Decimal) -> str:
    return format(value.normalize(), "f")


def answer_json(answer: RoofAnswer) -> dict[str, Any]:
    """Everything the resident's page shows, as JSON (numbers as numbers, words translated)."""
    e = answer.estimate
    central, low, high = e.central, e.low, e.high
    factor = answer.factor
    first_month = answer.today.month - 1
    return {
        "capacity_kwp": round(answer.capacity_kwp, 2),
        "sized_by": answer.sized_by,
        "schedule": answer.schedule,
        "monthly_use_kwh": round(answer.monthly_use_kwh, 1),
        "annual_kwh": round(central.annual_kwh),
        "annual_kwh_low": round(low.annual_kwh),
        "annual_kwh_high": round(high.annual_kwh),
        "monthly_kwh": [round(float(v), 1) for v in central.split.production],
        "month_labels": month_labels(),
        "self_used_kwh": round(float(central.split.self_used.sum())),
        "exported_kwh": round(float(central.split.exported.sum())),
        "self_share_pct": round(central.split.self_share * 100),
        "bill_before_thb": decimal_thb(central.money.before_thb),
        "bill_after_thb": decimal_thb(central.money.after_thb),
        "export_income_thb": decimal_thb(central.money.export_income_thb),
        "savings_thb": decimal_thb(central.money.savings_thb),
        "savings_low_thb": decimal_thb(low.money.savings_thb),
        "savings_high_thb": decimal_thb(high.money.savings_thb),
        "install_cost_thb": decimal_thb(e.costs.install_thb),
        "inverter_thb": decimal_thb(e.costs.inverter_replacement_thb),
        "payback_years": _payback(central.payback_years),
        "payback_low_years": _payback(high.payback_years),  # more sun pays back sooner
        "payback_high_years": _payback(low.payback_years),
        "lifetime_savings_thb": decimal_thb(e.lifetime_savings_thb),
        "lifetime_net_thb": decimal_thb(e.lifetime_net_thb),
        "co2e_kg": round(e.co2e_kg_per_year),
        "co2e_factor": (
            _("%(value)s %(unit)s, valid %(start)s – %(end)s; %(source)s")
            % {
                "value": tariff_rate(Decimal(str(factor.value))),
                "unit": factor.unit,
                "start": day_text(factor.valid_from),
                "end": day_text(factor.valid_to),
                "source": seed_words.text(factor.source),
            }
            if factor
            else _("no grid factor is on record for today")
        ),
        "approximate": answer.weather.approximate,
        "weather": answer.weather.name,
        "sample_month": month_labels()[first_month],
        "sample_before": _bill_out(central.money.bills_before[first_month]),
        "sample_after": _bill_out(central.money.bills_after[first_month]),
        "assumptions": _assumptions(answer),
        "rows": [price_row_out(row) for row in answer.prices],
        "as_of": day_text(answer.today),
    }


SUMMARY_KEYS = (
    "capacity_kwp", "annual_kwh", "annual_kwh_low", "annual_kwh_high", "self_share_pct",
    "monthly_use_kwh", "schedule", "savings_thb", "savings_low_thb", "savings_high_thb",
    "install_cost_thb", "payback_years", "lifetime_net_thb", "co2e_kg", "approximate", "as_of",
)  # fmt: skip


def answer_summary(answer: RoofAnswer) -> dict[str, Any]:
    """The figures a lead keeps: what the resident saw when they asked for advice."""
    full = answer_json(answer)
    return {key: full[key] for key in SUMMARY_KEYS}
