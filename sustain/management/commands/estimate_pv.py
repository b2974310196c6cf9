"""Estimate systems that are not in the database (what-if studies), with the fleet's code path."""

import csv
import sys
from pathlib import Path
from typing import Any

import pandas as pd
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sustain.core import geo, pv, weather

MAX_DISTANCE_KM = 50.0
REQUIRED = ["id", "latitude", "longitude", "capacity_kwp", "tilt_deg", "azimuth_deg"]
DEFAULTS: dict[str, object] = {
    "mounting": pv.DEFAULT_MOUNTING,
    "module_type": pv.DEFAULT_MODULE_TYPE,
    "losses_pct": pv.DEFAULT_LOSSES_PCT,
    "dc_ac_ratio": pv.DEFAULT_DC_AC_RATIO,
}
RANGES = {"latitude": pv.Bounds(-90, 90), "longitude": pv.Bounds(-180, 180), **pv.LIMITS}


def read_systems(path: Path) -> pd.DataFrame:
    """Read and check SYSTEMS.csv; CommandError names the line and column of the first problem."""
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise CommandError(f"{path}: cannot read the CSV: {exc}") from None
    table.columns = [c.strip() for c in table.columns]
    missing = [c for c in REQUIRED if c not in table.columns]
    if missing:
        raise CommandError(f"{path}: missing column(s) {', '.join(missing)}")
    for column, default in DEFAULTS.items():
        if column not in table.columns:
            table[column] = ""
        table[column] = table[column].where(table[column].str.strip() != "", str(default))
    for column, bounds in RANGES.items():
        values = pd.to_numeric(table[column], errors="coerce")
        bad = values.isna() | ~values.map(bounds.admits, na_action="ignore").astype(bool)
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            low = "from" if bounds.low_inclusive else "above"
            raise CommandError(
                f"{path}, line {i + 2}, column {column}: {table[column].iloc[i]!r} is not a number "
                f"{low} {bounds.low:g} to {bounds.high:g}"
            )
        table[column] = values
    for column, allowed in (("mounting", pv.NOCT_INSTALLED_C), ("module_type", pv.GAMMA_PDC_PER_C)):
        bad = ~table[column].isin(list(allowed))
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            raise CommandError(
                f"{path}, line {i + 2}, column {column}: {table[column].iloc[i]!r} is not one of "
                f"{', '.join(allowed)}"
            )
    if table["id"].duplicated().any():
        i = int(table["id"].duplicated().to_numpy().nonzero()[0][0])
        raise CommandError(f"{path}, line {i + 2}, column id: {table['id'].iloc[i]!r} repeats")
    return table


class Command(BaseCommand):
    help = (
        "Estimate typical-year energy for the systems in a CSV with a weather file "
        "(EPW, TMY3, TMY2, PVGIS TMY JSON/CSV, NASA POWER hourly CSV)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--weather", required=True, type=Path, help="weather file")
        parser.add_argument(
            "--format", default="auto", choices=["auto", *weather.FORMATS], help="weather format"
        )
        parser.add_argument("--systems", required=True, type=Path, help="SYSTEMS.csv")
        parser.add_argument("--out", type=Path, help="RESULT.csv (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            year = weather.read_weather_file(options["weather"], source_format=options["format"])
        except (weather.WeatherFileError, OSError) as exc:
            raise CommandError(f"{options['weather']}: {exc}") from None
        w = year.weather
        systems = read_systems(options["systems"])
        for line, (system_id, lat, lon) in enumerate(
            zip(systems["id"], systems["latitude"], systems["longitude"], strict=True), start=2
        ):
            km = geo.distance_m(lat, lon, w.latitude, w.longitude) / 1000
            if km > MAX_DISTANCE_KM:
                raise CommandError(
                    f"{options['systems']}, line {line}: system {system_id!r} is {km:.0f} km from "
                    f"the weather file's location ({w.latitude}, {w.longitude}); the limit is "
                    f"{MAX_DISTANCE_KM:.0f} km"
                )
        result = pv.estimate_fleet(w, systems)
        out = options["out"].open("w", newline="") if options["out"] else sys.stdout
        try:
            writer = csv.writer(out)
            writer.writerow(
                ["id", "annual_kwh", "specific_yield_kwh_per_kwp"]
                + [f"kwh_{m:02d}" for m in range(1, 13)]
            )
            for system_id, annual, specific, monthly in zip(
                systems["id"], result.annual_kwh, result.specific_yield_kwh_per_kwp,
                result.monthly_kwh, strict=True,
            ):  # fmt: skip
                writer.writerow(
                    [system_id, f"{annual:.1f}", f"{specific:.1f}"] + [f"{v:.1f}" for v in monthly]
                )
        finally:
            if options["out"]:
                out.close()
        if options["out"]:
            self.stderr.write(
                f"{len(systems)} systems, {len(result.profiles.configs)} configurations, weather "
                f"{w.name}; {result.profiles.gaps.note}"
            )
