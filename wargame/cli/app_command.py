"""``wargame gui``: start the desktop app (the default command)."""

from __future__ import annotations

import argparse
import importlib
from types import ModuleType

from wargame.cli.errors import CommandError


def load_app(args: argparse.Namespace) -> ModuleType:
    """The desktop app's module, loaded after the game layer when a game is to be opened.

    With a game to open, the game layer (SQLAlchemy's ORM, Pydantic, the record's tables,
    the scenario's models) is loaded first, before Qt. Loaded after it, every module costs
    more: PySide6 replaces ``__import__`` and reads the source of each newly imported
    module (to see whether it asks for PySide's ``__feature__`` options), about 45 ms over
    the game layer's modules; and loaded on a thread while the window is built, it competes
    with the window for the interpreter lock. Measured by ``make bench BENCH=ui``: the demo
    game is drawn sooner this way, though its window appears later.
    """
    if getattr(args, "game", None):
        importlib.import_module("wargame.game")
    try:
        return importlib.import_module("wargame.ui.app")  # Qt is heavy: load it only here
    except ModuleNotFoundError:
        raise CommandError("the desktop app is not part of this build") from None


def cmd_gui(args: argparse.Namespace) -> int:
    """Start the desktop app."""
    code: int = load_app(args).run_app(args)
    return code
