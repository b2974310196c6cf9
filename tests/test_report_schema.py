"""The report's typed snapshot matches what is stored: every key the schema names, no other."""

import json
import types
import typing

import pytest

from sustain.models import WasteStream
from sustain.models.waste import Destination
from sustain.report import schema
from sustain.report.figures import public_view, report_figures
from sustain.report.vocabulary import VOCABULARY


def check(value, kind, path="figures"):
    """Raise AssertionError where ``value`` (read back from JSON) does not fit ``kind``."""
    origin = typing.get_origin(kind)
    if typing.is_typeddict(kind):
        assert isinstance(value, dict), path
        hints = typing.get_type_hints(kind)
        assert set(value) <= set(hints), f"{path}: keys not in the schema {set(value) - set(hints)}"
        missing = kind.__required_keys__ - set(value)
        assert not missing, f"{path}: missing {missing}"
        for key, item in value.items():
            check(item, hints[key], f"{path}.{key}")
    elif origin is list:
        assert isinstance(value, list), path
        for index, item in enumerate(value):
            check(item, typing.get_args(kind)[0], f"{path}[{index}]")
    elif origin in (typing.Union, types.UnionType):
        errors = []
        for option in typing.get_args(kind):
            try:
                check(value, option, path)
                return
            except AssertionError as error:
                errors.append(str(error))
        raise AssertionError(f"{path}: {value!r} fits none of {errors}")
    elif origin is typing.Literal:
        assert value in typing.get_args(kind), f"{path}: {value!r}"
    elif kind is type(None):
        assert value is None, path
    elif kind is float:
        assert isinstance(value, int | float) and not isinstance(value, bool), f"{path}: {value!r}"
    else:
        assert isinstance(value, kind), f"{path}: {value!r} is not {kind}"


@pytest.fixture
def figures(demo_loaded):
    return report_figures(basis="fiscal", year_be=2569)


def test_the_demo_snapshot_fits_the_schema_as_stored(figures):
    stored = json.loads(json.dumps(figures))  # what the JSON field gives back
    check(stored, schema.ReportFigures)
    check(json.loads(json.dumps(public_view(figures))), schema.ReportFigures)
    assert schema.figures_load(stored)["schema"] == schema.SCHEMA_VERSION
    with pytest.raises(schema.SchemaError):
        schema.figures_load({**stored, "schema": schema.SCHEMA_VERSION + 1})


def test_a_wrong_key_is_caught():
    row = {"key": "sold", "kg": 1.0, "extra": 2}
    with pytest.raises(AssertionError, match="extra"):
        check(row, schema.DestinationRow)


def test_the_schema_codes_are_the_records_codes():
    assert list(schema.DESTINATION_KEYS) == list(Destination.values)
    assert list(schema.STREAM_KEYS) == list(WasteStream.values)
    assert list(VOCABULARY.destinations) == list(schema.DESTINATION_KEYS)
    assert list(VOCABULARY.streams) == list(schema.STREAM_KEYS)
