"""``wargame GAME`` loads the game layer before Qt; ``wargame`` alone never loads it."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import argparse, sys
from wargame.cli.app_command import GAME_MODULES, load_app
assert "wargame.game" not in sys.modules and "PySide6" not in sys.modules
load_app(argparse.Namespace(game=sys.argv[1] or None))
names = list(sys.modules)
game = "wargame.game" in names
first = (*GAME_MODULES, "sqlalchemy.dialects.sqlite")
qt = names.index("PySide6") if "PySide6" in names else -1
print(game, qt >= 0, game and all(names.index(n) < qt for n in first))
"""


def _printed(script: str, *args: str) -> str:
    """What ``script`` prints, run in a new Python process with ``args``."""
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _loaded(game: str) -> str:
    """What the app's module loaded, for a game to open (or "" for none): in which order."""
    return _printed(CHECK, game)


def test_a_game_to_open_loads_the_game_layer_before_qt() -> None:
    # Loaded after PySide6, each module's source is read once more (PySide's import hook):
    # what the app needs of the game layer to draw a game, and SQLite's dialect, load first.
    assert _loaded("demo.wargame") == "True True True"


def test_without_a_game_the_app_loads_no_game_layer() -> None:
    assert _loaded("") == "False True False"


PANELS = """
import sys
from wargame.ui.game_docks import PANEL_MODULES, load_panels
load_panels()
before = [m for m in PANEL_MODULES if m in sys.modules]
import wargame.game
load_panels()
print(len(before), all(m in sys.modules for m in PANEL_MODULES))
"""


def test_the_panels_load_while_a_game_opens_only_once_the_game_layer_is_loaded() -> None:
    assert _printed(PANELS) == "0 True"


COLLECTOR = """
import argparse, gc, sys
from wargame.cli.app_command import load_app
if sys.argv[2] == "paused":
    gc.disable()
before = gc.get_freeze_count()
load_app(argparse.Namespace(game=sys.argv[1] or None))
frozen = gc.get_freeze_count() - before
print(gc.isenabled(), frozen > 100_000)
"""


def _collector_after_loading(game: str, collector: str) -> str:
    return _printed(COLLECTOR, game, collector)


def test_what_the_app_loads_is_frozen_out_of_the_collectors_way() -> None:
    # The collector runs again once the app is loaded; what was loaded (well over 100,000
    # objects: modules, classes, mappers, schemas) is frozen, so no collection walks it.
    assert _collector_after_loading("demo.wargame", "running") == "True True"


def test_a_collector_paused_before_the_app_loads_stays_paused() -> None:
    assert _collector_after_loading("demo.wargame", "paused") == "False True"


JOIN = """
import gc
from wargame.cli.shared_commands import _load_app
before = gc.get_freeze_count()
_load_app()
print(gc.isenabled(), gc.get_freeze_count() - before > 50_000)
"""


def test_a_participant_joining_loads_the_app_frozen_out_of_the_collectors_way_too() -> None:
    assert _printed(JOIN) == "True True"
