"""Fixtures for the shared-database tests: a throwaway PostgreSQL cluster and venue-like
databases, each owned by a non-superuser account that may create roles (as
docs/venue-setup.md sets up), so that row-level security is tested as it runs at a venue."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from tests.pg import PostgresCluster, PostgresUnavailable, throwaway_cluster

TESTS = Path(__file__).resolve().parents[1]

REPO = TESTS.parent
SCENARIOS = REPO / "scenarios"
_numbers = itertools.count(1)


def _cluster_or_skip() -> Iterator[PostgresCluster]:
    try:
        with throwaway_cluster() as cluster:
            yield cluster
    except PostgresUnavailable as error:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL tests cannot run under CI: {error}", pytrace=False)
        pytest.skip(f"PostgreSQL tests skipped: {error}")


@pytest.fixture(scope="session")
def shared_cluster() -> Iterator[PostgresCluster]:
    """A private cluster for the shared-game tests (never restarted)."""
    yield from _cluster_or_skip()


@pytest.fixture
def own_cluster() -> Iterator[PostgresCluster]:
    """A cluster of the test's own, which the test may restart."""
    yield from _cluster_or_skip()


def venue_database(cluster: PostgresCluster, password: str = "host-secret") -> str:
    """A new database owned by a new non-superuser account with CREATEROLE; its URL."""
    n = next(_numbers)
    owner, database = f"venue_host_{n}", f"venue_{n}"
    with psycopg.connect(cluster.admin_dsn, autocommit=True) as connection:
        connection.execute(
            sql.SQL("CREATE ROLE {} LOGIN CREATEROLE PASSWORD {}").format(
                sql.Identifier(owner), sql.Literal(password)
            )
        )
        connection.execute(
            sql.SQL("CREATE DATABASE {} OWNER {}").format(
                sql.Identifier(database), sql.Identifier(owner)
            )
        )
        # As docs/venue-setup.md advises: only the game's own roles may connect.
        connection.execute(
            sql.SQL("REVOKE CONNECT ON DATABASE {} FROM PUBLIC").format(sql.Identifier(database))
        )
    return f"postgresql+psycopg://{owner}:{password}@127.0.0.1:{cluster.port}/{database}"


@pytest.fixture(scope="session")
def make_venue_db() -> Callable[[PostgresCluster], str]:
    """The :func:`venue_database` helper, for module-scoped fixtures."""
    return venue_database


@pytest.fixture
def owner_url(shared_cluster: PostgresCluster) -> str:
    """A fresh venue database in the shared cluster, as its owner."""
    return venue_database(shared_cluster)
