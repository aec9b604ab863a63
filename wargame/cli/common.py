"""What the sub-command modules share: printing a line, finding a scenario by name."""

from __future__ import annotations

import sys

from wargame.cli.errors import CommandError
from wargame.scenario import LoadedScenario, ScenarioError, find_scenario, load_scenario
from wargame.text import for_terminal


def say(text: str) -> None:
    """Print one line on stdout at once (a pipe sees it before the command ends).

    Control, formatting and surrogate characters are shown as visible escapes
    (:func:`wargame.text.for_terminal`): text a person typed cannot act on the terminal.
    """
    sys.stdout.write(for_terminal(text) + "\n")
    sys.stdout.flush()


def say_error(text: str, *, one_line: bool = False) -> None:
    """Print on stderr, control characters (and line breaks if ``one_line``) made visible."""
    sys.stderr.write(for_terminal(text, one_line=one_line) + "\n")


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
