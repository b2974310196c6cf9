"""Every name and source the migrations seed is in the catalogue's list (``seed_words``), so a
Thai page shows it in Thai; staff's own text is shown as written."""

import importlib

from django.utils import translation

from sustain import seed_words


def seeded_texts() -> set[str]:
    factors = importlib.import_module("sustain.migrations.0002_seed_materials_and_factors")
    prices = importlib.import_module("sustain.migrations.0014_seed_tariffs")
    texts = {row[1] for row in factors.FACTORS} | {row[8] for row in factors.FACTORS}
    texts |= {row[1] for row in prices.TARIFFS} | {row[5] for row in prices.TARIFFS}
    texts |= {row[3] for row in prices.FT} | {row[4] for row in prices.BUYBACK}
    texts |= {row[4] for row in prices.COSTS}
    return texts


def test_every_seeded_name_and_source_is_listed():
    texts = seeded_texts()
    assert len(texts) == 29
    assert texts - set(seed_words.SEEDED) == set()


def test_seeded_text_is_thai_on_thai_pages_and_staff_text_as_written():
    name = "PEA residential 1.1 (use up to 150 kWh/month)"
    with translation.override("th"):
        assert seed_words.text(name) == "การไฟฟ้าส่วนภูมิภาค บ้านอยู่อาศัย 1.1 (ใช้ไม่เกิน 150 kWh ต่อเดือน)"
        assert seed_words.text("ค่าไฟของเราเอง") == "ค่าไฟของเราเอง"
    with translation.override("en"):
        assert seed_words.text(name) == name
