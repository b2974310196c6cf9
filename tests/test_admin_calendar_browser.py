"""The admin's calendar on a Thai page writes Buddhist-era years (issue 15 §1): *Today*, a picked
day and the calendar's caption; the form saves the date it shows."""

import re

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from sustain.models import MeterReading
from sustain.services.solar import weathersets
from tests.conftest import browser_sign_in
from tests.test_browser import Watched, watched  # noqa: F401  (the watched page fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_calendar_writes_be_years(watched: Watched, live_server, household):  # noqa: F811
    weathersets.weather_active()
    User.objects.create_superuser("calendar", password="calendar-pass-1")
    page = watched.page
    browser_sign_in(
        page, live_server.url, username="calendar", password="calendar-pass-1",
        next_path="/staff/sustain/meterreading/add/", ready="#id_period_start",
    )  # fmt: skip
    today = timezone.localdate()
    # "Today" (วันนี้) beside the first date writes today with its BE year.
    page.wait_for_load_state("load")  # the calendar's links are added then
    # The admin's JavaScript words that Django's Thai catalogue lacks come from ours.
    assert page.evaluate("gettext('Choose all %s')") == "เลือก%sทั้งหมด"
    assert page.evaluate("pgettext('abbrev. month March', 'Mar')") == "มี.ค."
    page.locator(".datetimeshortcuts").first.get_by_text("วันนี้").click()
    expected = f"{today.day:02d}/{today.month:02d}/{today.year + 543}"
    assert page.input_value("#id_period_start") == expected
    # The calendar opens at that month, its caption in BE; a picked day is written in BE.
    page.locator("#calendarlink0").click()
    caption = page.locator("#calendarbox0 caption").inner_text()
    assert caption.endswith(str(today.year + 543)), caption
    page.locator("#calendarbox0 td a", has_text=re.compile(r"^1$")).first.click()
    assert page.input_value("#id_period_start") == f"01/{today.month:02d}/{today.year + 543}"
    # The form reads the BE date it shows (and a CE date typed by hand) as the same day.
    page.fill("#id_period_end", f"{today.day:02d}/{today.month:02d}/{today.year}")
    page.locator("input[name=_save]").click()
    page.wait_for_selector(".errornote")  # no installation chosen: the form comes back
    assert page.locator(".field-period_start .errorlist").count() == 0
    assert page.locator(".field-period_end .errorlist").count() == 0
    assert page.input_value("#id_period_start") == f"01/{today.month:02d}/{today.year + 543}"
    assert page.input_value("#id_period_end") == f"{today.day:02d}/{today.month:02d}/{today.year}"
    assert MeterReading.objects.count() == 0
    assert watched.errors == [] and watched.console_errors == []
