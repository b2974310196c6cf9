"""Named permissions (view_private, import_gis, activate_weather, generate_report,
publish_report) and the three staff groups, in Thai and English."""

from django.db import migrations, models


def groups_create(apps, schema_editor):
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
        ("sustain", "0005_imports"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="Access",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
            ],
            options={
                "verbose_name": "access right",
                "verbose_name_plural": "access rights",
                "permissions": [
                    (
                        "view_private",
                        "Can see owner names, phones, contacts and exact household locations",
                    ),
                    ("import_gis", "Can import GIS files"),
                    ("activate_weather", "Can import and activate a weather year"),
                    ("generate_report", "Can generate annual reports"),
                    ("publish_report", "Can publish annual reports"),
                ],
                "managed": False,
                "default_permissions": (),
            },
        ),
        migrations.RunPython(groups_create, migrations.RunPython.noop),
    ]
