"""Dock sizes a facilitator dragged keep their proportions when the window changes size.

The drags are real: mouse events on the separators between the docks, as a facilitator's
mouse sends them, one move at a time with Qt's deferred separator moves let through.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDockWidget
from pytestqt.qtbot import QtBot

from wargame.ui.dock_sizes import DockSizes
from wargame.ui.main_window import MainWindow

from .conftest import ScriptedNotifier, settings_in
from .test_dock_layout import overlaps, unreachable

LARGE = (1600, 1000)
MEDIUM = (1440, 900)
SMALL = (1280, 720)


def _settle() -> None:
    QTest.qWait(0)  # the docks' deferred sizing and Qt's deferred separator moves
    for _ in range(3):
        QCoreApplication.processEvents()


def _send(window: MainWindow, kind: QEvent.Type, at: QPoint, button: Qt.MouseButton) -> None:
    held = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else button
    if kind == QEvent.Type.MouseMove:
        button = Qt.MouseButton.NoButton
    event = QMouseEvent(
        kind,
        QPointF(at),
        QPointF(window.mapToGlobal(at)),
        button,
        held,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, event)
    _settle()


def drag(window: MainWindow, start: QPoint, by: QPoint) -> None:
    """Press on a separator at ``start``, move ``by`` in ten steps, release."""
    left = Qt.MouseButton.LeftButton
    _send(window, QEvent.Type.MouseButtonPress, start, left)
    for step in range(1, 11):
        _send(window, QEvent.Type.MouseMove, start + by * step / 10, left)
    _send(window, QEvent.Type.MouseButtonRelease, start + by, left)


def _docks(window: MainWindow) -> dict[str, QDockWidget]:
    return {d.objectName(): d for d in window.findChildren(QDockWidget)}


def _shares(window: MainWindow) -> dict[str, float]:
    docks = _docks(window)
    moves, injects = docks["dock-moves"], docks["dock-injects"]
    return {
        "state": docks["dock-state"].width() / window.width(),
        "moves": moves.width() / window.width(),
        "log": docks["dock-log"].height() / window.height(),
        "moves over injects": moves.height() / (moves.height() + injects.height()),
    }


def _drag_every_edge(window: MainWindow) -> None:
    """Widen the state board and the moves, raise the log, give the injects more room."""
    docks = _docks(window)
    state, moves, log = docks["dock-state"], docks["dock-moves"], docks["dock-log"]
    middle = state.geometry().center().y()
    drag(window, QPoint(state.geometry().right() + 3, middle), QPoint(90, 0))
    drag(window, QPoint(moves.geometry().left() - 3, middle), QPoint(-70, 0))
    centre = log.geometry().center().x()
    drag(window, QPoint(centre, log.geometry().top() - 3), QPoint(0, -60))
    drag(
        window,
        QPoint(moves.geometry().center().x(), moves.geometry().bottom() + 3),
        QPoint(0, -150),
    )


def _close(shares: dict[str, float], expected: dict[str, float]) -> bool:
    return all(abs(shares[k] - expected[k]) < 0.012 for k in expected)


@pytest.fixture
def opened(window: MainWindow, tutorial_game: Path) -> MainWindow:
    window.resize(*LARGE)
    window.show()
    assert window.open_game(tutorial_game)
    _settle()
    return window


def test_the_drags_change_the_docks(opened: MainWindow) -> None:
    before = _shares(opened)
    _drag_every_edge(opened)
    after = _shares(opened)
    assert after["state"] > before["state"] + 0.04
    assert after["moves"] > before["moves"] + 0.03
    assert after["log"] > before["log"] + 0.04
    assert after["moves over injects"] < before["moves over injects"] - 0.1


def test_dragged_docks_keep_their_proportions_when_the_window_shrinks_and_grows(
    opened: MainWindow,
) -> None:
    _drag_every_edge(opened)
    dragged = _shares(opened)
    opened.resize(*MEDIUM)
    _settle()
    assert _close(_shares(opened), dragged), (_shares(opened), dragged)
    opened.resize(*SMALL)
    _settle()
    # On a laptop's screen the side docks give the log its buttons' width, both alike.
    small = _shares(opened)
    assert overlaps(opened) == [] and unreachable(opened) == []
    assert abs(small["state"] / small["moves"] - dragged["state"] / dragged["moves"]) < 0.02
    assert abs(small["moves over injects"] - dragged["moves over injects"]) < 0.012
    opened.resize(*LARGE)
    _settle()
    assert _close(_shares(opened), dragged), (_shares(opened), dragged)


def test_reset_layout_goes_back_to_the_default_shares(opened: MainWindow) -> None:
    opened.resize(*SMALL)
    _settle()
    defaults = _shares(opened)
    opened.resize(*LARGE)
    _settle()
    _drag_every_edge(opened)
    opened.reset_layout_action.trigger()
    opened.resize(*SMALL)
    _settle()
    assert _close(_shares(opened), defaults), (_shares(opened), defaults)


@pytest.fixture
def remembering(qtbot: QtBot, notifier: ScriptedNotifier, tmp_path: Path) -> Iterator[MainWindow]:
    """A main window that restores the facilitator's layout, as the app's does."""
    win = MainWindow(settings_in(tmp_path), notifier)
    qtbot.addWidget(win)
    yield win
    win.close_game_quietly()


def test_dragged_proportions_are_kept_after_the_game_is_opened_again(
    remembering: MainWindow, tutorial_game: Path
) -> None:
    remembering.resize(*LARGE)
    remembering.show()
    assert remembering.open_game(tutorial_game)
    _settle()
    _drag_every_edge(remembering)
    dragged = _shares(remembering)
    remembering.close_game()  # the layout is saved
    _settle()
    assert remembering.open_game(tutorial_game)
    _settle()
    assert _close(_shares(remembering), dragged), (_shares(remembering), dragged)
    remembering.resize(*MEDIUM)
    _settle()
    assert _close(_shares(remembering), dragged), (_shares(remembering), dragged)


def test_a_click_inside_a_dock_is_no_drag(opened: MainWindow) -> None:
    (sizes,) = opened.findChildren(DockSizes)
    state = _docks(opened)["dock-state"]
    inside = state.geometry().center()  # over the board: a click a child let through
    left = Qt.MouseButton.LeftButton
    _send(opened, QEvent.Type.MouseButtonPress, inside, left)
    _send(opened, QEvent.Type.MouseButtonRelease, inside, left)
    assert sizes.shares is None  # still the default shares
    _drag_every_edge(opened)
    assert sizes.shares is not None
