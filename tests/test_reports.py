"""The annual report of the demo: figures, files, pages, snapshot and privacy."""

import io
import re
import unicodedata
import zipfile
from decimal import Decimal

import pytest
from django.utils import translation
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from sustain.models import (
    EmissionFactor,
    Lead,
    Report,
    RunStatus,
    SolarInstallation,
)
from sustain.report import runs as report_runs
from sustain.report.figures import report_figures
from sustain.report.render.table import format_cell

YEAR = 2569  # fiscal year 1 Oct 2025 – 30 Sep 2026, closed on the session's date
XLSX_SHEETS = ["สรุป", "พลังงานแสงอาทิตย์", "ขยะ", "วิสาหกิจชุมชน", "วิธีการคำนวณ", "แหล่งข้อมูล"]


@pytest.fixture
def report(demo_loaded, django_capture_on_commit_callbacks) -> Report:
    with django_capture_on_commit_callbacks(execute=True):
        queued = report_runs.report_request(basis="fiscal", year_be=YEAR, language="th")
    queued.refresh_from_db()
    return queued


def pdf_text(data: bytes) -> str:
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return nfkd(text)


def nfkd(text: str) -> str:
    """PDF text extraction reads sara am (ำ) as sara aa alone: compare without the nikhahit."""
    return unicodedata.normalize("NFKD", text).replace("\u0e4d", "")


def personal_strings() -> list[str]:
    rows = SolarInstallation.objects.exclude(owner_name="")
    values = [r.owner_name for r in rows] + [r.owner_phone for r in rows]
    values += [r.name for r in rows.filter(building_type="household")]
    values += [v for lead in Lead.objects.all() for v in (lead.name, lead.phone)]  # advice requests
    assert len(values) > 30 and Lead.objects.exists()
    return values


def headline(figures, key):
    return next(h for h in figures["headline"] if h["key"] == key)


def test_generation_makes_every_file_with_progress_done(report):
    assert report.status == RunStatus.DONE, report.error
    assert report.progress_pct == 100
    for field in ("pdf", "xlsx", "csv_zip", "memo_docx", "memo_pdf"):
        assert getattr(report, field).size > 1000, field
    figures = report.figures
    # The demo: 56 systems operating over the year, metered share from the demo readings.
    assert figures["solar"]["installations_operating"] == 56
    assert 0 < figures["solar"]["metered_share"] < 0.5
    assert figures["solar"]["kwh"] == pytest.approx(
        figures["solar"]["metered_kwh"] + figures["solar"]["estimated_kwh"]
    )
    # Fiscal 2569 straddles the grid factor change: two solar provenance lines.
    assert [line["factor"]["value"] for line in figures["solar"]["lines"]] == [0.4999, 0.475]
    assert figures["solar"]["lines"][0]["months"] == ["2025-10", "2025-11", "2025-12"]
    # E-waste and garden waste are diverted without a factor: gaps, not zeros.
    assert figures["waste"]["gaps"] == ["e_waste", "green_waste"]
    missed = [t for t in figures["targets"] if not t["met"]]
    assert [t["key"] for t in missed] == ["kwp_added"]
    assert headline(figures, "renewable_share")["value"] == pytest.approx(
        figures["solar"]["kwh"] / 9_800_000 * 100
    )


def test_pdf_holds_the_thai_headline_figures_as_text(report):
    text = pdf_text(report.pdf.read())
    figures = report.public_figures
    for key in ("solar_kwh", "recycled_share", "avoided_tco2e"):
        h = headline(figures, key)
        shown = format_cell(h["value"], "kg" if h["unit"] in ("%", "tCO2e") else "int")
        assert shown in text, key
    assert nfkd("ตัวชี้วัดหลัก") in text
    assert nfkd("เทศบาลตำบลสันทรายงาม") in text
    assert re.search(r"หน้า 1 / \d+", text)


def test_xlsx_totals_equal_the_page(report, client):
    report_runs.report_publish(report=report)
    page = client.get(f"/reports/{report.pk}/").content.decode()
    book = load_workbook(io.BytesIO(report.xlsx.read()))
    assert set(book.sheetnames) == set(XLSX_SHEETS)
    totals = {}
    for sheet in ("พลังงานแสงอาทิตย์", "ขยะ"):
        rows = list(book[sheet].iter_rows(values_only=True))
        for index, row in enumerate(rows):
            if row[0] in ("รวม",) and index:
                title = next(
                    r[0] for r in reversed(rows[:index]) if r[0] and len([c for c in r if c]) == 1
                )
                totals[title] = row
    solar_total = totals["การผลิตไฟฟ้าจากพลังงานแสงอาทิตย์รายเดือน"]
    waste_total = totals["ขยะแยกตามประเภท"]
    assert solar_total[3] == pytest.approx(report.figures["solar"]["kwh"])
    assert waste_total[1] == pytest.approx(report.figures["waste"]["total_kg"])
    for value, kind in ((solar_total[3], "kwh"), (waste_total[1], "kg")):
        assert f">{format_cell(value, kind)}</td>" in page
    provenance = list(book["แหล่งข้อมูล"].iter_rows(values_only=True))
    # the factor by its name in the report's language (the JSON API keeps the key)
    thai_grid = "ไฟฟ้าจากระบบสายส่งของไทย (ค่า CFO ของ TGO)"
    assert any(row[3] == thai_grid and row[4] == 0.4999 for row in provenance)
    assert not any("grid_electricity" in str(cell) for row in provenance for cell in row)


def test_the_thai_report_page_has_no_english_and_no_codes(report, client):
    """Issue 15 §1: the methodology's factors, materials, model and weather year in Thai."""
    from tests.test_thai_pages import problems, visible_text

    report_runs.report_publish(report=report)
    client.cookies["django_language"] = "th"
    text = visible_text(client.get(f"/reports/{report.pk}/").content.decode())
    assert not problems(text, ignore=set()), problems(text, ignore=set())
    assert "ไฟฟ้าจากระบบสายส่งของไทย" in text and "กระป๋องสเปรย์ ภาชนะสารเคมี → " in text
    assert "ค่าโดยประมาณ: ท้องฟ้าแจ่มใสของ pvlib" in text  # the demo's default weather year
    for code in ("grid_electricity", "chemical_containers", "general_waste", "e_waste"):
        assert code not in text


def test_csv_zip_has_every_table(report):
    archive = zipfile.ZipFile(io.BytesIO(report.csv_zip.read()))
    names = set(archive.namelist())
    assert {"headline.csv", "solar_monthly.csv", "waste_material.csv", "provenance.csv"} <= names
    text = archive.read("waste_stream.csv").decode("utf-8-sig")
    assert "ขยะรีไซเคิล" in text


def test_memo_follows_the_official_form(report):
    document = Document(io.BytesIO(report.memo_docx.read()))
    title = document.tables[0].cell(0, 1).text  # beside the garuda block
    text = "\n".join([title] + [p.text for p in document.paragraphs])
    for heading in ("บันทึกข้อความ", "ส่วนราชการ", "วันที่", "เรื่อง", "เรื่องเดิม", "ข้อเท็จจริง", "ข้อเสนอแนะ"):
        assert heading in text
    assert "เรียน นายกเทศมนตรีตำบลสันทรายงาม" in text
    assert "ประจำปีงบประมาณ พ.ศ. 2569" in text
    assert "ต่ำกว่าเป้าหมาย" in text  # the missed solar target
    assert "ระบบผลิตไฟฟ้าพลังงานแสงอาทิตย์ 2 ระบบ" in text  # the two faulty demo systems
    assert "(ลงชื่อ)" in text
    assert document.styles["Normal"].font.size.pt == 16
    assert pdf_text(report.memo_pdf.read()).count(nfkd("บันทึกข้อความ")) >= 1


def test_memo_with_thai_digits(demo_loaded, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queued = report_runs.report_request(basis="fiscal", year_be=YEAR, thai_digits=True)
    queued.refresh_from_db()
    text = "\n".join(p.text for p in Document(io.BytesIO(queued.memo_docx.read())).paragraphs)
    assert "พ.ศ. ๒๕๖๙" in text and "2569" not in text


def test_public_outputs_hold_no_personal_data(report, client):
    report_runs.report_publish(report=report)
    secrets = personal_strings()
    outputs = {
        "page": client.get(f"/reports/{report.pk}/").content.decode(),
        "page_en": client.get(
            f"/reports/{report.pk}/", HTTP_COOKIE="django_language=en"
        ).content.decode(),
        "api": client.get(f"/api/reports/{report.pk}").content.decode("unicode_escape"),
        "pdf": pdf_text(client.get(f"/reports/{report.pk}/files/pdf/").getvalue()),
        "csv": zipfile.ZipFile(
            io.BytesIO(client.get(f"/reports/{report.pk}/files/csv_zip/").getvalue())
        )
        .read("underperforming.csv")
        .decode("utf-8-sig"),
    }
    book = load_workbook(io.BytesIO(client.get(f"/reports/{report.pk}/files/xlsx/").getvalue()))
    outputs["xlsx"] = " ".join(
        str(c) for s in book for r in s.iter_rows(values_only=True) for c in r
    )
    assert "บ้านพักอาศัย หมู่" in outputs["page"]  # the faulty households, by their public names
    for name, text in outputs.items():
        for secret in secrets:
            assert nfkd(secret) not in nfkd(text), (name, secret)
    # The memo is a staff document: not downloadable by the public.
    assert client.get(f"/reports/{report.pk}/files/memo_docx/").status_code == 404
    # Staff see the real names on their page.
    staff_names = [row["name"] for row in report.figures["solar"]["underperforming"]]
    assert all(name in secrets for name in staff_names)


def test_report_renders_in_thai_and_english(report, client):
    report_runs.report_publish(report=report)
    thai = client.get(f"/reports/{report.pk}/").content.decode()
    english = client.get(
        f"/reports/{report.pk}/", HTTP_COOKIE="django_language=en"
    ).content.decode()
    assert "ตัวชี้วัดหลัก" in thai and "ปีงบประมาณ พ.ศ. 2569" in thai
    assert "Headline indicators" in english and "Fiscal year 2569 BE" in english
    assert "<img" in english and "data:image/svg+xml" in english  # charts drawn in English
    assert client.get("/reports/").content.decode().count(f"/reports/{report.pk}/") == 1


def test_unpublished_reports_stay_with_staff(report, client, somchai):
    assert client.get(f"/reports/{report.pk}/").status_code == 404
    assert client.get(f"/api/reports/{report.pk}").status_code == 404
    assert client.get("/api/reports").json() == []
    client.force_login(somchai)
    body = client.get(f"/api/reports/{report.pk}").json()
    assert body["status"] == "done" and body["figures"]["period"]["year_be"] == YEAR
    assert set(body["files"]) == {"pdf", "xlsx", "csv_zip", "memo_docx", "memo_pdf"}
    page = client.get(f"/manage/reports/{report.pk}/").content.decode()
    assert report.figures["solar"]["underperforming"][0]["name"] in page


def test_published_snapshot_survives_a_later_factor_edit(report):
    before = report.public_figures
    report_runs.report_publish(report=report)
    EmissionFactor.objects.filter(key="grid_electricity").update(value=Decimal("0.9"))
    report_runs.report_generate(report_id=report.pk)
    report.refresh_from_db()
    assert report.public_figures == before
    fresh = report_figures(basis="fiscal", year_be=YEAR)
    assert fresh["solar"]["avoided_kgco2e"] == pytest.approx(fresh["solar"]["kwh"] * 0.9)


def test_rerun_gives_identical_figures(demo_loaded):
    first = report_figures(basis="fiscal", year_be=YEAR)
    assert report_figures(basis="fiscal", year_be=YEAR) == first
    with translation.override("en"):
        assert report_figures(basis="fiscal", year_be=YEAR) == first  # figures carry no labels


def test_calendar_year_and_previous_period(demo_loaded):
    figures = report_figures(basis="calendar", year_be=2569)
    assert figures["period"]["start"] == "2026-01-01" and figures["period"]["end"] == "2026-12-31"
    assert [line["factor"]["value"] for line in figures["solar"]["lines"]] == [0.475]  # type: ignore[index]
    comparison = {c["key"]: c for c in figures["comparison"]}
    assert comparison["waste_kg"]["previous"] > 0  # calendar 2025 has demo collections


def test_a_future_period_is_refused(demo_loaded, client, somchai):
    client.force_login(somchai)
    response = client.post(
        "/api/reports", {"basis": "fiscal", "year_be": 2575}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "year_be" in response.content.decode()
    assert not Report.objects.exists()
