"""The scenarios a facilitator can start a game from: bundled, their own, or a file.

Each is loaded (and so validated) once per run and remembered by path and modification
time; a scenario that fails validation is listed with its first problems, so the start
page and the wizard can say what is wrong instead of hiding it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from wargame.scenario import (
    LoadedScenario,
    ScenarioError,
    find_scenario,
    load_scenario,
    scenario_files,
)

MAX_PROBLEMS_SHOWN = 5


@dataclass(frozen=True)
class ScenarioEntry:
    """A scenario file and what loading it gave."""

    path: Path
    origin: str
    loaded: LoadedScenario | None
    problem: str | None

    @property
    def title(self) -> str:
        """The scenario's title, or its file name when it does not validate."""
        return self.loaded.scenario.metadata.title if self.loaded else self.path.name

    @property
    def scenario_id(self) -> str | None:
        """The scenario's id (None when it does not validate)."""
        return self.loaded.scenario.metadata.id if self.loaded else None

    @property
    def ok(self) -> bool:
        """True when the scenario validates."""
        return self.loaded is not None


_CACHE: dict[tuple[str, float], ScenarioEntry] = {}


def describe_problems(error: ScenarioError) -> str:
    """The first problems of a refused scenario, one per line."""
    lines = [str(p) for p in error.problems[:MAX_PROBLEMS_SHOWN]]
    more = len(error.problems) - MAX_PROBLEMS_SHOWN
    if more > 0:
        lines.append(f"… and {more} more problem" + ("" if more == 1 else "s"))
    return "\n".join(lines)


def load_entry(path: Path, origin: str = "file") -> ScenarioEntry:
    """Load one scenario file (cached by path and modification time)."""
    try:
        key = (str(path.resolve()), path.stat().st_mtime)
    except OSError as exc:
        return ScenarioEntry(path, origin, None, f"{path}: cannot be read ({exc.strerror})")
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    try:
        entry = ScenarioEntry(path, origin, load_scenario(path), None)
    except ScenarioError as exc:
        entry = ScenarioEntry(path, origin, None, describe_problems(exc))
    _CACHE[key] = entry
    return entry


def catalogue() -> list[ScenarioEntry]:
    """Every bundled and user scenario, bundled first."""
    return [load_entry(f.path, f.origin) for f in scenario_files()]


def find_entry(name: str) -> ScenarioEntry | None:
    """A scenario by name (a bundled/user stem) or path; None if there is no such file."""
    path = find_scenario(name)
    if path is None:
        return None
    return load_entry(path, "file")
