"""OpenStreetMap opening hours in words, in Thai or English (pure functions, no Django imports).

Reads the forms Thai points use: weekday lists and ranges (``Mo-Fr``, ``Mo,We``), the n-th
weekday of the month (``Sa[1,3]``, ``Sa[2]``), public holidays (``PH off``), times and time
ranges (``08:30-16:30``, ``07:00`` for collection times), ``24/7`` and ``off``. A rule it does
not understand is shown as written, so nothing is lost; the OSM value itself stays in the API.
"""

import re

THAI_DAYS = {
    "Mo": "จันทร์", "Tu": "อังคาร", "We": "พุธ", "Th": "พฤหัสบดี",
    "Fr": "ศุกร์", "Sa": "เสาร์", "Su": "อาทิตย์",
}  # fmt: skip
ENGLISH_DAYS = {
    "Mo": "Monday", "Tu": "Tuesday", "We": "Wednesday", "Th": "Thursday",
    "Fr": "Friday", "Sa": "Saturday", "Su": "Sunday",
}  # fmt: skip
DAY_ORDER = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
ORDINALS_EN = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 5: "5th", -1: "last"}

_DAY = r"(?:Mo|Tu|We|Th|Fr|Sa|Su)"
_RULE = re.compile(
    rf"^(?P<days>(?:{_DAY}(?:-{_DAY})?|PH)(?:\[[-0-9,]+\])?(?:\s*,\s*(?:{_DAY}(?:-{_DAY})?|PH)"
    rf"(?:\[[-0-9,]+\])?)*)?\s*(?P<times>.*)$"
)
_TIME = re.compile(r"^([0-2][0-9]):([0-5][0-9])$")
_RANGE = re.compile(r"^([0-2][0-9]:[0-5][0-9])-([0-2][0-9]:[0-5][0-9])$")
_SELECTOR = re.compile(rf"{_DAY}(?:-{_DAY})?(?:\[[-0-9,]+\])?|PH")
_NTH = re.compile(rf"^({_DAY})\[([-0-9,]+)\]$")


def _day_name(code: str, *, thai: bool) -> str:
    return (THAI_DAYS if thai else ENGLISH_DAYS)[code]


def _ordinal_list(numbers: list[int], *, thai: bool) -> str:
    if thai:
        words = ["สุดท้าย" if n == -1 else str(n) for n in numbers]
        return (
            " และ ".join(words) if len(words) <= 2 else ", ".join(words[:-1]) + " และ " + words[-1]
        )
    words = [ORDINALS_EN.get(n, f"{n}th") for n in numbers]
    return " and ".join(words) if len(words) <= 2 else ", ".join(words[:-1]) + " and " + words[-1]


def _selector(part: str, *, thai: bool) -> str | None:
    """One day selector (``Mo-Fr``, ``Sa[1,3]``, ``PH``) in words, or None when not understood."""
    if part == "PH":
        return "วันหยุดนักขัตฤกษ์" if thai else "public holidays"
    nth = _NTH.match(part)
    if nth:
        day, numbers_text = nth.groups()
        try:
            numbers = [int(n) for n in numbers_text.split(",")]
        except ValueError:
            return None
        if thai:
            return f"{_day_name(day, thai=True)}ที่ {_ordinal_list(numbers, thai=True)} ของเดือน"
        return f"the {_ordinal_list(numbers, thai=False)} {_day_name(day, thai=False)} of the month"
    if "-" in part:
        first, last = part.split("-", 1)
        if first in DAY_ORDER and last in DAY_ORDER:
            return f"{_day_name(first, thai=thai)}–{_day_name(last, thai=thai)}"
        return None
    return _day_name(part, thai=thai) if part in DAY_ORDER else None


def _times(text: str, *, thai: bool) -> str | None:
    pieces = []
    for piece in (p.strip() for p in text.split(",") if p.strip()):
        span = _RANGE.match(piece)
        if span:
            pieces.append(f"{span.group(1)}–{span.group(2)}")
        elif _TIME.match(piece):
            pieces.append(f"{'เวลา ' if thai else 'at '}{piece}")
        else:
            return None
    return ", ".join(pieces) if pieces else None


def _rule_words(rule: str, *, thai: bool) -> str:
    if rule == "24/7":
        return "เปิดตลอด 24 ชั่วโมง ทุกวัน" if thai else "open 24 hours, every day"
    match = _RULE.match(rule)
    if not match:
        return rule
    days_text, times_text = match.group("days"), match.group("times").strip()
    days = "ทุกวัน" if thai else "every day"
    if days_text:
        parts = [_selector(p, thai=thai) for p in _SELECTOR.findall(days_text)]
        if any(p is None for p in parts):
            return rule
        days = ", ".join(p for p in parts if p)
    if times_text in ("off", "closed"):
        return f"ปิด{days}" if thai else f"closed on {days}"
    if not times_text:
        return days
    times = _times(times_text, thai=thai)
    if times is None:
        return rule
    return f"{days} {times}"


def hours_in_words(value: str, *, thai: bool) -> list[str]:
    """Each rule of an OSM ``opening_hours`` / ``collection_times`` value as a line of words."""
    if not value.strip():
        return []
    return [_rule_words(rule.strip(), thai=thai) for rule in value.split(";") if rule.strip()]
