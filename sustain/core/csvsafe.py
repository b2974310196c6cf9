"""Spreadsheet-safe cells for every CSV and XLSX the project writes."""

# Spreadsheets skip leading blanks and read full-width signs as formula starts too.
FORMULA_SIGNS = ("=", "+", "-", "@", "＝", "＋", "－", "＠")
CONTROL_START = ("\t", "\r", "\n")
# Spaces (ASCII, no-break, ideographic), line breaks and zero-width characters before a sign.
LEADING_BLANKS = " \t\r\n\u00a0\u3000\u200b\u200c\u200d\u2060\ufeff"


def csv_cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula is prefixed with ' (OWASP CSV injection):
    a sign ``= + - @`` (or its full-width form) first, or after blanks, or a tab or line break
    first."""
    if isinstance(value, str) and (
        value.startswith(CONTROL_START) or value.lstrip(LEADING_BLANKS).startswith(FORMULA_SIGNS)
    ):
        return "'" + value
    return "" if value is None else value
