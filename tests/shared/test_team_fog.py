"""Fog of war in a shared game, held by the database: a team's own role, in raw SQL, learns
nothing of where the units it does not see stand.

The Kest coalitions game: blue (aurelia, vespera) sees the others' units only in regions
where it has units of its own (aurelian-waters, aurelia); red (borovia, militia) sees none
of blue's. The strongest check is indistinguishability: two games that differ only in
where a unit hidden from blue went give blue's role the very same rows in every column it
may read.
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
from wargame.game.errors import GameFileProblem
from wargame.game.sharing import (
    HostedGame,
    JoinedGame,
    host_game,
    join_game,
    upgrade_shared_database,
)
from wargame.scenario import load_scenario
from wargame.scenario.model import UnitMoveEffect
from wargame.store import GameDatabase
from wargame.store.engine import open_engine
from wargame.store.migrate import alembic_config, migration_transaction
from wargame.store.shared import libpq_url, server_url
from wargame.store.shared_fog import RED_LINE_TABLE, TEAM_UNIT_TABLE

pytestmark = pytest.mark.postgres

KEST = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios" / "kest-coalitions.yaml"
DENIED = "42501"
VARYING_TYPES = ("timestamp without time zone", "timestamp with time zone")
VARYING_COLUMNS = ("uid", "role_name")
"""What differs between two games whatever happens in them: times, the game's uid, and the
role names made from it."""


@dataclass
class Kest:
    """A hosted Kest game, joined by the white cell, blue and red, running in turn 1."""

    owner: str
    hosted: HostedGame
    white: JoinedGame
    blue: JoinedGame
    red: JoinedGame

    def move(self, unit: str, to: str) -> None:
        self.white.game.apply_effects(
            self.white.participant_id,
            [UnitMoveEffect(kind="unit_move", unit=unit, to=to)],
            reason="the white cell moves it",
        )

    def close(self) -> None:
        for joined in (self.white, self.blue, self.red):
            joined.close()


def _kest(cluster: PostgresCluster, name: str) -> Kest:
    owner = cluster.venue_database(name)
    hosted = host_game(owner, load_scenario(KEST), seed=3)
    white = join_game(hosted.facilitator.url)
    blue = join_game(hosted.teams[0].url, team="blue")
    red = join_game(hosted.teams[1].url, team="red")
    white.game.start(white.participant_id)
    return Kest(owner, hosted, white, blue, red)


@pytest.fixture
def kest(pg_cluster: PostgresCluster) -> Iterator[Kest]:
    game = _kest(pg_cluster, "fog")
    yield game
    game.close()


@pytest.fixture(scope="module")
def marines_moved(pg_cluster: PostgresCluster) -> Iterator[Kest]:
    """One Kest game whose white cell moved red's marines, hidden from blue, to Borovia:
    for the tests that only read it, or try to change it as a team and are refused."""
    game = _kest(pg_cluster, "fogread")
    game.move("marines", "borovia")
    yield game
    game.close()


def _rows(joined: JoinedGame | str, statement: str) -> list[tuple[Any, ...]] | str:
    """The rows a statement gives as ``joined``'s role, or the SQLSTATE it is refused with."""
    url = joined if isinstance(joined, str) else joined.url
    with psycopg.connect(libpq_url(url), autocommit=True) as connection:
        try:
            return connection.execute(statement).fetchall()
        except psycopg.Error as error:
            return str(error.sqlstate)


def _everything_readable(joined: JoinedGame) -> dict[str, list[tuple[str, ...]]]:
    """Every row of every table and view the role may read, in every column it may read
    (times, uids and role names left out), sorted."""
    columns = _rows(
        joined,
        """SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod)
        FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
            AND NOT a.attisdropped
        WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'v')
            AND has_column_privilege(c.oid, a.attnum, 'SELECT')
        ORDER BY c.relname, a.attnum""",
    )
    assert isinstance(columns, list)
    by_table: dict[str, list[str]] = {}
    for table, column, kind in columns:
        if kind not in VARYING_TYPES and column not in VARYING_COLUMNS:
            by_table.setdefault(table, []).append(column)
    out = {}
    for table, names in by_table.items():
        listed = ", ".join(f'"{n}"::text' for n in names)
        rows = _rows(joined, f'SELECT {listed} FROM "{table}"')
        assert isinstance(rows, list), (table, rows)
        out[table] = sorted(tuple(str(v) for v in row) for row in rows)
    return out


# ---------------------------------------------------------------------------- hidden


def test_two_games_differing_only_in_a_hidden_move_read_the_same_to_blue(
    pg_cluster: PostgresCluster,
) -> None:
    first, second = _kest(pg_cluster, "fogone"), _kest(pg_cluster, "fogtwo")
    try:
        first.move("marines", "borovia")  # a land unit, hidden from blue
        second.move("militia-boats", "strait")  # a boat, hidden from blue too
        seen = [_everything_readable(g.blue) for g in (first, second)]
        assert "effect" in seen[0] and TEAM_UNIT_TABLE in seen[0]  # it reads those tables
        assert seen[0] == seen[1]
        # Red's own units moved: red does tell the two apart.
        assert _everything_readable(first.red) != _everything_readable(second.red)
    finally:
        first.close()
        second.close()


@pytest.mark.parametrize(
    "statement",
    [
        "SELECT count(*) FROM effect WHERE kind LIKE 'unit%'",
        "SELECT count(*) FROM effect WHERE target = 'marines'",
        "SELECT count(*) FROM effect WHERE to_region = 'borovia'",
        "SELECT count(*) FROM effect e LEFT JOIN adjudication a ON a.id = e.adjudication_id "
        "WHERE e.to_region IS NOT NULL",
        f"SELECT count(*) FROM {TEAM_UNIT_TABLE} WHERE unit_id = 'marines'",
        f"SELECT count(*) FROM {TEAM_UNIT_TABLE} WHERE team_id <> 'blue'",
        f"SELECT count(*) FROM {TEAM_UNIT_TABLE} WHERE region = 'borovia'",
    ],
)
def test_no_query_of_blue_finds_the_hidden_move(marines_moved: Kest, statement: str) -> None:
    assert _rows(marines_moved.blue, statement) == [(0,)]
    assert _rows(marines_moved.white, statement.replace("<> 'blue'", "<> 'red'")) != [(0,)]


def test_a_function_of_the_team_sees_no_hidden_row(marines_moved: Kest) -> None:
    """A leaky function in the WHERE clause runs only on rows the row policies let through."""
    seen: list[str] = []
    with psycopg.connect(libpq_url(marines_moved.blue.url), autocommit=True) as connection:
        connection.add_notice_handler(lambda notice: seen.append(str(notice.message_primary)))
        connection.execute(
            "CREATE FUNCTION pg_temp.leak(t text, r text) RETURNS boolean "
            "LANGUAGE plpgsql COST 0.0000001 AS $$ BEGIN RAISE NOTICE '% %', t, r; "
            "RETURN true; END $$"
        )
        connection.execute("SELECT 1 FROM effect WHERE pg_temp.leak(target, to_region)").fetchall()
        connection.execute(
            f"SELECT 1 FROM {TEAM_UNIT_TABLE} WHERE pg_temp.leak(unit_id, region)"
        ).fetchall()
    assert seen  # the function ran, on blue's own rows
    assert not any(line.startswith(("marines", "militia-boats")) for line in seen), seen


def test_a_team_writes_nothing_into_what_the_teams_read(marines_moved: Kest) -> None:
    blue = marines_moved.blue
    insert = (
        f"INSERT INTO {TEAM_UNIT_TABLE} (game_id, team_id, turn, unit_id, region, strength) "
        f"VALUES ({blue.game.game_id}, 'red', 1, 'frigates', 'borovia', 1)"
    )
    assert _rows(blue, insert) == DENIED
    assert _rows(blue, f"DELETE FROM {TEAM_UNIT_TABLE}") == DENIED
    assert _rows(blue, f"DELETE FROM {RED_LINE_TABLE}") == DENIED


def test_the_cut_blue_reads_places_no_hidden_unit(marines_moved: Kest) -> None:
    rows = _rows(marines_moved.blue, "SELECT scenario_text FROM wargame_team_scenario")
    assert isinstance(rows, list) and len(rows) == 1
    units = {u["id"]: u for u in json.loads(rows[0][0])["units"]}
    assert units["marines"].get("placed") is False
    assert units["marines"]["region"] == "aurelia"  # the map's first land region, not its own
    assert units["frigates"]["region"] == "aurelian-waters"  # its own, as written


# ---------------------------------------------------------------------------- revealed


def _units(joined: JoinedGame) -> dict[str, str]:
    return {u.id: u.region for u in joined.game.queries().state().units}


def test_a_unit_shows_once_it_shares_a_region_and_the_apps_agree(kest: Kest) -> None:
    kest.move("militia-boats", "strait")
    assert "militia-boats" not in _units(kest.blue)
    kest.move("frigates", "strait")  # blue's frigates join the boats: blue sees them
    assert _units(kest.blue)["militia-boats"] == "strait"
    rows = _rows(kest.blue, f"SELECT region FROM {TEAM_UNIT_TABLE} WHERE unit_id = 'militia-boats'")
    assert ("strait",) in rows  # as read in raw SQL too
    assert "frigates" not in _units(kest.red)  # red (sees: none) never sees blue's units
    assert set(_units(kest.white)) == set(_units(kest.red)) | set(_units(kest.blue))


def test_the_red_lines_crossed_reach_the_teams(kest: Kest) -> None:
    """Frigates in the strait with no Borovian unit there blockade Kest: a red line whose
    trigger counts units blue and red cannot all see, shown crossed on every laptop."""
    kest.move("frigates", "strait")
    for joined in (kest.white, kest.blue, kest.red):
        lines = {r.id: r.crossed for r in joined.game.queries().state().red_lines}
        assert lines["kest-blockade"] is True
    # The blockade released the corvette into the strait: blue sees it there, red its own.
    assert _units(kest.blue).get("borovian-corvette") == "strait"
    assert _units(kest.red).get("borovian-corvette") == "strait"


def test_the_facilitator_sees_every_unit_and_the_history_by_turn(marines_moved: Kest) -> None:
    kest = marines_moved
    white = _units(kest.white)
    assert white["marines"] == "borovia" and white["frigates"] == "aurelian-waters"
    everything = _rows(kest.white, f"SELECT DISTINCT team_id FROM {TEAM_UNIT_TABLE}")
    assert sorted(everything) == [("blue",), ("red",)]  # it reads what each team reads
    assert _units(kest.red)["marines"] == "borovia"  # red's own unit, where it went
    states = kest.blue.game.queries().states_by_turn()
    assert [s.turn for s in states] == [0, 1]
    assert all("marines" not in {u.id for u in s.units} for s in states)


# ---------------------------------------------------------------------------- an older game


def _back_to_0007(owner: str) -> None:
    """Undo 0008 as its downgrade does: the database as a game hosted before it was left."""
    engine = open_engine(server_url(owner), create=False)
    try:
        with migration_transaction(engine) as connection:
            command.downgrade(alembic_config(connection), "0007")
    finally:
        engine.dispose()


@pytest.fixture
def old_kest(pg_cluster: PostgresCluster) -> Iterator[Kest]:
    """A shared Kest game as it stood before 0008: blue's role read every unit's move."""
    game = _kest(pg_cluster, "oldfog")
    game.move("marines", "borovia")
    game.close()
    _back_to_0007(game.owner)
    assert _rows(game.blue, "SELECT target, to_region FROM effect") == [("marines", "borovia")]
    yield game


@pytest.mark.slow
def test_an_older_game_upgraded_by_its_host_hides_the_units(old_kest: Kest) -> None:
    upgrade_shared_database(old_kest.owner)
    assert _rows(old_kest.blue, "SELECT target, to_region FROM effect") == []
    cut = _rows(old_kest.blue, "SELECT scenario_text FROM wargame_team_scenario")
    assert isinstance(cut, list)
    units = {u["id"]: u for u in json.loads(cut[0][0])["units"]}
    assert units["marines"].get("placed") is False
    with join_game(old_kest.hosted.teams[0].url, team="blue") as blue:
        assert "marines" not in _units(blue)
        assert _units(blue)["frigates"] == "aurelian-waters"
    with join_game(old_kest.hosted.teams[1].url, team="red") as red:
        assert _units(red)["marines"] == "borovia"


@pytest.mark.slow
def test_an_older_game_migrated_alone_hides_the_units_and_waits_for_its_host(
    old_kest: Kest,
) -> None:
    GameDatabase.open(server_url(old_kest.owner)).close()  # the owner opens: migrations run
    assert _rows(old_kest.blue, "SELECT target, to_region FROM effect") == []
    assert _rows(old_kest.blue, "SELECT scenario_text FROM wargame_team_scenario") == []
    with pytest.raises(GameFileProblem, match="wargame host --upgrade"):
        join_game(old_kest.hosted.teams[0].url, team="blue")


def test_the_statistics_of_what_teams_read_show_a_team_nothing(
    marines_moved: Kest, pg_cluster: PostgresCluster
) -> None:
    """pg_stats would show the common regions of every team's rows: not to a team."""
    database = make_url(marines_moved.owner).database
    assert database is not None
    with psycopg.connect(libpq_url(pg_cluster.url(database)), autocommit=True) as admin:
        admin.execute(f"ANALYZE {TEAM_UNIT_TABLE}, effect")
        kept = admin.execute(
            f"SELECT count(*) FROM pg_statistic WHERE starelid = '{TEAM_UNIT_TABLE}'::regclass"
        ).fetchone()
    assert kept is not None and kept[0] > 0  # the statistics exist
    stats = (
        "SELECT tablename, attname FROM pg_stats "
        f"WHERE tablename IN ('{TEAM_UNIT_TABLE}', 'effect')"
    )
    assert _rows(marines_moved.blue, stats) == []
