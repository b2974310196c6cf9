"""Schemas for waste, community enterprises and emission factors (explicit fields)."""

from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Literal, TypeAlias

from ninja import Schema
from pydantic import Field

from sustain.api.common import Day, Id, Latitude, Longitude, LongText, Moment, Text
from sustain.api.numbers import TypedNumber
from sustain.models import ActivityType, Destination, WastePointKind, WasteStream
from sustain.models.factors import FactorKind
from sustain.models.waste import OSM_RECYCLING_MATERIALS

if TYPE_CHECKING:  # the type checker sees str; pydantic and OpenAPI see the allowed values
    PointKindName: TypeAlias = str
    DestinationName: TypeAlias = str
    ActivityName: TypeAlias = str
    FactorKindName: TypeAlias = str
    OsmMaterial: TypeAlias = str
    StreamName: TypeAlias = str
else:
    PointKindName = Literal[tuple(WastePointKind.values)]
    DestinationName = Literal[tuple(Destination.values)]
    ActivityName = Literal[tuple(ActivityType.values)]
    FactorKindName = Literal[tuple(FactorKind.values)]
    OsmMaterial = Literal[OSM_RECYCLING_MATERIALS]
    StreamName = Literal[tuple(WasteStream.values)]
Money = Annotated[
    Decimal, TypedNumber, Field(max_digits=12, decimal_places=2, ge=0, allow_inf_nan=False)
]
Hours = Annotated[str, Field(max_length=255, pattern=r"^[^\x00]*$")]
Materials = Annotated[list[OsmMaterial], Field(max_length=len(OSM_RECYCLING_MATERIALS))]
Count = Annotated[int, Field(ge=0, le=10_000_000, strict=True)]  # not true/false


class WastePointIn(Schema):
    name: Text
    kind: PointKindName
    accepted_materials: Materials = []
    opening_hours: Hours = ""
    collection_times: Hours = ""
    operator: Text = ""
    ref: Annotated[str, Field(max_length=60, pattern=r"^[^\x00]*$")] = ""
    enterprise_id: Id | None = None
    latitude: Latitude
    longitude: Longitude
    village_id: Id | None = None
    active: bool = True
    last_verified_on: Day | None = None
    notes: LongText = ""


class WastePointPatch(Schema):
    name: Text | None = None
    kind: PointKindName | None = None
    accepted_materials: Materials | None = None
    opening_hours: Hours | None = None
    collection_times: Hours | None = None
    operator: Text | None = None
    ref: Annotated[str, Field(max_length=60, pattern=r"^[^\x00]*$")] | None = None
    enterprise_id: Id | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    village_id: Id | None = None
    active: bool | None = None
    last_verified_on: Day | None = None
    notes: LongText | None = None


class WastePointOut(Schema):
    id: int
    name: str
    kind: str
    accepted_materials: list[str]
    opening_hours: str
    collection_times: str
    operator: str
    ref: str
    enterprise_id: int | None
    latitude: float
    longitude: float
    village_id: int | None
    active: bool
    last_verified_on: Day | None
    updated_at: Moment


Mass = Annotated[Decimal, TypedNumber, Field(gt=0, le=10**8, max_digits=10, decimal_places=2)]
Price = Annotated[Decimal, TypedNumber, Field(gt=0, le=10**6, max_digits=8, decimal_places=2)]


class CollectionIn(Schema):
    point_id: Id
    collected_on: Day
    material: Annotated[str, Field(max_length=40, pattern=r"^[-a-zA-Z0-9_]+$")]
    mass_kg: Mass
    destination: DestinationName
    price_thb_per_kg: Price | None = None
    notes: Text = ""


class CollectionPatch(Schema):
    point_id: Id | None = None
    collected_on: Day | None = None
    material: Annotated[str, Field(max_length=40, pattern=r"^[-a-zA-Z0-9_]+$")] | None = None
    mass_kg: Mass | None = None
    destination: DestinationName | None = None
    price_thb_per_kg: Price | None = None
    notes: Text | None = None


class CollectionOut(Schema):
    id: int
    point_id: int
    collected_on: Day
    material: str
    stream: str
    mass_kg: Decimal
    destination: str
    price_thb_per_kg: Decimal | None
    updated_at: Moment


class EnterpriseIn(Schema):
    name: Text
    registration_code: Annotated[str, Field(pattern=r"^\d{12}$")]
    registered_on: Day | None = None
    renewed_on: Day | None = None
    activity_type: ActivityName
    products: LongText = ""
    village_id: Id | None = None
    member_count: Annotated[int, Field(ge=7, le=100_000)]
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    representative_name: Text = ""
    representative_contact: Text = ""
    notes: LongText = ""


class EnterprisePatch(Schema):
    name: Text | None = None
    registration_code: Annotated[str, Field(pattern=r"^\d{12}$")] | None = None
    registered_on: Day | None = None
    renewed_on: Day | None = None
    activity_type: ActivityName | None = None
    products: LongText | None = None
    village_id: Id | None = None
    member_count: Annotated[int, Field(ge=7, le=100_000)] | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    representative_name: Text | None = None
    representative_contact: Text | None = None
    notes: LongText | None = None


class EnterpriseOut(Schema):
    id: int
    name: str
    registration_code: str
    registered_on: Day | None
    renewed_on: Day | None
    activity_type: str
    products: str
    village_id: int | None
    member_count: int
    latitude: float | None
    longitude: float | None
    updated_at: Moment
    representative_name: str | None = Field(None, description="staff only")
    representative_contact: str | None = Field(None, description="staff only")


class ActivityIn(Schema):
    period_start: Day
    period_end: Day
    revenue_thb: Money
    members: Count
    jobs: Count
    products_volumes: LongText = ""
    waste_handled_kg: (
        Annotated[Decimal, TypedNumber, Field(gt=0, max_digits=12, decimal_places=2)] | None
    ) = None
    support_received: LongText = ""
    support_value_thb: Money | None = None


class ActivityOut(Schema):
    id: int
    enterprise_id: int
    period_start: Day
    period_end: Day
    revenue_thb: Decimal
    members: int
    jobs: int
    products_volumes: str
    waste_handled_kg: Decimal | None
    support_received: str
    support_value_thb: Decimal | None


class FactorIn(Schema):
    key: Annotated[str, Field(max_length=60, pattern=r"^[-a-zA-Z0-9_]+$")]
    name: Text
    kind: FactorKindName
    scope: Annotated[str, Field(max_length=60, pattern=r"^[^\x00]*$")] = ""
    value: Annotated[Decimal, Field(ge=-(10**5), le=10**5, max_digits=12, decimal_places=6)]
    unit: Annotated[str, Field(max_length=40, pattern=r"^[^\x00]*$")]
    valid_from: Day | None = None
    valid_to: Day | None = None
    source: LongText
    needs_verification: bool = False


class FactorOut(Schema):
    id: int
    key: str
    name: str
    kind: str
    scope: str
    value: Decimal
    unit: str
    valid_from: Day | None
    valid_to: Day | None
    source: str
    needs_verification: bool
    updated_at: Moment
