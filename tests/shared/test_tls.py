"""TLS and passwords: the test server runs as a venue's should (ssl=on, hostssl lines with
SCRAM-SHA-256, plain-text TCP rejected), and the join strings ask for TLS."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import psycopg
import pytest

from tests.pg import PostgresCluster
from wargame.game import GameFileProblem
from wargame.game.sharing import HostedGame, host_game, join_game, reissue_join_strings
from wargame.scenario import load_scenario
from wargame.store.shared import libpq_url

pytestmark = pytest.mark.postgres

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@pytest.fixture(scope="module")
def venue(pg_cluster: PostgresCluster) -> Iterator[tuple[str, HostedGame]]:
    """A tutorial game hosted in a venue database of the TLS cluster, and the owner's URL."""
    url = pg_cluster.venue_database("tls")
    yield url, host_game(url, load_scenario(SCENARIOS / "tutorial.yaml"), seed=11)


@pytest.fixture
def hosted(venue: tuple[str, HostedGame]) -> HostedGame:
    """The hosted game."""
    return venue[1]


def _with_sslmode(join: str, mode: str) -> str:
    return libpq_url(join).replace("sslmode=require", f"sslmode={mode}")


def test_every_join_string_requires_tls(hosted: HostedGame) -> None:
    assert hosted.encrypted
    for join in (hosted.facilitator, *hosted.teams):
        query = parse_qs(urlsplit(join.url).query)
        assert query["sslmode"] == ["require"], join.label


def test_a_team_connection_is_encrypted(hosted: HostedGame) -> None:
    with psycopg.connect(libpq_url(hosted.teams[0].url)) as connection:
        assert connection.pgconn.ssl_in_use
        row = connection.execute(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"
        ).fetchone()
    assert row == (True,)


def test_plain_text_tcp_is_rejected(hosted: HostedGame) -> None:
    with pytest.raises(psycopg.OperationalError, match=r"no encryption|rejects connection"):
        psycopg.connect(_with_sslmode(hosted.teams[0].url, "disable"), connect_timeout=5)


def test_a_wrong_password_is_refused_in_one_sentence(hosted: HostedGame) -> None:
    team = hosted.teams[0]
    parts = urlsplit(team.url)
    netloc = parts.netloc.replace(parts.password or "", "not-the-password")
    forged = parts._replace(netloc=netloc).geturl()
    with pytest.raises(GameFileProblem) as caught:
        join_game(forged)
    message = str(caught.value)
    assert "password authentication failed" in message
    assert "not-the-password" not in message
    assert "\n" not in message


def test_join_strings_reissued_on_a_tls_server_require_tls(venue: tuple[str, HostedGame]) -> None:
    owner, hosted = venue
    (red,) = reissue_join_strings(owner, hosted.game_uid, ["red"])
    assert parse_qs(urlsplit(red.url).query)["sslmode"] == ["require"]
    with join_game(red.url) as joined:
        assert joined.team_id == "red"
