"""Villages."""

from typing import Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.pagination import paginate

from sustain.api.common import Id, Moment, api_auth, require
from sustain.api.crud import LimitOffset, assign, crud_delete
from sustain.api.schemas import VillageIn, VillageOut, VillagePatch
from sustain.models import Village
from sustain.services.gis import places

router = Router(tags=["villages"])


@router.get("/villages", response=list[VillageOut])
@paginate(LimitOffset)
def village_list(
    request: HttpRequest,
    ordering: Literal["moo", "-moo", "name_th", "-name_th", "updated_at", "-updated_at"] = "moo",
    updated_since: Moment | None = None,
) -> QuerySet[Village]:
    villages = Village.objects.order_by(ordering, "id")
    if updated_since:
        villages = villages.filter(updated_at__gte=updated_since)
    return villages


@router.get("/villages/{village_id}", response=VillageOut)
def village_detail(request: HttpRequest, village_id: Id) -> Village:
    return get_object_or_404(Village, pk=village_id)


@router.post("/villages", response={201: VillageOut}, auth=api_auth)
def village_create(request: HttpRequest, payload: VillageIn) -> Status[Village]:
    caller = require(request, "add", Village)
    village = assign(Village(), payload, partial=False)
    return Status(201, places.village_save(village=village, actor=caller.user))


@router.patch("/villages/{village_id}", response=VillageOut, auth=api_auth)
def village_update(request: HttpRequest, village_id: Id, payload: VillagePatch) -> Village:
    caller = require(request, "change", Village)
    village = assign(get_object_or_404(Village, pk=village_id), payload, partial=True)
    return places.village_save(village=village, actor=caller.user)


@router.delete("/villages/{village_id}", response={204: None}, auth=api_auth)
def village_delete(request: HttpRequest, village_id: Id) -> Status[None]:
    return crud_delete(request, Village, village_id)
