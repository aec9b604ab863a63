"""The live link to a shared game: its listener's news turned into Qt signals, and a banner.

:class:`SharedLink` runs the game's :class:`~wargame.game.live.GameListener`: its callbacks
arrive on the listener's thread and are turned into Qt signals (queued into the UI thread)
by :class:`_ListenerRelay`; events go into the session's one refresh signal, link status
into a :class:`ConnectionBanner` at the top of the window (never a modal dialog).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QFrame, QLabel, QToolBar, QVBoxLayout, QWidget

from wargame.game import GameEvent
from wargame.game.live import RESYNC, LinkStatus
from wargame.game.sharing import JoinedGame
from wargame.ui.session import GameSession
from wargame.ui.theme import ALERT, readable_on
from wargame.ui.window_parts import connection_bar, refresh_panels

if TYPE_CHECKING:
    from wargame.ui.main_window import MainWindow


class _ListenerRelay(QObject):
    """The listener's callbacks, re-emitted as signals (called on the listener's thread).

    The relay lives in the UI thread; a signal emitted from another thread reaches slots of
    UI-thread objects through the UI event loop (a queued connection), so no widget is ever
    touched from the listener's thread.
    """

    event_arrived = Signal(object)
    status_changed = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.closed = False

    def on_event(self, event: GameEvent) -> None:
        if not self.closed:
            self.event_arrived.emit(event)

    def on_status(self, status: LinkStatus) -> None:
        if not self.closed:
            self.status_changed.emit(status)


class ConnectionBanner(QFrame):
    """A strip at the top of the window saying the link to the shared game is down.

    Hidden while all is well. Counts down to the listener's next retry; a second line says
    what could not be done meanwhile (a move not submitted) until :meth:`clear_problem`.

    Signals:
        shown: The banner appeared (True) or went away (False), for a container to follow.
    """

    shown = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connection-banner")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAutoFillBackground(True)
        self.setStyleSheet(
            f"QFrame#connection-banner {{ background: {ALERT.name()}; }} "
            f"QFrame#connection-banner QLabel {{ color: {readable_on(ALERT).name()}; }}"
        )
        self.label = QLabel()
        self.label.setWordWrap(True)
        font = self.label.font()
        font.setBold(True)
        self.label.setFont(font)
        self.label.hide()
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        layout.addWidget(self.problem)
        self._retry_at: float | None = None
        self._remaining = 0
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._count_down)
        self.hide()

    def show_status(self, status: LinkStatus) -> None:
        """Show the link's state: hidden when connected, a countdown while retrying."""
        if status.connected:
            self._tick.stop()
            self.label.hide()
            self.problem.hide()  # what failed meanwhile can be done again now
            self._set_shown(False)
            return
        self.label.setToolTip(status.message)
        self.label.show()
        if status.retry_in is None:
            self._tick.stop()
            self.label.setText("Connection lost — not retrying.")
        else:
            self._remaining = max(0, math.ceil(status.retry_in))
            self._show_countdown()
            self._tick.start()
        self._set_shown(True)

    def show_problem(self, message: str, detail: str = "") -> None:
        """Show a failure that is not the listener's (a move that could not be submitted)."""
        self.problem.setText(message)
        self.problem.setToolTip(detail)
        self.problem.show()
        self._set_shown(True)

    def clear_problem(self) -> None:
        """The failure is resolved; hide the banner unless the link is still down."""
        self.problem.hide()
        self.problem.clear()
        self._set_shown(self.label.isVisibleTo(self))

    def _set_shown(self, shown: bool) -> None:
        self.setVisible(shown)
        self.shown.emit(shown)

    def _show_countdown(self) -> None:
        if self._remaining > 0:
            self.label.setText(f"Connection lost — retrying in {self._remaining} s…")
        else:
            self.label.setText("Connection lost — retrying now…")

    def _count_down(self) -> None:
        self._remaining = max(0, self._remaining - 1)
        self._show_countdown()
        if self._remaining == 0:
            self._tick.stop()


class SharedLink(QObject):
    """A shared game's live updates, fed into a :class:`GameSession`.

    Signals:
        status_changed: The link's :class:`LinkStatus` (in the UI thread).
        resynced: The link came back: every view should re-read everything.
    """

    status_changed = Signal(object)
    resynced = Signal()

    def __init__(
        self,
        joined: JoinedGame,
        session: GameSession,
        banner: ConnectionBanner | None = None,
        parent: QObject | None = None,
        *,
        min_backoff: float = 0.2,
        max_backoff: float = 5.0,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._banner = banner
        self._relay = _ListenerRelay()
        self._relay.event_arrived.connect(self._on_event)
        self._relay.status_changed.connect(self._on_status)
        self.listener = joined.listener(
            self._relay.on_event,
            self._relay.on_status,
            min_backoff=min_backoff,
            max_backoff=max_backoff,
        )
        self.last_status: LinkStatus | None = None
        self._started = False

    def start(self) -> None:
        """Start listening (returns at once)."""
        if not self._started:
            self._started = True
            self.listener.start()

    def stop(self) -> None:
        """Stop listening; nothing more reaches the session."""
        self._relay.closed = True
        if self._started:
            self.listener.stop()
            self._started = False

    @property
    def connected(self) -> bool:
        """Whether notifications are flowing now."""
        return self.listener.connected

    @Slot(object)
    def _on_event(self, event: GameEvent) -> None:
        if self._relay.closed:
            return
        self._session.relay_remote(event)
        if event.action == RESYNC:
            self.resynced.emit()

    @Slot(object)
    def _on_status(self, status: LinkStatus) -> None:
        if self._relay.closed:
            return
        self.last_status = status
        if self._banner is not None:
            self._banner.show_status(status)
        self.status_changed.emit(status)


def start_link(
    window: MainWindow, joined: JoinedGame, session: GameSession
) -> tuple[ConnectionBanner, QToolBar, SharedLink]:
    """Show a shared game's connection banner in the window and start its live link.

    Returns the banner, the toolbar that holds it and the link, for the window to keep and
    to stop when the game closes.
    """
    banner = ConnectionBanner()
    bar = connection_bar(window, banner)
    link = SharedLink(joined, session, banner, session)
    link.resynced.connect(lambda: refresh_panels(window))
    window.setWindowTitle(f"{session.summary().title} — shared game — wargame")
    window.file_label.setText(joined.game.location)
    window.file_label.setToolTip("A shared game: every action is saved to this database")
    window.statusBar().showMessage("Opened the shared game as its facilitator", 5000)
    link.start()
    return banner, bar, link
