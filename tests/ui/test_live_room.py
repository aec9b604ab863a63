"""The live room: steps confirmed or undoable, never taken twice by accident, no text lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from wargame.game import MoveContent
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


# ---------------------------------------------------------------------------- no text lost


@pytest.fixture
def room(window: MainWindow, tutorial_game: Path) -> MainWindow:
    """The main window with the tutorial game open, in its moves phase."""
    assert window.open_game(tutorial_game)
    advance(window)
    return window


def test_a_move_without_a_title_stays_open_with_its_text_and_the_field_marked(
    room: MainWindow,
) -> None:
    assert room.moves_panel is not None
    dialog = room.moves_panel.new_move()
    dialog.form.action.setPlainText("Patrol around Kest")
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.field_problem(dialog.form.title) == "Give the move a title."
    assert dialog.form.action.toPlainText() == "Patrol around Kest"
    assert room.session is not None and room.session.moves(room.session.viewer) == ()


def test_escape_in_a_move_asks_and_keeps_the_text_when_told_to(
    room: MainWindow, notifier: ScriptedNotifier
) -> None:
    assert room.moves_panel is not None
    dialog = room.moves_panel.new_move()
    dialog.form.title.setText("Coast guard patrol")
    notifier.confirms.append(False)  # keep editing
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.form.title.text() == "Coast guard patrol"
    assert "discard it?" in notifier.questions[-1]
    notifier.confirms.append(True)  # discard
    dialog.reject()
    assert not dialog.isVisible()


def test_a_refused_participant_keeps_the_name_and_shows_why(
    room: MainWindow, notifier: ScriptedNotifier
) -> None:
    assert room.participants_panel is not None
    dialog = room.participants_panel.add_participant()
    dialog.name.setText("Anna")  # already in the game
    dialog.accept()
    assert dialog.isVisible() and dialog.name.text() == "Anna"
    assert "Anna" in dialog.refusal.text()
    assert notifier.errors == []  # shown in the dialog, not in a box that hides it


def test_escape_in_adjudicate_after_writing_a_narrative_asks_first(
    room: MainWindow, notifier: ScriptedNotifier
) -> None:
    advance(room)
    dialog = room.open_adjudication(None)
    assert dialog is not None
    dialog.narrative.setPlainText("The frigates turn back.")
    notifier.confirms.append(False)
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.narrative.toPlainText() == "The frigates turn back."


def test_escape_in_an_ad_hoc_inject_asks_first(
    room: MainWindow, notifier: ScriptedNotifier
) -> None:
    assert room.injects_panel is not None
    dialog = room.injects_panel.ad_hoc()
    dialog.text.setPlainText("A storm closes the strait.")
    notifier.confirms.append(False)
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.text.toPlainText() == "A storm closes the strait."


def test_quit_with_an_unsent_observation_asks_and_can_keep_it(
    room: MainWindow, notifier: ScriptedNotifier
) -> None:
    room.show()
    assert room.notes_panel is not None
    room.notes_panel.obs_line.setText("Blue hesitated")
    notifier.confirms.append(False)
    assert not room.close()
    assert room.isVisible() and room.notes_panel.obs_line.text() == "Blue hesitated"
    assert "You typed an observation that is not recorded yet" in notifier.questions[-1]


# ---------------------------------------------------------------------------- explained


def test_a_counter_argument_records_the_team_that_raised_it(room: MainWindow) -> None:
    session, panel = room.session, room.moves_panel
    assert session is not None and panel is not None
    move = session.game.submit_move(
        session.facilitator_id,
        MoveContent(title="Frigates", action="a", intended_result="b"),
        team_id="blue",
    )
    assert panel.select_move(move)
    dialog = panel.counter()
    assert dialog is not None
    assert dialog.team.findData("blue") == -1  # not the move's own team
    dialog.team.setCurrentIndex(dialog.team.findData("red"))
    dialog.text.setPlainText("Shore batteries cover the strait")
    dialog.accept()
    (counter,) = session.moves(session.viewer)[0].counters
    assert counter.team_id == "red"


def test_revealing_moves_adds_a_log_line(room: MainWindow) -> None:
    session = room.session
    assert session is not None and room.log_panel is not None
    session.game.submit_move(
        session.facilitator_id,
        MoveContent(title="Frigates", action="a", intended_result="b"),
        team_id="blue",
    )
    advance(room)
    assert session.act("Reveal", lambda: session.game.reveal_moves(session.facilitator_id)).ok
    reveals = [e for e in room.log_panel.model.entries() if e.kind == "reveal"]
    assert len(reveals) == 1 and reveals[0].what.startswith("1 move revealed: #")


def test_the_timer_survives_reopening_the_game(window: MainWindow, tutorial_game: Path) -> None:
    assert window.open_game(tutorial_game)
    assert window.clock is not None
    window.clock.extend(3)  # 2:00 + 3 minutes
    window.clock.start()
    window.clock.pause()
    window.close_game()
    assert window.open_game(tutorial_game)
    assert window.clock is not None
    assert window.clock.text() == "05:00"  # not back to the phase's 02:00
    assert not window.clock.running


def test_a_greyed_out_action_says_why(room: MainWindow) -> None:
    assert not room.adjudicate_action.isEnabled()  # the game is in its moves phase
    assert room.adjudicate_action.toolTip() == (
        "Adjudicate…: Moves can be adjudicated only in an adjudication phase; "
        "the game is in 'Moves'."
    )
    assert room.start_action.toolTip().endswith("The game has already started.")


def test_keyboard_shortcuts_come_from_the_action_table(
    room: MainWindow, notifier: ScriptedNotifier
) -> None:
    room.shortcuts_action.trigger()
    _, page = notifier.infos[-1]
    for key, text in (("F8", "Next phase"), ("Ctrl+J", "Adjudicate"), ("F5", "Projector window")):
        assert f"<b>{key}</b></td><td>{text}" in page


def test_briefing_packs_of_the_game_folder_go_to_a_new_folder_beside_it(
    qtbot: QtBot, room: MainWindow, notifier: ScriptedNotifier, tutorial_game: Path
) -> None:
    notifier.folders.append(str(tutorial_game.parent))  # the folder the dialog opens on
    assert room.export_briefings() is not None
    qtbot.waitUntil(lambda: bool(notifier.opened or notifier.errors), timeout=60_000)
    assert notifier.errors == []
    folder = notifier.opened[-1]
    assert folder.parent == tutorial_game.parent and folder.name.endswith(" - briefings")
    assert any(p.suffix == ".pdf" for p in folder.iterdir())


def test_a_double_click_opens_the_move_clicked_or_says_why_not(room: MainWindow) -> None:
    session, panel = room.session, room.moves_panel
    assert session is not None and panel is not None
    move = session.game.submit_move(
        session.facilitator_id,
        MoveContent(title="Frigates", action="a", intended_result="b"),
        team_id="blue",
    )
    advance(room)  # to adjudication
    panel.open_row(panel.model.index(0, 0))
    dialog = room.adjudication
    assert dialog is not None
    chosen = dialog.chosen_move()
    assert chosen is not None and chosen.id == move
    dialog.done(0)
    advance(room)  # narrative
    advance(room)  # turn 2, briefing
    panel.turn_combo.setCurrentIndex(panel.turn_combo.findData(1))
    panel.open_row(panel.model.index(0, 0))
    assert _open_dialog(room) is None
    assert "is a move of turn 1" in room.statusBar().currentMessage()


def _open_dialog(window: MainWindow) -> object:
    return window.adjudication


def test_an_injects_text_shows_in_the_preview_pane(room: MainWindow) -> None:
    panel = room.injects_panel
    assert panel is not None
    panel.due_table.selectRow(0)
    inject = panel.due_model.record(0).inject
    assert inject.text[:30] in panel.preview.toPlainText()
