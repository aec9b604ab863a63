"""Test set-up shared by every test: headless Qt, user folders under a temp dir, and the
one throwaway PostgreSQL cluster of the run (tests/pg.py)."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pg import PostgresCluster, PostgresUnavailable, throwaway_cluster

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
SCENARIOS = REPO / "scenarios"


def _cluster_or_skip() -> Iterator[PostgresCluster]:
    """A started cluster; skipped with the reason when none can start (failed under CI)."""
    try:
        with throwaway_cluster() as cluster:
            yield cluster
    except PostgresUnavailable as error:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL tests cannot run under CI: {error}", pytrace=False)
        pytest.skip(f"PostgreSQL tests skipped: {error}")


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PostgresCluster]:
    """The run's one PostgreSQL cluster (TLS, SCRAM passwords).

    The outage tests stop and restart it (``-m fast``: nothing committed is lost); every
    engine pings its pooled connections before use, so later tests reconnect.
    """
    yield from _cluster_or_skip()


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

SLOW_FIXTURES = PLAYS_THE_DEMO | {"browser", "pinned_browser"}
"""Those, and a real headless Chromium (tests/web/conftest.py, and the one that trusts only
the team pages' own certificate in tests/web/test_browser_tls.py): a test using one is
``slow``."""


def _repeats_on_postgresql(item: pytest.Item) -> bool:
    """A test run once per backend, in its PostgreSQL run (``backend``, ``game_target``)."""
    callspec = getattr(item, "callspec", None)
    return callspec is not None and "postgresql" in callspec.params.values()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``slow`` every test that plays the demo game or drives Chromium, and the
    PostgreSQL run of a test run once per backend (its SQLite run stays), so that
    ``make test-fast`` skips them; ``make test`` runs everything. The tests of what only
    PostgreSQL does (tests/shared: roles, row-level security, notifications) stay fast, but
    for those that take an older shared game back a migration and upgrade it, or stop the
    server under a running game: they are marked ``slow`` where they are written."""
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) or _repeats_on_postgresql(item):
            item.add_marker(pytest.mark.slow)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Let the garbage collector reach the oldest objects less often.

    A test process holds millions of objects (Qt, the ORM, every test module and item), and
    with Python's default thresholds the collector walked them all some fifty times in a run
    of tests/game and tests/ui: 9 to 12 s of its 64 to 68. With the first threshold at 10,000
    allocations instead of 700, seven collections reach the oldest generation, and the run
    takes 55 s (2.8 s of collections). A test that needs garbage gone calls ``gc.collect()``.
    """
    gc.set_threshold(10_000, 10, 10)
