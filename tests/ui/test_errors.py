"""Error paths: bad files and refused actions give a clear message and the app keeps running."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from wargame.store.engine import BUSY_TIMEOUT_ENV
from wargame.ui.main_window import MainWindow

from .conftest import ScriptedNotifier, make_tutorial_game


def _open_fails(qtbot: QtBot, window: MainWindow, path: Path, timeout: int = 10_000) -> str:
    with qtbot.waitSignal(window.open_failed, timeout=timeout) as failed:
        window.open_game_async(path)
    message: str = failed.args[0]
    return message


def _still_works(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    """After a refusal the window is alive and opens a good game."""
    assert window.session is None
    assert window.stack.currentWidget() is window.start_page
    good = make_tutorial_game(tmp_path / "good.wargame")
    with qtbot.waitSignal(window.game_opened):
        window.open_game_async(good)
    assert window.session is not None


@pytest.fixture
def shown(window: MainWindow) -> MainWindow:
    window.show_start_page()
    window.show()
    return window


def test_a_file_that_is_not_a_game(
    qtbot: QtBot, shown: MainWindow, notifier: ScriptedNotifier, tmp_path: Path
) -> None:
    path = tmp_path / "notes.wargame"
    path.write_text("these are my notes, not a game\n" * 200)
    message = _open_fails(qtbot, shown, path)
    assert notifier.errors == [("Cannot open the game", message)]
    assert str(path) in message and "not a wargame game file" in message
    _still_works(qtbot, shown, tmp_path)


def test_a_damaged_game_file(
    qtbot: QtBot, shown: MainWindow, notifier: ScriptedNotifier, tmp_path: Path
) -> None:
    good = make_tutorial_game(tmp_path / "whole.wargame")
    content = good.read_bytes()
    path = tmp_path / "damaged.wargame"
    path.write_bytes(content[: len(content) // 2])
    message = _open_fails(qtbot, shown, path)
    assert "damaged" in message and "backup" in message
    assert notifier.errors[-1][0] == "Cannot open the game"
    _still_works(qtbot, shown, tmp_path)


def test_a_game_file_from_a_newer_version(
    qtbot: QtBot, shown: MainWindow, notifier: ScriptedNotifier, tmp_path: Path
) -> None:
    path = make_tutorial_game(tmp_path / "future.wargame")
    stamp = sqlite3.connect(path)
    stamp.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    stamp.commit()
    stamp.close()
    before = path.read_bytes()
    message = _open_fails(qtbot, shown, path)
    assert "newer version of wargame" in message and "update wargame" in message
    assert path.read_bytes() == before
    _still_works(qtbot, shown, tmp_path)


def test_a_game_file_locked_by_another_program(
    qtbot: QtBot,
    shown: MainWindow,
    notifier: ScriptedNotifier,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = make_tutorial_game(tmp_path / "locked.wargame")
    monkeypatch.setenv(BUSY_TIMEOUT_ENV, "200")  # refused after 0.2 s, not the default 5 s
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("PRAGMA locking_mode=EXCLUSIVE")
        other.execute("BEGIN EXCLUSIVE")
        other.execute("COMMIT")  # the exclusive lock stays until the connection closes
        shown.statusBar().clearMessage()
        with qtbot.waitSignal(shown.open_failed, timeout=20_000) as failed:
            job = shown.open_game_async(path)
            assert (
                "Opening" in shown.statusBar().currentMessage()
            )  # the window is not frozen meanwhile
            assert not job.done
        assert "busy in another program" in failed.args[0]
    finally:
        other.close()
    assert notifier.errors[-1] == ("Cannot open the game", failed.args[0])
    _still_works(qtbot, shown, tmp_path)


def test_a_scenario_that_fails_validation(
    qtbot: QtBot, shown: MainWindow, notifier: ScriptedNotifier, tmp_path: Path
) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text(
        "format_version: 1\nmetadata:\n  id: Broken Id\n  title: Broken\n", encoding="utf-8"
    )
    wizard = shown.show_new_game()
    notifier.open_files.append(str(bad))
    wizard.scenario_page.choose_file()
    title, message = notifier.errors[-1]
    assert title == "Scenario does not validate"
    assert f"{bad}:3:" in message  # file, line and column of the first problem
    assert not wizard.scenario_page.isComplete()
    assert "does not validate" in wizard.scenario_page.summary.toPlainText()
    wizard.reject()
    shown.offer_scenario(str(bad))  # as `wargame gui --scenario broken.yaml` does
    assert notifier.errors[-1][0] == "Scenario does not validate"
    shown.offer_scenario("no-such-scenario")
    assert "no scenario file or bundled scenario called 'no-such-scenario'" in notifier.last_error()
    _still_works(qtbot, shown, tmp_path)


def test_a_refused_action_shows_its_sentence(
    qtbot: QtBot, window: MainWindow, notifier: ScriptedNotifier, tmp_path: Path
) -> None:
    path = make_tutorial_game(tmp_path / "setup.wargame", started=False)
    assert window.open_game(path)
    session = window.session
    assert session is not None
    session.game.remove_participant(session.facilitator_id, 2, "left early")
    session.game.remove_participant(session.facilitator_id, 3, "left early")
    session.game.remove_participant(session.facilitator_id, 4, "left early")
    window.start_game()
    assert notifier.errors[-1] == (
        "Start game",
        "No team has a player yet; add participants before starting.",
    )
    assert window.statusBar().currentMessage() == notifier.last_error()
    assert session.summary().status == "setup"
    assert window.injects_panel is not None
    assert not window.injects_panel.ad_hoc_button.isEnabled()  # nothing to release before the start


def test_a_game_named_at_start_that_cannot_open_leaves_the_start_page(
    qtbot: QtBot, window: MainWindow, notifier: ScriptedNotifier, tmp_path: Path
) -> None:
    bad = tmp_path / "notes.wargame"
    bad.write_text("meeting notes, not a game", encoding="utf-8")
    window.show_opening(bad)  # as `wargame notes.wargame` starts
    window.show()
    opening = window.stack.currentWidget()
    assert isinstance(opening, QLabel) and opening.text() == "Opening notes.wargame…"
    message = _open_fails(qtbot, window, bad)
    assert "not a wargame game file" in message
    assert notifier.errors[-1] == ("Cannot open the game", message)
    _still_works(qtbot, window, tmp_path)
