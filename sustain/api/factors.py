"""Emission factors: dated values with their sources."""

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from sustain.api.common import Day, Id, api_auth, caller_of
from sustain.api.crud import crud_create, crud_delete, crud_update
from sustain.api.schemas_waste import FactorIn, FactorKindName, FactorOut
from sustain.core import accounting
from sustain.models import EmissionFactor
from sustain.services.factors import factors_all

router = Router(tags=["emission factors"])


@router.get("/factors", response=list[FactorOut])
def factor_list(
    request: HttpRequest, kind: FactorKindName | None = None, valid_on: Day | None = None
) -> Any:
    """Every factor, or those of ``kind``; with ``valid_on``, only the one of each key valid on
    that day (the rule the report and the map use: ``accounting.factor_on``)."""
    caller_of(request)
    factors = EmissionFactor.objects.order_by("key", "valid_from")
    if kind:
        factors = factors.filter(kind=kind)
    if valid_on is not None:
        stored = factors_all()
        valid = [
            accounting.factor_on(stored, key=key, day=valid_on)
            for key in sorted({f.key for f in stored})
        ]
        chosen = Q(pk__in=[])
        for factor in valid:
            if factor is not None:
                chosen |= Q(key=factor.key, valid_from=factor.valid_from)
        factors = factors.filter(chosen)
    return factors


@router.get("/factors/{factor_id}", response=FactorOut)
def factor_detail(request: HttpRequest, factor_id: Id) -> EmissionFactor:
    caller_of(request)
    return get_object_or_404(EmissionFactor, pk=factor_id)


@router.post("/factors", response={201: FactorOut}, auth=api_auth)
def factor_create(request: HttpRequest, payload: FactorIn) -> Status[EmissionFactor]:
    return crud_create(request, EmissionFactor, payload)


@router.put("/factors/{factor_id}", response=FactorOut, auth=api_auth)
def factor_update(request: HttpRequest, factor_id: Id, payload: FactorIn) -> EmissionFactor:
    return crud_update(request, EmissionFactor, factor_id, payload, partial=False)


@router.delete("/factors/{factor_id}", response={204: None}, auth=api_auth)
def factor_delete(request: HttpRequest, factor_id: Id) -> Status[None]:
    return crud_delete(request, EmissionFactor, factor_id)
