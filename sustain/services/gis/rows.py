"""Planning one imported row: its values, the record it updates, what changes, and why a row
is refused. Used by ``gis_import`` for every row of a file."""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from sustain.services.gis import osm as gis_osm
from sustain.services.gis.geometry import SiteIndex, geometry_values, same_geometry
from sustain.services.gis.targets import (
    PROBABLE_DUPLICATE_M,
    SAME_SITE_M,
    CellError,
    Context,
    Target,
    blank,
    near,
)

FOREIGN_KEYS = ("village", "point", "material", "enterprise")  # set from lookups, not per-row SQL


@dataclass
class RowOutcome:
    row: int  # 1 = the first feature of the layer
    action: str  # create, update, unchanged or error
    label: str
    existing_id: int | None = None
    changed: list[str] = field(default_factory=list)  # the fields an update changes
    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _existing(target: Target, obj: Any, ctx: Context, index: SiteIndex | None) -> Any:
    model: Any = target.model
    if target.key == "villages":
        return ctx.villages.get(obj.moo)
    if target.key == "enterprises":
        return model.objects.filter(registration_code=obj.registration_code).first()
    if target.key == "collections":
        return model.objects.filter(
            point=obj.point, collected_on=obj.collected_on, material=obj.material,
            mass_kg=obj.mass_kg, destination=obj.destination,
        ).first()  # fmt: skip
    if target.key == "waste_points" and obj.osm_id and obj.osm_id in ctx.points_by_osm_id:
        return ctx.points_by_osm_id[obj.osm_id]
    if target.key == "waste_points" and obj.ref and obj.ref in ctx.points_by_ref:
        return ctx.points_by_ref[obj.ref]
    if index is None or obj.latitude is None:
        return None
    here = (obj.latitude, obj.longitude)
    return next(
        (
            s
            for s in index.around(*here)
            if s.name == obj.name and near(here, (s.latitude, s.longitude), SAME_SITE_M)
        ),
        None,
    )


def _validate(obj: models.Model, *, exclude: list[str]) -> None:
    """``full_clean`` without the per-row SQL of check constraints.

    Django validates each CheckConstraint with a query per row (most of a 10,000-row dry run).
    Every check constraint of these models repeats a field validator that full_clean runs
    anyway, and the database still enforces them when the commit writes, inside its transaction.
    Unique constraints, which no field validator covers, are still validated.
    """
    obj.full_clean(exclude=exclude, validate_constraints=False)
    for constraint in obj._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint):
            constraint.validate(type(obj), obj, exclude=set(exclude))


def _comparable(obj: models.Model, name: str, value: Any) -> tuple[Any, Any]:
    """(current, new) for a field; a foreign key by id, without fetching the related row."""
    if isinstance(value, models.Model):
        return getattr(obj, f"{name}_id"), value.pk
    return getattr(obj, name), value


def _same(old: Any, new: Any) -> bool:
    """Equal, with floats equal within 1e-7 (about 1 cm in degrees: file round trips), lists of
    names as sets (the order of materials is not a change), geometries in their stored form."""
    if isinstance(old, float) and isinstance(new, float):
        return math.isclose(old, new, rel_tol=0, abs_tol=1e-7)
    if (
        isinstance(old, list)
        and isinstance(new, list)
        and all(isinstance(v, str) for v in [*old, *new])
    ):
        return sorted(set(old)) == sorted(set(new))
    if isinstance(old, dict) and isinstance(new, dict) and "coordinates" in new:
        return same_geometry(old, new)
    return bool(old == new)


class RowPlanner:
    """Plans one row after another with what the whole file shares."""

    def __init__(
        self, target: Target, ctx: Context, index: SiteIndex | None, chosen: dict[str, str],
        osm_file: bool, polygons_as_points: bool,
    ) -> None:  # fmt: skip
        self.target, self.ctx, self.index, self.chosen = target, ctx, index, chosen
        self.osm_file, self.polygons_as_points = osm_file, polygons_as_points

    def _values(
        self, record: dict[str, Any], geometry: Any
    ) -> tuple[dict[str, Any], dict[str, list[str]], list[str], gis_osm.OsmReading | None]:
        target, values, errors, warnings = self.target, {}, {}, []
        for name, column in self.chosen.items():
            raw = record.get(column)
            if blank(raw):
                continue
            try:
                values[name] = target.converters[name](self.ctx, raw)
            except CellError as error:
                errors[name] = [f"{column}: {error}"]
        osm = gis_osm.osm_read(record) if self.osm_file else None
        if osm is not None:
            if "kind" not in self.chosen and "kind" not in errors:
                if osm.error:
                    errors["kind"] = [osm.error]
                elif osm.kind:
                    values["kind"] = osm.kind
            if "accepted_materials" not in self.chosen:
                values["accepted_materials"] = osm.materials
            if osm.osm_id:
                values["osm_id"] = osm.osm_id
            warnings.extend(osm.warnings)
            if "name" not in values and "name" not in errors and values.get("kind"):
                values["name"] = gis_osm.unnamed(values["kind"], osm.osm_id or values.get("ref"))
                warnings.append(f"no name in OpenStreetMap: named “{values['name']}”")
        try:
            geometry_fields, note = geometry_values(
                target, geometry, polygons_as_points=self.polygons_as_points
            )
            values.update(geometry_fields)
            warnings.extend([note] if note else [])
        except CellError as error:
            errors["geometry"] = [str(error)]
        return values, errors, warnings, osm

    def plan(
        self, record: dict[str, Any], geometry: Any, number: int
    ) -> tuple[RowOutcome, Any, set[str]]:
        target = self.target
        values, errors, warnings, osm = self._values(record, geometry)
        label = str(
            values.get("name")
            or values.get("name_th")
            or values.get("registration_code")
            or f"#{number}"
        )
        obj: Any = target.model(**{k: v for k, v in values.items() if k not in errors})
        existing = None if errors else _existing(target, obj, self.ctx, self.index)
        if (
            existing is not None
            and osm is not None
            and "kind" not in self.chosen
            and existing.kind in osm.compatible_kinds
        ):
            values["kind"] = existing.kind  # the tags allow the kind staff gave it: keep it
        changed: set[str] = set()
        if existing is not None:
            obj = copy.copy(existing)
            for name, value in values.items():
                if not _same(*_comparable(obj, name, value)):
                    setattr(obj, name, value)
                    changed.add(name)
        try:
            _validate(obj, exclude=[*FOREIGN_KEYS, *errors])
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(name, []).extend(messages)
        if errors:
            return RowOutcome(number, "error", label, errors=errors, warnings=warnings), None, set()
        outcome = RowOutcome(number, "create", label, warnings=warnings)
        if existing is not None:
            outcome.existing_id = existing.pk
            outcome.action = "update" if changed else "unchanged"
            outcome.changed = sorted(changed)
        elif self.index is not None:
            here = (obj.latitude, obj.longitude)
            twin = next(
                (
                    s
                    for s in self.index.around(*here)
                    if near(here, (s.latitude, s.longitude), PROBABLE_DUPLICATE_M)
                ),
                None,
            )
            if twin is not None:
                outcome.warnings.append(
                    f"probable duplicate of #{twin.pk} {twin.name} "
                    f"(within {PROBABLE_DUPLICATE_M:.0f} m)"
                )
            self.index.add(obj)
        return outcome, obj, changed
