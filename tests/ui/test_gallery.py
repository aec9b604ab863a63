"""Every main screen, rendered with the demo game in the middle of turn 3.

The demo script is played up to the moment the white cell has revealed turn 3's moves and
not yet adjudicated them, which is when a facilitator has the most on screen. Each screen
must render at its size and not be blank. ``make screenshots`` keeps the images (in
``build/screenshots``, or the folder named by ``WARGAME_SHOTS``) so that anyone can look
at the app without a display.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from wargame.game import Game
from wargame.game.script import Action, ScriptRunner, load_script
from wargame.scenario import bundled_scenarios_dir, find_scenario, load_scenario
from wargame.scenario.model import Method
from wargame.ui.main_window import MainWindow

DEMO = "troop-deployment"


def through_reveal(actions: tuple[Action, ...], turn: int) -> tuple[Action, ...]:
    """The demo script's actions up to and including the reveal of ``turn``'s moves.

    The demo reveals once per turn, so turn 3's reveal is the script's third.
    """
    reveals = [i for i, action in enumerate(actions) if action.do == "reveal"]
    assert len(reveals) >= turn, f"the demo script reveals only {len(reveals)} times"
    return actions[: reveals[turn - 1] + 1]


@pytest.fixture(scope="module")
def mid_game(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gallery") / "demo.wargame"
    scenario = find_scenario(DEMO)
    assert scenario is not None
    actions = load_script(bundled_scenarios_dir() / f"{DEMO}.demo.yaml")
    with Game.create(
        path,
        load_scenario(scenario),
        title="Demo: troop deployment",
        seed=20261125,
        facilitator="Alex Morgan",
    ) as game:
        ScriptRunner(game).run(through_reveal(actions, 3))
        summary = game.queries().summary()
        assert (summary.turn, summary.phase_name) == (3, "Adjudication")
    return path


@pytest.fixture
def shots(tmp_path: Path) -> Iterator[Path]:
    named = os.environ.get("WARGAME_SHOTS")
    folder = Path(named) if named else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    yield folder


def _shot(widget: QWidget, folder: Path, name: str, size: tuple[int, int] | None = None) -> None:
    if size is not None:
        widget.resize(*size)
    widget.show()
    for _ in range(3):
        QCoreApplication.processEvents()
    target = folder / f"{name}.png"
    assert widget.grab().save(str(target)), target
    image = QImage(str(target))
    if size is not None:
        assert (image.width(), image.height()) == size
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 5)
    }
    assert len(colours) > 4, f"{name} looks blank"


@pytest.mark.slow
def test_every_main_screen_renders(
    qtbot: QtBot, window: MainWindow, mid_game: Path, shots: Path
) -> None:
    window.show_start_page()
    _shot(window, shots, "01-start-page", (1600, 1000))
    wizard = window.show_new_game(str(find_scenario(DEMO)))
    for name in ("02-wizard-scenario", "03-wizard-game", "04-wizard-people"):
        _shot(wizard, shots, name)
        wizard.next()
    wizard.close()  # it deletes itself on close

    assert window.open_game(mid_game)
    _shot(window, shots, "05-main-window", (1600, 1000))
    session = window.session
    assert session is not None
    turn = session.summary().turn
    move = next(m for m in session.moves(session.viewer, turn) if m.counters)
    dialog = window.open_adjudication(move.id)
    assert dialog is not None
    for method in Method:
        dialog.set_method(method)
        _shot(dialog, shots, f"06-adjudication-{method.value}")
    dialog.close()  # it deletes itself on close
    for name in ("notes_panel", "participants_panel"):  # tabs behind the log, the board
        panel = getattr(window, name)
        assert panel is not None, name
        window._raise_panel(panel)
        _shot(window, shots, f"07-main-window-{name.replace('_', '-')}", (1600, 1000))
        assert panel.isVisible()

    projector = window.toggle_projector()
    assert projector is not None
    qtbot.addWidget(projector)
    assert projector.isFullScreen()
    projector.leave_full_screen()  # a window of its own size for the gallery
    _shot(projector, shots, "08-projector", (1600, 900))
    projector.force_close()

    entry = window.open_team_entry(session.scenario.teams[0].id)
    assert entry is not None
    qtbot.addWidget(entry)
    _shot(entry, shots, "09-team-entry", (1400, 900))
