"""The live room: steps confirmed or undoable, never taken twice by accident, no text lost."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from wargame.ui.main_window import MainWindow

from .conftest import ScriptedNotifier, advance


def _at(window: MainWindow) -> tuple[int, str | None]:
    assert window.session is not None
    summary = window.session.summary()
    return summary.turn, summary.phase_id


def test_undo_of_a_phase_change_returns_to_the_phase_before(
    window: MainWindow, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    advance(window)
    assert _at(window) == (1, "moves")
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()
    assert _at(window) == (1, "briefing")
    assert window.turn_bar is not None
    assert "Briefing" in window.turn_bar.phase_label.text()
    window.redo_action.trigger()
    assert _at(window) == (1, "moves")


def test_a_double_click_on_next_phase_advances_once(
    qtbot: QtBot, window: MainWindow, notifier: ScriptedNotifier, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    window.show()
    assert window.turn_bar is not None
    notifier.confirms.extend([True, True])  # the briefing's inject is not released yet
    button = window.turn_bar.next_button
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)  # a double-click: two clicks at once
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    assert _at(window) == (1, "moves")
    assert window.session is not None
    phases = window.session.queries.phases()
    assert [p.phase_id for p in phases] == ["briefing", "moves"]


def test_next_phase_shows_the_unfinished_work_and_can_go_back(
    window: MainWindow, notifier: ScriptedNotifier, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    advance(window)
    assert window.moves_panel is not None
    dialog = window.moves_panel.new_move()
    dialog.form.title.setText("Coast guard patrol")
    dialog.form.action.setPlainText("Patrol around Kest")
    dialog.form.intended.setPlainText("Show presence")
    dialog.accept()
    notifier.confirms.append(False)  # go back
    window.advance_phase()
    question = notifier.questions[-1]
    assert "Moves is not finished" in question
    assert "1 team without a move: Red team" in question
    assert "Fishing boat seized" in question
    assert _at(window) == (1, "moves")
