"""The staff admin: every record with Thai labels, search, filters, BE dates and its history."""

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from sustain import models as m
from sustain import seed_words
from sustain.forms import AdminEraDateWidget, EraDateField
from sustain.hours_fields import OpeningHoursField
from sustain.number_fields import LOCAL_NUMBERS
from sustain.permissions import sees_private
from sustain.services.gis import places
from sustain.services.records import record_delete, record_save
from sustain.services.solar import estimates, readings
from sustain.waste_point_forms import MaterialsField

admin.site.site_header = _("Sustain: solar and waste records")
admin.site.site_title = _("Sustain staff")
admin.site.index_title = _("Environment office")
admin.site.site_url = "/"

ERA_DATES: "dict[type[models.Field[Any, Any]], dict[str, Any]]" = {
    models.DateField: {"form_class": EraDateField, "widget": AdminEraDateWidget}
}
ERA_DATES.update(LOCAL_NUMBERS)  # and numbers read as staff type them ("12,5" is 12.5)


class SustainInline(admin.TabularInline):
    """Rows edited inside another record's page, with the same BE dates and typed numbers."""

    formfield_overrides = ERA_DATES


class SustainAdmin(SimpleHistoryAdmin):
    """Dates in BE on Thai pages; saves go through the service layer so history names the user."""

    formfield_overrides = ERA_DATES
    list_per_page = 50
    # Without ``view_private``: records that are personal data as a whole are hidden, and the
    # private fields of the others are left out of forms, lists and search.
    personal_records = False
    private_fields: tuple[str, ...] = ()

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        record_save(obj=obj, actor=request.user)

    def _private_hidden(self, request: HttpRequest) -> bool:
        return not sees_private(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        if self.personal_records and self._private_hidden(request):
            return False
        return super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if self.personal_records and self._private_hidden(request):
            return False
        return super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        if self.personal_records and self._private_hidden(request):
            return False
        return super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if self.personal_records and self._private_hidden(request):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if self.personal_records and self._private_hidden(request):
            return False
        return super().has_delete_permission(request, obj)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if not self.private_fields or not self._private_hidden(request):
            return fieldsets
        kept = []
        for title, options in fieldsets:
            fields = [f for f in options["fields"] if f not in self.private_fields]
            if fields:
                kept.append((title, {**options, "fields": fields}))
        return kept

    def get_search_fields(self, request: HttpRequest) -> Any:
        fields = super().get_search_fields(request)
        if self._private_hidden(request):
            return [f for f in fields if f.split("__")[0] not in self.private_fields]
        return fields

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        record_delete(obj=obj, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:  # one by one, so each deletion's history names the user
            record_delete(obj=obj, actor=request.user)


class LocatedForm(forms.ModelForm):
    """Asks for confirmation before saving a point far outside the service area."""

    confirm_location = forms.BooleanField(
        label=_("Yes, this location is correct"),
        required=False,
        help_text=_("Tick to save a point that lies far outside the service area."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lat, lon = data.get("latitude"), data.get("longitude")
        if lat is not None and lon is not None and not data.get("confirm_location"):
            warning = places.location_warning(latitude=lat, longitude=lon)
            if warning:
                self.add_error("latitude", warning)
        return data


@admin.register(m.Municipality)
class MunicipalityAdmin(SustainAdmin):
    list_display = ["name_th", "name_en", "reference_latitude", "reference_longitude", "demo_data"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not m.Municipality.objects.exists() and super().has_add_permission(request)


@admin.register(m.Village)
class VillageAdmin(SustainAdmin):
    list_display = ["moo", "name_th", "name_en", "population", "unverified"]
    list_filter = ["unverified"]
    search_fields = ["name_th", "name_en", "geocode"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        places.village_save(village=obj, actor=request.user)


@admin.register(m.SolarInstallation)
class SolarInstallationAdmin(SustainAdmin):
    """Households are named after and located at private homes: the whole record is private."""

    form = LocatedForm
    personal_records = True
    list_display = [
        "name", "building_type", "village", "capacity_kwp", "tilt_deg", "azimuth_deg",
        "status", "last_verified_on", "estimate_link",
    ]  # fmt: skip
    list_filter = ["status", "building_type", "village", "mounting", "module_type"]
    search_fields = ["name", "owner_name", "owner_phone", "notes"]
    date_hierarchy = "commissioned_on"
    autocomplete_fields = ["enterprise"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        estimates.solar_installation_save(installation=obj, actor=request.user)

    @admin.display(description=_("estimate"))
    def estimate_link(self, obj: m.SolarInstallation) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("staff-installation", args=[obj.pk]), _("estimate")
        )

    fieldsets = [
        (None, {"fields": ["name", "building_type", "status", "village", "enterprise"]}),
        (_("Location"), {"fields": ["latitude", "longitude", "confirm_location"]}),
        (
            _("System"),
            {
                "fields": [
                    "capacity_kwp",
                    "tilt_deg",
                    "azimuth_deg",
                    "mounting",
                    "module_type",
                    "losses_pct",
                    "dc_ac_ratio",
                    "commissioned_on",
                    "decommissioned_on",
                    "battery_kwh",
                ]
            },
        ),
        (_("Private (staff only)"), {"fields": ["owner_name", "owner_phone"]}),
        (None, {"fields": ["last_verified_on", "notes"]}),
    ]


@admin.register(m.Material)
class MaterialAdmin(SustainAdmin):
    list_display = ["code", "name_th", "name_en", "stream", "osm_recycling", "factor_key"]
    list_filter = ["stream"]
    search_fields = ["code", "name_th", "name_en"]


class WastePointForm(LocatedForm):
    """Accepted materials as checkboxes by stream; hours typed in Thai or OSM, or built."""

    accepted_materials = MaterialsField(label=_("accepted materials"))
    opening_hours = OpeningHoursField(label=_("opening hours"))
    collection_times = OpeningHoursField(label=_("collection times"), points=True)

    class Media:
        js = ["js/staff-forms.js"]
        css = {"all": ["css/staff-forms.css"]}


@admin.register(m.WastePoint)
class WastePointAdmin(SustainAdmin):
    form = WastePointForm
    list_display = ["name", "kind", "village", "opening_hours", "active", "last_verified_on"]
    list_filter = ["kind", "active", "village"]
    search_fields = ["name", "ref", "operator"]
    autocomplete_fields = ["enterprise"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "kind",
                    "active",
                    "village",
                    "enterprise",
                    "operator",
                    "ref",
                    "installed_on",
                ]
            },
        ),
        (_("Location"), {"fields": ["latitude", "longitude", "confirm_location"]}),
        (
            _("What and when"),
            {"fields": ["accepted_materials", "opening_hours", "collection_times"]},
        ),
        (None, {"fields": ["last_verified_on", "notes"]}),
    ]


@admin.register(m.WasteCollection)
class WasteCollectionAdmin(SustainAdmin):
    list_display = [
        "collected_on",
        "point",
        "material",
        "mass_kg",
        "destination",
        "price_thb_per_kg",
    ]
    list_filter = ["destination", "material__stream", "material", "point__village"]
    search_fields = ["point__name", "material__name_th", "notes"]
    date_hierarchy = "collected_on"
    autocomplete_fields = ["point", "material"]
    list_select_related = ["point", "material"]


class EnterpriseActivityInline(SustainInline):
    model = m.EnterpriseActivity
    extra = 0


@admin.register(m.CommunityEnterprise)
class CommunityEnterpriseAdmin(SustainAdmin):
    private_fields = ("representative_name", "representative_contact")
    list_display = ["name", "registration_code", "activity_type", "village", "member_count"]
    list_filter = ["activity_type", "village"]
    search_fields = ["name", "registration_code", "products", "representative_name"]
    inlines = [EnterpriseActivityInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "registration_code",
                    "registered_on",
                    "renewed_on",
                    "activity_type",
                    "products",
                    "village",
                    "member_count",
                    "latitude",
                    "longitude",
                ]
            },
        ),
        (_("Private (staff only)"), {"fields": ["representative_name", "representative_contact"]}),
        (None, {"fields": ["notes"]}),
    ]


@admin.register(m.EnterpriseActivity)
class EnterpriseActivityAdmin(SustainAdmin):
    list_display = ["enterprise", "period_start", "period_end", "revenue_thb", "members", "jobs"]
    list_filter = ["enterprise"]
    search_fields = ["enterprise__name", "products_volumes"]
    date_hierarchy = "period_start"


@admin.register(m.EmissionFactor)
class EmissionFactorAdmin(SustainAdmin):
    list_display = [
        "key", "shown_name", "kind", "value", "unit", "valid_from", "valid_to",
        "needs_verification",
    ]  # fmt: skip
    list_filter = ["kind", "needs_verification"]
    search_fields = ["key", "name", "source"]

    @admin.display(description=_("name"), ordering="name")
    def shown_name(self, obj: m.EmissionFactor) -> str:
        return seed_words.text(obj.name)  # a seeded name in the page's language


class DatedRowAdmin(SustainAdmin):
    """Tariffs, Ft, buy-back and costs: dated rows with their source, like emission factors."""

    list_filter = ["needs_verification"]
    date_hierarchy = "valid_from"


@admin.register(m.ResidentialTariff)
class ResidentialTariffAdmin(DatedRowAdmin):
    list_display = [
        "schedule", "shown_name", "service_thb_per_month", "vat_pct", "valid_from", "valid_to",
        "needs_verification",
    ]  # fmt: skip
    search_fields = ["schedule", "name", "source"]

    @admin.display(description=_("name"), ordering="name")
    def shown_name(self, obj: m.ResidentialTariff) -> str:
        return seed_words.text(obj.name)  # a seeded name in the page's language


@admin.register(m.FtCharge)
class FtChargeAdmin(DatedRowAdmin):
    list_display = ["thb_per_kwh", "valid_from", "valid_to", "needs_verification"]


@admin.register(m.SolarBuyback)
class SolarBuybackAdmin(DatedRowAdmin):
    list_display = [
        "thb_per_kwh", "max_kwp", "contract_years", "valid_from", "valid_to", "needs_verification",
    ]  # fmt: skip


@admin.register(m.SolarCost)
class SolarCostAdmin(DatedRowAdmin):
    list_display = [
        "kind", "min_kwp", "max_kwp", "thb_per_kwp", "valid_from", "valid_to", "needs_verification",
    ]  # fmt: skip
    list_filter = ["kind", "needs_verification"]


@admin.register(m.RoofCandidate)
class RoofCandidateAdmin(SustainAdmin):
    list_display = [
        "name", "building_type", "village", "roof_area_m2", "tilt_deg", "azimuth_deg",
        "monthly_use_kwh", "tariff_schedule",
    ]  # fmt: skip
    list_filter = ["building_type", "village"]
    search_fields = ["name", "notes"]
    autocomplete_fields = ["installation"]


@admin.register(m.MaterialPrice)
class MaterialPriceAdmin(SustainAdmin):
    list_display = ["material", "valid_from", "price_thb_per_kg", "buyer"]
    list_filter = ["material"]
    date_hierarchy = "valid_from"


@admin.register(m.ReportTarget)
class ReportTargetAdmin(SustainAdmin):
    list_display = [
        "year_be", "basis", "kwp_added_target", "recycling_share_target_pct",
        "collected_kg_target", "electricity_use_kwh",
    ]  # fmt: skip
    list_filter = ["basis"]


@admin.register(m.MeterReading)
class MeterReadingAdmin(SustainAdmin):
    personal_records = True  # a household's production
    list_display = [
        "installation", "period_start", "period_end", "energy_kwh", "expected_kwh",
        "performance_ratio", "source",
    ]  # fmt: skip
    list_filter = ["source"]
    search_fields = ["installation__name"]
    autocomplete_fields = ["installation"]
    readonly_fields = ["expected_kwh", "performance_ratio", "expected_weather"]
    date_hierarchy = "period_end"

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        readings.reading_save(reading=obj, actor=request.user)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(m.WeatherDataset)
class WeatherDatasetAdmin(ReadOnlyAdmin):
    """Weather is imported on the staff weather page, where it is checked before it is used."""

    list_display = [
        "name",
        "source_format",
        "approximate",
        "active",
        "applied",
        "annual_ghi_kwh_m2",
        "created_at",
    ]
    exclude = ["hourly_npz"]


@admin.register(m.EstimateRun)
class EstimateRunAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "weather", "status", "step", "done", "total", "reason"]


@admin.register(m.ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made with `manage.py api_token`; here staff can see and revoke them."""

    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    fields = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "user", "name", "created_at", "last_used_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


from sustain import auth_admin, maintenance_admin  # noqa: E402, F401  (register their models)
