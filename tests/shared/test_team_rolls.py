"""The dice of a ruling a team cannot see are hidden from its own role, in raw SQL too.

A team reads every roll of its game through the view ``wargame_team_roll`` (so that its
laptop can check the dice chain's links and see that no roll is missing), but of a roll for
a ruling on a move it cannot see only the number, source, time and digests. The digests
cover a random salt the team does not read: trying every face against them finds nothing.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from alembic import command

from tests.pg import PostgresCluster
from tests.shared.test_team_reads import DENIED, Ruled, _rows, _ruled
from wargame.game.chain import roll_context
from wargame.game.sharing import join_game, upgrade_shared_database
from wargame.rules import dice as dice_rules
from wargame.store import GameDatabase
from wargame.store.engine import open_engine
from wargame.store.migrate import alembic_config, migration_transaction
from wargame.store.shared import libpq_url, server_url
from wargame.store.shared_views import TEAM_ROLL_VIEW

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def ruled(pg_cluster: PostgresCluster) -> Iterator[Ruled]:
    table = _ruled(pg_cluster, "rolls")
    yield table
    table.close()


def _roll_of(ruled: Ruled, ruling: int) -> tuple[Any, ...]:
    """The facilitator's full row of the roll made for ``ruling``."""
    rows = _rows(
        ruled.white,
        "SELECT sequence, dice, faces, source, purpose, salt, prev_hash, hash FROM roll "
        f"WHERE adjudication_id = {ruling}",
    )
    assert isinstance(rows, list) and len(rows) == 1
    return rows[0]


def _view(ruled: Ruled, team: str) -> dict[int, tuple[Any, ...]]:
    joined = ruled.blue if team == "blue" else ruled.red
    rows = _rows(
        joined,
        f"SELECT sequence, adjudication_id, purpose, dice, faces, salt, hash FROM {TEAM_ROLL_VIEW}",
    )
    assert isinstance(rows, list)
    return {int(r[0]): tuple(r[1:]) for r in rows}


@pytest.mark.parametrize(
    "statement",
    [
        "SELECT faces FROM roll",
        "SELECT hash FROM roll",
        "SELECT salt FROM roll",
        "SELECT * FROM roll",
        "SELECT to_jsonb(r) FROM roll r",
        "SELECT count(*) FROM roll WHERE faces::text = '[6, 6]'",
        "SELECT id FROM roll ORDER BY faces::text",
    ],
)
def test_a_team_reads_no_face_or_digest_from_the_table(ruled: Ruled, statement: str) -> None:
    assert _rows(ruled.blue, statement) == DENIED


def test_a_roll_for_a_ruling_a_team_cannot_see_shows_only_its_place(ruled: Ruled) -> None:
    hidden = _roll_of(ruled, ruled.red_sealed)[0]
    shown = {_roll_of(ruled, r)[0] for r in (ruled.red_public, ruled.blue_sealed)}
    blue = _view(ruled, "blue")
    assert set(blue) == {hidden, *shown}  # every roll of the game, for the chain
    assert blue[hidden][:4] == (None, "", "", None)  # no ruling, purpose, dice or faces
    assert blue[hidden][4] is None  # nor its salt
    for sequence in shown:
        assert blue[sequence][3] is not None and blue[sequence][4] is not None
    red = _view(ruled, "red")
    assert red[hidden][3] is not None  # red's own ruling: red sees its dice


def test_trying_every_face_against_the_digest_finds_nothing(ruled: Ruled) -> None:
    """What a hostile team would do: rebuild the hidden roll's payload for each possible
    throw and compare its hash. Without the salt nothing matches; with it (the white cell's
    read) one throw does, so the attempt is a real one."""
    sequence, dice, faces, source, purpose, salt, prev_hash, digest = _roll_of(
        ruled, ruled.red_sealed
    )
    uid = ruled.hosted.game_uid
    spec = dice_rules.DiceSpec.parse(str(dice))

    def matches(with_salt: str | None) -> list[tuple[int, ...]]:
        found = []
        for throw in itertools.product(range(1, spec.sides + 1), repeat=spec.count):
            roll = dice_rules.Roll(spec, throw, str(source))  # type: ignore[arg-type]
            payload = dice_rules.roll_payload(roll, roll_context(str(purpose), uid, with_salt))
            if dice_rules.chain_entry(str(prev_hash), int(sequence), payload).hash == digest:
                found.append(throw)
        return found

    assert matches(None) == []
    assert matches(str(salt)) == [tuple(json.loads(json.dumps(faces)))]


def test_the_teams_app_checks_the_dice_chain_and_lists_only_what_it_sees(ruled: Ruled) -> None:
    check = ruled.blue.game.queries().verify_chain()
    assert check.ok, check.problems
    assert check.rolls == 3
    hidden = _roll_of(ruled, ruled.red_sealed)[0]
    listed = {r.sequence for r in ruled.blue.game.queries().rolls()}
    assert hidden not in listed and len(listed) == 2
    rulings = ruled.blue.game.queries().adjudications(ruled.blue.viewer)
    assert all(r.rolls for r in rulings)  # the rulings it sees keep their dice
    assert len(ruled.white.game.queries().rolls()) == 3  # the white cell sees every roll
    assert ruled.white.game.queries().verify_chain().ok


def test_a_revealed_moves_dice_show_to_every_team(pg_cluster: PostgresCluster) -> None:
    game = _ruled(pg_cluster, "rollsreveal")
    try:
        hidden = _roll_of(game, game.red_sealed)[0]
        assert _view(game, "blue")[hidden][3] is None
        game.white.game.reveal_moves(game.white.participant_id)
        assert _view(game, "blue")[hidden][3] is not None
        assert game.blue.game.queries().verify_chain().ok
    finally:
        game.close()


def _back_to_0008(owner: str) -> None:
    engine = open_engine(server_url(owner), create=False)
    try:
        with migration_transaction(engine) as connection:
            command.downgrade(alembic_config(connection), "0008")
    finally:
        engine.dispose()


@pytest.mark.slow
def test_an_older_game_is_protected_by_the_migration(pg_cluster: PostgresCluster) -> None:
    game = _ruled(pg_cluster, "oldrolls")
    game.close()
    _back_to_0008(game.owner)
    leaked = _rows(game.blue, "SELECT faces FROM roll")
    assert isinstance(leaked, list) and len(leaked) == 3  # the leak, as it was
    GameDatabase.open(server_url(game.owner)).close()  # the owner opens: migrations run
    assert _rows(game.blue, "SELECT faces FROM roll") == DENIED
    hidden = _roll_of(game, game.red_sealed)[0]
    assert _view(game, "blue")[hidden][3] is None


def test_a_function_of_the_team_sees_no_face_the_view_hides(ruled: Ruled) -> None:
    """A leaky function in the WHERE clause gets the view's masked values, never the faces."""
    hidden = _roll_of(ruled, ruled.red_sealed)
    seen: list[str] = []
    with psycopg.connect(libpq_url(ruled.blue.url), autocommit=True) as connection:
        connection.add_notice_handler(lambda notice: seen.append(str(notice.message_primary)))
        connection.execute(
            "CREATE FUNCTION pg_temp.leak(n integer, f text, s text) RETURNS boolean "
            "LANGUAGE plpgsql COST 0.0000001 AS $$ BEGIN RAISE NOTICE '% % %', n, f, s; "
            "RETURN true; END $$"
        )
        connection.execute(
            f"SELECT 1 FROM {TEAM_ROLL_VIEW} WHERE pg_temp.leak(sequence, faces::text, salt)"
        ).fetchall()
    by_roll = {int(line.split()[0]): line for line in seen}
    assert set(by_roll) == {1, 2, 3}  # the function ran on every roll of the game
    assert str(hidden[5]) not in by_roll[int(hidden[0])]  # the hidden roll's salt never
    assert by_roll[int(hidden[0])].split()[1:] == ["<NULL>", "<NULL>"]  # nor its faces


@pytest.mark.slow
def test_an_older_game_upgraded_by_its_host_is_protected(pg_cluster: PostgresCluster) -> None:
    game = _ruled(pg_cluster, "oldrollshost")
    game.close()
    _back_to_0008(game.owner)
    upgrade_shared_database(game.owner)  # `wargame host --upgrade`: migrations, then set-up
    assert _rows(game.blue, "SELECT faces FROM roll") == DENIED
    hidden = _roll_of(game, game.red_sealed)[0]
    assert _view(game, "blue")[hidden][3] is None
    with join_game(game.hosted.teams[0].url, team="blue") as blue:
        assert hidden not in {r.sequence for r in blue.game.queries().rolls()}
        assert len(blue.game.queries().rolls()) == 2
