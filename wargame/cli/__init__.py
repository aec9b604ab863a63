"""The ``wargame`` command line: thin argument parsing over the layers below.

Every sub-command prints a one-sentence error and exits non-zero on a user's mistake;
only a bug shows a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from wargame import __version__
from wargame.applog import configure_logging
from wargame.cli.errors import CommandError
from wargame.scenario import (
    ScenarioError,
    load_scenario,
    scenario_files,
    scenario_json_schema,
)

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2

Handler = Callable[[argparse.Namespace], int]


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


# ---------------------------------------------------------------------------- scenario commands


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate scenario files; list every problem of every file."""
    failed = 0
    for name in args.files:
        try:
            loaded = load_scenario(Path(name))
        except ScenarioError as exc:
            failed += 1
            for problem in exc.problems:
                _err(str(problem))
            continue
        s = loaded.scenario
        _out(
            f"{name}: ok — {s.metadata.title} ({len(s.actors)} actors, {len(s.teams)} teams, "
            f"{s.turn_plan.turns} turns, {len(s.injects)} injects)"
        )
    return EXIT_REFUSED if failed else EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of the scenario format (or of play scripts)."""
    if args.actions:
        from wargame.game.script import script_json_schema

        schema = script_json_schema()
    else:
        schema = scenario_json_schema()
    _out(json.dumps(schema, indent=2, ensure_ascii=False))
    return EXIT_OK


def cmd_scenarios(args: argparse.Namespace) -> int:
    """List bundled and user scenarios, with the reason any one of them fails to load."""
    files = scenario_files()
    if not files:
        _out("no scenarios found")
    for entry in files:
        try:
            s = load_scenario(entry.path).scenario
        except ScenarioError as exc:
            first = exc.problems[0]
            _out(f"{entry.origin:8} {entry.path.stem:24} INVALID: {first}")
            continue
        _out(f"{entry.origin:8} {entry.path.stem:24} {s.metadata.title}  [{entry.path}]")
    return EXIT_OK


# ---------------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every sub-command."""
    parser = argparse.ArgumentParser(
        prog="wargame",
        description="Run political-military seminar and matrix wargames.",
    )
    parser.add_argument("--version", action="version", version=f"wargame {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("validate", help="check scenario files and list every problem")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(handler=cmd_validate)

    p = sub.add_parser("schema", help="print the JSON Schema of the scenario format")
    p.add_argument(
        "--actions", action="store_true", help="the schema of play scripts instead"
    )
    p.set_defaults(handler=cmd_schema)

    p = sub.add_parser("scenarios", help="list bundled and user scenarios")
    p.set_defaults(handler=cmd_scenarios)

    _add_game_commands(sub)
    return parser


def _add_game_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Sub-commands of the game layer, the report and the app."""
    from wargame.cli import game_commands, shared_commands

    game_commands.add_commands(sub)
    shared_commands.add_commands(sub)


def _command_names(parser: argparse.ArgumentParser) -> set[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of both the ``wargame`` GUI script and the ``wargame-cli`` script."""
    configure_logging()
    parser = build_parser()
    words = list(sys.argv[1:] if argv is None else argv)
    commands = _command_names(parser)
    if not words or (words[0] not in commands and not words[0].startswith("-")):
        words.insert(0, "gui")  # `wargame` and `wargame GAME.wargame` open the app
    args = parser.parse_args(words)
    handler: Handler = args.handler
    try:
        return handler(args)
    except CommandError as exc:
        _err(f"wargame: {exc}")
        return EXIT_REFUSED
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
