"""Every window and dialog of the app opens within the screen it is on.

A dialog sized for a large monitor (the adjudication dialog, the replay, a team's hot seat)
would otherwise open taller than a 768-pixel laptop screen, its buttons below the edge.
One event filter on the application watches each window as it is shown and shrinks it to
the screen's free area (never below its minimum size) and moves it back onto the screen.
That filter is a Python call for every event of the application, so it steps aside while
an open game's panels are built (:func:`screen_fit_paused`): some 4,000 events, and no
window or dialog shown among them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QObject, QPoint, QSize, Qt
from PySide6.QtWidgets import QApplication, QWidget
from typing_extensions import override

_WINDOWS = (Qt.WindowType.Window, Qt.WindowType.Dialog)
OWN_FIT = "fits_its_own_screen"
"""A window with this property set sizes itself to its screen (the projector)."""


def fit_window(widget: QWidget) -> None:
    """Shrink ``widget`` to its screen's free area and move it wholly onto the screen."""
    screen = widget.screen()
    if screen is None or widget.isFullScreen() or widget.isMaximized():
        return
    room = screen.availableGeometry()
    frame = widget.frameGeometry()
    border = QSize(frame.width() - widget.width(), frame.height() - widget.height())
    most = QSize(room.width() - border.width(), room.height() - border.height())
    if widget.width() > most.width() or widget.height() > most.height():
        widget.resize(widget.size().boundedTo(most).expandedTo(widget.minimumSize()))
        frame = widget.frameGeometry()
    x = min(max(frame.x(), room.x()), max(room.x(), room.right() + 1 - frame.width()))
    y = min(max(frame.y(), room.y()), max(room.y(), room.bottom() + 1 - frame.height()))
    if (x, y) != (frame.x(), frame.y()):
        widget.move(QPoint(x, y))


class ScreenFit(QObject):
    """Fits each top-level window or dialog to its screen when it is shown."""

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """On Show of a window or dialog (not a menu or tooltip): fit it."""
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            kind = watched.windowFlags() & Qt.WindowType.WindowType_Mask
            # The main window keeps itself on its screen (it restores the facilitator's
            # geometry, and never grows when a game opens); the projector fills its screen.
            own = watched.objectName() == "MainWindow" or bool(watched.property(OWN_FIT))
            if watched.isWindow() and kind in _WINDOWS and not own:
                fit_window(watched)
        return False


def install_screen_fit() -> None:
    """Watch every window of the application (once per application)."""
    app = QApplication.instance()
    if app is None or app.findChild(ScreenFit) is not None:
        return
    app.installEventFilter(ScreenFit(app))


@contextmanager
def screen_fit_paused() -> Iterator[None]:
    """Watch no window while the block runs: for building many widgets and showing none."""
    app = QApplication.instance()
    fit = app.findChild(ScreenFit) if app is not None else None
    if app is None or fit is None:
        yield
        return
    app.removeEventFilter(fit)
    try:
        yield
    finally:
        app.installEventFilter(fit)
