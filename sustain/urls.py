"""URL routes: the public map (home page), the API, staff admin and pages, the language switch."""

from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic.base import RedirectView

from sustain.api import api
from sustain.views import (
    enterprises,
    field,
    imports,
    installations,
    maintenance,
    maps,
    public,
    reports,
    roof,
    roof_staff,
    solar,
    waste,
    workorders,
)

static_lazy = lazy(static, str)

urlpatterns = [
    # Browsers ask for /favicon.ico on every page, the admin's and the API docs' too.
    # (static() asked when the icon is, not at import: the production manifest may not exist yet.)
    path(
        "favicon.ico",
        RedirectView.as_view(url=static_lazy("img/field-icon-192.png"), permanent=True),
    ),
    path("", maps.public_map, name="home"),
    path("manage/map/", maps.staff_map, name="staff-map"),
    path("points/<str:key>/", public.point_page, name="point"),
    path("points/<str:key>/poster/", public.point_poster, name="point-poster"),
    path("achievements/", public.achievements_page, name="achievements"),
    path("solar/my-roof/", roof.my_roof, name="my-roof"),
    path("solar/my-roof/estimate", roof.my_roof_estimate, name="my-roof-estimate"),
    path("solar/my-roof/advice", roof.my_roof_advice, name="my-roof-advice"),
    path("manage/leads/", roof_staff.leads_list, name="staff-leads"),
    path("manage/leads/<int:pk>/", roof_staff.lead_action, name="staff-lead-action"),
    path("manage/leads.geojson", roof_staff.leads_geojson, name="staff-leads-geojson"),
    path("manage/solar/potential/", roof_staff.rooftop_potential, name="staff-potential"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("ogc/", include("sustain.ogc.urls")),
    path("staff/", admin.site.urls),
    path("manage/solar/", solar.solar_overview, name="staff-solar"),
    path("manage/solar/<int:pk>/", solar.installation_detail, name="staff-installation"),
    path(
        "manage/solar/installations/",
        installations.installation_list,
        name="staff-installations",
    ),
    path("manage/weather/", solar.weather_page, name="staff-weather"),
    path("manage/maintenance/", maintenance.due_list_page, name="staff-maintenance"),
    path("manage/maintenance/budget/", maintenance.budget_page, name="staff-budget"),
    path("manage/maintenance/budget.xlsx", maintenance.budget_xlsx, name="staff-budget-xlsx"),
    path(
        "manage/maintenance/inspections/<uuid:uuid>/",
        maintenance.inspection_page,
        name="staff-inspection",
    ),
    path(
        "manage/maintenance/photos/<uuid:uuid>/",
        maintenance.inspection_photo,
        name="staff-inspection-photo",
    ),
    path(
        "manage/maintenance/work-orders/",
        workorders.work_order_list,
        name="staff-work-orders",
    ),
    path(
        "manage/maintenance/work-orders/new/",
        workorders.work_order_new,
        name="staff-work-order-new",
    ),
    path(
        "manage/maintenance/work-orders/<int:pk>/",
        workorders.work_order_detail,
        name="staff-work-order",
    ),
    path(
        "manage/maintenance/alerts/<int:reading_id>/work-order/",
        workorders.alert_work_order,
        name="staff-alert-work-order",
    ),
    path(
        "manage/waste/points/<int:pk>/",
        maintenance.waste_point_page,
        name="staff-waste-point",
    ),
    path("field/", field.field_app, name="field-app"),
    path("field/sw.js", field.field_service_worker, name="field-sw"),
    path("field/manifest.webmanifest", field.field_manifest, name="field-manifest"),
    path("manage/jobs/<slug:kind>/<int:pk>/retry/", solar.job_retry, name="staff-job-retry"),
    path("manage/waste/", waste.waste_overview, name="staff-waste"),
    path("manage/waste/session/", waste.waste_session, name="staff-waste-session"),
    path("manage/enterprises/", enterprises.enterprises_overview, name="staff-enterprises"),
    path("manage/import/", imports.import_list, name="staff-imports"),
    path("manage/import/<int:pk>/", imports.import_detail, name="staff-import"),
    path("manage/import/<int:pk>/commit/", imports.import_commit, name="staff-import-commit"),
    path("manage/import/<int:pk>/options/", imports.import_options, name="staff-import-options"),
    path(
        "manage/import/<int:pk>/refused.csv",
        imports.import_refused,
        name="staff-import-refused",
    ),
    path("manage/reports/", reports.staff_reports, name="staff-reports"),
    path("manage/reports/<int:pk>/", reports.staff_report, name="staff-report"),
    path(
        "manage/reports/<int:pk>/publish/",
        reports.staff_report_publish,
        name="staff-report-publish",
    ),
    path(
        "manage/reports/<int:pk>/files/<slug:kind>/",
        reports.staff_report_file,
        name="staff-report-file",
    ),
    path("reports/", reports.public_reports, name="reports"),
    path("reports/<int:pk>/", reports.public_report, name="report"),
    path("reports/<int:pk>/files/<slug:kind>/", reports.public_report_file, name="report-file"),
    path(
        "reports/<int:pk>/tables/<slug:key>.csv",
        reports.public_report_table,
        name="report-table",
    ),
]
