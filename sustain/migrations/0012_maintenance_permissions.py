"""The maintenance models' permissions go to the groups of the permission table
(``sustain.permissions``: environment staff everything, data entry inspects and opens work orders,
viewer reads)."""

from django.db import migrations


def groups_update(apps, schema_editor):
    # Permissions are normally created after the last migration; the groups need them now.
    from django.contrib.auth.management import create_permissions

    from sustain.permissions import groups_ensure

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    groups_ensure(
        group_model=apps.get_model("auth", "Group"),
        permission_model=apps.get_model("auth", "Permission"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("sustain", "0011_maintenance"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(groups_update, migrations.RunPython.noop)]
