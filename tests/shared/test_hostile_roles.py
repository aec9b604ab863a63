"""A hostile team, and a careless facilitator, straight through psycopg with their own roles:
every attack the app's rules forbid is refused by PostgreSQL itself (grants, row-level
security, triggers, CHECK constraints)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.pg import PostgresCluster
from wargame.game import GameFileProblem, MoveContent
from wargame.game.cases.adjudication import AdjudicationRequest
from wargame.game.sharing import (
    HostedGame,
    JoinedGame,
    host_game,
    join_game,
    upgrade_shared_database,
)
from wargame.scenario import load_scenario
from wargame.store.shared import libpq_url

pytestmark = pytest.mark.postgres

TUTORIAL = Path(__file__).resolve().parents[2] / "scenarios" / "tutorial.yaml"
REFUSED = {"42501", "23514"}  # insufficient privilege, check violation


@dataclass
class Table:
    hosted: HostedGame
    white: JoinedGame
    blue: JoinedGame
    red: JoinedGame
    blue_secret: int
    blue_public: int
    red_public: int


def _host(cluster: PostgresCluster) -> Table:
    hosted = host_game(cluster.venue_database("hostile"), load_scenario(TUTORIAL), seed=21)
    white = join_game(hosted.facilitator.url)
    blue = join_game(hosted.teams[0].url, team="blue")
    red = join_game(hosted.teams[1].url, team="red")
    f = white.participant_id
    white.game.start(f)
    white.game.advance(f)  # moves
    move = blue.game.submit_move
    blue_secret = move(
        blue.participant_id, MoveContent(title="Sealed", action="a", intended_result="r")
    )
    blue_public = move(
        blue.participant_id,
        MoveContent(title="Open", action="a", intended_result="r", visibility="public"),
    )
    red_public = red.game.submit_move(
        red.participant_id,
        MoveContent(title="Red open", action="a", intended_result="r", visibility="public"),
    )
    return Table(hosted, white, blue, red, blue_secret, blue_public, red_public)


@pytest.fixture(scope="module")
def in_moves(pg_cluster: PostgresCluster) -> Iterator[Table]:
    """A game in turn 1's moves phase, with a sealed and a public move of blue's."""
    table = _host(pg_cluster)
    yield table
    for joined in (table.white, table.blue, table.red):
        joined.close()


@pytest.fixture(scope="module")
def revealed(pg_cluster: PostgresCluster) -> Iterator[Table]:
    """The same, moved on to adjudication: moves revealed, one adjudicated with dice."""
    table = _host(pg_cluster)
    g, f = table.white.game, table.white.participant_id
    g.advance(f)  # adjudication
    g.reveal_moves(f)
    g.commit_adjudication(
        f, AdjudicationRequest(method="matrix", narrative="n", move_id=table.blue_secret)
    )
    yield table
    for joined in (table.white, table.blue, table.red):
        joined.close()


def _as(joined: JoinedGame) -> psycopg.Connection[Any]:
    return psycopg.connect(libpq_url(joined.url), autocommit=True)


def _refusal(joined: JoinedGame, statement: str, params: tuple[Any, ...] = ()) -> str:
    """The SQLSTATE a statement is refused with as ``joined``'s role; '' if it went through."""
    with _as(joined) as connection:
        try:
            cursor = connection.execute(statement, params)
        except psycopg.Error as error:
            return str(error.sqlstate)
        return "" if cursor.rowcount else "no rows"


def _insert_move(table: Table, *, turn: int, **over: Any) -> str:
    values: dict[str, Any] = {
        "game_id": table.blue.game.game_id,
        "turn": turn,
        "team_id": "blue",
        "author_id": table.blue.participant_id,
        "title": "Forged",
        "action": "a",
        "intended_result": "r",
        "reasons": "[]",
        "visibility": "public",
        "status": "submitted",
        "created_at": "2020-01-01T00:00:00Z",
        "updated_at": "2020-01-01T00:00:00Z",
        "version_id": 1,
    }
    values.update(over)
    columns = ", ".join(values)
    marks = ", ".join(["%s"] * len(values))
    return _refusal(
        table.blue, f"INSERT INTO move ({columns}) VALUES ({marks})", tuple(values.values())
    )


# ---------------------------------------------------------------------------- reading


def test_a_team_cannot_read_the_whole_scenario(in_moves: Table) -> None:
    assert _refusal(in_moves.blue, "SELECT scenario_text FROM game") == "42501"
    assert _refusal(in_moves.blue, "SELECT * FROM game") == "42501"


def test_a_team_reads_only_its_own_cut_of_the_scenario(in_moves: Table) -> None:
    scenario = load_scenario(TUTORIAL).scenario
    red_actor = scenario.actor(scenario.team("red").actor)
    blue_actor = scenario.actor(scenario.team("blue").actor)
    with _as(in_moves.blue) as connection:
        rows = connection.execute("SELECT team_id, scenario_text FROM wargame_team_scenario")
        cuts = dict(rows.fetchall())
    assert list(cuts) == ["blue"]
    cut = json.loads(cuts["blue"])
    actors = {a["id"]: a for a in cut["actors"]}
    assert red_actor.briefing and red_actor.briefing not in cuts["blue"]
    assert all(o not in cuts["blue"] for o in red_actor.objectives)
    assert actors[blue_actor.id]["briefing"] == blue_actor.briefing
    assert scenario.injects and cut.get("injects", []) == []
    assert all(i.text not in cuts["blue"] for i in scenario.injects)


def test_the_app_as_a_team_works_from_its_cut(in_moves: Table) -> None:
    scenario = in_moves.blue.game.scenario
    red = scenario.actor(scenario.team("red").actor)
    assert red.briefing is None and red.objectives == ()
    assert scenario.injects == ()


# ---------------------------------------------------------------------------- moves


@pytest.mark.parametrize("turn", [99, 2147483647, 5000, 0])
def test_a_team_cannot_insert_a_move_for_another_turn(in_moves: Table, turn: int) -> None:
    assert _insert_move(in_moves, turn=turn) in REFUSED | {"22003"}  # 22003: out of range


def test_a_team_move_is_bounded_in_size(in_moves: Table) -> None:
    assert _insert_move(in_moves, turn=1, title="x" * 201) == "23514"
    assert _insert_move(in_moves, turn=1, reasons=json.dumps(["r"] * 13)) == "23514"
    assert _insert_move(in_moves, turn=1, reasons=json.dumps(["r" * 60_000] * 2)) == "23514"


def test_a_team_cannot_insert_a_move_for_another_team_or_author(in_moves: Table) -> None:
    assert _insert_move(in_moves, turn=1, team_id="red") in REFUSED
    white = in_moves.white.participant_id
    assert _insert_move(in_moves, turn=1, author_id=white) in REFUSED


def test_the_server_sets_a_team_moves_times_version_and_status(in_moves: Table) -> None:
    assert _insert_move(in_moves, turn=1, version_id=77, title="Backdated") == ""
    with _as(in_moves.blue) as connection:
        row = connection.execute(
            "SELECT created_at > now() - interval '1 hour', version_id, revealed_at "
            "FROM move WHERE title = 'Backdated'"
        ).fetchone()
    assert row == (True, 1, None)


def test_a_team_edit_bumps_the_version_whatever_it_says(in_moves: Table) -> None:
    with _as(in_moves.blue) as connection:
        before = connection.execute(
            "SELECT version_id FROM move WHERE id = %s", (in_moves.blue_secret,)
        ).fetchone()
        connection.execute(
            "UPDATE move SET title = 'Re-sealed', version_id = version_id WHERE id = %s",
            (in_moves.blue_secret,),
        )
        after = connection.execute(
            "SELECT version_id FROM move WHERE id = %s", (in_moves.blue_secret,)
        ).fetchone()
    assert before is not None and after == (before[0] + 1,)


def test_a_team_cannot_edit_its_public_move(in_moves: Table) -> None:
    statement = "UPDATE move SET title = 'Changed' WHERE id = %s"
    assert _refusal(in_moves.blue, statement, (in_moves.blue_public,)) in REFUSED


def test_a_team_cannot_edit_its_move_after_the_reveal(revealed: Table) -> None:
    for move in (revealed.blue_secret, revealed.blue_public):
        statement = "UPDATE move SET title = 'Rewritten', status = 'submitted' WHERE id = %s"
        assert _refusal(revealed.blue, statement, (move,)) in REFUSED | {"no rows"}
    titles = {m.id: m.title for m in revealed.white.game.queries().moves(revealed.white.viewer)}
    assert titles[revealed.blue_secret] == "Sealed" and titles[revealed.blue_public] == "Open"


def test_a_team_cannot_insert_a_move_outside_a_moves_phase(revealed: Table) -> None:
    assert _insert_move(revealed, turn=1) in REFUSED


# ---------------------------------------------------------------------------- names


def test_a_team_cannot_argue_in_the_facilitators_name(revealed: Table) -> None:
    statement = (
        "INSERT INTO counter_argument (game_id, move_id, author_id, team_id, text, created_at) "
        "VALUES (%s, %s, %s, 'blue', 'forged', now())"
    )
    game = revealed.blue.game.game_id
    white = revealed.white.participant_id
    params = (game, revealed.red_public, white)
    assert _refusal(revealed.blue, statement, params) in REFUSED
    own = (game, revealed.red_public, revealed.blue.participant_id)
    assert _refusal(revealed.blue, statement, own) == ""


def test_a_team_cannot_write_audit_lines_as_the_facilitator(revealed: Table) -> None:
    statement = (
        "INSERT INTO audit (game_id, at, participant_id, actor, action, entity, entity_id, "
        "details) VALUES (%s, now(), %s, 'Facilitator', %s, %s, %s, '{}')"
    )
    game, blue, white = (
        revealed.blue.game.game_id,
        revealed.blue.participant_id,
        revealed.white.participant_id,
    )
    move = revealed.blue_secret
    as_white = (game, white, "adjudication.record", "adjudication", 1)
    assert _refusal(revealed.blue, statement, as_white) in REFUSED
    white_action = (game, blue, "adjudication.record", "adjudication", 1)
    assert _refusal(revealed.blue, statement, white_action) in REFUSED
    others_move = (game, blue, "move.submit", "move", revealed.red_public)
    assert _refusal(revealed.blue, statement, others_move) in REFUSED
    assert _refusal(revealed.blue, statement, (game, blue, "move.edit", "move", move)) == ""
    with _as(revealed.white) as connection:
        actors = connection.execute(
            "SELECT DISTINCT actor FROM audit WHERE participant_id = %s", (blue,)
        ).fetchall()
    assert ("Facilitator",) not in actors  # the server wrote the player's own name


# ---------------------------------------------------------------------------- append-only


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit SET actor = 'someone else'",
        "DELETE FROM audit",
        "UPDATE roll SET faces = '[6]'",
        "DELETE FROM roll",
        "UPDATE game SET seed = 1",
        "UPDATE game SET scenario_text = 'x'",
        "UPDATE game SET seed_sha256 = 'x'",
        "UPDATE chain_link SET actor = 'someone else'",
        "DELETE FROM chain_row",
        "TRUNCATE audit",
    ],
)
def test_the_facilitator_cannot_rewrite_the_record(revealed: Table, statement: str) -> None:
    assert _refusal(revealed.white, statement) == "42501"


def test_a_trigger_stops_the_facilitator_even_with_a_grant(
    revealed: Table, pg_cluster: PostgresCluster
) -> None:
    role = revealed.hosted.facilitator.role
    database = revealed.white.url.rsplit("/", 1)[1].split("?")[0]
    admin = pg_cluster.admin_dsn.replace("dbname=postgres", f"dbname={database}")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'GRANT UPDATE, DELETE ON audit, roll TO "{role}"')
    try:
        assert _refusal(revealed.white, "UPDATE roll SET faces = '[6]'") == "42501"
        assert _refusal(revealed.white, "DELETE FROM audit") == "42501"
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'REVOKE UPDATE, DELETE ON audit, roll FROM "{role}"')
    with _as(revealed.white) as connection:
        rolls = connection.execute("SELECT count(*) FROM roll").fetchone()
    assert rolls is not None and rolls[0] > 0


# ---------------------------------------------------------------------------- bounds


@pytest.mark.parametrize(
    ("statement", "params"),
    [
        ("INSERT INTO note (game_id, turn, author_id, text, created_at) "
         "VALUES (%s, 5000, %s, 'n', now())", ()),
        ("INSERT INTO note (game_id, turn, author_id, text, created_at) "
         "VALUES (%s, 1, %s, repeat('x', 20001), now())", ()),
        ("UPDATE game SET turn = 2147483647 WHERE id = %s", ()),
    ],
)  # fmt: skip
def test_check_constraints_bound_turns_and_sizes(
    in_moves: Table, statement: str, params: tuple[Any, ...]
) -> None:
    game, white = in_moves.white.game.game_id, in_moves.white.participant_id
    values = (game, white) if statement.count("%s") == 2 else (game,)
    assert _refusal(in_moves.white, statement, values + params) == "23514"


# ---------------------------------------------------------------------------- upgrades


@pytest.mark.slow
def test_a_game_hosted_without_team_cuts_is_joined_after_an_upgrade(
    pg_cluster: PostgresCluster,
) -> None:
    owner = pg_cluster.venue_database("upgrade")
    hosted = host_game(owner, load_scenario(TUTORIAL), seed=4)
    with psycopg.connect(libpq_url(owner), autocommit=True) as connection:
        connection.execute("DELETE FROM wargame_team_scenario")  # as an older version left it
    with pytest.raises(GameFileProblem, match="wargame host --upgrade"):
        join_game(hosted.teams[0].url)
    upgrade_shared_database(owner)
    with join_game(hosted.teams[0].url) as blue:
        assert blue.team_id == "blue"
        assert blue.game.scenario.injects == ()
