"""The installation page: metered against expected energy by month, axes labelled, and the
estimate's inputs in words (issue 15 §4)."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation

from sustain.installation_words import facing, inputs_in_words
from sustain.models import MeterReading
from sustain.services.solar import estimates, readings, weathersets


@pytest.fixture
def measured(municipality, household, staff_user):
    weathersets.weather_active()
    household.tilt_deg, household.azimuth_deg = 12, 135
    household.save()
    estimates.installation_estimate_refresh(installation_id=household.pk)
    for month, kwh in ((1, "510"), (2, "480"), (3, "1250.5")):
        start = dt.date(2026, month, 1)
        end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        readings.reading_save(
            reading=MeterReading(
                installation=household, period_start=start, period_end=end, energy_kwh=Decimal(kwh)
            )
        )
    return household


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_superuser("staff-page", password="pass-page-1")


def test_compass_points():
    with translation.override("en"):
        found = [facing(a) for a in (0, 44, 135, 180, 225, 350)]
    assert found == [
        "north", "north-east", "south-east", "south", "south-west", "north",
    ]  # fmt: skip


def test_inputs_in_words_in_english_and_thai(settings):
    inputs = {
        "capacity_kwp": 5.0, "tilt_deg": 12, "azimuth_deg": 135, "mounting": "roof",
        "module_type": "standard", "losses_pct": 14, "dc_ac_ratio": 1.2,
    }  # fmt: skip
    with translation.override("en"):
        assert inputs_in_words(inputs) == (
            "5 kWp, tilt 12°, facing south-east, roof-mounted, standard modules, "
            "system losses 14 %, DC/AC ratio 1.20"
        )
    with translation.override("th"):
        words = inputs_in_words(inputs)
    assert "มุมเอียง 12°" in words and "ทิศตะวันออกเฉียงใต้" in words
    assert "ติดตั้งบนหลังคา" in words and "แผงมาตรฐาน" in words
    assert not re.search(r"[a-z]+_[a-z]+|roof|standard", words), words


def test_installation_page_charts_metered_against_expected(measured, staff_user, client: Client):
    client.force_login(staff_user)
    client.cookies["django_language"] = "th"
    page = client.get(f"/manage/solar/{measured.pk}/").content.decode()
    found = re.search(r'<svg id="reading-chart".*?</svg>', page, re.S)
    assert found is not None
    chart = found.group()
    assert len(re.findall(r'<rect class="metered"', chart)) == 3
    assert len(re.findall(r'<rect class="expected"', chart)) == 3
    assert "พลังงาน (kWh)" in chart  # the y axis
    assert "เดือน" in chart  # the x axis
    assert "ม.ค. 2569" in chart and "มี.ค. 2569" in chart  # months in BE
    assert "1,250" in chart or "1,251" in chart  # the title of the highest bar, grouped
    heights = [float(h) for h in re.findall(r'class="metered"[^>]*height="([0-9.]+)"', chart)]
    assert heights[2] > heights[0] > heights[1] > 0  # 1250.5 > 510 > 480 kWh
    inputs = re.search(r'id="inputs-words">([^<]*)<', page)
    assert inputs is not None
    words = inputs.group(1)
    assert "มุมเอียง 12°" in words and "หันไปทางทิศตะวันออกเฉียงใต้" in words
    assert "module_type" not in page and "tilt_deg" not in page
