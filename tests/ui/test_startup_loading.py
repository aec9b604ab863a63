"""``wargame GAME`` loads the game layer on a thread while its window is built and drawn."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import sys, threading
from wargame.ui.app import load_game_layer_meanwhile
assert "wargame.game" not in sys.modules, "the window's modules load the game layer"
assert "sqlalchemy" not in sys.modules, "the window's modules load SQLAlchemy"
load_game_layer_meanwhile()
loaders = [t for t in threading.enumerate() if t.name == "load-game-layer"]
assert all(t.daemon for t in loaders)
for t in loaders:
    t.join(120)
assert "wargame.game" in sys.modules and "sqlalchemy.orm" in sys.modules
print("loaded")
"""


def test_the_window_starts_without_the_game_layer_which_loads_meanwhile() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=180, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "loaded"
