"""Fixtures for the game-layer tests: real game files in tmp_path, and the same games in a
throwaway PostgreSQL database when one can be started (tests/pg.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pg import PostgresCluster
from wargame.scenario import LoadedScenario, load_scenario
from wargame.store import GameDatabase

from .support import SCENARIOS, Table, make_table


@pytest.fixture(autouse=True)
def _log_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Command lines started by these tests log into a temp folder, not the user's."""
    monkeypatch.setenv("WARGAME_LOG_DIR", str(tmp_path_factory.mktemp("log")))


@pytest.fixture(scope="session")
def tutorial_loaded() -> LoadedScenario:
    """The bundled tutorial scenario, loaded once (it is immutable)."""
    return load_scenario(SCENARIOS / "tutorial.yaml")


@pytest.fixture(scope="session")
def troop_loaded() -> LoadedScenario:
    """The bundled troop-deployment scenario, loaded once."""
    return load_scenario(SCENARIOS / "troop-deployment.yaml")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a game lives: a new *.wargame file, or a new PostgreSQL database (at the head
    schema, holding no game yet)."""
    if request.param == "sqlite":
        return str(tmp_path / "game.wargame")
    cluster: PostgresCluster = request.getfixturevalue("pg_cluster")
    return cluster.create_database("game", template=request.getfixturevalue("pg_at_head"))


@pytest.fixture(scope="session")
def pg_at_head(pg_cluster: PostgresCluster) -> str:
    """The name of a database at the head schema holding no game: each game database's
    template (made once, so that each test does not run the migrations again)."""
    url = pg_cluster.create_database("head")
    GameDatabase.create(url).close()
    return url.rsplit("/", 1)[1]


@pytest.fixture
def table(backend: str, tutorial_loaded: LoadedScenario) -> Iterator[Table]:
    """A tutorial game on each backend with Alice and Carol (blue), Bob (red), Olga (observer)."""
    with make_table(backend, tutorial_loaded) as t:
        yield t


@pytest.fixture
def file_table(tmp_path: Path, tutorial_loaded: LoadedScenario) -> Iterator[Table]:
    """The same tutorial game, on a SQLite file only (for tests that poke at the file)."""
    with make_table(str(tmp_path / "game.wargame"), tutorial_loaded) as t:
        yield t
