"""Buddhist-era years and Thai fiscal years (pure functions, no Django imports).

Buddhist era (พ.ศ.) = common era + 543. The Thai government fiscal year runs from 1 October to
30 September and is named by the BE year in which it ends: FY 2567 = 1 Oct 2023 – 30 Sep 2024.
"""

import datetime as dt
import re

BE_OFFSET_YEARS = 543
# A typed year at or above this is read as Buddhist era (CE 1857 would be BE 2400).
BE_THRESHOLD_YEAR = 2400

THAI_MONTHS_ABBR = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip
ENGLISH_MONTHS_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # fmt: skip
THAI_MONTHS_FULL = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_NUMBER = re.compile(r"(?<![A-Za-z])[0-9]+")  # not the 2 of CO2e or the 5 of PM2.5


def thai_digits(text: str) -> str:
    """Arabic digits written as Thai digits (๐–๙), as official memos may use; units keep theirs."""
    return _NUMBER.sub(lambda match: match.group().translate(_THAI_DIGITS), text)


def format_thai_date_full(day: dt.date) -> str:
    """e.g. 4 ตุลาคม 2566, the form of a memo's วันที่ line."""
    return f"{day.day} {THAI_MONTHS_FULL[day.month - 1]} {be_year(day.year)}"


def be_year(ce_year: int) -> int:
    return ce_year + BE_OFFSET_YEARS


def ce_year(year: int) -> int:
    """Normalise a year typed in either era to CE."""
    return year - BE_OFFSET_YEARS if year >= BE_THRESHOLD_YEAR else year


def fiscal_year_ce(day: dt.date) -> int:
    """The CE year in which the fiscal year containing ``day`` ends."""
    return day.year + 1 if day.month >= 10 else day.year


def fiscal_year_bounds(fiscal_year_be: int) -> tuple[dt.date, dt.date]:
    """First and last day of a fiscal year given by its BE name."""
    end_ce = fiscal_year_be - BE_OFFSET_YEARS
    return dt.date(end_ce - 1, 10, 1), dt.date(end_ce, 9, 30)


def month_abbr(month: int, *, thai: bool) -> str:
    """The month's short name: ม.ค. … ธ.ค. in Thai, Jan … Dec otherwise."""
    return (THAI_MONTHS_ABBR if thai else ENGLISH_MONTHS_ABBR)[month - 1]


def month_label(year_ce: int, month: int, *, thai: bool, short_year: bool = False) -> str:
    """A month with its year: ต.ค. 2568 (Thai, BE) or Oct 2025; ``short_year`` keeps the last two
    digits (ต.ค. 68, Oct 25), on a second line, for chart axes."""
    year = be_year(year_ce) if thai else year_ce
    if short_year:
        return f"{month_abbr(month, thai=thai)}\n{str(year)[2:]}"
    return f"{month_abbr(month, thai=thai)} {year}"


def format_thai_date(day: dt.date) -> str:
    """e.g. 23 พ.ย. 2569."""
    return f"{day.day} {THAI_MONTHS_ABBR[day.month - 1]} {be_year(day.year)}"


_DMY = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*$")
_YMD = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def parse_date_either_era(text: str) -> dt.date:
    """Read ``dd/mm/yyyy`` or ``yyyy-mm-dd`` with a CE or BE year; ValueError when unreadable."""
    if match := _DMY.match(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _YMD.match(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise ValueError(f"not a date: {text!r}")
    return dt.date(ce_year(year), month, day)
