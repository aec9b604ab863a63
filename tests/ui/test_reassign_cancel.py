"""Dragging a player back to their team cancels the move to another team waiting for next
turn; the panel shows the waiting move until then."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from wargame.ui.main_window import MainWindow

from .conftest import ScriptedNotifier


def test_dragging_a_player_back_cancels_their_move_next_turn(
    qtbot: QtBot, window: MainWindow, notifier: ScriptedNotifier, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    session = window.session
    panel = window.participants_panel
    assert session is not None and panel is not None
    anna = next(p for p in session.participants() if p.name == "Anna")
    assert anna.team_id == "blue"

    notifier.confirms.append(True)
    with qtbot.waitSignal(panel.model.dropped):
        panel.model.drop(str(anna.id), "red")
    assert "Anna → Red team from turn 2" in panel.model.members_of("blue")

    notifier.confirms.append(True)
    with qtbot.waitSignal(panel.model.dropped) as dropped:
        panel.model.drop(str(anna.id), "blue")
    assert dropped.args[0] == [str(anna.id)]
    assert notifier.questions[-1].startswith("Keep Anna in Blue team?")
    assert "cancelled" in notifier.questions[-1]
    assert notifier.errors == []
    assert "Anna" in panel.model.members_of("blue")
    assert session.queries.participant(anna.id).next_team_id == "blue"
