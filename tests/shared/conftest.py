"""Fixtures for the shared-database tests: venue-like
databases, each owned by a non-superuser account that may create roles (as
docs/venue-setup.md sets up), so that row-level security is tested as it runs at a venue."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.pg import PostgresCluster

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent
SCENARIOS = REPO / "scenarios"


def venue_database(cluster: PostgresCluster) -> str:
    """A new venue database in ``cluster`` (see :meth:`PostgresCluster.venue_database`)."""
    return cluster.venue_database()


@pytest.fixture(scope="session")
def make_venue_db() -> Callable[[PostgresCluster], str]:
    """The :func:`venue_database` helper, for module-scoped fixtures."""
    return venue_database


@pytest.fixture
def owner_url(pg_cluster: PostgresCluster) -> str:
    """A fresh venue database in the run's cluster, as its owner."""
    return venue_database(pg_cluster)
