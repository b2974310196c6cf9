"""The fleet's plane-of-array kernel (``pv_irradiance.poa_many``) against pvlib's own functions.

pvlib's ``aoi``, ``perez``, ``get_ground_diffuse`` and ``iam.physical``, called the way the chain
used them before the kernel (broadcast over orientations, NaN sky or ground terms taken as 0), must
give the same transmitted and total irradiance for every orientation and hour of two weather
years: the real PVWatts export (Denver, with winter twilight and overcast hours) and the default
Thai year.
"""

import numpy as np
import pvlib
import pytest

from sustain.core import pv, pv_irradiance
from tests.pvcases import lit_hours, weather_year


def _with_pvlib(prepared, geometry, light, tilt, azimuth):
    col = np.newaxis
    zenith = geometry.apparent_zenith[light, col]
    sun_azimuth = geometry.solar_azimuth[light, col]
    dni, dhi, ghi = prepared.dni[light, col], prepared.dhi[light, col], prepared.ghi[light, col]
    aoi = pvlib.irradiance.aoi(tilt[None, :], azimuth[None, :], zenith, sun_azimuth)
    with np.errstate(invalid="ignore", divide="ignore"):
        sky = pvlib.irradiance.perez(
            tilt[None, :], azimuth[None, :], dhi, dni, geometry.dni_extra[light, col], zenith,
            sun_azimuth, geometry.airmass[light, col],
        )  # fmt: skip
        ground = pvlib.irradiance.get_ground_diffuse(tilt[None, :], ghi, albedo=pv.ALBEDO)
        beam = np.maximum(dni * np.cos(np.radians(aoi)), 0)
        sky = np.nan_to_num(np.asarray(sky, dtype=float), nan=0.0)
        ground = np.nan_to_num(np.asarray(ground, dtype=float), nan=0.0)
        transmitted = beam * pvlib.iam.physical(aoi, n=1.526, K=4.0, L=0.002) + sky + ground
    return transmitted, beam + sky + ground


@pytest.mark.parametrize("source", ["pvwatts_export", "default_thai_year"])
def test_poa_many_equals_pvlib_for_every_orientation_and_hour(source):
    prepared, geometry, light = lit_hours(weather_year(source))
    rng = np.random.default_rng(41)
    # Whole degrees as staff enter them, plus the edges: flat, vertical, every quadrant.
    tilt = np.r_[0.0, 90.0, 45.0, 30.0, rng.integers(0, 91, 196)].astype(float)
    azimuth = np.r_[0.0, 359.0, 90.0, 270.0, rng.integers(0, 360, 196)].astype(float)
    theirs_transmitted, theirs_total = _with_pvlib(prepared, geometry, light, tilt, azimuth)
    ours_transmitted, ours_total = pv._poa(
        prepared, geometry, light, [(t, a, "roof") for t, a in zip(tilt, azimuth, strict=True)]
    )
    assert ours_total.shape == (len(light), len(tilt))
    assert not np.isnan(ours_transmitted).any()
    np.testing.assert_allclose(ours_transmitted, theirs_transmitted, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(ours_total, theirs_total, rtol=1e-12, atol=1e-9)
    # Real light reaches the modules (a kernel that returned zeros would pass nothing above).
    assert theirs_total.sum(axis=0).min() > 1e5


def test_perez_terms_are_per_hour_and_nan_where_pvlib_has_no_clearness_bin():
    dhi = np.array([100.0, 0.0, 250.0])
    dni = np.array([600.0, 0.0, 50.0])
    f1, f2, b = pv_irradiance.perez_sky_terms(
        dhi=dhi, dni=dni, dni_extra=np.full(3, 1400.0),
        solar_zenith_deg=np.array([30.0, 88.0, 89.0]), airmass=np.array([1.15, 20.0, 26.0]),
    )  # fmt: skip
    assert np.isnan(f1[1]) and np.isnan(f2[1])  # DHI 0: pvlib's clearness is undefined
    assert f1[0] > 0 and f1[2] >= 0
    assert b[2] == pytest.approx(np.cos(np.radians(85)))  # the denominator's floor
    # One horizontal module: Perez with F1, F2 reproduces pvlib's sky diffuse.
    expected = pvlib.irradiance.perez(0.0, 180.0, dhi[0], dni[0], 1400.0, 30.0, 180.0, 1.15)
    tilted = dhi[0] * ((1 - f1[0]) * 1.0 + f1[0] * np.cos(np.radians(30)) / b[0])
    assert tilted == pytest.approx(float(expected), rel=1e-12)
