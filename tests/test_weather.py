"""Every weather reader, the monthly-values year, the default year, and refusals that say where."""

import json
from pathlib import Path

import numpy as np
import pvlib
import pytest

from sustain.core import weather
from tests import weatherfiles as wf

PVLIB_DATA = Path(pvlib.__file__).parent / "data"


@pytest.fixture(scope="module")
def year():
    return wf.synthetic_year()


def _assert_same_year(read: weather.WeatherYear, frame, fmt: str) -> None:
    w = read.weather
    assert read.source_format == fmt
    assert len(w.times) == 8760
    assert w.latitude == pytest.approx(wf.LAT) and w.longitude == pytest.approx(wf.LON)
    assert np.nansum(w.ghi) == pytest.approx(frame["ghi"].sum(), rel=1e-6)
    assert np.nansum(w.dni) == pytest.approx(frame["dni"].sum(), rel=1e-6)
    assert np.nanmean(w.temp_air) == pytest.approx(28.0)
    assert np.nanmean(w.wind_speed) == pytest.approx(1.5)
    # Hour starts in local time: noon's value is the value of 12:00-13:00.
    noon = np.flatnonzero((w.times.month == 3) & (w.times.day == 21) & (w.times.hour == 12))[0]
    assert w.ghi[noon] == pytest.approx(frame.loc["1990-03-21 12:00", "ghi"], abs=0.05)


def test_epw(tmp_path, year):
    path = wf.write_epw(tmp_path / "site.epw", year)
    _assert_same_year(weather.read_weather_file(path, tz="Asia/Bangkok"), year, "epw")


def test_pvgis_json_and_csv(tmp_path, year):
    json_path = wf.write_pvgis_json(tmp_path / "tmy.json", year)
    _assert_same_year(weather.read_weather_file(json_path, tz="Asia/Bangkok"), year, "pvgis_json")
    csv_path = wf.write_pvgis_csv(tmp_path / "tmy.csv", year)
    _assert_same_year(weather.read_weather_file(csv_path, tz="Asia/Bangkok"), year, "pvgis_csv")


def test_nasa_power_utc_and_local_solar_time(tmp_path, year):
    utc = wf.write_nasa_power_csv(tmp_path / "power.csv", year)
    _assert_same_year(weather.read_weather_file(utc, tz="Asia/Bangkok"), year, "nasa_power_csv")
    lst = weather.read_weather_file(
        wf.write_nasa_power_csv(tmp_path / "power-lst.csv", year, standard="LST"), tz="UTC"
    )
    # Local solar time is UTC + 100.18/15 h = UTC + 6 h 40.7 min: whole hours of LST sit 19.3 min
    # off the UTC hour.
    assert lst.weather.times[0].minute == 19
    assert np.nansum(lst.weather.ghi) == pytest.approx(year["ghi"].sum(), rel=1e-6)


def test_nasa_power_missing_values_are_gaps_not_zeros(tmp_path, year):
    path = wf.write_nasa_power_csv(
        tmp_path / "gappy.csv", year, missing_rows=(4000, 4001, 4002, 4003, 4004)
    )
    w = weather.read_weather_file(path).weather
    assert np.isnan(w.ghi).sum() == 5 and np.nanmin(w.ghi) >= 0


def test_tmy3_and_tmy2_from_pvlibs_wheel():
    tmy3 = weather.read_weather_file(PVLIB_DATA / "723170TYA.CSV")
    assert tmy3.source_format == "tmy3" and "GREENSBORO" in tmy3.weather.name
    assert str(tmy3.weather.times.tz) == "UTC-05:00"
    assert tmy3.weather.times[0].hour == 0 and tmy3.weather.times[-1].hour == 23  # hour starts
    assert 1400 < tmy3.annual_ghi_kwh_m2 < 1700
    tmy2 = weather.read_weather_file(PVLIB_DATA / "12839.tm2")
    assert tmy2.source_format == "tmy2" and tmy2.weather.latitude == pytest.approx(25.8)
    assert 20 < np.mean(tmy2.weather.temp_air) < 30  # tenths of °C were converted
    assert 1700 < tmy2.annual_ghi_kwh_m2 < 1900


def test_truncated_files_say_so(tmp_path, year):
    with pytest.raises(weather.WeatherFileError, match=r"4000 hourly rows.*truncated"):
        weather.read_weather_file(wf.write_epw(tmp_path / "short.epw", year, rows=4000))
    with pytest.raises(weather.WeatherFileError, match="holds 100 of the 8760 hourly rows"):
        weather.read_weather_file(wf.write_pvgis_csv(tmp_path / "short.csv", year, rows=100))


def test_malformed_values_name_the_line_and_column(tmp_path, year):
    path = wf.write_epw(tmp_path / "bad.epw", year)
    lines = path.read_text().splitlines()
    fields = lines[8 + 100].split(",")
    fields[13] = "4000"  # GHI of the 101st hour
    lines[8 + 100] = ",".join(fields)
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(weather.WeatherFileError, match=r"line 109: ghi = 4000 W/m² is outside"):
        weather.read_weather_file(path)


def _epw_with(tmp_path, year, row: int, column: int, value: str) -> Path:
    path = wf.write_epw(tmp_path / f"bad-{row}-{column}.epw", year)
    lines = path.read_text().splitlines()
    fields = lines[8 + row].split(",")
    fields[column] = value
    lines[8 + row] = ",".join(fields)
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize(
    "column,value,message",
    [
        (13, "1600", r"line 309: ghi = 1600 W/m² is outside 0\.\.1500"),
        (13, "nan", r"line 309: ghi = blank or NaN is not a finite number"),
        (13, "inf", r"line 309: ghi = inf is not a finite number"),
        (13, "", r"line 309: ghi = blank or NaN is not a finite number"),
        (6, "-35", r"line 309: temp_air = -35 °C is outside -30\.\.60"),
        (6, "61", r"line 309: temp_air = 61 °C is outside -30\.\.60"),
        (6, "NaN", r"line 309: temp_air = blank or NaN is not a finite number"),
    ],
)
def test_impossible_values_are_refused_with_the_line_not_taken_for_gaps(
    tmp_path, year, column, value, message
):
    path = _epw_with(tmp_path, year, 300, column, value)
    with pytest.raises(weather.WeatherFileError, match=message):
        weather.read_weather_file(path)


def test_declared_missing_codes_stay_gaps_but_non_numbers_are_refused(tmp_path, year):
    epw = weather.read_weather_file(_epw_with(tmp_path, year, 300, 13, "9999")).weather
    assert np.isnan(epw.ghi).sum() == 1  # EPW's own missing code: a gap
    power = wf.write_nasa_power_csv(tmp_path / "p.csv", year)
    lines = power.read_text().splitlines()
    lines[10 + 500] = lines[10 + 500].rsplit(",", 5)[0] + ",inf,0,0,28,1.5"
    power.write_text("\n".join(lines) + "\n")
    with pytest.raises(weather.WeatherFileError, match=r"line 511: ghi = inf is not a finite"):
        weather.read_weather_file(power)
    document = json.loads(wf.write_pvgis_json(tmp_path / "t.json", year).read_text())
    document["outputs"]["tmy_hourly"][42]["T2m"] = float("nan")
    (tmp_path / "nan.json").write_text(json.dumps(document))  # json writes NaN, PVGIS never
    with pytest.raises(
        weather.WeatherFileError, match=r"tmy_hourly\[42\]: temp_air = blank or NaN"
    ):
        weather.read_weather_file(tmp_path / "nan.json")


def test_broken_json_and_csv_say_where(tmp_path, year):
    path = wf.write_pvgis_json(tmp_path / "broken.json", year)
    path.write_text(path.read_text()[:5000])
    with pytest.raises(weather.WeatherFileError, match=r"invalid JSON at line 1, column"):
        weather.read_weather_file(path)
    document = json.loads(wf.write_pvgis_json(tmp_path / "t.json", year).read_text())
    del document["outputs"]["tmy_hourly"][10]["G(h)"]
    path.write_text(json.dumps(document))
    with pytest.raises(weather.WeatherFileError, match=r"tmy_hourly\[10\] has no field 'G\(h\)'"):
        weather.read_weather_file(path)
    power = wf.write_nasa_power_csv(tmp_path / "p.csv", year)
    power.write_text(
        power.read_text().replace("YEAR,MO,DY,HR,ALLSKY_SFC_SW_DWN", "YEAR,MO,DY,HR,GHI")
    )
    with pytest.raises(
        weather.WeatherFileError, match=r"line 10 \(column names\) lacks ALLSKY_SFC_SW_DWN"
    ):
        weather.read_weather_file(power)


def test_unrecognised_file(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello\n")
    with pytest.raises(weather.WeatherFileError, match="Unrecognised weather file"):
        weather.read_weather_file(path)


def test_monthly_values_make_a_year_with_those_means():
    ghi = [4.8, 5.5, 6.0, 6.2, 5.6, 4.9, 4.5, 4.4, 4.6, 4.9, 4.8, 4.6]
    temp = [21, 23, 26, 29, 29, 28, 27, 27, 27, 26, 24, 21]
    w = weather.weather_from_monthly(latitude=wf.LAT, longitude=wf.LON, altitude_m=wf.ALT,
                                     ghi_kwh_m2_day=ghi, temp_air_c=temp, tz="Asia/Bangkok")  # fmt: skip
    days = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    monthly = np.array([w.ghi[w.times.month == m].sum() / 1000 for m in range(1, 13)]) / days
    np.testing.assert_allclose(monthly, ghi, rtol=1e-9)
    np.testing.assert_allclose(np.nanmax(w.dni), np.nanmax(w.dni))  # decomposed, finite
    assert not np.isnan(w.dni).any() and (w.dhi <= w.ghi + 1e-9).all()
    means = [w.temp_air[w.times.month == m].mean() for m in range(1, 13)]
    np.testing.assert_allclose(means, temp, atol=1e-9)


def test_monthly_values_beyond_clear_sky_are_refused():
    with pytest.raises(ValueError, match="month 1: mean daily GHI 9 kWh/m²/day"):
        weather.weather_from_monthly(latitude=wf.LAT, longitude=wf.LON, altitude_m=wf.ALT,
                                     ghi_kwh_m2_day=[9] + [5] * 11, temp_air_c=[25] * 12)  # fmt: skip


def test_default_year_is_approximate_and_documented():
    default = weather.default_weather_year(latitude=wf.LAT, longitude=wf.LON, altitude_m=wf.ALT,
                                           tz="Asia/Bangkok")  # fmt: skip
    assert default.approximate
    assert default.annual_ghi_kwh_m2 / 365 == pytest.approx(5.14, abs=0.01)
    assert "Janjai et al. 2013" in default.description and "assumed" in default.description
    clear = weather.clear_sky_monthly_ghi(latitude=wf.LAT, longitude=wf.LON, altitude_m=446)
    assert clear.mean() == pytest.approx(6.39, abs=0.02)  # the figure in domain.md
