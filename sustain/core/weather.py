"""Weather years for the PV model: file readers, a year from 12 monthly values, a default year.

Readers use ``pvlib.iotools`` (EPW, TMY3, TMY2, PVGIS TMY JSON and CSV) and a small reader of our
own for NASA POWER hourly CSV (pvlib only fetches POWER over the network). Every reader returns a
``pv.Weather`` whose times are the starts of the hours, or raises ``WeatherFileError`` saying what
is wrong and where (line, column or field). No Django imports.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pvlib

from sustain.core.pv import Weather

FORMATS = ("epw", "tmy3", "tmy2", "pvgis_json", "pvgis_csv", "nasa_power_csv")
COERCE_YEAR = 1990  # typical years mix calendar years; put every month in one non-leap year

# Plausible bounds for hourly values; anything outside is a broken file, not weather.
BOUNDS = {
    "ghi": (0.0, 1500.0, "W/m²"),
    "dni": (0.0, 1400.0, "W/m²"),
    "dhi": (0.0, 1000.0, "W/m²"),
    "temp_air": (-30.0, 60.0, "°C"),
    "wind_speed": (0.0, 75.0, "m/s"),
}

# Default year: Ineichen clear sky at the site scaled to this all-sky mean. Thailand's national
# solar map (DEDE / Silpakorn University, Janjai et al. 2013) puts half the country at
# 5.0–5.28 kWh/m²/day; we take the middle of that range.
DEFAULT_ALL_SKY_GHI_KWH_M2_DAY = 5.14
DEFAULT_TEMP_AIR_C = 25.0  # assumed annual mean air temperature (approximate, not measured)
DIURNAL_SWING_C = 4.0  # monthly-values years: ±4 °C around the mean, warmest at 15:00
ASSUMED_WIND_SPEED_M_S = 1.0


class WeatherFileError(ValueError):
    """A weather file that cannot be used, with what is wrong and where."""


@dataclass(frozen=True)
class WeatherYear:
    weather: Weather
    source_format: str
    description: str
    approximate: bool = False

    @property
    def annual_ghi_kwh_m2(self) -> float:
        hours_per_year = 8760 / len(self.weather.times)
        return float(np.nansum(self.weather.ghi) / 1000 * hours_per_year)


def detect_format(name: str, head: bytes) -> str:
    """Guess the format from the file name and its first bytes."""
    suffix = Path(name).suffix.lower()
    text = head.lstrip(b"\xef\xbb\xbf").decode("utf-8", errors="replace")
    if suffix == ".epw" or text.startswith("LOCATION,"):
        return "epw"
    if suffix == ".tm2":
        return "tmy2"
    if suffix == ".json" or text.lstrip().startswith("{"):
        return "pvgis_json"
    if text.startswith("-BEGIN HEADER-"):
        return "nasa_power_csv"
    if text.startswith("Latitude (decimal degrees)"):
        return "pvgis_csv"
    if re.match(r'^\d{6},"?[^,]*"?,[A-Z]{2},-?\d', text):
        return "tmy3"
    raise WeatherFileError(
        "Unrecognised weather file: expected EPW, TMY3, TMY2, PVGIS TMY (JSON or CSV) or "
        "NASA POWER hourly CSV."
    )


def read_weather_file(
    path: Path, *, source_format: str = "auto", tz: str | None = None
) -> WeatherYear:
    """Read any supported file into a weather year.

    ``tz`` is the zone months and days are counted in; None keeps the file's own standard time
    (for files in UTC, the offset nearest to longitude / 15 hours).
    """
    path = Path(path)
    if source_format == "auto":
        with path.open("rb") as handle:
            source_format = detect_format(path.name, handle.read(512))
    readers: dict[str, Callable[[Path, str | None], WeatherYear]] = {
        "epw": _read_epw,
        "tmy3": _read_tmy3,
        "tmy2": _read_tmy2,
        "pvgis_json": _read_pvgis_json,
        "pvgis_csv": _read_pvgis_csv,
        "nasa_power_csv": _read_nasa_power_csv,
    }
    if source_format not in readers:
        raise WeatherFileError(f"Unknown weather format {source_format!r}; use one of {FORMATS}")
    try:
        return readers[source_format](path, tz)
    except WeatherFileError:
        raise
    except UnicodeDecodeError as exc:
        raise WeatherFileError(f"{source_format}: the file is not text ({exc.reason})") from None
    except (ValueError, KeyError, IndexError, TypeError, pd.errors.ParserError) as exc:
        raise WeatherFileError(f"{source_format}: the file cannot be read: {exc}") from None


def _weather_year(
    data: pd.DataFrame,
    place: Mapping[str, float],
    *,
    altitude: str = "altitude",
    source_format: str,
    name: str,
    description: str,
    line_of_row: Callable[[int], str],
    tz: str | None,
    missing: dict[str, np.ndarray] | None = None,
) -> WeatherYear:
    """Check a frame indexed by hour starts and turn it into a ``WeatherYear`` (every reader's
    last step).

    ``place`` is the file's metadata: its ``latitude``, ``longitude`` and, under ``altitude``, its
    height [m]. ``line_of_row(i)`` says where row ``i`` is in the file, for messages. ``missing``
    marks, per column, the values the file itself declares missing (its missing-value code):
    those are gaps. Any other value that is not a finite number (text, NaN, infinity, a blank) is
    refused with its line, never taken for a gap.
    """
    latitude, longitude, altitude_m = place["latitude"], place["longitude"], place[altitude]
    data = data.copy()
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise WeatherFileError(
            f"location {latitude}, {longitude} is not a valid latitude/longitude"
        )
    for column, (low, high, unit) in BOUNDS.items():
        if column not in data:
            raise WeatherFileError(f"the file has no {column} values")
        raw = data[column]
        values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float, copy=True)
        gap = np.zeros(len(values), dtype=bool)
        if missing is not None and column in missing:
            gap = np.asarray(missing[column], dtype=bool)
            values[gap] = np.nan
        not_number = np.flatnonzero(~np.isfinite(values) & ~gap)
        if not_number.size:
            i = int(not_number[0])
            shown = str(raw.iloc[i]).strip()
            shown = "blank or NaN" if shown.lower() in ("", "nan", "none") else shown
            raise WeatherFileError(
                f"{line_of_row(i)}: {column} = {shown} is not a "
                f"finite number ({not_number.size} such value(s)); a missing value must use the "
                "format's missing-value code"
            )
        bad = np.flatnonzero(~gap & ((values < low) | (values > high)))
        if bad.size:
            i = int(bad[0])
            raise WeatherFileError(
                f"{line_of_row(i)}: {column} = {values[i]:g} {unit} is outside {low:g}..{high:g} "
                f"{unit} ({bad.size} such value(s))"
            )
        data[column] = values
    index = pd.DatetimeIndex(data.index)
    if index.has_duplicates:
        i = int(np.flatnonzero(index.duplicated())[0])
        raise WeatherFileError(f"{line_of_row(i)}: the time {index[i]} appears twice")
    order = np.argsort(index.asi8, kind="stable")
    data, index = data.iloc[order], index[order]
    steps = index[1:] - index[:-1]
    jumps = np.flatnonzero(steps != pd.Timedelta(hours=1))
    if jumps.size:
        i = int(order[jumps[0] + 1])
        raise WeatherFileError(
            f"{line_of_row(i)}: the hours are not continuous ({index[jumps[0]]} is followed by "
            f"{index[jumps[0] + 1]})"
        )
    if len(index) not in (8760, 8784):
        raise WeatherFileError(
            f"the file has {len(index)} hourly rows; a weather year needs 8760 (or 8784 in a leap "
            "year): is it truncated, or more than one year?"
        )
    if tz is None:
        own = str(index.tz)
        tz = own if own != "UTC" else f"Etc/GMT{-round(longitude / 15):+d}"
    local = index.tz_convert(tz)
    weather = Weather(
        times=local,
        ghi=data["ghi"].to_numpy(dtype=float),
        dni=data["dni"].to_numpy(dtype=float),
        dhi=data["dhi"].to_numpy(dtype=float),
        temp_air=data["temp_air"].to_numpy(dtype=float),
        wind_speed=data["wind_speed"].to_numpy(dtype=float),
        latitude=float(latitude),
        longitude=float(longitude),
        altitude_m=float(altitude_m),
        name=name,
    )
    return WeatherYear(weather, source_format, description)


def _year_coerced(index: pd.DatetimeIndex) -> pd.DatetimeIndex:
    """Put every timestamp in COERCE_YEAR (typical years take each month from another year)."""
    frame = pd.DataFrame(
        {
            "year": COERCE_YEAR,
            "month": index.month,
            "day": index.day,
            "hour": index.hour,
            "minute": index.minute,
        }
    )
    naive = pd.to_datetime(frame)
    return pd.DatetimeIndex(naive).tz_localize(index.tz)


# EPW marks missing values with these codes (EnergyPlus Auxiliary Programs, weather format).
EPW_MISSING = {"ghi": 9999, "dni": 9999, "dhi": 9999, "temp_air": 99.9, "wind_speed": 999}


def _read_epw(path: Path, tz: str | None) -> WeatherYear:
    data, meta = pvlib.iotools.read_epw(str(path), coerce_year=COERCE_YEAR)
    missing = {}
    for column, code in EPW_MISSING.items():
        numbers = pd.to_numeric(data[column], errors="coerce").to_numpy(dtype=float)
        missing[column] = np.isfinite(numbers) & (numbers >= code)
    return _weather_year(
        data,
        meta,
        source_format="epw",
        name=f"EPW {meta.get('city', '')} ({meta.get('data_type', '')})".strip(),
        description=f"EPW file {path.name}: {meta.get('city', '')}",
        line_of_row=lambda i: f"line {i + 9}",
        tz=tz,
        missing=missing,
    )


def _read_tmy3(path: Path, tz: str | None) -> WeatherYear:
    data, meta = pvlib.iotools.read_tmy3(str(path), coerce_year=COERCE_YEAR, map_variables=True)
    # TMY3 labels each hour by its end; shift to hour starts (the last hour, 24:00 on 31 Dec,
    # pvlib puts at 00:00 of the next year, which the shift brings back to 23:00 on 31 Dec).
    data.index = data.index - pd.Timedelta(hours=1)
    name = f"TMY3 {meta['Name'].strip(chr(34))} ({meta['USAF']})"
    return _weather_year(
        data,
        meta,
        source_format="tmy3",
        name=name,
        description=f"TMY3 file {path.name}: {name}",
        line_of_row=lambda i: f"line {i + 3}",
        tz=tz,
    )


def _read_tmy2(path: Path, tz: str | None) -> WeatherYear:
    data, meta = pvlib.iotools.read_tmy2(str(path))
    frame = pd.DataFrame(
        {
            "ghi": data["GHI"].to_numpy(),
            "dni": data["DNI"].to_numpy(),
            "dhi": data["DHI"].to_numpy(),
            "temp_air": data["DryBulb"].to_numpy() / 10.0,  # TMY2 stores tenths of °C
            "wind_speed": data["Wspd"].to_numpy() / 10.0,  # and tenths of m/s
        },
        index=_year_coerced(pd.DatetimeIndex(data.index)),
    )
    name = f"TMY2 {meta['City']} ({meta['WBAN']})"
    return _weather_year(
        frame,
        meta,
        source_format="tmy2",
        name=name,
        description=f"TMY2 file {path.name}: {name}",
        line_of_row=lambda i: f"line {i + 2}",
        tz=tz,
    )


def _pvgis_year(
    data: pd.DataFrame,
    place: dict[str, float],
    *,
    kind: str,
    path: Path,
    line_of_row: Callable[[int], str],
    tz: str | None,
) -> WeatherYear:
    """What pvlib read from a PVGIS TMY file (``kind``: JSON or CSV) at its ``place``."""
    needed = ["ghi", "dni", "dhi", "temp_air", "wind_speed"]
    missing = [c for c in needed if c not in data]
    if missing:
        raise WeatherFileError(f"PVGIS TMY: missing field(s) {', '.join(missing)}")
    frame = pd.DataFrame(
        {column: data[column].to_numpy() for column in needed},
        index=_year_coerced(pd.DatetimeIndex(data.index)),
    )
    return _weather_year(
        frame,
        place,
        altitude="elevation",
        source_format=f"pvgis_{kind.lower()}",
        name=f"PVGIS TMY {place['latitude']}, {place['longitude']}",
        description=f"PVGIS TMY ({kind}) {path.name}",
        line_of_row=line_of_row,
        tz=tz,
    )


def _read_pvgis_json(path: Path, tz: str | None) -> WeatherYear:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise WeatherFileError(
            f"PVGIS JSON: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    for dotted in ("inputs.location.latitude", "inputs.location.longitude",
                   "inputs.location.elevation", "outputs.months_selected", "outputs.tmy_hourly",
                   "meta.inputs"):  # fmt: skip
        node = document
        for key in dotted.split("."):
            node = node.get(key) if isinstance(node, dict) else None
        if node is None:
            raise WeatherFileError(f"PVGIS JSON: no field {dotted} (is this a PVGIS TMY file?)")
    hourly = document["outputs"]["tmy_hourly"]
    if not isinstance(hourly, list):
        raise WeatherFileError("PVGIS JSON: outputs.tmy_hourly is not a list")
    for i, row in enumerate(hourly):
        for key in ("time(UTC)", "G(h)", "Gb(n)", "Gd(h)", "T2m", "WS10m"):
            if not isinstance(row, dict) or key not in row:
                raise WeatherFileError(f"PVGIS JSON: outputs.tmy_hourly[{i}] has no field {key!r}")
    data, meta = pvlib.iotools.read_pvgis_tmy(str(path), "json")
    return _pvgis_year(
        data, meta["inputs"]["location"], kind="JSON", path=path,
        line_of_row=lambda i: f"outputs.tmy_hourly[{i}]", tz=tz,
    )  # fmt: skip


def _read_pvgis_csv(path: Path, tz: str | None) -> WeatherYear:
    lines = path.read_bytes().splitlines()
    header_at = next((n for n, line in enumerate(lines) if line.startswith(b"time(UTC)")), None)
    if header_at is None:
        raise WeatherFileError("PVGIS CSV: no 'time(UTC),...' header line")
    body = lines[header_at + 1 : header_at + 1 + 8760]
    for offset, line in enumerate(body):
        if not re.match(rb"^\d{8}:\d{4},", line):
            raise WeatherFileError(
                f"PVGIS CSV: line {header_at + 2 + offset} is not an hourly row: the file holds "
                f"{offset} of the 8760 hourly rows (truncated or edited?)"
            )
    if len(body) < 8760:
        raise WeatherFileError(
            f"PVGIS CSV: the file holds {len(body)} of the 8760 hourly rows: it is truncated"
        )
    with path.open("rb") as handle:
        data, meta = pvlib.iotools.read_pvgis_tmy(handle, "csv")
    return _pvgis_year(
        data, meta["inputs"], kind="CSV", path=path,
        line_of_row=lambda i: f"line {header_at + 2 + i}", tz=tz,
    )  # fmt: skip


POWER_COLUMNS = {
    "ALLSKY_SFC_SW_DWN": "ghi",
    "ALLSKY_SFC_SW_DNI": "dni",
    "ALLSKY_SFC_SW_DIFF": "dhi",
    "T2M": "temp_air",
    "WS10M": "wind_speed",
}


def _read_nasa_power_csv(path: Path, tz: str | None) -> WeatherYear:
    """NASA POWER hourly CSV (``format=csv``), one year, time standard UTC or LST.

    POWER's LST is local solar time (UTC + longitude/15 h); its values are labelled by the start
    of the hour. Missing values are -999.
    """
    text = path.read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    try:
        end = lines.index("-END HEADER-")
    except ValueError:
        raise WeatherFileError("NASA POWER CSV: no '-END HEADER-' line") from None
    header = "\n".join(lines[:end])
    location = re.search(r"Latitude\s+(-?[\d.]+)\s+Longitude\s+(-?[\d.]+)", header)
    if location is None:
        raise WeatherFileError("NASA POWER CSV: the header has no 'Latitude … Longitude …' line")
    latitude, longitude = float(location.group(1)), float(location.group(2))
    elevation = re.search(r"=\s*(-?[\d.]+)\s*meters", header)
    altitude_m = float(elevation.group(1)) if elevation else 0.0
    missing_match = re.search(r"range:\s*(-?[\d.]+)", header)
    missing_value = float(missing_match.group(1)) if missing_match else -999.0
    standard = "LST" if re.search(r"\bin LST\b", header) else "UTC"
    table = pd.read_csv(io.StringIO("\n".join(lines[end + 1 :])))
    needed = ["YEAR", "MO", "DY", "HR", *POWER_COLUMNS]
    absent = [c for c in needed if c not in table.columns]
    if absent:
        raise WeatherFileError(
            f"NASA POWER CSV: line {end + 2} (column names) lacks {', '.join(absent)}"
        )
    stamps = pd.to_datetime(
        table[["YEAR", "MO", "DY", "HR"]].rename(
            columns={"YEAR": "year", "MO": "month", "DY": "day", "HR": "hour"}
        ),
        errors="coerce",
    )
    if stamps.isna().any():
        i = int(np.flatnonzero(stamps.isna())[0])
        raise WeatherFileError(f"NASA POWER CSV: line {end + 3 + i} has an impossible date")
    index = pd.DatetimeIndex(stamps)
    if standard == "LST":
        index = index - pd.to_timedelta(longitude / 15, unit="h")
    frame = table[list(POWER_COLUMNS)].rename(columns=POWER_COLUMNS)
    frame.index = index.tz_localize("UTC")
    missing = {  # -999 means missing: a gap, not zero
        column: (pd.to_numeric(frame[column], errors="coerce") == missing_value).to_numpy()
        for column in frame.columns
    }
    return _weather_year(
        frame,
        {"latitude": latitude, "longitude": longitude, "altitude": altitude_m},
        source_format="nasa_power_csv",
        name=f"NASA POWER {latitude}, {longitude} ({standard})",
        description=f"NASA POWER hourly CSV {path.name}",
        line_of_row=lambda i: f"line {end + 3 + i}",
        tz=tz,
        missing=missing,
    )


# --- Years built offline -----------------------------------------------------------------------


def _hours(year: int, tz: str) -> pd.DatetimeIndex:
    return pd.date_range(f"{year}-01-01", f"{year + 1}-01-01", freq="h", tz=tz, inclusive="left")


def clear_sky_monthly_ghi(
    *, latitude: float, longitude: float, altitude_m: float, tz: str = "UTC"
) -> np.ndarray:
    """Mean daily clear-sky GHI per month at a site [kWh/m²/day] (Ineichen, bundled turbidity)."""
    times = _hours(COERCE_YEAR, tz)
    ghi = _clear_sky(times, latitude, longitude, altitude_m)["ghi"]
    monthly = ghi.groupby(times.month).sum() / 1000
    return (monthly / monthly.index.map(lambda m: times[times.month == m].day.nunique())).to_numpy()


def _clear_sky(
    times: pd.DatetimeIndex, latitude: float, longitude: float, altitude_m: float
) -> pd.DataFrame:
    location = pvlib.location.Location(latitude, longitude, altitude=altitude_m)
    mid = times + pd.Timedelta(minutes=30)
    clear = location.get_clearsky(mid, model="ineichen")
    clear.index = times
    return clear


def weather_from_monthly(
    *,
    latitude: float,
    longitude: float,
    altitude_m: float,
    ghi_kwh_m2_day: Sequence[float],
    temp_air_c: Sequence[float],
    tz: str = "UTC",
    name: str = "",
) -> Weather:
    """An hourly year from 12 monthly means (daily GHI [kWh/m²/day], air temperature [°C]).

    Each month takes the shape of the Ineichen clear sky at the site, scaled to its mean; beam and
    diffuse come from the Erbs decomposition; air temperature swings ±``DIURNAL_SWING_C`` around
    the month's mean (warmest at 15:00); wind is ``ASSUMED_WIND_SPEED_M_S``. Raises ValueError
    naming the month when a value is impossible at the site.
    """
    if len(ghi_kwh_m2_day) != 12 or len(temp_air_c) != 12:
        raise ValueError("give 12 monthly values for GHI and for air temperature (January first)")
    times = _hours(COERCE_YEAR, tz)
    clear = _clear_sky(times, latitude, longitude, altitude_m)
    months = times.month.to_numpy()
    clear_daily = clear_sky_monthly_ghi(
        latitude=latitude, longitude=longitude, altitude_m=altitude_m, tz=tz
    )
    ghi = clear["ghi"].to_numpy().copy()
    for m in range(1, 13):
        target = float(ghi_kwh_m2_day[m - 1])
        if not 0 < target <= clear_daily[m - 1]:
            raise ValueError(
                f"month {m}: mean daily GHI {target:g} kWh/m²/day must be above 0 and at most the "
                f"clear-sky {clear_daily[m - 1]:.2f} kWh/m²/day at this site"
            )
        if not -30 <= float(temp_air_c[m - 1]) <= 50:
            raise ValueError(
                f"month {m}: mean air temperature {temp_air_c[m - 1]} °C is implausible"
            )
        ghi[months == m] *= target / clear_daily[m - 1]
    mid = times + pd.Timedelta(minutes=30)
    position = pvlib.solarposition.get_solarposition(mid, latitude, longitude, altitude=altitude_m)
    parts = pvlib.irradiance.erbs(ghi, position["zenith"].to_numpy(), mid.dayofyear.to_numpy())
    hour = (times.hour.to_numpy() + 0.5).astype(float)
    swing = DIURNAL_SWING_C * np.cos(2 * np.pi * (hour - 15) / 24)
    temp = np.asarray(temp_air_c, dtype=float)[months - 1] + swing
    return Weather(
        times=times,
        ghi=ghi,
        dni=np.nan_to_num(np.asarray(parts["dni"], dtype=float)),
        dhi=np.nan_to_num(np.asarray(parts["dhi"], dtype=float)),
        temp_air=temp,
        wind_speed=np.full(len(times), ASSUMED_WIND_SPEED_M_S),
        latitude=latitude,
        longitude=longitude,
        altitude_m=altitude_m,
        name=name or "monthly values",
    )


def default_weather_year(
    *, latitude: float, longitude: float, altitude_m: float, tz: str = "UTC"
) -> WeatherYear:
    """The approximate year a new deployment starts with, until staff import a real one."""
    clear = clear_sky_monthly_ghi(
        latitude=latitude, longitude=longitude, altitude_m=altitude_m, tz=tz
    )
    scale = DEFAULT_ALL_SKY_GHI_KWH_M2_DAY / clear.mean()
    weather = weather_from_monthly(
        latitude=latitude,
        longitude=longitude,
        altitude_m=altitude_m,
        ghi_kwh_m2_day=list(clear * scale),
        temp_air_c=[DEFAULT_TEMP_AIR_C] * 12,
        tz=tz,
        name="Default approximate year",
    )
    description = (
        f"Approximate: pvlib Ineichen clear sky at {latitude:.3f}, {longitude:.3f} "
        f"(annual mean {clear.mean():.2f} kWh/m²/day) scaled by {scale:.3f} to "
        f"{DEFAULT_ALL_SKY_GHI_KWH_M2_DAY} kWh/m²/day, the middle of the 5.0–5.28 range of "
        "Thailand's national solar map (DEDE/Silpakorn, Janjai et al. 2013); Erbs beam/diffuse "
        f"split; air {DEFAULT_TEMP_AIR_C:g} °C ±{DIURNAL_SWING_C:g} °C (assumed); wind "
        f"{ASSUMED_WIND_SPEED_M_S:g} m/s (assumed). Import a real weather year to replace it."
    )
    return WeatherYear(weather, "default", description, approximate=True)
