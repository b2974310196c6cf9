"""The report's snapshot, typed: every key the figures hold, so mypy checks each one.

A report stores these figures as JSON (``Report.figures``, and the public view in
``Report.public_figures``); ``schema`` in the snapshot says which version of this shape it is.
Everything here is plain JSON (numbers, text, lists, ``None``): a stored report reads back into
the same types. ``None`` is a gap (no data or no factor), never a zero.

Versions: 1 = the first report (wave 1). The shape has not changed since.
"""

# No "from __future__ import annotations" here: TypedDict reads NotRequired only from evaluated
# annotations, and tests check stored snapshots against __required_keys__.
from typing import Literal, NotRequired, TypedDict, cast

from sustain.core.accounting import FactorRecord

SCHEMA_VERSION = 2
# Version 1 had no ``advice`` and ``maintenance`` sections; snapshots of it still read.
READABLE_VERSIONS = (1, 2)

# The stored codes these keys follow (sustain.models Destination and WasteStream); a test checks
# that the two lists agree.
DestinationKey = Literal["sold", "composted", "landfill", "hazardous_facility"]
StreamKey = Literal["general", "organic", "recyclable", "hazardous"]
DESTINATION_KEYS: tuple[DestinationKey, ...] = (
    "sold",
    "composted",
    "landfill",
    "hazardous_facility",
)
STREAM_KEYS: tuple[StreamKey, ...] = ("general", "organic", "recyclable", "hazardous")


class PeriodFigures(TypedDict):
    basis: str  # "fiscal" or "calendar"
    year_be: int
    start: str  # ISO dates, both inclusive
    end: str


class MunicipalityFigures(TypedDict):
    name_th: str
    name_en: str
    population: int | None


# --- Solar ------------------------------------------------------------------------------------


class SolarMonth(TypedDict):
    month: str  # YYYY-MM
    metered_kwh: float
    estimated_kwh: float


class SolarGroup(TypedDict):
    key: str  # a building type, or a village's moo number as text ("" for none)
    count: int
    kwp: float
    kwh: float
    avoided_kgco2e: float


class SolarLine(TypedDict):
    """The kWh credited with one grid factor: a provenance row."""

    factor: FactorRecord | None
    months: list[str]
    kwh: float
    metered_kwh: float
    estimated_kwh: float
    avoided_kgco2e: float | None


class Underperformer(TypedDict):
    installation_id: int
    name: str  # staff figures: the record's name; public figures: the public map's name
    public_name: NotRequired[str]  # staff figures only (the public view moves it to ``name``)
    village: int | None
    kwp: float
    ratio: float
    reading_end: str
    readings_below: int


class SolarFigures(TypedDict):
    installations_operating: int
    kwp_operating: float
    installations_added: int
    kwp_added: float
    kwh: float
    metered_kwh: float
    estimated_kwh: float
    metered_share: float | None
    avoided_kgco2e: float
    uncredited_kwh: float
    specific_yield_kwh_per_kwp: float | None
    monthly: list[SolarMonth]
    by_building_type: list[SolarGroup]
    by_village: list[SolarGroup]
    lines: list[SolarLine]
    underperforming: list[Underperformer]
    without_estimate: list[int]


# --- Waste ------------------------------------------------------------------------------------


class WasteShares(TypedDict):
    recycled: float | None
    composted: float | None
    landfill: float | None
    hazardous_facility: float | None


class StreamRow(TypedDict):
    key: StreamKey
    kg: float
    share: float | None


class DestinationRow(TypedDict):
    key: DestinationKey
    kg: float


class MaterialRow(TypedDict):
    code: str
    name_th: str
    name_en: str
    stream: StreamKey
    kg: float
    avoided_kgco2e: float | None


class DestinationKg(TypedDict):
    """kg sent to each destination."""

    sold: float
    composted: float
    landfill: float
    hazardous_facility: float


class PointRow(DestinationKg):
    id: int
    name: str
    kind: str
    village: int | None
    active: bool
    kg: float
    general: float
    organic: float
    recyclable: float
    hazardous: float


class WasteVillageRow(DestinationKg):
    key: str  # the village's moo number as text ("" for none)
    points: int
    kg: float


class WasteMonth(TypedDict):
    month: str  # YYYY-MM
    general: float
    organic: float
    recyclable: float
    hazardous: float


class WasteLine(TypedDict):
    """A mass of one material sent to one destination, credited (or not) with a factor."""

    material: str
    destination: DestinationKey
    kg: float
    credited: bool
    reason: str
    factor: FactorRecord | None
    avoided_kgco2e: float | None


class WasteFigures(TypedDict):
    total_kg: float
    revenue_thb: float
    hazardous_kg: float
    shares: WasteShares
    by_stream: list[StreamRow]
    by_destination: list[DestinationRow]
    by_material: list[MaterialRow]
    by_point: list[PointRow]
    by_village: list[WasteVillageRow]
    monthly: list[WasteMonth]
    lines: list[WasteLine]
    avoided_kgco2e: float
    gaps: list[str]
    points_without_collections: list[int]


# --- Community enterprises --------------------------------------------------------------------


class EnterpriseRow(TypedDict):
    id: int
    name: str
    registration_code: NotRequired[str]  # staff figures only
    activity_type: str
    village: int | None
    reported: bool
    members: int
    revenue_thb: float | None
    jobs: int | None
    products_volumes: str
    waste_handled_kg: float | None
    support_received: str
    waste_points: int
    installations: int
    kwp: float


class EnterpriseFigures(TypedDict):
    count: int
    reported: int
    members: int
    revenue_thb: float
    jobs: int
    waste_handled_kg: float
    rows: list[EnterpriseRow]
    months: int


# --- Summary: headline indicators, targets, the previous period -------------------------------

HeadlineKey = Literal[
    "renewable_share",
    "solar_kwh",
    "kwp_operating",
    "waste_per_capita",
    "recycled_share",
    "hazardous_kg",
    "hazardous_to_facility",
    "avoided_tco2e",
    "enterprises",
]
TargetKey = Literal["kwp_added", "recycling_share", "collected_kg"]
ComparedKey = Literal[
    "kwp_added",
    "solar_kwh",
    "solar_avoided_kgco2e",
    "waste_kg",
    "waste_avoided_kgco2e",
    "enterprise_revenue_thb",
]


class HeadlineRow(TypedDict):
    key: HeadlineKey
    iso: str  # the ISO 37120 indicator number, or ""
    value: float | None
    unit: str


class TargetRow(TypedDict):
    key: TargetKey
    target: float
    actual: float | None
    unit: str
    met: bool


class ComparisonRow(TypedDict):
    key: ComparedKey
    current: float
    previous: float
    change: float | None  # a share (0.1 = +10 %); None when the previous value was 0


# --- Methodology ------------------------------------------------------------------------------


class WeatherUsed(TypedDict):
    name: str
    format: str
    description: str
    approximate: bool
    gaps: str
    annual_ghi_kwh_m2: float | None
    estimates: int  # how many installation estimates used this weather year


class FactorInForce(FactorRecord):
    used: bool  # whether a figure of the report was credited with it


class DataGaps(TypedDict):
    points_without_collections: list[int]
    materials_without_factor: list[str]
    installations_without_estimate: list[int]
    enterprises_not_reported: list[int]
    uncredited_kwh: float


class Methodology(TypedDict):
    model: str
    model_versions: list[str]
    losses_pct: list[float]
    weather: list[WeatherUsed]
    factors: list[FactorInForce]
    gaps: DataGaps


# --- Residents' requests for advice, and maintenance (since schema 2) -------------------------


class AdviceFigures(TypedDict):
    """Residents' requests for solar advice in the period (anonymous counts: the requests
    themselves are deleted after their retention), and the installations that came of them."""

    requests: int
    installations: int
    installed_kwp: float


SiteTypeKey = Literal["waste_point", "installation"]
SITE_TYPE_KEYS: tuple[SiteTypeKey, ...] = ("waste_point", "installation")
BudgetLineKey = Literal["repair", "materials", "equipment"]
BUDGET_LINE_KEYS: tuple[BudgetLineKey, ...] = ("repair", "materials", "equipment")


class MaintenanceSiteRow(TypedDict):
    site_type: SiteTypeKey
    sites_planned: int
    sites_inspected: int
    inspections: int
    overdue_at_end: int
    work_orders_opened: int
    work_orders_done: int
    cost_thb: float


class BudgetRow(TypedDict):
    """The forecast of one budget line in one fiscal year after the period."""

    fiscal_year_be: int
    budget_line: BudgetLineKey
    replacements_thb: float
    corrective_thb: float


class MaintenanceFigures(TypedDict):
    as_of: str  # the day the due list was taken on (the period's end, or the day of the report)
    sites_planned: int
    sites_without_plan: int
    sites_inspected: int
    inspections: int
    overdue_at_end: int
    on_schedule_share: float | None
    work_orders_opened: int
    work_orders_done: int
    work_orders_open_at_end: int
    corrective_cost_thb: float
    replacement_cost_thb: float
    median_days_to_close: float | None
    by_site_type: list[MaintenanceSiteRow]
    forecast: list[BudgetRow]
    forecast_missing_costs: list[str]  # replacements without a unit cost: not in the forecast


# --- The whole snapshot -----------------------------------------------------------------------


class SectionFigures(TypedDict):
    """What is computed for any period (the report's period and the one before it)."""

    solar: SolarFigures
    waste: WasteFigures
    enterprises: EnterpriseFigures


class ReportFigures(SectionFigures):
    schema: int
    period: PeriodFigures
    municipality: MunicipalityFigures
    headline: list[HeadlineRow]
    targets: list[TargetRow]
    methodology: Methodology
    comparison: NotRequired[list[ComparisonRow]]  # absent when made without the previous period
    advice: NotRequired[AdviceFigures]  # absent in schema 1 snapshots
    maintenance: NotRequired[MaintenanceFigures]  # absent in schema 1 snapshots


class SchemaError(ValueError):
    """A stored snapshot this code cannot read."""


def figures_load(data: object) -> ReportFigures:
    """A stored snapshot (``Report.figures`` or ``public_figures``) as typed figures.

    Refuses a snapshot of a schema version this code does not know, rather than showing it wrong.
    """
    if not isinstance(data, dict) or "schema" not in data:
        raise SchemaError("not a report snapshot")
    if data["schema"] not in READABLE_VERSIONS:
        raise SchemaError(f"report schema {data['schema']!r}; this code reads {READABLE_VERSIONS}")
    return cast(ReportFigures, data)
