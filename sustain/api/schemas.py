"""Schemas for villages and solar, with explicit fields (never ``__all__``: it leaks fields)."""

from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias

from ninja import Schema
from pydantic import Field

from sustain.api.common import Day, Id, Latitude, Longitude, LongText, Moment, Text
from sustain.api.numbers import TypedNumber
from sustain.core.pv import (
    DEFAULT_AZIMUTH_DEG,
    DEFAULT_DC_AC_RATIO,
    DEFAULT_LOSSES_PCT,
    DEFAULT_MODULE_TYPE,
    DEFAULT_MOUNTING,
    LIMITS,
)
from sustain.models import (
    BuildingType,
    InstallationStatus,
    ModuleType,
    Mounting,
)

if TYPE_CHECKING:  # the type checker sees str; pydantic and OpenAPI see the allowed values
    BuildingTypeName: TypeAlias = str
    StatusName: TypeAlias = str
    MountingName: TypeAlias = str
    ModuleTypeName: TypeAlias = str
else:
    BuildingTypeName = Literal[tuple(BuildingType.values)]
    StatusName = Literal[tuple(InstallationStatus.values)]
    MountingName = Literal[tuple(Mounting.values)]
    ModuleTypeName = Literal[tuple(ModuleType.values)]


class ErrorItem(Schema):
    field: str
    message: str
    code: str


class Errors(Schema):
    detail: str
    errors: list[ErrorItem] = []


# --- Villages -----------------------------------------------------------------------------


class VillageIn(Schema):
    moo: Annotated[int, Field(ge=1, le=99)]
    name_th: Text
    name_en: Text = ""
    geocode: Annotated[str, Field(max_length=8, pattern=r"^\d{0,8}$")] = ""
    boundary_geojson: dict | None = None
    population: Annotated[int, Field(ge=0, le=10_000_000)] | None = None
    unverified: bool = False


class VillagePatch(Schema):
    moo: Annotated[int, Field(ge=1, le=99)] | None = None
    name_th: Text | None = None
    name_en: Text | None = None
    geocode: Annotated[str, Field(max_length=8, pattern=r"^\d{0,8}$")] | None = None
    boundary_geojson: dict | None = None
    population: Annotated[int, Field(ge=0, le=10_000_000)] | None = None
    unverified: bool | None = None


class VillageOut(Schema):
    id: int
    moo: int
    name_th: str
    name_en: str
    geocode: str
    boundary_geojson: dict | None
    population: int | None
    unverified: bool
    updated_at: Moment


# --- Solar -------------------------------------------------------------------------------


def _bounded(field: str) -> Any:
    """A float field within the PV input's range (``sustain.core.pv.LIMITS``)."""
    bounds = LIMITS[field]
    return Field(ge=bounds.low, le=bounds.high, allow_inf_nan=False)


_capacity = LIMITS["capacity_kwp"]
Capacity = Annotated[
    Decimal, TypedNumber, Field(gt=_capacity.low, le=_capacity.high, max_digits=9, decimal_places=3)
]
Tilt = Annotated[float, TypedNumber, _bounded("tilt_deg")]
Azimuth = Annotated[float, TypedNumber, _bounded("azimuth_deg")]
Losses = Annotated[float, TypedNumber, _bounded("losses_pct")]
DcAc = Annotated[float, TypedNumber, _bounded("dc_ac_ratio")]
Phone = Annotated[str, Field(max_length=32, pattern=r"^[^\x00]*$")]


class InstallationIn(Schema):
    name: Text
    building_type: BuildingTypeName
    latitude: Latitude
    longitude: Longitude
    village_id: Id | None = None
    capacity_kwp: Capacity
    tilt_deg: Tilt
    azimuth_deg: Azimuth = DEFAULT_AZIMUTH_DEG
    mounting: MountingName = DEFAULT_MOUNTING
    module_type: ModuleTypeName = DEFAULT_MODULE_TYPE
    losses_pct: Losses = DEFAULT_LOSSES_PCT
    dc_ac_ratio: DcAc = DEFAULT_DC_AC_RATIO
    commissioned_on: Day | None = None
    decommissioned_on: Day | None = None
    status: StatusName = "operating"
    enterprise_id: Id | None = None
    owner_name: Text = ""
    owner_phone: Phone = ""
    last_verified_on: Day | None = None
    notes: LongText = ""


class InstallationPatch(Schema):
    name: Text | None = None
    building_type: BuildingTypeName | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    village_id: Id | None = None
    capacity_kwp: Capacity | None = None
    tilt_deg: Tilt | None = None
    azimuth_deg: Azimuth | None = None
    mounting: MountingName | None = None
    module_type: ModuleTypeName | None = None
    losses_pct: Losses | None = None
    dc_ac_ratio: DcAc | None = None
    commissioned_on: Day | None = None
    decommissioned_on: Day | None = None
    status: StatusName | None = None
    enterprise_id: Id | None = None
    owner_name: Text | None = None
    owner_phone: Phone | None = None
    last_verified_on: Day | None = None
    notes: LongText | None = None


class InstallationOut(Schema):
    """Public fields always; owner fields and exact household locations only for staff."""

    id: int
    name: str
    building_type: str
    latitude: float
    longitude: float
    location_precision: str = Field(description="exact, or grid_<m>m for households in public")
    village_id: int | None
    capacity_kwp: Decimal
    tilt_deg: float
    azimuth_deg: float
    mounting: str
    module_type: str
    losses_pct: float
    dc_ac_ratio: float
    commissioned_on: Day | None
    decommissioned_on: Day | None
    status: str
    enterprise_id: int | None
    last_verified_on: Day | None
    updated_at: Moment
    owner_name: str | None = Field(None, description="staff only")
    owner_phone: str | None = Field(None, description="staff only")
    notes: str | None = Field(None, description="staff only")


class EstimateOut(Schema):
    installation_id: int
    annual_kwh: float
    monthly_kwh: list[float]
    specific_yield_kwh_per_kwp: float
    weather_dataset: str
    weather_approximate: bool
    weather_description: str
    weather_gaps: str
    model_version: str
    computed_at: Moment
    co2e_avoided_kg: float | None = Field(
        description="CO2e a typical year avoids [kg]: each month's energy times the grid factor "
        "valid on its first day, over the last 12 full months (as the annual report credits "
        "energy); null when a month has no grid factor."
    )
    co2e_factor: str | None = Field(description="The grid factors used, with validity and source.")


class SummaryRow(Schema):
    key: str | int | None
    installations: int
    capacity_kwp: float
    annual_kwh: float | None
    specific_yield_kwh_per_kwp: float | None


class SummaryOut(Schema):
    operating_on: Day = Field(
        description="The day the figures describe: installations operating then (not planned, "
        "commissioned on or before it, not decommissioned before it), as in the annual report."
    )
    by_building_type: list[SummaryRow]
    by_village: list[SummaryRow]
    weather_dataset: str | None = Field(description="The weather every stored estimate uses.")
    weather_approximate: bool | None
    weather_pending: str | None = Field(
        description="A newer weather year chosen by staff whose fleet run has not finished: "
        "the figures do not use it yet."
    )


class ReadingIn(Schema):
    period_start: Day
    period_end: Day
    energy_kwh: Annotated[
        Decimal, TypedNumber, Field(ge=0, le=10**9, max_digits=12, decimal_places=3)
    ]
    meter_register_kwh: (
        Annotated[Decimal, TypedNumber, Field(ge=0, le=10**11, max_digits=14, decimal_places=3)]
        | None
    ) = None


class ReadingOut(Schema):
    id: int
    installation_id: int
    period_start: Day
    period_end: Day
    energy_kwh: Decimal
    meter_register_kwh: Decimal | None
    source: str
    expected_kwh: float | None
    performance_ratio: float | None


class BatchReadingIn(ReadingIn):
    installation_id: Id


class BatchIn(Schema):
    items: Annotated[list[BatchReadingIn], Field(min_length=1, max_length=1000)]


class BatchItemResult(Schema):
    index: int
    installation_id: int
    period_start: Day
    period_end: Day
    status: Literal["stored", "updated", "unchanged", "refused"]
    id: int | None = None
    errors: list[ErrorItem] = []


class BatchOut(Schema):
    stored: int
    updated: int
    unchanged: int
    refused: int
    results: list[BatchItemResult]


class MaintenanceOut(Schema):
    installation_id: int
    name: str
    period_start: Day
    period_end: Day
    metered_kwh: Decimal
    expected_kwh: float | None
    performance_ratio: float | None
    threshold: float
    weather_dataset: str | None
