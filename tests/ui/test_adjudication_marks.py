"""The adjudication dialog's tags and "rationale read out" go into the request it commits.

Driven through the real widgets on a game of the ransomware fixture, whose scenario declares
move tags and a conditional inject on "a move tagged restore succeeded".
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox
from pytestqt.qtbot import QtBot

from wargame.game import Game, JoinRequest, MoveContent, Viewer
from wargame.scenario import load_scenario
from wargame.ui.adjudication_dialog import AdjudicationDialog
from wargame.ui.main_window import MainWindow

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios"


@pytest.fixture
def ruling_dialog(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> Iterator[AdjudicationDialog]:
    """The dialog open on a defenders' move, in the adjudication phase of turn 1."""
    path = tmp_path / "ransomware.wargame"
    with Game.create(path, load_scenario(FIXTURES / "ransomware.yaml"), seed=5) as game:
        fac = game.queries().participants()[0].id
        dana = game.join(fac, JoinRequest(name="Dana", role="player", team_id="defenders"))
        game.join(fac, JoinRequest(name="Rex", role="player", team_id="attackers"))
        game.start(fac)
        move = game.submit_move(
            dana,
            MoveContent(
                title="Restore from Sunday's backup",
                action="Wipe and restore the warehouse servers",
                intended_result="Warehouses open on Saturday",
                visibility="public",
            ),
        )
        game.advance(fac)
    assert window.open_game(path)
    dialog = window.open_adjudication(move)
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    yield dialog


def _tick(qtbot: QtBot, box: QCheckBox) -> None:
    """Click a check box on its indicator, as a person does (its centre may be blank)."""
    QTest.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))


def _fill_in(qtbot: QtBot, dialog: AdjudicationDialog) -> None:
    QTest.mouseClick(dialog.outcome_buttons["success"], Qt.MouseButton.LeftButton)
    QTest.keyClicks(dialog.narrative, "The servers come back by morning.")
    QTest.keyClicks(dialog.rationale, "The backup was clean.")


def test_the_dialog_offers_the_scenarios_move_tags(ruling_dialog: AdjudicationDialog) -> None:
    assert list(ruling_dialog.marks.tag_checks) == ["restore", "negotiate", "disclose"]
    assert not ruling_dialog.marks.announce.isChecked()


def test_a_tag_ticked_changes_the_preview_and_is_recorded(
    qtbot: QtBot, ruling_dialog: AdjudicationDialog, window: MainWindow, tmp_path: Path
) -> None:
    dialog = ruling_dialog
    _fill_in(qtbot, dialog)
    assert "The crew is back" not in dialog.preview.toPlainText()
    _tick(qtbot, dialog.marks.tag_checks["restore"])
    assert dialog.request().tags == ("restore",)
    assert "Inject fires: The crew is back" in dialog.preview.toPlainText()
    dialog.grab().save(str(tmp_path / "adjudication-tags.png"))

    with qtbot.waitSignal(dialog.recorded) as recorded:
        QTest.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)

    session = window.session
    assert session is not None
    (ruling,) = [a for a in session.adjudications(Viewer.facilitator()) if a.id == recorded.args[0]]
    assert ruling.inputs["tags"] == ["restore"]
    assert ruling.inputs["rationale_announced"] is False
    fired = [i.inject_id for i in session.queries.injects(Viewer.facilitator())]
    assert "crew-returns" in fired


def test_the_rationale_marked_as_read_out_is_recorded_as_announced(
    qtbot: QtBot, ruling_dialog: AdjudicationDialog, window: MainWindow
) -> None:
    dialog = ruling_dialog
    _fill_in(qtbot, dialog)
    _tick(qtbot, dialog.marks.announce)
    assert dialog.request().announce_rationale is True
    with qtbot.waitSignal(dialog.recorded) as recorded:
        QTest.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    session = window.session
    assert session is not None
    (ruling,) = [a for a in session.adjudications(Viewer.facilitator()) if a.id == recorded.args[0]]
    assert ruling.inputs["rationale_announced"] is True
    assert ruling.inputs["tags"] == []
