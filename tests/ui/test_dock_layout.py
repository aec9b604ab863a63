"""The main window's docks share the screen: none is drawn over another, all fit inside.

At 1366×768 and 1280×720 (which is also 1920×1080 at 150%: the same logical size), a game
opened in a window of that size, a game opened large and then shrunk, and a game closed
and opened again all show their docks and dock tab bars side by side, every button of the
facilitator's panels wholly visible, and the moves list with room for its rows.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, QRect
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QDockWidget, QTabBar, QWidget
from pytestqt.qtbot import QtBot

from wargame.game import Game, JoinRequest
from wargame.scenario import load_scenario
from wargame.ui.main_window import MainWindow

from .conftest import REPO, make_tutorial_game

SIZES = ((1366, 768), (1280, 720))
"""Laptop screens at 100%; 1280×720 is also 1920×1080 at 150% (the same logical size)."""


def _on_window(widget: QWidget, window: MainWindow) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def _shown(widget: QWidget, window: MainWindow) -> bool:
    """On screen in the window (a dock behind another's tab is moved off it by Qt)."""
    return widget.isVisible() and _on_window(widget, window).intersects(window.rect())


def _settle() -> None:
    QTest.qWait(0)  # the docks' deferred sizing
    for _ in range(3):
        QCoreApplication.processEvents()


def overlaps(window: MainWindow) -> list[str]:
    """Every pair of shown docks and dock tab bars that intersect, and any sticking out."""
    parts = [
        (dock.windowTitle(), _on_window(dock, window))
        for dock in window.findChildren(QDockWidget)
        if _shown(dock, window)
    ]
    parts += [
        ("tabs " + "/".join(bar.tabText(i) for i in range(bar.count())), _on_window(bar, window))
        for bar in window.findChildren(QTabBar)
        if bar.parent() is window and bar.count() and _shown(bar, window)
    ]
    found = [f"{name} outside the window" for name, r in parts if not window.rect().contains(r)]
    for i, (a, ra) in enumerate(parts):
        found += [f"{a} over {b}" for b, rb in parts[i + 1 :] if ra.intersects(rb)]
    return found


def unreachable(window: MainWindow) -> list[str]:
    """The facilitator's buttons that are not wholly shown inside the window."""
    panels = (window.turn_bar, window.moves_panel, window.injects_panel, window.log_panel)
    buttons = [
        b
        for panel in panels
        if panel is not None
        for b in panel.findChildren(QAbstractButton)
        if b.text() and not b.isHidden()
    ]
    assert len(buttons) >= 11
    return [
        b.text()
        for b in buttons
        if not b.isVisible()
        or b.visibleRegion().boundingRect() != b.rect()
        or not window.rect().contains(_on_window(b, window))
    ]


def moves_rows_shown(window: MainWindow) -> float:
    """How many rows of the moves table fit in what is shown of it."""
    assert window.moves_panel is not None
    table = window.moves_panel.table
    shown = table.viewport().visibleRegion().boundingRect().height()
    return shown / max(1, table.verticalHeader().defaultSectionSize())


def _open_at(window: MainWindow, game: Path, size: tuple[int, int]) -> None:
    window.resize(*size)
    window.show()
    assert window.open_game(game)
    _settle()


def _open_then_shrink(window: MainWindow, game: Path, size: tuple[int, int]) -> None:
    window.resize(1600, 1000)
    window.show()
    assert window.open_game(game)
    _settle()
    window.resize(*size)
    _settle()


def _reopen(window: MainWindow, game: Path, size: tuple[int, int]) -> None:
    _open_at(window, game, size)
    window.close_game()
    _settle()
    assert window.open_game(game)
    _settle()


FLOWS: dict[str, Callable[[MainWindow, Path, tuple[int, int]], None]] = {
    "opened at that size": _open_at,
    "opened large, then shrunk": _open_then_shrink,
    "closed and opened again": _reopen,
}


@pytest.mark.parametrize("flow", sorted(FLOWS))
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_docks_never_overlap_and_every_button_shows(
    window: MainWindow, tutorial_game: Path, size: tuple[int, int], flow: str
) -> None:
    FLOWS[flow](window, tutorial_game, size)
    assert (window.width(), window.height()) == size
    assert overlaps(window) == []
    assert unreachable(window) == []
    docks = {d.objectName(): d.height() for d in window.findChildren(QDockWidget)}
    assert moves_rows_shown(window) >= 2, sorted(docks.items())


def test_a_game_without_a_map_fits_too(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    scenario = load_scenario(REPO / "tests" / "fixtures" / "scenarios" / "ransomware.yaml")
    path = tmp_path / "ransom.wargame"
    with Game.create(path, scenario, seed=5, facilitator="Wanda White") as game:
        facilitator = game.queries().participants()[0].id
        for team in scenario.scenario.teams:
            game.join(
                facilitator,
                JoinRequest(name=f"Player of {team.name}", role="player", team_id=team.id),
            )
        game.start(facilitator)
    _open_at(window, path, (1280, 720))
    assert overlaps(window) == []
    assert unreachable(window) == []


def test_the_moves_are_not_squeezed_when_a_game_opens_in_a_shown_window(
    window: MainWindow, tmp_path: Path
) -> None:
    game = make_tutorial_game(tmp_path / "kest.wargame")
    _open_at(window, game, (1280, 720))
    docks = {d.objectName(): d.height() for d in window.findChildren(QDockWidget)}
    moves, injects = docks["dock-moves"], docks["dock-injects"]
    assert moves > injects  # the moves get the larger share (3:2), not their buttons only


def _dock_widths(window: MainWindow) -> dict[str, int]:
    return {
        d.objectName(): d.width() for d in window.findChildren(QDockWidget) if _shown(d, window)
    }


def test_a_game_opened_again_gets_the_same_docks(window: MainWindow, tutorial_game: Path) -> None:
    _open_at(window, tutorial_game, (1280, 720))
    first = _dock_widths(window)
    window.close_game()  # the start page comes back into the centre, and stays in it
    _settle()
    assert window.open_game(tutorial_game)
    _settle()
    assert _dock_widths(window) == first
