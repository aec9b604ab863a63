"""The app fits the screens facilitators have; the projector fills the room's screen."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QWidget

from wargame.ui.main_window import MainWindow

from .conftest import make_tutorial_game


def _gui(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(home / "config"),
        WARGAME_DATA_DIR=str(home / "data"),
    )
    env.pop("QT_SCALE_FACTOR", None)
    return subprocess.run(
        [sys.executable, "-m", "wargame.cli", "gui", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )


@pytest.mark.parametrize(
    ("size", "extra"),
    [
        ("1366x768", ()),
        ("1920x1080", ("--scale", "1.5")),
        ("1024x768", ("--projector",)),
    ],
)
def test_a_screenshot_is_exactly_the_size_asked(
    tmp_path: Path, size: str, extra: tuple[str, ...]
) -> None:
    game = make_tutorial_game(tmp_path / "kest.wargame")
    shot = tmp_path / "shot.png"
    done = _gui(str(game), "--screenshot", str(shot), "--size", size, *extra, home=tmp_path)
    assert done.returncode == 0, done.stderr
    image = QImage(str(shot))
    assert f"{image.width()}x{image.height()}" == size
    grid = range(8, 1000, 31)
    colours = {
        image.pixel(x * image.width() // 1000, y * image.height() // 1000)
        for x in grid
        for y in grid
    }
    assert len(colours) > 5  # not a blank window


def test_a_bad_screen_size_is_refused_in_one_sentence(tmp_path: Path) -> None:
    done = _gui("--screenshot", str(tmp_path / "x.png"), "--size", "big", home=tmp_path)
    assert done.returncode == 2
    assert "'big' is not a screen size; write WIDTHxHEIGHT, e.g. 1366x768" in done.stderr


def _inside(widget: QWidget, window: MainWindow) -> bool:
    """Shown, not clipped by a scrolled panel, and within the window."""
    if not widget.isVisible() or widget.visibleRegion().boundingRect() != widget.rect():
        return False
    corner = widget.mapTo(window, QPoint(0, 0))
    return window.rect().contains(QRect(corner, widget.size()))


def test_every_action_is_reachable_at_1366x768(window: MainWindow, tutorial_game: Path) -> None:
    window.resize(1366, 768)
    window.show()
    assert window.open_game(tutorial_game)
    assert (window.width(), window.height()) == (1366, 768)  # it did not grow
    panels = (window.moves_panel, window.injects_panel, window.turn_bar)
    QTest.qWait(0)  # let the docks take their sizes (deferred while the window is shown)
    for _ in range(3):  # and lay out their panels at those sizes
        QCoreApplication.processEvents()
    buttons = [
        b
        for p in panels
        if p is not None
        for b in p.findChildren(QAbstractButton)
        if b.text() and not b.isHidden()  # not the ones hidden on purpose ("Start game")
    ]
    assert len(buttons) >= 9  # new move … adjudicate, release, ad hoc, timer, next phase
    assert [b.text() for b in buttons if not _inside(b, window)] == []


def test_the_projector_fills_its_screen_and_answers_f5_and_escape(
    window: MainWindow, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    projector = window.toggle_projector()
    assert projector is not None
    assert projector.isFullScreen() and window.projector_action.isChecked()
    QTest.keyClick(projector, Qt.Key.Key_Escape)
    assert not projector.isFullScreen() and projector.isVisible()
    QTest.keyClick(projector, Qt.Key.Key_F5)
    assert not projector.isVisible() and not window.projector_action.isChecked()
    window.projector_action.trigger()
    assert projector.isVisible() and window.projector_action.isChecked()
    projector.force_close()
