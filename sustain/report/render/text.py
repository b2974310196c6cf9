"""The report's words: the period's name, the figures written as sentences, the data gaps and
the headline cards, in the active language."""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sustain.core.thaidates import BE_OFFSET_YEARS, format_thai_date
from sustain.report.render.summary import headline_name
from sustain.report.render.table import format_cell, percent
from sustain.report.schema import PeriodFigures, ReportFigures


class Sentences(TypedDict):
    solar: str
    waste: str
    enterprises: str


class HeadlineCard(TypedDict):
    key: str
    iso: str
    name: str
    value: str
    unit: str


def _day(text: str) -> str:
    day = dt.date.fromisoformat(text)
    return format_thai_date(day) if get_language() == "th" else day.strftime("%-d %b %Y")


def period_label(period: PeriodFigures) -> str:
    year_be = period["year_be"]
    if period["basis"] == "fiscal":
        name = _("Fiscal year %(year)s BE") % {"year": year_be}
    elif get_language() == "th":
        name = _("Year %(year)s") % {"year": year_be}
    else:
        name = _("Calendar year %(year)s") % {"year": year_be - BE_OFFSET_YEARS}
    return f"{name} ({_day(period['start'])} – {_day(period['end'])})"


def number(value: float | None, decimals: int = 0) -> str:
    return "—" if value is None else f"{value:,.{decimals}f}"


def sentences(figures: ReportFigures) -> Sentences:
    """The period's figures written out, for the page and the memo's ข้อเท็จจริง."""
    solar, waste, ent = figures["solar"], figures["waste"], figures["enterprises"]
    shares = waste["shares"]
    return {
        "solar": _(
            "%(count)s rooftop solar systems with %(kwp)s kWp were operating; %(added)s systems "
            "(%(kwp_added)s kWp) were added in the period. They generated about %(mwh)s MWh "
            "(%(metered)s%% metered, the rest estimated), avoiding about %(tco2e)s tCO2e."
        )
        % {
            "count": number(solar["installations_operating"]),
            "kwp": number(solar["kwp_operating"], 1),
            "added": number(solar["installations_added"]),
            "kwp_added": number(solar["kwp_added"], 1),
            "mwh": number(solar["kwh"] / 1000, 1),
            "metered": number(percent(solar["metered_share"])),
            "tco2e": number(solar["avoided_kgco2e"] / 1000, 1),
        },
        "waste": _(
            "%(tonnes)s tonnes of waste were collected at the sorting points: %(recycled)s%% "
            "recycled, %(composted)s%% composted and %(landfill)s%% sent to landfill; "
            "%(hazardous)s kg of hazardous waste. Recycling and composting avoided about "
            "%(tco2e)s tCO2e and sales earned %(thb)s THB."
        )
        % {
            "tonnes": number(waste["total_kg"] / 1000, 1),
            "recycled": number(percent(shares["recycled"]), 1),
            "composted": number(percent(shares["composted"]), 1),
            "landfill": number(percent(shares["landfill"]), 1),
            "hazardous": number(waste["hazardous_kg"], 1),
            "tco2e": number(waste["avoided_kgco2e"] / 1000, 1),
            "thb": number(waste["revenue_thb"]),
        },
        "enterprises": _(
            "%(count)s community enterprises are registered; %(reported)s reported the period: "
            "%(members)s members, %(jobs)s jobs and %(thb)s THB revenue."
        )
        % {
            "count": number(ent["count"]),
            "reported": number(ent["reported"]),
            "members": number(ent["members"]),
            "jobs": number(ent["jobs"]),
            "thb": number(ent["revenue_thb"]),
        },
    }


def renewable_share_missing(figures: ReportFigures) -> bool:
    return all(h["value"] is None for h in figures["headline"] if h["key"] == "renewable_share")


def gaps(figures: ReportFigures) -> list[str]:
    """Data-quality notes a reader should know before trusting the figures."""
    found = figures["methodology"]["gaps"]
    names = {row["id"]: row["name"] for row in figures["waste"]["by_point"]}
    enterprise_names = {row["id"]: row["name"] for row in figures["enterprises"]["rows"]}
    notes = []
    if found["points_without_collections"]:
        notes.append(
            _("Active waste points with no collection logged in the period: %(names)s.")
            % {"names": ", ".join(names[i] for i in found["points_without_collections"])}
        )
    if found["materials_without_factor"]:
        notes.append(
            _("Materials diverted but with no emission factor (not credited): %(codes)s.")
            % {"codes": ", ".join(found["materials_without_factor"])}
        )
    if found["installations_without_estimate"]:
        notes.append(
            _("%(n)s operating installations have no estimate yet; their energy is missing.")
            % {"n": len(found["installations_without_estimate"])}
        )
    if found["enterprises_not_reported"]:
        notes.append(
            _("Community enterprises with no activity record for the period: %(names)s.")
            % {"names": ", ".join(enterprise_names[i] for i in found["enterprises_not_reported"])}
        )
    if found["uncredited_kwh"]:
        notes.append(
            _("%(kwh)s kWh fell in months with no grid factor and were not credited.")
            % {"kwh": number(found["uncredited_kwh"])}
        )
    for weather in figures["methodology"]["weather"]:
        if weather["approximate"]:
            notes.append(
                _("Estimates use an approximate weather year (%(name)s); import a measured one.")
                % {"name": weather["name"]}
            )
    if renewable_share_missing(figures):
        notes.append(
            _(
                "The renewable share needs the electricity used in the area "
                "(yearly targets: electricity used)."
            )
        )
    return notes


def headline_cards(figures: ReportFigures) -> list[HeadlineCard]:
    return [
        {
            "key": h["key"],
            "iso": h["iso"],
            "name": headline_name(h["key"]),
            "value": format_cell(h["value"], "kg" if h["unit"] in ("%", "tCO2e") else "int"),
            "unit": h["unit"],
        }
        for h in figures["headline"]
    ]
