"""``wargame gui``: start the desktop app (the default command)."""

from __future__ import annotations

import argparse
import gc
import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType

from wargame.cli.errors import CommandError

GAME_MODULES = ("wargame.game", "wargame.game.queries", "wargame.game.drafts", "wargame.game.skips")
"""What of the game layer the app needs to draw a game: loaded first when a game opens."""


def load_app(args: argparse.Namespace) -> ModuleType:
    """The desktop app's module, loaded after the game layer when a game is to be opened.

    With a game to open, the game layer (SQLAlchemy's ORM, Pydantic, the record's tables,
    the scenario's models) is loaded first, before Qt. Loaded after it, every module costs
    more: PySide6 replaces ``__import__`` and reads the source of each newly imported
    module (to see whether it asks for PySide's ``__feature__`` options), about 45 ms over
    the game layer's modules; and loaded on a thread while the window is built, it competes
    with the window for the interpreter lock. Measured by ``make bench BENCH=ui``: the demo
    game is drawn sooner this way, though its window appears later. Both load with the
    garbage collector paused, and stay out of its way once loaded (:func:`imported_once_for_all`).
    """
    with imported_once_for_all():
        if getattr(args, "game", None):
            for name in GAME_MODULES:
                importlib.import_module(name)
        try:
            return importlib.import_module("wargame.ui.app")  # Qt is heavy: load it only here
        except ModuleNotFoundError:
            raise CommandError("the desktop app is not part of this build") from None


@contextmanager
def imported_once_for_all() -> Iterator[None]:
    """Import with the cyclic garbage collector paused, then freeze what was imported.

    The modules, classes, ORM mappers and Pydantic schemas the app loads live as long as the
    process, yet the collector walks them again at each collection while they load: about
    60 ms of the demo game's start-up went to it (two full collections of about 30 and 7 ms
    and some 240 young ones; ``make bench BENCH=ui``). Paused, they load without it; frozen
    (:func:`gc.freeze`: moved to a generation no collection walks), they stay out of every
    later collection too, so a full collection while the game runs takes a few milliseconds
    instead of about 30. What is frozen is still freed by its reference counts; only the
    cycles already unreachable when the import ends (a few hundred objects) are never freed.
    A collector the caller had paused stays paused.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def cmd_gui(args: argparse.Namespace) -> int:
    """Start the desktop app."""
    code: int = load_app(args).run_app(args)
    return code
