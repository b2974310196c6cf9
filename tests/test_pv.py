"""The PV model against NREL's PVWatts exports, pvlib's own ModelChain and pvlib's Fuentes."""

from pathlib import Path

import numpy as np
import pandas as pd
import pvlib
import pytest

from sustain.core import pv

DATA = Path(__file__).parent / "data"
DENVER: dict[str, float] = {"latitude": 39.73, "longitude": -105.18, "altitude_m": 1819.6}


def pvwatts_export(name: str) -> tuple[pv.Weather, pd.DataFrame]:
    """A real PVWatts hourly export: its weather columns, and the frame with its results."""
    frame = pd.read_csv(DATA / name, skiprows=17)
    frame.columns = ["month", "day", "hour", "dni", "dhi", "temp_air", "wind_speed", "poa",
                     "tcell", "dc", "ac"]  # fmt: skip
    frame = frame[pd.to_numeric(frame["month"], errors="coerce").notna()].astype(float)
    # Local standard time (UTC-7), labels at the start of each hour.
    times = pd.date_range("1990-01-01", periods=len(frame), freq="h", tz="Etc/GMT+7")
    zenith = pvlib.solarposition.get_solarposition(
        times + pd.Timedelta(minutes=30), DENVER["latitude"], DENVER["longitude"],
        altitude=DENVER["altitude_m"],
    )["apparent_zenith"].to_numpy()  # fmt: skip
    dni, dhi = frame["dni"].to_numpy(), frame["dhi"].to_numpy()
    weather = pv.Weather(
        times=times,
        ghi=dni * np.cos(np.radians(zenith)).clip(0) + dhi,  # the export has no GHI column
        dni=dni,
        dhi=dhi,
        temp_air=frame["temp_air"].to_numpy(),
        wind_speed=frame["wind_speed"].to_numpy(),
        latitude=DENVER["latitude"],
        longitude=DENVER["longitude"],
        altitude_m=DENVER["altitude_m"],
    )
    return weather, frame


@pytest.mark.parametrize(
    ("name", "mounting", "reference_kwh"),
    [("pvwatts_8760_rackmount.csv", "open_rack", 6023.7),
     ("pvwatts_8760_roofmount.csv", "roof", 5938.1)],
)  # fmt: skip
def test_reproduces_pvwatts_exports(name, mounting, reference_kwh):
    weather, frame = pvwatts_export(name)
    config = pv.SystemConfig(tilt_deg=20, azimuth_deg=180, mounting=mounting)
    result = pv.per_kwp_profiles(weather, [config])
    ours_monthly = result.monthly_kwh_per_kwp[0] * 4  # 4 kW DC
    theirs_monthly = frame.groupby("month")["ac"].sum().to_numpy() / 1000
    assert theirs_monthly.sum() == pytest.approx(reference_kwh, abs=0.1)
    assert ours_monthly.sum() == pytest.approx(theirs_monthly.sum(), rel=0.005)
    np.testing.assert_allclose(ours_monthly, theirs_monthly, rtol=0.01)
    # Closer than the issue asks: measured 0.99986 (rack) and 0.99994 (roof) of the annual total.
    assert ours_monthly.sum() / theirs_monthly.sum() == pytest.approx(1, abs=0.0005)
    hourly_rmse_w = np.sqrt(np.mean((result.hourly_w_per_kwp[:, 0] * 4 - frame["ac"]) ** 2))
    assert hourly_rmse_w < 10


def _modelchain_annual_kwh(weather: pv.Weather, config: pv.SystemConfig, kwp: float) -> float:
    """pvlib's own ModelChain with the same models (sun at mid-hour through a shifted index)."""
    mid = weather.times + pd.Timedelta(minutes=30)
    pdc0 = kwp * 1000
    system = pvlib.pvsystem.PVSystem(
        surface_tilt=config.tilt_deg,
        surface_azimuth=config.azimuth_deg,
        albedo=pv.ALBEDO,
        module_parameters={"pdc0": pdc0, "gamma_pdc": pv.GAMMA_PDC_PER_C[config.module_type]},
        inverter_parameters={
            "pdc0": pdc0 / config.dc_ac_ratio / pv.INVERTER_ETA_NOM,
            "eta_inv_nom": pv.INVERTER_ETA_NOM,
            "eta_inv_ref": pv.INVERTER_ETA_REF,
        },
        temperature_model_parameters={
            "noct_installed": pv.NOCT_INSTALLED_C[config.mounting],
            "surface_tilt": config.tilt_deg,
        },
        losses_parameters={"soiling": config.losses_pct, "shading": 0, "snow": 0,
                           "mismatch": 0, "wiring": 0, "connections": 0, "lid": 0,
                           "nameplate_rating": 0, "age": 0, "availability": 0},
    )  # fmt: skip
    location = pvlib.location.Location(
        weather.latitude, weather.longitude, altitude=weather.altitude_m
    )

    def fuentes_nan_safe(mc: pvlib.modelchain.ModelChain) -> pvlib.modelchain.ModelChain:
        # pvlib's fuentes as ModelChain calls it, but with NaN POA as 0: Perez gives NaN in the
        # twilight hours where the data has diffuse light and the mid-hour sun is below the
        # horizon, and the recursive Fuentes model would carry that NaN to the end of the year.
        mc.results.cell_temperature = pvlib.temperature.fuentes(
            mc.results.total_irrad["poa_global"].fillna(0), mc.results.weather["temp_air"],
            mc.results.weather["wind_speed"], pv.NOCT_INSTALLED_C[config.mounting],
            surface_tilt=config.tilt_deg,
        )  # fmt: skip
        return mc

    chain = pvlib.modelchain.ModelChain(
        system, location, dc_model="pvwatts", ac_model="pvwatts", aoi_model="physical",
        spectral_model="no_loss", temperature_model=fuentes_nan_safe, losses_model="pvwatts",
        transposition_model="perez", airmass_model="kastenyoung1989",
    )  # fmt: skip
    frame = pd.DataFrame(
        {"ghi": weather.ghi, "dni": weather.dni, "dhi": weather.dhi,
         "temp_air": weather.temp_air, "wind_speed": weather.wind_speed},
        index=mid,
    )  # fmt: skip
    chain.run_model(frame)
    return float(chain.results.ac.fillna(0).clip(lower=0).sum() / 1000)


MODELCHAIN_CASES = [
    pv.SystemConfig(tilt_deg=20, azimuth_deg=180, mounting="open_rack", module_type="standard"),
    pv.SystemConfig(tilt_deg=10, azimuth_deg=135, mounting="roof", module_type="premium",
                    losses_pct=10, dc_ac_ratio=1.1),
    pv.SystemConfig(tilt_deg=35, azimuth_deg=250, mounting="roof", module_type="thin_film",
                    losses_pct=18, dc_ac_ratio=1.35),
    pv.SystemConfig(tilt_deg=5, azimuth_deg=90, mounting="open_rack", module_type="premium"),
]  # fmt: skip


def test_equals_pvlib_modelchain():
    weather, _frame = pvwatts_export("pvwatts_8760_rackmount.csv")
    ours = pv.per_kwp_profiles(weather, MODELCHAIN_CASES).annual_kwh_per_kwp * 7.5
    for config, our_kwh in zip(MODELCHAIN_CASES, ours, strict=True):
        theirs = _modelchain_annual_kwh(weather, config, kwp=7.5)
        assert our_kwh == pytest.approx(theirs, rel=0.001), config


def test_fuentes_matches_pvlib_for_every_group_at_once():
    weather, frame = pvwatts_export("pvwatts_8760_roofmount.csv")
    poa = np.column_stack([frame["poa"].to_numpy(), frame["poa"].to_numpy() * 0.7])
    ours = pv.fuentes_cell_temperature(
        poa, weather.temp_air, weather.wind_speed, np.array([49.0, 45.0]), np.array([20.0, 35.0])
    )
    for g, (noct, tilt) in enumerate([(49.0, 20.0), (45.0, 35.0)]):
        theirs = pvlib.temperature.fuentes(
            pd.Series(poa[:, g], index=weather.times), weather.temp_air, weather.wind_speed,
            noct, surface_tilt=tilt,
        )  # fmt: skip
        np.testing.assert_allclose(ours[:, g], theirs.to_numpy(), atol=1e-6)


def _synthetic(days: int = 365) -> pv.Weather:
    times = pd.date_range("1990-01-01", periods=24 * days, freq="h", tz="Asia/Bangkok")
    clear = pvlib.location.Location(19.717, 100.18, altitude=446).get_clearsky(
        times + pd.Timedelta(minutes=30)
    )
    return pv.Weather(
        times=times, ghi=clear["ghi"].to_numpy() * 0.8, dni=clear["dni"].to_numpy() * 0.7,
        dhi=clear["dhi"].to_numpy() * 1.3, temp_air=np.full(len(times), 28.0),
        wind_speed=np.full(len(times), 1.5), latitude=19.717, longitude=100.18, altitude_m=446,
    )  # fmt: skip


def _with(weather: pv.Weather, **columns: np.ndarray) -> pv.Weather:
    values = {c: getattr(weather, c) for c in ("ghi", "dni", "dhi", "temp_air", "wind_speed")}
    values.update(columns)
    return pv.Weather(times=weather.times, latitude=weather.latitude,
                      longitude=weather.longitude, altitude_m=weather.altitude_m, **values)  # fmt: skip


CONFIG = [pv.SystemConfig(tilt_deg=15, azimuth_deg=180)]


def test_short_gap_is_interpolated_and_reported():
    weather = _synthetic()
    complete = pv.per_kwp_profiles(weather, CONFIG)
    hole = slice(24 * 100 + 10, 24 * 100 + 12)  # 2 h around noon on 11 April
    ghi, temp = weather.ghi.copy(), weather.temp_air.copy()
    ghi[hole], temp[hole] = np.nan, np.nan
    gapped = pv.per_kwp_profiles(_with(weather, ghi=ghi, temp_air=temp), CONFIG)
    assert gapped.gaps.missing_hours == 2 and gapped.gaps.interpolated_hours == 2
    assert gapped.gaps.unfilled_hours == 0
    assert "2 filled by linear interpolation" in gapped.gaps.note
    assert gapped.annual_kwh_per_kwp[0] == pytest.approx(complete.annual_kwh_per_kwp[0], rel=1e-3)


def test_long_gap_neither_zeroes_nor_poisons_the_year():
    weather = _synthetic()
    complete = pv.per_kwp_profiles(weather, CONFIG)
    june = (weather.times.month == 6) & (weather.times.day >= 10) & (weather.times.day < 20)
    columns = {c: getattr(weather, c).copy() for c in ("ghi", "dni", "dhi", "temp_air")}
    for values in columns.values():
        values[june] = np.nan
    gapped = pv.per_kwp_profiles(_with(weather, **columns), CONFIG)
    assert gapped.gaps.unfilled_hours == 240 and gapped.gaps.longest_gap_hours == 240
    assert gapped.gaps.unfilled_daylight_hours_by_month[5] > 100
    assert "240 left out" in gapped.gaps.note
    ours, full = gapped.monthly_kwh_per_kwp[0], complete.monthly_kwh_per_kwp[0]
    assert not np.isnan(ours).any()
    # June is scaled up from its 20 complete days, not zeroed: within 2 % of the full month.
    assert ours[5] == pytest.approx(full[5], rel=0.02)
    # Every other month is untouched (the thermal state recovers within hours after the gap).
    np.testing.assert_allclose(np.delete(ours, 5), np.delete(full, 5), rtol=1e-3)


def test_perez_nan_when_diffuse_is_zero_does_not_poison_temperature():
    weather = _synthetic()
    dhi = weather.dhi.copy()
    dhi[24 * 30 + 12] = 0.0  # sun up, no diffuse: Perez returns NaN for that hour
    result = pv.per_kwp_profiles(_with(weather, dhi=dhi), CONFIG)
    assert not np.isnan(result.hourly_w_per_kwp).any()
    assert result.gaps.missing_hours == 0


def test_fleet_scales_shared_profiles_exactly():
    weather = _synthetic()
    systems = pd.DataFrame(
        {"capacity_kwp": [3.0, 6.0, 10.0, 2.5],
         "tilt_deg": [15.0, 15.0, 30.0, 15.0], "azimuth_deg": [180.0, 180.0, 90.0, 180.0],
         "mounting": ["roof", "roof", "open_rack", "roof"],
         "module_type": ["standard", "standard", "premium", "standard"],
         "losses_pct": [14.08] * 4, "dc_ac_ratio": [1.2] * 4}
    )  # fmt: skip
    fleet = pv.estimate_fleet(weather, systems)
    assert len(fleet.profiles.configs) == 2
    one = pv.per_kwp_profiles(weather, [pv.SystemConfig(tilt_deg=15, azimuth_deg=180)])
    assert fleet.annual_kwh[1] == pytest.approx(one.annual_kwh_per_kwp[0] * 6.0, rel=1e-12)
    assert fleet.annual_kwh[1] == pytest.approx(fleet.annual_kwh[0] * 2, rel=1e-12)
    np.testing.assert_allclose(fleet.monthly_kwh.sum(axis=1), fleet.annual_kwh)
    assert 1300 < fleet.specific_yield_kwh_per_kwp[0] < 1700  # kWh/kWp at 80 % of clear sky


def test_bad_configuration_and_weather_are_refused():
    with pytest.raises(ValueError, match="mounting"):
        pv.SystemConfig(tilt_deg=10, azimuth_deg=180, mounting="balcony")
    weather = _synthetic(days=2)
    with pytest.raises(ValueError, match="continuous hours"):
        pv.Weather(times=weather.times[::2], ghi=weather.ghi[::2], dni=weather.dni[::2],
                   dhi=weather.dhi[::2], temp_air=weather.temp_air[::2],
                   wind_speed=weather.wind_speed[::2], latitude=0, longitude=0, altitude_m=0)  # fmt: skip
    with pytest.raises(ValueError, match="systems lack column"):
        pv.estimate_fleet(weather, pd.DataFrame({"capacity_kwp": [1.0]}))
