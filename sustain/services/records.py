"""Writing any record: validate fully, save in a transaction, and credit the change to a person."""

from typing import TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models, transaction

M = TypeVar("M", bound=models.Model)

Actor = AbstractBaseUser | AnonymousUser | None


def _history_note(obj: models.Model, actor: Actor, reason: str) -> None:
    """Tell simple_history who made the change (a signed-in person) and why."""
    if actor is not None and getattr(actor, "is_authenticated", False):
        obj._history_user = actor  # type: ignore[attr-defined]  # read by simple_history
    if reason:
        obj._change_reason = reason  # type: ignore[attr-defined]


def record_save(*, obj: M, actor: Actor = None, reason: str = "") -> M:
    """Validate ``obj`` (field bounds, cross-field rules, constraints) and save it.

    Raises ``django.core.exceptions.ValidationError`` with errors keyed by field before anything is
    written. ``actor`` and ``reason`` go into the record's history.
    """
    obj.full_clean()
    _history_note(obj, actor, reason)
    with transaction.atomic():
        obj.save()
    return obj


def record_delete(*, obj: models.Model, actor: Actor = None, reason: str = "") -> None:
    """Delete ``obj``, crediting the deletion to ``actor`` in its history.

    Raises ``django.db.models.ProtectedError`` when other records still use it.
    """
    _history_note(obj, actor, reason)
    with transaction.atomic():
        obj.delete()


class Conflict(Exception):
    """The request clashes with the record's current state (answered with HTTP 409).

    ``message`` is for people (translated); ``code`` for programs.
    """

    def __init__(self, message: str, *, code: str, field: str = "__all__") -> None:
        super().__init__(message)
        self.message, self.code, self.field = message, code, field
