"""Test set-up shared by every test: headless Qt, and user folders under a temp dir."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
SCENARIOS = REPO / "scenarios"


@pytest.fixture(autouse=True)
def _user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Point the user's data and config folders at a temp dir so tests never touch $HOME."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("WARGAME_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "share"))
    monkeypatch.setenv("WARGAME_LOG_DIR", str(home / "log"))
    yield


@pytest.fixture
def tutorial_path() -> Path:
    return SCENARIOS / "tutorial.yaml"


@pytest.fixture
def troop_path() -> Path:
    return SCENARIOS / "troop-deployment.yaml"


PLAYS_THE_DEMO = frozenset({"demo", "demo_game", "plays", "series_pdf", "mid_game"})
"""Fixtures that play the whole demo game (228 actions): a test using one is ``slow``."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``slow`` every test that plays the demo game, so ``make test-fast`` skips it."""
    for item in items:
        if PLAYS_THE_DEMO & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
