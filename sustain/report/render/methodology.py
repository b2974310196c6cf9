"""The methodology section's tables: the provenance of every avoided-emission figure, and the
emission factors in force during the period."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sustain import seed_words
from sustain.core.accounting import FactorRecord
from sustain.report.render.labels import Vocabulary
from sustain.report.render.table import Cell, Column, Table
from sustain.report.render.text import material_names
from sustain.report.schema import ReportFigures

REASONS = (  # the accounting module's reasons, marked so makemessages extracts them
    gettext_noop("recycled: credited by the material's recycling factor"),
    gettext_noop("composted: credited by the material's composting factor"),
    gettext_noop("hazardous waste: counted, not credited"),
    gettext_noop("general waste: counted, not credited"),
    gettext_noop("not diverted (disposed): counted, not credited"),
    gettext_noop("gap: should be credited, but the material has no emission factor"),
)


def _validity(factor: FactorRecord | None) -> str:
    if not factor:
        return ""
    return f"{factor['valid_from'] or '…'} – {factor['valid_to'] or '…'}"


def factor_name(factor: FactorRecord) -> str:
    """A factor by its name in the page's language (a seeded name from the catalogue). Snapshots
    made before factors carried their name show the key; the JSON API always gives the key."""
    return seed_words.text(factor.get("name") or "") or factor["key"]


def _factor_cells(factor: FactorRecord | None) -> list[Cell]:
    """Name, value, validity and source of a factor; a gap when there is none."""
    if factor is None:
        return ["—", None, "", ""]
    return [
        factor_name(factor),
        factor["value"],
        _validity(factor),
        seed_words.text(factor["source"]),
    ]


def provenance_table(figures: ReportFigures, vocab: Vocabulary) -> Table:
    """One row per credited quantity: what was multiplied by which factor, valid when, whence."""
    columns = [
        Column("figure", _("Figure")),
        Column("quantity", _("Quantity"), "kg"),
        Column("unit", _("Unit")),
        Column("factor", _("Emission factor")),
        Column("value", _("Factor value"), "factor"),
        Column("valid", _("Validity")),
        Column("source", _("Source")),
        Column("avoided", _("Avoided (kgCO2e)"), "kg"),
        Column("note", _("Note")),
    ]
    rows: list[list[Cell]] = []
    avoided = 0.0
    for solar in figures["solar"]["lines"]:
        avoided += solar["avoided_kgco2e"] or 0.0
        rows.append(
            [
                _("Solar %(first)s to %(last)s")
                % {"first": solar["months"][0], "last": solar["months"][-1]},
                solar["kwh"],
                "kWh",
                *_factor_cells(solar["factor"]),
                solar["avoided_kgco2e"],
                _("metered %(metered).0f kWh, estimated %(estimated).0f kWh")
                % {"metered": solar["metered_kwh"], "estimated": solar["estimated_kwh"]},
            ]
        )
    for waste in figures["waste"]["lines"]:
        avoided += waste["avoided_kgco2e"] or 0.0
        rows.append(
            [
                f"{material_names(figures, [waste['material']])[0]} → "
                f"{vocab.destinations[waste['destination']]}",
                waste["kg"],
                "kg",
                *_factor_cells(waste["factor"]),
                waste["avoided_kgco2e"],
                _(waste["reason"]),
            ]
        )
    total: list[Cell] = [_("Total avoided"), "", "", "", "", "", "", avoided, ""]
    return Table(
        "provenance", _("Provenance of every avoided-emission figure"), columns, rows, total
    )


def factors_table(figures: ReportFigures) -> Table:
    return Table(
        "factors",
        _("Emission factors in force during the period"),
        [
            Column("key", _("Factor")),
            Column("value", _("Value"), "factor"),
            Column("unit", _("Unit")),
            Column("valid_from", _("Valid from")),
            Column("valid_to", _("Valid to")),
            Column("source", _("Source")),
            Column("verify", _("Needs verification")),
            Column("used", _("Used")),
        ],
        [
            [
                factor_name(f),
                f["value"],
                f["unit"],
                f["valid_from"] or "…",
                f["valid_to"] or "…",
                seed_words.text(f["source"]),
                f["needs_verification"],
                f["used"],
            ]
            for f in figures["methodology"]["factors"]
        ],
    )


def methodology_tables(figures: ReportFigures, vocab: Vocabulary) -> list[Table]:
    return [provenance_table(figures, vocab), factors_table(figures)]
