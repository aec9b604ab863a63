"""Desktop app: start-up time with the demo game, and the move log with 10,000 entries.

Start-up is timed from outside, as a person waits for it, as the time from starting a
process to each line it prints:

- ``wargame GAME`` as a person starts it (what the command loads, in its order, then
  ``run_app`` with the demo game, watched by an event filter that prints when the main
  window is first drawn, saying which game it opens, and when the game's map is drawn with
  every panel, then quits; it watches the whole application only until the window is
  drawn, then only the map, so that its own Python call on every event of the app is not
  timed as the app's);
- ``wargame gui GAME --screenshot PNG``, which opens the game, shows the main window at
  1600x1000, renders it, saves it and prints ``wrote PNG`` (the issue's "main window shown
  with the demo game loaded"; aim: under 1.5 s and under 3 times the bare window).

Baselines, in the same run and the same way:

- a bare PySide6 window of the same size, drawn and saved (the issue's baseline);
- the same bare window after importing the libraries the app cannot open a game without
  (SQLAlchemy's ORM, Pydantic's ``BaseModel``, PyYAML): the floor of any app on this stack
  before a line of its own code runs, so the ratios can be read against what the stack
  allows. Pydantic 2's ``import pydantic`` is lazy: it loads none of the model machinery
  (``BaseModel``, its metaclass, pydantic-core's schema builder) that any app declaring a
  model loads, so the floor imports ``BaseModel`` itself. The floor as first measured (bare
  ``import pydantic``) is still timed and printed, so figures stay comparable with it;
- the game layer alone (import it, open the game, derive the state; no Qt).

The log is the app's longest list. Its Qt model is filled with 10,000 entries and timed for
``data()`` over the rows a view shows (every role a view asks for), for a whole repaint of a
1200x800 table, and for a filter change (by kind, and by typed text). Aim: well under 100 ms.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from bench.aims import Aim
from wargame.game import JoinRequest

if TYPE_CHECKING:
    from wargame.ui.log_model import LogEntry

RUNS = 5
TIMEOUT = 120.0
"""Seconds after which a timed process is killed (and the run fails)."""
ENTRIES = 10_000
VISIBLE_ROWS = 40

GAME_ONLY = """
import sys
from wargame.game import Game
game = Game.open(sys.argv[1])
game.queries().state()
game.close()
print("opened", flush=True)
"""

BARE_WINDOW = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1600, 1000)
window.show()
app.processEvents()
window.grab().save(sys.argv[1], "PNG")
print("wrote", sys.argv[1], flush=True)
"""

AS_STARTED = """
import argparse
import sys

from wargame.applog import configure_logging
from wargame.cli.app_command import load_app

configure_logging()  # as wargame.cli.main() does first
args = argparse.Namespace(game=sys.argv[1], scenario=None, screenshot=None)
wargame_app = load_app(args)  # as `wargame GAME` loads what it needs, in its order

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer


class Watch(QObject):  # says when the window is first drawn, then the game's map; quits

    def __init__(self) -> None:
        super().__init__()
        self.said: set[str] = set()

    def say(self, what: str) -> None:
        if what not in self.said:
            self.said.add(what)
            print(what, flush=True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            if watched.objectName() == "opening":
                self.say("drawn")
                # From here on it watches only the map: an application-wide filter is a
                # Python call for every event, a cost of the watching, not of the app.
                app.removeEventFilter(self)
                window = watched.window()
                window.game_opened.connect(
                    lambda _session: window.map_panel.view.viewport().installEventFilter(self)
                )
            elif type(watched.parent()).__name__ == "MapView":
                self.say("game")
                QTimer.singleShot(0, QCoreApplication.quit)
        return False


watch = Watch()
app = wargame_app.application()
app.installEventFilter(watch)
sys.exit(wargame_app.run_app(args))
"""
"""``wargame GAME`` as a person starts it: ``run_app`` with the game, watched from outside."""

STACK_FLOOR = (
    """
from pydantic import BaseModel
import sqlalchemy.orm
import yaml
"""
    + BARE_WINDOW
)
"""The bare window after importing the stack, Pydantic's models included (the floor)."""

LAZY_FLOOR = STACK_FLOOR.replace("from pydantic import BaseModel", "import pydantic")
"""The floor as first measured: a bare ``import pydantic``, which loads no model machinery."""


def _env(home: Path) -> dict[str, str]:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(home / "config"),
        WARGAME_DATA_DIR=str(home / "data"),
    )
    # As on a user's machine, the first run writes the byte-code caches the later ones use.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def demo_game(folder: Path) -> tuple[Path, str]:
    """The bundled demo game (``wargame demo``), or a small tutorial game if that fails."""
    done = subprocess.run(
        [sys.executable, "-m", "wargame.cli", "demo", "-o", str(folder / "demo")],
        env=_env(folder),
        capture_output=True,
        text=True,
        check=False,
    )
    game = folder / "demo" / "demo.wargame"
    if done.returncode == 0 and game.is_file():
        return game, "the bundled demo game (troop-deployment)"
    from wargame.game import Game
    from wargame.scenario import find_scenario, load_scenario

    path = find_scenario("tutorial")
    assert path is not None
    game = folder / "tutorial.wargame"
    with Game.create(game, load_scenario(path), seed=1, facilitator="F") as g:
        f = g.queries().participants()[0].id
        g.join(f, JoinRequest(name="Blue player", role="player", team_id="blue"))
        g.join(f, JoinRequest(name="Red player", role="player", team_id="red"))
        g.start(f)
    return game, "a tutorial game (the demo script failed: " + done.stderr.strip()[-200:] + ")"


def _time_process(args: list[str], env: dict[str, str], folder: Path) -> list[float]:
    """Seconds from starting the process to each line it prints, and to its exit (last)."""
    with (folder / "stderr.txt").open("w+", encoding="utf-8") as errors:
        started = time.perf_counter()
        with subprocess.Popen(
            args, env=env, stdout=subprocess.PIPE, stderr=errors, text=True
        ) as process:
            watchdog = threading.Timer(TIMEOUT, process.kill)  # a run that never ends fails
            watchdog.start()
            assert process.stdout is not None
            times = [time.perf_counter() - started for _line in process.stdout]
            process.wait()
            watchdog.cancel()
        times.append(time.perf_counter() - started)
        errors.seek(0)
        if process.returncode != 0 or len(times) < 2:
            raise RuntimeError(f"{' '.join(args)} failed: {errors.read().strip()}")
    return times


DRAWN_AIM = 2.0
"""The demo game drawn in at most this many times the stack floor."""


def startup(folder: Path) -> list[Aim]:
    """Median times of the app with the demo game, and of the baselines; the aim."""
    game, what = demo_game(folder)
    env = dict(_env(folder), WARGAME_LOG_DIR=str(folder / "log"))
    shot = str(folder / "shot.png")
    runs: dict[str, list[str]] = {
        "bare": [sys.executable, "-c", BARE_WINDOW, shot],
        "floor": [sys.executable, "-c", STACK_FLOOR, shot],
        "lazy floor": [sys.executable, "-c", LAZY_FLOOR, shot],
        "game": [sys.executable, "-c", GAME_ONLY, str(game)],
        "started": [sys.executable, "-c", AS_STARTED, str(game)],
        "shot": [sys.executable, "-m", "wargame.cli", "gui", str(game), "--screenshot", shot],
    }
    for args in runs.values():
        _time_process(args, env, folder)  # warm the file cache and the byte-code caches
    times: dict[str, list[list[float]]] = {name: [] for name in runs}
    for _ in range(RUNS):
        for name, args in runs.items():
            times[name].append(_time_process(args, env, folder))

    def median(name: str, index: int) -> float:
        return statistics.median(run[index] for run in times[name])

    bare = median("bare", 0)
    rows = (
        ("bare PySide6 window, drawn and saved", median("bare", 0), ""),
        (
            "the same after importing the stack",
            median("floor", 0),
            "(SQLAlchemy ORM, Pydantic BaseModel, PyYAML)",
        ),
        (
            "the same, Pydantic imported lazily",
            median("lazy floor", 0),
            "(bare `import pydantic`: the floor as first measured)",
        ),
        ("game layer alone, no Qt", median("game", 0), "(import wargame.game, open, state)"),
        (
            "`wargame GAME`: main window drawn",
            median("started", 0),
            "(it says which game it opens)",
        ),
        (
            "`wargame GAME`: the game drawn",
            median("started", 1),
            f"(every panel, the map; aim: <= {DRAWN_AIM:.0f} x the stack)",
        ),
        (
            "main window with the game, saved",
            median("shot", 0),
            "(gui GAME --screenshot; aim: < 1.5 s, < 3 x)",
        ),
    )
    print(f"start-up (median of {RUNS}; {what}); ratios to the bare window")
    for label, seconds, comment in rows:
        print(f"  {label:38} {seconds:5.2f} s  {seconds / bare:4.1f} x  {comment}")
    print(
        f"  (to the process's exit: bare {median('bare', -1):.2f} s, "
        f"screenshot {median('shot', -1):.2f} s)"
    )
    drawn = median("started", 1) / median("floor", 0)
    print(
        f"  the game drawn: {drawn:.2f} x the stack floor, "
        f"{median('started', 1) / median('lazy floor', 0):.2f} x the floor as first measured"
    )
    return [Aim("demo game drawn", drawn, DRAWN_AIM, "the stack floor")]


def _entries(n: int) -> list[LogEntry]:
    from wargame.ui.log_model import KINDS, LogEntry

    kinds = list(KINDS)
    teams = ["blue", "red", "green", "yellow", "purple"]
    start = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)
    out: list[LogEntry] = []
    for i in range(n):
        team = teams[i % len(teams)]
        out.append(
            LogEntry(
                turn=1 + i // 1700,
                at=start + dt.timedelta(seconds=7 * i),
                kind=kinds[i % len(kinds)],
                record_id=i,
                what=f"#{i} Move {i}: frigates escort the trawlers — Фрегаты сопровождают",
                author=f"Player {i % 37}",
                teams=(team,),
                team_label=f"{team.capitalize()} team",
                voided=i % 23 == 0,
                detail="Send the squadron into the strait " * 3,
            )
        )
    return out


def _best_ms(work: Callable[[], object], repeat: int = 7) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best * 1000


def log_model() -> None:
    """data() over the visible rows, a repaint, and filter changes, with 10,000 entries."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QTableView

    from wargame.ui.log_model import LogFilter, LogModel

    app = QApplication.instance() or QApplication(sys.argv[:1])
    entries = _entries(ENTRIES)
    model = LogModel()
    fill_ms = _best_ms(lambda: model.set_entries(entries), 3)
    roles = [
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.CheckStateRole,
        Qt.ItemDataRole.SizeHintRole,
    ]
    top = ENTRIES - VISIBLE_ROWS
    indexes = [model.index(r, c) for r in range(top, ENTRIES) for c in range(model.columnCount())]

    def visible() -> None:
        for index in indexes:
            for role in roles:
                model.data(index, role)

    data_ms = _best_ms(visible)
    all_display = [model.index(r, 4) for r in range(ENTRIES)]
    every_ms = _best_ms(lambda: [model.data(i) for i in all_display], 3)
    view = QTableView()
    view.setModel(model)
    view.resize(1200, 800)
    view.show()
    app.processEvents()
    view.scrollToBottom()
    paint_ms = _best_ms(lambda: view.grab())

    def filter_then_clear(narrow: LogFilter) -> Callable[[], None]:
        def work() -> None:
            model.set_filter(narrow)
            model.set_filter(LogFilter())

        return work

    by_kind = _best_ms(filter_then_clear(LogFilter(kind="move")))
    by_text = _best_ms(filter_then_clear(LogFilter(text="фрегаты 99")))
    view.close()
    print(f"move log model with {ENTRIES:,} entries (best of several runs)")
    print(f"  fill the model                      : {fill_ms:7.2f} ms")
    print(f"  data() of {VISIBLE_ROWS} visible rows, {len(roles)} roles  : {data_ms:7.2f} ms")
    print(f"  data() of all {ENTRIES:,} rows (display)  : {every_ms:7.2f} ms")
    print(f"  repaint a 1200x800 table at the end : {paint_ms:7.2f} ms")
    print(f"  filter by kind, then clear          : {by_kind:7.2f} ms")
    print(f"  filter by text, then clear          : {by_text:7.2f} ms   (aim: well under 100 ms)")


def main() -> list[Aim]:
    """Print start-up and log-model figures; return the ratio aims."""
    with tempfile.TemporaryDirectory() as tmp:
        aims = startup(Path(tmp))
    log_model()
    return aims


if __name__ == "__main__":
    main()
