"""`wargame verify` on a long game, against reading its moves and audit trail.

Verify reads every row of the record, recomputes its digest and the hash of every action,
and checks the dice. The baseline reads the two largest parts of the same record as the app
shows them (the moves and the audit trail). Both run on the same file in the same run, so
the ratio says what checking the whole record costs over reading most of it once.
Aim: verify at most 4x the read.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.aims import Aim
from wargame.game import Game, JoinRequest, MoveContent, Viewer
from wargame.game.cases.adjudication import AdjudicationRequest
from wargame.scenario import find_scenario, load_scenario

MOVES = 1000
VERIFY_AIM = 4.0
"""Verify's time at most this many times the time to read the moves and the audit trail."""


def _long_game(path: Path) -> None:
    scenario = find_scenario("tutorial")
    assert scenario is not None
    with Game.create(path, load_scenario(scenario), seed=1, facilitator="F") as game:
        f = game.queries().participants()[0].id
        player = game.join(f, JoinRequest(name="Player", role="player", team_id="blue"))
        game.start(f)
        game.advance(f)  # moves
        for i in range(MOVES):
            game.submit_move(
                player, MoveContent(title=f"Move {i}", action="Act", intended_result="Result")
            )
        game.advance(f)  # adjudication
        game.reveal_moves(f)
        for move in game.queries().moves(Viewer.facilitator())[:50]:
            game.commit_adjudication(
                f, AdjudicationRequest(method="matrix", narrative="n", move_id=move.id)
            )


def _best(run: Callable[[], object], times: int = 3) -> float:
    best = float("inf")
    for _ in range(times):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> list[Aim]:
    """Print both times and their ratio; return the ratio aim."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long.wargame"
        _long_game(path)
        with Game.open(path, read_only=True) as game:
            queries = game.queries()
            check = queries.verify_chain()
            assert check.ok, check.problems
            viewer = Viewer.facilitator()
            read = _best(lambda: (queries.moves(viewer), queries.audit(viewer)))
            verify = _best(queries.verify_chain)
    print(f"verify a game of {check.actions} actions and {check.rolls} rolls")
    print(f"  read the moves and the audit     : {read * 1000:7.1f} ms")
    print(f"  verify the whole record          : {verify * 1000:7.1f} ms")
    print(f"  ratio                            : {verify / read:7.2f} x  (aim <= {VERIFY_AIM} x)")
    return [Aim("verify vs reading moves and audit", verify / read, VERIFY_AIM, "the reads")]


if __name__ == "__main__":
    main()
