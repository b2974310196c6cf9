"""Opening hours and collection times as staff type them, in Thai or OSM (pure, no Django).

``normalise`` turns ``จ-ศ 8.30-16.30``, ``จันทร์ถึงศุกร์ 08.30 - 16.30 น.``,
``เสาร์ที่ 1 และ 3 9.00-12.00`` or ``ปิดวันหยุดนักขัตฤกษ์`` into the OpenStreetMap value
(``Mo-Fr 08:30-16:30``, ``Sa[1,3] 09:00-12:00``, ``PH off``). ``problem`` says what is wrong with
a value that still is not OSM syntax, as a code and the text concerned (the forms put it in words,
never the parser's own message).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

import opening_hours

# Longest first, so "พฤหัสบดี" wins over "พฤ" and "อา" over "อ".
_DAY_WORDS = {
    "จันทร์": "Mo", "อังคาร": "Tu", "พุธ": "We", "พฤหัสบดี": "Th", "พฤหัส": "Th",
    "ศุกร์": "Fr", "เสาร์": "Sa", "อาทิตย์": "Su",
    "จ.": "Mo", "อ.": "Tu", "พ.": "We", "พฤ.": "Th", "ศ.": "Fr", "ส.": "Sa", "อา.": "Su",
    "พฤ": "Th", "อา": "Su", "จ": "Mo", "อ": "Tu", "พ": "We", "ศ": "Fr", "ส": "Sa",
}  # fmt: skip
_DAYS_RE = re.compile(
    "(?:วัน)?(" + "|".join(re.escape(w) for w in sorted(_DAY_WORDS, key=len, reverse=True)) + ")"
)
_HOLIDAY_RE = re.compile(
    r"(?:ปิด|หยุด)\s*(?:ทุก)?\s*(?:วัน)?\s*(?:หยุด)?\s*(?:นักขัตฤกษ์|ราชการ|ชดเชย)"
    r"(?:\s*(?:และ|/)\s*(?:วัน)?(?:หยุด)?(?:นักขัตฤกษ์|ราชการ|ชดเชย))*"
    r"|(?:วัน)?(?:หยุด)?(?:นักขัตฤกษ์|ราชการ)\s*(?:ปิด|หยุด)"
)
_EVERY_DAY_RE = re.compile(r"ทุกวัน|ตลอดสัปดาห์")
# Week numbers ("Sa[1,3]") sit between private-use marks until the times are converted.
_OPEN, _SEP, _CLOSE = "\ue000", "\ue001", "\ue002"
_TIME_RE = re.compile(
    r"(?<![\d:.\ue000\ue001])(\d{1,2})(?:[.:](\d{2}))?\s*(?:น\.|นาฬิกา)?(?![\d\]\ue001\ue002])"
)
_NTH_RE = re.compile(r"\b(Mo|Tu|We|Th|Fr|Sa|Su)\s*(?:ที่|#)\s*(\d(?:\s*(?:,|และ|กับ)\s*\d)*)")
_RANGE_DASH_RE = re.compile(r"\s*(?:-|–|—|ถึง|ถึงวัน)\s*")
_OSM_WORDS = re.compile(r"\b(?:Mo|Tu|We|Th|Fr|Sa|Su|PH|SH|off|closed|open|24/7)\b")


class Problem(StrEnum):
    UNKNOWN_WORD = "unknown_word"  # text: the word not understood
    BAD_TIME = "bad_time"  # text: the time that does not exist (25:00, 8:75)
    NO_TIME = "no_time"  # days without hours
    HALF_RANGE = "half_range"  # text: a time range missing its end
    BRACKET = "bracket"  # week numbers such as Sa[1,3] with a bracket missing
    SYNTAX = "syntax"  # none of the above, the value still is not OSM


@dataclass(frozen=True)
class HoursProblem:
    problem: Problem
    text: str = ""


def _time(match: re.Match[str]) -> str:
    hour, minute = match[1], match[2] or "00"
    return f"{int(hour):02d}:{minute}"


def _nth(match: re.Match[str]) -> str:
    weeks = re.split(r"\s*(?:,|และ|กับ)\s*", match[2])
    return f"{match[1]}{_OPEN}{_SEP.join(w.strip() for w in weeks)}{_CLOSE}"


def parses(value: str, *, points: bool = False) -> bool:
    """Whether ``value`` is OSM syntax (``points``: collection times, ``We 07:00`` allowed)."""
    checked = _TIME_POINT.sub(r"\1-\1", value) if points else value
    try:
        opening_hours.OpeningHours(checked)
    except Exception:  # the parser's ParserError, missing from its stubs
        return False
    return True


# A time point such as "07:00" that does not start or end a range (collection times).
_TIME_POINT = re.compile(r"(?<![-\d:])(\d{1,2}:\d{2})(?![-+\d])")


def normalise(text: str, *, points: bool = False) -> str:
    """The OSM value for ``text`` typed in Thai or OSM; unchanged when it is OSM already or when
    it cannot be understood (``problem`` then says why)."""
    value = " ".join(text.split())
    if not value or parses(value, points=points):
        return value
    steps: list[Callable[[str], str]] = [
        lambda v: _HOLIDAY_RE.sub(";PH off;", v),
        lambda v: _EVERY_DAY_RE.sub(" Mo-Su ", v),
        lambda v: _DAYS_RE.sub(lambda m: " " + _DAY_WORDS[m[1]] + " ", v),
        lambda v: re.sub(r"\s*(?:และ|,)\s*(?=(?:Mo|Tu|We|Th|Fr|Sa|Su)\b)", ",", v),
        lambda v: _NTH_RE.sub(_nth, v),
        lambda v: re.sub(r"(?:เวลา|เปิด)\s*", " ", v),
        lambda v: _TIME_RE.sub(_time, v),
        lambda v: v.replace(_OPEN, "[").replace(_SEP, ",").replace(_CLOSE, "]"),
        lambda v: _RANGE_DASH_RE.sub("-", v),
        lambda v: re.sub(r"\s*[;/\n]\s*", ";", v),
        lambda v: re.sub(r"(\d\d:\d\d)\s*(?:และ|,)\s*(?=\d\d:\d\d)", r"\1,", v),
        lambda v: re.sub(r"\s+", " ", v).strip(" ;"),
        lambda v: re.sub(r"(?:;\s*)+", "; ", v),
        lambda v: re.sub(r"(?<=[a-z\]])\s*,\s*(?=[A-Z])", ",", v),
    ]
    for step in steps:
        value = step(value)
    return value if parses(value, points=points) else " ".join(text.split())


def problem(text: str, *, points: bool = False) -> HoursProblem | None:
    """None when ``text`` reads as OSM hours (after ``normalise``); otherwise what is wrong."""
    value = normalise(text, points=points)
    if not value or parses(value, points=points):
        return None
    if value.count("[") != value.count("]"):
        return HoursProblem(Problem.BRACKET)
    shown = normalise_loosely(value)
    for match in re.finditer(r"\d{1,2}:\d{2}", shown):
        hour, minute = (int(part) for part in match[0].split(":"))
        if hour > 24 or minute > 59:
            return HoursProblem(Problem.BAD_TIME, match[0])
    words = re.sub(r"[\d:\-,;\[\]+ ]", " ", _OSM_WORDS.sub(" ", shown)).split()
    if words:
        return HoursProblem(Problem.UNKNOWN_WORD, words[0])
    half = re.search(r"\d\d:\d\d-(?!\d)|(?<![\d:])-\d\d:\d\d", shown)
    if not half and not points:
        half = re.search(r"(?<![-\d:])\d\d:\d\d(?![-\d])", shown)
    if half:
        return HoursProblem(Problem.HALF_RANGE, half[0])
    if not re.search(r"\d", shown):
        return HoursProblem(Problem.NO_TIME)
    return HoursProblem(Problem.SYNTAX)


def normalise_loosely(text: str) -> str:
    """The Thai words and times replaced, whether or not the result parses (for ``problem``)."""
    value = " ".join(text.split())
    value = _HOLIDAY_RE.sub(";PH off;", value)
    value = _EVERY_DAY_RE.sub(" Mo-Su ", value)
    value = _DAYS_RE.sub(lambda m: " " + _DAY_WORDS[m[1]] + " ", value)
    value = re.sub(r"และ|ที่|กับ|เวลา|เปิด", " ", value)
    value = _TIME_RE.sub(_time, value)
    return _RANGE_DASH_RE.sub("-", value)
