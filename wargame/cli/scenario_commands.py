"""Sub-commands about scenario files: validate, schema, scenarios."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from wargame.cli.common import say, say_error
from wargame.cli.errors import EXIT_OK, EXIT_REFUSED
from wargame.scenario import (
    ScenarioError,
    load_scenario,
    scenario_files,
    scenario_json_schema,
)


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate scenario files; list every problem of every file."""
    failed = 0
    for name in args.files:
        try:
            loaded = load_scenario(Path(name))
        except ScenarioError as exc:
            failed += 1
            for problem in exc.problems:
                say_error(str(problem))
            continue
        s = loaded.scenario
        say(
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
    say(json.dumps(schema, indent=2, ensure_ascii=False))
    return EXIT_OK


def cmd_scenarios(args: argparse.Namespace) -> int:
    """List bundled and user scenarios, with the reason any one of them fails to load."""
    files = scenario_files()
    if not files:
        say("no scenarios found")
    for entry in files:
        try:
            s = load_scenario(entry.path).scenario
        except ScenarioError as exc:
            first = exc.problems[0]
            say(f"{entry.origin:8} {entry.path.stem:24} INVALID: {first}")
            continue
        say(f"{entry.origin:8} {entry.path.stem:24} {s.metadata.title}  [{entry.path}]")
    return EXIT_OK
