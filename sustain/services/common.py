"""Writing any record: validate fully, save in a transaction, and credit the change to a person."""

from typing import TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models, transaction

M = TypeVar("M", bound=models.Model)

Actor = AbstractBaseUser | AnonymousUser | None


def record_save(*, obj: M, actor: Actor = None, reason: str = "") -> M:
    """Validate ``obj`` (field bounds, cross-field rules, constraints) and save it.

    Raises ``django.core.exceptions.ValidationError`` with errors keyed by field before anything is
    written. ``actor`` and ``reason`` go into the record's history.
    """
    obj.full_clean()
    if actor is not None and getattr(actor, "is_authenticated", False):
        obj._history_user = actor  # type: ignore[attr-defined]  # read by simple_history
    if reason:
        obj._change_reason = reason  # type: ignore[attr-defined]
    with transaction.atomic():
        obj.save()
    return obj
