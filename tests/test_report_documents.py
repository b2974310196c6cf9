"""Documents ready to sign: exact Thai text layers, the memo's official layout and Thai digits,
the XLSX's Thai sheets and number formats (issue 15 §4)."""

import html
import io
import re
import subprocess
import tempfile
import zipfile

import pytest
from docx import Document
from docx.shared import Mm
from openpyxl import load_workbook

from sustain.report import runs as report_runs
from sustain.report.render import files as render_files
from sustain.report.render import memo as render_memo
from tests.test_reports import XLSX_SHEETS

YEAR = 2569
# Words with SARA AM (ำ) and tone marks that the report or the memo always write.
PHRASES = (
    "ตำบล",
    "สำนัก",
    "กำลังผลิต",
    "น้ำหนัก",
    "จำนวน",
    "ประจำปีงบประมาณ",
    "นายกเทศมนตรีตำบลสันทรายงาม",
)
THAI_RUN = re.compile(r"[\u0e01-\u0e5b]+")


@pytest.fixture
def rendered_html(monkeypatch):
    """Every HTML page turned into a PDF, in order (the report, then the memo)."""
    pages: list[str] = []
    original = render_files.html_to_pdf

    def spy(page: str) -> bytes:
        pages.append(page)
        return original(page)

    monkeypatch.setattr(render_files, "html_to_pdf", spy)
    monkeypatch.setattr(render_memo, "html_to_pdf", spy)
    return pages


def make_report(capture, *, thai_digits: bool):
    with capture(execute=True):
        queued = report_runs.report_request(
            basis="fiscal", year_be=YEAR, language="th", thai_digits=thai_digits
        )
    queued.refresh_from_db()
    return queued


def pdftotext(data: bytes) -> str:
    """The text layer in the order it was written (``-raw``); without it pdftotext sorts marks
    that sit raised or lowered (ที่, หมู่) by their position, which no reader would type."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(data)
        pdf.flush()
        done = subprocess.run(
            ["pdftotext", "-raw", "-enc", "UTF-8", pdf.name, "-"], capture_output=True, check=True
        )
    return done.stdout.decode("utf-8")


def visible_text(page: str) -> str:
    """The page's text (style rules kept: the PDF's running header and footer come from CSS)."""
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_pdf_text_layers_hold_the_same_thai_as_the_html(
    demo_loaded, django_capture_on_commit_callbacks, rendered_html
):
    report = make_report(django_capture_on_commit_callbacks, thai_digits=False)
    report_html, memo_html = (visible_text(page) for page in rendered_html)
    report_text, memo_text = pdftotext(report.pdf.read()), pdftotext(report.memo_pdf.read())
    for text, source in ((report_text, report_html), (memo_text, memo_html)):
        squeezed = re.sub(r"\s+", "", source)
        # Every Thai run of the text layer is Thai the page wrote (no "ตาบล", no "ฐำน").
        wrong = {run for run in THAI_RUN.findall(text) if run not in squeezed}
        assert not wrong, sorted(wrong)[:20]
        for phrase in PHRASES:
            if phrase in source:
                assert phrase in text, phrase
        assert text.count("ำ") >= 20
    for phrase in ("ตำบล", "สำนัก", "นายกเทศมนตรีตำบลสันทรายงาม", "ประจำปีงบประมาณ"):
        assert phrase in memo_text
    for phrase in ("ตำบล", "กำลังผลิต"):
        assert phrase in report_text


def docx_texts(data: bytes) -> str:
    """Every run of text in the DOCX (body, tables, headers and footers, field codes)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [n for n in archive.namelist() if n.startswith("word/") and n.endswith(".xml")]
        xml = "".join(
            archive.read(n).decode("utf-8")
            for n in parts
            if "document" in n or "header" in n or "footer" in n
        )
    return " ".join(re.findall(r"<w:(?:t|instrText)[^>]*>([^<]*)</w:", xml))


def test_memo_is_a4_sarabun_16_with_thai_digits_everywhere(
    demo_loaded, django_capture_on_commit_callbacks
):
    report = make_report(django_capture_on_commit_callbacks, thai_digits=True)
    data = report.memo_docx.read()
    document = Document(io.BytesIO(data))
    section = document.sections[0]
    sizes = (section.page_width, section.page_height)
    margins = (section.left_margin, section.right_margin, section.top_margin)
    assert [round((size or 0) / Mm(1)) for size in sizes] == [210, 297]  # A4
    assert [round((margin or 0) / Mm(1)) for margin in margins] == [30, 20, 25]
    assert document.styles["Normal"].font.name == "TH SarabunPSK"
    assert document.styles["Normal"].font.size.pt == 16
    # The garuda block: an empty 1.5 cm square before the title, left for the clerk.
    garuda = document.tables[0].cell(0, 0)
    assert garuda.text == "" and "บันทึกข้อความ" in document.tables[0].cell(0, 1).text
    text = docx_texts(data)
    assert "ThaiArabic" in text  # page numbers in Thai digits
    assert not re.findall(r"[0-9]", text.replace("ThaiArabic", "")), re.findall(
        r".{12}[0-9].{12}", text
    )[:10]
    assert len(re.findall(r"[๐-๙]+", text)) > 100
    assert "พ.ศ. ๒๕๖๙" in text
    # Materials by their Thai names, no codes.
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), re.findall(r"\b[a-z]+_[a-z_]+\b", text)
    pdf = pdftotext(report.memo_pdf.read())
    assert not re.findall(r"[0-9]", pdf.replace("CO₂", "")), re.findall(r".{12}[0-9].{12}", pdf)[
        :10
    ]
    assert "- ๒ -" in pdf  # the second page's number
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", pdf)


def test_xlsx_has_thai_sheets_frozen_headers_and_number_formats(
    demo_loaded, django_capture_on_commit_callbacks
):
    report = make_report(django_capture_on_commit_callbacks, thai_digits=False)
    book = load_workbook(io.BytesIO(report.xlsx.read()))
    assert book.sheetnames == XLSX_SHEETS
    solar = book["พลังงานแสงอาทิตย์"]
    assert solar.freeze_panes == "A5"  # the first table's column titles stay in view
    headers = [c.value for c in solar[4] if c.value]
    assert any("(kWh)" in h for h in headers), headers
    formats = {
        c.number_format
        for row in solar.iter_rows(min_row=5)
        for c in row
        if isinstance(c.value, float)
    }
    assert formats and formats <= {"#,##0", "#,##0.0", "#,##0.00"}, formats
    assert "#,##0" in formats
    assert all(solar.column_dimensions[col].width >= 10 for col in "ABC")
    waste = book["ขยะ"]
    assert waste.freeze_panes == "A5"
    waste_headers = [c.value for c in waste[4] if c.value]
    assert "กก." in waste_headers and "สัดส่วน (%)" in waste_headers, waste_headers  # units
