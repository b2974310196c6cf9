"""Users and groups in the admin with their permissions named in the page's language, and the
sign-in records of django-axes named in it too.

Django stores a permission's name once, in English ("Can add waste point"), and shows it as is
in the user and group forms. Here each permission is named from its parts at display time: the
action of a default permission with the model's (translated) name, a custom permission through
the catalogue (its English name is the message id the model declared), and a record's history
as "history of …".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission, User
from django.db import models
from django.forms import ModelMultipleChoiceField
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}


def model_name(model: type[models.Model] | None, fallback: str) -> str:
    if model is None:
        return fallback
    history_of = getattr(model, "instance_type", None)  # simple_history's historical records
    if history_of is not None:
        return gettext("history of %(model)s") % {"model": history_of._meta.verbose_name}
    return str(model._meta.verbose_name)


def permission_label(permission: Permission) -> str:
    model = permission.content_type.model_class()
    name = model_name(model, permission.content_type.model)
    action, _sep, _rest = permission.codename.partition("_")
    if action in ACTIONS and permission.codename == f"{action}_{permission.content_type.model}":
        return str(ACTIONS[action] % {"model": name})
    return f"{name}: {gettext(permission.name)}"


def _named(field: ModelMultipleChoiceField[Any] | None) -> ModelMultipleChoiceField[Any] | None:
    if field is not None and field.queryset is not None and field.queryset.model is Permission:
        field.label_from_instance = permission_label  # type: ignore[method-assign,assignment]
    return field


class ThaiGroupAdmin(GroupAdmin):
    def formfield_for_manytomany(
        self,
        db_field: models.ManyToManyField[Any, Any],
        request: HttpRequest | None = None,
        **kwargs: Any,
    ) -> ModelMultipleChoiceField[Any] | None:
        return _named(super().formfield_for_manytomany(db_field, request, **kwargs))


class ThaiUserAdmin(UserAdmin):
    def formfield_for_manytomany(
        self, db_field: models.ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelMultipleChoiceField[Any] | None:
        return _named(super().formfield_for_manytomany(db_field, request, **kwargs))


def _when(value: dt.datetime | None) -> str:
    return formats.localize(timezone.localtime(value)) if value else "…"  # BE on Thai pages


def _failure_name(self: AccessFailureLog) -> str:
    return gettext("Failed sign-in of %(user)s at %(time)s") % {
        "user": self.username,
        "time": _when(self.attempt_time),
    }


def _attempt_name(self: AccessAttempt) -> str:
    return gettext("Sign-in attempts of %(user)s at %(time)s") % {
        "user": self.username,
        "time": _when(self.attempt_time),
    }


def _log_name(self: AccessLog) -> str:
    return gettext("Sign-in of %(user)s at %(time)s") % {
        "user": self.username,
        "time": _when(self.attempt_time),
    }


# django-axes names its records in English with Christian-era times; name them in the page's words.
AccessFailureLog.__str__ = _failure_name
AccessAttempt.__str__ = _attempt_name
AccessLog.__str__ = _log_name

admin.site.unregister(Group)
admin.site.register(Group, ThaiGroupAdmin)
admin.site.unregister(User)
admin.site.register(User, ThaiUserAdmin)
