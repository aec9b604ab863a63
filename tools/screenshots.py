"""Render every main screen with the demo game, at the screen sizes facilitators have.

Run it from a checkout (``make screenshots`` does)::

    .venv/bin/python -m tools.screenshots [--out build/screenshots] [--only 1280x720]

The demo game (troop deployment) is played to the point each screen needs: before it
starts, each phase of turn 3, and its end. Then one process per screen size renders the
screens, because the offscreen screen and the display scale are fixed when Qt starts:
the windows and dialogs at 1366x768, 1280x720 and 1920x1080 at 150%, the projector at
1024x768, 1280x720 and 1920x1080. Images go to ``OUT/<size>/NN-name.png``; a window or
dialog that does not fit its screen is named on standard error and fails the run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

DEMO = "troop-deployment"
SEED = 20261125
WINDOW_SCREENS = ("1366x768", "1280x720", "1920x1080@1.5")
PROJECTOR_SCREENS = ("1024x768", "1280x720", "1920x1080")
PHASES = ("Briefing", "Team planning", "Moves", "Adjudication", "Narrative")
TURN = 3
"""The turn whose phases are shown: far enough in that every panel has something in it."""


@dataclass(frozen=True)
class Screen:
    """A screen to render on: its size in device pixels and its display scale."""

    width: int
    height: int
    scale: float = 1.0
    projector: bool = False

    @classmethod
    def parse(cls, text: str) -> Screen:
        """``WxH``, ``WxH@SCALE`` or ``projector-WxH``."""
        projector = text.startswith("projector-")
        size, _, scale = text.removeprefix("projector-").partition("@")
        width, height = (int(n) for n in size.split("x"))
        return cls(width, height, float(scale or 1), projector)

    @property
    def name(self) -> str:
        """The folder the screen's images go to."""
        scale = f"@{int(self.scale * 100)}%" if self.scale != 1 else ""
        return f"{'projector-' if self.projector else ''}{self.width}x{self.height}{scale}"


# ------------------------------------------------------------------------------ the games


def make_games(folder: Path) -> dict[str, Path]:
    """The demo played to each moment a screen needs, one game file each."""
    from wargame.game import Game
    from wargame.game.script import ScriptRunner, load_script
    from wargame.scenario import bundled_scenarios_dir, find_scenario, load_scenario

    scenario_path = find_scenario(DEMO)
    assert scenario_path is not None
    scenario = load_scenario(scenario_path)
    actions = load_script(bundled_scenarios_dir() / f"{DEMO}.demo.yaml")
    moments: dict[str, int] = {}
    path = folder / "probe.wargame"
    with Game.create(path, scenario, seed=SEED, facilitator="Alex Morgan") as game:
        seen: list[tuple[int, str, str]] = []

        def committed(index: int, do: str) -> None:
            summary = game.queries().summary()
            here = (summary.turn, summary.phase_name or "", summary.status)
            if not seen or seen[-1] != here:
                seen.append(here)
                if here[0] == TURN and here[1] in PHASES:
                    moments.setdefault(here[1], index)
            if summary.status == "setup":
                moments["setup"] = index  # the last action before the game starts
            if do == "reveal" and summary.turn == TURN:
                moments["revealed"] = index

        ScriptRunner(game, on_committed=committed).run(actions, start_index=1)
        moments["ended"] = len(actions)
    path.unlink()
    # A phase is shown at its fullest: just before the next one begins.
    ends = [*sorted(moments[p] for p in PHASES), moments["ended"]]
    cut = {p: ends[ends.index(moments[p]) + 1] - 1 for p in PHASES}
    cut["Adjudication"] = moments["revealed"]  # revealed, not yet adjudicated: the busiest
    cut.update(setup=moments["setup"], ended=moments["ended"])
    games = {}
    for name, count in cut.items():
        target = folder / f"{name.lower().replace(' ', '-')}.wargame"
        with Game.create(target, scenario, seed=SEED, facilitator="Alex Morgan") as game:
            ScriptRunner(game).run(actions[:count])
        games[name] = target
    return games


# ------------------------------------------------------------------------------ rendering


class Gallery:
    """Renders screens into a folder and notes any that do not fit the screen."""

    def __init__(self, folder: Path, screen: Screen) -> None:
        from PySide6.QtWidgets import QApplication

        from wargame.ui.app import StderrNotifier, application, configure_application
        from wargame.ui.main_window import MainWindow
        from wargame.ui.settings import AppSettings

        class Quiet(StderrNotifier):
            """Nobody answers: every question is declined, no dialog blocks."""

            def ask_text(self, title: str, label: str, text: str = "") -> str | None:
                return None

            def ask_secret(self, title: str, label: str) -> str | None:
                return None

        self.folder = folder
        self.screen = screen
        self.too_large: list[str] = []
        self.app: QApplication = application()
        settings = AppSettings()
        configure_application(self.app, settings)
        self.window = MainWindow(settings, Quiet(), restore_layout=False)
        self.count = 0

    def settle(self) -> None:
        """Let layouts and deferred sizing finish."""
        from PySide6.QtCore import QCoreApplication
        from PySide6.QtTest import QTest

        QTest.qWait(0)
        for _ in range(4):
            QCoreApplication.processEvents()

    def shot(self, widget: object, name: str) -> None:
        """Save what ``widget`` shows as the next numbered image."""
        from PySide6.QtWidgets import QWidget

        assert isinstance(widget, QWidget), name
        widget.show()
        self.settle()
        self.count += 1
        target = self.folder / f"{self.count:02d}-{name}.png"
        image = widget.grab().toImage()
        assert image.save(str(target)), target
        if widget is self.window or name == "projector":  # they fill the screen
            size = (image.width(), image.height())
            if size != (self.screen.width, self.screen.height):
                self.too_large.append(f"{name}: drawn {size[0]}x{size[1]}, not the screen's size")
        screen = widget.screen().availableGeometry()
        frame = widget.geometry()
        if frame.width() > screen.width() or frame.height() > screen.height():
            self.too_large.append(f"{name}: {frame.width()}x{frame.height()}")

    def fill_screen(self) -> None:
        """The main window as a facilitator has it: filling the screen."""
        screen = self.window.screen()
        self.window.setGeometry(screen.availableGeometry())
        self.window.show()
        self.settle()


def render_windows(gallery: Gallery, games: dict[str, Path]) -> None:
    """Start page, wizard, the main window in each phase, and every dialog and window."""
    from wargame.scenario import find_scenario

    window = gallery.window
    gallery.fill_screen()
    window.show_start_page()
    gallery.shot(window, "start-page")
    wizard = window.show_new_game(str(find_scenario(DEMO)))
    for page in range(1, 6):
        gallery.shot(wizard, f"wizard-page-{page}")
        if wizard.nextId() == -1:
            break
        wizard.next()
    wizard.close()
    for name in ("setup", *PHASES, "ended"):
        assert window.open_game(games[name]), name
        gallery.fill_screen()
        gallery.shot(window, f"main-{name.lower().replace(' ', '-')}")
        window.close_game()
    assert window.open_game(games["Moves"])
    gallery.fill_screen()
    _dialogs_of_moves(gallery)
    window.close_game()
    assert window.open_game(games["Adjudication"])
    gallery.fill_screen()
    _dialogs_of_adjudication(gallery)


def _closing(gallery: Gallery, name: str, opener: Callable[[], object]) -> None:
    from PySide6.QtWidgets import QWidget

    widget = opener()
    assert isinstance(widget, QWidget), name
    gallery.shot(widget, name)
    widget.close()
    gallery.settle()


def _dialogs_of_moves(gallery: Gallery) -> None:
    window = gallery.window
    assert window.moves_panel is not None and window.injects_panel is not None
    assert window.participants_panel is not None and window.session is not None
    _closing(gallery, "move-form", window.moves_panel.new_move)
    _closing(gallery, "ad-hoc-inject", window.injects_panel.ad_hoc)
    window._raise_panel(window.participants_panel)
    gallery.shot(window, "main-participants")
    _closing(gallery, "add-participant", window.participants_panel.add_participant)
    team = window.session.scenario.teams[0].id
    entry = window.open_team_entry(team)
    assert entry is not None
    gallery.shot(entry, "team-entry")
    entry.force_close()
    window.show()
    gallery.settle()


def _dialogs_of_adjudication(gallery: Gallery) -> None:
    from wargame.ui.analysis_menu import open_compare
    from wargame.ui.replay import open_replay

    window = gallery.window
    session = window.session
    assert session is not None and window.analysts_view is not None
    turn = session.summary().turn
    move = next(m for m in session.moves(session.viewer, turn) if m.counters)
    _closing(gallery, "adjudication", lambda: window.open_adjudication(move.id))
    window._raise_panel(window.analysts_view)
    gallery.shot(window, "main-analysts")
    _closing(gallery, "evidence-chain", window.analysts_view.open_chain)
    _closing(gallery, "compare", lambda: open_compare(window))
    _closing(gallery, "team-pages", window.show_team_pages)
    _closing(gallery, "replay", lambda: open_replay(window, turn))


def render_projector(gallery: Gallery, games: dict[str, Path]) -> None:
    """The room's screen, full screen, in the busiest phase."""
    window = gallery.window
    assert window.open_game(games["Adjudication"])
    gallery.fill_screen()
    projector = window.toggle_projector()
    assert projector is not None
    gallery.shot(projector, "projector")
    projector.force_close()


def render(screen: Screen, games: dict[str, Path], out: Path) -> int:
    """Render one screen size's images (in this process); 1 when something does not fit."""
    from wargame.ui.app import offscreen_screen

    offscreen_screen((screen.width, screen.height), screen.scale)
    folder = out / screen.name
    folder.mkdir(parents=True, exist_ok=True)
    gallery = Gallery(folder, screen)
    if screen.projector:
        render_projector(gallery, games)
    else:
        render_windows(gallery, games)
    gallery.window.close_game_quietly()
    for problem in gallery.too_large:
        sys.stderr.write(f"screenshots: {screen.name}: larger than the screen: {problem}\n")
    sys.stdout.write(f"{screen.name}: {gallery.count} images in {folder}\n")
    return 1 if gallery.too_large else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Make the games, then render each screen size in a process of its own."""
    parser = argparse.ArgumentParser(prog="python -m tools.screenshots", description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("build/screenshots"))
    parser.add_argument(
        "--only", action="append", help="a screen, e.g. 1280x720 or projector-1024x768"
    )
    parser.add_argument("--games", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--render", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.render:
        games = {p.stem: p for p in args.games.glob("*.wargame")}
        named = {
            name: games[name.lower().replace(" ", "-")] for name in ("setup", *PHASES, "ended")
        }
        return render(Screen.parse(args.render), named, args.out)
    screens = args.only or [*WINDOW_SCREENS, *(f"projector-{s}" for s in PROJECTOR_SCREENS)]
    code = 0
    with tempfile.TemporaryDirectory(prefix="wargame-shots-") as temp:
        make_games(Path(temp))
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        env.setdefault("XDG_CONFIG_HOME", str(Path(temp) / "config"))
        env.setdefault("WARGAME_DATA_DIR", str(Path(temp) / "data"))
        env.pop("QT_SCALE_FACTOR", None)
        for screen in screens:
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "tools.screenshots",
                    "--render",
                    screen,
                    "--games",
                    temp,
                    "--out",
                    str(args.out),
                ],
                env=env,
                check=False,
            )
            code = code or done.returncode
    return code


if __name__ == "__main__":
    sys.exit(main())
