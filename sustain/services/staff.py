"""The "environment staff" group and its permissions."""

from django.contrib.auth.models import Group, Permission

STAFF_GROUP_NAME = "environment staff"

# Staff keep every record; API tokens are only viewed and revoked in the admin.
_TOKEN_PERMISSIONS = {"view_apitoken", "change_apitoken"}


def staff_group_ensure() -> Group:
    """Create the group if needed and give it every permission on the app's records."""
    group, _created = Group.objects.get_or_create(name=STAFF_GROUP_NAME)
    permissions = [
        permission
        for permission in Permission.objects.filter(content_type__app_label="sustain")
        if not permission.codename.endswith("apitoken") or permission.codename in _TOKEN_PERMISSIONS
    ]
    group.permissions.add(*permissions)
    return group
