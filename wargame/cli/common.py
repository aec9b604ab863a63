"""What the sub-command modules share: printing a line, finding a scenario by name."""

from __future__ import annotations

import sys

from wargame.cli.errors import CommandError
from wargame.scenario import LoadedScenario, ScenarioError, find_scenario, load_scenario


def say(text: str) -> None:
    """Print one line on stdout at once (a pipe sees it before the command ends)."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def say_error(text: str) -> None:
    """Print one line on stderr."""
    sys.stderr.write(text + "\n")


def load_named_scenario(name: str) -> LoadedScenario:
    """A scenario given by file path or by the name of a bundled or user scenario.

    Raises:
        CommandError: no such scenario, or it does not validate (every problem listed).
    """
    path = find_scenario(name)
    if path is None:
        raise CommandError(f"no scenario file or bundled scenario called '{name}'")
    try:
        return load_scenario(path)
    except ScenarioError as exc:
        raise CommandError(f"the scenario does not validate:\n{exc}") from None
