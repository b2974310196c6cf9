"""Names of the codes stored in the figures (building types, streams …), handed to the renderers.

The figures hold codes (``"household"``, ``"recyclable"``); the renderers show them in the page's
language. The names come from the records' choices (``sustain.report.vocabulary``), passed in so
that nothing under ``render`` reads the database layer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.functional import Promise

Label = str | Promise  # a name, possibly translated lazily (shown in the language active then)


@dataclass(frozen=True)
class Vocabulary:
    building_types: Mapping[str, Label]
    streams: Mapping[str, Label]  # in the order of the Ministry's four streams
    stream_colours: Mapping[str, str]  # bin colours, CSS hex
    destinations: Mapping[str, Label]  # in the order the tables show them
    point_kinds: Mapping[str, Label]
    activity_types: Mapping[str, Label]
    site_types: Mapping[str, Label]
    budget_lines: Mapping[str, Label]
