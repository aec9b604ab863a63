"""The record's chain on a shared game: teams write rows, only the facilitator's app links.

A team's own role writes its move and audit line but no link (it may not even read the
chain); the facilitator's next action seals them, in the facilitator's name.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.pg import PostgresCluster
from wargame.game import Game, MoveContent, Viewer
from wargame.game.cases.adjudication import AdjudicationRequest
from wargame.game.sharing import JoinedGame, host_game, join_game, pull_game
from wargame.scenario import load_scenario
from wargame.store.shared import libpq_url

pytestmark = pytest.mark.postgres

TUTORIAL = Path(__file__).resolve().parents[2] / "scenarios" / "tutorial.yaml"


@pytest.fixture
def seated(pg_cluster: PostgresCluster) -> Iterator[tuple[JoinedGame, JoinedGame]]:
    hosted = host_game(pg_cluster.venue_database("chain"), load_scenario(TUTORIAL), seed=5)
    white = join_game(hosted.facilitator.url)
    blue = join_game(hosted.teams[0].url, team="blue")
    white.game.start(white.participant_id)
    white.game.advance(white.participant_id)  # moves
    yield white, blue
    blue.close()
    white.close()


def test_a_teams_move_is_sealed_by_the_facilitators_next_action(
    seated: tuple[JoinedGame, JoinedGame],
) -> None:
    white, blue = seated
    move = blue.game.submit_move(
        blue.participant_id, MoveContent(title="T", action="A", intended_result="R")
    )
    check = white.game.queries().verify_chain()
    assert not check.ok
    assert f"move #{move} is in no action of the record" in " ".join(check.problems)
    white.game.note(white.participant_id, "seen")
    check = white.game.queries().verify_chain()
    assert check.ok, check.problems
    with psycopg.connect(libpq_url(white.url)) as connection:
        actors = {row[0] for row in connection.execute("SELECT actor FROM chain_link")}
    facilitator = white.game.queries().participant(white.participant_id).name
    assert actors <= {facilitator, "wargame"}


def test_a_team_checks_the_dice_without_reading_the_chain(
    seated: tuple[JoinedGame, JoinedGame],
) -> None:
    _, blue = seated
    check = blue.game.queries().verify_chain()
    assert check.ok and check.actions == 0
    assert blue.game.queries().summary().fingerprint is None
    with (
        psycopg.connect(libpq_url(blue.url)) as connection,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        connection.execute("SELECT hash FROM chain_link")


def test_a_pulled_copy_verifies_against_the_same_fingerprint(
    seated: tuple[JoinedGame, JoinedGame], tmp_path: Path
) -> None:
    """Digests made on PostgreSQL are recomputed alike from the SQLite copy."""
    white, blue = seated
    blue.game.submit_move(
        blue.participant_id, MoveContent(title="Т", action="A 🎲", intended_result="R")
    )
    white.game.advance(white.participant_id)  # sealed, and on to adjudication
    white.game.reveal_moves(white.participant_id)
    move = white.game.queries().moves(Viewer.facilitator())[0].id
    white.game.commit_adjudication(
        white.participant_id, AdjudicationRequest(method="matrix", narrative="n", move_id=move)
    )
    head = white.game.queries().head()
    assert head is not None
    copy = pull_game(white.url, tmp_path / "pulled.wargame")
    with Game.open(copy) as game:
        check = game.queries().verify_chain(expect=head.fingerprint)
    assert check.ok, check.problems
    assert check.rolls == 1 and check.expected is not None and check.expected[1] == head
