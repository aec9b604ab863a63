from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from wargame.ui.main_window import MainWindow


def test_opening_a_game_builds_every_panel(
    qtbot: QtBot, window: MainWindow, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    window.show()
    assert window.session is not None
    assert window.turn_bar is not None and "Turn 1 of 3" in window.turn_bar.turn_label.text()
    assert window.windowTitle().startswith("Tutorial: The Kest Strait")


def test_the_window_says_which_game_it_opens_then_shows_it(
    qtbot: QtBot, window: MainWindow, tutorial_game: Path
) -> None:
    shown: list[str] = []

    def record(_session: object) -> None:
        opening = window._opening
        assert opening is not None
        shown.append(opening.text())

    window.game_opened.connect(record)
    with qtbot.waitSignal(window.game_opened):
        window.open_game_when_shown(tutorial_game)  # as `wargame kest.wargame` starts
        opening = window.stack.currentWidget()
        assert isinstance(opening, QLabel) and opening.text() == "Opening kest.wargame…"
        assert window.session is None  # nothing opens before the window is drawn
        window.show()
    assert shown == ["Opening kest.wargame…"]
    assert window.stack.currentWidget() is window.map_panel
    assert window.windowTitle().startswith("Tutorial: The Kest Strait")
