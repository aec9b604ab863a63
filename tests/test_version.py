"""The version is written twice: in pyproject.toml and in ``wargame.__version__``."""

from __future__ import annotations

import tomllib
from importlib.metadata import version
from pathlib import Path

from wargame import __version__

ROOT = Path(__file__).resolve().parent.parent


def test_the_package_says_the_version_of_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert __version__ == project["version"]


def test_the_installed_metadata_says_the_same_version() -> None:
    assert version("wargame") == __version__
