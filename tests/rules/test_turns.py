"""The turn machine: positions, what each phase allows, scheduled injects, dates."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wargame.rules import (
    ALLOWED_PHASES,
    Action,
    Position,
    RuleError,
    check_phase,
    first_position,
    is_allowed,
    next_position,
    phase_at,
    phase_kind,
    position_order,
    scheduled_injects,
    turn_date,
)
from wargame.scenario import Scenario
from wargame.scenario.model import GameClock, Inject, Phase, PhaseKind, TurnPlan


def plan_of(turns: int) -> TurnPlan:
    return TurnPlan(
        turns=turns,
        phases=(
            Phase(id="plan", name="Planning", kind=PhaseKind.PLANNING),
            Phase(id="moves", name="Moves", kind=PhaseKind.MOVES),
            Phase(id="umpire", name="Adjudication", kind=PhaseKind.ADJUDICATION),
        ),
    )


# ---------------------------------------------------------------- positions


def test_the_game_walks_every_phase_of_every_turn(tutorial: Scenario) -> None:
    plan = tutorial.turn_plan
    pos: Position | None = first_position(plan)
    walked = []
    while pos is not None:
        walked.append((pos.turn, pos.phase_id))
        pos = next_position(plan, pos)
    phases = ["briefing", "moves", "adjudication", "narrative"]
    assert walked == [(turn, phase) for turn in (1, 2, 3) for phase in phases]


def test_first_and_next_positions(tutorial: Scenario) -> None:
    plan = tutorial.turn_plan
    assert first_position(plan) == Position(1, "briefing")
    assert next_position(plan, Position(1, "moves")) == Position(1, "adjudication")
    assert next_position(plan, Position(1, "narrative")) == Position(2, "briefing")
    assert next_position(plan, Position(3, "narrative")) is None


@given(turns=st.integers(1, 20), data=st.data())
def test_positions_advance_in_order(turns: int, data: st.DataObject) -> None:
    plan = plan_of(turns)
    turn = data.draw(st.integers(1, turns))
    phase = data.draw(st.sampled_from([p.id for p in plan.phases]))
    pos = Position(turn, phase)
    following = next_position(plan, pos)
    if following is None:
        assert position_order(plan, pos) == turns * len(plan.phases) - 1
    else:
        assert position_order(plan, following) == position_order(plan, pos) + 1


def test_phase_kind_and_phase_at(tutorial: Scenario) -> None:
    plan = tutorial.turn_plan
    assert phase_kind(plan, Position(2, "adjudication")) is PhaseKind.ADJUDICATION
    assert phase_at(plan, Position(2, "moves")).name == "Moves"
    assert position_order(plan, first_position(plan)) == 0


@pytest.mark.parametrize(
    ("pos", "message"),
    [
        (Position(0, "moves"), "turn 0 is not in this game, which has turns 1 to 3"),
        (Position(4, "moves"), "turn 4 is not in this game, which has turns 1 to 3"),
        (Position(1, "lunch"), "there is no phase 'lunch' in the turn plan"),
    ],
)
def test_positions_outside_the_plan_are_refused(
    tutorial: Scenario, pos: Position, message: str
) -> None:
    plan = tutorial.turn_plan
    for ask in (next_position, phase_kind, phase_at, position_order):
        with pytest.raises(RuleError, match=message):
            ask(plan, pos)
    with pytest.raises(RuleError, match=message):
        scheduled_injects(tutorial, pos)


# ---------------------------------------------------------------- what each phase allows


def test_every_action_has_its_phases() -> None:
    assert set(ALLOWED_PHASES) == set(Action)
    with pytest.raises(TypeError):
        ALLOWED_PHASES[Action.NOTE] = frozenset()  # type: ignore[index]


@pytest.mark.parametrize(
    ("action", "allowed"),
    [
        (Action.SUBMIT_MOVE, {PhaseKind.MOVES, PhaseKind.PLANNING}),
        (Action.EDIT_MOVE, {PhaseKind.MOVES, PhaseKind.PLANNING}),
        (Action.WITHDRAW_MOVE, {PhaseKind.MOVES, PhaseKind.PLANNING}),
        (Action.COUNTER_ARGUE, {PhaseKind.MOVES, PhaseKind.ADJUDICATION}),
        (Action.REVEAL, {PhaseKind.ADJUDICATION}),
        (Action.ADJUDICATE, {PhaseKind.ADJUDICATION}),
        (Action.APPLY_EFFECT, set(PhaseKind)),
        (Action.RELEASE_INJECT, set(PhaseKind)),
        (Action.NOTE, set(PhaseKind)),
        (Action.OBSERVE, set(PhaseKind)),
    ],
)
def test_allowed_phases(action: Action, allowed: set[PhaseKind]) -> None:
    assert ALLOWED_PHASES[action] == allowed
    for kind in PhaseKind:
        assert is_allowed(action, kind) is (kind in allowed)
        if kind in allowed:
            check_phase(action, kind)
        else:
            with pytest.raises(RuleError):
                check_phase(action, kind)


@pytest.mark.parametrize(
    ("action", "kind", "name", "message"),
    [
        (
            Action.SUBMIT_MOVE,
            PhaseKind.ADJUDICATION,
            "Adjudication",
            "moves can be submitted only in a moves or planning phase; "
            "the game is in 'Adjudication'",
        ),
        (
            Action.WITHDRAW_MOVE,
            PhaseKind.NARRATIVE,
            None,
            "moves can be withdrawn only in a moves or planning phase; "
            "the game is in a narrative phase",
        ),
        (
            Action.COUNTER_ARGUE,
            PhaseKind.BRIEFING,
            "Morning brief",
            "counter-arguments can be made only in a moves or adjudication phase; "
            "the game is in 'Morning brief'",
        ),
        (
            Action.REVEAL,
            PhaseKind.MOVES,
            None,
            "moves can be revealed only in an adjudication phase; the game is in a moves phase",
        ),
        (
            Action.ADJUDICATE,
            PhaseKind.PLANNING,
            "Planning",
            "moves can be adjudicated only in an adjudication phase; the game is in 'Planning'",
        ),
    ],
)
def test_check_phase_messages(
    action: Action, kind: PhaseKind, name: str | None, message: str
) -> None:
    with pytest.raises(RuleError) as caught:
        check_phase(action, kind, name)
    assert str(caught.value) == message


# ---------------------------------------------------------------- scheduled injects


def test_scheduled_injects(tutorial: Scenario) -> None:
    assert [i.id for i in scheduled_injects(tutorial, Position(1, "briefing"))] == [
        "fishing-boat-seized"
    ]
    assert [i.id for i in scheduled_injects(tutorial, Position(2, "briefing"))] == [
        "mediator-offer"
    ]
    assert scheduled_injects(tutorial, Position(1, "moves")) == ()
    assert scheduled_injects(tutorial, Position(3, "briefing")) == ()


def test_an_inject_without_a_phase_is_due_in_the_first_phase(tutorial: Scenario) -> None:
    storm = Inject(
        id="storm",
        title="Storm",
        text="A storm closes the strait for two days.",
        controller="White cell lead",
        turn=3,
    )
    scenario = tutorial.model_copy(update={"injects": (*tutorial.injects, storm)})
    assert scheduled_injects(scenario, Position(3, "briefing")) == (storm,)
    for phase in ("moves", "adjudication", "narrative"):
        assert scheduled_injects(scenario, Position(3, phase)) == ()


def test_conditional_injects_are_never_scheduled(tutorial: Scenario) -> None:
    plan = tutorial.turn_plan
    pos: Position | None = first_position(plan)
    while pos is not None:
        assert all(not i.conditional for i in scheduled_injects(tutorial, pos))
        pos = next_position(plan, pos)


# ---------------------------------------------------------------- dates


def test_turn_date(tutorial: Scenario) -> None:
    clock = tutorial.metadata.clock  # 2027-03-01, one week a turn
    assert turn_date(clock, 1) == dt.date(2027, 3, 1)
    assert turn_date(clock, 2) == dt.date(2027, 3, 8)
    assert turn_date(clock, 3) == dt.date(2027, 3, 15)


def test_turn_date_without_whole_days() -> None:
    clock = GameClock(start=dt.date(2030, 1, 1), turn_length="72 hours or so")
    assert turn_date(clock, 5) is None


def test_turn_date_of_hour_long_turns_moves_on_at_midnight() -> None:
    clock = GameClock(
        start=dt.date(2030, 1, 1), start_time=dt.time(20, 0), turn_amount=2, turn_unit="hours"
    )
    assert turn_date(clock, 2) == dt.date(2030, 1, 1)
    assert turn_date(clock, 3) == dt.date(2030, 1, 2)


def test_turn_date_refuses_turns_before_the_first(tutorial: Scenario) -> None:
    with pytest.raises(RuleError, match="turns are numbered from 1, not 0"):
        turn_date(tutorial.metadata.clock, 0)
