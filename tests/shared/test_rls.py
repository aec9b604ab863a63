"""Who sees what, enforced by PostgreSQL: each team's own role, straight through psycopg, and
the app's queries on that role, against a game with secrets of every kind."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest

from wargame.game import AdHocInject, Game, GameFileProblem, MoveContent, NotAllowed
from wargame.game.cases.adjudication import AdjudicationRequest
from wargame.game.sharing import HostedGame, JoinedGame, host_game, join_game, pull_game
from wargame.scenario import load_scenario
from wargame.scenario.model import TrackEffect
from wargame.store.shared import libpq_url

pytestmark = pytest.mark.postgres

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@dataclass
class Played:
    hosted: HostedGame
    other: HostedGame
    white: JoinedGame
    blue: JoinedGame
    red: JoinedGame
    blue_secret: int
    blue_public: int
    red_secret: int
    red_withdrawn: int
    adjudication: int
    blue_inject: int
    all_inject: int
    note: int
    owner_url: str = ""


@pytest.fixture(scope="module")
def played(pg_cluster: Any, make_venue_db: Any) -> Iterator[Played]:
    """Two games in one database; in the first, secrets of every kind."""
    url = make_venue_db(pg_cluster)
    loaded = load_scenario(SCENARIOS / "tutorial.yaml")
    hosted = host_game(url, loaded, seed=7, facilitator="Ana")
    other = host_game(url, loaded, seed=8, title="Another game", facilitator="Ben")
    white = join_game(hosted.facilitator.url)
    blue = join_game(hosted.teams[0].url, team="blue")
    red = join_game(hosted.teams[1].url, team="Red team")
    f, g = white.participant_id, white.game
    g.start(f)
    g.advance(f)  # moves
    blue_secret = blue.game.submit_move(
        blue.participant_id,
        MoveContent(title="Blue secret", action="Hidden", intended_result="Surprise"),
    )
    blue_public = blue.game.submit_move(
        blue.participant_id,
        MoveContent(
            title="Blue public", action="Open", intended_result="Signal", visibility="public"
        ),
    )
    red_secret = red.game.submit_move(
        red.participant_id,
        MoveContent(title="Red secret", action="Hidden", intended_result="Surprise"),
    )
    red_withdrawn = red.game.submit_move(
        red.participant_id,
        MoveContent(title="Red withdrawn", action="Oops", intended_result="None"),
    )
    version = next(m.version for m in red.game.queries().moves(red.viewer) if m.id == red_withdrawn)
    red.game.withdraw_move(
        red.participant_id, red_withdrawn, expected_version=version, reason="changed our mind"
    )
    note = g.note(f, "White cell only: red is bluffing")
    g.observe(f, "Blue hesitates", tags=["tempo"])
    blue_inject = g.release_ad_hoc_inject(
        f, AdHocInject(title="For blue only", text="Intelligence report", audience=["blue"])
    )
    all_inject = g.release_ad_hoc_inject(f, AdHocInject(title="For everyone", text="Press release"))
    g.counter_argue(f, blue_secret, "The white cell doubts it")
    g.advance(f)  # adjudication
    adjudication = g.commit_adjudication(
        f,
        AdjudicationRequest(
            method="ruling",
            narrative="It works",
            rationale="Because",
            move_id=blue_secret,
            outcome="success",
            effects=(TrackEffect(kind="track", track="escalation", delta=1),),
            establish_fact="Blue did something secret",
        ),
    )
    # The other game, in the same database, has a public move of its own.
    with join_game(other.facilitator.url) as other_white:
        og, of = other_white.game, other_white.participant_id
        og.start(of)
        og.advance(of)
        og.submit_move(
            of,
            MoveContent(title="Other game", action="x", intended_result="y", visibility="public"),
            team_id="red",
        )
    yield Played(
        hosted,
        other,
        white,
        blue,
        red,
        blue_secret,
        blue_public,
        red_secret,
        red_withdrawn,
        adjudication,
        blue_inject,
        all_inject,
        note,
        owner_url=url,
    )
    for joined in (white, blue, red):
        joined.close()


def _rows(join: str, query: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(libpq_url(join), autocommit=True) as connection:
        return list(connection.execute(query).fetchall())


def _refused(join: str, statement: str) -> str:
    """Run a statement as a team; return the SQLSTATE it was refused with, or '' if not."""
    with psycopg.connect(libpq_url(join)) as connection:
        try:
            cursor = connection.execute(statement)
        except psycopg.Error as error:
            return str(error.sqlstate)
        if cursor.rowcount == 0:
            return "no rows"
        connection.rollback()
        return ""


# ---------------------------------------------------------------------- the team's own role


def test_team_roles_are_plain_roles(played: Played) -> None:
    for join in played.hosted.teams:
        rows = _rows(
            join.url,
            "SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles "
            "WHERE rolname = current_user",
        )
        assert rows == [(False, False, False, False)]


def test_red_role_cannot_read_blue_secrets(played: Played) -> None:
    red = played.hosted.teams[1].url
    moves = {r[0]: r[1] for r in _rows(red, "SELECT id, title FROM move")}
    assert played.blue_secret not in moves
    assert set(moves) == {played.blue_public, played.red_secret, played.red_withdrawn}
    assert _rows(red, "SELECT count(*) FROM counter_argument") == [(0,)]
    assert _rows(red, "SELECT count(*) FROM adjudication") == [(0,)]
    assert _rows(red, "SELECT count(*) FROM effect") == [(0,)]
    assert _rows(red, "SELECT count(*) FROM fact") == [(0,)]
    injects = [r[0] for r in _rows(red, "SELECT title FROM inject_release")]
    assert injects == ["For everyone"]
    assert [r[0] for r in _rows(red, "SELECT id FROM game")] == [played.white.game.game_id]
    assert _rows(red, "SELECT team_id FROM wargame_access") == [("red",)]


def test_blue_role_sees_its_own_but_not_red_sealed_or_withdrawn(played: Played) -> None:
    blue = played.hosted.teams[0].url
    moves = {r[0] for r in _rows(blue, "SELECT id FROM move")}
    assert moves == {played.blue_secret, played.blue_public}
    assert _rows(blue, "SELECT count(*) FROM adjudication") == [(1,)]
    assert _rows(blue, "SELECT count(*) FROM counter_argument") == [(1,)]
    titles = sorted(r[0] for r in _rows(blue, "SELECT title FROM inject_release"))
    assert titles == ["For blue only", "For everyone"]


@pytest.mark.parametrize("table", ["note", "observation", "audit"])
def test_team_roles_cannot_read_white_cell_tables(played: Played, table: str) -> None:
    for join in played.hosted.teams:
        assert _refused(join.url, f"SELECT * FROM {table}") == "42501"  # insufficient_privilege


def test_team_roles_cannot_read_the_dice_seed(played: Played) -> None:
    # With the seed a team could work out every digital roll before the white cell makes it.
    for join in played.hosted.teams:
        assert _refused(join.url, "SELECT seed FROM game") == "42501"
        assert [r[0] for r in _rows(join.url, "SELECT turn FROM game")] == [1]
    white = played.hosted.facilitator.url
    assert _rows(white, "SELECT seed FROM game") == [(played.white.game.queries().summary().seed,)]


def test_team_roles_cannot_read_pin_hashes(played: Played) -> None:
    white = played.white
    facilitator = white.game.queries().participants()[0]
    white.game.set_pin(facilitator.id, facilitator.id, "2468")
    for join in played.hosted.teams:
        assert _refused(join.url, "SELECT pin_hash FROM participant") == "42501"
        assert len(_rows(join.url, "SELECT name FROM participant")) >= 3
    pins = {p.id: p.has_pin for p in white.game.queries().participants()}
    assert pins[facilitator.id]  # the facilitator's own connection still sees it
    seen_by_red = {p.id: p.has_pin for p in played.red.game.queries().participants()}
    assert seen_by_red.keys() == pins.keys() and not any(seen_by_red.values())


def test_team_roles_cannot_write_what_they_should_not(played: Played) -> None:
    red = played.hosted.teams[1].url
    game_id = played.white.game.game_id
    refused = {
        "update another team's move": (
            f"UPDATE move SET title = 'x' WHERE id = {played.blue_public}"
        ),
        "reveal its own move": (
            f"UPDATE move SET revealed_at = now() WHERE id = {played.red_secret}"
        ),
        "move another team's move": (
            f"INSERT INTO move (game_id, turn, team_id, author_id, title, action, "
            f"intended_result, reasons, visibility, status, created_at, updated_at, version_id) "
            f"VALUES ({game_id}, 1, 'blue', 1, 't', 'a', 'r', '[]', 'secret', 'submitted', "
            "now(), now(), 1)"
        ),
        "delete a move": f"DELETE FROM move WHERE id = {played.red_secret}",
        "delete its audit lines": "DELETE FROM audit",
        "change the game": f"UPDATE game SET turn = 3 WHERE id = {game_id}",
        "write a note": (
            f"INSERT INTO note (game_id, turn, author_id, text, created_at) "
            f"VALUES ({game_id}, 1, 1, 'x', now())"
        ),
        "grant itself access": "UPDATE wargame_access SET team_id = 'blue'",
        "counter its own move": (
            f"INSERT INTO counter_argument (game_id, move_id, author_id, team_id, text, "
            f"created_at) VALUES ({game_id}, {played.red_secret}, 1, 'red', 'x', now())"
        ),
    }
    for what, statement in refused.items():
        assert _refused(red, statement) in ("42501", "no rows"), what


def test_team_role_sees_nothing_of_another_game(played: Played) -> None:
    titles = {r[0] for r in _rows(played.hosted.teams[1].url, "SELECT title FROM move")}
    assert "Other game" not in titles
    other_red = played.other.teams[1].url
    assert {r[0] for r in _rows(other_red, "SELECT title FROM move")} == {"Other game"}


def test_facilitator_role_sees_all_of_its_game_and_deletes_nothing(played: Played) -> None:
    white = played.hosted.facilitator.url
    assert len(_rows(white, "SELECT id FROM move")) == 4
    assert _rows(white, "SELECT count(*) FROM note") == [(1,)]
    assert _rows(white, "SELECT count(*) FROM game") == [(1,)]
    assert _refused(white, f"DELETE FROM move WHERE id = {played.red_secret}") == "42501"


# ---------------------------------------------------------------------- through the app


def test_app_queries_on_the_team_role(played: Played) -> None:
    red = played.red
    q = red.game.queries()
    assert {m.title for m in q.moves(red.viewer)} == {"Blue public", "Red secret", "Red withdrawn"}
    # Even a facilitator's viewer on red's connection cannot see more than red's role allows.
    from wargame.game import Viewer

    assert played.blue_secret not in {m.id for m in q.moves(Viewer.facilitator())}
    assert q.adjudications(Viewer.facilitator()) == ()
    assert [i.title for i in q.injects(Viewer.facilitator())] == ["For everyone"]
    assert q.notes(Viewer.facilitator()) == ()
    assert q.audit(Viewer.facilitator()) == ()
    record = q.record(red.viewer)  # the whole read model works on a team role
    assert (
        record.chain is not None and record.chain.ok
    )  # links and faces; the digital faces need the seed it may not read
    assert q.summary().seed is None
    assert played.white.game.queries().summary().seed is not None
    assert {m.id for m in record.moves} == {
        played.blue_public,
        played.red_secret,
        played.red_withdrawn,
    }
    # The escalation effect of blue's hidden move is not on red's board yet.
    white_state = played.white.game.queries().state()
    red_state = q.state()
    esc = {t.id: t.value for t in white_state.tracks}["escalation"]
    assert {t.id: t.value for t in red_state.tracks}["escalation"] == esc - 1


def test_reveal_opens_the_move_and_its_ruling_to_other_teams(played: Played) -> None:
    red, white = played.red, played.white
    assert played.blue_secret not in {m.id for m in red.game.queries().moves(red.viewer)}
    white.game.reveal_moves(white.participant_id)
    moves = {m.id: m for m in red.game.queries().moves(red.viewer)}
    assert moves[played.blue_secret].revealed
    assert [c.text for c in moves[played.blue_secret].counters] == ["The white cell doubts it"]
    assert [a.id for a in red.game.queries().adjudications(red.viewer)] == [played.adjudication]
    assert [f.text for f in red.game.queries().facts()] == ["Blue did something secret"]
    # Withdrawn moves of other teams stay hidden even after the reveal.
    blue_ids = {m.id for m in played.blue.game.queries().moves(played.blue.viewer)}
    assert played.red_withdrawn not in blue_ids


# ---------------------------------------------------------------------- join and pull


def test_join_string_for_another_team_is_refused(played: Played) -> None:
    with pytest.raises(NotAllowed, match="Blue team"):
        join_game(played.hosted.teams[0].url, team="red")


def test_wrong_password_is_a_clear_error(played: Played) -> None:
    url = played.hosted.teams[0].url
    user, rest = url.split("@", 1)
    bad = user.rsplit(":", 1)[0] + ":wrong@" + rest
    # The throwaway cluster trusts every loopback login, so forge the role instead.
    bad = bad.replace("_blue:", "_nobody:")
    with pytest.raises(GameFileProblem, match="Cannot connect"):
        join_game(bad)


def test_pull_with_the_facilitator_join_string(played: Played, tmp_path: Path) -> None:
    path = pull_game(played.hosted.facilitator.url, tmp_path / "pulled.wargame")
    with Game.open(path) as game:
        from wargame.game import Viewer

        record = game.queries().record(Viewer.facilitator())
        assert record.summary.uid == played.hosted.game_uid
        assert len(record.moves) == 4
        assert len(record.notes) == 1
        assert record.audit  # the whole audit trail came along
        assert record.chain is not None and record.chain.ok


def test_pull_with_a_team_join_string_is_refused(played: Played, tmp_path: Path) -> None:
    with pytest.raises(NotAllowed, match="facilitator"):
        pull_game(played.hosted.teams[0].url, tmp_path / "no.wargame")
    assert not (tmp_path / "no.wargame").exists()


def test_reissued_join_string_replaces_the_old_one(played: Played) -> None:
    from wargame.game.sharing import reissue_join_strings

    old = played.hosted.teams[1].url
    (new,) = reissue_join_strings(played.owner_url, played.hosted.game_uid, ["red"])
    assert new.role == played.hosted.teams[1].role and new.url != old
    assert new.url.endswith("?team=red&sslmode=require")  # the test server has TLS
    with join_game(new.url, team="red") as joined:
        assert joined.team_id == "red"
