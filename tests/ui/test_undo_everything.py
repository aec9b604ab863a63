"""Every facilitator action is undoable, or confirmed with a prompt saying it cannot be; a
double-click on a button that changes the record acts once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton
from pytestqt.qtbot import QtBot

from wargame.game import MoveContent
from wargame.scenario.model import Method
from wargame.ui.forms import TextDialog
from wargame.ui.main_window import MainWindow
from wargame.ui.participants import OBSERVERS
from wargame.ui.session import GameSession

from .conftest import ScriptedNotifier, advance, make_tutorial_game


def _session(window: MainWindow) -> GameSession:
    assert window.session is not None
    return window.session


@pytest.fixture
def setup_game(tmp_path: Path) -> Path:
    return make_tutorial_game(tmp_path / "setup.wargame", started=False)


def test_starting_the_game_can_be_undone_and_redone(
    qtbot: QtBot, window: MainWindow, setup_game: Path
) -> None:
    assert window.open_game(setup_game)
    session = _session(window)
    assert window.turn_bar is not None
    with qtbot.waitSignal(session.changed):
        window.turn_bar.start_button.click()
    assert session.summary().status == "running"
    assert window.undo_action.isEnabled() and "Start game" in window.undo_action.text()
    window.undo_action.trigger()
    summary = session.summary()
    assert (summary.status, summary.turn) == ("setup", 0)
    assert window.turn_bar.start_button.isVisibleTo(window.turn_bar)
    window.redo_action.trigger()
    assert session.summary().status == "running"
    assert [p.phase_id for p in session.queries.phases()] == ["briefing"]
    assert session.queries.verify_chain().ok


def test_adding_a_participant_can_be_undone_and_redone(
    qtbot: QtBot, window: MainWindow, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    session = _session(window)
    panel = window.participants_panel
    assert panel is not None
    dialog = panel.add_participant()
    dialog.name.setText("Dana")
    dialog.team.setCurrentIndex(dialog.team.findData("red"))
    with qtbot.waitSignal(session.changed):
        dialog.accept()
    assert "Dana" in panel.model.members_of("red")
    assert window.undo_action.text().endswith("Add participant 'Dana'")
    window.undo_action.trigger()
    assert "Dana" not in panel.model.members_of("red")
    dana = next(p for p in session.queries.participants() if p.name == "Dana")
    assert dana.voided
    window.redo_action.trigger()
    assert "Dana" in panel.model.members_of("red")
    assert not next(p for p in session.queries.participants() if p.name == "Dana").voided


def test_ending_the_game_says_it_cannot_be_undone_and_no_keeps_it_running(
    window: MainWindow, notifier: ScriptedNotifier, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    notifier.confirms.append(False)
    window.end_action.trigger()
    assert "cannot be undone" in notifier.questions[-1]
    assert _session(window).summary().status == "running"


def test_revealing_says_it_cannot_be_undone_and_no_keeps_the_moves_sealed(
    window: MainWindow, notifier: ScriptedNotifier, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    session = _session(window)
    advance(window)
    anna = next(p.id for p in session.participants() if p.name == "Anna")
    session.game.submit_move(
        anna, MoveContent(title="Frigates", action="Sail", intended_result="Fish")
    )
    advance(window)
    assert window.moves_panel is not None
    notifier.confirms.append(False)
    window.moves_panel.reveal_button.click()
    assert "Reveal 1 sealed move of turn 1" in notifier.questions[-1]
    assert "cannot be undone" in notifier.questions[-1]
    assert all(m.sealed for m in session.queries.moves(session.viewer))


def test_a_declined_reassignment_changes_nothing(
    qtbot: QtBot, window: MainWindow, notifier: ScriptedNotifier, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    session = _session(window)
    panel = window.participants_panel
    assert panel is not None
    olga = next(p for p in session.participants() if p.name == "Olga")
    notifier.confirms.append(False)
    with qtbot.waitSignal(panel.model.dropped) as dropped:
        panel.model.drop(str(olga.id), "red")
    assert dropped.args[0] == []
    assert "cannot be undone" in notifier.questions[-1]
    assert panel.model.members_of(OBSERVERS) == ["Olga"]


def test_setting_the_pin_says_it_cannot_be_undone(
    window: MainWindow, notifier: ScriptedNotifier, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    window.pin_action.trigger()  # cancelled: nothing asked for is answered
    assert "cannot be undone" in notifier.questions[-1]


# ---------------------------------------------------------------------- one click, one change


def _start(window: MainWindow) -> QAbstractButton:
    assert window.turn_bar is not None
    return window.turn_bar.start_button


def _reveal(window: MainWindow) -> QAbstractButton:
    session = _session(window)
    advance(window)
    for name in ("Anna", "Борис"):
        author = next(p.id for p in session.participants() if p.name == name)
        session.game.submit_move(
            author, MoveContent(title=f"{name}'s move", action="Act", intended_result="R")
        )
    advance(window)
    assert isinstance(window.notifier, ScriptedNotifier)
    window.notifier.confirms.extend([True, True])
    assert window.moves_panel is not None
    return window.moves_panel.reveal_button


def _release(window: MainWindow) -> QAbstractButton:
    assert window.injects_panel is not None
    window.injects_panel.due_table.selectRow(0)
    return window.injects_panel.release_button


def _add_note(window: MainWindow) -> QAbstractButton:
    notes = window.notes_panel
    assert notes is not None
    notes.note_line.setText("The room is ready")
    return next(b for b in notes.findChildren(QAbstractButton) if b.text() == "Add note")


def _hot_seat_submit(window: MainWindow) -> QAbstractButton:
    advance(window)
    seat = window.open_team_entry("red")
    assert seat is not None
    seat.form.title.setText("Land the marines")
    seat.form.action.setPlainText("At dawn")
    seat.form.intended.setPlainText("A presence")
    return seat.submit_button


BUTTONS: dict[str, tuple[bool, Callable[[MainWindow], QAbstractButton]]] = {
    "Start game": (False, _start),
    "Reveal all": (True, _reveal),
    "Release (inject)": (True, _release),
    "Add note": (True, _add_note),
    "Submit move (hot seat)": (True, _hot_seat_submit),
}


@pytest.mark.parametrize("name", list(BUTTONS))
def test_a_double_click_changes_the_record_once(
    qtbot: QtBot, window: MainWindow, notifier: ScriptedNotifier, tmp_path: Path, name: str
) -> None:
    started, find = BUTTONS[name]
    path = make_tutorial_game(tmp_path / "room.wargame", started=started)
    assert window.open_game(path)
    window.show()
    button = find(window)
    button.window().show()
    changes: list[object] = []
    _session(window).changed.connect(changes.append)
    asked = len(notifier.questions)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)  # a double-click: two clicks at once
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(changes) == 1, name
    assert notifier.errors == []  # the second click was not even tried (and refused)
    assert len(notifier.questions) - asked <= 1  # nor asked about again


def test_the_analysts_observation_and_insight_can_be_undone(
    qtbot: QtBot, window: MainWindow, tutorial_game: Path
) -> None:
    from wargame.game import Viewer
    from wargame.ui.chain_dialog import ChainDialog

    assert window.open_game(tutorial_game)
    session = _session(window)
    view = window.analysts_view
    assert view is not None
    view.table.selectRow(0)
    assert view.observe("Blue hesitated over the red line.") is None
    dialog = view.open_chain()
    qtbot.addWidget(dialog)
    assert isinstance(dialog, ChainDialog)
    dialog.insight_sources.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.insight_text.setPlainText("Red lines slow Blue down.")
    assert dialog.add_insight()
    analysis = session.game.analysis()
    assert len(analysis.chain(Viewer.facilitator()).insights) == 1
    assert window.undo_action.text().endswith("Insight")
    window.undo_action.trigger()
    assert analysis.chain(Viewer.facilitator()).insights == ()
    window.redo_action.trigger()
    assert len(analysis.chain(Viewer.facilitator()).insights) == 1
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert all(o.voided for o in session.queries.observations(session.viewer))


def test_the_executive_summary_is_written_in_the_app_and_undone(
    qtbot: QtBot, window: MainWindow, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    session = _session(window)
    window.summary_action.trigger()
    dialog = window.findChild(TextDialog)
    assert isinstance(dialog, TextDialog) and dialog.isVisible()
    dialog.text.setPlainText("Deterrence held; Blue backed off at the red line.")
    with qtbot.waitSignal(session.changed):
        dialog.accept()
    assert not dialog.isVisible()
    assert session.summary().executive_summary == (
        "Deterrence held; Blue backed off at the red line."
    )
    assert window.undo_action.text().endswith("Executive summary")
    window.undo_action.trigger()
    assert session.summary().executive_summary is None
    window.redo_action.trigger()
    assert session.summary().executive_summary is not None


# ---------------------------------------------------------------------- every action, at a glance


def _moves_phase_with_a_move(window: MainWindow) -> int:
    session = _session(window)
    advance(window)
    anna = next(p.id for p in session.participants() if p.name == "Anna")
    return session.game.submit_move(
        anna, MoveContent(title="Frigates", action="Sail", intended_result="Fish")
    )


def _enter_a_move(window: MainWindow, qtbot: QtBot, folder: Path) -> None:
    advance(window)
    assert window.moves_panel is not None
    dialog = window.moves_panel.new_move()
    dialog.form.title.setText("Coast guard patrol")
    dialog.form.action.setPlainText("Patrol around Kest")
    dialog.form.intended.setPlainText("Show presence")
    dialog.accept()


def _counter(window: MainWindow, qtbot: QtBot, folder: Path) -> None:
    move = _moves_phase_with_a_move(window)
    assert window.moves_panel is not None and window.moves_panel.select_move(move)
    dialog = window.moves_panel.counter()
    assert dialog is not None
    dialog.text.setPlainText("Shore batteries cover the strait")
    dialog.accept()


def _reveal_final(window: MainWindow, qtbot: QtBot, folder: Path) -> None:
    _moves_phase_with_a_move(window)
    advance(window)
    window.reveal_action.trigger()


def _withdraw(window: MainWindow, qtbot: QtBot, folder: Path) -> None:
    move = _moves_phase_with_a_move(window)
    assert window.moves_panel is not None and window.moves_panel.select_move(move)
    window.moves_panel.withdraw_button.click()


def _adjudicate(window: MainWindow, qtbot: QtBot, folder: Path) -> None:
    advance(window)
    advance(window)
    dialog = window.open_adjudication(None)
    assert dialog is not None
    dialog.set_method(Method.RULING)
    dialog.narrative.setPlainText("The storm keeps both fleets in port.")
    dialog.outcome_buttons["partial"].setChecked(True)
    dialog.rationale.setPlainText("Nobody sails in a gale.")
    dialog.record_button.click()


def _ad_hoc(window: MainWindow, qtbot: QtBot, folder: Path) -> None:
    assert window.injects_panel is not None
    dialog = window.injects_panel.ad_hoc()
    dialog.title.setText("Storm warning")
    dialog.text.setPlainText("A gale is forecast.")
    dialog.accept()


def _note(window: MainWindow, qtbot: QtBot, folder: Path) -> None:
    assert window.notes_panel is not None
    window.notes_panel.note_line.setText("The room is ready")
    window.notes_panel.add_note()


def _observation(window: MainWindow, qtbot: QtBot, folder: Path) -> None:
    assert window.notes_panel is not None
    window.notes_panel.obs_line.setText("Blue hesitated")
    window.notes_panel.add_observation()


def _add_participant(window: MainWindow, qtbot: QtBot, folder: Path) -> None:
    assert window.participants_panel is not None
    dialog = window.participants_panel.add_participant()
    dialog.name.setText("Dana")
    dialog.accept()


def _reassign(window: MainWindow, qtbot: QtBot, folder: Path) -> None:
    panel = window.participants_panel
    assert panel is not None
    olga = next(p for p in _session(window).participants() if p.name == "Olga")
    with qtbot.waitSignal(panel.model.dropped):
        panel.model.drop(str(olga.id), "red")


def _void_in_the_log(window: MainWindow, qtbot: QtBot, folder: Path) -> None:
    _note(window, qtbot, folder)
    log = window.log_panel
    assert log is not None
    log.kind.setCurrentIndex(log.kind.findData("note"))
    log.select_row(0)
    log.void_selected()


def _executive_summary(window: MainWindow, qtbot: QtBot, folder: Path) -> None:
    dialog = window.edit_executive_summary()
    assert isinstance(dialog, TextDialog)
    dialog.text.setPlainText("Deterrence held.")
    dialog.accept()


def _start_setup(window: MainWindow, qtbot: QtBot, folder: Path) -> None:
    window.close_game()
    assert window.open_game(make_tutorial_game(folder / "setup.wargame", started=False))
    window.start_action.trigger()


Driver = Callable[[MainWindow, QtBot, Path], object]

ACTIONS: dict[str, Driver] = {
    "Start game": _start_setup,
    "Next phase": lambda w, _q, _f: w.next_action.trigger(),
    "Enter a move for a team": _enter_a_move,
    "Counter-argument": _counter,
    "Reveal moves": _reveal_final,
    "Withdraw move": _withdraw,
    "Adjudicate": _adjudicate,
    "Release next inject": lambda w, _q, _f: w.inject_action.trigger(),
    "Ad hoc inject": _ad_hoc,
    "Note": _note,
    "Observation": _observation,
    "Add participant": _add_participant,
    "Reassign by drag and drop": _reassign,
    "Void in the log": _void_in_the_log,
    "Set my PIN": lambda w, _q, _f: w.pin_action.trigger(),
    "Executive summary": _executive_summary,
    "End game": lambda w, _q, _f: w.end_action.trigger(),
}


@pytest.mark.parametrize("name", list(ACTIONS))
def test_every_facilitator_action_is_undoable_or_says_it_is_final(
    qtbot: QtBot, window: MainWindow, notifier: ScriptedNotifier, tutorial_game: Path, name: str
) -> None:
    assert window.open_game(tutorial_game)
    notifier.confirms.extend([True] * 3)  # go on past unfinished work when advancing
    ACTIONS[name](window, qtbot, tutorial_game.parent)
    session = _session(window)
    final = [q for q in notifier.questions if "cannot be undone" in q]
    assert session.undo_stack.count() > _advances(name) or final, name


def _advances(name: str) -> int:
    """How many phase changes a driver makes before the action (each is on the stack)."""
    return {
        "Enter a move for a team": 1,
        "Counter-argument": 1,
        "Reveal moves": 2,
        "Withdraw move": 1,
        "Adjudicate": 2,
    }.get(name, 0)


def test_a_game_whose_start_was_undone_reopens_in_its_setup(
    qtbot: QtBot, window: MainWindow, setup_game: Path
) -> None:
    assert window.open_game(setup_game)
    window.start_game()
    window.undo_action.trigger()
    window.close_game()
    assert window.open_game(setup_game)
    session = _session(window)
    assert session.summary().status == "setup"
    assert session.queries.verify_chain().ok
    assert window.start_action.isEnabled() and not window.next_action.isEnabled()
