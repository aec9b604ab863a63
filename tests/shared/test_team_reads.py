"""What a team's own role can read, straight through psycopg as a hostile participant would.

The adjudications a team may see are its to read, but not all of them: an unannounced
rationale and the white cell's move tags are hidden by the app's read model, and by the
database too. The table's grant leaves those columns out; the team reads adjudications
through the view ``wargame_team_adjudication``, which restates the table's row rules.

The last tests list, table by table and column by column, everything a team's role can
reach (tables, views, sequences, functions, schemas), so a new table or column that a team
could read is a failing test until someone decides it may.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from alembic import command
from sqlalchemy.engine import make_url

from tests.pg import PostgresCluster
from wargame.game import MoveContent
from wargame.game.cases.adjudication import AdjudicationRequest
from wargame.game.sharing import (
    HostedGame,
    JoinedGame,
    host_game,
    join_game,
    upgrade_shared_database,
)
from wargame.scenario import LoadedScenario, load_scenario, parse_scenario
from wargame.store import GameDatabase
from wargame.store.engine import open_engine
from wargame.store.migrate import alembic_config, migration_transaction
from wargame.store.shared import libpq_url, server_url
from wargame.store.shared_views import TEAM_ADJUDICATION_VIEW

pytestmark = pytest.mark.postgres

TUTORIAL = Path(__file__).resolve().parents[2] / "scenarios" / "tutorial.yaml"
DENIED = "42501"


def _tagged_tutorial() -> LoadedScenario:
    """The tutorial with two move tags the umpire may put on a move."""
    text = TUTORIAL.read_text(encoding="utf-8")
    assert "\nadjudication:\n" in text
    text = text.replace("\nadjudication:\n", "\nadjudication:\n  move_tags: [surprise, friction]\n")
    return parse_scenario(text, source="tagged tutorial", base_dir=TUTORIAL.parent)


@dataclass
class Ruled:
    """A tutorial game in turn 1's adjudication phase, moves still sealed, three rulings.

    * ``red_sealed``: red's sealed move, ruled with a rationale not announced, tag surprise;
    * ``red_public``: red's public move, ruled with a rationale not announced, tag friction;
    * ``blue_sealed``: blue's own sealed move, ruled with its rationale announced.
    """

    owner: str
    hosted: HostedGame
    white: JoinedGame
    blue: JoinedGame
    red: JoinedGame
    red_sealed: int
    red_public: int
    blue_sealed: int

    def close(self) -> None:
        for joined in (self.white, self.blue, self.red):
            joined.close()


def _rule(game: JoinedGame, move_id: int, rationale: str, tag: str, *, announce: bool) -> int:
    return game.game.commit_adjudication(
        game.participant_id,
        AdjudicationRequest(
            method="matrix",
            narrative=f"what happened to move {move_id}",
            rationale=rationale,
            move_id=move_id,
            tags=(tag,),
            announce_rationale=announce,
        ),
    )


def _ruled(cluster: PostgresCluster, name: str) -> Ruled:
    owner = cluster.venue_database(name)
    hosted = host_game(owner, _tagged_tutorial(), seed=5)
    white = join_game(hosted.facilitator.url)
    blue = join_game(hosted.teams[0].url, team="blue")
    red = join_game(hosted.teams[1].url, team="red")
    f = white.participant_id
    white.game.start(f)
    white.game.advance(f)  # moves
    sealed = MoveContent(title="Sealed", action="a", intended_result="r")
    public = MoveContent(title="Open", action="a", intended_result="r", visibility="public")
    red_sealed = red.game.submit_move(red.participant_id, sealed)
    red_public = red.game.submit_move(red.participant_id, public)
    blue_sealed = blue.game.submit_move(blue.participant_id, sealed)
    white.game.advance(f)  # adjudication
    rulings = Ruled(owner, hosted, white, blue, red, 0, 0, 0)
    rulings.red_sealed = _rule(white, red_sealed, "RED-SEALED-WHY", "surprise", announce=False)
    rulings.red_public = _rule(white, red_public, "RED-PUBLIC-WHY", "friction", announce=False)
    rulings.blue_sealed = _rule(white, blue_sealed, "BLUE-SAID-ALOUD", "friction", announce=True)
    return rulings


@pytest.fixture(scope="module")
def ruled(pg_cluster: PostgresCluster) -> Iterator[Ruled]:
    table = _ruled(pg_cluster, "reads")
    yield table
    table.close()


def _as(joined: JoinedGame | str) -> psycopg.Connection[Any]:
    url = joined if isinstance(joined, str) else joined.url
    return psycopg.connect(libpq_url(url), autocommit=True)


def _rows(joined: JoinedGame | str, statement: str) -> list[tuple[Any, ...]] | str:
    """The rows a statement gives as ``joined``'s role, or the SQLSTATE it is refused with."""
    with _as(joined) as connection:
        try:
            return connection.execute(statement).fetchall()
        except psycopg.Error as error:
            return str(error.sqlstate)


def _view(joined: JoinedGame) -> dict[int, tuple[str, dict[str, Any]]]:
    rows = _rows(joined, f"SELECT id, rationale, inputs FROM {TEAM_ADJUDICATION_VIEW}")
    assert isinstance(rows, list)
    return {int(i): (str(why), dict(inputs)) for i, why, inputs in rows}


# ---------------------------------------------------------------------------- refused


@pytest.mark.parametrize(
    "statement",
    [
        "SELECT rationale FROM adjudication",
        "SELECT inputs FROM adjudication",
        "SELECT * FROM adjudication",
        "SELECT a FROM adjudication a",
        "SELECT to_jsonb(a) FROM adjudication a",
        "SELECT row_to_json(a.*) FROM adjudication a",
        "SELECT m.title, a.rationale FROM move m JOIN adjudication a ON a.move_id = m.id",
        "SELECT e.id FROM effect e JOIN adjudication a ON a.id = e.adjudication_id "
        "WHERE a.rationale LIKE 'RED%'",
        "SELECT count(*) FROM adjudication WHERE rationale = 'RED-PUBLIC-WHY'",
        "SELECT count(*) FROM adjudication WHERE inputs::text LIKE '%surprise%'",
        "SELECT id FROM adjudication ORDER BY rationale",
        "SELECT f.text FROM fact f, LATERAL (SELECT rationale FROM adjudication) r",
    ],
)
def test_a_team_cannot_read_a_rationale_or_the_tags_from_the_table(
    ruled: Ruled, statement: str
) -> None:
    assert _rows(ruled.blue, statement) == DENIED
    assert _rows(ruled.red, statement) == DENIED


def test_a_team_copies_nothing_hidden_out_of_the_table(ruled: Ruled) -> None:
    with (
        _as(ruled.blue) as connection,
        connection.cursor() as cursor,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
        cursor.copy("COPY adjudication (rationale) TO STDOUT") as copy,
    ):
        list(copy)


def test_the_table_statistics_show_a_team_nothing(
    ruled: Ruled, pg_cluster: PostgresCluster
) -> None:
    """pg_stats would show a column's common values of every row: not for a team."""
    database = make_url(ruled.owner).database
    assert database is not None
    with psycopg.connect(libpq_url(pg_cluster.url(database)), autocommit=True) as admin:
        admin.execute("ANALYZE adjudication")
        kept = admin.execute(
            "SELECT count(*) FROM pg_statistic WHERE starelid = 'adjudication'::regclass"
        ).fetchone()
    assert kept is not None and kept[0] > 0  # the statistics exist
    stats = "SELECT attname, most_common_vals::text FROM pg_stats WHERE tablename = 'adjudication'"
    assert _rows(ruled.blue, stats) == []


# ---------------------------------------------------------------------------- the view


def test_a_team_reads_an_announced_rationale_and_never_the_tags(ruled: Ruled) -> None:
    blue = _view(ruled.blue)
    assert set(blue) == {ruled.red_public, ruled.blue_sealed}  # not red's sealed move's
    assert blue[ruled.red_public][0] == ""
    assert blue[ruled.blue_sealed][0] == "BLUE-SAID-ALOUD"
    for _, inputs in blue.values():
        assert "tags" not in inputs
        assert "rationale_announced" in inputs  # the rest of the inputs are there
    red = _view(ruled.red)
    assert set(red) == {ruled.red_sealed, ruled.red_public}
    assert red[ruled.red_sealed][0] == red[ruled.red_public][0] == ""  # its own, unannounced


def test_the_view_has_the_rows_the_tables_policies_give(ruled: Ruled) -> None:
    for team in (ruled.blue, ruled.red):
        table = _rows(team, "SELECT id FROM adjudication ORDER BY id")
        view = _rows(team, f"SELECT id FROM {TEAM_ADJUDICATION_VIEW} ORDER BY id")
        assert table == view


def test_the_view_shows_a_team_nothing_of_another_game(ruled: Ruled) -> None:
    other = host_game(ruled.owner, load_scenario(TUTORIAL), seed=6)
    with join_game(other.facilitator.url) as white:
        white.game.start(white.participant_id)
        white.game.advance(white.participant_id)  # moves
        white.game.advance(white.participant_id)  # adjudication
        white.game.commit_adjudication(
            white.participant_id,
            AdjudicationRequest(method="matrix", narrative="other", rationale="OTHER-WHY"),
        )
    assert set(_view(ruled.blue)) == {ruled.red_public, ruled.blue_sealed}
    assert _rows(ruled.blue, f"SELECT 1 FROM {TEAM_ADJUDICATION_VIEW} WHERE game_id <> "
                 f"{ruled.blue.game.game_id}") == []  # fmt: skip


def test_a_function_of_the_team_sees_no_row_the_view_removes(ruled: Ruled) -> None:
    """A leaky function in the WHERE clause runs only on rows the view lets through."""
    seen: list[str] = []
    with _as(ruled.blue) as connection:
        connection.add_notice_handler(lambda notice: seen.append(str(notice.message_primary)))
        connection.execute(
            "CREATE FUNCTION pg_temp.leak(i integer, t text, n text) RETURNS boolean "
            "LANGUAGE plpgsql COST 0.0000001 AS $$ BEGIN RAISE NOTICE '% % %', i, t, n; "
            "RETURN true; END $$"
        )
        connection.execute(
            f"SELECT id FROM {TEAM_ADJUDICATION_VIEW} WHERE pg_temp.leak(id, rationale, narrative)"
        ).fetchall()
    assert len(seen) == 2
    assert sorted(line.split()[0] for line in seen) == sorted(
        str(i) for i in (ruled.red_public, ruled.blue_sealed)
    )  # red's sealed move's ruling never reached the function
    assert not any("RED-SEALED" in line or "RED-PUBLIC-WHY" in line for line in seen), seen


def test_a_team_may_not_write_through_the_view(ruled: Ruled) -> None:
    update = f"UPDATE {TEAM_ADJUDICATION_VIEW} SET narrative = 'x'"
    assert _rows(ruled.blue, update) == DENIED
    delete = f"DELETE FROM {TEAM_ADJUDICATION_VIEW}"
    assert _rows(ruled.blue, delete) == DENIED


def test_once_revealed_a_sealed_moves_ruling_shows_without_its_rationale(
    pg_cluster: PostgresCluster,
) -> None:
    table = _ruled(pg_cluster, "reveal")
    try:
        assert set(_view(table.blue)) == {table.red_public, table.blue_sealed}
        table.white.game.reveal_moves(table.white.participant_id)
        blue = _view(table.blue)
        assert set(blue) == {table.red_sealed, table.red_public, table.blue_sealed}
        assert blue[table.red_sealed][0] == ""
        assert "tags" not in blue[table.red_sealed][1]
    finally:
        table.close()


# ---------------------------------------------------------------------------- who else reads


def test_the_facilitator_still_reads_every_rationale_and_tag(ruled: Ruled) -> None:
    rows = _rows(ruled.white, "SELECT id, rationale, inputs FROM adjudication ORDER BY id")
    assert isinstance(rows, list)
    found = {int(i): (why, inputs["tags"]) for i, why, inputs in rows}
    assert found == {
        ruled.red_sealed: ("RED-SEALED-WHY", ["surprise"]),
        ruled.red_public: ("RED-PUBLIC-WHY", ["friction"]),
        ruled.blue_sealed: ("BLUE-SAID-ALOUD", ["friction"]),
    }
    assert _rows(ruled.white, f"SELECT id FROM {TEAM_ADJUDICATION_VIEW}") == DENIED


def test_the_facilitators_app_shows_every_rationale_and_tag(ruled: Ruled) -> None:
    rulings = {a.id: a for a in ruled.white.game.queries().adjudications(ruled.white.viewer)}
    assert rulings[ruled.red_sealed].rationale == "RED-SEALED-WHY"
    assert rulings[ruled.red_public].inputs["tags"] == ["friction"]


def test_the_teams_app_reads_through_the_view(ruled: Ruled) -> None:
    queries = ruled.blue.game.queries()
    rulings = {a.id: a for a in queries.adjudications(ruled.blue.viewer)}
    assert set(rulings) == {ruled.red_public, ruled.blue_sealed}
    assert rulings[ruled.red_public].rationale == ""
    assert rulings[ruled.blue_sealed].rationale == "BLUE-SAID-ALOUD"
    assert all("tags" not in a.inputs for a in rulings.values())
    record = queries.record(ruled.blue.viewer)  # everything the team's screens read
    assert {a.id for a in record.adjudications} == set(rulings)
    assert record.states[-1].turn == 1
    assert "RED-PUBLIC-WHY" not in json.dumps([a.rationale for a in record.adjudications])


def test_a_team_still_withdraws_its_own_move(pg_cluster: PostgresCluster) -> None:
    """Withdrawing asks whether the move was ruled on: through the view, as the team."""
    hosted = host_game(pg_cluster.venue_database("withdraw"), load_scenario(TUTORIAL), seed=7)
    with join_game(hosted.facilitator.url) as white, join_game(hosted.teams[0].url) as blue:
        white.game.start(white.participant_id)
        white.game.advance(white.participant_id)  # moves
        move = blue.game.submit_move(
            blue.participant_id, MoveContent(title="Sealed", action="a", intended_result="r")
        )
        blue.game.withdraw_move(
            blue.participant_id, move, expected_version=1, reason="thought better of it"
        )
        (mine,) = blue.game.queries().moves(blue.viewer)
    assert (mine.id, mine.status) == (move, "withdrawn")


# ---------------------------------------------------------------------------- an older game


def _back_to_0006(owner: str) -> None:
    """Undo 0007 as its downgrade does: the database as a game hosted before it was left."""
    engine = open_engine(server_url(owner), create=False)
    try:
        with migration_transaction(engine) as connection:
            command.downgrade(alembic_config(connection), "0006")
    finally:
        engine.dispose()


@pytest.fixture
def old_game(pg_cluster: PostgresCluster) -> Iterator[Ruled]:
    """A shared game as it stood before 0007: a team role could read every rationale."""
    table = _ruled(pg_cluster, "old")
    table.close()
    _back_to_0006(table.owner)
    rows = _rows(table.blue, "SELECT rationale FROM adjudication ORDER BY id")
    assert isinstance(rows, list) and ("RED-PUBLIC-WHY",) in rows  # the leak, as it was
    assert _rows(table.blue, f"SELECT 1 FROM {TEAM_ADJUDICATION_VIEW}") == "42P01"
    yield table


@pytest.mark.slow
def test_an_older_game_upgraded_by_its_host_is_protected(old_game: Ruled) -> None:
    upgrade_shared_database(old_game.owner)
    assert _rows(old_game.blue, "SELECT rationale FROM adjudication") == DENIED
    with join_game(old_game.hosted.teams[0].url, team="blue") as blue:
        rulings = {a.id: a.rationale for a in blue.game.queries().adjudications(blue.viewer)}
    assert rulings == {old_game.red_public: "", old_game.blue_sealed: "BLUE-SAID-ALOUD"}


@pytest.mark.slow
def test_an_older_game_is_protected_by_the_migration_alone(old_game: Ruled) -> None:
    GameDatabase.open(server_url(old_game.owner)).close()  # the owner opens: migrations run
    assert _rows(old_game.blue, "SELECT rationale FROM adjudication") == DENIED
    assert _rows(old_game.blue, "SELECT * FROM adjudication") == DENIED
    blue = _view(old_game.blue)
    assert blue[old_game.red_public][0] == ""
    assert set(blue) == {old_game.red_public, old_game.blue_sealed}


def test_the_migration_makes_the_view_the_host_makes(old_game: Ruled) -> None:
    """0007 keeps its own frozen copy of the view: it must read as the live one does."""
    definition = f"SELECT pg_get_viewdef('{TEAM_ADJUDICATION_VIEW}'::regclass, true)"
    GameDatabase.open(server_url(old_game.owner)).close()
    by_migration = _rows(old_game.owner, definition)
    upgrade_shared_database(old_game.owner)  # the host's own set-up makes it again
    assert _rows(old_game.owner, definition) == by_migration


# ------------------------------------------------------------- everything a team reaches

EVERY_COLUMN = "*"
TEAM_READS: dict[str, str | list[str]] = {
    # table or view: the columns a team role may SELECT ("*": all of them); rows are then
    # limited by row-level security (or, for the view, by its own conditions).
    "adjudication": [
        "id",
        "game_id",
        "turn",
        "move_id",
        "method",
        "outcome",
        "narrative",
        "adjudicator_id",
        "created_at",
        "voided_at",
        "voided_by_id",
        "void_reason",
        "superseded_by_id",
    ],
    TEAM_ADJUDICATION_VIEW: EVERY_COLUMN,  # rationale once announced, inputs without tags
    "alembic_version": EVERY_COLUMN,
    "audit": ["id"],  # for INSERT … RETURNING id, and only of its own lines
    "counter_argument": EVERY_COLUMN,
    "effect": EVERY_COLUMN,
    "fact": EVERY_COLUMN,
    "game": [
        "id",
        "uid",
        "title",
        "scenario_id",
        "scenario_title",
        "scenario_sha256",
        "status",
        "turn",
        "phase_id",
        "created_at",
        "started_at",
        "ended_at",
        "executive_summary",
        "version_id",
        "seed_sha256",
    ],  # not the seed, the scenario's text or its JSON copy
    "hotwash_finding": EVERY_COLUMN,
    "inject_release": EVERY_COLUMN,
    "move": EVERY_COLUMN,
    "participant": [
        "id",
        "game_id",
        "name",
        "role",
        "created_at",
        "voided_at",
        "voided_by_id",
        "void_reason",
    ],
    "phase_record": EVERY_COLUMN,
    "roll": ["id", "game_id", "sequence", "source", "created_at"],  # the rest: its view
    "scenario_file": EVERY_COLUMN,  # the map's geometry and cities
    "team_assignment": EVERY_COLUMN,
    "wargame_access": EVERY_COLUMN,  # its own row only
    "wargame_red_line": EVERY_COLUMN,  # the red lines crossed, shown on every laptop
    "wargame_team_roll": EVERY_COLUMN,  # no ruling, dice, faces or salt of a hidden ruling
    "wargame_team_rules": EVERY_COLUMN,
    "wargame_team_scenario": EVERY_COLUMN,  # its own cut only
    "wargame_team_unit": EVERY_COLUMN,  # the units it sees, its own rows only
}
"""Everything else (notes, observations, the chain, analysts' records, annotations, every
audit column but the id) a team role may not read at all."""


def test_a_team_role_reads_exactly_the_columns_listed(ruled: Ruled) -> None:
    rows = _rows(
        ruled.blue,
        """SELECT c.relname, a.attname, has_column_privilege(c.oid, a.attnum, 'SELECT')
        FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
            AND NOT a.attisdropped
        WHERE c.relnamespace = current_schema()::regnamespace
            AND c.relkind IN ('r', 'v', 'm', 'p', 'f')
        ORDER BY c.relname, a.attnum""",
    )
    assert isinstance(rows, list)
    readable: dict[str, list[str]] = {}
    every: dict[str, list[str]] = {}
    for table, column, allowed in rows:
        every.setdefault(table, []).append(column)
        if allowed:
            readable.setdefault(table, []).append(column)
    expected = {
        table: every[table] if columns == EVERY_COLUMN else list(columns)
        for table, columns in TEAM_READS.items()
    }
    assert readable == expected


def test_a_team_role_uses_only_its_own_sequences_and_no_privileged_function(
    ruled: Ruled,
) -> None:
    sequences = _rows(
        ruled.blue,
        """SELECT relname, has_sequence_privilege(oid, 'USAGE'),
            has_sequence_privilege(oid, 'SELECT') OR has_sequence_privilege(oid, 'UPDATE')
        FROM pg_class WHERE relkind = 'S' AND relnamespace = current_schema()::regnamespace""",
    )
    assert isinstance(sequences, list)
    usable = {name for name, usage, _ in sequences if usage}
    assert usable == {"move_id_seq", "counter_argument_id_seq", "audit_id_seq"}  # its inserts
    assert not any(read_or_set for _, _, read_or_set in sequences)  # no last_value, no setval
    definers = _rows(
        ruled.blue,
        "SELECT proname FROM pg_proc WHERE prosecdef "
        "AND pronamespace = current_schema()::regnamespace",
    )
    assert definers == []  # every function runs with the caller's own rights
    schemas = _rows(
        ruled.blue,
        "SELECT has_schema_privilege(current_schema(), 'CREATE'), "
        "has_database_privilege(current_database(), 'CREATE')",
    )
    assert schemas == [(False, False)]  # it cannot add a table, view or function beside them


def test_the_facilitator_role_reads_every_column_of_the_record(ruled: Ruled) -> None:
    rows = _rows(
        ruled.white,
        """SELECT c.relname, a.attname FROM pg_class c JOIN pg_attribute a
            ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
            AND c.relname NOT LIKE 'wargame%' AND c.relname <> 'alembic_version'
            AND NOT has_column_privilege(c.oid, a.attnum, 'SELECT')""",
    )
    assert rows == []


@pytest.mark.parametrize(
    "statement",
    [
        "SELECT rolpassword FROM pg_authid",  # the join strings' SCRAM verifiers
        "SELECT passwd FROM pg_shadow",
        "SELECT pin_hash FROM participant",
        "SELECT seed FROM game",
        "SELECT details FROM audit",
        "SELECT text FROM note",
        "SELECT text FROM observation",
        "SELECT hash FROM chain_link",
        "SELECT text FROM analysis_item",
        "SELECT text FROM log_annotation",
    ],
)
def test_a_team_reads_no_secret_of_the_white_cell_or_the_server(
    ruled: Ruled, statement: str
) -> None:
    assert _rows(ruled.blue, statement) == DENIED


def test_a_team_sees_only_its_own_access_row_and_no_other_sessions_sql(ruled: Ruled) -> None:
    assert _rows(ruled.blue, "SELECT team_id FROM wargame_access") == [("blue",)]
    with _as(ruled.white) as white:
        white.execute("SELECT 'white-cell-marker'").fetchall()  # now its session's last query
        seen = _rows(
            ruled.blue,
            "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%white-cell-marker%' "
            "AND pid <> pg_backend_pid()",
        )
        by_white = _rows(  # another session of the same role does see it: the marker is there
            ruled.white,
            "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%white-cell-marker%' "
            "AND pid <> pg_backend_pid()",
        )
    assert seen == [(0,)]
    assert by_white == [(1,)]
