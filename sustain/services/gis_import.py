"""Importing a GIS layer: a dry run that says what each row would do, then an all-or-nothing
(or valid-rows-only) commit in one transaction. Re-importing the same file changes nothing."""

from __future__ import annotations

import copy
import csv
import io
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from sustain.csvsafe import csv_cell
from sustain.gisfiles import LAYER_COLUMN, GisFileError, Layer
from sustain.models import ImportMode, SolarInstallation, WastePoint
from sustain.services import gis_osm
from sustain.services.common import Actor
from sustain.services.gis_geometry import (
    SiteIndex,
    check_geometry_types,
    far_features,
    geometry_values,
    same_geometry,
)
from sustain.services.gis_targets import (
    PROBABLE_DUPLICATE_M,
    SAME_SITE_M,
    TARGETS,
    CellError,
    Context,
    Target,
    blank,
    default_mapping,
    near,
)
from sustain.services.places import VillageAssignment, sites_assign_villages

Progress = Callable[[int, int], None]
FOREIGN_KEYS = ("village", "point", "material", "enterprise")  # set from lookups, not per-row SQL


class ImportRefused(ValueError):
    """The commit wrote nothing; ``plan`` says why (rows with errors, or points far away)."""

    def __init__(self, message: str, plan: ImportPlan) -> None:
        super().__init__(message)
        self.plan = plan


@dataclass
class RowOutcome:
    row: int  # 1 = the first feature of the layer
    action: str  # create, update, unchanged or error
    label: str
    existing_id: int | None = None
    changed: list[str] = field(default_factory=list)  # the fields an update changes
    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    target: str
    source_crs: str
    source_format: str
    mapping: dict[str, str]
    unmapped_columns: list[str]
    rows: list[RowOutcome]
    far: dict[str, Any] | None
    layers: list[dict[str, Any]] = field(default_factory=list)  # every layer, chosen or not
    polygons_as_points: bool = False
    instances: list[models.Model | None] = field(default_factory=list, repr=False)
    changed_fields: list[set[str]] = field(default_factory=list, repr=False)
    records: list[dict[str, Any]] = field(default_factory=list, repr=False)

    def counts(self) -> dict[str, int]:
        counts = {"create": 0, "update": 0, "unchanged": 0, "error": 0}
        for row in self.rows:
            counts[row.action] += 1
        return counts

    def as_dict(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "source_crs": self.source_crs,
            "source_format": self.source_format,
            "mapping": self.mapping,
            "unmapped_columns": self.unmapped_columns,
            "layers": self.layers,
            "polygons_as_points": self.polygons_as_points,
            "counts": self.counts(),
            "far": self.far,
            "rows": [asdict(row) for row in self.rows],
        }


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


def plan_import(
    *,
    layer: Layer,
    target_key: str,
    mapping: dict[str, str] | None = None,
    progress: Progress | None = None,
    polygons_as_points: bool = False,
) -> ImportPlan:
    """What each row would do; nothing is written."""
    target = TARGETS[target_key]
    check_geometry_types(target, layer, polygons_as_points=polygons_as_points)
    columns = [str(c) for c in layer.frame.columns if c != layer.frame.geometry.name]
    chosen = {**default_mapping(target, columns), **(mapping or {})}
    unknown = sorted(set(chosen.values()) - set(columns))
    if unknown:
        raise GisFileError(f"mapping: the file has no column {', '.join(unknown)}")
    osm_file = target.key == "waste_points" and gis_osm.is_osm_table(columns)
    used = set(chosen.values()) | {LAYER_COLUMN}
    if osm_file:
        used |= gis_osm.used_columns(columns)
    ctx = Context.load()
    index = None
    if target.geometry == "point" and target.key != "enterprises":
        index = SiteIndex(list(target.model._default_manager.all()))
    plan = ImportPlan(
        target=target.key, source_crs=layer.source_crs, source_format=layer.source_format,
        mapping=chosen, unmapped_columns=[c for c in columns if c not in used],
        rows=[], far=None, layers=[asdict(info) for info in layer.layers],
        polygons_as_points=polygons_as_points,
    )  # fmt: skip
    records = layer.frame[columns].to_dict("records")
    total = len(records)
    row = _RowPlanner(target, ctx, index, chosen, osm_file, polygons_as_points)
    for number, (record, geometry) in enumerate(
        zip(records, layer.frame.geometry, strict=True), start=1
    ):
        outcome, obj, changed = row.plan(record, geometry, number)
        plan.rows.append(outcome)
        plan.instances.append(obj)
        plan.changed_fields.append(changed)
        plan.records.append(record)
        if progress and (number % 250 == 0 or number == total):
            progress(number, total)
    plan.far, far_warnings = far_features(target, layer.frame.geometry)
    for number, warning in far_warnings.items():
        plan.rows[number - 1].warnings.append(warning)
    return plan


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


class _RowPlanner:
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


@dataclass
class ImportResult:
    plan: ImportPlan
    created: int
    updated: int
    unchanged: int
    refused: int
    refused_csv: bytes | None
    villages: VillageAssignment | None


def refused_rows_csv(plan: ImportPlan) -> bytes | None:
    """The refused rows with their original columns and the reasons, for staff to mend."""
    bad = [(row, plan.records[row.row - 1]) for row in plan.rows if row.action == "error"]
    if not bad:
        return None
    columns = list(plan.records[0].keys()) if plan.records else []
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["row", *columns, "errors"])
    for row, record in bad:
        reasons = "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in row.errors.items()
        )
        writer.writerow([row.row, *[csv_cell(record.get(c)) for c in columns], csv_cell(reasons)])
    return ("\ufeff" + buffer.getvalue()).encode()


def commit_import(
    *, layer: Layer, target_key: str, mapping: dict[str, str] | None = None,
    mode: str = ImportMode.ALL_OR_NOTHING, accept_far: bool = False, actor: Actor = None,
    progress: Progress | None = None, polygons_as_points: bool = False,
) -> ImportResult:  # fmt: skip
    """Write the layer in one transaction. All-or-nothing refuses the file if any row has an
    error; valid-only writes the good rows and returns the refused ones as CSV."""
    target = TARGETS[target_key]
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        plan = plan_import(
            layer=layer, target_key=target_key, mapping=mapping, progress=progress,
            polygons_as_points=polygons_as_points,
        )  # fmt: skip
        if plan.far and not accept_far:
            raise ImportRefused(
                f"{plan.far['count']} rows lie more than {plan.far['limit_km']:.0f} km from the "
                "municipality or outside its service area: probably a wrong coordinate system, "
                "swapped axes or another place's file", plan,
            )  # fmt: skip
        errors = plan.counts()["error"]
        if errors and mode == ImportMode.ALL_OR_NOTHING:
            raise ImportRefused(f"{errors} rows have errors; nothing was imported", plan)
        creates = [
            obj
            for row, obj in zip(plan.rows, plan.instances, strict=True)
            if row.action == "create"
        ]
        updates = [
            obj
            for row, obj in zip(plan.rows, plan.instances, strict=True)
            if row.action == "update"
        ]
        fields = sorted(set().union(*plan.changed_fields)) if updates else []
        if creates:
            bulk_create_with_history(creates, target.model, batch_size=500, default_user=user,
                                     default_change_reason="GIS import")  # fmt: skip
        if updates:
            bulk_update_with_history(
                updates, target.model, fields=fields, batch_size=500,
                default_user=user, default_change_reason="GIS import",
            )  # fmt: skip
        villages = sites_assign_villages() if target_key == "villages" else None
        if target.model in (SolarInstallation, WastePoint) and (creates or updates):
            _after_sites_changed(target.model)
    counts = plan.counts()
    return ImportResult(
        plan=plan, created=counts["create"], updated=counts["update"],
        unchanged=counts["unchanged"], refused=counts["error"],
        refused_csv=refused_rows_csv(plan), villages=villages,
    )  # fmt: skip


def _after_sites_changed(model: type[models.Model]) -> None:
    """New or moved installations get estimates: one fleet run after commit, not one per row."""
    if model is SolarInstallation:
        from sustain.services.estimates import fleet_refresh_queue
        from sustain.services.weathersets import weather_active

        fleet_refresh_queue(weather_dataset=weather_active(), reason="GIS import")
