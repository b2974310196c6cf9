"""The names and sources of the reference rows the migrations seed, in the page's language.

Migrations 0002 (emission factors) and 0014 (household tariffs, Ft, buy-back, costs) store
their names and sources in English, as the sources are published; staff edit them afterwards.
Pages, files and the API's Thai answers show them through :func:`text`: a text exactly as seeded
comes from the catalogue (Thai on Thai pages), anything staff wrote is shown as written.
``tests/test_seed_words.py`` checks that every seeded text is listed here.
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

_SAME: tuple[str, ...] = (
    # 0014: household tariffs and their sources
    gettext_noop("PEA residential 1.1 (use up to 150 kWh/month)"),
    gettext_noop("PEA residential 1.2 (use above 150 kWh/month)"),
    gettext_noop("ERC announcements: Ft for May–December 2025 (verify; add one row per period)."),
    gettext_noop(
        "ERC residential rooftop solar programme (ภาคประชาชน): 2.20 THB/kWh exported, 10-year "
        "contract, systems up to 10 kWp (verify the current rate and cap)."
    ),
    gettext_noop(
        "Market range 30,000–45,000 THB/kWp for 3–10 kWp household systems (domain reference "
        "§7), split into size bands by the project: smaller systems cost more per kWp. "
        "Planning default; verify with local installers."
    ),
    gettext_noop(
        "Planning assumption of the project, not a published figure: an inverter replaced in "
        "year 12 at about a sixth of the installed cost. Verify with local installers."
    ),
    # 0002: emission factors, their names and sources
    gettext_noop("Thai grid electricity (TGO CFO value)"),
    gettext_noop("Thai grid electricity (TGO)"),
    gettext_noop("Upstream of grid electricity (TGO)"),
    gettext_noop("Aluminium cans recycled"),
    gettext_noop("Steel cans recycled"),
    gettext_noop("Copper wire recycled"),
    gettext_noop("Glass recycled"),
    gettext_noop("PET recycled"),
    gettext_noop("HDPE recycled"),
    gettext_noop("PP recycled"),
    gettext_noop("Corrugated cardboard recycled"),
    gettext_noop("Mixed paper recycled"),
    gettext_noop("Newspaper recycled"),
    gettext_noop("Office paper recycled"),
    gettext_noop("Composting, emitted (CH4 4 g/kg + N2O 0.3 g/kg wet)"),
    gettext_noop("Food waste composted instead of open dump, net change"),
    gettext_noop(
        "TGO carbon footprint for organisations (CFO) grid factor, widely used; verify against "
        "a TGO document."
    ),
    gettext_noop(
        "Thailand Greenhouse Gas Management Organization (TGO) board, reported by The Nation, "
        "2025-11-30."
    ),
    gettext_noop(
        "US EPA WARM v16 (December 2023), recycling; converted with 1 MTCO2E/short ton = "
        "1.1023 kgCO2e/kg. Verify against the WARM exhibit."
    ),
    gettext_noop(
        "IPCC 2006 Guidelines Vol. 5 Ch. 4 Table 4.1 (wet weight), AR6 GWP100 CH4 27.9, N2O 273."
    ),
    gettext_noop(
        "Derived from IPCC 2006 Vol. 5 Ch. 3 defaults (shallow unmanaged dump, MCF 0.4), net "
        "of composting emissions; verify."
    ),
)
# Two sources say "7 %", which the catalogue would take for a format: their entries say per cent.
_VAT = "VAT 7 % on energy + service + Ft (Revenue Department)."
SEEDED: dict[str, str] = {text: text for text in _SAME} | {
    "MEA/PEA residential schedule effective from billing month November 2015 (same base rates "
    f"for MEA and PEA). {_VAT}": gettext_noop(
        "MEA/PEA residential schedule effective from billing month November 2015 (same base "
        "rates for MEA and PEA). VAT 7 per cent on energy + service + Ft (Revenue Department)."
    ),
    "PEA residential schedule 1.2 (verify blocks and the 24.62 THB service charge against the "
    f"current PEA tariff page). {_VAT}": gettext_noop(
        "PEA residential schedule 1.2 (verify blocks and the 24.62 THB service charge against "
        "the current PEA tariff page). VAT 7 per cent on energy + service + Ft (Revenue "
        "Department)."
    ),
}


def text(stored: str) -> str:
    """A seeded name or source in the page's language; any other text as written."""
    entry = SEEDED.get(stored)
    if entry is None:
        return stored
    shown = gettext(entry)
    return stored if shown == entry else shown  # not translated (English): as stored
