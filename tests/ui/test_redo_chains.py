"""Redo after undoing a chain of actions: each redo finds the record the one before restored.

Undo goes back through an observation and the insight drawn from it, or a move, the
counter-argument against it, the phase change and the ruling on it; redo then walks forward
again in order, through the app's own undo stack, and the audit keeps every step.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from wargame.game import Viewer
from wargame.scenario.model import Method
from wargame.ui.chain_dialog import ChainDialog
from wargame.ui.main_window import MainWindow
from wargame.ui.session import GameSession

from .conftest import ScriptedNotifier, advance

FAC = Viewer.facilitator()


def _session(window: MainWindow) -> GameSession:
    assert window.session is not None
    return window.session


def _undo_redo(window: MainWindow, times: int) -> None:
    for _ in range(times):
        assert window.undo_action.isEnabled()
        window.undo_action.trigger()


def _redo(window: MainWindow, times: int) -> None:
    for _ in range(times):
        assert window.redo_action.isEnabled()
        window.redo_action.trigger()


def test_an_insight_is_redone_on_the_observation_redone_before_it(
    qtbot: QtBot, window: MainWindow, notifier: ScriptedNotifier, tutorial_game: Path
) -> None:
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
    (insight,) = analysis.chain(FAC).insights
    (observation,) = session.queries.observations(FAC)

    _undo_redo(window, 2)
    assert analysis.chain(FAC).insights == ()
    assert all(o.voided for o in session.queries.observations(FAC))
    _redo(window, 2)

    assert notifier.errors == []
    (redone,) = analysis.chain(FAC).insights
    assert (redone.id, redone.text) == (insight.id, "Red lines slow Blue down.")
    (back,) = session.queries.observations(FAC)
    assert (back.id, back.voided) == (observation.id, False)
    actions = [a.action for a in session.queries.audit(FAC)]
    assert actions.count("observation.void") == 1
    assert actions.count("observation.reinstate") == 1
    assert actions.count("analysis_item.reinstate") == 1
    assert session.queries.verify_chain().ok


def test_a_move_its_counter_argument_and_its_ruling_are_redone_in_order(
    qtbot: QtBot, window: MainWindow, notifier: ScriptedNotifier, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    session = _session(window)
    panel = window.moves_panel
    assert panel is not None
    advance(window)  # into the moves phase
    undo_floor = session.undo_stack.index()
    new = panel.new_move()
    new.form.title.setText("Coast guard patrol")
    new.form.action.setPlainText("Patrol around Kest")
    new.form.intended.setPlainText("Show presence")
    new.accept()
    (move,) = session.moves(FAC)
    assert panel.select_move(move.id)
    counter = panel.counter()
    assert counter is not None
    counter.text.setPlainText("Shore batteries cover the strait")
    counter.accept()
    advance(window)  # into adjudication
    dialog = window.open_adjudication(move.id)
    assert dialog is not None
    dialog.set_method(Method.RULING)
    dialog.narrative.setPlainText("The patrol sails; Red watches.")
    dialog.outcome_buttons["partial"].setChecked(True)
    dialog.rationale.setPlainText("Presence is easy to show.")
    dialog.record_button.click()
    assert session.undo_stack.index() - undo_floor == 4
    (ruling,) = session.adjudications(FAC)

    _undo_redo(window, 4)
    assert session.summary().phase_id == "moves"
    assert all(m.voided for m in session.queries.moves(FAC))
    _redo(window, 4)

    assert notifier.errors == []
    (again,) = session.queries.moves(FAC)
    assert (again.id, again.voided) == (move.id, False)
    assert [c.text for c in again.counters] == ["Shore batteries cover the strait"]
    assert session.summary().phase_id == "adjudication"
    live = [a for a in session.queries.adjudications(FAC) if not a.voided]
    assert [(a.move_id, a.outcome) for a in live] == [(move.id, ruling.outcome)]
    actions = [a.action for a in session.queries.audit(FAC)]
    for kind in ("move", "counter_argument"):
        assert actions.count(f"{kind}.void") == 1 and actions.count(f"{kind}.reinstate") == 1
    assert session.queries.verify_chain().ok
