"""Who may do what: the one place the pages, the API, the exports and the admin ask.

Every check is a Django permission, never ``is_staff``: model permissions (``view``, ``add``,
``change``, ``delete``) for records, and named ones for what is not a change to one record. Groups
bundle them (created by migration, kept complete by ``groups_ensure`` after every migrate); the
README's "Who can do what" table is ``role_table`` rendered, and a test holds both to the code.

Permissions are read from the database on each request (the session's or the token's user is
loaded afresh), so a user who loses one loses it at once, on the pages and through API tokens.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any, Protocol, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponseBase

VIEW_PRIVATE = "sustain.view_private"  # owner names, phones, contacts, exact household locations
IMPORT_GIS = "sustain.import_gis"
ACTIVATE_WEATHER = "sustain.activate_weather"
GENERATE_REPORT = "sustain.generate_report"
PUBLISH_REPORT = "sustain.publish_report"


class PermissionHolder(Protocol):
    """A user or an anonymous visitor (both answer these)."""

    @property
    def is_active(self) -> bool: ...

    def has_perms(self, perm_list: Iterable[str], obj: Any = None) -> bool: ...


def model_perm(action: str, model: type[models.Model]) -> str:
    """``sustain.<action>_<model>``, e.g. ``model_perm("add", WastePoint)``."""
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def allowed(user: PermissionHolder | None, *perms: str) -> bool:
    """An active user holding every one of ``perms`` (anonymous callers hold none)."""
    return bool(user is not None and user.is_active and user.has_perms(perms))


def sees_private(user: PermissionHolder | None) -> bool:
    """Owner names and phones, representatives' contacts, exact household locations, readings."""
    return allowed(user, VIEW_PRIVATE)


# Long jobs by kind: who may see one, and who may queue it again (the right that started it).
JOB_VIEW_PERMS = {
    "estimate": "sustain.view_estimaterun",
    "import": "sustain.view_importjob",
    "report": "sustain.view_report",
}
JOB_RETRY_PERMS = {"estimate": ACTIVATE_WEATHER, "import": IMPORT_GIS, "report": GENERATE_REPORT}


# An import writes the target's records: it needs the import right and the records' own rights.
IMPORT_TARGET_MODELS = {
    "installations": "solarinstallation",
    "waste_points": "wastepoint",
    "villages": "village",
    "collections": "wastecollection",
    "enterprises": "communityenterprise",
}


def import_perms(target: str) -> tuple[str, ...]:
    model = IMPORT_TARGET_MODELS.get(target, target)
    return (IMPORT_GIS, f"sustain.add_{model}", f"sustain.change_{model}")


def check(user: PermissionHolder | None, *perms: str) -> None:
    """Raise PermissionDenied (403) unless the user holds every permission."""
    if not allowed(user, *perms):
        raise PermissionDenied


View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def page_requires(*perms: str) -> Callable[[View], View]:
    """A staff page: anonymous visitors go to the sign-in page, signed-in ones without every
    permission get 403."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), "admin:login")
            check(request.user, *perms)
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


# --- Groups and the "Who can do what" table ------------------------------------------------------

RECORD_MODELS = frozenset(
    {"solarinstallation", "wastepoint", "wastecollection", "meterreading",
     "communityenterprise", "enterpriseactivity",
     "inspection", "inspectionanswer", "inspectionphoto", "workorder", "lead", "roofcandidate"}
)  # fmt: skip
REFERENCE_MODELS = frozenset(
    {"village", "municipality", "material", "emissionfactor", "materialprice", "reporttarget",
     "maintenanceplan", "checklistitem", "seasonalrule", "replacementrule", "unitcost",
     "residentialtariff", "ftcharge", "solarbuyback", "solarcost"}
)  # fmt: skip
RUN_MODELS = frozenset(
    {"report", "importjob", "weatherdataset", "estimaterun", "leadstat", "roofprofile"}
)
TOKEN_ADMIN = frozenset({"view_apitoken", "change_apitoken"})  # tokens are made on the command line


def _action_model(codename: str) -> tuple[str, str]:
    action, _sep, model = codename.partition("_")
    return action, model


def _environment_staff(codename: str) -> bool:
    return not codename.endswith("_apitoken") or codename in TOKEN_ADMIN


def _viewer(codename: str) -> bool:
    return codename.startswith("view_") and not codename.endswith("_apitoken")


def _data_entry(codename: str) -> bool:
    action, model = _action_model(codename)
    return (
        _viewer(codename)
        or codename in ("import_gis", "generate_report")
        or (action in ("add", "change") and model in RECORD_MODELS)
    )


@dataclass(frozen=True)
class Role:
    key: str
    name: str  # the stored group name, Thai and English
    grants: Callable[[str], bool]  # codename (of this app) -> included


ROLES = (
    Role("environment_staff", "เจ้าหน้าที่สิ่งแวดล้อม / environment staff", _environment_staff),
    Role("data_entry", "ผู้บันทึกข้อมูล / data entry", _data_entry),
    Role("viewer", "ผู้ดูข้อมูล / viewer", _viewer),
)
ROLE_BY_KEY = {role.key: role for role in ROLES}
LEGACY_GROUP_NAMES = {"environment staff": "environment_staff"}  # before groups were bilingual


def _each(actions: Iterable[str], model_names: Iterable[str]) -> frozenset[str]:
    return frozenset(f"{action}_{model}" for action in actions for model in model_names)


@dataclass(frozen=True)
class Ability:
    """One row of the README table: what it lets people do, and the permissions it takes."""

    key: str
    label: str
    codenames: frozenset[str]


ABILITIES = (
    Ability("read", "Read every record: staff pages, admin lists, staff API",
            _each(["view"], RECORD_MODELS | REFERENCE_MODELS | RUN_MODELS)),
    Ability("private", "See owner names, phones, contacts, exact household locations and "
            "meter readings (`view_private`)", frozenset({"view_private"})),
    Ability("records", "Add and edit sites, collections, readings, enterprises and their "
            "activity; inspect sites and open or update work orders; residents' requests for "
            "advice and roofs assessed for solar",
            _each(["add", "change"], RECORD_MODELS)),
    Ability("reference", "Add and edit villages, materials, emission factors, buy-back prices, "
            "yearly targets, the municipality, maintenance plans and unit costs, household "
            "tariffs and solar costs",
            _each(["add", "change"], REFERENCE_MODELS)),
    Ability("cost", "Set the cost of a work order (`change_workorder_cost`)",
            frozenset({"change_workorder_cost"})),
    Ability("delete", "Delete records", _each(["delete"], RECORD_MODELS | REFERENCE_MODELS)),
    Ability("import", "Import GIS files (`import_gis`, into records they may add and edit)",
            frozenset({"import_gis"})),
    Ability("weather", "Import and activate a weather year (`activate_weather`)",
            frozenset({"activate_weather"})),
    Ability("generate", "Generate annual reports (`generate_report`)",
            frozenset({"generate_report"})),
    Ability("publish", "Publish annual reports (`publish_report`)",
            frozenset({"publish_report"})),
    Ability("tokens", "See and revoke API tokens in the admin", TOKEN_ADMIN),
)  # fmt: skip
ABILITY_BY_KEY = {ability.key: ability for ability in ABILITIES}


def role_has(role_key: str, ability_key: str) -> bool:
    """Whether members of the group (or "no_group", a staff account in none) have the ability."""
    if role_key == "no_group":
        return False
    role = ROLE_BY_KEY[role_key]
    return all(role.grants(codename) for codename in ABILITY_BY_KEY[ability_key].codenames)


TABLE_COLUMNS = ("environment_staff", "data_entry", "viewer", "no_group")


def role_table_markdown() -> str:
    """The README's "Who can do what" table."""
    heads = [ROLE_BY_KEY[key].name if key in ROLE_BY_KEY else "staff, no group" for key in
             TABLE_COLUMNS]  # fmt: skip
    lines = ["| | " + " | ".join(heads) + " |", "|---" * (len(heads) + 1) + "|"]
    for ability in ABILITIES:
        marks = ["✓" if role_has(key, ability.key) else "—" for key in TABLE_COLUMNS]
        lines.append(f"| {ability.label} | " + " | ".join(marks) + " |")
    return "\n".join(lines)


def groups_ensure(*, group_model: Any, permission_model: Any) -> dict[str, Any]:
    """Create the groups and add every permission of this app their role grants.

    Only adds: a permission an administrator took away stays away until the role's code changes.
    Takes the models as arguments so a migration can pass its historical ones.
    """
    for legacy, key in LEGACY_GROUP_NAMES.items():
        if not group_model.objects.filter(name=ROLE_BY_KEY[key].name).exists():
            group_model.objects.filter(name=legacy).update(name=ROLE_BY_KEY[key].name)
    available = list(permission_model.objects.filter(content_type__app_label="sustain"))
    groups = {}
    for role in ROLES:
        group, _created = group_model.objects.get_or_create(name=role.name)
        group.permissions.add(*[p for p in available if role.grants(p.codename)])
        groups[role.key] = group
    return groups
