"""The effects editor offers every effect kind of the format, and says at each row why an
effect cannot apply, with the game's own words.

Driven through the real widgets: the editor alone for what it builds, and inside the
adjudication dialog on real games for the inline problems and the commit.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from wargame.game import Game, JoinRequest
from wargame.scenario import LoadedScenario, load_scenario
from wargame.scenario.model import (
    FactEstablishEffect,
    FactRetractEffect,
    TrackEffect,
    TrackSetEffect,
    UnitCreateEffect,
    UnitMoveEffect,
    UnitRemoveEffect,
    UnitStrengthEffect,
)
from wargame.ui.adjudication_dialog import AdjudicationDialog
from wargame.ui.effects_editor import KINDS, EffectRow, EffectsEditor
from wargame.ui.main_window import MainWindow

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios"


@pytest.fixture(scope="module")
def kest() -> LoadedScenario:
    return load_scenario(FIXTURES / "kest-coalitions.yaml")


@pytest.fixture
def editor(qtbot: QtBot, kest: LoadedScenario) -> EffectsEditor:
    widget = EffectsEditor(kest.scenario)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _add(editor: EffectsEditor, label: str) -> EffectRow:
    """Choose a kind by its label and press "Add effect"."""
    editor.kind_choice.setCurrentIndex(editor.kind_choice.findText(label))
    QTest.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    return editor.rows[-1]


def _pick(combo_owner: EffectRow, target: str, region: str | None = None) -> None:
    combo_owner.target.setCurrentIndex(combo_owner.target.findData(target))
    if region is not None:
        combo_owner.region.setCurrentIndex(combo_owner.region.findText(region))


def test_every_effect_kind_of_the_format_is_offered(editor: EffectsEditor) -> None:
    offered = [editor.kind_choice.itemText(i) for i in range(editor.kind_choice.count())]
    assert offered == [label for _, label in KINDS]
    assert len(offered) == 8


def test_each_kind_builds_the_game_layers_effect(editor: EffectsEditor) -> None:
    _pick(_add(editor, "Move a track"), "support")
    row = _add(editor, "Set a track")
    _pick(row, "escalation")
    row.number.setValue(4)
    _pick(_add(editor, "Move a unit"), "frigates", "The Strait")
    row = _add(editor, "Change a unit's strength")
    _pick(row, "marines")
    row.number.setValue(-15)
    _pick(_add(editor, "Put a unit on the map"), "borovian-corvette")
    _pick(_add(editor, "Take a unit off the map"), "militia-boats")
    _add(editor, "Establish a fact")
    _add(editor, "Retract a fact")
    assert editor.effects() == [
        TrackEffect(kind="track", track="support", delta=1),
        TrackSetEffect(kind="track_set", track="escalation", value=4),
        UnitMoveEffect(kind="unit_move", unit="frigates", to="strait"),
        UnitStrengthEffect(kind="unit_strength", unit="marines", delta=-15),
        UnitCreateEffect(kind="unit_create", unit="borovian-corvette", region=None),
        UnitRemoveEffect(kind="unit_remove", unit="militia-boats"),
        FactEstablishEffect(kind="fact_establish", fact="kest-recognised"),
        FactRetractEffect(kind="fact_retract", fact="kest-recognised"),
    ]


def test_a_unit_put_on_the_map_may_be_placed_in_another_region(editor: EffectsEditor) -> None:
    row = _add(editor, "Put a unit on the map")
    _pick(row, "borovian-corvette", "The Strait")
    assert editor.effects() == [
        UnitCreateEffect(kind="unit_create", unit="borovian-corvette", region="strait")
    ]
    assert not row.number.isVisibleTo(row) and row.region.isVisibleTo(row)


def test_a_track_is_set_only_within_its_bounds(editor: EffectsEditor) -> None:
    row = _add(editor, "Set a track")
    _pick(row, "support")
    assert (row.number.minimum(), row.number.maximum()) == (0, 10)
    _pick(row, "escalation")
    assert (row.number.minimum(), row.number.maximum()) == (0, 5)
    row.number.setValue(99)
    assert row.effect() == TrackSetEffect(kind="track_set", track="escalation", value=5)


def test_a_scenario_without_units_offers_what_it_has(qtbot: QtBot) -> None:
    ransomware = load_scenario(FIXTURES / "ransomware.yaml").scenario
    widget = EffectsEditor(ransomware)
    qtbot.addWidget(widget)
    kinds = [widget.kind_choice.itemData(i) for i in range(widget.kind_choice.count())]
    assert kinds == ["fact_establish", "fact_retract"]


# ---------------------------------------------------------------------------- in a game


@pytest.fixture
def kest_dialog(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, kest: LoadedScenario
) -> Iterator[AdjudicationDialog]:
    """The adjudication dialog on an open question, in turn 1 of a Kest coalitions game."""
    path = tmp_path / "kest.wargame"
    with Game.create(path, kest, seed=5) as game:
        fac = game.queries().participants()[0].id
        game.join(fac, JoinRequest(name="Ana", role="player", team_id="blue"))
        game.join(fac, JoinRequest(name="Boris", role="player", team_id="red"))
        game.start(fac)
        game.advance(fac)
    assert window.open_game(path)
    dialog = window.open_adjudication(None)
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.set_method("ruling")
    QTest.mouseClick(dialog.outcome_buttons["success"], Qt.MouseButton.LeftButton)
    QTest.keyClicks(dialog.narrative, "The corvette arrives.")
    QTest.keyClicks(dialog.rationale, "Borovia had it ready.")
    yield dialog


def test_an_effect_that_cannot_apply_says_why_at_its_row(
    qtbot: QtBot, kest_dialog: AdjudicationDialog, tmp_path: Path
) -> None:
    dialog = kest_dialog
    row = _add(dialog.effects, "Put a unit on the map")
    _pick(row, "frigates")
    qtbot.waitUntil(row.problem.isVisible)  # a row added to a shown dialog shows queued
    assert row.problem.text() == "Cannot apply: '2nd Frigate Squadron' is already on the map."
    assert not dialog.record_button.isEnabled()
    dialog.grab().save(str(tmp_path / "effect-problem.png"))

    _pick(row, "borovian-corvette", "Isle of Kest")
    assert "naval unit" in row.problem.text() and "Isle of Kest" in row.problem.text()
    _pick(row, "borovian-corvette", "The Strait")
    assert not row.problem.isVisible()
    assert dialog.record_button.isEnabled()


def test_a_later_row_sees_what_the_rows_before_it_did(kest_dialog: AdjudicationDialog) -> None:
    dialog = kest_dialog
    _pick(_add(dialog.effects, "Take a unit off the map"), "militia-boats")
    again = _add(dialog.effects, "Change a unit's strength")
    _pick(again, "militia-boats")
    assert again.problem.text() == "Cannot apply: 'Militia boats' is not on the map."
    assert dialog.effects.rows[0].problem.isHidden()


def test_the_effects_chosen_are_what_the_adjudication_records(
    qtbot: QtBot, kest_dialog: AdjudicationDialog, window: MainWindow
) -> None:
    dialog = kest_dialog
    _pick(_add(dialog.effects, "Put a unit on the map"), "borovian-corvette", "The Strait")
    row = _add(dialog.effects, "Set a track")
    _pick(row, "support")
    row.number.setValue(8)
    _add(dialog.effects, "Establish a fact")
    assert "Corvette Smely appears in The Strait" in dialog.preview.toPlainText()
    with qtbot.waitSignal(dialog.recorded):
        QTest.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    session = window.session
    assert session is not None
    state = session.queries.state()
    assert state.unit("borovian-corvette").region == "strait"
    assert state.track("support").value == 8
    assert state.facts == ("kest-recognised",)
