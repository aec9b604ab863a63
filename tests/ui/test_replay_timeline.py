"""Every entry of the replay's timeline is readable on a laptop's screen: none is cut off."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QListWidget, QStyle
from pytestqt.qtbot import QtBot

from wargame.cli import main as cli
from wargame.game import Game
from wargame.ui.replay import ReplayWindow

SCREENS = ((1366, 768), (1280, 720))
LONG_NOTE = (
    "The coalition's second message crossed the Kremlin's snap exercise; the sequencing, "
    "not the content, drove the escalation that followed — compare with turn 5's reading"
)


@pytest.fixture(scope="module")
def demo_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    assert cli(["demo", "-o", str(folder)]) == 0
    return folder / "demo.wargame"


@pytest.fixture
def demo_game(demo_source: Path, tmp_path: Path) -> Iterator[Game]:
    with Game.open(Path(shutil.copyfile(demo_source, tmp_path / "demo.wargame"))) as game:
        yield game


def clipped_entries(log: QListWidget) -> list[str]:
    """The entries whose text does not fit the room the list gives them on screen.

    Measured apart from the list's own sizing: each entry's text is laid out with the list's
    font, wrapped within the part of the entry's rectangle the list shows (less the item
    margins), and must fit that part's width and the rectangle's height.
    """
    metrics = log.fontMetrics()
    margin = log.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, log) + 1
    visible = log.viewport().width()
    flags = Qt.TextFlag.TextWordWrap | Qt.TextFlag.TextWrapAnywhere
    cut = []
    for row in range(log.count()):
        item = log.item(row)
        rect = log.visualItemRect(item)
        shown = min(rect.right() + 1, visible) - max(rect.left(), 0)
        room = QRect(0, 0, shown - 2 * margin, 100_000)
        needed = metrics.boundingRect(room, int(flags), item.text())
        if needed.width() > room.width() or needed.height() > rect.height():
            cut.append(item.text())
    return cut


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_no_entry_of_the_timeline_is_cut_off(
    qtbot: QtBot, demo_game: Game, width: int, height: int
) -> None:
    fac = demo_game.queries().participants()[0].id
    replay = ReplayWindow(demo_game, fac)
    qtbot.addWidget(replay)
    index = next(i for i, m in enumerate(replay.moments) if m.kind == "move")
    replay.scrubber.setValue(index)
    assert replay.annotate(LONG_NOTE)
    replay.resize(width, height)
    replay.show()
    qtbot.waitExposed(replay)
    log = replay.log
    assert log.count() == len(replay.moments) > 100
    assert log.horizontalScrollBar().maximum() == 0  # nothing hides past the right edge
    assert clipped_entries(log) == []
    noted = log.item(index)
    assert LONG_NOTE in noted.text() and LONG_NOTE in noted.toolTip()


def test_the_measure_sees_an_entry_cut_off(qtbot: QtBot) -> None:
    """The check above fails on a list that cuts its entries at the right edge."""
    log = QListWidget()
    qtbot.addWidget(log)
    log.addItems(["short", "T3  " + LONG_NOTE])
    log.resize(300, 200)
    log.show()
    qtbot.waitExposed(log)
    assert clipped_entries(log) == ["T3  " + LONG_NOTE]


def test_a_long_observation_ends_in_an_ellipsis_and_shows_whole_in_its_tooltip(
    qtbot: QtBot, demo_game: Game
) -> None:
    replay = ReplayWindow(demo_game, demo_game.queries().participants()[0].id)
    qtbot.addWidget(replay)
    row, moment = next(
        (i, m) for i, m in enumerate(replay.moments) if m.kind == "observation" and m.whole
    )
    assert moment.label.endswith("…") and not moment.label.endswith(" …")
    assert moment.whole.startswith(moment.label.removesuffix("…"))
    assert moment.whole in replay.log.item(row).toolTip()
