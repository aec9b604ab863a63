"""The panels that open behind another dock's tab are built when first shown or asked for."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTabBar
from pytestqt.qtbot import QtBot

from wargame.game import Game
from wargame.ui.analysts import AnalystsView
from wargame.ui.main_window import MainWindow
from wargame.ui.notes_panel import NotesPanel
from wargame.ui.participants import ParticipantsPanel


def _tabs(window: MainWindow, tab: str) -> list[QTabBar]:
    return [
        b for b in window.findChildren(QTabBar) if tab in [b.tabText(i) for i in range(b.count())]
    ]


def test_tabs_behind_others_are_built_when_raised(
    qtbot: QtBot, window: MainWindow, tutorial_game: Path
) -> None:
    with Game.open(tutorial_game) as game:
        white = game.queries().participants()[0].id
        game.note(white, "The red team asked for more time.")
    window.show()
    assert window.open_game(tutorial_game)
    assert window.map_panel is not None
    qtbot.waitUntil(lambda: window.map_panel is not None and window.map_panel.isVisible())
    qtbot.waitExposed(window)
    # Drawn with the log and the state board in front: nothing behind them was built.
    for kind in (NotesPanel, ParticipantsPanel, AnalystsView):
        assert window.findChildren(kind) == []
    assert window.notes_if_built() is None and window.participants_if_built() is None

    qtbot.waitUntil(lambda: len(_tabs(window, "Notes and observations")) == 1)
    (bar,) = _tabs(window, "Notes and observations")  # the facilitator clicks the tab
    tab = [bar.tabText(i) for i in range(bar.count())].index("Notes and observations")
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(tab).center())
    qtbot.waitUntil(lambda: window.notes_if_built() is not None)
    notes = window.notes_if_built()
    assert notes is not None and notes.isVisible()
    assert notes.notes_model.rowCount() == 1  # it reads the game when built
    assert window.findChildren(AnalystsView) == []  # still behind the notes

    assert isinstance(window.analysts_view, AnalystsView)  # asked for: built at once
    assert window.participants_panel is window.participants_panel  # built once
    assert len(window.findChildren(AnalystsView)) == 1

    window.close_game_quietly()  # the window is going away: nothing more is built
    assert _offered(window) == (None, None, None)


def _offered(window: MainWindow) -> tuple[object, object, object]:
    return window.notes_panel, window.participants_panel, window.analysts_view
