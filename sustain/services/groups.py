"""The staff groups ("environment staff", "data entry", "viewer") and their permissions."""

from django.contrib.auth.models import Group, Permission

from sustain.permissions import ROLE_BY_KEY, groups_ensure

STAFF_GROUP_NAME = ROLE_BY_KEY["environment_staff"].name


def staff_groups_ensure() -> dict[str, Group]:
    """Every group, with every permission its role grants (run after each migrate)."""
    return groups_ensure(group_model=Group, permission_model=Permission)


def staff_group_ensure() -> Group:
    """The "environment staff" group: every permission on the app's records."""
    return staff_groups_ensure()["environment_staff"]
