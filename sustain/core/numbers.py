"""Reading numbers as staff type them (pure, no Django): one function for every form and the API.

Thai offices write ``1,250.50`` (comma for thousands, point for decimals), but a phone keyboard
or a habit from elsewhere gives ``12,5``. The rule never turns ``12,5`` into 125:

- a point alone is the decimal point: ``12.5``;
- commas (or spaces) followed by groups of exactly three digits are thousands separators, the
  first group 1–3 digits not starting with 0: ``1,250`` → 1250, ``1,250,000.5`` → 1250000.5;
- a single comma that cannot be a thousands separator is the decimal comma: ``12,5`` → 12.5,
  ``0,250`` → 0.25, ``12,50`` → 12.5;
- both marks: the last one is the decimal mark and the other must group thousands correctly:
  ``1.250,5`` → 1250.5;
- anything else (``1,2,3``, ``1.250.000``, ``1,25.0``) is refused with a reason, never guessed.

Thai digits (๐–๙) are read as 0–9.
"""

import re
from decimal import Decimal, InvalidOperation
from enum import StrEnum

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_GROUPED = re.compile(r"^[1-9]\d{0,2}(?:X\d{3})+$")  # X stands for the thousands mark
_DIGITS = re.compile(r"^\d+$")


class Problem(StrEnum):
    """Why a text is not a number (the forms say it in the page's language)."""

    EMPTY = "empty"
    NOT_A_NUMBER = "not_a_number"  # letters or other signs
    GROUPING = "grouping"  # separators in places that are neither thousands nor decimals


class NumberError(ValueError):
    def __init__(self, text: str, problem: Problem) -> None:
        super().__init__(f"{problem.value}: {text!r}")
        self.text = text
        self.problem = problem


def _grouped(integer: str, mark: str) -> str | None:
    """The digits of ``integer`` if ``mark`` separates its thousands correctly, else None."""
    if _GROUPED.match(integer.replace(mark, "X")):
        return integer.replace(mark, "")
    return None


def _plain(integer: str, fraction: str | None, text: str) -> str:
    fraction = fraction or None  # "5." is 5
    if not _DIGITS.match(integer) or (fraction is not None and not _DIGITS.match(fraction)):
        raise NumberError(text, Problem.NOT_A_NUMBER)
    return integer if fraction is None else f"{integer}.{fraction}"


def _canonical(body: str, text: str) -> str:
    """``body`` (no sign, no spaces) as digits with an optional decimal point."""
    if not re.match(r"^[\d.,]+$", body):
        raise NumberError(text, Problem.NOT_A_NUMBER)
    commas, points = body.count(","), body.count(".")
    if commas and points:
        decimal_mark = "," if body.rfind(",") > body.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        integer, _, fraction = body.rpartition(decimal_mark)
        if decimal_mark in integer or (digits := _grouped(integer, thousands)) is None:
            raise NumberError(text, Problem.GROUPING)
        return _plain(digits, fraction, text)
    if points > 1:
        raise NumberError(text, Problem.GROUPING)  # 1.250.000: European thousands, or a typo
    if points == 1:
        integer, _, fraction = body.partition(".")
        return _plain(integer or "0", fraction, text)
    if commas == 0:
        return _plain(body, None, text)
    if (digits := _grouped(body, ",")) is not None:
        return digits
    if commas == 1:
        integer, _, fraction = body.partition(",")
        return _plain(integer or "0", fraction, text)
    raise NumberError(text, Problem.GROUPING)


def parse_decimal(text: str) -> Decimal:
    """The number ``text`` stands for; raises NumberError (with its Problem) otherwise."""
    cleaned = text.translate(_THAI_DIGITS).strip()
    if not cleaned:
        raise NumberError(text, Problem.EMPTY)
    sign = ""
    if cleaned[0] in "+-−":
        sign = "-" if cleaned[0] in "-−" else ""
        cleaned = cleaned[1:].strip()
    # Spaces group thousands like commas ("1 250"); they are never a decimal mark.
    if _SPACES.search(cleaned):
        spaced = _SPACES.sub("X", cleaned)
        integer, point, fraction = spaced.partition(".")
        if "," in spaced or not _GROUPED.match(integer):
            raise NumberError(text, Problem.GROUPING)
        cleaned = integer.replace("X", "") + point + fraction
    if not cleaned or cleaned in {".", ","}:
        raise NumberError(text, Problem.NOT_A_NUMBER)
    try:
        return Decimal(sign + _canonical(cleaned, text))
    except InvalidOperation:  # pragma: no cover - _canonical only returns digits and a point
        raise NumberError(text, Problem.NOT_A_NUMBER) from None


def parse_float(text: str) -> float:
    return float(parse_decimal(text))
