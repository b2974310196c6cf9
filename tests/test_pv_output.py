"""The compiled AC step (``pv_output.ac_sums``) against pvlib's ``pvwatts_dc`` and inverter.

Every hour's AC power and every day's and month's sum must equal what
``pvcases.ac_with_pvlib`` (pvlib's own functions, the losses applied the same way) gives, for
every module type, losses and DC/AC ratio, including clipping at the inverter's limit and hours with no light.
"""

import numpy as np

from sustain.core import pv, pv_output
from tests.pvcases import ac_with_pvlib, lit_hours, weather_year


def test_ac_sums_equal_pvlib_hour_by_hour_and_in_each_sum():
    prepared, geometry, light = lit_hours(weather_year("default_thai_year"))
    keys = [(15.0, 180.0, "roof"), (30.0, 90.0, "open_rack"), (0.0, 0.0, "roof")]
    transmitted, _poa = pv._poa(prepared, geometry, light, keys)
    rng = np.random.default_rng(5)
    temp_cell = 25 + 30 * rng.random((len(keys), len(prepared.times)))  # (groups, hours)
    configs = [
        pv.SystemConfig(tilt_deg=15, azimuth_deg=180, module_type="standard"),
        pv.SystemConfig(tilt_deg=15, azimuth_deg=180, module_type="premium", losses_pct=5),
        pv.SystemConfig(tilt_deg=30, azimuth_deg=90, mounting="open_rack", dc_ac_ratio=1.6),
        pv.SystemConfig(tilt_deg=0, azimuth_deg=0, module_type="thin_film", dc_ac_ratio=2.5),
    ]
    group = np.array([0, 0, 1, 2])
    day_codes, days = pv._day_codes(prepared.times)
    daily, monthly, hourly = pv_output.ac_sums(
        transmitted=transmitted.T, temp_cell=temp_cell, light=light, day_code=day_codes,
        month_index=geometry.month - 1, group=group,
        gamma_per_c=np.array([pv.GAMMA_PDC_PER_C[c.module_type] for c in configs]),
        losses_pct=np.array([c.losses_pct for c in configs]),
        dc_ac_ratio=np.array([c.dc_ac_ratio for c in configs]),
        eta_nom=pv.INVERTER_ETA_NOM, eta_ref=pv.INVERTER_ETA_REF, days=len(days), keep_hourly=True,
    )  # fmt: skip
    assert hourly is not None
    for c, config in enumerate(configs):
        theirs = ac_with_pvlib(
            transmitted[:, [group[c]]], temp_cell[group[c], light][:, None], [config]
        )[:, 0]
        expected = np.zeros(len(prepared.times))
        expected[light] = theirs
        np.testing.assert_allclose(hourly[c], expected, rtol=1e-12, atol=1e-9)
        np.testing.assert_allclose(
            daily[c], np.bincount(day_codes, weights=expected, minlength=len(days)), rtol=1e-12
        )
        by_month = np.bincount(geometry.month - 1, weights=expected, minlength=12)
        np.testing.assert_allclose(monthly[c], by_month, rtol=1e-12)
        assert float(np.min(by_month)) > 0
    # A high DC/AC ratio clips at the inverter's limit: 1000 W DC per kWp / 2.5 → 400 W AC.
    assert hourly[3].max() == np.float64(1000 / 2.5)
    assert (hourly[:, np.setdiff1d(np.arange(len(prepared.times)), light)] == 0).all()
