"""Stored estimates, weather import and activation, meter readings, maintenance, staff pages."""

import datetime as dt
from decimal import Decimal

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from sustain.core import pv
from sustain.models import (
    EstimateRun,
    InstallationEstimate,
    MeterReading,
    RunStatus,
    WeatherDataset,
)
from sustain.services.solar import estimates, readings, weathersets
from tests import weatherfiles as wf
from tests.oncommit import work_after_commit


def test_default_weather_is_created_once_and_marked_approximate(default_weather):
    assert default_weather.approximate and default_weather.active
    assert weathersets.weather_default_ensure().pk == default_weather.pk
    assert WeatherDataset.objects.count() == 1
    w = weathersets.weather_load(default_weather.pk)
    assert len(w.times) == 8760 and str(w.times.tz) == "Asia/Bangkok"
    assert default_weather.annual_ghi_kwh_m2 / 365 == pytest.approx(5.14, abs=0.01)


def test_reading_the_active_weather_creates_nothing(municipality):
    assert weathersets.weather_active() is None
    assert not WeatherDataset.objects.exists()


def test_installation_estimate_stores_figures_and_provenance(estimated, household):
    estimate = household.estimate
    assert len(estimate.monthly_kwh) == 12
    assert estimate.annual_kwh == pytest.approx(sum(estimate.monthly_kwh), abs=0.01)
    assert estimate.specific_yield_kwh_per_kwp == pytest.approx(estimate.annual_kwh / 5, rel=1e-4)
    assert 1300 < estimate.specific_yield_kwh_per_kwp < 1550  # default year, tilt 15° south
    assert estimate.weather.approximate and estimate.model_version == pv.MODEL_VERSION
    assert estimate.inputs == {"tilt_deg": 15.0, "azimuth_deg": 180.0, "mounting": "roof",
                               "module_type": "standard", "losses_pct": 14.08,
                               "dc_ac_ratio": 1.2, "capacity_kwp": 5.0}  # fmt: skip
    assert estimate.weather_gaps == "complete: no missing hours"


def test_estimate_matches_the_pure_model(estimated, household, default_weather):
    w = weathersets.weather_load(default_weather.pk)
    direct = pv.per_kwp_profiles(w, [estimates.installation_config(household)])
    assert household.estimate.annual_kwh == pytest.approx(
        direct.annual_kwh_per_kwp[0] * 5, abs=0.01
    )


def test_changing_inputs_queues_a_refresh_and_other_edits_do_not(
    estimated, household, django_capture_on_commit_callbacks
):
    household.notes = "ดูแลดี"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        estimates.solar_installation_save(installation=household)
    assert work_after_commit(callbacks) == []
    before = InstallationEstimate.objects.get(installation=household).annual_kwh
    household.capacity_kwp = Decimal("10")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        estimates.solar_installation_save(installation=household)
    assert len(work_after_commit(callbacks)) == 1  # the (eager) Celery task ran after commit
    assert InstallationEstimate.objects.get(installation=household).annual_kwh == pytest.approx(
        before * 2, rel=1e-6
    )


def test_fleet_refresh_is_complete_idempotent_and_reports_progress(
    default_weather, household, school
):
    run = EstimateRun.objects.create(weather=default_weather)
    estimates.fleet_refresh(run_id=run.pk)
    run.refresh_from_db()
    assert (run.status, run.done, run.total) == (RunStatus.DONE, 2, 2) and run.finished_at
    first = list(InstallationEstimate.objects.values_list("installation_id", "annual_kwh"))
    second_run = EstimateRun.objects.create(weather=default_weather)
    estimates.fleet_refresh(run_id=second_run.pk)
    assert list(InstallationEstimate.objects.values_list("installation_id", "annual_kwh")) == first
    assert InstallationEstimate.objects.count() == 2


def test_importing_weather_activates_it_and_queues_the_fleet(
    tmp_path, default_weather, household, somchai, django_capture_on_commit_callbacks
):
    path = wf.write_pvgis_json(tmp_path / "tmy.json", wf.synthetic_year())
    with django_capture_on_commit_callbacks(execute=True):
        dataset = weathersets.weather_import_file(path=path, file_name="tmy.json", actor=somchai)
    default_weather.refresh_from_db()
    assert dataset.active and not default_weather.active and not dataset.approximate
    assert dataset.created_by == somchai and dataset.source_format == "pvgis_json"
    run = EstimateRun.objects.get(weather=dataset)
    assert run.status == RunStatus.DONE and run.done == 1
    assert InstallationEstimate.objects.get(installation=household).weather == dataset


def test_bad_or_far_weather_changes_nothing(tmp_path, default_weather, english):
    broken = wf.write_epw(tmp_path / "short.epw", wf.synthetic_year(), rows=100)
    with pytest.raises(ValidationError) as caught:
        weathersets.weather_import_file(path=broken, file_name="short.epw")
    assert "100 hourly rows" in caught.value.message_dict["file"][0]
    far = wf.write_pvgis_json(tmp_path / "far.json", wf.synthetic_year(), latitude=13.75)
    with pytest.raises(ValidationError) as caught:
        weathersets.weather_import_file(path=far, file_name="far.json")
    assert "silently" not in caught.value.message_dict["file"][0]
    assert "km from" in caught.value.message_dict["file"][0]
    assert list(WeatherDataset.objects.filter(active=True)) == [default_weather]
    assert WeatherDataset.objects.count() == 1


def _reading(installation, start, end, kwh, register=None) -> MeterReading:
    return MeterReading(installation=installation, period_start=start, period_end=end,
                        energy_kwh=Decimal(kwh), meter_register_kwh=register)  # fmt: skip


def test_reading_gets_expected_energy_and_ratio(estimated, household):
    reading = readings.reading_save(
        reading=_reading(household, dt.date(2025, 3, 1), dt.date(2025, 3, 31), "500")
    )
    march = household.estimate.monthly_kwh[2]
    assert reading.expected_kwh == pytest.approx(march, rel=1e-4)
    assert reading.performance_ratio == pytest.approx(500 / march, abs=1e-4)
    assert reading.expected_model_version == pv.MODEL_VERSION


def test_readings_that_overlap_or_run_backwards_are_refused(estimated, household, english):
    readings.reading_save(reading=_reading(household, dt.date(2025, 1, 1), dt.date(2025, 1, 31),
                                            "550", register=Decimal("10000")))  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        readings.reading_save(reading=_reading(household, dt.date(2025, 1, 20),
                                                dt.date(2025, 2, 10), "300"))  # fmt: skip
    assert "overlaps the reading" in caught.value.message_dict["period_start"][0]
    with pytest.raises(ValidationError) as caught:
        readings.reading_save(reading=_reading(household, dt.date(2025, 2, 1),
                                                dt.date(2025, 2, 28), "500",
                                                register=Decimal("9000")))  # fmt: skip
    assert "runs backwards" in caught.value.message_dict["meter_register_kwh"][0]
    with pytest.raises(ValidationError) as caught:
        readings.reading_save(reading=_reading(household, dt.date(2025, 3, 31),
                                                dt.date(2025, 3, 1), "500"))  # fmt: skip
    assert "on or after period start" in caught.value.message_dict["period_end"][0]
    assert MeterReading.objects.count() == 1


def test_maintenance_lists_underperformers_with_their_figures(estimated, household, school):
    for installation, share in ((household, 0.95), (school, 0.6)):
        expected = installation.estimate.monthly_kwh[4]
        readings.reading_save(reading=_reading(installation, dt.date(2025, 5, 1),
                                                dt.date(2025, 5, 31), f"{expected * share:.3f}"))  # fmt: skip
    flags = readings.maintenance_flags()
    assert [f.installation for f in flags] == [school]
    assert flags[0].reading.performance_ratio == pytest.approx(0.6, abs=1e-3)
    assert [f.installation for f in readings.maintenance_flags(threshold=0.99)] == [
        household,
        school,
    ]


def test_staff_pages_show_figures_provenance_and_flags(
    client, somchai, estimated, household, school
):
    client.force_login(somchai)
    page = client.get(f"/manage/solar/{household.pk}/").content.decode()
    assert (
        f"{household.estimate.annual_kwh:,.0f}" in page
        or f"{household.estimate.annual_kwh:.0f}" in page
    )
    assert "<svg" in page and page.count("<rect") == 12
    assert "ประมาณการ" in page or "approximate" in page  # the default year is flagged
    assert pv.MODEL_VERSION in page
    overview = client.get("/manage/solar/").content.decode()
    assert "35.0 kWp" in overview
    response = client.post(f"/manage/solar/{household.pk}/", {
        "period_start": "01/06/2568", "period_end": "30/06/2568", "energy_kwh": "10"})  # fmt: skip
    assert response.status_code == 302
    assert MeterReading.objects.get().period_start == dt.date(2025, 6, 1)
    assert "/manage/solar/" in client.get("/manage/maintenance/").content.decode()
    bad = client.post(f"/manage/solar/{household.pk}/", {
        "period_start": "15/06/2568", "period_end": "20/06/2568", "energy_kwh": "10"})  # fmt: skip
    assert bad.status_code == 400 and "ทับซ้อน" in bad.content.decode()


def test_staff_weather_page_imports_and_refuses(client, somchai, tmp_path, default_weather):
    client.force_login(somchai)
    good = wf.write_pvgis_csv(tmp_path / "tmy.csv", wf.synthetic_year())
    upload = SimpleUploadedFile("tmy.csv", good.read_bytes())
    response = client.post(
        "/manage/weather/", {"upload": "1", "source_format": "auto", "file": upload}
    )
    assert response.status_code == 302
    assert WeatherDataset.objects.get(active=True).source_format == "pvgis_csv"
    truncated = SimpleUploadedFile("tmy.csv", good.read_bytes()[:20000])
    response = client.post(
        "/manage/weather/", {"upload": "1", "source_format": "auto", "file": truncated}
    )
    assert response.status_code == 400 and "8760" in response.content.decode()
    assert WeatherDataset.objects.get(active=True).source_format == "pvgis_csv"


def test_monthly_weather_from_the_staff_page(client, somchai, municipality, household):
    client.force_login(somchai)
    form = {"monthly": "1", "name": "สถานีทดสอบ"}
    for m in range(1, 13):
        form[f"ghi_{m:02d}"] = "4.5"  # below the clear sky of every month (December: 4.86)
        form[f"temp_{m:02d}"] = "26"
    assert client.post("/manage/weather/", form).status_code == 302
    assert WeatherDataset.objects.get(active=True).source_format == "monthly"
    form["ghi_01"] = "9.5"  # above the clear sky in January
    response = client.post("/manage/weather/", form)
    page = response.content.decode()
    assert response.status_code == 400 and "เดือนที่ 1: ค่าความเข้มรังสีเฉลี่ยรายวัน 9.5" in page


def test_estimate_pv_command(tmp_path, capsys, db):
    weather_path = wf.write_epw(tmp_path / "site.epw", wf.synthetic_year())
    systems = tmp_path / "systems.csv"
    systems.write_text(
        "id,latitude,longitude,capacity_kwp,tilt_deg,azimuth_deg,mounting,module_type,losses_pct,dc_ac_ratio\n"
        "school-roof,19.72,100.18,10,15,180,roof,standard,,\n"
        "temple,19.70,100.19,5,15,180,roof,standard,14.08,1.2\n"
        "office,19.71,100.17,20,10,135,open_rack,premium,10,1.1\n"
    )
    out = tmp_path / "result.csv"
    call_command(
        "estimate_pv", "--weather", str(weather_path), "--systems", str(systems), "--out", str(out)
    )
    rows = [line.split(",") for line in out.read_text().splitlines()]
    assert (
        rows[0][:3] == ["id", "annual_kwh", "specific_yield_kwh_per_kwp"]
        and rows[0][-1] == "kwh_12"
    )
    school, temple = rows[1], rows[2]
    assert float(school[1]) == pytest.approx(2 * float(temple[1]), abs=0.2)  # same config, 2x kWp
    assert float(school[1]) == pytest.approx(sum(map(float, school[3:])), abs=1)
    assert float(school[2]) == pytest.approx(float(temple[2]), abs=0.05)
    systems.write_text(
        "id,latitude,longitude,capacity_kwp,tilt_deg,azimuth_deg\nfar,13.75,100.5,5,15,180\n"
    )
    with pytest.raises(CommandError, match=r"line 2: system 'far' is .* km from the weather"):
        call_command("estimate_pv", "--weather", str(weather_path), "--systems", str(systems))
    systems.write_text(
        "id,latitude,longitude,capacity_kwp,tilt_deg,azimuth_deg,mounting\nx,19.7,100.2,5,95,180,roof\n"
    )
    with pytest.raises(
        CommandError, match="line 2, column tilt_deg: '95' is not a number from 0 to 90"
    ):
        call_command("estimate_pv", "--weather", str(weather_path), "--systems", str(systems))
    systems.write_text(
        "id,latitude,longitude,capacity_kwp,tilt_deg,azimuth_deg,mounting\nx,19.7,100.2,5,15,180,wall\n"
    )
    with pytest.raises(CommandError, match="column mounting: 'wall' is not one of open_rack, roof"):
        call_command("estimate_pv", "--weather", str(weather_path), "--systems", str(systems))


def test_estimate_pv_matches_the_fleet_path(tmp_path, db):
    """The command and the stored estimates share pv.estimate_fleet: same numbers for same inputs."""
    frame = wf.synthetic_year()
    weather_path = wf.write_epw(tmp_path / "site.epw", frame)
    from sustain.core import weather

    w = weather.read_weather_file(weather_path).weather
    direct = pv.per_kwp_profiles(w, [pv.SystemConfig(tilt_deg=15, azimuth_deg=180)])
    systems = tmp_path / "s.csv"
    systems.write_text(
        "id,latitude,longitude,capacity_kwp,tilt_deg,azimuth_deg\na,19.72,100.18,4,15,180\n"
    )
    out = tmp_path / "r.csv"
    call_command(
        "estimate_pv", "--weather", str(weather_path), "--systems", str(systems), "--out", str(out)
    )
    annual = float(out.read_text().splitlines()[1].split(",")[1])
    assert annual == pytest.approx(direct.annual_kwh_per_kwp[0] * 4, abs=0.05)
    assert not np.isnan(annual)
