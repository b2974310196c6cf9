"""A draft of the year's evaluation memo in the official Thai form (บันทึกข้อความ).

The form follows the municipality's memo of 4 October 2023: the header block (ส่วนราชการ, ที่,
วันที่ in BE, เรื่อง, เรียน), then เรื่องเดิม, ข้อเท็จจริง with the period's figures in sentences and
tables, ข้อเสนอแนะ prompted by the data, and signature blocks left blank for people to sign.
The memo is always Thai; DOCX for the clerk to finish and PDF, both 16 pt.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from sustain.core.thaidates import format_thai_date_full, thai_digits
from sustain.report.render.files import html_to_pdf
from sustain.report.render.labels import Vocabulary
from sustain.report.render.table import Table, format_cell
from sustain.report.render.tables import report_tables
from sustain.report.render.text import (
    number,
    period_label,
    renewable_share_missing,
    sentences,
)
from sustain.report.schema import ReportFigures, TargetKey

DOCX_FONT = "TH SarabunPSK"  # the government standard font on office machines
FONT_SIZE_PT = 16
SIGNATURES = (
    "ผู้รายงาน",
    "ความเห็นหัวหน้าส่วนราชการ",
    "ความเห็นปลัดเทศบาล",
    "ความเห็นนายกเทศมนตรี",
)


@dataclass
class MemoSection:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass
class Memo:
    office: str
    reference: str
    date_text: str
    subject: str
    addressee: str
    sections: list[MemoSection]
    closing: str
    signatures: tuple[str, ...] = SIGNATURES


def mayor_title(municipality_name: str) -> str:
    """เทศบาลตำบลสันทรายงาม → นายกเทศมนตรีตำบลสันทรายงาม."""
    if municipality_name.startswith("เทศบาล"):
        return "นายกเทศมนตรี" + municipality_name.removeprefix("เทศบาล")
    return "นายก" + municipality_name


TARGET_NAMES: dict[TargetKey, str] = {
    "kwp_added": "กำลังผลิตติดตั้งเพิ่ม",
    "recycling_share": "สัดส่วนขยะรีไซเคิล",
    "collected_kg": "ปริมาณขยะที่เก็บรวบรวม",
}


def recommendations(figures: ReportFigures) -> list[str]:
    """What the data asks the council to act on (Thai), most concrete first."""
    items = []
    under = figures["solar"]["underperforming"]
    if under:
        names = ", ".join(f"{row['name']} ({row['ratio']:.0%})" for row in under)
        items.append(
            f"ควรตรวจสอบและบำรุงรักษาระบบผลิตไฟฟ้าพลังงานแสงอาทิตย์ {len(under)} ระบบ "
            f"ที่ผลิตไฟฟ้าได้ต่ำกว่า {settings.PV_ALERT_RATIO:.0%} ของค่าที่คาดการณ์ ได้แก่ {names}"
        )
    points = {row["id"]: row["name"] for row in figures["waste"]["by_point"]}
    silent = figures["methodology"]["gaps"]["points_without_collections"]
    if silent:
        items.append(
            f"ควรตรวจสอบจุดคัดแยกขยะ {len(silent)} จุดที่ไม่มีการบันทึกการเก็บขนในรอบปี "
            f"ได้แก่ {', '.join(points[i] for i in silent)} ว่ายังใช้งานอยู่หรือไม่"
        )
    for target in figures["targets"]:
        if not target["met"]:
            items.append(
                f"ผลการดำเนินงานด้าน{TARGET_NAMES[target['key']]}ต่ำกว่าเป้าหมาย "
                f"(เป้าหมาย {number(target['target'], 1)} {target['unit']} "
                f"ผลจริง {number(target['actual'], 1)} {target['unit']}) "
                "ควรทบทวนแผนงานและงบประมาณสำหรับปีถัดไป"
            )
    if figures["waste"]["gaps"]:
        items.append(
            "ควรจัดหาค่าสัมประสิทธิ์การปล่อยก๊าซเรือนกระจกสำหรับวัสดุ "
            f"{', '.join(figures['waste']['gaps'])} เพื่อให้คำนวณการลดการปล่อยได้ครบถ้วน"
        )
    if any(w["approximate"] for w in figures["methodology"]["weather"]):
        items.append(
            "ควรนำเข้าข้อมูลสภาพอากาศรายชั่วโมงของพื้นที่ (เช่น PVGIS TMY) "
            "แทนข้อมูลโดยประมาณ เพื่อให้ค่าประมาณการผลิตไฟฟ้าแม่นยำขึ้น"
        )
    if renewable_share_missing(figures):
        items.append(
            "ควรขอข้อมูลปริมาณการใช้ไฟฟ้าในพื้นที่จากการไฟฟ้าส่วนภูมิภาค "
            "เพื่อรายงานสัดส่วนพลังงานหมุนเวียน (ISO 37120 ข้อ 7.4)"
        )
    items.extend(maintenance_recommendations(figures))
    if not items:
        items.append("ผลการดำเนินงานเป็นไปตามเป้าหมาย ควรดำเนินการต่อเนื่องและขยายผลไปยังหมู่บ้านอื่น")
    return items


def maintenance_recommendations(figures: ReportFigures) -> list[str]:
    """What is overdue, and what the next fiscal year's maintenance needs (Thai)."""
    upkeep = figures.get("maintenance")
    if upkeep is None:
        return []
    items = []
    if upkeep["overdue_at_end"]:
        items.append(
            f"ควรเร่งตรวจบำรุงรักษาตามแผน {upkeep['overdue_at_end']:,} แห่งที่เลยกำหนด "
            f"(ณ วันที่ {format_thai_date_full(dt.date.fromisoformat(upkeep['as_of']))}) "
            "และมีใบสั่งงานซ่อมที่ยังไม่แล้วเสร็จ "
            f"{upkeep['work_orders_open_at_end']:,} รายการ"
        )
    if upkeep["forecast"]:
        year = min(row["fiscal_year_be"] for row in upkeep["forecast"])
        rows = [row for row in upkeep["forecast"] if row["fiscal_year_be"] == year]
        replace = sum(row["replacements_thb"] for row in rows)
        repair = sum(row["corrective_thb"] for row in rows)
        if replace or repair:
            items.append(
                f"ควรตั้งงบประมาณบำรุงรักษาสำหรับปีงบประมาณ พ.ศ. {year} ประมาณ "
                f"{number(replace + repair, 2)} บาท (เปลี่ยนอุปกรณ์ตามอายุการใช้งาน "
                f"{number(replace, 2)} บาท ซ่อมแซมตามค่าเฉลี่ยที่ผ่านมา {number(repair, 2)} บาท)"
            )
    return items


def memo_build(
    *, figures: ReportFigures, vocab: Vocabulary, office: str, reference: str, memo_date: dt.date
) -> Memo:
    """The memo's content from a report's public figures (no personal data)."""
    with translation.override("th"):
        period = figures["period"]
        label = period_label(period)
        municipality = figures["municipality"]["name_th"]
        text = sentences(figures)
        tables = {t.key: t for t in report_tables(figures, vocab)}
        background = MemoSection(
            "เรื่องเดิม",
            [
                f"{municipality}ดำเนินการตามแผนพัฒนาเมืองน่าอยู่อัจฉริยะ โดยส่งเสริมการใช้พลังงานสะอาด "
                "การคัดแยกขยะมูลฝอย และการสนับสนุนวิสาหกิจชุมชน และบันทึกข้อมูลการดำเนินงานไว้ในระบบ "
                f"Sustain บันทึกนี้สรุปผลการดำเนินงานประจำ{label} เพื่อประกอบการประเมินผล"
            ],
        )
        facts = MemoSection("ข้อเท็จจริง")
        facts.paragraphs.append(f"๑. พลังงานแสงอาทิตย์ {text['solar']}")
        facts.tables.append(tables["solar_building_type"])
        facts.paragraphs.append(f"๒. การคัดแยกขยะมูลฝอย {text['waste']}")
        facts.tables.append(tables["waste_stream"])
        facts.paragraphs.append(f"๓. วิสาหกิจชุมชน {text['enterprises']}")
        if "targets" in tables:
            facts.paragraphs.append("๔. ผลการดำเนินงานเทียบกับเป้าหมาย ตามตารางท้ายบันทึก")
            facts.tables.append(tables["targets"])
        facts.paragraphs.append(
            "ตัวเลขการลดการปล่อยก๊าซเรือนกระจกเป็นข้อมูลประกอบ (avoided emissions) "
            "ไม่นำไปหักออกจากบัญชีการปล่อยก๊าซเรือนกระจก ค่าสัมประสิทธิ์และแหล่งที่มาแสดงไว้ในรายงานฉบับเต็ม"
        )
        advice = MemoSection(
            "ข้อเสนอแนะ",
            [f"{index}. {item}" for index, item in enumerate(recommendations(figures), start=1)],
        )
        year = period["year_be"]
        subject_period = (
            f"ประจำปีงบประมาณ พ.ศ. {year}" if period["basis"] == "fiscal" else f"ประจำปี พ.ศ. {year}"
        )
        return Memo(
            office=f"{office} {municipality}".strip(),
            reference=reference or "........................",
            date_text=format_thai_date_full(memo_date),
            subject=(
                "รายงานผลการดำเนินงานด้านพลังงานสะอาด การคัดแยกขยะ และวิสาหกิจชุมชน " + subject_period
            ),
            addressee=mayor_title(municipality),
            sections=[background, facts, advice],
            closing="จึงเรียนมาเพื่อโปรดพิจารณา",
        )


def _digits(text: str, thai: bool) -> str:
    return thai_digits(text) if thai else text


def _table_rows(table: Table, thai: bool) -> list[list[str]]:
    rows = [[column.title for column in table.columns]]
    for row in table.body_rows():
        cells = [
            "" if value == "" else format_cell(value, column.kind)
            for value, column in zip(row, table.columns, strict=True)
        ]
        rows.append([_digits(cell, thai) for cell in cells])
    return rows


def memo_docx(memo: Memo, *, thai: bool) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = DOCX_FONT
    style.font.size = Pt(FONT_SIZE_PT)
    style.element.rPr.rFonts.set(qn("w:cs"), DOCX_FONT)  # Thai is a complex script in Word
    style.element.rPr.rFonts.set(qn("w:eastAsia"), DOCX_FONT)
    rpr = style.element.get_or_add_rPr()
    size = rpr.makeelement(qn("w:szCs"), {qn("w:val"): str(FONT_SIZE_PT * 2)})
    rpr.append(size)
    for section in document.sections:
        section.top_margin, section.bottom_margin = Cm(2.5), Cm(2)
        section.left_margin, section.right_margin = Cm(3), Cm(2)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("บันทึกข้อความ")
    run.bold, run.font.size = True, Pt(29)
    for label, value in (
        ("ส่วนราชการ", memo.office),
        ("ที่", memo.reference),
        ("วันที่", memo.date_text),
        ("เรื่อง", memo.subject),
        ("เรียน", memo.addressee),
    ):
        paragraph = document.add_paragraph()
        paragraph.add_run(label + " ").bold = True
        paragraph.add_run(_digits(value, thai))
    for part in memo.sections:
        document.add_paragraph().add_run(part.heading).bold = True
        for text in part.paragraphs:
            paragraph = document.add_paragraph(_digits(text, thai))
            paragraph.paragraph_format.first_line_indent = Cm(2.5)
        for table in part.tables:
            document.add_paragraph(table.title)
            rows = _table_rows(table, thai)
            grid = document.add_table(rows=len(rows), cols=len(rows[0]))
            grid.style = "Table Grid"
            for r, values in enumerate(rows):
                for c, value in enumerate(values):
                    grid.cell(r, c).text = value
    closing = document.add_paragraph(memo.closing)
    closing.paragraph_format.first_line_indent = Cm(2.5)
    for role in memo.signatures:
        document.add_paragraph()
        block = document.add_paragraph()
        block.alignment = WD_ALIGN_PARAGRAPH.CENTER
        dots = "." * 36
        block.add_run(f"{role}\n\n(ลงชื่อ) {dots}\n({dots})\nตำแหน่ง {dots}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def memo_pdf(memo: Memo, *, thai: bool) -> bytes:
    sections = [
        {
            "heading": s.heading,
            "paragraphs": [_digits(p, thai) for p in s.paragraphs],
            "tables": [{"title": t.title, "rows": _table_rows(t, thai)} for t in s.tables],
        }
        for s in memo.sections
    ]
    html = render_to_string(
        "sustain/reports/memo.html",
        {
            "memo": memo,
            "header": [
                ("ส่วนราชการ", memo.office),
                ("ที่", memo.reference),
                ("วันที่", _digits(memo.date_text, thai)),
                ("เรื่อง", _digits(memo.subject, thai)),
                ("เรียน", memo.addressee),
            ],
            "sections": sections,
            "font_size_pt": FONT_SIZE_PT,
        },
    )
    return html_to_pdf(html)
