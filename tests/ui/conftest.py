"""Fixtures for the desktop app's tests: real widgets offscreen, a scripted notifier, real games.

The app asks every modal question through a notifier (``wargame.ui.notifier``); here a
:class:`ScriptedNotifier` answers from queues the test fills and records every message,
so error paths are checked without a modal dialog blocking the event loop.
"""

from __future__ import annotations

import shutil
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from wargame.game import Game, JoinRequest
from wargame.scenario import load_scenario
from wargame.ui.dice_widget import DiceWidget
from wargame.ui.main_window import MainWindow
from wargame.ui.settings import AppSettings
from wargame.ui.theme import Theme, apply_theme, default_font, register_fonts

REPO = Path(__file__).resolve().parents[2]
TUTORIAL = REPO / "scenarios" / "tutorial.yaml"
FACILITATOR_PIN = "2468"


@dataclass
class ScriptedNotifier:
    """Answers modal questions from queues and records what the app said."""

    errors: list[tuple[str, str]] = field(default_factory=list)
    infos: list[tuple[str, str]] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    opened: list[Path] = field(default_factory=list)
    texts: deque[str | None] = field(default_factory=deque)
    secrets: deque[str | None] = field(default_factory=deque)
    confirms: deque[bool] = field(default_factory=deque)
    open_files: deque[str | None] = field(default_factory=deque)
    save_files: deque[str | None] = field(default_factory=deque)
    folders: deque[str | None] = field(default_factory=deque)

    def error(self, title: str, message: str) -> None:
        self.errors.append((title, message))

    def info(self, title: str, message: str) -> None:
        self.infos.append((title, message))

    def confirm(self, title: str, question: str) -> bool:
        self.questions.append(question)
        return self.confirms.popleft() if self.confirms else False

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        self.questions.append(label)
        return self.texts.popleft() if self.texts else None

    def ask_secret(self, title: str, label: str) -> str | None:
        self.questions.append(label)
        return self.secrets.popleft() if self.secrets else None

    def choose_open_file(self, title: str, filters: str) -> str | None:
        return self.open_files.popleft() if self.open_files else None

    def choose_save_file(self, title: str, filters: str, suggested: str) -> str | None:
        return self.save_files.popleft() if self.save_files else None

    def choose_folder(self, title: str, suggested: str) -> str | None:
        return self.folders.popleft() if self.folders else None

    def open_document(self, path: Path) -> None:
        self.opened.append(path)

    def last_error(self) -> str:
        return self.errors[-1][1] if self.errors else ""


@pytest.fixture(scope="session", autouse=True)
def _app_look(qapp: QApplication) -> None:
    """The app's fonts and a fixed light palette, as ``run_app`` sets them."""
    register_fonts()
    qapp.setFont(default_font())
    apply_theme(qapp, Theme.LIGHT)


@pytest.fixture(autouse=True)
def _instant_dice(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dice settle at once (the tumbling is decoration)."""
    monkeypatch.setattr(DiceWidget, "frames", 0)


@pytest.fixture
def notifier() -> ScriptedNotifier:
    return ScriptedNotifier()


def settings_in(folder: Path) -> AppSettings:
    """Settings in a file of their own: Qt reads $XDG_CONFIG_HOME once per process."""
    return AppSettings(QSettings(str(folder / "wargame.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def window(qtbot: QtBot, notifier: ScriptedNotifier, tmp_path: Path) -> Iterator[MainWindow]:
    win = MainWindow(settings_in(tmp_path), notifier, restore_layout=False)
    qtbot.addWidget(win)
    win.resize(1600, 1000)
    yield win
    win.close_game_quietly()


def advance(window: MainWindow) -> None:
    """Press "Next phase", going on past any unfinished work the window lists first."""
    notifier = window.notifier
    assert isinstance(notifier, ScriptedNotifier)
    notifier.confirms.appendleft(True)
    asked = len(notifier.questions)
    window.advance_phase()
    if len(notifier.questions) == asked:  # nothing was unfinished: take the answer back
        notifier.confirms.popleft()


def make_tutorial_game(path: Path, *, started: bool = True) -> Path:
    """A tutorial game with two players a team and an observer; started (in its briefing)."""
    game = Game.create(
        path,
        load_scenario(TUTORIAL),
        seed=7,
        facilitator="Wanda White",
        facilitator_pin=FACILITATOR_PIN,
    )
    with game:
        f = game.queries().participants()[0].id
        game.join(f, JoinRequest(name="Anna", role="player", team_id="blue", pin="1111"))
        game.join(f, JoinRequest(name="Aleksy", role="player", team_id="blue"))
        game.join(f, JoinRequest(name="Борис", role="player", team_id="red"))
        game.join(f, JoinRequest(name="Olga", role="observer"))
        if started:
            game.start(f)
    return path


@pytest.fixture(scope="session")
def _tutorial_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tutorial game, made once a run (about 80 ms: two PINs stretched, the record sealed)."""
    return make_tutorial_game(tmp_path_factory.mktemp("template") / "kest.wargame")


@pytest.fixture
def tutorial_game(tmp_path: Path, _tutorial_template: Path) -> Path:
    """A fresh copy of the tutorial game for one test (the file is closed: no journal beside it)."""
    path = tmp_path / "kest.wargame"
    shutil.copyfile(_tutorial_template, path)
    return path


OFFSCREEN_LIMITS = (
    # The offscreen platform cannot resize or raise native windows; it says so as a warning
    # whenever a window or dock is shown or raised. Nothing is wrong with the app.
    r"This plugin does not support propagateSizeHints\(\)",
    r"This plugin does not support raise\(\)",
    r"This plugin does not support grabbing the keyboard",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_ignore(*OFFSCREEN_LIMITS))
