"""The maintenance part of the permission table, for code that must not rely on a migration
having run (the demo, tests that empty the tables). Migration 0007 grants the same."""

from django.contrib.auth.models import Group, Permission

MAINTENANCE_MODELS = (
    "maintenanceplan", "checklistitem", "seasonalrule", "inspection", "inspectionanswer",
    "inspectionphoto", "workorder", "replacementrule", "unitcost",
)  # fmt: skip
STAFF_GROUP = "environment staff"
DATA_ENTRY_GROUP = "data entry"
# Data entry staff inspect and open or update work orders; they read plans and costs.
DATA_ENTRY_CODENAMES = (
    *(f"{action}_{model}" for model in ("inspection", "inspectionanswer", "inspectionphoto",
                                         "workorder") for action in ("add", "change", "view")),
    *(f"view_{model}" for model in ("maintenanceplan", "checklistitem", "seasonalrule",
                                     "replacementrule", "unitcost")),
)  # fmt: skip


def maintenance_groups_ensure() -> tuple[Group, Group]:
    """Find or create both groups by name and give them their maintenance permissions."""
    mine = Permission.objects.filter(
        content_type__app_label="sustain", content_type__model__in=MAINTENANCE_MODELS
    )
    staff, _created = Group.objects.get_or_create(name=STAFF_GROUP)
    staff.permissions.add(*mine)
    data_entry, _created = Group.objects.get_or_create(name=DATA_ENTRY_GROUP)
    data_entry.permissions.add(*mine.filter(codename__in=DATA_ENTRY_CODENAMES))
    return staff, data_entry
