"""What the app loads before its window is drawn.

``wargame`` with no game draws the main window without loading the game layer (SQLAlchemy,
Pydantic, PyYAML and the models take a few tenths of a second): a game chosen later opens on
a worker. An eager import anywhere on that path would undo it. (``wargame GAME`` loads the
game layer first, before Qt: see ``wargame.cli.app_command.load_app``.)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HEAVY = (
    "sqlalchemy",
    "pydantic",
    "yaml",
    "psycopg",
    "reportlab",
    "alembic",
    "starlette",
    "uvicorn",
    "jinja2",
    "segno",
    "ecdsa",
)

BEFORE_THE_WINDOW = f"""
import sys
import wargame.cli
import wargame.cli.app_command
from wargame.ui import app
qt = app.application()
app.configure_application(qt, app.AppSettings())
window = app.MainWindow(app.AppSettings(), app.StderrNotifier(), restore_layout=False)
window.show()
print(sorted(m for m in {HEAVY!r} if m in sys.modules))
"""


def test_the_main_window_is_drawn_before_the_game_layer_loads(tmp_path: Path) -> None:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        WARGAME_LOG_DIR=str(tmp_path / "log"),
    )
    done = subprocess.run(
        [sys.executable, "-c", BEFORE_THE_WINDOW],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
