"""URL routes: the public map (home page), the API, staff admin and pages, the language switch."""

from django.contrib import admin
from django.urls import include, path

from sustain import map_views, staff_views
from sustain.api import api

urlpatterns = [
    path("", map_views.public_map, name="home"),
    path("manage/map/", map_views.staff_map, name="staff-map"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("staff/", admin.site.urls),
    path("manage/solar/", staff_views.solar_overview, name="staff-solar"),
    path("manage/solar/<int:pk>/", staff_views.installation_detail, name="staff-installation"),
    path("manage/weather/", staff_views.weather_page, name="staff-weather"),
    path("manage/maintenance/", staff_views.maintenance, name="staff-maintenance"),
]
