"""A name spoofed with a bidi override in an old game file is shown without it in the app."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from pytestqt.qtbot import QtBot

from wargame.ui.main_window import MainWindow

from .conftest import make_tutorial_game


def test_the_participants_panel_shows_an_old_spoofed_name_plainly(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = make_tutorial_game(tmp_path / "old.wargame")
    with closing(sqlite3.connect(path)) as db:  # as written before names were cleaned
        db.execute("update participant set name = ? where name = 'Anna'", ("An\u202ena\u200b",))
        db.commit()
    assert window.open_game(path)
    panel = window.participants_panel
    assert panel is not None
    names = panel.model.members_of("blue")
    assert "Anna" in names
    assert not any(ch in name for name in names for ch in "\u202e\u200b")
