"""Fixtures for the store tests: real game files in tmp_path, a throwaway PostgreSQL cluster,
and a helper that fills a game with one or more rows of every table."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.pg import PostgresCluster
from wargame.store import (
    Adjudication,
    Audit,
    Base,
    CounterArgument,
    Effect,
    Fact,
    Game,
    GameDatabase,
    HotwashFinding,
    InjectRelease,
    Move,
    Note,
    Observation,
    Participant,
    PhaseRecord,
    Roll,
    TeamAssignment,
    utcnow,
)

TESTS = Path(__file__).resolve().parents[1]

FIXTURES = TESTS / "fixtures" / "store"
GAME_0001 = FIXTURES / "game-0001.wargame"


# ------------------------------------------------------------------ PostgreSQL


@pytest.fixture
def pg_url(pg_cluster: PostgresCluster) -> str:
    """A fresh, empty PostgreSQL database in the throwaway cluster."""
    return pg_cluster.create_database()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def game_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where to create a game: a new file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "game.wargame")
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def new_db(game_target: str) -> Iterator[GameDatabase]:
    """A freshly created game database on each backend, closed afterwards."""
    with GameDatabase.create(game_target) as db:
        yield db


@pytest.fixture
def game_file(tmp_path: Path) -> Iterator[GameDatabase]:
    """A freshly created game file (SQLite only)."""
    with GameDatabase.create(tmp_path / "game.wargame") as db:
        yield db


@pytest.fixture
def fixture_0001(tmp_path: Path) -> Path:
    """A copy of the stored revision-0001 game file (the original is never opened)."""
    target = tmp_path / "old.wargame"
    shutil.copyfile(GAME_0001, target)
    return target


# ------------------------------------------------------------------ a populated game


@dataclass(frozen=True)
class Populated:
    """Ids of the rows :func:`populate` made in one game."""

    game_id: int
    facilitator_id: int
    player_id: int
    move_id: int
    voided_move_id: int
    adjudication_id: int


def populate_game(db: GameDatabase, title: str = "Test game — Тест 🎲") -> Populated:
    """Make one game with rows in every table, including a voided, superseded move."""
    now = utcnow()
    with db.session() as s:
        game = Game(
            title=title,
            scenario_id="tutorial",
            scenario_title="Tutorial",
            scenario_text="id: tutorial\n",
            scenario_sha256="a" * 64,
            seed=2**40 + 7,
            status="running",
            turn=1,
            phase_id="planning",
            started_at=now,
        )
        s.add(game)
        s.flush()
        g = game.id
        facilitator = Participant(game_id=g, name="Анна", role="facilitator")
        player = Participant(game_id=g, name="محمد", role="player", pin_hash="x")
        observer = Participant(game_id=g, name="Zażółć", role="observer")
        s.add_all([facilitator, player, observer])
        s.flush()
        s.add_all(
            [
                TeamAssignment(game_id=g, participant_id=facilitator.id, team_id=None, from_turn=0),
                TeamAssignment(
                    game_id=g,
                    participant_id=player.id,
                    team_id="blue",
                    from_turn=1,
                    assigned_by_id=facilitator.id,
                ),
                PhaseRecord(game_id=g, turn=1, phase_id="planning"),
            ]
        )
        voided = Move(
            game_id=g,
            turn=1,
            team_id="blue",
            author_id=player.id,
            title="Typo",
            action="Exercize",
            intended_result="Reassure",
            reasons=["allies"],
        )
        s.add(voided)
        s.flush()
        move = Move(
            game_id=g,
            turn=1,
            team_id="blue",
            author_id=player.id,
            title="Exercise 🎖",
            action="Exercise with allies",
            intended_result="Reassure",
            reasons=["allies", "treaty"],
            visibility="public",
            revealed_at=now,
        )
        s.add(move)
        s.flush()
        voided.voided_at = now
        voided.voided_by_id = facilitator.id
        voided.void_reason = "typo"
        voided.superseded_by_id = move.id
        s.add(
            CounterArgument(
                game_id=g, move_id=move.id, author_id=observer.id, team_id=None, text="Too late"
            )
        )
        adjudication = Adjudication(
            game_id=g,
            turn=1,
            move_id=move.id,
            method="matrix",
            inputs={"modifiers": [1, -1], "target": 7, "chance": 0.58},
            outcome="partial",
            narrative="Allies arrive late.",
            rationale="One argument against.",
            adjudicator_id=facilitator.id,
        )
        s.add(adjudication)
        s.flush()
        inject = InjectRelease(
            game_id=g,
            inject_id=None,
            trigger="ad_hoc",
            title="News",
            text="Protests",
            audience=["red", "blue"],
            turn=1,
            phase_id="planning",
            released_by_id=facilitator.id,
        )
        s.add(inject)
        s.flush()
        s.add_all(
            [
                Roll(
                    game_id=g,
                    sequence=1,
                    adjudication_id=adjudication.id,
                    purpose="outcome",
                    dice="2d6",
                    faces=[2, 6],
                    source="digital",
                    prev_hash="0" * 64,
                    hash=f"{g:064x}",
                ),
                Effect(
                    game_id=g,
                    turn=1,
                    phase_id="adjudication",
                    kind="track",
                    target="escalation",
                    delta=1,
                    before=2,
                    after=3,
                    adjudication_id=adjudication.id,
                    reason="Seen as a threat",
                    author_id=facilitator.id,
                ),
                Effect(
                    game_id=g,
                    turn=1,
                    phase_id="adjudication",
                    kind="unit_move",
                    target="bde-1",
                    to_region="north",
                    before={"region": "south"},
                    after={"region": "north"},
                    inject_release_id=inject.id,
                    reason="Moved",
                    author_id=facilitator.id,
                ),
                Note(game_id=g, turn=1, author_id=facilitator.id, text="Note"),
                Observation(
                    game_id=g,
                    turn=1,
                    move_id=move.id,
                    author_id=observer.id,
                    text="Observed",
                    tags=["escalation"],
                    question_ids=["q1"],
                ),
                Fact(
                    game_id=g,
                    text="Allies exercise",
                    established_turn=1,
                    established_by_move_id=move.id,
                    established_by_adjudication_id=adjudication.id,
                ),
                HotwashFinding(
                    game_id=g,
                    kind="improvement",
                    text="Late injects",
                    recommendation="Schedule",
                    owner="Control",
                    question_ids=["q1"],
                    author_id=facilitator.id,
                ),
                Audit(
                    game_id=g,
                    at=now + timedelta(seconds=1),
                    participant_id=facilitator.id,
                    actor="Анна",
                    action="move.void",
                    entity="move",
                    entity_id=voided.id,
                    details={"superseded_by": move.id},
                    reason="typo",
                ),
            ]
        )
        return Populated(
            game_id=g,
            facilitator_id=facilitator.id,
            player_id=player.id,
            move_id=move.id,
            voided_move_id=voided.id,
            adjudication_id=adjudication.id,
        )


@pytest.fixture
def populate() -> Callable[..., Populated]:
    """The :func:`populate_game` helper, for tests that need a filled game."""
    return populate_game


def count_rows(db: GameDatabase) -> dict[str, int]:
    """Rows per table: what must survive migrations and copies."""
    with db.session(write=False) as s:
        return {
            table.name: s.execute(select(func.count()).select_from(table)).scalar_one()
            for table in Base.metadata.sorted_tables
        }


@pytest.fixture
def row_counts() -> Callable[[GameDatabase], dict[str, int]]:
    """The :func:`count_rows` helper."""
    return count_rows
