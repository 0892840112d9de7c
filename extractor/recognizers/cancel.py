"""Cooperative cancellation: a server's per-task deadline, or a task deleted while it runs.

Work that may be cancelled runs inside `cancellable(check)`; recognizers call `checkpoint()`
between pieces of work (each batch of lines, each region read again), and `check` says
whether to stop, and why. Outside `cancellable` a checkpoint does nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from ..errors import ExtractorError

_check: ContextVar[Callable[[], str | None] | None] = ContextVar("cancellation_check", default=None)


class WorkCancelled(ExtractorError):
    """Recognition stopped before its end; the message says why."""


@contextmanager
def cancellable(check: Callable[[], str | None]) -> Iterator[None]:
    """Run the block so that `checkpoint()` raises `WorkCancelled` once `check()` gives a reason."""
    token = _check.set(check)
    try:
        yield
    finally:
        _check.reset(token)


def checkpoint() -> None:
    check = _check.get()
    reason = check() if check is not None else None
    if reason:
        raise WorkCancelled(reason)
