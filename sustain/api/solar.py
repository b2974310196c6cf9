"""Solar installations, their estimates, totals, maintenance flags and meter readings."""

from typing import Any, Literal

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import Field

from sustain import permissions
from sustain.api.common import (
    CSV_RESPONSE,
    BboxText,
    Caller,
    Day,
    Id,
    Moment,
    api_auth,
    bbox_filter,
    caller_of,
    csv_response,
    require,
    require_perms,
    validation_errors,
)
from sustain.api.crud import Converted, LimitOffset, assign, crud_delete
from sustain.api.schemas import (
    BatchIn,
    BatchOut,
    BuildingTypeName,
    EstimateOut,
    InstallationIn,
    InstallationOut,
    InstallationPatch,
    MaintenanceOut,
    ReadingIn,
    ReadingOut,
    StatusName,
    SummaryOut,
)
from sustain.core.accounting import GRID_ELECTRICITY
from sustain.httpcache import cached_answer
from sustain.models import InstallationEstimate, MeterReading, SolarInstallation
from sustain.services import figures
from sustain.services import public_points as public
from sustain.services.factors import factors_all
from sustain.services.solar import estimates, readings, weathersets

router = Router(tags=["solar"])

PUBLIC_FIELDS = [
    "id", "building_type", "village_id", "capacity_kwp", "tilt_deg", "azimuth_deg", "mounting",
    "module_type", "losses_pct", "dc_ac_ratio", "commissioned_on", "decommissioned_on", "status",
    "enterprise_id", "last_verified_on", "updated_at",
]  # fmt: skip
# What staff see beside the exact place and the real name, and the public never does.
PRIVATE_FIELDS = ("owner_name", "owner_phone", "notes")
Ordering = Literal[
    "name", "-name", "capacity_kwp", "-capacity_kwp", "commissioned_on", "-commissioned_on",
    "updated_at", "-updated_at", "id", "-id",
]  # fmt: skip


def installation_out(
    installation: SolarInstallation, caller: Caller, *, private: bool | None = None
) -> dict[str, Any]:
    """The installation as this caller may see it (the PDPA rule lives in services.public);
    ``private`` overrides the caller's staff status (the OGC API asks for a permission)."""
    data = {field: getattr(installation, field) for field in PUBLIC_FIELDS}
    if caller.sees_private if private is None else private:
        data.update(
            name=installation.name,
            latitude=installation.latitude,
            longitude=installation.longitude,
            location_precision="exact",
            **{field: getattr(installation, field) for field in PRIVATE_FIELDS},
        )
    else:
        point = public.installation_point(installation)
        data.update(
            name=public.installation_name(installation),
            latitude=point.latitude,
            longitude=point.longitude,
            location_precision=point.precision,
        )
    return data


class InstallationFilters(Schema):
    village_id: Id | None = None
    building_type: BuildingTypeName | None = None
    status: StatusName | None = None
    bbox: BboxText | None = Field(None, description="min_lon,min_lat,max_lon,max_lat (WGS 84)")
    updated_since: Moment | None = None
    ordering: Ordering = "name"


def installations_filtered(caller: Caller, filters: InstallationFilters) -> Any:
    installations = SolarInstallation.objects.select_related("village")
    ordering: str = filters.ordering
    if ordering.lstrip("-") == "name" and not caller.sees_private:
        installations = installations.annotate(public_name=public.installation_name_sql())
        ordering = ordering.replace("name", "public_name")
    installations = installations.order_by(ordering, "id")
    conditions = {
        "village_id": filters.village_id, "building_type": filters.building_type,
        "status": filters.status, "updated_at__gte": filters.updated_since,
    }  # fmt: skip
    installations = installations.filter(**{k: v for k, v in conditions.items() if v is not None})
    bbox = filters.bbox
    if caller.sees_private or not bbox:
        return bbox_filter(installations, bbox)
    # The public box test uses the public (snapped) points: testing exact household locations
    # with ever smaller boxes would reveal them.
    inside = {i.pk for i in installations if _in_box(public.installation_point(i), bbox)}
    return installations.filter(pk__in=inside)


def _in_box(point: public.PublicPoint, bbox: str) -> bool:
    min_lon, min_lat, max_lon, max_lat = (float(part) for part in bbox.split(","))
    return min_lat <= point.latitude <= max_lat and min_lon <= point.longitude <= max_lon


@router.get("/solar/installations", response=list[InstallationOut], exclude_unset=True)
@paginate(LimitOffset)
def installation_list(
    request: HttpRequest,
    filters: Query[InstallationFilters],
) -> Converted[SolarInstallation]:
    caller = caller_of(request)
    rows = installations_filtered(caller, filters)
    return Converted(rows, lambda i: installation_out(i, caller))


@router.get("/solar/installations.csv", openapi_extra=CSV_RESPONSE)
def installation_csv(request: HttpRequest, filters: Query[InstallationFilters]) -> HttpResponse:
    caller = caller_of(request)
    rows = [installation_out(i, caller) for i in installations_filtered(caller, filters)]
    header = ["id", "name", "latitude", "longitude", "location_precision", *PUBLIC_FIELDS[1:]]
    if caller.sees_private:
        header += ["owner_name", "owner_phone", "notes"]
    return csv_response(
        "solar-installations.csv", header, ([row.get(h) for h in header] for row in rows)
    )


@router.get("/solar/installations/{installation_id}", response=InstallationOut,
            exclude_unset=True)  # fmt: skip
def installation_detail(request: HttpRequest, installation_id: Id) -> dict:
    caller = caller_of(request)
    installation = get_object_or_404(SolarInstallation, pk=installation_id)
    return installation_out(installation, caller)


@router.post("/solar/installations", response={201: InstallationOut}, auth=api_auth,
             exclude_unset=True)  # fmt: skip
def installation_create(request: HttpRequest, payload: InstallationIn) -> Status[dict]:
    caller = require(request, "add", SolarInstallation)
    installation = assign(SolarInstallation(), payload, partial=False)
    estimates.solar_installation_save(installation=installation, actor=caller.user)
    return Status(201, installation_out(installation, caller))


@router.patch("/solar/installations/{installation_id}", response=InstallationOut,
              auth=api_auth, exclude_unset=True)  # fmt: skip
def installation_update(
    request: HttpRequest, installation_id: Id, payload: InstallationPatch
) -> dict:
    caller = require(request, "change", SolarInstallation)
    installation = get_object_or_404(SolarInstallation, pk=installation_id)
    estimates.solar_installation_save(
        installation=assign(installation, payload, partial=True), actor=caller.user
    )
    return installation_out(installation, caller)


@router.delete("/solar/installations/{installation_id}", response={204: None}, auth=api_auth)
def installation_delete(request: HttpRequest, installation_id: Id) -> Status[None]:
    return crud_delete(request, SolarInstallation, installation_id)


@router.get("/solar/installations/{installation_id}/estimate", response=EstimateOut)
def installation_estimate(request: HttpRequest, installation_id: Id) -> dict:
    caller_of(request)
    installation = get_object_or_404(SolarInstallation, pk=installation_id)
    estimate = (
        InstallationEstimate.objects.select_related("weather")
        .filter(installation=installation)
        .first()
    )
    if estimate is None:
        raise HttpError(404, "No estimate yet: it is being computed.")
    credit = figures.typical_year_credit(
        today=timezone.localdate(), grid_factors=factors_all(key=GRID_ELECTRICITY)
    )
    avoided = credit.avoided_kgco2e(estimate.monthly_kwh)
    return {
        "installation_id": installation.pk,
        "annual_kwh": estimate.annual_kwh,
        "monthly_kwh": estimate.monthly_kwh,
        "specific_yield_kwh_per_kwp": estimate.specific_yield_kwh_per_kwp,
        "weather_dataset": estimate.weather.name,
        "weather_approximate": estimate.weather.approximate,
        "weather_description": estimate.weather.description,
        "weather_gaps": estimate.weather_gaps,
        "model_version": estimate.model_version,
        "computed_at": estimate.computed_at,
        "co2e_avoided_kg": round(avoided, 1) if avoided is not None else None,
        "co2e_factor": credit.note if avoided is not None else None,
    }


@router.get("/solar/summary", response=SummaryOut)
@cached_answer(topic="solar_summary", per_day=True, schema=SummaryOut)
def solar_summary(request: HttpRequest, on: Day | None = None) -> dict:
    """Installations operating on ``on`` (default today), their kWp and typical-year energy."""
    caller_of(request)
    day = on or timezone.localdate()

    def rows(group_by: str) -> list[dict]:
        return [
            {
                "key": row[group_by],
                "installations": row["installations"],
                "capacity_kwp": round(float(row["total_kwp"] or 0), 3),
                "annual_kwh": row["annual_kwh"],
                "specific_yield_kwh_per_kwp": row["specific_yield"],
            }
            for row in figures.solar_totals(group_by=group_by, on=day)
        ]

    fleet = weathersets.fleet_weather()
    weather, pending = fleet.applied, fleet.pending
    return {
        "operating_on": day,
        "by_building_type": rows("building_type"),
        "by_village": rows("village__moo"),
        "weather_dataset": weather.name if weather else None,
        "weather_approximate": weather.approximate if weather else None,
        "weather_pending": pending.name if pending else None,
    }


@router.get("/solar/maintenance", response=list[MaintenanceOut], auth=api_auth)
def solar_maintenance(request: HttpRequest) -> list[dict]:
    require_perms(request, "sustain.view_meterreading", permissions.VIEW_PRIVATE)
    return [
        {
            "installation_id": flag.installation.pk,
            "name": flag.installation.name,
            "period_start": flag.reading.period_start,
            "period_end": flag.reading.period_end,
            "metered_kwh": flag.reading.energy_kwh,
            "expected_kwh": flag.reading.expected_kwh,
            "performance_ratio": flag.reading.performance_ratio,
            "threshold": settings.PV_ALERT_RATIO,
            "weather_dataset": flag.reading.expected_weather.name
            if flag.reading.expected_weather
            else None,
        }
        for flag in readings.maintenance_flags()
    ]


# --- Meter readings (staff only: a household's production is personal data) -------------------


@router.get(
    "/solar/installations/{installation_id}/readings", response=list[ReadingOut], auth=api_auth
)
def reading_list(request: HttpRequest, installation_id: Id) -> Any:
    require_perms(request, "sustain.view_meterreading", permissions.VIEW_PRIVATE)
    installation = get_object_or_404(SolarInstallation, pk=installation_id)
    return MeterReading.objects.filter(installation=installation).order_by("period_start")


@router.post("/solar/installations/{installation_id}/readings", response={201: ReadingOut},
             auth=api_auth)  # fmt: skip
def reading_create(
    request: HttpRequest, installation_id: Id, payload: ReadingIn
) -> Status[MeterReading]:
    caller = require(request, "add", MeterReading)
    installation = get_object_or_404(SolarInstallation, pk=installation_id)
    reading = assign(MeterReading(installation=installation), payload, partial=False)
    return Status(201, readings.reading_save(reading=reading, actor=caller.user))


@router.post("/solar/readings/batch", response=BatchOut, auth=api_auth)
def reading_batch(request: HttpRequest, payload: BatchIn) -> dict:
    """Many installations and periods at once (inverter loggers); idempotent per period.

    Each item is stored, updated (same period, new values), unchanged (already stored as sent)
    or refused with the fields and rules it broke; one refused item does not stop the others.
    Identical batches sent at the same time store each reading once.
    """
    caller = require(request, "add", MeterReading)
    items = [
        readings.ReadingItem(
            installation_id=item.installation_id, period_start=item.period_start,
            period_end=item.period_end, energy_kwh=item.energy_kwh,
            meter_register_kwh=item.meter_register_kwh,
        )
        for item in payload.items
    ]  # fmt: skip
    outcomes = readings.reading_upsert(items=items, actor=caller.user)
    results = []
    for index, (item, outcome) in enumerate(zip(payload.items, outcomes, strict=True)):
        result = {
            "index": index, "installation_id": item.installation_id,
            "period_start": item.period_start, "period_end": item.period_end,
            "status": outcome.status, "id": outcome.reading_id,
        }  # fmt: skip
        if outcome.error is not None:
            result["errors"] = validation_errors(outcome.error)
        results.append(result)
    statuses = ("stored", "updated", "unchanged", "refused")
    counts = {s: sum(r["status"] == s for r in results) for s in statuses}
    return {**counts, "results": results}
