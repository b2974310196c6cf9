"""OpenStreetMap opening hours and collection times in words, Thai and English (pure, no Django).

Residents read ``จันทร์–ศุกร์ 08:30–16:30`` and ``เสาร์ที่ 1 และ 3 ของเดือน 09:00–12:00``, not
``Mo-Fr 08:30-16:30; Sa[1,3] 09:00-12:00``. The API keeps the OSM value; only the pages use
these words. The common subset is understood: weekday ranges and lists, the nth weekday of the
month (``Sa[1,3]``, ``Mo[-1]``), ``PH``, ``24/7``, ``off``/``closed``, time spans and single
times (collection times). Anything else gives None, and the page shows the OSM text as it is.

``state_words`` says "open now, closes 16:30" / "closed, opens Monday 08:30" from the state
``sustain.services.public.opening_state`` computes.
"""

import datetime as dt
import re

from sustain.core.thaidates import THAI_MONTHS_FULL

DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
THAI_DAYS = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")
ENGLISH_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December")  # fmt: skip
DASH = "–"  # an en dash between the ends of a range, in both languages

_WORDS = {
    "th": {
        "every_day": "ทุกวัน",
        "always": "เปิดตลอด 24 ชั่วโมง",
        "closed": "ปิด",
        "holidays": "วันหยุดนักขัตฤกษ์",
        "holidays_closed": "ปิดวันหยุดนักขัตฤกษ์",
        "and": " และ ",
        "of_month": "ของเดือน",
        "last": "สุดท้าย",
        "open_closes": "เปิดอยู่ ปิด {when}",
        "closed_opens": "ปิดอยู่ เปิด{when}",
        "open": "เปิดอยู่",
        "closed_now": "ปิดอยู่",
        "today": "วันนี้",
        "tomorrow": "พรุ่งนี้",
    },
    "en": {
        "every_day": "every day",
        "always": "open 24 hours",
        "closed": "closed",
        "holidays": "public holidays",
        "holidays_closed": "closed on public holidays",
        "and": " and ",
        "of_month": "of the month",
        "last": "last",
        "open_closes": "open now, closes {when}",
        "closed_opens": "closed, opens {when}",
        "open": "open now",
        "closed_now": "closed",
        "today": "today",
        "tomorrow": "tomorrow",
    },
}

_TIME = r"(?:[01]?\d|2[0-4]):[0-5]\d"
_SPAN = re.compile(rf"^({_TIME})(?:-({_TIME}))?$")
_DAY_PART = re.compile(r"^(Mo|Tu|We|Th|Fr|Sa|Su)(?:-(Mo|Tu|We|Th|Fr|Sa|Su))?(?:\[([-\d,]+)\])?$")


def _lang(lang: str) -> str:
    return "th" if lang.startswith("th") else "en"


def _ordinal(n: int, lang: str) -> str:
    if lang == "th":
        return _WORDS["th"]["last"] if n == -1 else str(n)
    if n == -1:
        return "last"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(n if n < 20 else n % 10, "th")
    return f"{n}{suffix}"


def _join(items: list[str], lang: str) -> str:
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + _WORDS[lang]["and"] + items[-1]


def _day_part(part: str, lang: str) -> str | None:
    match = _DAY_PART.match(part)
    if not match:
        return None
    first, last, nth = match.groups()
    names = THAI_DAYS if lang == "th" else ENGLISH_DAYS
    start = DAYS.index(first)
    if last:
        end = DAYS.index(last)
        if (start, end) == (0, 6):
            text = _WORDS[lang]["every_day"]
        else:
            text = f"{names[start]}{DASH}{names[end]}"
    else:
        text = names[start]
    if nth is None:
        return text
    try:
        numbers = [int(n) for n in nth.split(",")]
    except ValueError:
        return None
    if last or not all(n == -1 or 1 <= n <= 5 for n in numbers):
        return None
    ordinals = [_ordinal(n, lang) for n in numbers]
    if lang == "th" and numbers == [-1]:
        return f"{text}{_WORDS['th']['last']}{_WORDS['th']['of_month']}"
    if lang == "th":
        return f"{text}ที่ {_join(ordinals, lang)} {_WORDS['th']['of_month']}"
    return f"{_join(ordinals, lang)} {text} {_WORDS['en']['of_month']}"


def _days(selector: str, lang: str) -> str | None:
    """``Mo-Fr``, ``Mo,We``, ``Sa[1,3]``, ``PH`` in words; None when not understood."""
    parts = re.split(r",(?![^\[]*\])", selector)  # commas outside [..]
    words = []
    for part in parts:
        if part == "PH":
            words.append(_WORDS[lang]["holidays"])
            continue
        text = _day_part(part, lang)
        if text is None:
            return None
        words.append(text)
    return _join(words, lang)


def _times(text: str) -> str | None:
    spans = []
    for span in text.split(","):
        match = _SPAN.match(span.strip())
        if not match:
            return None
        spans.append(match[1] if match[2] is None else f"{match[1]}{DASH}{match[2]}")
    return ", ".join(spans)


def _rule(rule: str, lang: str) -> str | None:
    words = _WORDS[lang]
    if rule == "24/7":
        return words["always"]
    if rule in ("PH off", "PH closed"):
        return words["holidays_closed"]
    tokens = rule.split()
    closed = bool(tokens) and tokens[-1] in ("off", "closed")
    if closed:
        tokens = tokens[:-1]
    if not tokens:
        return None
    days: str | None = ""
    if not re.match(r"^\d", tokens[0]):
        days = _days(tokens[0], lang)
        tokens = tokens[1:]
    if days is None or len(tokens) > 1:
        return None
    if closed:
        if tokens:
            return None
        return f"{words['closed']}{days}" if lang == "th" else f"{days}: {words['closed']}"
    if not tokens:
        return days or None
    times = _times(tokens[0])
    if times is None:
        return None
    return f"{days} {times}" if days else times


def describe(text: str, lang: str) -> list[str] | None:
    """The OSM value as one line of words per rule, or None when it is empty or not understood."""
    lang = _lang(lang)
    if not text.strip():
        return None
    lines = []
    for rule in text.split(";"):
        rule = " ".join(rule.split())
        if not rule:
            continue
        line = _rule(rule, lang)
        if line is None:
            return None
        lines.append(line)
    return lines or None


def _when(moment: dt.datetime, now: dt.datetime, lang: str, *, say_today: bool) -> str:
    words = _WORDS[lang]
    clock = moment.strftime("%H:%M")
    days = (moment.date() - now.date()).days
    if days == 0:
        day = words["today"] if say_today else ""
    elif days == 1:
        day = words["tomorrow"]
    elif days < 7:
        day = ("วัน" if lang == "th" else "") + (THAI_DAYS if lang == "th" else ENGLISH_DAYS)[
            moment.weekday()
        ]
    elif lang == "th":
        day = f"วัน{THAI_DAYS[moment.weekday()]}ที่ {moment.day} {THAI_MONTHS_FULL[moment.month - 1]}"
    else:
        day = f"{ENGLISH_DAYS[moment.weekday()]} {moment.day} {ENGLISH_MONTHS[moment.month - 1]}"
    return f"{day} {clock}" if day else clock


def state_words(
    *, open_now: bool | None, next_change: dt.datetime | None, now: dt.datetime, lang: str
) -> str:
    """ "open now, closes 16:30", "closed, opens Monday 08:30" (Thai: "เปิดอยู่ ปิด 16:30",
    "ปิดอยู่ เปิดวันจันทร์ 08:30"); empty when the state is unknown. Naive local times."""
    lang = _lang(lang)
    words = _WORDS[lang]
    if open_now is None:
        return ""
    if next_change is None:
        return words["open"] if open_now else words["closed_now"]
    if open_now:
        return words["open_closes"].format(when=_when(next_change, now, lang, say_today=False))
    when = _when(next_change, now, lang, say_today=True)
    if lang == "th" and when[:1].isdigit():
        when = " " + when
    return words["closed_opens"].format(when=when)
