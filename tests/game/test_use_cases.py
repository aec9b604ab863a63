"""The game service's use cases, played for real on the tutorial scenario (and on the
troop-deployment scenario), on a game file and on PostgreSQL.

Each test drives :class:`wargame.game.Game` the way the desktop app and the CLI do and reads
the result back through the queries, never through the ORM.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator

import pytest

from wargame.game import (
    AdHocInject,
    Conflict,
    Game,
    GameEvent,
    HotwashRequest,
    InvalidInput,
    JoinRequest,
    MoveContent,
    NotAllowed,
    NotFound,
    RoleChange,
    Viewer,
    WrongPhase,
)
from wargame.game.cases.adjudication import AdjudicationRequest
from wargame.game.views import AdjudicationView, MoveView
from wargame.rules import adjudication as adj
from wargame.rules import dice as dice_rules
from wargame.scenario import LoadedScenario
from wargame.scenario.model import TrackEffect, UnitMoveEffect, UnitStrengthEffect

from .support import Table

FAC = Viewer.facilitator()


def _track(delta: int, track: str = "escalation") -> TrackEffect:
    return TrackEffect(kind="track", track=track, delta=delta)


def _moves(t: Table, viewer: Viewer = FAC) -> dict[int, MoveView]:
    return {m.id: m for m in t.q.moves(viewer)}


# ---------------------------------------------------------------------------- people


def test_assign_before_start_is_immediate(table: Table) -> None:
    from_turn = table.game.assign(table.fac, table.bob, "blue", reason="balance the teams")
    assert from_turn == 0
    assert table.q.participant(table.bob).team_id == "blue"


def test_team_change_takes_effect_next_turn_and_history_is_kept(table: Table) -> None:
    t = table
    t.go_to("moves")
    assert t.game.assign(t.fac, t.alice, "red", reason="red needs a second player") == 2
    # Still blue for the rest of turn 1: her move is blue's, and she sees as blue.
    first = t.move(t.alice, "Turn-1 move")
    assert _moves(t)[first].team_id == "blue"
    assert t.q.participant(t.alice).team_id == "blue"
    assert t.q.viewer_for(t.alice) == Viewer.team("blue", t.alice)

    t.next_turn_to("moves")
    assert t.phase() == (2, "moves")
    second = t.move(t.alice, "Turn-2 move")
    assert _moves(t)[second].team_id == "red"
    assert t.q.participant(t.alice).team_id == "red"
    assert t.q.viewer_for(t.alice) == Viewer.team("red", t.alice)
    with pytest.raises(NotAllowed, match="Red team, not Blue team"):
        t.move(t.alice, "For my old team", team_id="blue")

    history = [
        (a.team_id, a.from_turn, a.by) for a in t.q.assignments() if a.participant_id == t.alice
    ]
    assert history == [("blue", 0, "Fay Facilitator"), ("red", 2, "Fay Facilitator")]
    audit = [a for a in t.q.audit(FAC) if a.action == "participant.assign"]
    assert audit[-1].reason == "red needs a second player"


def test_a_player_becomes_an_observer_and_an_observer_a_player_at_once(table: Table) -> None:
    t = table
    t.go_to("moves")
    first = t.move(t.alice, "Before she steps back")
    t.game.change_role(
        t.fac,
        RoleChange(participant_id=t.alice, role="observer", reason="she will take notes instead"),
    )
    alice = t.q.participant(t.alice)
    assert (alice.role, alice.team_id) == ("observer", None)
    assert t.q.viewer_for(t.alice) == Viewer.observer(t.alice)
    assert _moves(t)[first].team_id == "blue"  # what she wrote stays her team's
    with pytest.raises(NotAllowed, match="Alice is an observer"):
        t.move(t.alice, "After she stepped back")

    t.game.change_role(
        t.fac,
        RoleChange(
            participant_id=t.olga, role="player", team_id="red", reason="red is short of a player"
        ),
    )
    olga = t.q.participant(t.olga)
    assert (olga.role, olga.team_id) == ("player", "red")
    hers = t.move(t.olga, "Her first move")
    assert _moves(t)[hers].team_id == "red"
    audit = [a for a in t.q.audit(FAC) if a.action == "participant.role"]
    assert [a.reason for a in audit] == ["she will take notes instead", "red is short of a player"]


def test_join_refuses_a_second_person_of_the_same_name(table: Table) -> None:
    with pytest.raises(InvalidInput, match="already a participant called Alice"):
        table.game.join(table.fac, JoinRequest(name="alice", role="player", team_id="red"))


# ---------------------------------------------------------------------------- turns


def test_start_and_advance_record_every_phase_with_wall_clock_times(table: Table) -> None:
    t = table
    before = dt.datetime.now(dt.UTC)
    with pytest.raises(WrongPhase, match="not started"):
        t.game.advance(t.fac)
    position = t.game.start(t.fac)
    assert (position.turn, position.phase_id) == (1, "briefing")
    with pytest.raises(WrongPhase, match="already started"):
        t.game.start(t.fac)
    plan = [p.id for p in t.game.scenario.turn_plan.phases]
    expected = [(turn, phase) for turn in (1, 2, 3) for phase in plan]
    for turn, phase in expected[1:]:
        position = t.game.advance(t.fac)
        assert (position.turn, position.phase_id) == (turn, phase)
    with pytest.raises(WrongPhase, match="last phase of the last turn"):
        t.game.advance(t.fac)
    after = dt.datetime.now(dt.UTC)

    phases = t.q.phases()
    assert [(p.turn, p.phase_id) for p in phases] == expected
    assert all(before <= p.started_at <= after for p in phases)
    assert all(p.ended_at is not None for p in phases[:-1])
    assert phases[-1].ended_at is None
    for earlier, later in itertools.pairwise(phases):
        assert earlier.started_at <= earlier.ended_at <= later.started_at  # type: ignore[operator]
    summary = t.q.summary()
    assert (summary.status, summary.turn, summary.phase_id) == ("running", 3, "narrative")
    assert summary.started_at is not None and before <= summary.started_at <= after

    t.game.end_game(t.fac)
    assert t.q.phases()[-1].ended_at is not None


# ---------------------------------------------------------------------------- moves


def test_submit_edit_before_reveal_and_withdraw(table: Table) -> None:
    t = table
    t.go_to("moves")
    move = t.move(t.alice, "Frigate patrol", reasons=["Our navy is stronger", "Allies agree"])
    view = _moves(t)[move]
    assert (view.version, view.status, view.sealed, view.reasons) == (
        1,
        "submitted",
        True,
        ("Our navy is stronger", "Allies agree"),
    )

    version = t.game.edit_move(
        t.carol,
        move,
        MoveContent(
            title="Quiet frigate patrol",
            action="Two frigates sail close to Kest",
            intended_result="Show resolve quietly",
            reasons=["Stronger navy"],
        ),
        expected_version=1,
    )
    assert version == 2
    view = _moves(t)[move]
    assert (view.title, view.version, view.reasons) == (
        "Quiet frigate patrol",
        2,
        ("Stronger navy",),
    )
    assert view.updated_at >= view.created_at
    edits = [a for a in t.q.audit(FAC) if a.action == "move.edit"]
    assert edits[-1].details["before"]["title"] == "Frigate patrol"

    with pytest.raises(Conflict, match="version 2, you had 1"):
        t.game.edit_move(
            t.alice,
            move,
            MoveContent(title="Stale", action="a", intended_result="b"),
            expected_version=1,
        )
    assert _moves(t)[move].title == "Quiet frigate patrol"

    t.game.withdraw_move(t.alice, move, expected_version=2, reason="Cabinet said no")
    view = _moves(t)[move]
    assert view.status == "withdrawn"
    assert move in _moves(t, Viewer.team("blue"))  # the team keeps seeing its own
    with pytest.raises(WrongPhase, match="already been withdrawn"):
        t.game.withdraw_move(t.alice, move, expected_version=view.version, reason="again")
    with pytest.raises(WrongPhase, match="withdrawn"):
        t.game.edit_move(
            t.alice,
            move,
            MoveContent(title="x", action="y", intended_result="z"),
            expected_version=view.version,
        )

    t.go_to("adjudication")
    assert t.game.reveal_moves(t.fac) == 0  # a withdrawn move is never revealed
    assert move not in _moves(t, Viewer.team("red"))
    with pytest.raises(WrongPhase, match="withdrawn"):
        t.game.commit_adjudication(
            t.fac,
            AdjudicationRequest(
                method="ruling", narrative="n", rationale="r", move_id=move, outcome="success"
            ),
        )


def test_reveal_reveals_every_sealed_move_of_the_turn_at_once(table: Table) -> None:
    t = table
    t.go_to("moves")
    blue = t.move(t.alice, "Blue sealed")
    red = t.move(t.bob, "Red sealed")
    public = t.move(t.carol, "Blue public", visibility="public")
    assert set(_moves(t, Viewer.team("red"))) == {red, public}
    with pytest.raises(WrongPhase, match="only in an adjudication phase"):
        t.game.reveal_moves(t.fac)

    t.go_to("adjudication")
    t.game.reveal_moves(t.fac)
    for viewer in (Viewer.team("red"), Viewer.team("blue"), Viewer.observer(), Viewer.public()):
        seen = _moves(t, viewer)
        assert set(seen) == {blue, red, public}
        assert not any(m.sealed for m in seen.values())
    assert t.game.reveal_moves(t.fac) == 0

    # Edit and withdraw end with the reveal.
    t.next_turn_to("moves")
    with pytest.raises(WrongPhase, match="revealed"):
        t.game.edit_move(
            t.alice,
            blue,
            MoveContent(title="Late", action="a", intended_result="b"),
            expected_version=1,
        )
    with pytest.raises(WrongPhase, match="revealed"):
        t.game.withdraw_move(t.alice, blue, expected_version=1, reason="late")


def test_reveal_counts_only_the_sealed_moves(table: Table) -> None:
    t = table
    t.go_to("moves")
    blue = t.move(t.alice, "Blue sealed")
    red = t.move(t.bob, "Red sealed")
    t.move(t.carol, "Blue public", visibility="public")
    t.go_to("adjudication")
    assert t.game.reveal_moves(t.fac) == 2
    reveal = [a for a in t.q.audit(FAC) if a.action == "move.reveal"]
    assert sorted(reveal[0].details["moves"]) == sorted([blue, red])


# ---------------------------------------------------------------------------- adjudication


def _the(t: Table, adjudication_id: int) -> AdjudicationView:
    return next(a for a in t.q.adjudications(FAC) if a.id == adjudication_id)


def test_matrix_counts_reasons_and_accepted_counter_arguments(table: Table) -> None:
    t = table
    t.go_to("moves")
    move = t.move(t.alice, "Frigates to Kest", reasons=["Navy", "Allies", "Law of the sea"])
    t.go_to("adjudication")
    t.game.reveal_moves(t.fac)
    accepted = t.game.counter_argue(t.bob, move, "Borovian coast guard is already there")
    rejected = t.game.counter_argue(t.fac, move, "Parliament will balk")
    with pytest.raises(NotAllowed, match="its own move"):
        t.game.counter_argue(t.carol, move, "We disagree with ourselves")

    a = t.game.commit_adjudication(
        t.fac,
        AdjudicationRequest(
            method="matrix",
            narrative="The frigates sail.",
            move_id=move,
            strong_reasons=2,
            accepted_counters=(accepted,),
            adjustment=-2,
        ),
    )
    view = _the(t, a)
    assert view.inputs["strong_reasons"] == 2
    assert view.inputs["accepted_counters"] == [accepted]
    assert view.inputs["modifier"] == 2 - 1 - 2
    explained = " ".join(view.inputs["modifiers_explained"])
    assert "2 strong reasons" in explained and "1 accepted counter-argument" in explained
    assert "umpire's adjustment" in explained
    (roll,) = view.rolls
    assert (roll.dice, roll.source, roll.sequence) == ("2d6", "digital", 1)
    score = roll.total - 1
    rules = t.game.scenario.adjudication.matrix
    expected = (
        "success"
        if score >= rules.target
        else "partial"
        if score >= rules.target - rules.partial_margin
        else "failure"
    )
    assert view.outcome == expected
    counters = {c.id: c.accepted for c in _moves(t)[move].counters}
    assert counters == {accepted: True, rejected: False}


def test_matrix_counts_every_reason_and_counter_by_default(table: Table) -> None:
    t = table
    t.go_to("moves")
    move = t.move(t.bob, "Land marines", reasons=["Close", "Popular"])
    t.go_to("adjudication")
    t.game.reveal_moves(t.fac)
    c1 = t.game.counter_argue(t.alice, move, "Our frigates watch the isle")
    c2 = t.game.counter_argue(t.carol, move, "The weather is bad")
    c3 = t.game.counter_argue(t.fac, move, "Voided before adjudication")
    t.game.void(t.fac, "counter_argument", c3, reason="entered twice")
    view = _the(
        t,
        t.game.commit_adjudication(
            t.fac, AdjudicationRequest(method="matrix", narrative="n", move_id=move)
        ),
    )
    assert view.inputs["strong_reasons"] == 2
    assert sorted(view.inputs["accepted_counters"]) == sorted([c1, c2])
    assert view.inputs["modifier"] == 0


DIGITAL_AND_PHYSICAL = [
    # method, arguments, physical faces, outcome of those faces
    ("matrix", {}, [3, 4], "success"),
    ("matrix", {}, [1, 4], "partial"),
    ("matrix", {}, [1, 1], "failure"),
    ("odds", {"rating": "Even chance"}, [4], "success"),
    ("odds", {"rating": "even chance"}, [3], "partial"),
    ("odds", {"rating": "Very unlikely"}, [1], "failure"),
    ("probability", {"estimates": {"blue": 30, "red": 61}}, [46], "success"),
    ("probability", {"estimates": {"blue": 30, "red": 61}}, [56], "partial"),
    ("probability", {"estimates": {"blue": 30, "red": 61}}, [57], "failure"),
    ("table", {"table_id": "incident-at-sea"}, [4, 5], "success"),
    ("table", {"table_id": "incident-at-sea"}, [1, 2], "failure"),
]


@pytest.mark.parametrize(("method", "arguments", "faces", "outcome"), DIGITAL_AND_PHYSICAL)
def test_each_method_with_physical_dice(
    file_table: Table, method: str, arguments: dict[str, object], faces: list[int], outcome: str
) -> None:
    t = file_table  # the maths is the same on PostgreSQL; the digital test runs on both
    t.go_to("adjudication")
    request = AdjudicationRequest(
        method=method,
        narrative="Thrown on the table.",
        physical_faces=tuple(faces),
        **arguments,  # type: ignore[arg-type]
    )
    a = t.game.commit_adjudication(t.fac, request)
    view = _the(t, a)
    assert (view.method, view.outcome) == (method, outcome)
    (roll,) = view.rolls
    assert (roll.faces, roll.source) == (tuple(faces), "physical")
    if method == "probability":
        assert view.inputs["chance"] == 46  # (30 + 61) / 2 rounded half up
        assert view.inputs["estimates"] == {"blue": 30, "red": 61}
    if method == "odds":
        assert view.inputs["rating"] == arguments["rating"]
    if method == "table" and outcome == "failure":  # the row's own effect applies
        assert [(e.target, e.before, e.after) for e in view.effects] == [("escalation", 1, 2)]
    assert t.q.verify_chain().ok


@pytest.mark.parametrize(
    ("method", "arguments"),
    [
        ("matrix", {}),
        ("odds", {"rating": "Likely"}),
        ("probability", {"estimates": {"blue": 20, "red": 80}}),
        ("table", {"table_id": "incident-at-sea"}),
    ],
)
def test_each_method_with_the_games_digital_dice(
    table: Table, method: str, arguments: dict[str, object]
) -> None:
    t = table
    t.go_to("adjudication")
    scenario = t.game.scenario
    outcomes = []
    for n in range(1, 4):
        request = AdjudicationRequest(method=method, narrative=f"Roll {n}", **arguments)  # type: ignore[arg-type]
        view = _the(t, t.game.commit_adjudication(t.fac, request))
        (roll,) = view.rolls
        spec = dice_rules.DiceSpec.parse(roll.dice)
        assert roll.source == "digital" and roll.sequence == n
        assert roll.faces == dice_rules.roll_digital(1234, n, spec).faces  # the game's seed
        replayed = dice_rules.Roll(spec, roll.faces, "digital")
        rules = scenario.adjudication
        if method == "matrix":
            expected = adj.adjudicate_matrix(replayed, 0, (), rules.matrix)
        elif method == "odds":
            expected = adj.adjudicate_odds("Likely", replayed, rules.odds)
        elif method == "probability":
            expected = adj.adjudicate_probability(50, replayed, rules.probability)
        else:
            expected = adj.adjudicate_table(adj.find_table(rules, "incident-at-sea"), replayed)
        assert view.outcome == expected.outcome.value
        assert view.inputs["explanation"] == expected.explanation
        outcomes.append(view.outcome)
    assert [r.sequence for r in t.q.rolls()] == [1, 2, 3]
    assert t.q.verify_chain().ok


def test_a_ruling_needs_no_dice_but_a_rationale(table: Table) -> None:
    t = table
    t.go_to("adjudication")
    with pytest.raises(InvalidInput, match="rationale is empty"):
        t.game.commit_adjudication(
            t.fac, AdjudicationRequest(method="ruling", narrative="n", outcome="success")
        )
    a = t.game.commit_adjudication(
        t.fac,
        AdjudicationRequest(
            method="ruling",
            narrative="The talks open.",
            rationale="Both sides asked for them",
            outcome="partial",
        ),
    )
    view = _the(t, a)
    assert (view.outcome, view.rolls, view.rationale) == (
        "partial",
        (),
        "Both sides asked for them",
    )
    assert t.q.rolls() == ()


def test_effects_are_clamped_units_move_and_a_red_line_fires_its_inject(table: Table) -> None:
    t = table
    t.go_to("moves")
    move = t.move(t.alice, "Frigates into the strait")
    t.go_to("adjudication")
    t.game.reveal_moves(t.fac)
    a = t.game.commit_adjudication(
        t.fac,
        AdjudicationRequest(
            method="ruling",
            narrative="The squadron enters the strait.",
            rationale="Nothing stops them",
            move_id=move,
            outcome="success",
            effects=(
                UnitMoveEffect(kind="unit_move", unit="aurelian-frigates", to="strait"),
                UnitStrengthEffect(kind="unit_strength", unit="aurelian-frigates", delta=60),
                _track(-1, "fishing-access"),
            ),
        ),
    )
    state = t.q.state()
    frigates = state.unit("aurelian-frigates")
    assert (frigates.region, frigates.strength) == ("strait", 100)  # strength held at 100
    red_line = next(r for r in state.red_lines if r.id == "warships-in-strait")
    assert (red_line.crossed, red_line.first_crossed_turn) == (True, 1)

    # The conditional inject fired in the same transaction, with its own effect.
    (ultimatum,) = [i for i in t.q.injects(FAC) if i.inject_id == "borovian-ultimatum"]
    assert (ultimatum.trigger, ultimatum.turn) == ("conditional", 1)
    assert state.track("escalation").value == 2
    inject_effects = [e for e in t.q.effects(FAC) if e.inject_release_id == ultimatum.id]
    assert [(e.target, e.before, e.after) for e in inject_effects] == [("escalation", 1, 2)]
    assert "red_line.crossed" in {x.action for x in t.q.audit(FAC)}
    view = _the(t, a)
    assert [(e.kind, e.target) for e in view.effects] == [
        ("unit_move", "aurelian-frigates"),
        ("unit_strength", "aurelian-frigates"),
        ("track", "fishing-access"),
    ]

    # Clamped at both ends; the rung follows the track.
    t.game.apply_effects(t.fac, [_track(+99)], reason="War breaks out")
    assert t.q.state().track("escalation").value == 5
    assert t.q.state().track("escalation").rung_name == "War"
    clash = next(r for r in t.q.state().red_lines if r.id == "open-clash")
    assert clash.crossed
    t.game.apply_effects(t.fac, [_track(-99)], reason="Everyone calms down")
    escalation = t.q.state().track("escalation")
    assert (escalation.value, escalation.rung_name) == (0, "Calm")
    last = t.q.effects(FAC)[-1]
    assert (last.before, last.after, last.delta) == (5, 0, -99)
    # The inject fires once only, however often the line is crossed again.
    t.game.apply_effects(t.fac, [_track(+1)], reason="Again")
    assert [i.inject_id for i in t.q.injects(FAC)].count("borovian-ultimatum") == 1
    # The state at the end of turn 0 is still the scenario's start.
    assert t.q.states_by_turn()[0].unit("aurelian-frigates").region == "aurelian-waters"


def test_facts_are_established_and_ended_by_later_arguments(table: Table) -> None:
    t = table
    t.go_to("moves")
    landing = t.move(t.bob, "Marines land on Kest")
    t.go_to("adjudication")
    t.game.reveal_moves(t.fac)
    a1 = t.game.commit_adjudication(
        t.fac,
        AdjudicationRequest(
            method="ruling",
            narrative="They land.",
            rationale="No opposition",
            move_id=landing,
            outcome="success",
            establish_fact="Borovian marines hold the Isle of Kest",
        ),
    )
    (fact,) = t.q.facts()
    assert (
        fact.text,
        fact.established_turn,
        fact.established_by_move_id,
        fact.established_by_adjudication_id,
        fact.in_force,
    ) == ("Borovian marines hold the Isle of Kest", 1, landing, a1, True)
    with pytest.raises(InvalidInput, match="failed argument establishes no fact"):
        t.game.commit_adjudication(
            t.fac,
            AdjudicationRequest(
                method="ruling",
                narrative="n",
                rationale="r",
                outcome="failure",
                establish_fact="Nothing",
            ),
        )
    assert len(t.q.facts()) == 1

    t.next_turn_to("moves")
    retake = t.move(t.alice, "Retake Kest")
    t.go_to("adjudication")
    t.game.reveal_moves(t.fac)
    a2 = t.game.commit_adjudication(
        t.fac,
        AdjudicationRequest(
            method="ruling",
            narrative="Retaken.",
            rationale="Overwhelming force",
            move_id=retake,
            outcome="success",
            end_facts=(fact.id,),
        ),
    )
    (fact,) = t.q.facts()
    assert (
        fact.ended_turn,
        fact.ended_by_move_id,
        fact.ended_by_adjudication_id,
        fact.in_force,
    ) == (2, retake, a2, False)
    with pytest.raises(InvalidInput, match="already ended in turn 2"):
        t.game.commit_adjudication(
            t.fac,
            AdjudicationRequest(
                method="ruling",
                narrative="n",
                rationale="r",
                outcome="success",
                end_facts=(fact.id,),
            ),
        )


def test_a_move_is_adjudicated_once_until_the_ruling_is_voided(table: Table) -> None:
    t = table
    t.go_to("moves")
    move = t.move(t.alice, "Patrol")
    t.go_to("adjudication")
    t.game.reveal_moves(t.fac)
    first = t.game.commit_adjudication(
        t.fac,
        AdjudicationRequest(
            method="ruling",
            narrative="n",
            rationale="r",
            move_id=move,
            outcome="failure",
            effects=(_track(+2),),
        ),
    )
    assert t.q.state().track("escalation").value == 3
    with pytest.raises(WrongPhase, match="already adjudicated"):
        t.game.commit_adjudication(
            t.fac,
            AdjudicationRequest(
                method="ruling", narrative="n", rationale="r", move_id=move, outcome="success"
            ),
        )
    t.game.void(t.fac, "adjudication", first, reason="Wrong move read out")
    assert t.q.state().track("escalation").value == 1  # its effects are void too
    voided = _the(t, first)
    assert voided.voided and voided.void_reason == "Wrong move read out"
    assert all(e.voided for e in voided.effects)
    second = t.game.commit_adjudication(
        t.fac,
        AdjudicationRequest(
            method="ruling", narrative="n", rationale="r", move_id=move, outcome="success"
        ),
    )
    assert [a.id for a in t.q.adjudications(FAC)] == [first, second]


# ---------------------------------------------------------------------------- effects, injects


def test_apply_effects_ad_hoc_with_a_reason(table: Table) -> None:
    t = table
    t.go_to("briefing")
    (effect_id,) = t.game.apply_effects(
        t.fac, [_track(-2, "fishing-access")], reason="Storm keeps the boats in port"
    )
    effect = t.q.effects(FAC)[-1]
    assert (effect.id, effect.adjudication_id, effect.inject_release_id) == (effect_id, None, None)
    assert (effect.before, effect.after, effect.reason) == (6, 4, "Storm keeps the boats in port")
    assert t.q.state().track("fishing-access").value == 4
    with pytest.raises(InvalidInput, match="no effects"):
        t.game.apply_effects(t.fac, [], reason="nothing")
    with pytest.raises(InvalidInput, match="reason is empty"):
        t.game.apply_effects(t.fac, [_track(1)], reason="  ")
    with pytest.raises(NotAllowed, match="only the facilitator"):
        t.game.apply_effects(t.alice, [_track(1)], reason="I want it")


def test_release_scheduled_and_ad_hoc_injects(table: Table) -> None:
    t = table
    t.go_to("briefing")
    assert t.q.pending_injects() == ("fishing-boat-seized",)
    scheduled = t.game.release_inject(t.fac, "fishing-boat-seized")
    assert t.q.pending_injects() == ()
    with pytest.raises(WrongPhase, match="already released in turn 1"):
        t.game.release_inject(t.fac, "fishing-boat-seized")
    with pytest.raises(NotFound, match="no inject 'tsunami'"):
        t.game.release_inject(t.fac, "tsunami")
    ad_hoc = t.game.release_ad_hoc_inject(
        t.fac,
        AdHocInject(
            title="Storm warning", text="A gale is forecast for the strait.", audience=["blue"]
        ),
    )
    injects = {i.id: i for i in t.q.injects(FAC)}
    assert (injects[scheduled].trigger, injects[scheduled].audience) == ("scheduled", "all")
    assert (injects[ad_hoc].trigger, injects[ad_hoc].inject_id, injects[ad_hoc].audience) == (
        "ad_hoc",
        None,
        ("blue",),
    )
    effect = next(e for e in t.q.effects(FAC) if e.inject_release_id == scheduled)
    assert (effect.target, effect.before, effect.after) == ("fishing-access", 6, 5)
    assert {i.id for i in t.q.injects(Viewer.team("blue"))} == {scheduled, ad_hoc}
    assert {i.id for i in t.q.injects(Viewer.team("red"))} == {scheduled}
    assert {i.id for i in t.q.injects(Viewer.public())} == {scheduled}
    with pytest.raises(InvalidInput, match="audience is empty"):
        t.game.release_ad_hoc_inject(t.fac, AdHocInject(title="x", text="y", audience=[]))


# ---------------------------------------------------------------------------- notes, analysis


def test_note_observe_hot_wash_summary_and_end(table: Table) -> None:
    t = table
    t.go_to("moves")
    move = t.move(t.alice, "Patrol", visibility="public")
    note = t.game.note(t.fac, "Blue hesitated for ten minutes")
    observation = t.game.observe(
        t.olga,
        "Blue weighs the red line before moving",
        tags=["Surprise", "surprise", "friction"],
        question_ids=["red-line-effect"],
        move_id=move,
    )
    with pytest.raises(NotFound, match=r"no analysis question 'why'.*off-ramps, red-line-effect"):
        t.game.observe(t.olga, "x", question_ids=["why"])
    with pytest.raises(NotAllowed, match="observers and the white cell"):
        t.game.observe(t.alice, "I observe myself")
    with pytest.raises(NotAllowed, match="only the facilitator"):
        t.game.note(t.olga, "My private note")

    (n,) = t.q.notes(FAC)
    assert (n.id, n.text, n.turn, n.author) == (
        note,
        "Blue hesitated for ten minutes",
        1,
        "Fay Facilitator",
    )
    (o,) = t.q.observations(Viewer.observer(t.olga))
    assert (o.id, o.tags, o.question_ids, o.move_id, o.author, o.turn) == (
        observation,
        ("surprise", "friction"),
        ("red-line-effect",),
        move,
        "Olga",
        1,
    )
    assert o.created_at.tzinfo is not None

    t.game.end_game(t.fac, executive_summary="Blue held back; the red line deterred.")
    summary = t.q.summary()
    assert (summary.status, summary.executive_summary) == (
        "ended",
        "Blue held back; the red line deterred.",
    )
    assert summary.ended_at is not None
    with pytest.raises(WrongPhase, match="ended"):
        t.move(t.alice, "Too late")
    with pytest.raises(WrongPhase, match="already ended"):
        t.game.end_game(t.fac)

    # The hot wash comes after the game.
    strength = t.game.record_hotwash(
        t.olga,
        HotwashRequest(
            kind="strength", text="Teams used the off-ramps", question_ids=["off-ramps"]
        ),
    )
    improvement = t.game.record_hotwash(
        t.fac,
        HotwashRequest(
            kind="improvement",
            text="Injects came too late",
            recommendation="Release them in the briefing",
            owner="White cell lead",
        ),
    )
    with pytest.raises(NotAllowed, match="white cell or analysts"):
        t.game.record_hotwash(t.alice, HotwashRequest(kind="finding", text="We won"))
    with pytest.raises(InvalidInput, match="unknown kind of finding"):
        t.game.record_hotwash(t.fac, HotwashRequest(kind="verdict", text="x"))  # type: ignore[arg-type]
    findings = {f.id: f for f in t.q.findings(FAC)}
    assert (findings[strength].kind, findings[strength].question_ids) == (
        "strength",
        ("off-ramps",),
    )
    assert (findings[improvement].recommendation, findings[improvement].owner) == (
        "Release them in the briefing",
        "White cell lead",
    )

    t.game.set_executive_summary(t.fac, "Revised: the red line deterred Blue.")
    assert t.q.summary().executive_summary == "Revised: the red line deterred Blue."
    audit = [a for a in t.q.audit(FAC) if a.action == "game.summary"]
    assert audit[-1].details["previous"] == "Blue held back; the red line deterred."


# ---------------------------------------------------------------------------- corrections


def test_void_and_amend_keep_every_row_marked_with_who_when_why(table: Table) -> None:
    t = table
    t.go_to("moves")
    move = t.move(t.alice, "Patrol with a typo", reasons=["Navy"])
    note = t.game.note(t.fac, "Wrong table")
    observation = t.game.observe(t.olga, "Mis-heard")
    t.go_to("adjudication")
    t.game.reveal_moves(t.fac)
    counter = t.game.counter_argue(t.bob, move, "Too provocative")
    before = t.full_record()

    amended = t.game.amend_move(
        t.fac,
        move,
        MoveContent(
            title="Patrol",
            action="Two frigates patrol",
            intended_result="Show resolve",
            reasons=["Navy"],
        ),
        reason="Typo in the title",
    )
    t.game.void(t.fac, "note", note, reason="Belongs to another game")
    t.game.void(t.fac, "observation", observation, reason="Mis-heard")
    t.game.void(t.fac, "counter_argument", counter, reason="Withdrawn by Bob")
    with pytest.raises(InvalidInput, match="already void"):
        t.game.void(t.fac, "note", note, reason="again")
    with pytest.raises(InvalidInput, match="cannot be voided"):
        t.game.void(t.fac, "roll", 1, reason="bad luck")
    with pytest.raises(NotFound, match="no note #999"):
        t.game.void(t.fac, "note", 999, reason="x")
    with pytest.raises(NotAllowed, match="only the facilitator"):
        t.game.void(t.alice, "note", note, reason="x")

    after = t.full_record()
    # Nothing is deleted: every row is still there, one more move (the amendment).
    assert len(after.moves) == len(before.moves) + 1
    assert len(after.notes) == len(before.notes)
    assert len(after.observations) == len(before.observations)
    old, new = (next(m for m in after.moves if m.id == i) for i in (move, amended))
    assert (old.voided, old.void_reason, old.title) == (
        True,
        "Typo in the title",
        "Patrol with a typo",
    )
    assert (new.voided, new.title, new.team_id, new.revealed) == (False, "Patrol", "blue", True)
    assert next(n for n in after.notes if n.id == note).voided
    assert next(o for o in after.observations if o.id == observation).voided
    counters = next(m for m in after.moves if m.id == move).counters
    assert [c.voided for c in counters] == [True]
    audit = {a.action: a for a in after.audit}
    assert audit["move.amend"].details == {"supersedes": move}
    assert audit["move.amend"].reason == "Typo in the title"
    assert (audit["note.void"].actor, audit["note.void"].reason) == (
        "Fay Facilitator",
        "Belongs to another game",
    )
    with pytest.raises(InvalidInput, match="already void"):
        t.game.amend_move(
            t.fac, move, MoveContent(title="t", action="a", intended_result="i"), reason="again"
        )


# ---------------------------------------------------------------------------- events


def test_one_event_per_use_case_after_commit(backend: str, tutorial_loaded: LoadedScenario) -> None:
    """In the listener, a second Game on the same file or database already sees the change."""
    game = Game.create(backend, tutorial_loaded, seed=5)
    second = Game.open(backend)
    seen: list[tuple[GameEvent, int, int]] = []

    def listener(event: GameEvent) -> None:
        moves = len(second.queries().moves(FAC))
        audit = len(second.queries().audit(FAC))
        seen.append((event, moves, audit))

    try:
        fac = game.queries().participants()[0].id
        unsubscribe = game.subscribe(listener)
        alice = game.join(fac, JoinRequest(name="Alice", role="player", team_id="blue"))
        game.start(fac)
        game.advance(fac)
        move = game.submit_move(alice, MoveContent(title="t", action="a", intended_result="i"))
        game.note(fac, "n")
        with pytest.raises(WrongPhase):
            game.reveal_moves(fac)  # refused: no event
        game.advance(fac)
        game.reveal_moves(fac)
        game.commit_adjudication(
            fac, AdjudicationRequest(method="matrix", narrative="n", move_id=move)
        )
        unsubscribe()
        game.note(fac, "not heard")

        actions = [e.action for e, _, _ in seen]
        assert actions == [
            "join",
            "start",
            "advance",
            "submit_move",
            "note",
            "advance",
            "reveal_moves",
            "adjudicate",
        ]
        audits = [a for _, _, a in seen]
        assert audits == sorted(audits) and len(set(audits)) == len(audits)  # one commit each
        submitted = seen[3]
        assert submitted[1] == 1  # the move was visible elsewhere when the event came
        assert ("move", move) in submitted[0].records
        assert submitted[0].turn == 1
        assert all(e.turn == 1 for e, _, _ in seen[1:])
    finally:
        second.close()
        game.close()


def test_a_listener_sees_nothing_of_a_refused_use_case(table: Table) -> None:
    t = table
    count = len(t.events)
    with pytest.raises(WrongPhase):
        t.game.reveal_moves(t.fac)
    with pytest.raises(NotFound):
        t.game.join(t.fac, JoinRequest(name="Zed", role="player", team_id="green"))
    assert len(t.events) == count


# ---------------------------------------------------------------------------- troop deployment


@pytest.fixture
def troop_game(backend: str, troop_loaded: LoadedScenario) -> Iterator[tuple[Game, dict[str, int]]]:
    game = Game.create(backend, troop_loaded, seed=77, facilitator="Control")
    try:
        fac = game.queries().participants()[0].id
        people = {"control": fac}
        for team in ("red", "ukraine", "coalition", "nato", "usa"):
            people[team] = game.join(
                fac, JoinRequest(name=f"Player of {team}", role="player", team_id=team)
            )
        people["analyst"] = game.join(fac, JoinRequest(name="Analyst", role="observer"))
        yield game, people
    finally:
        game.close()


def test_a_turn_of_troop_deployment_with_every_team_and_method(
    troop_game: tuple[Game, dict[str, int]],
) -> None:
    game, who = troop_game
    q = game.queries()
    fac = who["control"]
    game.start(fac)
    assert q.pending_injects() == ("slutsky-warning",)  # the next one is for a later phase
    game.release_inject(fac, "slutsky-warning")
    game.advance(fac)
    assert q.summary().phase_id == "planning"
    assert q.pending_injects()[:1] == ("red-line-assessment",)
    moves = {}
    for team in ("red", "ukraine", "coalition", "nato", "usa"):
        moves[team] = game.submit_move(
            who[team],
            MoveContent(
                title=f"{team} opening move",
                action=f"{team} acts",
                intended_result="Gains",
                reasons=["First reason", "Second reason"],
            ),
        )
    game.advance(fac)  # moves
    game.advance(fac)  # adjudication
    assert game.reveal_moves(fac) == 5
    counter = game.counter_argue(who["red"], moves["coalition"], "That is an enemy stronghold")
    adjudications = [
        game.commit_adjudication(
            fac,
            AdjudicationRequest(
                method="matrix",
                narrative="Trainers move to Lviv.",
                move_id=moves["coalition"],
                physical_faces=(6, 5),
                effects=(
                    UnitMoveEffect(kind="unit_move", unit="co-training-mission", to="ukraine-west"),
                ),
            ),
        ),
        game.commit_adjudication(
            fac,
            AdjudicationRequest(
                method="odds", narrative="n", move_id=moves["nato"], rating="Likely"
            ),
        ),
        game.commit_adjudication(
            fac,
            AdjudicationRequest(
                method="probability",
                narrative="n",
                move_id=moves["usa"],
                estimates={"usa": 60, "red": 20, "ukraine": 40},
            ),
        ),
        game.commit_adjudication(
            fac,
            AdjudicationRequest(
                method="ruling",
                narrative="n",
                rationale="Within Kyiv's own authority",
                move_id=moves["ukraine"],
                outcome="success",
            ),
        ),
        game.commit_adjudication(
            fac,
            AdjudicationRequest(
                method="table",
                narrative="n",
                move_id=moves["red"],
                physical_faces=(1, 1),
                table_id="incident-at-the-border",
            ),
        ),
    ]
    views = {a.id: a for a in q.adjudications(FAC)}
    matrix = views[adjudications[0]]
    assert matrix.inputs["accepted_counters"] == [counter]
    assert matrix.inputs["modifier"] == 2 - 1
    assert matrix.outcome == "success"
    assert views[adjudications[2]].inputs["chance"] == 40  # mean of 60, 20, 40
    assert views[adjudications[4]].outcome == "failure"
    state = q.state()
    crossed = {r.id: r.first_crossed_turn for r in state.red_lines if r.crossed}
    assert crossed == {"european-troops-in-ukraine": 1}
    fired = [i for i in q.injects(FAC) if i.trigger == "conditional"]
    assert [i.inject_id for i in fired] == ["red-line-response"]
    assert state.unit("ru-iskander-west").region == "belarus"
    # 2 → +1 from the table's failure row, +1 from the red-line inject.
    assert state.track("escalation").value == 4
    assert state.track("negotiation-progress").value == 1
    assert {m.team_id for m in q.moves(Viewer.public())} == {
        "red",
        "ukraine",
        "coalition",
        "nato",
        "usa",
    }
    assert q.verify_chain().ok and q.verify_chain().rolls == 4  # the ruling rolls none
