"""Community enterprises and their activity per period."""

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from sustain.api.common import (
    CSV_RESPONSE,
    Caller,
    Id,
    Moment,
    api_auth,
    caller_of,
    csv_response,
    require,
)
from sustain.api.crud import Converted, LimitOffset, assign, crud_delete
from sustain.api.schemas_waste import (
    ActivityIn,
    ActivityName,
    ActivityOut,
    EnterpriseIn,
    EnterpriseOut,
    EnterprisePatch,
)  # fmt: skip
from sustain.models import CommunityEnterprise, EnterpriseActivity
from sustain.services.records import record_save

router = Router(tags=["community enterprises"])

PRIVATE = ("representative_name", "representative_contact")
PUBLIC = [f for f in EnterpriseOut.model_fields if f not in PRIVATE]


def enterprise_out(enterprise: CommunityEnterprise, caller: Caller) -> dict[str, Any]:
    """Representatives' names and contacts are personal data: staff only."""
    fields = [*PUBLIC, *PRIVATE] if caller.sees_private else PUBLIC
    return {field: getattr(enterprise, field) for field in fields}


Ordering = Literal["name", "-name", "member_count", "-member_count", "updated_at", "-updated_at"]


class EnterpriseFilters(Schema):
    village_id: Id | None = None
    activity_type: ActivityName | None = None
    updated_since: Moment | None = None
    ordering: Ordering = "name"


def _enterprises(filters: EnterpriseFilters) -> Any:
    conditions = {
        "village_id": filters.village_id, "activity_type": filters.activity_type,
        "updated_at__gte": filters.updated_since,
    }  # fmt: skip
    return CommunityEnterprise.objects.order_by(filters.ordering, "id").filter(
        **{k: v for k, v in conditions.items() if v is not None}
    )


@router.get("/enterprises", response=list[EnterpriseOut], exclude_unset=True)
@paginate(LimitOffset)
def enterprise_list(
    request: HttpRequest, filters: Query[EnterpriseFilters]
) -> Converted[CommunityEnterprise]:
    caller = caller_of(request)
    return Converted(_enterprises(filters), lambda e: enterprise_out(e, caller))


@router.get("/enterprises.csv", openapi_extra=CSV_RESPONSE)
def enterprise_csv(request: HttpRequest, filters: Query[EnterpriseFilters]) -> HttpResponse:
    caller = caller_of(request)
    header = [*PUBLIC, *PRIVATE] if caller.sees_private else PUBLIC
    rows = (enterprise_out(e, caller) for e in _enterprises(filters))
    return csv_response(
        "community-enterprises.csv", header, ([row[h] for h in header] for row in rows)
    )


@router.get("/enterprises/{enterprise_id}", response=EnterpriseOut, exclude_unset=True)
def enterprise_detail(request: HttpRequest, enterprise_id: Id) -> dict:
    return enterprise_out(
        get_object_or_404(CommunityEnterprise, pk=enterprise_id), caller_of(request)
    )


@router.post("/enterprises", response={201: EnterpriseOut}, auth=api_auth, exclude_unset=True)
def enterprise_create(request: HttpRequest, payload: EnterpriseIn) -> Status[dict]:
    caller = require(request, "add", CommunityEnterprise)
    enterprise = record_save(
        obj=assign(CommunityEnterprise(), payload, partial=False), actor=caller.user
    )
    return Status(201, enterprise_out(enterprise, caller))


@router.patch(
    "/enterprises/{enterprise_id}", response=EnterpriseOut, auth=api_auth, exclude_unset=True
)
def enterprise_update(request: HttpRequest, enterprise_id: Id, payload: EnterprisePatch) -> dict:
    caller = require(request, "change", CommunityEnterprise)
    enterprise = assign(
        get_object_or_404(CommunityEnterprise, pk=enterprise_id), payload, partial=True
    )
    return enterprise_out(record_save(obj=enterprise, actor=caller.user), caller)


@router.delete("/enterprises/{enterprise_id}", response={204: None}, auth=api_auth)
def enterprise_delete(request: HttpRequest, enterprise_id: Id) -> Status[None]:
    return crud_delete(request, CommunityEnterprise, enterprise_id)


@router.get("/enterprises/{enterprise_id}/activities", response=list[ActivityOut])
def activity_list(request: HttpRequest, enterprise_id: Id) -> Any:
    caller_of(request)
    enterprise = get_object_or_404(CommunityEnterprise, pk=enterprise_id)
    return EnterpriseActivity.objects.filter(enterprise=enterprise).order_by("period_start")


@router.post("/enterprises/{enterprise_id}/activities", response={201: ActivityOut}, auth=api_auth)
def activity_create(
    request: HttpRequest, enterprise_id: Id, payload: ActivityIn
) -> Status[EnterpriseActivity]:
    caller = require(request, "add", EnterpriseActivity)
    enterprise = get_object_or_404(CommunityEnterprise, pk=enterprise_id)
    activity = assign(EnterpriseActivity(enterprise=enterprise), payload, partial=False)
    return Status(201, record_save(obj=activity, actor=caller.user))
