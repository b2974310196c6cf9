"""The demo report's headline figures, pinned: moving code around must not move a number.

The values were read from the report of fiscal year 2569 before the report code was reorganised
(the demo is deterministic). A change here is a change to what the municipality publishes: it
needs a reason in the commit, never a quiet update of the expected values.
"""

import pytest

from sustain.report.figures import report_figures

# Summed floats may differ in the last bits between databases; nothing else may move them.
REL = 1e-9

HEADLINE_2569 = {
    "renewable_share": 8.996504980908494,
    "solar_kwh": 881657.4881290323,
    "kwp_operating": 631.27,
    "waste_per_capita": 17.867810760667904,
    "recycled_share": 32.08369026295979,
    "hazardous_kg": 127.8,
    "hazardous_to_facility": 100.0,
    "avoided_tco2e": 517.1158051260032,
    "enterprises": 4,
}
COMPARISON_2569 = {  # (fiscal 2569, fiscal 2568)
    "kwp_added": (19.7, 48.19),
    "solar_kwh": (881657.4881290323, 823968.366567742),
    "solar_avoided_kgco2e": (423819.12712600327, 411901.7864472142),
    "waste_kg": (96307.5, 94394.2),
    "waste_avoided_kgco2e": (93296.678, 93665.114),
    "enterprise_revenue_thb": (641000.0, 709000.0),
}
SOLAR_2569 = {
    "installations_operating": 56,
    "kwp_operating": 631.27,
    "installations_added": 3,
    "kwp_added": 19.7,
    "kwh": 881657.4881290323,
    "metered_kwh": 80382.6,
    "estimated_kwh": 801274.8881290322,
    "avoided_kgco2e": 423819.12712600327,
    "uncredited_kwh": 0.0,
    "specific_yield_kwh_per_kwp": 1398.8301584446585,
}
SOLAR_AVOIDED_BY_TYPE_2569 = {
    "business": 45996.813400800005,
    "community_enterprise": 11781.232124999999,
    "government": 54981.245212899994,
    "health_centre": 18572.3638125,
    "household": 150466.61744610325,
    "other": 2629.4353135,
    "school": 98154.22674360001,
    "temple": 41237.193071600006,
}
WASTE_2569 = {
    "total_kg": 96307.5,
    "revenue_thb": 260640.3020000001,
    "hazardous_kg": 127.8,
    "avoided_kgco2e": 93296.678,
}
ENTERPRISES_2569 = {
    "count": 4,
    "reported": 4,
    "members": 75,
    "revenue_thb": 641000.0,
    "jobs": 26,
}


@pytest.fixture
def figures(demo_loaded):
    return report_figures(basis="fiscal", year_be=2569)


def test_headline_figures_are_pinned(figures):
    assert {h["key"]: h["value"] for h in figures["headline"]} == pytest.approx(
        HEADLINE_2569, rel=REL
    )


def test_comparison_with_the_previous_year_is_pinned(figures):
    compared = {c["key"]: (c["current"], c["previous"]) for c in figures["comparison"]}
    assert compared.keys() == COMPARISON_2569.keys()
    for key, (current, previous) in COMPARISON_2569.items():
        assert compared[key] == pytest.approx((current, previous), rel=REL), key


def test_section_totals_are_pinned(figures):
    solar, waste, enterprises = figures["solar"], figures["waste"], figures["enterprises"]
    assert {k: solar[k] for k in SOLAR_2569} == pytest.approx(SOLAR_2569, rel=REL)
    by_type = {row["key"]: row["avoided_kgco2e"] for row in solar["by_building_type"]}
    assert by_type == pytest.approx(SOLAR_AVOIDED_BY_TYPE_2569, rel=REL)
    assert {k: waste[k] for k in WASTE_2569} == pytest.approx(WASTE_2569, rel=REL)
    assert waste["gaps"] == ["e_waste", "green_waste"]
    assert {k: enterprises[k] for k in ENTERPRISES_2569} == ENTERPRISES_2569
    assert [t["met"] for t in figures["targets"]] == [False, True, True]
