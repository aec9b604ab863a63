"""Each game keeps a validated JSON copy of its scenario (migration 0004), so opening a game
validates JSON instead of parsing the stored YAML."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from wargame.game import Game, GameFileProblem
from wargame.scenario import load_scenario
from wargame.store import GameDatabase

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def _sql(path: Path, statement: str, *params: object) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        return connection.execute(statement, params).fetchall()
    finally:
        connection.close()


@pytest.fixture
def old_tutorial_game(fixture_0001: Path) -> Path:
    """The stored revision-0001 file, populated, holding the real tutorial scenario."""
    text = (SCENARIOS / "tutorial.yaml").read_text(encoding="utf-8")
    _sql(
        fixture_0001,
        "UPDATE game SET scenario_text = ?, scenario_sha256 = ?, phase_id = 'moves'",
        text,
        hashlib.sha256(text.encode()).hexdigest(),
    )
    return fixture_0001


def test_a_new_game_stores_the_loaders_scenario_as_json(tmp_path: Path) -> None:
    loaded = load_scenario(SCENARIOS / "troop-deployment.yaml")
    Game.create(tmp_path / "g.wargame", loaded, seed=1).close()
    ((copy,),) = _sql(tmp_path / "g.wargame", "SELECT scenario_json FROM game")
    assert copy == loaded.scenario.model_dump_json()
    with Game.open(tmp_path / "g.wargame") as game:
        assert game.scenario == loaded.scenario


def test_upgrading_an_old_file_fills_the_copy_from_its_yaml(old_tutorial_game: Path) -> None:
    assert "scenario_json" not in {r[1] for r in _sql(old_tutorial_game, "PRAGMA table_info(game)")}
    GameDatabase.open(old_tutorial_game).close()  # upgrades, after a backup
    ((copy,),) = _sql(old_tutorial_game, "SELECT scenario_json FROM game")
    expected = load_scenario(SCENARIOS / "tutorial.yaml").scenario
    assert copy == expected.model_dump_json()
    with Game.open(old_tutorial_game) as game:
        assert game.scenario == expected


def test_an_old_scenario_that_no_longer_loads_keeps_no_copy_and_says_so(
    fixture_0001: Path,
) -> None:
    with pytest.raises(GameFileProblem, match=r"the scenario stored in .* no longer validates"):
        Game.open(fixture_0001)  # its stored scenario is three lines, not a scenario
    assert _sql(fixture_0001, "SELECT scenario_json FROM game") == [(None,)]


def test_a_copy_this_version_cannot_take_falls_back_to_the_yaml(tmp_path: Path) -> None:
    loaded = load_scenario(SCENARIOS / "tutorial.yaml")
    path = tmp_path / "g.wargame"
    Game.create(path, loaded, seed=1).close()
    for broken in ('{"not": "a scenario"}', "not JSON at all"):
        _sql(path, "UPDATE game SET scenario_json = ?", broken)
        with Game.open(path) as game:
            assert game.scenario == loaded.scenario


def test_opening_a_game_with_its_copy_parses_no_yaml(tmp_path: Path) -> None:
    path = tmp_path / "g.wargame"
    Game.create(path, load_scenario(SCENARIOS / "tutorial.yaml"), seed=1).close()
    probe = (
        "import sys\n"
        "from wargame.game import Game\n"
        f"Game.open({str(path)!r}).close()\n"
        "print(sorted(m for m in sys.modules if m == 'yaml' or m.startswith('yaml.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]", done.stderr
