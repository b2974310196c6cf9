"""The rules of an invalid API request in the caller's language (``Accept-Language``, or the
staff session's language on the staff map).

pydantic writes its own English sentences ("Input should be a valid integer"); the API answers
with the sentence of the broken rule from the catalogue instead, with the rule's limit in it.
Messages our own validators raise (``value_error``) are already in the caller's language.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

_WHOLE = _(
    "Input should be a whole number written as a JSON number (such as 2569), not text or a decimal"
)
RULES: dict[str, Promise] = {
    "int_type": _WHOLE,
    "int_parsing": _WHOLE,
    "int_from_float": _("Input should be a whole number, without a fraction"),
    "float_type": _("Input should be a number"),
    "float_parsing": _("Input should be a number"),
    "bool_type": _("Input should be true or false"),
    "bool_parsing": _("Input should be true or false"),
    "string_type": _("Input should be text"),
    "missing": _("This field is required"),
    "greater_than_equal": _("Input should be greater than or equal to %(ge)s"),
    "less_than_equal": _("Input should be less than or equal to %(le)s"),
    "greater_than": _("Input should be greater than %(gt)s"),
    "less_than": _("Input should be less than %(lt)s"),
    "literal_error": _("Input should be %(expected)s"),
    "string_too_long": _("Input should have at most %(max_length)s characters"),
}


def rule_message(error: dict[str, Any]) -> str:
    """One pydantic error as a sentence in the active language (pydantic's text when unknown)."""
    words = RULES.get(str(error.get("type", "")))
    if words is None:
        return str(error.get("msg", "invalid"))
    values = {key: str(value) for key, value in (error.get("ctx") or {}).items()}
    if "expected" in values:  # "'fiscal' or 'calendar'"
        values["expected"] = values["expected"].replace(" or ", f" {gettext('or')} ")
    try:
        return str(words) % values
    except (KeyError, TypeError, ValueError):  # a rule pydantic words differently: its own text
        return str(error.get("msg", "invalid"))
