"""Importing a GIS layer: a dry run that says what each row would do, then an all-or-nothing
(or valid-rows-only) commit in one transaction. Re-importing the same file changes nothing."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import models, transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from sustain.core.csvsafe import csv_cell
from sustain.core.gisfiles import LAYER_COLUMN, GisFileError, Layer
from sustain.models import ImportMode, SolarInstallation, WastePoint
from sustain.services import locks
from sustain.services.gis import osm as gis_osm
from sustain.services.gis.geometry import SiteIndex, check_geometry_types, far_features
from sustain.services.gis.places import VillageAssignment, sites_assign_villages
from sustain.services.gis.rows import RowOutcome, RowPlanner
from sustain.services.gis.targets import TARGETS, Context, default_mapping
from sustain.services.records import Actor

Progress = Callable[[int, int], None]


class ImportRefused(ValueError):
    """The commit wrote nothing; ``plan`` says why (rows with errors, or points far away)."""

    def __init__(self, message: str, plan: ImportPlan) -> None:
        super().__init__(message)
        self.plan = plan


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
    geometries: list[Any] = field(default_factory=list, repr=False)
    coordinates: tuple[dict[str, str], ...] = field(default=(), repr=False)

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
        polygons_as_points=polygons_as_points, coordinates=layer.coordinates,
    )  # fmt: skip
    records = layer.frame[columns].to_dict("records")
    total = len(records)
    row = RowPlanner(target, ctx, index, chosen, osm_file, polygons_as_points)
    for number, (record, geometry) in enumerate(
        zip(records, layer.frame.geometry, strict=True), start=1
    ):
        outcome, obj, changed = row.plan(record, geometry, number)
        plan.rows.append(outcome)
        plan.instances.append(obj)
        plan.changed_fields.append(changed)
        plan.records.append(record)
        plan.geometries.append(geometry)
        if progress and (number % 250 == 0 or number == total):
            progress(number, total)
    plan.far, far_warnings = far_features(target, layer.frame.geometry)
    for number, warning in far_warnings.items():
        plan.rows[number - 1].warnings.append(warning)
    return plan


@dataclass
class ImportResult:
    plan: ImportPlan
    created: int
    updated: int
    unchanged: int
    refused: int
    refused_csv: bytes | None
    villages: VillageAssignment | None


def _where(plan: ImportPlan, index: int) -> dict[str, Any]:
    """A row's coordinates: the cells as typed (CSV, XLSX), else latitude and longitude in
    WGS 84 for a point, else the geometry as WKT; nothing when the row had none."""
    if plan.coordinates:
        return dict(plan.coordinates[index])
    geometry = plan.geometries[index] if index < len(plan.geometries) else None
    if geometry is None or geometry.is_empty:
        return {"latitude": "", "longitude": ""}
    if geometry.geom_type == "Point":
        return {"latitude": round(geometry.y, 7), "longitude": round(geometry.x, 7)}
    return {"wkt": geometry.wkt}


def refused_rows_csv(plan: ImportPlan) -> bytes | None:
    """The refused rows with every column of the original (coordinates included) and the
    reasons, so staff can mend them and import the file again (``row`` and ``errors`` are not
    read back: no target maps them)."""
    bad = [row for row in plan.rows if row.action == "error"]
    if not bad:
        return None
    columns = [c for c in plan.records[0] if c != LAYER_COLUMN] if plan.records else []
    where_columns = list(dict.fromkeys(k for row in bad for k in _where(plan, row.row - 1)))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["row", *columns, *where_columns, "errors"])
    for row in bad:
        record, where = plan.records[row.row - 1], _where(plan, row.row - 1)
        reasons = "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in row.errors.items()
        )
        writer.writerow(
            [
                row.row,
                *[csv_cell(record.get(c)) for c in columns],
                *[csv_cell(where.get(c, "")) for c in where_columns],
                csv_cell(reasons),
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode()


def commit_import(
    *, layer: Layer, target_key: str, mapping: dict[str, str] | None = None,
    mode: str = ImportMode.ALL_OR_NOTHING, accept_far: bool = False, actor: Actor = None,
    progress: Progress | None = None, polygons_as_points: bool = False,
) -> ImportResult:  # fmt: skip
    """Write the layer in one transaction. All-or-nothing refuses the file if any row has an
    error; valid-only writes the good rows and returns the refused ones as CSV.

    Commits into one target wait for each other, and each plans (matches its rows against the
    stored ones) only once it holds the lock: two commits of the same file write its rows once,
    and the second finds them unchanged.
    """
    target = TARGETS[target_key]
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        locks.named_lock(f"import:{target_key}")
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
        from sustain.services.solar.estimates import fleet_refresh_queue
        from sustain.services.solar.weathersets import weather_applied

        # On the weather the fleet uses now; a run for a newer weather includes them anyway.
        fleet_refresh_queue(weather_dataset=weather_applied(), reason="GIS import")
