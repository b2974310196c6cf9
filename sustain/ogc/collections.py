"""The collections the OGC API serves: the public layers as the map shows them.

Each collection gives its features as GeoJSON, built by the same functions as the map's
GeoJSON (``/api/map/*.geojson``): public callers get households snapped and renamed, no owner;
callers holding ``sustain.view_private`` get the private form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sustain.api.maps import (
    credit_today,
    installation_features,
    installations_for_map,
    local_now,
    waste_point_feature,
    waste_points_for_map,
)
from sustain.models import Village

Feature = dict[str, Any]


def _installations(private: bool) -> list[Feature]:
    return installation_features(installations_for_map(), private=private, credit=credit_today())


def _waste_points(private: bool) -> list[Feature]:
    now = local_now()
    return [waste_point_feature(p, now) for p in waste_points_for_map()]


def _villages(private: bool) -> list[Feature]:
    return [
        {
            "type": "Feature",
            "id": village.pk,
            "geometry": village.boundary_geojson,
            "properties": {
                "moo": village.moo,
                "name_th": village.name_th,
                "name_en": village.name_en,
                "geocode": village.geocode,
                "population": village.population,
                "unverified": village.unverified,
            },
        }
        for village in Village.objects.order_by("moo")
    ]


@dataclass(frozen=True)
class Collection:
    id: str
    title: Promise
    description: Promise
    features: Callable[[bool], list[Feature]]
    geometry: str  # the GeoJSON type of its features
    temporal_property: str | None = None  # a date property that ``datetime`` filters on

    def temporal_value(self, feature: Feature) -> dt.date | None:
        if self.temporal_property is None:
            return None
        value = feature["properties"].get(self.temporal_property)
        return dt.date.fromisoformat(value[:10]) if isinstance(value, str) and value else None


COLLECTIONS = {
    c.id: c
    for c in (
        Collection(
            "waste-points",
            _("Waste-sorting points"),
            _(
                "Where residents take sorted waste, with OpenStreetMap tags (amenity=recycling, "
                "recycling:*, opening_hours)."
            ),
            _waste_points,
            "Point",
        ),
        Collection(
            "installations",
            _("Solar installations"),
            _(
                "Rooftop and ground solar systems with their estimated yield; households at the "
                "centre of a grid cell, named by type and village."
            ),
            _installations,
            "Point",
            temporal_property="commissioned_on",
        ),
        Collection(
            "villages",
            _("Villages"),
            _("The villages (หมู่บ้าน) of the municipality with their boundaries when known."),
            _villages,
            "Polygon",
        ),
    )
}
