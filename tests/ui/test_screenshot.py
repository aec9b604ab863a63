"""`wargame gui GAME --screenshot PNG` runs the real program and writes the main window."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from .conftest import make_tutorial_game


def _run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(home / "config"),
        WARGAME_DATA_DIR=str(home / "data"),
    )
    return subprocess.run(
        [sys.executable, "-m", "wargame.cli", "gui", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_screenshot_of_the_main_window_with_the_game(tmp_path: Path) -> None:
    game = make_tutorial_game(tmp_path / "kest.wargame")
    shot = tmp_path / "main.png"
    done = _run(str(game), "--screenshot", str(shot), home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"wrote {shot}\n"
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1600, 1000)
    assert len({image.pixel(x, 500) for x in range(0, 1600, 20)}) > 5  # not a blank window


def test_a_screenshot_of_a_game_that_cannot_open_says_why(tmp_path: Path) -> None:
    bad = tmp_path / "bad.wargame"
    bad.write_text("not a game")
    done = _run(str(bad), "--screenshot", str(tmp_path / "x.png"), home=tmp_path)
    assert done.returncode == 1
    assert "not a wargame game file" in done.stderr
    assert not (tmp_path / "x.png").exists()
