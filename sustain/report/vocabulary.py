"""The names of the stored codes, from the records' choices, for the report's renderers."""

from sustain.models import (
    STREAM_BIN_COLOUR,
    ActivityType,
    BudgetLine,
    BuildingType,
    Destination,
    SiteType,
    WastePointKind,
    WasteStream,
)
from sustain.report.render.labels import Vocabulary

VOCABULARY = Vocabulary(
    building_types=dict(BuildingType.choices),
    streams=dict(WasteStream.choices),
    stream_colours={stream.value: colour for stream, colour in STREAM_BIN_COLOUR.items()},
    destinations=dict(Destination.choices),
    point_kinds=dict(WastePointKind.choices),
    activity_types=dict(ActivityType.choices),
    site_types=dict(SiteType.choices),
    budget_lines=dict(BudgetLine.choices),
)
