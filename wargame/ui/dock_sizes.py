"""The docks' sizes as shares of the main window, kept when the window changes size.

Qt gives a window's change of size to the centre alone: shrunk, the map and the log would
lose their buttons while the docks kept their width. :class:`DockSizes` sizes the docks
again after each change, as shares of the window: the default shares until the facilitator
drags a dock's edge, then the proportions they chose. A restored layout (the facilitator's
own, saved when the app closed) counts as chosen, so its proportions are kept too.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QDockWidget, QMainWindow, QScrollArea, QTabBar, QWidget
from typing_extensions import override

if TYPE_CHECKING:
    from wargame.ui.main_window import MainWindow


@dataclass(frozen=True)
class DockShares:
    """The docks' sizes as fractions of the window (None: not measured, default kept).

    Attributes:
        state: The state board's width / the window's width.
        moves: The moves' (and injects') width / the window's width.
        log: The log's height / the window's height.
        moves_over_injects: The moves' height / the moves' and injects' heights together.
    """

    state: float | None = None
    moves: float | None = None
    log: float | None = None
    moves_over_injects: float | None = None


_SEPARATORS = 16
"""The pixels the separators and frames between the centre and the side docks take."""


def shiboken_deleted(widget: QWidget) -> bool:
    """True once Qt has deleted the widget behind a Python object."""
    return not shiboken6.isValid(widget)


class DockSizes(QObject):
    """The docks' sizes: the default shares, or the proportions the facilitator dragged.

    Attributes:
        shares: The facilitator's proportions (None: the default shares).
    """

    def __init__(
        self,
        window: MainWindow,
        state: QDockWidget,
        moves: QDockWidget,
        injects: QDockWidget,
        log: QDockWidget,
    ) -> None:
        super().__init__(state)  # goes when the game's docks go
        self._window = window
        self._docks = (state, moves, injects, log)
        self._restored = False
        self._measure_before_resize = False
        self._dragging = False
        self.shares: DockShares | None = None
        window.installEventFilter(self)
        window.reset_layout_action.triggered.connect(self.forget)

    @property
    def restored(self) -> bool:
        """True when the facilitator's own layout was restored: showing keeps it."""
        return self._restored

    @restored.setter
    def restored(self, value: bool) -> None:
        self._restored = value
        # Its proportions are read from the window as it stands when it first changes size.
        self._measure_before_resize = value

    def forget(self) -> None:
        """Go back to the default shares (View › Reset layout)."""
        self.shares = None
        self._measure_before_resize = False

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Note a drag of a dock's edge; size the docks again once the window is resized."""
        if watched is not self._window:
            return False
        if isinstance(event, QMouseEvent):
            self._follow_drag(event)
        elif isinstance(event, QResizeEvent):
            self._resized(event.oldSize(), event.size())
        return False

    def _follow_drag(self, event: QMouseEvent) -> None:
        # A press on the window where no child lies is on a separator between its docks (a
        # click a child let through arrives here too, over that child).
        left = event.button() == Qt.MouseButton.LeftButton
        if event.type() == QEvent.Type.MouseButtonPress and left:
            self._dragging = self._window.childAt(event.position().toPoint()) is None
        elif event.type() == QEvent.Type.MouseButtonRelease and left and self._dragging:
            self._dragging = False
            QTimer.singleShot(0, self.measure)  # after Qt's last move of the separator

    def _resized(self, old: QSize, new: QSize) -> None:
        # Called before the window lays its docks out again: they still have the old sizes.
        if not old.isValid():  # first shown (at the size of its screen)
            if not self._restored:
                QTimer.singleShot(0, self.apply)
            return
        if self._measure_before_resize:
            self._measure_before_resize = False
            self.measure(old)
        if self.shares is not None or new.width() < old.width() or new.height() < old.height():
            QTimer.singleShot(0, self.apply)

    def _gone(self) -> bool:
        window = self._window
        return any(shiboken_deleted(d) or d not in window._docks for d in self._docks)

    def measure(self, size: QSize | None = None) -> None:
        """Take the docks' sizes now as the facilitator's proportions of the window."""
        if self._gone():
            return
        size = size if size is not None else self._window.size()
        if size.width() <= 0 or size.height() <= 0:
            return
        state, moves, injects, log = self._docks
        shares = self.shares or DockShares()
        if state.isVisible():
            shares = replace(shares, state=state.width() / size.width())
        if moves.isVisible():
            shares = replace(shares, moves=moves.width() / size.width())
        if log.isVisible():
            shares = replace(shares, log=_with_tabs(self._window, log) / size.height())
        both = moves.height() + injects.height()
        if moves is not injects and moves.isVisible() and injects.isVisible() and both > 0:
            shares = replace(shares, moves_over_injects=moves.height() / both)
        self.shares = shares

    def apply(self) -> None:
        """Size the docks for the window as it is now."""
        if self._gone():
            return
        window = self._window
        state, moves, injects, log = self._docks
        width, height = window.width(), window.height()
        shares = self.shares or DockShares()
        horizontal = Qt.Orientation.Horizontal
        vertical = Qt.Orientation.Vertical
        # Wide enough for the participants tabbed with the board (about 270 pixels).
        state_width = _part(shares.state, width, min(340, max(width // 5, 270)))
        moves_width = _part(shares.moves, width, min(560, width * 17 // 50))
        if self.shares is not None:
            state_width, moves_width = _leave_the_centre(log, width, state_width, moves_width)
        window.resizeDocks([state], [state_width], horizontal)
        window.resizeDocks([moves], [moves_width], horizontal)
        if moves is not injects:
            split = shares.moves_over_injects
            parts = [3, 2] if split is None else [round(split * 1000), round((1 - split) * 1000)]
            window.resizeDocks([moves, injects], parts, vertical)
        default_log = min(230, height * 3 // 10)
        window.resizeDocks([log], [_part(shares.log, height, default_log)], vertical)
        if self.shares is None:
            window._default_state = window.saveState()  # View › Reset layout returns to this


def _leave_the_centre(log: QDockWidget, width: int, state: int, moves: int) -> tuple[int, int]:
    """The side docks' widths, narrowed alike so the log keeps the width its buttons need.

    A proportion dragged on a wide screen may not leave it on a laptop's.
    """
    panel: QWidget | None = log.widget()
    if isinstance(panel, QScrollArea):
        panel = panel.widget()
    if panel is None:
        return state, moves
    need = panel.minimumSizeHint().width() + _SEPARATORS
    room = width - need
    if state + moves <= room or state + moves <= 0:
        return state, moves
    scale = max(room, 0) / (state + moves)
    return round(state * scale), round(moves * scale)


def _with_tabs(window: QMainWindow, dock: QDockWidget) -> int:
    """The height of ``dock`` with the tab bar under it (Qt sizes the tabbed group)."""
    below = dock.geometry().bottom()
    for bar in window.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly):
        where = bar.geometry()
        beside = where.left() < dock.geometry().right() and where.right() > dock.geometry().left()
        if bar.isVisible() and beside and 0 <= where.top() - below <= 8:
            return dock.height() + where.bottom() - below
    return dock.height()


def _part(share: float | None, whole: int, default: int) -> int:
    """``share`` of ``whole`` in pixels, or ``default`` when no share was measured."""
    return default if share is None else max(1, round(share * whole))
