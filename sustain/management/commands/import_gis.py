"""Import a GIS file from the command line: a dry run by default, --commit to write."""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sustain.core.gisfiles import GisFileError
from sustain.models import ImportMode, ImportTarget
from sustain.services.gis.importing import ImportRefused, commit_import, plan_import
from sustain.services.gis.jobs import read_target_layer

BAR_WIDTH = 30


class ProgressBar:
    """``[#####.....]  50 %  5,000/10,000 rows`` redrawn in place on a terminal."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def __call__(self, done: int, total: int) -> None:
        filled = BAR_WIDTH * done // max(total, 1)
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        self.stream.write(f"\r[{bar}] {done * 100 // max(total, 1):3d} %  {done:,}/{total:,} rows")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "Import a GeoPackage, GeoJSON, zipped Shapefile, KML, CSV or XLSX file into solar "
        "installations, waste points, villages, collections or community enterprises."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--target", required=True, choices=ImportTarget.values)
        parser.add_argument("--crs", default="", help="EPSG code when the file has none")
        parser.add_argument(
            "--map", action="append", default=[], metavar="FIELD=COLUMN",
            help="use COLUMN for FIELD (repeatable); headers in Thai or English are recognised",
        )  # fmt: skip
        parser.add_argument(
            "--layer", action="append", default=[], metavar="NAME",
            help="read only this layer (KML folder, GeoPackage table); repeatable; default all",
        )  # fmt: skip
        parser.add_argument(
            "--polygons-as-points", action="store_true",
            help="import polygons at their representative point (for point targets)",
        )  # fmt: skip
        parser.add_argument("--commit", action="store_true", help="write (default: dry run)")
        parser.add_argument("--valid-only", action="store_true", help="write the valid rows only")
        parser.add_argument("--accept-far", action="store_true", help="import far-away points")
        parser.add_argument("--refused-out", type=Path, help="write refused rows (CSV) here")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            mapping = dict(item.split("=", 1) for item in options["map"])
        except ValueError:
            raise CommandError("--map takes FIELD=COLUMN") from None
        progress = ProgressBar(sys.stderr)
        mode = ImportMode.VALID_ONLY if options["valid_only"] else ImportMode.ALL_OR_NOTHING
        try:
            layer = read_target_layer(
                path, filename=path.name, target=options["target"], crs=options["crs"],
                layers=options["layer"],
            )  # fmt: skip
            as_points = options["polygons_as_points"]
            if options["commit"]:
                result = commit_import(
                    layer=layer, target_key=options["target"], mapping=mapping, mode=mode,
                    accept_far=options["accept_far"], progress=progress,
                    polygons_as_points=as_points,
                )  # fmt: skip
                plan = result.plan
            else:
                plan = plan_import(
                    layer=layer, target_key=options["target"], mapping=mapping,
                    progress=progress, polygons_as_points=as_points,
                )  # fmt: skip
        except GisFileError as error:
            raise CommandError(str(error)) from None
        except ImportRefused as refusal:
            self._report(refusal.plan)
            raise CommandError(str(refusal)) from None
        self._report(plan)
        if options["commit"]:
            self.stdout.write(self.style.SUCCESS(
                f"Imported: {result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged, {result.refused} refused."
            ))  # fmt: skip
            if result.villages:
                self.stdout.write(
                    f"Villages: {result.villages.assigned} sites assigned; outside every "
                    f"village: {', '.join(result.villages.outside_sites) or 'none'}"
                )
            if result.refused_csv and options["refused_out"]:
                options["refused_out"].write_bytes(result.refused_csv)
        else:
            self.stdout.write("Dry run: nothing was written. Add --commit to import.")

    def _report(self, plan: Any) -> None:
        self.stdout.write(
            f"{plan.source_format.upper()} in {plan.source_crs}; columns: "
            + ", ".join(f"{field}←{column}" for field, column in plan.mapping.items())
        )
        if len(plan.layers) > 1 or any(not layer["chosen"] for layer in plan.layers):
            self.stdout.write("Layers (--layer NAME to choose):")
            for layer in plan.layers:
                mark = "x" if layer["chosen"] else " "
                kinds = ", ".join(layer["geometry_types"]) or (
                    "no geometry" if layer["chosen"] else "not read"
                )
                self.stdout.write(f"  [{mark}] {layer['name']}: {layer['features']} ({kinds})")
        if plan.unmapped_columns:
            self.stdout.write(f"Not imported: {', '.join(plan.unmapped_columns)}")
        if plan.far:
            swapped = " (latitude and longitude look swapped)" if plan.far["axes_swapped"] else ""
            self.stdout.write(self.style.WARNING(
                f"{plan.far['count']} rows lie over {plan.far['limit_km']:.0f} km away or "
                f"outside the service area: check the coordinate system{swapped}"
            ))  # fmt: skip
        for row in plan.rows:
            if row.errors or row.warnings:
                problems = [f"{k}: {' '.join(v)}" for k, v in row.errors.items()] + row.warnings
                self.stdout.write(f"row {row.row} {row.action} {row.label}: {'; '.join(problems)}")
        counts = plan.counts()
        self.stdout.write(", ".join(f"{count} {action}" for action, count in counts.items()))
