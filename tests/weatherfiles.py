"""Small weather files written by the tests, in each supported format, from one synthetic year.

The year is the Ineichen clear sky at San Sai Ngam scaled to 80 %, 28 °C, 1.5 m/s: made here, so
every reader can be checked against the same known values.
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pvlib

LAT, LON, ALT = 19.717, 100.18, 446.0


def synthetic_year(tz: str = "Asia/Bangkok") -> pd.DataFrame:
    """8760 hour-beginning rows in local standard time: ghi, dni, dhi, temp_air, wind_speed."""
    times = pd.date_range("1990-01-01", periods=8760, freq="h", tz=tz)
    location = pvlib.location.Location(LAT, LON, altitude=ALT)
    clear = location.get_clearsky(times + pd.Timedelta(minutes=30))
    frame = pd.DataFrame(
        {
            "ghi": (clear["ghi"] * 0.8).round(1).to_numpy(),
            "dni": (clear["dni"] * 0.7).round(1).to_numpy(),
            "dhi": (clear["dhi"] * 1.3).round(1).to_numpy(),
            "temp_air": np.full(8760, 28.0),
            "wind_speed": np.full(8760, 1.5),
        },
        index=times,
    )
    return frame


def write_epw(path: Path, frame: pd.DataFrame, *, rows: int | None = None) -> Path:
    header = [
        f"LOCATION,San Sai Ngam,CR,THA,TEST,999999,{LAT},{LON},7.0,{ALT}",
        "DESIGN CONDITIONS,0",
        "TYPICAL/EXTREME PERIODS,0",
        "GROUND TEMPERATURES,0",
        "HOLIDAYS/DAYLIGHT SAVINGS,No,0,0,0",
        "COMMENTS 1,made by the Sustain tests",
        "COMMENTS 2,",
        "DATA PERIODS,1,1,Data,Monday,1/1,12/31",
    ]
    lines = []
    for t, row in frame.iloc[: rows or len(frame)].iterrows():
        fields = [t.year, t.month, t.day, t.hour + 1, 60, "?9?9?9?9E0?9?9?9",
                  row.temp_air, 20.0, 70, 96000, 0, 1415, 400,
                  row.ghi, row.dni, row.dhi, 0, 0, 0, 0, 180, row.wind_speed,
                  5, 3, 20, 77777, 9, 999999999, 30, 0.1, 0, 88, 0.2, 0, 1]  # fmt: skip
        lines.append(",".join(str(f) for f in fields))
    path.write_text("\n".join(header + lines) + "\n")
    return path


def _utc(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.tz_convert("UTC")


def _pvgis_row(t: pd.Timestamp, r: pd.Series) -> dict[str, object]:
    return {
        "time(UTC)": t.strftime("%Y%m%d:%H%M"), "T2m": r.temp_air, "RH": 70.0, "G(h)": r.ghi,
        "Gb(n)": r.dni, "Gd(h)": r.dhi, "IR(h)": 400.0, "WS10m": r.wind_speed, "WD10m": 180.0,
        "SP": 96000.0,
    }  # fmt: skip


def write_pvgis_json(path: Path, frame: pd.DataFrame, *, latitude: float = LAT) -> Path:
    utc = _utc(frame)
    document = {
        "inputs": {"location": {"latitude": latitude, "longitude": LON, "elevation": ALT}},
        "outputs": {
            "months_selected": [{"month": m, "year": 2010} for m in range(1, 13)],
            "tmy_hourly": [_pvgis_row(t, r) for t, r in utc.iterrows()],
        },
        "meta": {"inputs": {}, "outputs": {}},
    }
    path.write_text(json.dumps(document))
    return path


def write_pvgis_csv(path: Path, frame: pd.DataFrame, *, rows: int | None = None) -> Path:
    utc = _utc(frame).iloc[: rows or len(frame)]
    lines = [
        f"Latitude (decimal degrees): {LAT}",
        f"Longitude (decimal degrees): {LON}",
        f"Elevation (m): {ALT}",
        "month,year",
        *[f"{m},2010" for m in range(1, 13)],
        "time(UTC),T2m,RH,G(h),Gb(n),Gd(h),IR(h),WS10m,WD10m,SP",
        *[
            f"{t.strftime('%Y%m%d:%H%M')},{r.temp_air},70,{r.ghi},{r.dni},{r.dhi},400,"
            f"{r.wind_speed},180,96000"
            for t, r in utc.iterrows()
        ],
        "T2m: 2-m air temperature (degree Celsius)",
    ]
    path.write_text("\r\n".join(lines) + "\r\n")
    return path


def write_nasa_power_csv(
    path: Path, frame: pd.DataFrame, *, standard: str = "UTC", missing_rows: tuple[int, ...] = ()
) -> Path:
    if standard == "UTC":
        stamps = frame.index.tz_convert("UTC")
    else:  # local solar time: UTC + longitude / 15 h
        stamps = (frame.index.tz_convert("UTC") + pd.to_timedelta(LON / 15, unit="h")).tz_localize(
            None
        )
    header = [
        "-BEGIN HEADER-",
        "NASA/POWER Source Native Resolution Hourly Data",
        f"Dates (month/day/year): 01/01/1990 through 12/31/1990 in {standard}",
        f"Location: Latitude  {LAT}   Longitude {LON}",
        f"Elevation from MERRA-2: Average for 0.5 x 0.625 degree lat/lon region = {ALT} meters",
        "The value for missing source data that cannot be computed or is outside of the sources "
        "availability range: -999",
        "Parameter(s):",
        "ALLSKY_SFC_SW_DWN     CERES SYN1deg All Sky Surface Shortwave Downward Irradiance (Wh/m^2)",
        "-END HEADER-",
        "YEAR,MO,DY,HR,ALLSKY_SFC_SW_DWN,ALLSKY_SFC_SW_DNI,ALLSKY_SFC_SW_DIFF,T2M,WS10M",
    ]
    rows = []
    for i, (t, r) in enumerate(zip(stamps, frame.itertuples(), strict=True)):
        values = (r.ghi, r.dni, r.dhi, r.temp_air, r.wind_speed)
        if i in missing_rows:
            values = (-999.0,) * 5
        rows.append(f"{t.year},{t.month},{t.day},{t.hour}," + ",".join(str(v) for v in values))
    path.write_text("\n".join(header + rows) + "\n")
    return path
