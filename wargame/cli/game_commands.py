"""Sub-commands that run games: create, play, verify, export, report, and the app."""

from __future__ import annotations

import argparse
import sys


def cmd_gui(args: argparse.Namespace) -> int:
    """Start the desktop app."""
    sys.stderr.write("wargame: the desktop app is not part of this build yet\n")
    return 1


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the game sub-commands."""
    p = sub.add_parser("gui", help="start the desktop app (the default command)")
    p.add_argument("game", nargs="?", help="a *.wargame file to open")
    p.add_argument("--scenario", help="start a new game of this scenario (name or file)")
    p.add_argument("--screenshot", metavar="PNG", help="render the main window to PNG and exit")
    p.set_defaults(handler=cmd_gui)
