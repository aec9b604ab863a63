"""Races between laptops end in a clear message for one of them, never a lost update."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from wargame.game import Conflict, GameError, MoveContent, WrongPhase, core
from wargame.game.cases import adjudication, corrections, effects, moves, notes, people, phases
from wargame.game.cases.adjudication import AdjudicationRequest
from wargame.game.sharing import HostedGame, JoinedGame, host_game, join_game
from wargame.rules import turns
from wargame.scenario import load_scenario

pytestmark = pytest.mark.postgres

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"

USE_CASE_MODULES = (adjudication, corrections, effects, moves, notes, people, phases)


@pytest.fixture
def hosted(owner_url: str) -> HostedGame:
    """A shared game of the tutorial, with its join strings."""
    return host_game(owner_url, load_scenario(SCENARIOS / "tutorial.yaml"), seed=5)


@pytest.fixture
def laptops(hosted: HostedGame) -> Iterator[tuple[JoinedGame, JoinedGame, JoinedGame]]:
    """The facilitator and two laptops of the blue team, in the moves phase."""
    white = join_game(hosted.facilitator.url)
    blue_1 = join_game(hosted.teams[0].url)
    blue_2 = join_game(hosted.teams[0].url)
    white.game.start(white.participant_id)
    white.game.advance(white.participant_id)  # moves
    yield white, blue_1, blue_2
    for joined in (white, blue_1, blue_2):
        joined.close()


def _both(first: Callable[[], Any], second: Callable[[], Any]) -> list[BaseException | None]:
    """Run two use cases in two threads; return what each raised (or None)."""
    outcomes: list[BaseException | None] = [None, None]

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            call()
        except BaseException as error:
            outcomes[index] = error

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate((first, second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcomes


def _version(joined: JoinedGame, move_id: int) -> int:
    return next(m.version for m in joined.game.queries().moves(joined.viewer) if m.id == move_id)


def _pause_in(monkeypatch: pytest.MonkeyPatch, name: str, parties: int) -> None:
    """Make ``parties`` threads meet inside the helper ``core.<name>`` before going on.

    The use-case modules import the helper by name, so it is replaced in each of them.
    """
    barrier = threading.Barrier(parties, timeout=10)
    original = getattr(core, name)

    def paused(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        barrier.wait()
        return result

    users = [module for module in USE_CASE_MODULES if getattr(module, name, None) is original]
    assert users, f"no use case calls {name}"
    for module in users:
        monkeypatch.setattr(module, name, paused)


def test_two_laptops_editing_one_move_at_once(
    laptops: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _white, blue_1, blue_2 = laptops
    move = blue_1.game.submit_move(
        blue_1.participant_id, MoveContent(title="Draft", action="A", intended_result="R")
    )
    version = _version(blue_1, move)
    # Both pass the version check together; the database decides who wins.
    _pause_in(monkeypatch, "check_version", 2)

    def edit(joined: JoinedGame, title: str) -> Callable[[], Any]:
        return lambda: joined.game.edit_move(
            joined.participant_id,
            move,
            MoveContent(title=title, action="A", intended_result="R"),
            expected_version=version,
        )

    outcomes = _both(edit(blue_1, "From laptop 1"), edit(blue_2, "From laptop 2"))
    assert sum(o is None for o in outcomes) == 1
    loser = next(o for o in outcomes if o is not None)
    assert isinstance(loser, Conflict)
    assert "reload" in str(loser)
    stored = next(m for m in blue_1.game.queries().moves(blue_1.viewer) if m.id == move)
    winner = "From laptop 1" if outcomes[0] is None else "From laptop 2"
    assert stored.title == winner
    assert stored.version == version + 1


def _pause_in_phase_check(monkeypatch: pytest.MonkeyPatch, parties: int) -> None:
    """Make ``parties`` threads meet just after their use case has checked the phase."""
    barrier = threading.Barrier(parties, timeout=10)
    original = core.GameCore._check_phase

    def paused(self: core.GameCore, game: Any, action: turns.Action) -> None:
        original(self, game, action)
        barrier.wait()

    monkeypatch.setattr(core.GameCore, "_check_phase", paused)


def _adjudicate(joined: JoinedGame, move: int) -> Callable[[], Any]:
    request = AdjudicationRequest(
        method="ruling", move_id=move, outcome="success", narrative="N", rationale="R"
    )
    return functools.partial(joined.game.commit_adjudication, joined.participant_id, request)


def test_two_facilitator_screens_adjudicating_one_move(
    hosted: HostedGame, laptops: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    white, blue, _ = laptops
    move = blue.game.submit_move(
        blue.participant_id, MoveContent(title="M", action="A", intended_result="R")
    )
    white.game.advance(white.participant_id)  # adjudication: both screens may rule…
    second_screen = join_game(hosted.facilitator.url)
    try:
        _pause_in_phase_check(monkeypatch, 2)  # …and both have checked that they may
        outcomes = _both(_adjudicate(white, move), _adjudicate(second_screen, move))
    finally:
        second_screen.close()
    # The first to lock the move rules; the other is told the move is already ruled on.
    assert sum(o is None for o in outcomes) == 1, outcomes
    loser = next(o for o in outcomes if o is not None)
    assert isinstance(loser, WrongPhase | Conflict), loser
    assert "already adjudicated" in str(loser) or "reload" in str(loser)
    assert [a.move_id for a in white.game.queries().adjudications(white.viewer)] == [move]


def test_withdrawn_first_then_adjudicated(laptops: Any) -> None:
    white, blue, _ = laptops
    move = blue.game.submit_move(
        blue.participant_id, MoveContent(title="M", action="A", intended_result="R")
    )
    blue.game.withdraw_move(
        blue.participant_id, move, expected_version=_version(blue, move), reason="no"
    )
    white.game.advance(white.participant_id)
    with pytest.raises(WrongPhase, match="withdrawn"):
        white.game.commit_adjudication(
            white.participant_id,
            AdjudicationRequest(
                method="ruling", narrative="N", rationale="R", move_id=move, outcome="success"
            ),
        )


def test_unsynchronised_races_never_lose_an_update(hosted: HostedGame, laptops: Any) -> None:
    white, blue, _ = laptops
    moves = [
        blue.game.submit_move(
            blue.participant_id, MoveContent(title=f"M{i}", action="A", intended_result="R")
        )
        for i in range(8)
    ]
    white.game.advance(white.participant_id)  # adjudication, with the phase rules on
    second_screen = join_game(hosted.facilitator.url)
    try:
        for move in moves:
            outcomes = _both(_adjudicate(white, move), _adjudicate(second_screen, move))
            assert sum(o is None for o in outcomes) == 1, outcomes
            assert all(o is None or isinstance(o, GameError) for o in outcomes)
    finally:
        second_screen.close()
    ruled = [a.move_id for a in white.game.queries().adjudications(white.viewer)]
    assert sorted(ruled) == sorted(moves)  # one ruling per move, none lost, none twice
