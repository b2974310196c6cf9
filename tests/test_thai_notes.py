"""The notes the workers and pure modules store in English reach Thai pages in Thai (issue 15 §1):
an OpenStreetMap import's tag warnings, a weather year's description and gaps, the report's
emission factors by name, and the API's refusal of an invalid report year."""

import json
import re
from typing import Any

import pytest
from django.utils import translation

from sustain import runtime_words
from sustain.models import EmissionFactor, ImportJob, WeatherDataset
from sustain.report.render.methodology import factors_table, provenance_table
from sustain.report.vocabulary import VOCABULARY
from sustain.services.factors import factors_all
from sustain.services.solar import weathersets
from tests.conftest import REF_LAT, REF_LON
from tests.test_thai_pages import problems, visible_text

THAI_SCRIPT = re.compile(r"[\u0e01-\u0e5b]")
# OpenStreetMap's tags, quoted as the file has them: its vocabulary, not our words.
OSM_TAGS = {"recycling_type", "waste_basket"}


def feature(lon: float, lat: float, **tags: str) -> dict:
    return {"type": "Feature", "properties": tags,
            "geometry": {"type": "Point", "coordinates": [lon, lat]}}  # fmt: skip


def osm_export(waste_bank) -> bytes:
    """An overpass-turbo export with what staff meet in one: unknown and odd tags, a bin, a
    bench, no names, a polygon, a place 100 km away and a near twin of a stored point."""
    square = [[REF_LON - 0.01, REF_LAT - 0.01], [REF_LON - 0.009, REF_LAT - 0.01],
              [REF_LON - 0.009, REF_LAT - 0.009], [REF_LON - 0.01, REF_LAT - 0.009],
              [REF_LON - 0.01, REF_LAT - 0.01]]  # fmt: skip
    features = [
        feature(REF_LON + 0.001, REF_LAT, **{"@id": "node/101", "amenity": "recycling",
                "recycling_type": "container", "recycling:glass_bottles": "yes",
                "recycling:sofas": "yes", "recycling:paper": "maybe"}),
        feature(REF_LON + 0.002, REF_LAT, **{"@id": "node/102", "amenity": "waste_basket"}),
        feature(REF_LON + 0.003, REF_LAT, amenity="bench", name="ม้านั่งหน้าวัด"),
        feature(REF_LON + 0.004, REF_LAT, amenity="recycling", recycling_type="kerbside",
                name="จุดริมถนน"),
        feature(REF_LON + 0.95, REF_LAT, amenity="recycling", name="จุดไกล"),
        {"type": "Feature", "properties": {"amenity": "recycling", "name": "ลานคัดแยก"},
         "geometry": {"type": "Polygon", "coordinates": [square]}},
        feature(waste_bank.longitude, waste_bank.latitude + 0.00003, amenity="recycling",
                name="ถังหน้าธนาคารขยะ"),
    ]  # fmt: skip
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def test_an_openstreetmap_import_shows_its_tag_warnings_in_the_pages_language(
    tmp_path, client, somchai, settings, municipality, waste_bank,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    """The worker stores the warnings as written (in whatever language it runs); the page that
    shows them gives them in its own language."""
    settings.MEDIA_ROOT = tmp_path / "media"
    upload = tmp_path / "export.geojson"
    upload.write_bytes(osm_export(waste_bank))
    client.force_login(somchai)
    client.cookies["django_language"] = "th"
    with (
        translation.override("th"),
        django_capture_on_commit_callbacks(execute=True),
        upload.open("rb") as handle,
    ):
        client.post("/manage/import/", {"target": "waste_points", "file": handle,
                                         "polygons_as_points": "on"})  # fmt: skip
    job = ImportJob.objects.get()
    assert job.status == "done", job.error
    page = client.get(f"/manage/import/{job.pk}/").content.decode()
    text = visible_text(page)
    for thai in (
        "recycling:sofas=yes: ไม่รู้จักแท็ก OpenStreetMap นี้ (ไม่ได้นำเข้า)",
        "recycling:paper=maybe: เข้าใจเฉพาะค่า yes (ใช่) หรือ no (ไม่ใช่)",
        "recycling_type=kerbside: ประเภทไม่ใช่ถังรับ (container) หรือศูนย์รับ (centre) (อ่านเป็นถังรับ)",
        "amenity=waste_basket เป็นถังขยะทั่วไป ไม่ใช่จุดคัดแยกขยะ (ไม่ได้นำเข้า)",
        "amenity=bench ไม่ใช่จุดรับวัสดุรีไซเคิล (ไม่ได้นำเข้า)",
        "ไม่มีชื่อใน OpenStreetMap: ตั้งชื่อว่า “ถังรับขยะแยกประเภท node/101”",
        "ห่างจากเทศบาลตำบลสันทรายงาม 99 กม.: ตรวจสอบระบบพิกัด",
        "เป็นรูปปิด (พื้นที่) นำเข้าที่จุดตัวแทนของรูป",
        f"น่าจะเป็นที่เดียวกับ #{waste_bank.pk} ธนาคารขยะหมู่ 2 (ห่างกันไม่เกิน 10 เมตร)",
    ):
        assert thai in text, thai
    english = problems(text, ignore=OSM_TAGS)
    assert not english, english
    client.cookies["django_language"] = "en"
    english_page = visible_text(client.get(f"/manage/import/{job.pk}/").content.decode())
    assert "recycling:sofas=yes: this OpenStreetMap tag is not known (not imported)" in english_page
    assert f"probably the same place as #{waste_bank.pk}" in english_page


def test_a_weather_year_is_described_in_the_pages_language(client, somchai, municipality):
    monthly = weathersets.weather_import_monthly(
        ghi_kwh_m2_day=[4.5] * 12, temp_air_c=[26.0] * 12, name="ค่ารายเดือน"
    )
    assert monthly.description.startswith("Built from 12 monthly means")  # stored as written
    default = WeatherDataset(name="ค่าประมาณ", description=weathersets.weather.default_weather_year(
        latitude=REF_LAT, longitude=REF_LON, altitude_m=0.0).description)  # fmt: skip
    with translation.override("th"):
        shown = [runtime_words.notes(monthly.description), runtime_words.notes(default.description)]
        gaps = runtime_words.notes(
            "3 missing hours; 3 filled by linear interpolation (gaps of up to 3 h)"
        )
    assert shown[0].startswith("สร้างจากค่าเฉลี่ยรายเดือน 12 เดือนที่เจ้าหน้าที่กรอก")
    assert "(GHI) 4.5, 4.5" in shown[0] and "อุณหภูมิอากาศ 26.0, 26.0" in shown[0]
    assert shown[1].startswith("ค่าโดยประมาณ: ท้องฟ้าแจ่มใสของ pvlib (Ineichen) ที่ 19.717, 100.180")
    assert gaps == "ขาดข้อมูล 3 ชั่วโมง; เติม 3 ชั่วโมงด้วยการประมาณค่าในช่วงแบบเส้นตรง (ช่วงที่ขาดไม่เกิน 3 ชั่วโมง)"
    for text in [*shown, gaps]:
        assert not problems(text, ignore=set()), text
    client.force_login(somchai)
    client.cookies["django_language"] = "th"
    page = visible_text(client.get("/manage/solar/").content.decode())
    assert shown[0] in page and "Built from" not in page
    assert "ข้อมูลสภาพอากาศใหม่: ค่ารายเดือน" in page  # the recalculation's reason
    assert not problems(page, ignore=set()), problems(page, ignore=set())


def test_the_reports_factor_columns_name_each_factor_in_the_pages_language(db):
    factors = factors_all()
    records: list[Any] = [{**f.provenance(), "used": True} for f in factors]
    figures: Any = {
        "methodology": {"factors": records},
        "solar": {"lines": [{"kwh": 10.0, "months": ["2026-01", "2026-12"], "metered_kwh": 0.0,
                             "estimated_kwh": 10.0, "avoided_kgco2e": 4.75, "factor": records[0]}]},
        "waste": {"lines": []},
    }  # fmt: skip
    keys = {f.key for f in factors}
    assert "grid_electricity" in keys
    with translation.override("th"):
        provenance, table = provenance_table(figures, VOCABULARY), factors_table(figures)
    assert provenance.columns[3].title == "ค่าสัมประสิทธิ์การปล่อยก๊าซเรือนกระจก"
    names = [str(row[0]) for row in table.rows]
    assert "ไฟฟ้าจากระบบสายส่งของไทย (ค่า CFO ของ TGO)" in names
    assert provenance.rows[0][3] == names[[f.key for f in factors].index(records[0]["key"])]
    assert not keys & {str(c) for row in [*table.rows, *provenance.rows] for c in row}
    for name in names:
        assert THAI_SCRIPT.search(name) and not problems(name, ignore=set()), name
    # A snapshot made before factors carried their name still shows its key (nothing else to show).
    old: Any = {**records[0]}
    del old["name"]
    with translation.override("th"):
        old_figures: Any = {"methodology": {"factors": [old]}}
        assert factors_table(old_figures).rows[0][0] == old["key"]
    assert EmissionFactor.objects.filter(name=records[0]["name"]).exists()


@pytest.mark.parametrize(
    ("year", "code", "thai", "english"),
    [
        ("2569", "int_type", "ต้องเป็นจำนวนเต็มที่เขียนเป็นตัวเลขของ JSON (เช่น 2569) ไม่ใช่ข้อความหรือทศนิยม",
         "Input should be a whole number written as a JSON number (such as 2569), not text or a decimal"),
        (2569.5, "int_type", "ต้องเป็นจำนวนเต็มที่เขียนเป็นตัวเลขของ JSON", "Input should be a whole number"),
        (2026, "greater_than_equal", "ต้องมากกว่าหรือเท่ากับ 2540", "Input should be greater than or equal to 2540"),
        (3000, "less_than_equal", "ต้องน้อยกว่าหรือเท่ากับ 2700", "Input should be less than or equal to 2700"),
    ],
    ids=["text", "decimal", "christian-era", "too-late"],
)  # fmt: skip
def test_an_invalid_report_year_is_refused_naming_the_field_and_rule(
    client, somchai, municipality, year, code, thai, english
):
    client.force_login(somchai)
    body = json.dumps({"basis": "yearly", "year_be": year})
    answers = {
        language: client.post("/api/reports", data=body, content_type="application/json",
                              HTTP_ACCEPT_LANGUAGE=language)
        for language in ("th", "en")
    }  # fmt: skip
    for answer in answers.values():
        assert answer.status_code == 422
    errors = {e["field"]: e for e in answers["th"].json()["errors"]}
    assert errors["year_be"]["code"] == code and errors["year_be"]["message"].startswith(thai)
    assert errors["basis"]["message"] == "ต้องเป็น 'fiscal' หรือ 'calendar'"
    assert answers["th"].json()["detail"] == "คำขอไม่ถูกต้อง"
    english_errors = {e["field"]: e for e in answers["en"].json()["errors"]}
    assert english_errors["year_be"]["message"].startswith(english)
    assert english_errors["basis"]["message"] == "Input should be 'fiscal' or 'calendar'"
