"""Buddhist-era years wherever Django writes a date on a Thai page.

Django's own date formatting (the ``date`` filter, the admin's lists, its change history, the
date drill-down's months, ``formats.date_format``) writes the Christian-era year: the Thai locale
only names the months. Thai offices write the Buddhist era (พ.ศ. = ค.ศ. + 543), as the forms
already show it. :func:`install` makes the year codes of Django's date format (``Y``, ``y``,
``o``) write the BE year while Thai is the active language; machine formats (ISO dates in the
API, files meant for programs) do not use these codes and stay CE. The date drill-down's years
are written by ``templates_override/admin/date_hierarchy.html``.
"""

from django.utils import dateformat, translation

from sustain.core.thaidates import be_year

_installed = False


def _thai() -> bool:
    return translation.get_language() == "th"


def install() -> None:
    global _installed
    if _installed:
        return
    _installed = True
    year_4 = dateformat.DateFormat.Y
    year_2 = dateformat.DateFormat.y
    iso_year = dateformat.DateFormat.o

    def Y(self: dateformat.DateFormat) -> str:
        return f"{be_year(int(year_4(self))):04d}" if _thai() else str(year_4(self))

    def y(self: dateformat.DateFormat) -> str:
        return f"{be_year(int(year_4(self))) % 100:02d}" if _thai() else str(year_2(self))

    def o(self: dateformat.DateFormat) -> str:
        return str(be_year(int(iso_year(self)))) if _thai() else str(iso_year(self))

    dateformat.DateFormat.Y = Y  # type: ignore[method-assign,assignment]
    dateformat.DateFormat.y = y  # type: ignore[method-assign]
    dateformat.DateFormat.o = o  # type: ignore[method-assign,assignment]
