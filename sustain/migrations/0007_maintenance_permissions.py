"""Give the maintenance models' permissions to the groups of the permission table.

"environment staff": everything on plans, inspections, work orders, replacements and unit costs
(including setting a work order's cost). "data entry": inspect and open or update work orders
(add, change, view), and view plans, checklists, seasonal rules, replacements and unit costs.
Groups are found or created by name, so this agrees with whichever migration made them first.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = [
    "maintenanceplan", "checklistitem", "seasonalrule", "inspection", "inspectionanswer",
    "inspectionphoto", "workorder", "replacementrule", "unitcost",
]
DATA_ENTRY = [
    *(f"{action}_{model}" for model in ("inspection", "inspectionanswer", "inspectionphoto",
                                         "workorder") for action in ("add", "change", "view")),
    *(f"view_{model}" for model in ("maintenanceplan", "checklistitem", "seasonalrule",
                                     "replacementrule", "unitcost")),
]


def grant(apps, schema_editor):
    # Permissions are normally made after every migration ran; make this app's now.
    app_config = apps.get_app_config("sustain")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    mine = Permission.objects.filter(content_type__app_label="sustain", content_type__model__in=MODELS)
    staff, _ = Group.objects.get_or_create(name="environment staff")
    staff.permissions.add(*mine)
    data_entry, _ = Group.objects.get_or_create(name="data entry")
    data_entry.permissions.add(*mine.filter(codename__in=DATA_ENTRY))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    mine = Permission.objects.filter(content_type__app_label="sustain", content_type__model__in=MODELS)
    for group in Group.objects.filter(name__in=["environment staff", "data entry"]):
        group.permissions.remove(*mine)


class Migration(migrations.Migration):
    dependencies = [
        ("sustain", "0006_maintenance"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
