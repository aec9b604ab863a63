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


def cmd_scenario_upgrade(args: argparse.Namespace) -> int:
    """Rewrite scenario files in the current format, keeping each original as FILE.bak."""
    from wargame.scenario import FORMAT_VERSION
    from wargame.scenario.loader import upgrade_text
    from wargame.scenario.yamlsafe import YamlProblem, read_text

    failed = 0
    for name in args.files:
        path = Path(name)
        try:
            text = read_text(path)
            new_text = upgrade_text(text, source=name, base_dir=path.parent)
        except YamlProblem as exc:
            failed += 1
            say_error(str(exc.problem))
            continue
        except ScenarioError as exc:
            failed += 1
            for problem in exc.problems:
                say_error(str(problem))
            continue
        backup = path.with_name(path.name + ".bak")
        temporary = path.with_name(f".{path.name}.upgrade")
        try:
            temporary.write_text(new_text, encoding="utf-8")
            backup.write_bytes(path.read_bytes())
            temporary.replace(path)
        except OSError as exc:
            failed += 1
            temporary.unlink(missing_ok=True)
            say_error(f"{name}: cannot write the upgraded file ({exc.strerror or exc})")
            continue
        say(f"{name}: rewritten in format {FORMAT_VERSION}; the original is {backup.name}")
    return EXIT_REFUSED if failed else EXIT_OK
