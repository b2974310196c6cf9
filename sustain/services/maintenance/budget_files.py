"""The budget forecast as a spreadsheet for the budget office: numbers stay numbers."""

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from sustain.core import thaidates
from sustain.models import BudgetLine, SiteType
from sustain.services.maintenance.budget import BudgetForecast

MONEY = "#,##0.00"


def _sheet(workbook: Workbook, title: str, header: list[str], rows: list[list[object]]) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
    for index, title_text in enumerate(header, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, min(48, len(title_text) + 4))
        if "THB" in title_text or "บาท" in title_text:
            for cell in sheet[letter][1:]:
                cell.number_format = MONEY
    sheet.freeze_panes = "A2"


def budget_forecast_xlsx(forecast: BudgetForecast) -> bytes:
    """Four sheets: totals by fiscal year and budget line, replacements, repairs, sources."""
    lines = dict(BudgetLine.choices)
    site_types = dict(SiteType.choices)
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(
        workbook,
        _("Summary"),
        [
            _("fiscal year (BE)"),
            _("budget line"),
            _("replacements (THB)"),
            _("repairs (THB)"),
            _("total (THB)"),
        ],
        [
            [
                line.fiscal_year_be,
                str(lines[line.budget_line]),
                line.replacements_thb,
                line.corrective_thb,
                line.total_thb,
            ]
            for line in forecast.lines
        ],
    )
    _sheet(
        workbook,
        _("Replacements"),
        [
            _("fiscal year (BE)"),
            _("due on"),
            _("overdue"),
            _("site type"),
            _("site"),
            _("component"),
            _("budget line"),
            _("quantity"),
            _("unit"),
            _("unit cost (THB)"),
            _("cost (THB)"),
            _("unit cost source"),
            _("needs verification"),
        ],
        [
            [
                thaidates.be_year(r.fiscal_year_ce),
                r.due_on,
                _("yes") if r.overdue else "",
                str(site_types[r.site_type]),
                r.site_name,
                r.rule_name,
                str(lines[r.budget_line]),
                r.quantity,
                r.unit,
                r.unit_cost_thb,
                r.cost_thb,
                r.cost_source,
                _("yes") if r.cost_needs_verification else "",
            ]
            for r in forecast.replacements
        ],
    )
    _sheet(
        workbook,
        _("Repairs"),
        [
            _("site type"),
            _("kind"),
            _("budget line"),
            _("from"),
            _("to"),
            _("repair cost (THB)"),
            _("site-years"),
            _("per site and year (THB)"),
        ],
        [
            [
                str(site_types[c.site_type]),
                c.kind_label,
                str(lines[c.budget_line]),
                c.history_start,
                c.history_end,
                c.cost_thb,
                c.site_years,
                c.per_site_year_thb,
            ]
            for c in forecast.corrective
        ],
    )
    notes: list[list[object]] = [
        [_("Computed on"), forecast.today],
        [_("Fiscal years"), ", ".join(str(thaidates.be_year(y)) for y in forecast.fiscal_years_ce)],
        [_("Repairs averaged from"), forecast.history_start or "—"],
        [_("Repairs averaged to (exclusive)"), forecast.history_end or "—"],
        [_("Sites of unknown age (no replacement forecast)"), forecast.unknown_age_sites],
        [_("Replacements without a unit cost"), ", ".join(forecast.missing_costs) or "—"],
        [
            _("Method"),
            _(
                "Replacements: each component's life from the site's start or its last recorded "
                "replacement, priced with the unit cost valid on the due day. Repairs: done work "
                "orders with a cost (not replacements) per site and year of each kind, times the "
                "sites in place at the start of each fiscal year."
            ),
        ],
    ]
    _sheet(workbook, _("Sources"), [_("item"), _("value")], notes)
    workbook.properties.title = _("Maintenance budget forecast %(years)s") % {
        "years": "–".join(
            str(thaidates.be_year(y))
            for y in (forecast.fiscal_years_ce[0], forecast.fiscal_years_ce[-1])
        )
    }
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
