"""The municipality's settings, its villages, and which village each site lies in."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from sustain.core import geo
from sustain.models import Municipality, SolarInstallation, Village, WastePoint
from sustain.services.records import Actor, record_save
from sustain.tasks import sites_assign_villages_task

# Sites further than this outside the service area need an explicit confirmation.
OUTSIDE_SERVICE_AREA_CONFIRM_M = 1_000.0


def municipality_get() -> Municipality | None:
    return Municipality.objects.filter(pk=Municipality.SINGLETON_ID).first()


def location_warning(*, latitude: float, longitude: float) -> str:
    """A warning when a point lies well outside the municipality's service area; "" otherwise."""
    municipality = municipality_get()
    if municipality is None:
        return ""
    boundary = municipality.service_area_geojson
    area = geo.area_from_geojson(boundary) if boundary else None
    outside_m = geo.distance_outside_area_m(
        latitude=latitude,
        longitude=longitude,
        area=area,
        centre_latitude=municipality.reference_latitude,
        centre_longitude=municipality.reference_longitude,
        radius_m=municipality.service_radius_km * 1000,
    )
    if outside_m <= OUTSIDE_SERVICE_AREA_CONFIRM_M:
        return ""
    return _(
        "This point is %(km).1f km outside the service area of %(name)s. "
        "Check the coordinates (latitude first, then longitude) or confirm the location."
    ) % {"km": outside_m / 1000, "name": municipality.name_th}


def village_save(*, village: Village, actor: Actor = None) -> Village:
    """Save a village; when its boundary changed, re-assign sites to villages after commit."""
    previous = (
        Village.objects.filter(pk=village.pk).values_list("boundary_geojson", flat=True).first()
        if village.pk
        else None
    )
    record_save(obj=village, actor=actor)
    if village.boundary_geojson != previous:
        transaction.on_commit(lambda: sites_assign_villages_task.delay())
    return village


@dataclass(frozen=True)
class VillageAssignment:
    assigned: int
    outside_every_village: int
    outside_sites: tuple[str, ...] = ()  # "installation #12 name", for staff to review


def sites_assign_villages() -> VillageAssignment:
    """Set the village of every site that lies inside a village boundary.

    Sites outside every known boundary keep the village staff gave them and are counted, so staff
    can review them. Runs in one transaction: either all sites are updated or none.
    """
    areas = [
        (village.pk, geo.area_from_geojson(village.boundary_geojson))
        for village in Village.objects.exclude(boundary_geojson__isnull=True)
    ]
    assigned = outside = 0
    outside_sites: list[str] = []
    if not areas:
        return VillageAssignment(assigned=0, outside_every_village=0)
    with transaction.atomic():
        for model in (SolarInstallation, WastePoint):
            rows = model.objects.select_for_update().only(
                "id", "name", "latitude", "longitude", "village"
            )
            for site in rows:
                village_id = next(
                    (
                        pk
                        for pk, area in areas
                        if geo.contains_point(
                            area, latitude=site.latitude, longitude=site.longitude
                        )
                    ),
                    None,
                )
                if village_id is None:
                    outside += 1
                    outside_sites.append(f"{model._meta.model_name} #{site.pk} {site.name}")
                elif village_id != site.village_id:
                    site.village_id = village_id
                    site._change_reason = "village assigned from boundary"  # type: ignore[union-attr]
                    site.save(update_fields=["village", "updated_at"])
                    assigned += 1
    return VillageAssignment(
        assigned=assigned, outside_every_village=outside, outside_sites=tuple(outside_sites)
    )


def site_move(
    *, site: WastePoint | SolarInstallation, latitude: float, longitude: float, actor: Actor = None
) -> WastePoint | SolarInstallation:
    """Put a site at a new point (the staff map's "move"); its history names the mover.

    The location is not an estimate input (the weather is the municipality's), so an
    installation's estimate stands. Raises ``ValidationError`` for coordinates out of range.
    """
    site.latitude, site.longitude = latitude, longitude
    return record_save(obj=site, actor=actor, reason="moved on the staff map")
