"""Villages."""

from typing import Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from sustain.api.common import Id, Moment, api_auth, require
from sustain.api.crud import Limit, Offset, assign, page
from sustain.api.schemas import VillageIn, VillageOut, VillagePatch
from sustain.models import Village
from sustain.services import places
from sustain.services.common import record_delete

router = Router(tags=["villages"])


class VillagePage(Schema):
    count: int
    items: list[VillageOut]


@router.get("/villages", response=VillagePage)
def village_list(
    request: HttpRequest,
    limit: Limit = 100,
    offset: Offset = 0,
    ordering: Literal["moo", "-moo", "name_th", "-name_th", "updated_at", "-updated_at"] = "moo",
    updated_since: Moment | None = None,
) -> dict:
    villages = Village.objects.order_by(ordering, "id")
    if updated_since:
        villages = villages.filter(updated_at__gte=updated_since)
    return page(villages, limit=limit, offset=offset, convert=lambda v: v)


@router.get("/villages/{village_id}", response=VillageOut)
def village_detail(request: HttpRequest, village_id: Id) -> Village:
    return get_object_or_404(Village, pk=village_id)


@router.post("/villages", response={201: VillageOut}, auth=api_auth)
def village_create(request: HttpRequest, payload: VillageIn) -> tuple[int, Village]:
    caller = require(request, "add", Village)
    village = assign(Village(), payload, partial=False)
    return 201, places.village_save(village=village, actor=caller.user)


@router.patch("/villages/{village_id}", response=VillageOut, auth=api_auth)
def village_update(request: HttpRequest, village_id: Id, payload: VillagePatch) -> Village:
    caller = require(request, "change", Village)
    village = assign(get_object_or_404(Village, pk=village_id), payload, partial=True)
    return places.village_save(village=village, actor=caller.user)


@router.delete("/villages/{village_id}", response={204: None}, auth=api_auth)
def village_delete(request: HttpRequest, village_id: Id) -> tuple[int, None]:
    caller = require(request, "delete", Village)
    record_delete(obj=get_object_or_404(Village, pk=village_id), actor=caller.user)
    return 204, None
