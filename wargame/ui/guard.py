"""One click, one change: a second click on a button that changes the record is ignored.

A double-click on "Next phase" used to open two phases in the same second. A
:class:`ClickGuard` lets an action run once at a time, and ignores a repeat that arrives
within the platform's double-click interval after it finished (the second click of a
double-click is delivered only once the first one's handler returned).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QElapsedTimer
from PySide6.QtWidgets import QApplication


class ClickGuard:
    """Runs each named action once at a time; drops repeats that follow too closely."""

    def __init__(self) -> None:
        self._running: set[str] = set()
        self._finished: dict[str, QElapsedTimer] = {}

    def busy(self, name: str) -> bool:
        """Whether ``name`` is running, or finished less than a double-click ago."""
        if name in self._running:
            return True
        clock = self._finished.get(name)
        return clock is not None and clock.elapsed() < QApplication.doubleClickInterval()

    @contextmanager
    def once(self, name: str) -> Iterator[bool]:
        """``with guard.once("next") as go:`` — ``go`` is False for a repeat to ignore."""
        if self.busy(name):
            yield False
            return
        self._running.add(name)
        try:
            yield True
        finally:
            self._running.discard(name)
            clock = QElapsedTimer()
            clock.start()
            self._finished[name] = clock
