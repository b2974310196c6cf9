"""After-commit callbacks a test is about (data versions queue none: the database counts writes)."""

from collections.abc import Callable


def work_after_commit(callbacks: list[Callable[[], object]]) -> list[Callable[[], object]]:
    """The callbacks a test is about: every one queued."""
    return list(callbacks)
