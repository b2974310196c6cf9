"""URL routes: the public map (home page), the API, staff admin and pages, the language switch."""

from django.contrib import admin
from django.urls import include, path

from sustain import (
    import_views,
    map_views,
    report_views,
    roof_staff_views,
    roof_views,
    staff_views,
    waste_views,
)
from sustain.api import api

urlpatterns = [
    path("", map_views.public_map, name="home"),
    path("manage/map/", map_views.staff_map, name="staff-map"),
    path("solar/my-roof/", roof_views.my_roof, name="my-roof"),
    path("solar/my-roof/estimate", roof_views.my_roof_estimate, name="my-roof-estimate"),
    path("solar/my-roof/advice", roof_views.my_roof_advice, name="my-roof-advice"),
    path("manage/leads/", roof_staff_views.leads_list, name="staff-leads"),
    path("manage/leads/<int:pk>/", roof_staff_views.lead_action, name="staff-lead-action"),
    path("manage/leads.geojson", roof_staff_views.leads_geojson, name="staff-leads-geojson"),
    path("manage/solar/potential/", roof_staff_views.rooftop_potential, name="staff-potential"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("staff/", admin.site.urls),
    path("manage/solar/", staff_views.solar_overview, name="staff-solar"),
    path("manage/solar/<int:pk>/", staff_views.installation_detail, name="staff-installation"),
    path("manage/weather/", staff_views.weather_page, name="staff-weather"),
    path("manage/maintenance/", staff_views.maintenance, name="staff-maintenance"),
    path("manage/waste/", waste_views.waste_overview, name="staff-waste"),
    path("manage/waste/session/", waste_views.waste_session, name="staff-waste-session"),
    path("manage/enterprises/", waste_views.enterprises_overview, name="staff-enterprises"),
    path("manage/import/", import_views.import_list, name="staff-imports"),
    path("manage/import/<int:pk>/", import_views.import_detail, name="staff-import"),
    path("manage/import/<int:pk>/commit/", import_views.import_commit, name="staff-import-commit"),
    path(
        "manage/import/<int:pk>/refused.csv",
        import_views.import_refused,
        name="staff-import-refused",
    ),
    path("manage/reports/", report_views.staff_reports, name="staff-reports"),
    path("manage/reports/<int:pk>/", report_views.staff_report, name="staff-report"),
    path(
        "manage/reports/<int:pk>/publish/",
        report_views.staff_report_publish,
        name="staff-report-publish",
    ),
    path(
        "manage/reports/<int:pk>/files/<slug:kind>/",
        report_views.staff_report_file,
        name="staff-report-file",
    ),
    path("reports/", report_views.public_reports, name="reports"),
    path("reports/<int:pk>/", report_views.public_report, name="report"),
    path(
        "reports/<int:pk>/files/<slug:kind>/", report_views.public_report_file, name="report-file"
    ),
    path(
        "reports/<int:pk>/tables/<slug:key>.csv",
        report_views.public_report_table,
        name="report-table",
    ),
]
