"""Commit latency of the 'submit move' use case on a game file, against raw sqlite3.

Both sides use the same PRAGMAs (WAL, synchronous=FULL, foreign keys, busy timeout) on a
file in the same temp folder, in the same run, taken in turn (a raw insert, a move, a raw
insert…) so that the load of a shared machine's disk falls on both alike; the ratio says
what the ORM, the permission and phase checks, the audit line and the record chain's link
cost over the bare insert and commit. Each side's CPU time per commit is printed too.
Aim: p50 under 2 ms and p99 under 5 ms on a 2-core machine.
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine

from bench.aims import Aim
from wargame.game import Game, JoinRequest, MoveContent
from wargame.scenario import find_scenario, load_scenario

N = 1000


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return p50 * 1000, p99 * 1000


Step = Callable[[int], None]


@contextmanager
def _game_side(folder: Path) -> Iterator[Step]:
    """A tutorial game in its moves phase; each step submits one move."""
    path = find_scenario("tutorial")
    assert path is not None
    game = Game.create(folder / "bench.wargame", load_scenario(path), seed=1, facilitator="F")
    with game:
        f = game.queries().participants()[0].id
        player = game.join(f, JoinRequest(name="Player", role="player", team_id="blue"))
        game.start(f)
        game.advance(f)  # the moves phase

        def submit(i: int) -> None:
            game.submit_move(
                player,
                MoveContent(
                    title=f"Move {i}", action="Act", intended_result="Result", reasons=["a reason"]
                ),
            )

        yield submit


@contextmanager
def _raw_side(folder: Path) -> Iterator[Step]:
    """A bare table with the game file's PRAGMAs; each step inserts one row and commits."""
    con = sqlite3.connect(folder / "raw.db", isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=5000"):
        con.execute(f"PRAGMA {pragma}")
    con.execute(
        "CREATE TABLE move (id INTEGER PRIMARY KEY, turn INT, team TEXT, title TEXT, "
        "action TEXT, intended TEXT, reasons TEXT, created TEXT)"
    )

    def insert(i: int) -> None:
        con.execute("BEGIN IMMEDIATE")
        con.execute(
            "INSERT INTO move (turn, team, title, action, intended, reasons, created) "
            "VALUES (1, 'blue', ?, 'Act', 'Result', '[\"a reason\"]', "
            "datetime('now'))",
            (f"Move {i}",),
        )
        con.execute("COMMIT")

    try:
        yield insert
    finally:
        con.close()


class _Statements:
    """Counts the SQL statements SQLAlchemy sends while counting is on (the raw side's
    ``sqlite3`` calls do not pass through it)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *_args: object) -> None:
        self.count += 1


def _interleaved(folder: Path) -> tuple[list[float], list[float], float, float, float]:
    """Wall seconds of each raw insert and each move, taken in turn (so a burst of load
    on the shared disk falls on both alike), each side's CPU seconds per commit, and the
    SQL statements per move."""
    raw: list[float] = []
    game: list[float] = []
    cpu = [0.0, 0.0]
    statements = _Statements()
    with _raw_side(folder) as insert, _game_side(folder) as submit:
        event.listen(Engine, "before_cursor_execute", statements)
        for i in range(N):
            for side, (step, samples) in enumerate(((insert, raw), (submit, game))):
                started, started_cpu = time.perf_counter(), time.process_time()
                step(i)
                samples.append(time.perf_counter() - started)
                cpu[side] += time.process_time() - started_cpu
        event.remove(Engine, "before_cursor_execute", statements)
    return raw, game, cpu[0] / N * 1000, cpu[1] / N * 1000, statements.count / N


MOVE_AIM = 4.0
"""The move use case's p50 at most this many times a raw insert+commit's p50."""


def main() -> list[Aim]:
    """Print p50/p99 of both and their ratio; return the ratio aim."""
    with tempfile.TemporaryDirectory() as tmp:
        raw_samples, game_samples, raw_cpu, game_cpu, per_move = _interleaved(Path(tmp))
    raw, game = _percentiles(raw_samples), _percentiles(game_samples)
    print(f"submit move ({N} commits on a game file, taken in turn with the raw inserts)")
    print(
        f"  raw sqlite3 insert+commit : p50 {raw[0]:6.2f} ms   p99 {raw[1]:6.2f} ms   "
        f"CPU {raw_cpu:5.2f} ms"
    )
    print(
        f"  Game.submit_move          : p50 {game[0]:6.2f} ms   p99 {game[1]:6.2f} ms   "
        f"CPU {game_cpu:5.2f} ms   {per_move:.1f} SQL statements"
    )
    print(
        f"  ratio                     : p50 {game[0] / raw[0]:6.1f} x    p99 "
        f"{game[1] / raw[1]:6.1f} x   (aim: p50 <= {MOVE_AIM:.0f} x)"
    )
    return [Aim("submit move p50", game[0] / raw[0], MOVE_AIM, "raw sqlite3 insert+commit")]


if __name__ == "__main__":
    main()
