"""Emission factors: dated values with their sources."""

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router

from sustain.api.common import Id, api_auth, caller_of, require
from sustain.api.crud import assign
from sustain.api.schemas_waste import FactorIn, FactorKindName, FactorOut
from sustain.models import EmissionFactor
from sustain.services.common import record_delete, record_save

router = Router(tags=["emission factors"])


@router.get("/factors", response=list[FactorOut])
def factor_list(request: HttpRequest, kind: FactorKindName | None = None) -> Any:
    caller_of(request)
    factors = EmissionFactor.objects.order_by("key", "valid_from")
    return factors.filter(kind=kind) if kind else factors


@router.get("/factors/{factor_id}", response=FactorOut)
def factor_detail(request: HttpRequest, factor_id: Id) -> EmissionFactor:
    caller_of(request)
    return get_object_or_404(EmissionFactor, pk=factor_id)


@router.post("/factors", response={201: FactorOut}, auth=api_auth)
def factor_create(request: HttpRequest, payload: FactorIn) -> tuple[int, EmissionFactor]:
    caller = require(request, "add", EmissionFactor)
    return 201, record_save(obj=assign(EmissionFactor(), payload, partial=False), actor=caller.user)


@router.put("/factors/{factor_id}", response=FactorOut, auth=api_auth)
def factor_update(request: HttpRequest, factor_id: Id, payload: FactorIn) -> EmissionFactor:
    caller = require(request, "change", EmissionFactor)
    factor = assign(get_object_or_404(EmissionFactor, pk=factor_id), payload, partial=False)
    return record_save(obj=factor, actor=caller.user)


@router.delete("/factors/{factor_id}", response={204: None}, auth=api_auth)
def factor_delete(request: HttpRequest, factor_id: Id) -> tuple[int, None]:
    caller = require(request, "delete", EmissionFactor)
    record_delete(obj=get_object_or_404(EmissionFactor, pk=factor_id), actor=caller.user)
    return 204, None
