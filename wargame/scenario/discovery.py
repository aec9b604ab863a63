"""Where scenarios and assets live: bundled with the app, and in the user's data folder."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import platformdirs

APP_NAME = "wargame"
DEMO_SUFFIX = ".demo.yaml"
"""Scripts that play a scenario (``NAME.demo.yaml``) sit beside it but are not scenarios."""


def _install_root() -> Path:
    """The folder holding ``assets/`` and ``scenarios/``: the bundle or the source tree."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle)
    return Path(__file__).resolve().parents[2]


def assets_dir() -> Path:
    """The bundled assets folder (maps, fonts, icons)."""
    return Path(os.environ.get("WARGAME_ASSETS", _install_root() / "assets"))


def bundled_scenarios_dir() -> Path:
    """The folder of scenarios that ship with the app."""
    return Path(os.environ.get("WARGAME_SCENARIOS", _install_root() / "scenarios"))


def user_data_dir() -> Path:
    """The user's data folder for wargame (``WARGAME_DATA_DIR`` overrides it, e.g. in tests)."""
    override = os.environ.get("WARGAME_DATA_DIR")
    if override:
        return Path(override)
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def user_scenarios_dir() -> Path:
    """Where a facilitator drops scenarios of their own."""
    return user_data_dir() / "scenarios"


def resolve_asset(relative: str, base_dir: Path | None) -> Path | None:
    """Find a file a scenario names: next to the scenario first, then in the bundled assets."""
    candidates = []
    if base_dir is not None:
        candidates.append(base_dir / relative)
    candidates.append(assets_dir() / relative)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    return None


@dataclass(frozen=True)
class ScenarioFile:
    """A scenario file found on disk, bundled or the user's own."""

    path: Path
    origin: Literal["bundled", "user"]


def scenario_files() -> list[ScenarioFile]:
    """Every scenario file, bundled ones first, each group sorted by file name."""
    found: list[ScenarioFile] = []
    for origin, folder in (("bundled", bundled_scenarios_dir()), ("user", user_scenarios_dir())):
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.suffix not in {".yaml", ".yml"} or path.name.endswith(DEMO_SUFFIX):
                continue
            if is_play_script(path):
                continue
            found.append(ScenarioFile(path, origin))  # type: ignore[arg-type]
    return found


def is_play_script(path: Path) -> bool:
    """Whether a YAML file is a play script (a list of actions), whatever its name.

    A scenario is a mapping (``format_version:``, ``metadata:`` …); a play script is a
    list (``- {do: join, …}``). Only the first line that is not blank or a comment is read,
    so listing a folder stays cheap.
    """
    try:
        with path.open(encoding="utf-8", errors="replace") as stream:
            for _ in range(2000):
                line = stream.readline(4096)
                if not line:
                    return False
                stripped = line.strip()
                if not stripped or stripped.startswith("#") or stripped == "---":
                    continue
                return stripped == "-" or stripped.startswith(("- ", "-\t", "["))
    except OSError:
        return False
    return False


def find_scenario(name: str) -> Path | None:
    """A scenario by file path, or by the stem of a bundled or user scenario file."""
    as_path = Path(name)
    if as_path.is_file():
        return as_path
    for entry in scenario_files():
        if entry.path.stem == name:
            return entry.path
    return None
