from __future__ import annotations

from pathlib import Path

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
