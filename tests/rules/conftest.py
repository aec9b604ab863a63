"""Fixtures for the rules tests: the bundled tutorial scenario, loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

from wargame.scenario import Scenario, load_scenario

TUTORIAL = Path(__file__).resolve().parents[2] / "scenarios" / "tutorial.yaml"


@pytest.fixture(scope="session")
def tutorial() -> Scenario:
    """The tutorial scenario (immutable, so one copy serves every test)."""
    return load_scenario(TUTORIAL).scenario
