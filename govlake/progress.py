"""Progress of the long steps, told to whoever listens (the command line's bars).

The pure steps (the catalog's discovery and per-page work, a layer over a range of
partitions) call ``tick`` as they go; nothing listens unless the command line set a
listener for its own process (``listening``), so under the UI, a sensor or a step
subprocess these calls cost a lookup and say nothing. No dagster here.

Events: ``tick(phase, n, total=None)`` — ``n`` more done in ``phase`` (a short name such
as "pages read"); ``total`` when it becomes known or grows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

Listener = Callable[[str, int, "int | None"], None]
_listeners: list[Listener] = []
T = TypeVar("T")


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    """Tell ``listener(phase, n, total)`` every tick of this process while inside."""
    _listeners.append(listener)
    try:
        yield
    finally:
        _listeners.remove(listener)


def tick(phase: str, n: int = 1, total: int | None = None) -> None:
    for listener in list(_listeners):
        try:
            listener(phase, n, total)
        except Exception:  # noqa: BLE001 - a display must never break a run
            pass


def counted(phase: str, items: Iterable[T], total: int | None = None) -> Iterator[T]:
    """``items`` unchanged, one tick of ``phase`` as each arrives (the total first, when
    known): for results that arrive when their work is done, such as a pool's."""
    if not _listeners:
        yield from items
        return
    tick(phase, 0, total)
    for item in items:
        tick(phase)
        yield item
