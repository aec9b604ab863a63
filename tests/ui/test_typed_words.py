"""Typed words are never lost: every field where a person types, walked one by one.

Each surface of the app where a person types (the main window's panels, every dialog, the
hot seat, the new-game wizard) is opened for real. Every editable text field in it must be
marked as holding words or say why not (a new field cannot slip through unmarked); then,
field by field, words are typed and the surface is left the way a person leaves it (Escape,
Cancel, closing the window, Quit). The app must ask first, name what would be lost, and on
"keep editing" stay open with the words intact.

The hot seat asks nothing when a team hands the laptop back or closes it: the words wait as
that team's draft, in the form when the team sits down again (after other teams, after the
game is closed and opened again), and only for that team.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from wargame.game import MoveContent, Viewer
from wargame.ui.forms import TextDialog
from wargame.ui.guard import (
    NOT_WORDS,
    TextField,
    text_fields,
    text_of,
    unsent_words,
    words_name,
)
from wargame.ui.main_window import MainWindow
from wargame.ui.move_form import CounterDialog
from wargame.ui.team_entry import TeamEntryWindow

from .conftest import FACILITATOR_PIN, TUTORIAL, ScriptedNotifier, advance


@dataclass
class Surface:
    """Somewhere a person types: its root widget, how a person leaves it, whether it stayed."""

    root: QWidget
    leave: Callable[[], object]
    still_open: Callable[[], bool]


def _escape(dialog: QDialog) -> Surface:
    dialog.show()
    return Surface(
        dialog,
        lambda: QTest.keyClick(dialog, Qt.Key.Key_Escape),
        dialog.isVisible,
    )


def _main_window(window: MainWindow) -> Surface:
    window.show()
    # The panels behind another tab are built when first shown: show them, as a person
    # does before typing in them.
    assert window.notes_panel is not None and window.participants_panel is not None
    assert window.analysts_view is not None
    return Surface(window, window.close, window.isVisible)  # File › Quit closes the window


def _move(window: MainWindow) -> Surface:
    assert window.moves_panel is not None
    return _escape(window.moves_panel.new_move())


def _counter(window: MainWindow) -> Surface:
    session = window.session
    assert session is not None
    f = session.facilitator_id
    move_id = session.game.submit_move(
        next(p.id for p in session.participants() if p.name == "Anna"),
        MoveContent(
            title="Frigates into the strait",
            action="Escort the trawlers",
            intended_result="Fishing resumes",
        ),
    )
    assert f
    move = next(m for m in session.queries.moves(Viewer.facilitator(f)) if m.id == move_id)
    dialog = CounterDialog(move, [("red", "Borovia")], session.notifier.confirm, window)
    return _escape(dialog)


def _ad_hoc(window: MainWindow) -> Surface:
    assert window.injects_panel is not None
    return _escape(window.injects_panel.ad_hoc())


def _participant(window: MainWindow) -> Surface:
    assert window.participants_panel is not None
    return _escape(window.participants_panel.add_participant())


def _adjudication(window: MainWindow) -> Surface:
    dialog = window.open_adjudication(None)
    assert dialog is not None
    return _escape(dialog)


def _evidence_chain(window: MainWindow) -> Surface:
    assert window.analysts_view is not None
    return _escape(window.analysts_view.open_chain())


def _asked_text(window: MainWindow) -> Surface:
    """The dialog behind every reason and argument the app asks for (and observations)."""
    assert window.session is not None
    confirm = window.session.notifier.confirm
    return _escape(TextDialog("Withdraw move", "Why?", confirm, window, words="a reason"))


def _asked_reason(window: MainWindow) -> Surface:
    """The one-line form the app's notifier asks a reason with (Enter answers it)."""
    assert window.session is not None
    confirm = window.session.notifier.confirm
    dialog = TextDialog("Void record", "Why?", confirm, window, words="a reason", one_line=True)
    return _escape(dialog)


def _analysts_observation(window: MainWindow) -> Surface:
    view = window.analysts_view
    assert view is not None
    view.table.selectRow(0)
    dialog = view._ask_observation()
    assert dialog is not None
    return _escape(dialog)


def _executive_summary(window: MainWindow) -> Surface:
    dialog = window.edit_executive_summary()
    assert dialog is not None
    return _escape(dialog)


def _wizard(window: MainWindow) -> Surface:
    window.close_game()
    wizard = window.show_new_game(str(TUTORIAL))
    wizard.next()
    wizard.next()
    return _escape(wizard)


SURFACES: dict[str, Callable[[MainWindow], Surface]] = {
    "main window (Quit)": _main_window,
    "move": _move,
    "counter-argument": _counter,
    "ad hoc inject": _ad_hoc,
    "add participant": _participant,
    "adjudication": _adjudication,
    "evidence chain": _evidence_chain,
    "asked text (arguments)": _asked_text,
    "asked reason (one line)": _asked_reason,
    "analysts' observation": _analysts_observation,
    "executive summary": _executive_summary,
    "new-game wizard": _wizard,
}


def _set(field: TextField, text: str) -> None:
    if isinstance(field, QLineEdit):
        field.setText(text)
    else:
        field.setPlainText(text)


def _label(field: TextField) -> str:
    return f"{type(field).__name__} {field.objectName() or field.placeholderText()!r}"


@pytest.mark.parametrize("name", list(SURFACES))
def test_no_typed_words_are_lost_on_leaving(
    qtbot: QtBot,
    window: MainWindow,
    notifier: ScriptedNotifier,
    tutorial_game: Path,
    name: str,
) -> None:
    assert window.open_game(tutorial_game)
    advance(window)  # the moves phase: every form is open for writing
    surface = SURFACES[name](window)
    if surface.root is not window:
        qtbot.addWidget(surface.root)
    fields = text_fields(surface.root)
    unmarked = [_label(f) for f in fields if not words_name(f) and not f.property(NOT_WORDS)]
    assert unmarked == []  # every editable field holds words, or says why it does not
    words = [f for f in fields if words_name(f) and f.window() is surface.root.window()]
    assert words
    for field in words:
        before = text_of(field)
        typed = before + " Типed by hand ✓"
        _set(field, typed)
        notifier.confirms.append(False)  # keep editing
        asked = len(notifier.questions)
        surface.leave()
        assert len(notifier.questions) == asked + 1, words_name(field)
        assert words_name(field) in notifier.questions[-1]
        assert "discard it?" in notifier.questions[-1]
        assert surface.still_open(), words_name(field)
        assert text_of(field) == typed
        _set(field, before)
    notifier.confirms.clear()


def test_discarding_when_asked_closes_the_dialog(
    qtbot: QtBot, window: MainWindow, notifier: ScriptedNotifier, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    surface = _asked_text(window)
    dialog = surface.root
    assert isinstance(dialog, TextDialog)
    dialog.text.setPlainText("the white cell holds it back")
    notifier.confirms.append(True)  # discard
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_nothing_typed_leaves_without_a_question(
    qtbot: QtBot, window: MainWindow, notifier: ScriptedNotifier, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    dialog = _move(window).root
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert notifier.questions == []


def test_the_hot_seat_keeps_a_move_being_typed_when_another_move_is_clicked(
    qtbot: QtBot, window: MainWindow, notifier: ScriptedNotifier, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    advance(window)
    seat = window.open_team_entry("red")
    assert seat is not None
    qtbot.addWidget(seat)
    seat.form.title.setText("Land the marines on Kest")
    seat.form.action.setPlainText("At dawn.")
    seat.form.intended.setPlainText("A lasting presence.")
    with qtbot.waitSignal(seat.submitted):
        seat.submit_button.click()
    assert not seat.form.typed()  # submitted: nothing left unsent
    seat.form.title.setText("Coast guard to the strait")
    notifier.confirms.append(False)  # keep editing
    seat.moves.selectRow(0)  # the submitted move would fill the form
    assert "a move's title" in notifier.questions[-1]
    assert seat.form.title.text() == "Coast guard to the strait"
    notifier.confirms.append(False)
    seat.new_button.click()
    assert seat.form.title.text() == "Coast guard to the strait"


def test_enter_answers_a_one_line_question(
    qtbot: QtBot, window: MainWindow, notifier: ScriptedNotifier, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    dialog = _asked_reason(window).root
    assert isinstance(dialog, TextDialog) and isinstance(dialog.field, QLineEdit)
    QTest.keyClicks(dialog.field, "Written in the wrong game")
    QTest.keyClick(dialog.field, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.value() == "Written in the wrong game"


# ---------------------------------------------------------------------------- the hot seat


def _seat(qtbot: QtBot, window: MainWindow, team: str) -> TeamEntryWindow:
    seat = window.open_team_entry(team)
    assert seat is not None
    qtbot.addWidget(seat)
    return seat


def _hand_back(notifier: ScriptedNotifier, seat: TeamEntryWindow) -> None:
    notifier.secrets.append(FACILITATOR_PIN)
    asked = len(notifier.questions)
    assert seat.request_hand_back()
    assert len(notifier.questions) == asked + 1  # the PIN only: no "discard it?"
    assert not seat.isVisible()


def _close(notifier: ScriptedNotifier, seat: TeamEntryWindow) -> None:
    notifier.secrets.append(FACILITATOR_PIN)
    asked = len(notifier.questions)
    seat.close()
    assert len(notifier.questions) == asked + 1  # the PIN only: no "discard it?"
    assert not seat.isVisible()


LEAVE = {"hand back": _hand_back, "close": _close}


@pytest.mark.parametrize("leave", sorted(LEAVE))
def test_each_teams_words_wait_for_it_at_the_hot_seat(
    qtbot: QtBot,
    window: MainWindow,
    notifier: ScriptedNotifier,
    tutorial_game: Path,
    leave: str,
) -> None:
    assert window.open_game(tutorial_game)
    advance(window)
    seat = _seat(qtbot, window, "blue")
    fields = text_fields(seat)
    unmarked = [_label(f) for f in fields if not words_name(f) and not f.property(NOT_WORDS)]
    assert unmarked == []
    names = [words_name(f) for f in fields if words_name(f)]
    assert names
    for name in names:
        field = next(f for f in text_fields(seat) if words_name(f) == name)
        typed = f"Blue's {name}: Типed by hand ✓"
        _set(field, typed)
        LEAVE[leave](notifier, seat)
        other = _seat(qtbot, window, "red")  # another team's turn: none of blue's words
        assert unsent_words(other) == []
        assert all(typed not in text_of(f) for f in text_fields(other))
        _hand_back(notifier, other)
        seat = _seat(qtbot, window, "blue")
        back = next(f for f in text_fields(seat) if words_name(f) == name)
        assert text_of(back) == typed
        assert unsent_words(seat) == [name]  # still words not sent: the other guards hold
        _set(back, "")
    assert notifier.errors == []


def test_a_hot_seat_draft_outlives_closing_the_game(
    qtbot: QtBot, window: MainWindow, notifier: ScriptedNotifier, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    advance(window)
    seat = _seat(qtbot, window, "red")
    seat.form.title.setText("Frigates to the strait")
    seat.form.action.setPlainText("Two frigates sail at dawn.")
    window.close_game()  # the hot seat closes with the game; the words are kept on disk
    assert window.open_game(tutorial_game)
    seat = _seat(qtbot, window, "red")
    assert seat.form.title.text() == "Frigates to the strait"
    assert seat.form.action.toPlainText() == "Two frigates sail at dawn."
    assert "draft was kept" in seat.form_title.text()


def test_a_submitted_move_leaves_no_draft(
    qtbot: QtBot, window: MainWindow, notifier: ScriptedNotifier, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    advance(window)
    seat = _seat(qtbot, window, "red")
    seat.form.title.setText("Land the marines on Kest")
    seat.form.action.setPlainText("At dawn.")
    seat.form.intended.setPlainText("A lasting presence.")
    with qtbot.waitSignal(seat.submitted):
        seat.submit_button.click()
    _hand_back(notifier, seat)
    seat = _seat(qtbot, window, "red")
    assert seat.form.title.text() == "" and unsent_words(seat) == []


def test_changes_to_a_sealed_move_wait_as_changes_to_it(
    qtbot: QtBot, window: MainWindow, notifier: ScriptedNotifier, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    advance(window)
    seat = _seat(qtbot, window, "red")
    seat.form.title.setText("Land the marines on Kest")
    seat.form.action.setPlainText("At dawn.")
    seat.form.intended.setPlainText("A lasting presence.")
    with qtbot.waitSignal(seat.submitted) as submitted:
        seat.submit_button.click()
    move_id = submitted.args[0] if submitted.args else 0
    seat.moves.selectRow(0)
    seat.form.action.setPlainText("At dusk, under cover of the fog.")
    _hand_back(notifier, seat)
    seat = _seat(qtbot, window, "red")
    assert seat.submit_button.text() == "Save changes"
    assert f"Change move #{move_id}" in seat.form_title.text()
    assert seat.form.action.toPlainText() == "At dusk, under cover of the fog."
    assert seat.submit() == move_id
    assert window.session is not None
    moves = window.session.queries.moves(Viewer.facilitator(window.session.facilitator_id))
    assert [m.action for m in moves if m.id == move_id] == ["At dusk, under cover of the fog."]
