"""``wargame GAME`` loads the game layer before Qt; ``wargame`` alone never loads it."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import argparse, sys
from wargame.cli.app_command import load_app
assert "wargame.game" not in sys.modules and "PySide6" not in sys.modules
load_app(argparse.Namespace(game=sys.argv[1] or None))
names = list(sys.modules)
game = "wargame.game" in names
print(game, "PySide6" in names, game and names.index("wargame.game") < names.index("PySide6"))
"""


def _loaded(game: str) -> str:
    """What the app's module loaded, for a game to open (or "" for none): in which order."""
    done = subprocess.run(
        [sys.executable, "-c", CHECK, game],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_game_to_open_loads_the_game_layer_before_qt() -> None:
    # Loaded after PySide6, each module's source is read once more (PySide's import hook).
    assert _loaded("demo.wargame") == "True True True"


def test_without_a_game_the_app_loads_no_game_layer() -> None:
    assert _loaded("") == "False True False"
