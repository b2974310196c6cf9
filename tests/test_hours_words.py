"""Opening hours and collection times in words (sustain/core/hours_words.py, pure)."""

import datetime as dt

import pytest

from sustain.core.hours_words import describe, state_words


@pytest.mark.parametrize(
    ("osm", "thai", "english"),
    [
        ("Mo-Fr 08:30-16:30", ["จันทร์–ศุกร์ 08:30–16:30"], ["Monday–Friday 08:30–16:30"]),
        ("Sa[1,3] 09:00-12:00", ["เสาร์ที่ 1 และ 3 ของเดือน 09:00–12:00"],
         ["1st and 3rd Saturday of the month 09:00–12:00"]),
        ("Sa[2] 09:00-12:00", ["เสาร์ที่ 2 ของเดือน 09:00–12:00"],
         ["2nd Saturday of the month 09:00–12:00"]),
        ("Mo-Fr 08:30-16:30; PH off",
         ["จันทร์–ศุกร์ 08:30–16:30", "ปิดวันหยุดนักขัตฤกษ์"],
         ["Monday–Friday 08:30–16:30", "closed on public holidays"]),
        ("Mo-Su 06:00-18:00", ["ทุกวัน 06:00–18:00"], ["every day 06:00–18:00"]),
        ("24/7", ["เปิดตลอด 24 ชั่วโมง"], ["open 24 hours"]),
        ("Mo[1] 09:00", ["จันทร์ที่ 1 ของเดือน 09:00"], ["1st Monday of the month 09:00"]),
        ("Mo-Fr 09:00,17:00", ["จันทร์–ศุกร์ 09:00, 17:00"], ["Monday–Friday 09:00, 17:00"]),
        ("Mo,We,Fr 07:00-08:00", ["จันทร์, พุธ และ ศุกร์ 07:00–08:00"],
         ["Monday, Wednesday and Friday 07:00–08:00"]),
        ("Mo-Sa 07:00-15:00; Su off", ["จันทร์–เสาร์ 07:00–15:00", "ปิดอาทิตย์"],
         ["Monday–Saturday 07:00–15:00", "Sunday: closed"]),
        ("Th[-1] 10:00-11:00", ["พฤหัสบดีสุดท้ายของเดือน 10:00–11:00"],
         ["last Thursday of the month 10:00–11:00"]),
    ],
)  # fmt: skip
def test_hours_in_words(osm, thai, english):
    assert describe(osm, "th") == thai
    assert describe(osm, "en") == english


@pytest.mark.parametrize(
    "odd",
    [
        "",
        "sunrise-sunset",
        'Mo-Fr 08:30-16:30 || "call"',
        "Jan-Mar Mo 09:00",
        "Sa[1-2] 09:00",
        "Mo-Fr 25:00-26:00x",
    ],
)
def test_what_is_not_understood_gives_none(odd):
    assert describe(odd, "th") is None


MONDAY = dt.datetime(2026, 11, 30, 10, 0)  # a Monday


def _words(now: dt.datetime, change: dt.datetime, lang: str, *, open_now: bool = False) -> str:
    return state_words(open_now=open_now, next_change=change, now=now, lang=lang)


def test_open_now_closes_today():
    closes = MONDAY.replace(hour=16, minute=30)
    assert _words(MONDAY, closes, "en", open_now=True) == "open now, closes 16:30"
    assert _words(MONDAY, closes, "th", open_now=True) == "เปิดอยู่ ปิด 16:30"


def test_closed_opens_on_a_weekday_or_a_date():
    saturday = dt.datetime(2026, 12, 5, 20, 0)
    monday = dt.datetime(2026, 12, 7, 8, 30)
    assert _words(saturday, monday, "en") == "closed, opens Monday 08:30"
    assert _words(saturday, monday, "th") == "ปิดอยู่ เปิดวันจันทร์ 08:30"
    sunday = dt.datetime(2026, 12, 6, 20, 0)
    assert _words(sunday, monday, "en") == "closed, opens tomorrow 08:30"
    assert _words(sunday, monday, "th") == "ปิดอยู่ เปิดพรุ่งนี้ 08:30"
    assert _words(MONDAY, monday, "en") == "closed, opens Monday 7 December 08:30"
    assert _words(MONDAY, monday, "th") == "ปิดอยู่ เปิดวันจันทร์ที่ 7 ธันวาคม 08:30"
    assert _words(monday.replace(hour=6), monday, "en") == "closed, opens today 08:30"


def test_unknown_state_says_nothing():
    assert state_words(open_now=None, next_change=None, now=MONDAY, lang="th") == ""
    assert state_words(open_now=True, next_change=None, now=MONDAY, lang="en") == "open now"
