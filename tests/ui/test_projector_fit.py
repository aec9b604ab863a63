"""The projector shows the whole state board, without scrolling, on every room screen.

For each bundled scenario and each scenario among the test fixtures (many red lines with
long names, several tracks, no track at all), the projector is given each screen size a
room is likely to have; every red-line chip, every track's gauge and the ladder must lie
wholly inside the window and unclipped, and the board must not need to scroll.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, QRect, QRectF
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from wargame.game import Game, JoinRequest
from wargame.scenario import load_scenario
from wargame.ui.main_window import MainWindow
from wargame.ui.projector import ProjectorWindow

from .conftest import REPO

SIZES = ((1024, 768), (1280, 720), (1366, 768), (1920, 1080))
FIXTURES = REPO / "tests" / "fixtures" / "scenarios"
SCENARIOS = {
    "tutorial": REPO / "scenarios" / "tutorial.yaml",
    "troop-deployment": REPO / "scenarios" / "troop-deployment.yaml",
    "kest-coalitions": FIXTURES / "kest-coalitions.yaml",
    "baltic": FIXTURES / "baltic" / "baltic.yaml",
    "ransomware (no track)": FIXTURES / "ransomware.yaml",
    "crowded (12 red lines, long names)": FIXTURES / "crowded.yaml",
}


def _game(folder: Path, scenario: Path) -> Path:
    path = folder / "room.wargame"
    loaded = load_scenario(scenario)
    with Game.create(path, loaded, seed=3, facilitator="Wanda White") as game:
        facilitator = game.queries().participants()[0].id
        for team in loaded.scenario.teams:
            game.join(
                facilitator,
                JoinRequest(name=f"Player of {team.name}", role="player", team_id=team.id),
            )
        game.start(facilitator)
    return path


def _clipped(widget: QWidget, window: QWidget) -> bool:
    """Not wholly shown inside ``window`` (hidden, cut by a scroll area or past its edge)."""
    if not widget.isVisible() or widget.visibleRegion().boundingRect() != widget.rect():
        return True
    corner = widget.mapTo(window, QPoint(0, 0))
    return not window.rect().contains(QRect(corner, widget.size()))


def _settle() -> None:
    for _ in range(3):
        QCoreApplication.processEvents()


def _problems(projector: ProjectorWindow) -> list[str]:
    board = projector.state_board
    found = []
    body = board.widget()
    assert body is not None
    if body.height() > board.viewport().height() or board.verticalScrollBar().isVisible():
        found.append(f"the board scrolls ({body.height()} > {board.viewport().height()})")
    parts: list[tuple[str, QWidget]] = [(f"red line {k}", c) for k, c in board.chips.items()]
    parts += [(f"track {k}", g) for k, g in board.gauges.items()]
    if board.ladder.current_rung():
        parts.append(("ladder", board.ladder))
    found += [name for name, part in parts if _clipped(part, projector)]
    return found


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_the_whole_board_fits_every_room_screen(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, scenario: str
) -> None:
    assert window.open_game(_game(tmp_path, SCENARIOS[scenario]))
    projector = window.toggle_projector()
    assert projector is not None
    qtbot.addWidget(projector)
    projector.leave_full_screen()
    _settle()
    seen = {}
    for width, height in SIZES:
        projector.resize(width, height)
        _settle()
        assert (projector.width(), projector.height()) == (width, height)
        seen[f"{width}x{height}"] = _problems(projector)
    projector.force_close()
    assert seen == {size: [] for size in seen}
    if SCENARIOS[scenario].name == "crowded.yaml":
        assert len(projector.state_board.chips) == 12


def test_the_text_is_larger_on_a_larger_screen(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    assert window.open_game(_game(tmp_path, SCENARIOS["troop-deployment"]))
    projector = window.toggle_projector()
    assert projector is not None
    qtbot.addWidget(projector)
    projector.leave_full_screen()
    _settle()
    scales = []
    for width, height in ((1024, 768), (1920, 1080)):
        projector.resize(width, height)
        _settle()
        scales.append(projector.scale)
    projector.force_close()
    assert scales[0] < scales[1]
    assert scales[1] >= 1.3  # readable from the back of the room


def test_region_names_are_not_cut_at_the_maps_edge(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    assert window.open_game(_game(tmp_path, SCENARIOS["troop-deployment"]))
    projector = window.toggle_projector()
    assert projector is not None
    qtbot.addWidget(projector)
    projector.leave_full_screen()
    _settle()
    projector.resize(1280, 720)
    _settle()
    view = projector.map
    inside = QRectF(view.viewport().rect())
    regions = [label for label in view.labels if label.data(0) != "city"]
    cut = [label.text for label in regions if not inside.contains(view._screen_rect(label))]
    projector.force_close()
    assert len(regions) > 10
    assert cut == []


def test_facts_grow_with_the_rest_of_the_board(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    assert window.open_game(_game(tmp_path, SCENARIOS["ransomware (no track)"]))
    desktop = window.font().pointSizeF()
    projector = window.toggle_projector()
    assert projector is not None
    qtbot.addWidget(projector)
    projector.leave_full_screen()
    _settle()
    projector.resize(1920, 1080)
    _settle()
    facts = projector.state_board.facts
    grown = facts.font().pointSizeF()
    projector.force_close()
    assert "ransom has been paid" in facts.text()
    assert grown >= desktop * 1.3
