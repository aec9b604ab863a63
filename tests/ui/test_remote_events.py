"""Events from a shared game's other laptops only refresh the views: a forged 'advance'
notification (anyone with a login may NOTIFY) never clears the facilitator's undo history."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from wargame.game import GameEvent
from wargame.ui.main_window import MainWindow


def test_a_remote_advance_refreshes_but_keeps_the_undo_history(
    qtbot: QtBot, window: MainWindow, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    session = window.session
    assert session is not None and window.notes_panel is not None
    window.notes_panel.note_line.setText("Kept undoable")
    window.notes_panel.add_note()
    assert session.undo_stack.count() == 1
    forged = GameEvent("advance", 1, (("phase_record", 99),), "shared database")
    with qtbot.waitSignal(session.changed) as emitted:
        session.relay_remote(forged)
    assert emitted.args == [forged]
    assert session.undo_stack.count() == 1
    window.undo_action.trigger()
    assert session.queries.notes(session.viewer)[0].voided
