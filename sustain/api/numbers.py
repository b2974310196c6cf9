"""Numbers sent as text to the API are read like the forms read them (``sustain.core.numbers``):
``"12,5"`` is 12.5, ``"1,250"`` is 1250, anything unclear is refused (422), never guessed."""

from typing import Any

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from sustain.core.numbers import NumberError, Problem, parse_decimal

_MESSAGES = {
    Problem.NOT_A_NUMBER: "“{text}” is not a number",
    Problem.GROUPING: (
        "“{text}” is unclear: write decimals after a point or a comma (12.5 or 12,5) and "
        "thousands in groups of three (1,250)"
    ),
    Problem.EMPTY: "a number is required",
}


def _read(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return parse_decimal(value)
    except NumberError as error:
        raise PydanticCustomError(
            f"number_{error.problem.value}", _MESSAGES[error.problem], {"text": error.text}
        ) from None


TypedNumber = BeforeValidator(_read)
