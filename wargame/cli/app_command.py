"""``wargame gui``: start the desktop app (the default command)."""

from __future__ import annotations

import argparse
import importlib

from wargame.cli.errors import CommandError


def cmd_gui(args: argparse.Namespace) -> int:
    """Start the desktop app."""
    try:
        app = importlib.import_module("wargame.ui.app")  # Qt is heavy: load it only here
    except ModuleNotFoundError:
        raise CommandError("the desktop app is not part of this build") from None
    code: int = app.run_app(args)
    return code
