"""Helpers shared by the game-layer tests: a game with people at the table, and snapshots."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from wargame.game import Game, GameEvent, GameRecord, Viewer
from wargame.game.queries import GameQueries
from wargame.scenario import LoadedScenario

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = REPO / "scenarios"
FIXTURES = REPO / "tests" / "fixtures" / "game"


@dataclass
class Table:
    """An open tutorial game with its facilitator, players and observer, by participant id."""

    game: Game
    fac: int
    alice: int  # blue
    carol: int  # blue
    bob: int  # red
    olga: int  # observer
    events: list[GameEvent] = field(default_factory=list)

    @property
    def q(self) -> GameQueries:
        """The game's read models."""
        return self.game.queries()

    def phase(self) -> tuple[int, str | None]:
        """(turn, phase id) where the game stands."""
        summary = self.q.summary()
        return summary.turn, summary.phase_id

    def go_to(self, phase_id: str) -> None:
        """Start if needed, then advance until ``phase_id`` (of this turn or the next)."""
        if self.q.summary().status == "setup":
            self.game.start(self.fac)
        for _ in range(len(self.game.scenario.turn_plan.phases) + 1):
            if self.q.summary().phase_id == phase_id:
                return
            self.game.advance(self.fac)
        raise AssertionError(f"never reached phase {phase_id}")

    def next_turn_to(self, phase_id: str) -> None:
        """Advance into the next turn, then on to ``phase_id``."""
        turn = self.q.summary().turn
        while self.q.summary().turn == turn:
            self.game.advance(self.fac)
        self.go_to(phase_id)

    def move(self, by: int, title: str, **extra: object) -> int:
        """Submit a move with the text fields filled from the title."""
        fields: dict[str, object] = {
            "action": f"{title}: the action",
            "intended_result": f"{title}: the intended result",
        }
        fields.update(extra)
        return self.game.submit_move(by, title=title, **fields)  # type: ignore[arg-type]

    def full_record(self) -> GameRecord:
        """Everything, as the facilitator sees it."""
        return self.q.record(Viewer.facilitator())


@contextmanager
def make_table(target: str, loaded: LoadedScenario, *, seed: int = 1234) -> Iterator[Table]:
    """Create a tutorial game at ``target`` and seat four people; close it afterwards."""
    game = Game.create(target, loaded, seed=seed, facilitator="Fay Facilitator")
    try:
        fac = game.queries().participants()[0].id
        alice = game.join(fac, "Alice", "player", "blue")
        carol = game.join(fac, "Carol", "player", "blue")
        bob = game.join(fac, "Bob", "player", "red")
        olga = game.join(fac, "Olga", "observer")
        table = Table(game, fac, alice, carol, bob, olga)
        game.subscribe(table.events.append)
        yield table
    finally:
        game.close()


def sqlite_rows(path: str | Path, sql: str, *args: object) -> list[tuple[object, ...]]:
    """Run one query on a game file with a plain sqlite3 connection."""
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(sql, args).fetchall()


def sqlite_exec(path: str | Path, sql: str, *args: object) -> None:
    """Change a game file behind the app's back (tampering, stamping, breaking)."""
    with closing(sqlite3.connect(path)) as connection:
        connection.execute(sql, args)
        connection.commit()
