"""Helpers shared by the game-layer tests: a game with people at the table, and snapshots."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wargame.game import Game, GameEvent, GameRecord, JoinRequest, MoveContent, Viewer
from wargame.game.queries import GameQueries
from wargame.game.script import ScriptRunner, load_script
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

    def move(self, by: int, title: str, *, team_id: str | None = None, **extra: Any) -> int:
        """Submit a move with the text fields filled from the title."""
        fields: dict[str, Any] = {
            "action": f"{title}: the action",
            "intended_result": f"{title}: the intended result",
        }
        fields.update(extra)
        return self.game.submit_move(by, MoveContent(title=title, **fields), team_id=team_id)

    def full_record(self) -> GameRecord:
        """Everything, as the facilitator sees it."""
        return self.q.record(Viewer.facilitator())


@contextmanager
def make_table(target: str, loaded: LoadedScenario, *, seed: int = 1234) -> Iterator[Table]:
    """Create a tutorial game at ``target`` and seat four people; close it afterwards."""
    game = Game.create(target, loaded, seed=seed, facilitator="Fay Facilitator")
    try:
        fac = game.queries().participants()[0].id
        alice = game.join(fac, JoinRequest(name="Alice", role="player", team_id="blue"))
        carol = game.join(fac, JoinRequest(name="Carol", role="player", team_id="blue"))
        bob = game.join(fac, JoinRequest(name="Bob", role="player", team_id="red"))
        olga = game.join(fac, JoinRequest(name="Olga", role="observer"))
        table = Table(game, fac, alice, carol, bob, olga)
        game.subscribe(table.events.append)
        yield table
    finally:
        game.close()


def play_tutorial(path: Path, loaded: LoadedScenario, *, seed: int) -> Path:
    """Play the tutorial fixture script into a new game file at ``path`` (facilitator Fay)."""
    with Game.create(path, loaded, seed=seed, facilitator="Fay") as game:
        ScriptRunner(game).run(load_script(FIXTURES / "tutorial-game.yaml"))
    return path


def copy_of(source: Path, folder: Path) -> Path:
    """A copy of a closed game file, as ``game.wargame`` in ``folder`` (a plain copy is safe)."""
    target = folder / "game.wargame"
    target.write_bytes(source.read_bytes())
    return target


def sqlite_rows(path: str | Path, sql: str, *args: object) -> list[tuple[object, ...]]:
    """Run one query on a game file with a plain sqlite3 connection."""
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(sql, args).fetchall()


def sqlite_exec(path: str | Path, sql: str, *args: object) -> None:
    """Change a game file behind the app's back (tampering, stamping, breaking)."""
    with closing(sqlite3.connect(path)) as connection:
        connection.execute(sql, args)
        connection.commit()
