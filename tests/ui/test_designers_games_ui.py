"""The app with the format-2 fixture games: no empty map, fog on the projector, control only
on the white cell's own board. Screens are rendered offscreen and saved for a look."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from wargame.cli import main
from wargame.game import Game, JoinRequest, MoveContent
from wargame.scenario import load_scenario
from wargame.ui.main_window import MainWindow

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios"


def _played(tmp_path: Path, name: str) -> Path:
    scenario, script = FIXTURES / f"{name}.yaml", FIXTURES / f"{name}.play.yaml"
    game = tmp_path / f"{name}.wargame"
    assert main(["new", str(scenario), "-o", str(game), "--seed", "3"]) == 0
    assert main(["play", str(game), str(script)]) == 0
    return game


def test_a_game_without_a_map_puts_the_moves_in_the_centre(
    window: MainWindow, tmp_path: Path
) -> None:
    assert window.open_game(_played(tmp_path, "ransomware"))
    window.show()
    assert window.map_panel is None
    assert window.stack.currentWidget() is window.moves_panel
    board = window.state_board
    assert board is not None
    assert "● The VPN appliance has been patched." in board.facts.text()
    assert "second foothold on the VPN appliance" in board.control.text()
    window.grab().save(str(tmp_path / "ransomware.png"))


def test_the_projector_shows_only_what_every_team_sees(
    window: MainWindow, tmp_path: Path, qtbot: QtBot
) -> None:
    assert window.open_game(_played(tmp_path, "kest-coalitions"))
    window.show()
    assert window.map_panel is not None
    on_the_table = set(window.map_panel.view.tokens)
    assert {"frigates", "drones", "marines", "borovian-corvette"} <= on_the_table
    projector = window.toggle_projector()
    assert projector is not None
    qtbot.addWidget(projector)
    # Red sees none of Blue's units; Blue sees Red's where it has units (the strait and
    # Kest). What both see: Red's marines on Kest and its corvette in the strait.
    assert set(projector.map.tokens) == {"marines", "borovian-corvette"}
    assert projector.state_board.control.text() == ""
    projector.grab().save(str(tmp_path / "projector.png"))
    projector.close()


@pytest.mark.parametrize("name", ["kest-coalitions", "ransomware"])
def test_every_fixture_game_opens(window: MainWindow, tmp_path: Path, name: str) -> None:
    assert window.open_game(_played(tmp_path, name))
    window.show()
    assert window.session is not None and window.turn_bar is not None
    last = "Turn 4 of 4" if name == "ransomware" else "Turn 3 of 3"
    assert last in window.turn_bar.turn_label.text()


def test_a_game_with_its_own_map_opens_after_the_map_is_gone(
    window: MainWindow, tmp_path: Path
) -> None:
    folder = tmp_path / "designer"
    shutil.copytree(FIXTURES / "baltic", folder)
    game = tmp_path / "baltic.wargame"
    assert main(["new", str(folder / "baltic.yaml"), "-o", str(game), "--seed", "3"]) == 0
    assert main(["play", str(game), str(folder / "baltic.play.yaml")]) == 0
    shutil.rmtree(folder)  # the scenario and its map file are gone from this machine
    assert window.open_game(game)
    window.show()
    assert window.map_panel is not None
    view = window.map_panel.view
    assert {"suwalki", "kaliningrad"} <= set(view.regions)
    assert "us-brigade" in view.tokens  # created by the tagged reinforcement
    board = window.state_board
    assert board is not None
    assert any(chip.crossed for chip in board.chips.values())
    window.grab().save(str(tmp_path / "baltic.png"))


def test_a_line_crossed_by_a_ruling_shows_on_the_board_and_the_projector(
    window: MainWindow, tmp_path: Path, qtbot: QtBot
) -> None:
    path = tmp_path / "lines.wargame"
    with Game.create(path, load_scenario(FIXTURES / "red-lines-history.yaml"), seed=2) as game:
        fac = game.queries().participants()[0].id
        ana = game.join(fac, JoinRequest(name="Ana", role="player", team_id="blue"))
        game.join(fac, JoinRequest(name="Boris", role="player", team_id="red"))
        game.start(fac)
        content = MoveContent(title="Seize the ferry", action="a", intended_result="r")
        move = game.submit_move(ana, content)
        game.advance(fac)
    assert window.open_game(path)
    window.show()
    board = window.state_board
    assert board is not None
    chip = board.chips["blue-succeeds"]
    assert not chip.crossed
    dialog = window.open_adjudication(move)
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.set_method("ruling")
    dialog.outcome_buttons["success"].setChecked(True)
    dialog.narrative.setPlainText("The ferry is taken.")
    dialog.rationale.setPlainText("Nobody guards it.")
    with qtbot.waitSignal(dialog.recorded):
        dialog.record_button.click()
    qtbot.waitUntil(lambda: chip.crossed)
    assert "CROSSED in turn 1" in chip.status_label.text()
    projector = window.toggle_projector()
    assert projector is not None
    qtbot.addWidget(projector)
    assert projector.state_board.chips["blue-succeeds"].crossed
    window.grab().save(str(tmp_path / "lines.png"))
    projector.close()
