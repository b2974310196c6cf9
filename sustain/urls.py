"""URL routes: the public map (home page), the API, staff admin and pages, the language switch."""

from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic.base import RedirectView

from sustain import (
    field_views,
    import_views,
    installation_list_views,
    maintenance_views,
    map_views,
    report_views,
    roof_staff_views,
    roof_views,
    staff_views,
    waste_views,
    workorder_views,
)
from sustain.api import api

urlpatterns = [
    # Browsers ask for /favicon.ico on every page, the admin's and the API docs' too.
    path("favicon.ico", RedirectView.as_view(url=static("img/field-icon-192.png"), permanent=True)),
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
    path("ogc/", include("sustain.ogc.urls")),
    path("staff/", admin.site.urls),
    path("manage/solar/", staff_views.solar_overview, name="staff-solar"),
    path("manage/solar/<int:pk>/", staff_views.installation_detail, name="staff-installation"),
    path(
        "manage/solar/installations/",
        installation_list_views.installation_list,
        name="staff-installations",
    ),
    path("manage/weather/", staff_views.weather_page, name="staff-weather"),
    path("manage/maintenance/", maintenance_views.due_list_page, name="staff-maintenance"),
    path("manage/maintenance/budget/", maintenance_views.budget_page, name="staff-budget"),
    path("manage/maintenance/budget.xlsx", maintenance_views.budget_xlsx, name="staff-budget-xlsx"),
    path(
        "manage/maintenance/inspections/<uuid:uuid>/",
        maintenance_views.inspection_page,
        name="staff-inspection",
    ),
    path(
        "manage/maintenance/photos/<uuid:uuid>/",
        maintenance_views.inspection_photo,
        name="staff-inspection-photo",
    ),
    path(
        "manage/maintenance/work-orders/",
        workorder_views.work_order_list,
        name="staff-work-orders",
    ),
    path(
        "manage/maintenance/work-orders/new/",
        workorder_views.work_order_new,
        name="staff-work-order-new",
    ),
    path(
        "manage/maintenance/work-orders/<int:pk>/",
        workorder_views.work_order_detail,
        name="staff-work-order",
    ),
    path(
        "manage/maintenance/alerts/<int:reading_id>/work-order/",
        workorder_views.alert_work_order,
        name="staff-alert-work-order",
    ),
    path(
        "manage/waste/points/<int:pk>/",
        maintenance_views.waste_point_page,
        name="staff-waste-point",
    ),
    path("field/", field_views.field_app, name="field-app"),
    path("field/sw.js", field_views.field_service_worker, name="field-sw"),
    path("field/manifest.webmanifest", field_views.field_manifest, name="field-manifest"),
    path("manage/jobs/<slug:kind>/<int:pk>/retry/", staff_views.job_retry, name="staff-job-retry"),
    path("manage/waste/", waste_views.waste_overview, name="staff-waste"),
    path("manage/waste/session/", waste_views.waste_session, name="staff-waste-session"),
    path("manage/enterprises/", waste_views.enterprises_overview, name="staff-enterprises"),
    path("manage/import/", import_views.import_list, name="staff-imports"),
    path("manage/import/<int:pk>/", import_views.import_detail, name="staff-import"),
    path("manage/import/<int:pk>/commit/", import_views.import_commit, name="staff-import-commit"),
    path(
        "manage/import/<int:pk>/options/", import_views.import_options, name="staff-import-options"
    ),
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
