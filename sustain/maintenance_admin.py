"""Admin for maintenance: plans with their checklists and seasonal windows, replacements with
dated unit costs (environment staff edit these), and inspections and work orders for reference."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sustain import models as m
from sustain.admin import SustainAdmin, SustainInline


class ChecklistItemInline(admin.TabularInline):
    model = m.ChecklistItem
    extra = 1
    fields = [
        "position", "key", "label_th", "label_en", "answer_type", "required", "pass_answer",
        "unit", "min_value", "max_value", "pass_min", "pass_max",
    ]  # fmt: skip


class SeasonalRuleInline(admin.TabularInline):
    model = m.SeasonalRule
    extra = 0


@admin.register(m.MaintenancePlan)
class MaintenancePlanAdmin(SustainAdmin):
    list_display = [
        "name_th", "site_type", "waste_point_kind", "building_type", "installation",
        "interval_days", "responsible", "active",
    ]  # fmt: skip
    list_filter = ["site_type", "active"]
    search_fields = ["name_th", "name_en"]
    autocomplete_fields = ["installation"]
    inlines = [ChecklistItemInline, SeasonalRuleInline]


class UnitCostInline(SustainInline):
    model = m.UnitCost
    extra = 1


@admin.register(m.ReplacementRule)
class ReplacementRuleAdmin(SustainAdmin):
    list_display = [
        "name_th", "site_type", "waste_point_kind", "building_type", "lifetime_years", "basis",
        "budget_line", "active",
    ]  # fmt: skip
    list_filter = ["site_type", "budget_line", "active"]
    search_fields = ["name_th", "name_en"]
    inlines = [UnitCostInline]


@admin.register(m.UnitCost)
class UnitCostAdmin(SustainAdmin):
    list_display = ["rule", "valid_from", "unit_cost_thb", "needs_verification", "source"]
    list_filter = ["rule", "needs_verification"]
    date_hierarchy = "valid_from"


class AnswerInline(admin.TabularInline):
    model = m.InspectionAnswer
    extra = 0
    fields = ("key", "label_th", "answer_type", "value_bool", "value_number", "unit", "passed")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(m.Inspection)
class InspectionAdmin(SustainAdmin):
    """Inspections arrive from the field app; here staff read them and correct notes."""

    personal_records = True  # they name households and hold the device's location

    list_display = ["inspected_on", "waste_point", "installation", "inspector", "in_service"]
    list_filter = ["in_service", "inspected_on"]
    search_fields = ["waste_point__name", "installation__name", "notes"]
    date_hierarchy = "inspected_on"
    readonly_fields = (
        "uuid", "waste_point", "installation", "plan", "inspected_at", "inspected_on",
        "inspector", "device_latitude", "device_longitude", "device_accuracy_m", "created_at",
    )  # fmt: skip
    fields = (*readonly_fields, "in_service", "notes")
    inlines = [AnswerInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(m.WorkOrder)
class WorkOrderAdmin(SustainAdmin):
    personal_records = True  # they name households

    list_display = ["id", "title", "status", "priority", "assigned_to", "opened_on", "cost_thb"]
    list_filter = ["status", "priority", "source", "budget_line"]
    search_fields = ["title", "description", "resident_report"]
    date_hierarchy = "opened_on"
    autocomplete_fields = ["waste_point", "installation"]
    raw_id_fields = ["source_inspection", "closed_by_inspection", "source_reading"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Costs are environment staff's (the permission table of the security work).
        if request.user.has_perm("sustain.change_workorder_cost"):
            return ["uuid"]
        return ["uuid", "cost_thb"]
