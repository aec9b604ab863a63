"""A whole game of the tutorial scenario, every turn to the end, through the real widgets.

New-game wizard with drag-and-drop team assignment, the start of the game, scheduled and ad
hoc injects, hot-seat move entry with PINs, the projector (checked for secrets), reveal,
adjudication by each of the five methods, a red line crossed and shown, a unit dragged on
the map, undo and redo, a correction in the log, export; then turns 2 and 3 played the same
way (injects, hot-seat moves, reveal, adjudications through the dialog, notes), the end of
the game, and the after-action report built from the app and read back. The log must hold
no error and the record must verify. Each stage is a function of its own; the test runs
them in order on one game.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from wargame.game import Audience, Viewer
from wargame.scenario.model import Method
from wargame.ui import export
from wargame.ui.main_window import MainWindow
from wargame.ui.participants import OBSERVERS
from wargame.ui.projector import ProjectorWindow
from wargame.ui.session import GameSession
from wargame.ui.state_board import RedLineChip

from .conftest import FACILITATOR_PIN, TUTORIAL, ScriptedNotifier, advance

SEALED_TITLE = "Quietly mine the approaches to Kest"
SEALED_ACTION = "Lay a covert minefield around the island at night"


def crossed(chip: RedLineChip) -> bool:
    """Whether the chip shows its red line crossed, read afresh (a call mypy does not narrow)."""
    return chip.crossed


def _session(window: MainWindow) -> GameSession:
    assert window.session is not None
    return window.session


def _create_game_with_the_wizard(
    qtbot: QtBot, window: MainWindow, notifier: ScriptedNotifier, path: Path
) -> None:
    window.show_start_page()
    wizard = window.show_new_game(str(TUTORIAL))
    page = wizard.scenario_page
    entry = page.entry()
    assert entry is not None and entry.scenario_id == "tutorial"
    assert "Kest" in page.summary.toPlainText()
    assert page.isComplete()
    wizard.next()

    game_page = wizard.game_page
    assert game_page.title_edit.text() == "Tutorial: The Kest Strait"
    game_page.title_edit.setText("Kest drill — Учения")
    game_page.file_edit.setText(str(path))
    game_page.seed_edit.setText("20270301")
    game_page.facilitator_edit.setText("Wanda White")
    game_page.pin_edit.setText(FACILITATOR_PIN)
    game_page.pin_again.setText("9999")
    assert not game_page.isComplete()
    assert "PINs differ" in game_page.problem.text()
    game_page.pin_again.setText(FACILITATOR_PIN)
    assert game_page.isComplete()
    wizard.next()

    people = wizard.people_page
    people.names.setPlainText("Anna\nAleksy\n\nБорис Петров\nanna\nOlga")
    assert people.add_names() == ["Anna", "Aleksy", "Борис Петров", "Olga"]
    assert "anna" in people.message.text()  # the duplicate is left out, and said so
    assert not people.isComplete()  # nobody is on a team yet
    model = people.model
    for key, group in (
        ("anna", "blue"),
        ("aleksy", "blue"),
        ("борис петров", "red"),
        ("olga", OBSERVERS),
    ):
        with qtbot.waitSignal(model.dropped):
            assert model.drop(key, group)  # the same path as a drag and drop in the tree
    assert model.members_of("blue") == ["Anna", "Aleksy"]
    assert model.members_of("red") == ["Борис Петров"]
    people.tree.setCurrentIndex(model.member_index("anna"))
    notifier.secrets.append("1111")
    people.set_pin()
    assert people.people["anna"].pin == "1111"
    assert people.isComplete()
    with qtbot.waitSignal(window.game_opened):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    assert path.is_file()


@dataclass
class Play:
    """The game being played: the window, its notifier and the test's tools."""

    qtbot: QtBot
    window: MainWindow
    notifier: ScriptedNotifier
    folder: Path


@dataclass(frozen=True)
class TurnOneMoves:
    """The moves of turn 1, by who wrote them."""

    blue: int
    red: int
    sealed: int


def _turn_one_briefing(play: Play) -> None:
    """Start, the briefing's scheduled inject, and an ad hoc one for blue only."""
    window, qtbot = play.window, play.qtbot
    session = _session(window)
    assert window.turn_bar is not None and window.injects_panel is not None
    with qtbot.waitSignal(session.changed):
        window.turn_bar.start_button.click()
    assert window.turn_bar.turn_label.text() == "Turn 1 of 3"
    assert "Briefing" in window.turn_bar.phase_label.text()
    panel = window.injects_panel
    scheduled = [r.inject.id for r in panel.due_model.rows() if not r.inject.conditional]
    assert scheduled == ["fishing-boat-seized"]
    panel.due_table.selectRow(0)
    with qtbot.waitSignal(session.changed):
        panel.release_button.click()
    assert panel.released_model.rows()[0].title == "Fishing boat seized"
    assert window.state_board is not None
    fishing = window.state_board.gauges["fishing-access"]
    assert fishing.text() == "Aurelian fishing access: 5 of 10"
    ad_hoc = panel.ad_hoc()
    ad_hoc.title.setText("Storm warning — Штормовое предупреждение")
    ad_hoc.text.setPlainText("A gale is forecast for the strait tomorrow.")
    ad_hoc.some_teams.setChecked(True)
    ad_hoc.team_boxes["blue"].setChecked(True)
    with qtbot.waitSignal(session.changed):
        ad_hoc.accept()
    storm = panel.released_model.rows()[0]
    assert storm.trigger == "ad_hoc" and storm.audience == ("blue",)


def _turn_one_moves(play: Play) -> TurnOneMoves:
    """The hot seat for each team, a move the white cell enters, a counter, an observation."""
    window, notifier, qtbot = play.window, play.notifier, play.qtbot
    session = _session(window)
    q = session.queries
    names = {p.name: p for p in q.participants()}
    assert window.turn_bar is not None
    advance(window)
    assert "Moves" in window.turn_bar.phase_label.text()
    blue = window.open_team_entry("blue")
    assert blue is not None
    qtbot.addWidget(blue)
    assert not window.isVisible() and blue.isVisible()
    assert "Your navy is stronger at sea" in blue.briefing.toPlainText()  # Aurelia's own
    assert "coast guard is already near" not in blue.briefing.toPlainText()  # not Borovia's
    assert "Storm warning" in blue.injects.toPlainText()
    blue.author.setCurrentIndex(blue.author.findData(names["Anna"].id))
    assert blue.pin.isVisibleTo(blue)
    blue.form.title.setText("Frigates into the strait")
    blue.form.action.setPlainText(
        "Send the 2nd Frigate Squadron into the strait to escort trawlers."
    )
    blue.form.intended.setPlainText("Borovia backs off and the trawlers fish again.")
    blue.form.reasons.setPlainText("Our navy is stronger at sea\nThe trawlers need protection")
    blue.pin.setText("0000")
    assert blue.submit() is None
    assert notifier.last_error() == "That is not Anna's PIN."
    blue.pin.setText("1111")
    with qtbot.waitSignal(blue.submitted) as submitted:
        blue.submit_button.click()
    blue_move = submitted.args[0]
    assert [m.title for m in blue.moves_model.rows()] == ["Frigates into the strait"]
    notifier.secrets.append("1234")
    assert not blue.request_hand_back()
    assert notifier.last_error() == "That is not the facilitator's PIN."
    notifier.secrets.append(FACILITATOR_PIN)
    with qtbot.waitSignal(blue.handed_back):
        assert blue.request_hand_back()
    assert window.isVisible()

    red = window.open_team_entry("red")
    assert red is not None
    qtbot.addWidget(red)
    assert [m.title for m in red.moves_model.rows()] == []  # blue's move is sealed
    assert "Storm warning" not in red.injects.toPlainText()  # addressed to blue only
    red.form.title.setText("Land the marines on Kest")
    red.form.action.setPlainText("The 7th Marine Company lands on the Isle of Kest at dawn.")
    red.form.intended.setPlainText("A lasting presence on the island.")
    red.form.reasons.setPlainText("The landing is popular at home")
    with qtbot.waitSignal(red.submitted) as submitted:
        red.submit()
    red_move = submitted.args[0]
    notifier.secrets.append(FACILITATOR_PIN)
    assert red.request_hand_back()

    # the facilitator enters a third, secret move for red
    assert window.moves_panel is not None
    move_dialog = window.moves_panel.new_move()
    move_dialog.team.setCurrentIndex(move_dialog.team.findData("red"))
    move_dialog.form.title.setText(SEALED_TITLE)
    move_dialog.form.action.setPlainText(SEALED_ACTION)
    move_dialog.form.intended.setPlainText("Deter Aurelian warships")
    with qtbot.waitSignal(session.changed):
        move_dialog.accept()
    sealed_move = next(m.id for m in q.moves(session.viewer) if m.title == SEALED_TITLE)
    assert window.moves_panel.model.rowCount() == 3
    sealed_rows = [r.move.title for r in window.moves_panel.model.rows() if r.move.sealed]
    assert len(sealed_rows) == 3  # the facilitator sees every move, each marked sealed

    # a counter-argument, an observation and a note
    assert window.moves_panel.select_move(blue_move)
    counter = window.moves_panel.counter()
    assert counter is not None
    counter.text.setPlainText("Borovian shore batteries cover the strait")
    counter.team.setCurrentIndex(counter.team.findData("red"))
    with qtbot.waitSignal(session.changed):
        counter.accept()
    raised = [c for m in q.moves(session.viewer) for c in m.counters]
    assert [c.team_id for c in raised] == ["red"]  # the team that raised it, not the white cell
    notes = window.notes_panel
    assert notes is not None
    window.observation_action.trigger()
    notes.obs_line.setText("Blue hesitated before sending the frigates")
    notes.tags_line.setText("#friction surprise")
    notes.question.setCurrentIndex(notes.question.findData("red-line-effect"))
    assert notes.add_observation()
    notes.note_line.setText("Secret white-cell note: push red harder next turn")
    assert notes.add_note()
    observation = q.observations(session.viewer)[0]
    assert observation.tags == ("friction", "surprise")
    assert observation.question_ids == ("red-line-effect",)
    return TurnOneMoves(blue_move, red_move, sealed_move)


def _the_projector_keeps_secrets(play: Play, moves: TurnOneMoves) -> ProjectorWindow:
    """The projector shows nothing secret while the moves are sealed; a withdrawal."""
    window, notifier, qtbot = play.window, play.notifier, play.qtbot
    session = _session(window)
    sealed_move = moves.sealed
    assert window.moves_panel is not None
    projector = window.toggle_projector()
    assert projector is not None
    qtbot.addWidget(projector)
    shown = "\n".join(projector.texts())
    for secret in (
        "Frigates into the strait",
        "Land the marines on Kest",
        SEALED_TITLE,
        SEALED_ACTION,
        "Send the 2nd Frigate Squadron",
        "push red harder",
        "Blue hesitated",
        "shore batteries",
        "Your navy is stronger",
    ):
        assert secret not in shown
    assert "Fishing boat seized" in shown  # released to all
    assert "Storm warning" not in shown  # released to the blue team only
    assert "sealed until the white cell reveals them" in shown

    # the white cell withdraws its own sealed move before the reveal
    assert window.moves_panel.select_move(sealed_move)
    notifier.texts.append("the white cell holds it back")
    with qtbot.waitSignal(session.changed):
        window.moves_panel.withdraw_button.click()
    return projector


def _turn_one_adjudication(play: Play, moves: TurnOneMoves, projector: ProjectorWindow) -> None:
    """Reveal, then adjudicate by each of the five methods; a red line is crossed."""
    window, notifier, qtbot = play.window, play.notifier, play.qtbot
    session = _session(window)
    q = session.queries
    blue_move, red_move = moves.blue, moves.red
    panel = window.injects_panel
    assert window.moves_panel is not None and window.state_board is not None
    assert window.turn_bar is not None and panel is not None
    advance(window)
    assert "Adjudication" in window.turn_bar.phase_label.text()
    notifier.confirms.append(True)  # revealing cannot be undone: go on
    window.moves_panel.reveal_button.click()
    assert not any(m.sealed for m in q.moves(Viewer.public(), 1))
    shown = "\n".join(projector.texts())
    assert "Frigates into the strait" in shown and SEALED_TITLE not in shown

    # matrix: the frigates enter the strait, crossing Borovia's red line
    chip = window.state_board.chips["warships-in-strait"]
    assert not crossed(chip)
    window.moves_panel.select_move(blue_move)
    dialog = window.open_adjudication(blue_move)
    assert dialog is not None
    dialog.set_method(Method.MATRIX)
    assert dialog.strong_reasons.value() == 2
    counters = [c for c in dialog.counter_checks if c > 0]
    assert len(counters) == 1
    dialog.counter_checks[counters[0]].setChecked(False)
    assert "Modifier +2" in dialog.explained.text()
    assert "success" in dialog.odds_bar.text()
    row = dialog.effects.add_row("unit_move")
    row.target.setCurrentIndex(row.target.findData("aurelian-frigates"))
    row.region.setCurrentIndex(row.region.findData("strait"))
    assert "Red line crossed: Aurelian warships in the strait" in dialog.preview.toPlainText()
    assert "Inject fires: Borovian ultimatum" in dialog.preview.toPlainText()
    assert not dialog.record_button.isEnabled()  # no narrative, no dice yet
    dialog.narrative.setPlainText("The frigates steam into the strait; Borovia protests loudly.")
    with qtbot.waitSignal(dialog.rolled):
        dialog.roll_button.click()
    assert len(dialog.dice.faces) == 2
    assert not dialog.method_combo.isEnabled()  # the inputs are fixed once the dice are rolled
    shown_faces = dialog.dice.faces
    with qtbot.waitSignal(dialog.recorded) as recorded:
        dialog.record_button.click()
    matrix = next(a for a in q.adjudications(session.viewer) if a.id == recorded.args[0])
    assert matrix.rolls[0].faces == shown_faces  # the dice on screen are the dice recorded
    assert matrix.inputs["accepted_counters"] == []
    assert crossed(chip)
    assert "CROSSED in turn 1" in chip.status_label.text()
    assert window.state_board.flashing
    assert "Red line crossed" in window.statusBar().currentMessage()
    assert window.map_panel is not None
    assert window.map_panel.view.tokens["aurelian-frigates"].unit.region == "strait"
    assert "Borovian ultimatum" in [i.title for i in panel.released_model.rows()]

    # odds, with physical dice typed in
    dialog = window.open_adjudication(red_move)
    assert dialog is not None
    dialog.set_method(Method.ODDS)
    dialog.rating.setCurrentIndex(dialog.rating.findData("Likely"))
    assert dialog.odds_bar.text().startswith("success 67%")
    dialog.physical.setText("7")
    assert "a d6 shows 1 to 6" in dialog.problem_label.text()
    dialog.physical.setText("5")
    assert dialog.outcome_label.text() == "SUCCESS"
    dialog.narrative.setPlainText("The marines land unopposed.")
    with qtbot.waitSignal(dialog.recorded):
        dialog.record_button.click()
    odds = q.adjudications(session.viewer)[-1]
    assert odds.method == "odds" and odds.rolls[0].source == "physical"
    assert odds.outcome == "success"

    # probability, table and ruling on open questions
    for method in (Method.PROBABILITY, Method.TABLE, Method.RULING):
        dialog = window.open_adjudication(None)
        assert dialog is not None
        dialog.set_method(method)
        dialog.narrative.setPlainText(f"Open question settled by {method.value}.")
        if method is Method.PROBABILITY:
            dialog.estimates["blue"][1].setValue(30)
            dialog.estimates["red"][1].setValue(61)
            assert dialog.explained.text() == "Combined chance: 46%"
        if method is Method.TABLE:
            assert "The ships collide" in dialog.table_rows.text()
        if method is Method.RULING:
            dialog.outcome_buttons["partial"].setChecked(True)
            assert not dialog.record_button.isEnabled()
            dialog.rationale.setPlainText("Both sides want a way out.")
        else:
            with qtbot.waitSignal(dialog.rolled):
                dialog.roll()
        assert dialog.record_button.isEnabled()
        with qtbot.waitSignal(dialog.recorded):
            dialog.record_button.click()
    methods = [a.method for a in q.adjudications(session.viewer) if not a.voided]
    assert methods == ["matrix", "odds", "probability", "table", "ruling"]


def _undo_the_map_and_the_log(play: Play, moves: TurnOneMoves) -> None:
    """Undo and redo, a unit dragged on the map, the log filtered, a void and an amendment."""
    window, notifier, qtbot = play.window, play.notifier, play.qtbot
    session = _session(window)
    q = session.queries
    red_move = moves.red
    assert window.state_board is not None and window.map_panel is not None
    chip = window.state_board.chips["warships-in-strait"]
    assert window.undo_action.isEnabled()
    assert "ruling" in window.undo_action.text()
    window.undo_action.trigger()
    ruling = [a for a in q.adjudications(session.viewer) if a.method == "ruling"]
    assert len(ruling) == 1 and ruling[0].voided and ruling[0].void_reason == "undone"
    window.redo_action.trigger()
    ruling = [a for a in q.adjudications(session.viewer) if a.method == "ruling"]
    assert [a.voided for a in ruling] == [True, False]

    # undoing the matrix adjudication takes back its effect and the inject it set off
    stack = session.undo_stack
    while stack.canUndo() and "Frigates" not in stack.undoText():
        stack.undo()
    stack.undo()
    assert not crossed(chip)
    assert window.map_panel.view.tokens["aurelian-frigates"].unit.region == "aurelian-waters"
    ultimatum = [i for i in q.injects(session.viewer) if i.title == "Borovian ultimatum"]
    assert ultimatum and all(i.voided for i in ultimatum)

    # ---- a unit dragged on the map, with a reason
    view = window.map_panel.view
    token = view.tokens["aurelian-frigates"]
    notifier.texts.append("Escort duty")
    with qtbot.waitSignal(session.changed):
        view.drop_token(token, view.region_centre("strait"))
    assert view.tokens["aurelian-frigates"].unit.region == "strait"
    assert crossed(chip)
    moved = [e for e in q.effects(session.viewer) if e.kind == "unit_move" and not e.voided]
    assert moved[-1].reason == "Escort duty"
    notifier.texts.append("Ashore")
    view.drop_token(view.tokens["aurelian-frigates"], view.region_centre("isle-of-kest"))
    assert "naval unit" in notifier.last_error()  # refused by the rules; the token snaps back
    assert view.tokens["aurelian-frigates"].unit.region == "strait"

    # ---- the log: filter, void, amend
    log = window.log_panel
    assert log is not None
    log.kind.setCurrentIndex(log.kind.findData("adjudication"))
    assert log.model.rowCount() == len(q.adjudications(session.viewer))
    log.kind.setCurrentIndex(log.kind.findData("note"))
    assert log.model.rowCount() == 1
    log.select_row(0)
    notifier.texts.append("Written in the wrong game")
    assert log.void_selected()
    assert q.notes(session.viewer)[0].voided
    log.kind.setCurrentIndex(log.kind.findData("move"))
    rows = [e.record_id for e in log.model.entries()]
    log.select_row(rows.index(red_move))
    amend = log.amend_selected()
    assert amend is not None
    amend.form.title.setText("Land the marines on Kest (corrected)")
    amend.reason.setText("typing error in the title")
    with qtbot.waitSignal(session.changed):
        amend.accept()
    old = next(m for m in q.moves(session.viewer) if m.id == red_move)
    assert old.voided and old.void_reason == "typing error in the title"
    assert any(m.title.endswith("(corrected)") and not m.voided for m in q.moves(session.viewer))
    log.kind.setCurrentIndex(0)
    log.search.setText("marines")
    assert log.model.rowCount() >= 2
    assert all("marines" in e.haystack for e in log.model.entries())


def _export_mid_game(play: Play) -> None:
    """The after-action report and the briefing packs, written while the game runs."""
    window, notifier, qtbot = play.window, play.notifier, play.qtbot
    tmp_path = play.folder
    errors_before = len(notifier.errors)
    notifier.save_files.append(str(tmp_path / "aar"))
    window.export_action.trigger()
    options = window.export_dialog
    assert isinstance(options, export.ExportOptionsDialog)
    options.audiences[Audience.PUBLIC].setChecked(True)
    options.accept()
    assert window.export_job is not None
    qtbot.waitUntil(
        lambda: bool(notifier.opened) or len(notifier.errors) > errors_before, timeout=60_000
    )
    assert notifier.opened == [tmp_path / "aar.pdf"], notifier.errors[errors_before:]
    assert (tmp_path / "aar.pdf").read_bytes().startswith(b"%PDF")
    notifier.folders.append(str(tmp_path / "packs"))
    window.briefings_action.trigger()
    qtbot.waitUntil(
        lambda: len(notifier.opened) == 2 or len(notifier.errors) > errors_before,
        timeout=60_000,
    )
    assert notifier.opened[-1] == tmp_path / "packs", notifier.errors[errors_before:]
    assert any(p.suffix == ".pdf" for p in (tmp_path / "packs").iterdir())


TEAM_MOVES = {
    2: {
        "blue": ("Talks in Valletta", "Accept the mediator's offer and send a delegation."),
        "red": ("Coast guard stays", "Keep the coast guard cutters around Kest."),
    },
    3: {
        "blue": ("Joint fishing patrols", "Propose joint patrols of the fishing grounds."),
        "red": ("Marines withdraw", "Withdraw the marines from Kest in exchange for talks."),
    },
}


def _release_due_injects(play: Play) -> list[str]:
    """Release every scheduled inject due now from the injects panel; their titles."""
    window, qtbot = play.window, play.qtbot
    panel = window.injects_panel
    assert panel is not None
    released = []
    while due := [r for r in panel.due_model.rows() if not (r.inject.conditional or r.released)]:
        panel.due_table.selectRow(panel.due_model.rows().index(due[0]))
        qtbot.waitUntil(_session(window).clicks.quiet)  # a second click, not a double-click
        with qtbot.waitSignal(_session(window).changed):
            panel.release_button.click()
        released.append(due[0].inject.title)
    return released


def _hot_seat_move(play: Play, team: str, title: str, action: str) -> int:
    """A team's player sits down, writes a move and hands the laptop back."""
    window, notifier, qtbot = play.window, play.notifier, play.qtbot
    seat = window.open_team_entry(team)
    assert seat is not None
    qtbot.addWidget(seat)
    if seat.pin.isVisibleTo(seat):
        seat.pin.setText("1111")  # Anna's
    seat.form.title.setText(title)
    seat.form.action.setPlainText(action)
    seat.form.intended.setPlainText("The crisis cools down.")
    with qtbot.waitSignal(seat.submitted) as submitted:
        seat.submit_button.click()
    notifier.secrets.append(FACILITATOR_PIN)
    with qtbot.waitSignal(seat.handed_back):
        assert seat.request_hand_back()
    return int(submitted.args[0])


def _adjudicate_by_odds(play: Play, move_id: int, narrative: str) -> int:
    """Adjudicate a move through the dialog: odds, a digital roll, a narrative."""
    window, qtbot = play.window, play.qtbot
    dialog = window.open_adjudication(move_id)
    assert dialog is not None
    dialog.set_method(Method.ODDS)
    dialog.rating.setCurrentIndex(dialog.rating.findData("Likely"))
    dialog.narrative.setPlainText(narrative)
    with qtbot.waitSignal(dialog.rolled):
        dialog.roll_button.click()
    with qtbot.waitSignal(dialog.recorded) as recorded:
        dialog.record_button.click()
    return int(recorded.args[0])


def _play_turn(play: Play, turn: int) -> None:
    """One whole turn: briefing injects, hot-seat moves, reveal, adjudications, a note."""
    window, notifier, qtbot = play.window, play.notifier, play.qtbot
    session = _session(window)
    q = session.queries
    assert window.turn_bar is not None and window.moves_panel is not None
    assert window.notes_panel is not None
    assert window.turn_bar.turn_label.text() == f"Turn {turn} of 3"
    assert "Briefing" in window.turn_bar.phase_label.text()
    released = _release_due_injects(play)
    if turn == 2:
        assert released == ["A neighbour offers mediation"]
    advance(window)
    moves = [_hot_seat_move(play, team, *text) for team, text in TEAM_MOVES[turn].items()]
    assert all(m.sealed for m in q.moves(session.viewer, turn) if m.id in moves)
    advance(window)
    assert "Adjudication" in window.turn_bar.phase_label.text()
    notifier.confirms.append(True)  # revealing cannot be undone: go on
    qtbot.waitUntil(session.clicks.quiet)  # a turn later, not a double-click
    window.moves_panel.reveal_button.click()
    assert not any(m.sealed for m in q.moves(session.viewer, turn))
    for move_id in moves:
        _adjudicate_by_odds(play, move_id, f"Turn {turn}: the white cell rules on #{move_id}.")
    ruled = {a.move_id for a in q.adjudications(session.viewer, turn) if not a.voided}
    assert set(moves) <= ruled
    advance(window)
    assert "Narrative" in window.turn_bar.phase_label.text()
    window.notes_panel.note_line.setText(f"Turn {turn} told to the room")
    assert window.notes_panel.add_note()
    if turn < 3:
        advance(window)


def _end_and_report(play: Play) -> None:
    """End the game, then write the after-action report from the app and read it back."""
    window, notifier, qtbot = play.window, play.notifier, play.qtbot
    session = _session(window)
    assert window.turn_bar is not None
    assert not window.next_action.isEnabled() or session.summary().turn == 3
    notifier.confirms.append(True)
    window.end_action.trigger()
    assert "cannot be undone" in notifier.questions[-1]
    assert session.summary().status == "ended"
    assert window.turn_bar.status_label.text() == "Game ended"
    assert not window.next_action.isEnabled()
    assert not session.undo_stack.canUndo()  # the end is a checkpoint
    errors_before = len(notifier.errors)
    opened_before = len(notifier.opened)
    report = play.folder / "final.pdf"
    notifier.save_files.append(str(report))
    window.export_action.trigger()
    options = window.export_dialog
    assert isinstance(options, export.ExportOptionsDialog)
    options.accept()
    qtbot.waitUntil(
        lambda: len(notifier.opened) > opened_before or len(notifier.errors) > errors_before,
        timeout=60_000,
    )
    assert notifier.opened[-1] == report, notifier.errors[errors_before:]
    text = "\n".join(page.extract_text() for page in PdfReader(report).pages)
    for words in ("Marines withdraw", "Joint fishing patrols", "Talks in Valletta"):
        assert words in text
    assert "Turn 3" in text


@pytest.mark.slow
def test_a_whole_game_of_the_tutorial(
    qtbot: QtBot,
    window: MainWindow,
    notifier: ScriptedNotifier,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    window.show()
    path = tmp_path / "kest.wargame"
    _create_game_with_the_wizard(qtbot, window, notifier, path)
    session = _session(window)
    q = session.queries
    assert window.windowTitle() == f"Kest drill — Учения — {path.name} — wargame"
    names = {p.name: p for p in q.participants()}
    assert names["Anna"].team_id == "blue" and names["Anna"].has_pin
    assert names["Борис Петров"].team_id == "red"
    assert names["Olga"].role.value == "observer"
    play = Play(qtbot, window, notifier, tmp_path)

    _turn_one_briefing(play)
    moves = _turn_one_moves(play)
    projector = _the_projector_keeps_secrets(play, moves)
    _turn_one_adjudication(play, moves, projector)
    _undo_the_map_and_the_log(play, moves)
    _export_mid_game(play)
    advance(window)
    advance(window)
    assert session.undo_stack.undoText() == "Next phase (from Narrative)"  # undoable too
    _play_turn(play, 2)
    _play_turn(play, 3)
    _end_and_report(play)

    assert q.verify_chain().ok
    assert [title for title, _ in notifier.errors] == [
        "Submit move",
        "Hand back",
        "Move 2nd Frigate Squadron to Isle of Kest",
    ]
    crashes = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert crashes == []  # a crash-free log: no bug reached the log while playing
