"""The turn bar and the projector show the record's fingerprint and the dice commitment."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from wargame.game import Game
from wargame.ui.main_window import MainWindow

from .conftest import make_tutorial_game


def _into_turn_two(path: Path) -> tuple[str, str]:
    with Game.open(path) as game:
        fac = game.queries().participants()[0].id
        while game.queries().summary().turn < 2:
            game.advance(fac)
        summary = game.queries().summary()
        assert summary.fingerprint is not None and summary.seed_sha256 is not None
        return summary.fingerprint.fingerprint, summary.seed_sha256


def test_a_game_in_turn_one_shows_no_fingerprint_yet(window: MainWindow, tmp_path: Path) -> None:
    assert window.open_game(make_tutorial_game(tmp_path / "kest.wargame"))
    assert window.turn_bar is not None
    assert window.turn_bar.witness_label.text() == ""


def test_the_turn_bar_and_projector_show_the_last_turns_fingerprint(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = make_tutorial_game(tmp_path / "kest.wargame")
    fingerprint, commitment = _into_turn_two(path)
    assert window.open_game(path)
    assert window.turn_bar is not None
    assert window.turn_bar.witness_label.text() == f"Record {fingerprint}"
    assert "--expect" in window.turn_bar.witness_label.toolTip()
    projector = window.toggle_projector()
    assert projector is not None
    qtbot.addWidget(projector)
    shown = projector.witness.text()
    assert f"end of turn 1: {fingerprint}" in shown
    assert commitment[:16] in shown
    projector.force_close()
