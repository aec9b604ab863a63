"""The ``wargame`` command line: thin argument parsing over the layers below.

Every sub-command prints a one-sentence error and exits non-zero on a user's mistake;
only a bug shows a traceback.

The parser names each sub-command's function as ``"module:function"`` (a module of this
package) and imports it only when that command runs: ``wargame --version`` loads nothing
of the layers below, and ``wargame gui`` does not load what only the other commands need
(the PostgreSQL driver, the play-script models, ReportLab).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from wargame import __version__
from wargame.applog import configure_logging
from wargame.cli.errors import EXIT_REFUSED, CommandError

Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every sub-command (imports none of them)."""
    parser = argparse.ArgumentParser(
        prog="wargame",
        description="Run political-military seminar and matrix wargames.",
    )
    parser.add_argument("--version", action="version", version=f"wargame {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("validate", help="check scenario files and list every problem")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(handler="scenario_commands:cmd_validate")

    p = sub.add_parser("schema", help="print the JSON Schema of the scenario format")
    p.add_argument("--actions", action="store_true", help="the schema of play scripts instead")
    p.set_defaults(handler="scenario_commands:cmd_schema")

    p = sub.add_parser("scenarios", help="list bundled and user scenarios")
    p.set_defaults(handler="scenario_commands:cmd_scenarios")

    p = sub.add_parser("scenario", help="work on scenario files")
    actions = p.add_subparsers(dest="scenario_command", metavar="ACTION", required=True)
    q = actions.add_parser(
        "upgrade", help="rewrite scenario files in the current format (originals kept as .bak)"
    )
    q.add_argument("files", nargs="+", metavar="FILE")
    q.set_defaults(handler="scenario_commands:cmd_scenario_upgrade")
    _add_game_commands(sub)
    _add_document_commands(sub)
    _add_app_command(sub)
    _add_shared_commands(sub)
    from wargame.cli.serve_command import add_serve_command

    add_serve_command(sub)
    return parser


def _add_game_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Sub-commands that run games, write reports, and start the app."""
    p = sub.add_parser("new", help="create a game file from a scenario")
    p.add_argument("scenario", help="scenario file, or the name of a bundled/user scenario")
    p.add_argument("-o", "--output", required=True, metavar="GAME.wargame")
    p.add_argument("--title")
    p.add_argument("--seed", type=int)
    p.add_argument("--facilitator", default="Facilitator", help="the facilitator's name")
    p.set_defaults(handler="game_commands:cmd_new")

    p = sub.add_parser("play", help="apply a YAML script of actions to a game")
    p.add_argument("game", metavar="GAME")
    p.add_argument("script", metavar="SCRIPT.yaml")
    p.add_argument("-v", "--verbose", action="store_true", help="print each committed action")
    p.set_defaults(handler="game_commands:cmd_play")

    p = sub.add_parser(
        "verify", help="prove no record was changed, removed or added outside wargame"
    )
    p.add_argument("game", metavar="GAME")
    p.add_argument(
        "--expect",
        metavar="FINGERPRINT",
        help="a fingerprint printed or shown earlier (7F3A-91C2-0B4D): prove the record still "
        "extends it",
    )
    p.set_defaults(handler="game_commands:cmd_verify")

    p = sub.add_parser("export", help="export the full record for analysts")
    p.add_argument("game", metavar="GAME")
    p.add_argument("--format", choices=["json", "csv", "xlsx"], default="json")
    p.add_argument("-o", "--output", metavar="PATH")
    p.set_defaults(handler="game_commands:cmd_export")

    p = sub.add_parser("import-moves", help="import moves collected on paper or forms (CSV)")
    p.add_argument("game", metavar="GAME")
    p.add_argument("moves", metavar="MOVES.csv")
    p.add_argument("--turn", type=int, required=True)
    p.set_defaults(handler="game_commands:cmd_import_moves")

    p = sub.add_parser("demo", help="play the bundled demo game into a folder")
    p.add_argument("-o", "--output", default="wargame-demo", metavar="DIR")
    p.set_defaults(handler="game_commands:cmd_demo")


def _add_document_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The commands that write documents of a game: report, compare, briefings."""
    p = sub.add_parser("report", help="write the after-action report of a game (PDF)")
    p.add_argument("game", metavar="GAME")
    p.add_argument("-o", "--output", required=True, metavar="AAR.pdf")
    p.add_argument("--paper", choices=["a4", "letter"], default="a4")
    p.add_argument(
        "--audience",
        choices=["facilitator", "public"],
        default="facilitator",
        help="public leaves out white-cell notes, private briefings and moves never revealed",
    )
    p.add_argument(
        "--quick-look",
        action="store_true",
        help="write the quick look for the hot wash instead (at most six pages)",
    )
    p.set_defaults(handler="game_commands:cmd_report")

    p = sub.add_parser("compare", help="compare several plays of one scenario (PDF, XLSX)")
    p.add_argument("games", nargs="+", metavar="GAME", help="two or more games of one scenario")
    p.add_argument("-o", "--output", required=True, metavar="SERIES.pdf")
    p.add_argument("--xlsx", metavar="FILE", help="also write the comparison as a workbook")
    p.add_argument("--paper", choices=["a4", "letter"], default="a4")
    p.set_defaults(handler="compare_command:cmd_compare")

    p = sub.add_parser("briefings", help="write one briefing pack per team (PDFs)")
    p.add_argument("game", metavar="GAME")
    p.add_argument("-o", "--output", required=True, metavar="DIR")
    p.add_argument("--paper", choices=["a4", "letter"], default="a4")
    p.set_defaults(handler="game_commands:cmd_briefings")


def _add_app_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The desktop app's command, ``gui`` (the default when no command is given)."""
    p = sub.add_parser("gui", help="start the desktop app (the default command)")
    p.add_argument("game", nargs="?", help="a *.wargame file to open")
    p.add_argument("--scenario", help="start a new game of this scenario (name or file)")
    p.add_argument("--screenshot", metavar="PNG", help="render the main window to PNG and exit")
    p.add_argument(
        "--turn",
        type=int,
        metavar="N",
        help="open the replay at the end of turn N (with --screenshot: render that instead)",
    )
    p.add_argument(
        "--size",
        metavar="WxH",
        type=screen_size,
        default=(1600, 1000),
        help="with --screenshot: the screen size in pixels (default 1600x1000)",
    )
    p.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="with --screenshot: the display scale, e.g. 1.5 for 150%% (default 1)",
    )
    p.add_argument(
        "--projector",
        action="store_true",
        help="with --screenshot: render the projector window full screen instead",
    )
    p.set_defaults(handler="app_command:cmd_gui")


def screen_size(text: str) -> tuple[int, int]:
    """``1366x768`` as (1366, 768); a clear refusal otherwise."""
    width, _, height = text.lower().partition("x")
    try:
        size = (int(width), int(height))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a screen size; write WIDTHxHEIGHT, e.g. 1366x768"
        ) from None
    if not (320 <= size[0] <= 8192 and 240 <= size[1] <= 8192):
        raise argparse.ArgumentTypeError(
            f"{size[0]}x{size[1]} is out of range; use 320x240 to 8192x8192"
        )
    return size


def _add_shared_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Sub-commands for a game shared over PostgreSQL: host, join, pull."""
    p = sub.add_parser(
        "host", help="create a game in a shared PostgreSQL database; print join strings"
    )
    p.add_argument("scenario", nargs="?", help="scenario file, or a bundled/user scenario's name")
    p.add_argument(
        "--db",
        required=True,
        metavar="postgresql://…",
        help="the database, as an account that owns it and may create roles",
    )
    p.add_argument("--title")
    p.add_argument("--seed", type=int)
    p.add_argument("--facilitator", default="Facilitator", help="the facilitator's name")
    p.add_argument(
        "--address",
        metavar="HOST[:PORT]",
        help="how other laptops reach the database, if not as in --db (e.g. not localhost)",
    )
    p.add_argument(
        "--upgrade",
        action="store_true",
        help="upgrade the database to this version and refresh its roles' grants",
    )
    p.set_defaults(handler="shared_commands:cmd_host")

    p = sub.add_parser("join", help="open a shared game as a team (starts the app)")
    p.add_argument("join", metavar="postgresql://…", help="the join string you were given")
    p.add_argument("--team", help="your team (id or name); checked against the join string")
    p.add_argument("--participant", metavar="NAME", help="play as this player of the team")
    p.set_defaults(handler="shared_commands:cmd_join")

    p = sub.add_parser("pull", help="copy a shared game into a single game file")
    p.add_argument(
        "db", metavar="postgresql://…", help="the facilitator's join string or the owner's URL"
    )
    p.add_argument("-o", "--output", required=True, metavar="GAME.wargame")
    p.add_argument("--game", metavar="UID", help="which game, if the database holds several")
    p.set_defaults(handler="shared_commands:cmd_pull")


def handler_of(args: argparse.Namespace) -> Handler:
    """Import the function that runs the parsed sub-command."""
    module, _, name = str(args.handler).partition(":")
    handler: Handler = getattr(importlib.import_module(f"wargame.cli.{module}"), name)
    return handler


def _command_names(parser: argparse.ArgumentParser) -> set[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def give_missing_streams_a_sink() -> None:
    """Point a missing stdout/stderr at the null device.

    A windowed program (the ``wargame`` GUI script under ``pythonw`` on Windows, the frozen
    app on Windows and macOS) starts with ``sys.stdout`` and ``sys.stderr`` set to None;
    the command line writes to them. ``wargame-cli`` shows the output.
    """
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, Path(os.devnull).open("w", encoding="utf-8"))  # noqa: SIM115


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of both the ``wargame`` GUI script and the ``wargame-cli`` script."""
    give_missing_streams_a_sink()
    configure_logging()
    parser = build_parser()
    words = list(sys.argv[1:] if argv is None else argv)
    commands = _command_names(parser)
    if not words or (words[0] not in commands and not words[0].startswith("-")):
        words.insert(0, "gui")  # `wargame` and `wargame GAME.wargame` open the app
    args = parser.parse_args(words)
    from wargame.cli.common import say_error
    from wargame.cli.terminal import check_arguments

    try:
        check_arguments(args)
        return handler_of(args)(args)
    except CommandError as exc:
        say_error(f"wargame: {exc}")
        return EXIT_REFUSED
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return _reader_went_away()


EXIT_BROKEN_PIPE = 128 + 13
"""What a shell reports for a program whose reader closed the pipe (SIGPIPE)."""


def _reader_went_away() -> int:
    """``wargame schema | head``: the reader has closed the pipe; end quietly.

    Python would otherwise try to flush stdout once more at exit and print a traceback, so
    stdout is pointed at the null device first (as the ``signal`` module's docs advise).
    """
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
    except (OSError, ValueError):
        pass  # stdout is not a file descriptor (an in-process caller): nothing will flush
    return EXIT_BROKEN_PIPE


if __name__ == "__main__":
    raise SystemExit(main())
