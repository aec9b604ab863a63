"""Running slow work (opening a game, writing a PDF) off the UI thread.

The work is a plain function returning plain data; it never touches a widget. Its result
or its refusal comes back through signals of a :class:`Job`, which lives in the UI thread,
so the slots connected to it run there (STYLE.md habit 7).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class Job(QObject):
    """A piece of background work and its outcome.

    Signals:
        finished: The work returned this value.
        failed: The work was refused; a sentence for the facilitator.
    """

    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, work: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self.done = False

    def start(self) -> None:
        """Run the work on the global thread pool (connect to the signals first)."""
        QThreadPool.globalInstance().start(_Runnable(self))

    def _run(self) -> None:
        from wargame.game import GameError  # loaded by the work anyway, not before the window

        try:
            value = self._work()
        except GameError as exc:
            self.done = True
            self.failed.emit(str(exc))
            return
        except Exception as exc:  # a bug: log it with its traceback, tell the facilitator
            log.exception("background work failed")
            self.done = True
            self.failed.emit(f"something went wrong inside wargame ({type(exc).__name__}: {exc})")
            return
        self.done = True
        self.finished.emit(value)


class _Runnable(QRunnable):
    def __init__(self, job: Job) -> None:
        super().__init__()
        self._job = job

    def run(self) -> None:
        self._job._run()
