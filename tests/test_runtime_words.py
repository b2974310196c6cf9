"""The messages of the file readers and row converters, as they really write them, shown in Thai
(issue 15 §1): each is recognised and rewritten from the catalogue, values kept."""

import re
from pathlib import Path

import pytest
from django.utils import translation

from sustain import runtime_words
from sustain.core import weather
from sustain.services.gis import targets as gis_targets

THAI = re.compile(r"[\u0e01-\u0e5b]")


def raised(call, *args, **kwargs) -> str:
    with pytest.raises(ValueError) as caught:
        call(*args, **kwargs)
    return str(caught.value)


def converter_messages() -> list[str]:
    return [
        raised(gis_targets.to_decimal, "abc"),
        raised(gis_targets.to_int, "2.5"),
        raised(gis_targets.to_bool, "maybe"),
        raised(gis_targets.to_date, "31/31/2569"),
        raised(gis_targets.to_materials, "plastic_bottles;gold_bars"),
    ]


def weather_messages(tmp_path: Path) -> list[str]:
    empty_pvgis = tmp_path / "tmy.csv"
    empty_pvgis.write_text("Latitude (decimal degrees): 19.7\nnothing here\n")
    twelve = [5.0] * 11 + [50.0]
    return [
        raised(weather.read_weather_file, empty_pvgis, source_format="pvgis_csv"),
        raised(
            weather.weather_from_monthly,
            latitude=19.7,
            longitude=100.2,
            altitude_m=400.0,
            ghi_kwh_m2_day=twelve,
            temp_air_c=[26.0] * 12,
            tz="Asia/Bangkok",
        ),
    ]


def test_every_real_message_is_shown_in_thai(tmp_path):
    messages = converter_messages() + weather_messages(tmp_path)
    with translation.override("th"):
        shown = [runtime_words.message(text) for text in messages]
    for english, thai in zip(messages, shown, strict=True):
        assert thai != english and THAI.search(thai), (english, thai)
    assert "“abc”" in shown[0] and "gold_bars" in shown[4]  # the values stay
    with translation.override("en"):
        assert [runtime_words.message(text) for text in messages[:3]] == [
            "“abc” is not a number", "“2.5” is not a whole number", "“maybe” is not yes or no",
        ]  # fmt: skip


def test_a_column_prefix_is_kept_and_unknown_text_shown_as_written():
    with translation.override("th"):
        assert runtime_words.message("ขนาด: “x” is not a number") == "ขนาด: “x” ไม่ใช่ตัวเลข"
        assert runtime_words.message("something new") == "something new"
        assert runtime_words.outcome("create") == "ใหม่"
