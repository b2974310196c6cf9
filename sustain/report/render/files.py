"""The report as files: PDF (WeasyPrint, A4, Sarabun), XLSX (openpyxl) and a zip of CSVs."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Mapping
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from weasyprint import HTML

from sustain.core.csvsafe import csv_cell
from sustain.report.render.table import DECIMALS, Cell, Table

STATIC_DIR = Path(settings.BASE_DIR) / "static"

# Which tables go on which sheet (one sheet per section, and the provenance table on its own).
SHEETS = {
    "summary": ("headline", "comparison", "targets"),
    "solar": ("solar_monthly", "solar_building_type", "solar_village", "underperforming"),
    "waste": ("waste_stream", "waste_material", "waste_village", "waste_point"),
    "enterprises": ("enterprises",),
    "methodology": ("factors",),
    "provenance": ("provenance",),
}


def html_to_pdf(html: str) -> bytes:
    """A4 PDF; fonts and images resolve against ``static/`` (no network)."""
    pdf: bytes = HTML(string=html, base_url=str(STATIC_DIR)).write_pdf()
    return pdf


def report_pdf(context: Mapping[str, object]) -> bytes:
    """The report page's content (``render.page.report_context``) as an A4 PDF."""
    return html_to_pdf(render_to_string("sustain/reports/pdf.html", context))


def _number_format(kind: str) -> str:
    decimals = DECIMALS.get(kind, 0)
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def _cell(value: Cell) -> Cell:
    if isinstance(value, bool):
        return "✓" if value else "✗"
    return str(csv_cell(value)) if isinstance(value, str) else value


def report_xlsx(tables: list[Table], *, title: str) -> bytes:
    """One sheet per section; numbers stay numbers; each table under its own title row."""
    by_key = {table.key: table for table in tables}
    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for sheet_name, keys in SHEETS.items():
        sheet = book.create_sheet(sheet_name)
        sheet.append([title])
        sheet["A1"].font = Font(bold=True, size=13)
        widths: dict[int, int] = {}
        for key in keys:
            table = by_key.get(key)
            if table is None:
                continue
            sheet.append([])
            sheet.append([table.title])
            sheet.cell(row=sheet.max_row, column=1).font = bold
            sheet.append([column.title for column in table.columns])
            for cell in sheet[sheet.max_row]:
                cell.font = bold
            for row in table.body_rows():
                sheet.append([_cell(None if v == "" else v) for v in row])
                for index, column in enumerate(table.columns, start=1):
                    cell = sheet.cell(row=sheet.max_row, column=index)
                    if column.kind != "text" and isinstance(cell.value, int | float):
                        cell.number_format = _number_format(column.kind)
                    widths[index] = max(widths.get(index, 8), min(60, len(str(cell.value or ""))))
            if table.total and table.rows:
                for cell in sheet[sheet.max_row]:
                    cell.font = bold
            if table.note:
                sheet.append([table.note])
        for index, width in widths.items():
            sheet.column_dimensions[get_column_letter(index)].width = width + 2
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def table_csv(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.title for column in table.columns])
    for row in table.body_rows():
        writer.writerow([csv_cell(value) for value in row])
    return buffer.getvalue()


def report_csv_zip(tables: list[Table]) -> bytes:
    """Every table as ``<key>.csv`` (UTF-8 with BOM, so spreadsheet programs read Thai)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in tables:
            info = zipfile.ZipInfo(f"{table.key}.csv", date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, "\ufeff" + table_csv(table))
    return buffer.getvalue()
