"""After-commit callbacks, without the data-version bump every write queues (services.dataversion)."""

from collections.abc import Callable

from sustain.services import dataversion


def work_after_commit(callbacks: list[Callable[[], object]]) -> list[Callable[[], object]]:
    """The callbacks a test is about: every one but the public answers' version bumps."""
    return [c for c in callbacks if getattr(c, "func", None) is not dataversion._bump]
