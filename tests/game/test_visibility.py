"""Everyone sees only what they should: the one visibility rule, through every query.

A team member never receives another team's unrevealed move — not as a move, an
adjudication, a counter-argument, a record, or a telling error message. Observers and the
room's projector see revealed moves only; notes are the facilitator's; the projector sees
no notes, observations, findings or audit.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wargame.game import (
    AdHocInject,
    Game,
    HotwashRequest,
    MoveContent,
    NotFound,
    Viewer,
    WrongPhase,
)
from wargame.game.cases.adjudication import AdjudicationRequest
from wargame.game.queries import GameQueries
from wargame.scenario import LoadedScenario

from .support import Table, make_table

FAC = Viewer.facilitator()
BLUE, RED = Viewer.team("blue"), Viewer.team("red")
OBSERVER, PUBLIC = Viewer.observer(), Viewer.public()


def everything(q: GameQueries, viewer: Viewer) -> str:
    """Every read model a viewer can ask for, as one string to search for leaks."""
    parts: list[object] = [
        q.record(viewer),
        q.moves(viewer),
        q.adjudications(viewer),
        q.injects(viewer),
        q.notes(viewer),
        q.observations(viewer),
        q.findings(viewer),
        q.audit(viewer),
        q.effects(viewer),
        q.rolls(),
        q.states_by_turn(),
        q.participants(),
        q.assignments(),
        q.phases(),
        q.summary(),
    ]
    turn = q.summary().turn
    parts += [q.moves(viewer, turn), q.adjudications(viewer, turn), q.injects(viewer, turn)]
    return repr(parts)


@dataclass
class World:
    blue_secret: int
    blue_withdrawn: int
    red_secret: int
    blue_public: int
    adjudication: int


def play_a_sealed_turn(t: Table) -> World:
    """Turn 1 up to adjudication, with secrets of every kind and nothing revealed yet."""
    g = t.game
    t.go_to("moves")
    blue_secret = t.move(
        t.alice,
        "BLUE-SECRET-TITLE",
        action="BLUE-SECRET-ACTION",
        intended_result="BLUE-SECRET-RESULT",
        reasons=["BLUE-SECRET-REASON"],
    )
    blue_withdrawn = t.move(t.carol, "BLUE-WITHDRAWN-TITLE")
    g.withdraw_move(t.carol, blue_withdrawn, expected_version=1, reason="BLUE-WITHDRAW-REASON")
    red_secret = t.move(t.bob, "RED-SECRET-TITLE", reasons=["RED-SECRET-REASON"])
    blue_public = t.move(t.carol, "BLUE-PUBLIC-TITLE", visibility="public")
    g.counter_argue(t.fac, blue_secret, "WHITE-COUNTER-ON-BLUE-SECRET")
    g.counter_argue(t.bob, blue_public, "RED-COUNTER-ON-BLUE-PUBLIC")
    g.note(t.fac, "FACILITATOR-NOTE")
    g.observe(t.olga, "OBSERVER-OBSERVATION", tags=["friction"])
    g.record_hotwash(t.olga, HotwashRequest(kind="finding", text="HOTWASH-FINDING"))
    g.release_ad_hoc_inject(
        t.fac, AdHocInject(title="INJECT-FOR-BLUE", text="BLUE-ONLY", audience=["blue"])
    )
    g.release_ad_hoc_inject(
        t.fac, AdHocInject(title="INJECT-FOR-RED", text="RED-ONLY", audience=["red"])
    )
    g.release_ad_hoc_inject(t.fac, AdHocInject(title="INJECT-FOR-ALL", text="EVERYONE"))
    t.go_to("adjudication")
    # The white cell may adjudicate a sealed move before revealing (a covert action).
    adjudication = g.commit_adjudication(
        t.fac,
        AdjudicationRequest(
            method="ruling",
            narrative="ADJUDICATION-OF-BLUE-SECRET",
            rationale="ADJUDICATION-RATIONALE",
            move_id=blue_secret,
            outcome="success",
        ),
    )
    return World(blue_secret, blue_withdrawn, red_secret, blue_public, adjudication)


BLUE_ONLY = (
    "BLUE-SECRET",
    "BLUE-WITHDRAW",
    "WHITE-COUNTER-ON-BLUE-SECRET",
    "ADJUDICATION-OF-BLUE-SECRET",
    "ADJUDICATION-RATIONALE",
)
RED_ONLY = ("RED-SECRET",)
# Injects addressed to a team reach that team and the analysts, not the other team or the room.
FOR_BLUE = ("INJECT-FOR-BLUE", "BLUE-ONLY")
FOR_RED = ("INJECT-FOR-RED", "RED-ONLY")
WHITE_CELL = ("FACILITATOR-NOTE",)
ANALYSTS = ("OBSERVER-OBSERVATION",)


def test_each_viewer_gets_exactly_what_it_may_see(table: Table) -> None:
    t = table
    w = play_a_sealed_turn(t)
    q = t.q

    def ids(viewer: Viewer) -> set[int]:
        return {m.id for m in q.moves(viewer)}

    everyone = {w.blue_secret, w.blue_withdrawn, w.red_secret, w.blue_public}
    assert ids(FAC) == everyone
    assert ids(BLUE) == {w.blue_secret, w.blue_withdrawn, w.blue_public}
    assert ids(RED) == {w.red_secret, w.blue_public}
    assert ids(OBSERVER) == ids(PUBLIC) == {w.blue_public}

    seen = {v: everything(q, v) for v in (FAC, BLUE, RED, OBSERVER, PUBLIC)}
    for marker in BLUE_ONLY + RED_ONLY + FOR_BLUE + FOR_RED + WHITE_CELL + ANALYSTS:
        assert marker in seen[FAC], marker
    for marker in BLUE_ONLY:
        assert marker in seen[BLUE], marker
        for viewer in (RED, OBSERVER, PUBLIC):
            assert marker not in seen[viewer], (viewer, marker)
    for marker in RED_ONLY:
        assert marker in seen[RED], marker
        for viewer in (BLUE, OBSERVER, PUBLIC):
            assert marker not in seen[viewer], (viewer, marker)
    for marker in FOR_BLUE:
        assert marker in seen[BLUE] and marker in seen[OBSERVER], marker
        assert marker not in seen[RED] and marker not in seen[PUBLIC], marker
    for marker in FOR_RED:
        assert marker in seen[RED] and marker in seen[OBSERVER], marker
        assert marker not in seen[BLUE] and marker not in seen[PUBLIC], marker
    for marker in WHITE_CELL:
        for viewer in (BLUE, RED, OBSERVER, PUBLIC):
            assert marker not in seen[viewer], (viewer, marker)
    assert "OBSERVER-OBSERVATION" in seen[OBSERVER]
    for viewer in (BLUE, RED, PUBLIC):
        assert "OBSERVER-OBSERVATION" not in seen[viewer], viewer
    assert "RED-COUNTER-ON-BLUE-PUBLIC" in seen[PUBLIC]
    assert "INJECT-FOR-ALL" in seen[PUBLIC]

    # The projector: no notes, observations, findings or audit at all.
    public = q.record(PUBLIC)
    assert (public.notes, public.observations, public.findings, public.audit) == ((),) * 4
    assert "HOTWASH-FINDING" in seen[FAC] and "HOTWASH-FINDING" not in seen[PUBLIC]
    # Only the facilitator reads the audit trail and the notes.
    for viewer in (BLUE, RED, OBSERVER):
        assert q.audit(viewer) == () and q.notes(viewer) == ()
    assert {a.id for a in q.adjudications(RED)} == set()
    assert {a.id for a in q.adjudications(BLUE)} == {w.adjudication}

    # Revealing makes the moves and their adjudication everyone's — except the withdrawn one.
    t.game.reveal_moves(t.fac)
    assert ids(RED) == ids(OBSERVER) == ids(PUBLIC) == {w.blue_secret, w.red_secret, w.blue_public}
    assert {a.id for a in q.adjudications(PUBLIC)} == {w.adjudication}
    assert "BLUE-WITHDRAWN-TITLE" not in everything(q, RED)
    assert "INJECT-FOR-BLUE" not in everything(q, RED)
    assert "FACILITATOR-NOTE" not in everything(q, OBSERVER)


def test_commands_on_a_move_one_cannot_see_say_there_is_none(table: Table) -> None:
    t = table
    t.go_to("moves")
    secret = t.move(t.alice, "BLUE-SECRET")
    before = t.full_record()
    sentence = f"there is no move #{secret} you can see"
    with pytest.raises(NotFound, match=sentence) as info:
        t.game.counter_argue(t.bob, secret, "I know what you did")
    assert "BLUE-SECRET" not in str(info.value)
    with pytest.raises(NotFound, match=sentence):
        t.game.edit_move(
            t.bob,
            secret,
            MoveContent(title="Hijack", action="a", intended_result="b"),
            expected_version=1,
        )
    with pytest.raises(NotFound, match=sentence):
        t.game.withdraw_move(t.bob, secret, expected_version=1, reason="sabotage")
    with pytest.raises(NotFound, match=sentence):  # an observer sees no sealed move either
        t.game.edit_move(
            t.olga,
            secret,
            MoveContent(title="x", action="a", intended_result="b"),
            expected_version=1,
        )
    with pytest.raises(NotFound, match=sentence):
        t.game.withdraw_move(t.olga, secret, expected_version=1, reason="x")
    assert t.full_record() == before
    # Once revealed the move is seen, and still only its team may change it.
    t.go_to("adjudication")
    t.game.reveal_moves(t.fac)
    assert t.game.counter_argue(t.bob, secret, "Now I can argue") > 0


def test_facts_from_a_sealed_move_stay_with_its_team(table: Table) -> None:
    t = table
    t.go_to("moves")
    secret = t.move(t.alice, "Covert landing")
    t.go_to("adjudication")
    t.game.commit_adjudication(
        t.fac,
        AdjudicationRequest(
            method="ruling",
            narrative="They land unseen.",
            rationale="Night and fog",
            move_id=secret,
            outcome="success",
            establish_fact="BLUE-SECRET-FACT: Aurelian divers hold the lighthouse",
        ),
    )
    assert "BLUE-SECRET-FACT" in repr(t.q.record(BLUE))
    for viewer in (RED, OBSERVER, PUBLIC):
        assert "BLUE-SECRET-FACT" not in repr(t.q.record(viewer)), viewer


def test_a_player_changing_team_sees_as_the_new_team_from_the_next_turn(table: Table) -> None:
    t = table
    t.go_to("moves")
    t.game.assign(t.fac, t.alice, "red")
    t.next_turn_to("moves")
    blue_secret = t.move(t.carol, "BLUE-TURN-2-SECRET")
    with pytest.raises(NotFound, match="you can see"):
        t.game.edit_move(
            t.alice,
            blue_secret,
            MoveContent(title="x", action="a", intended_result="b"),
            expected_version=1,
        )
    viewer = t.q.viewer_for(t.alice)
    assert viewer.team_id == "red"
    assert "BLUE-TURN-2-SECRET" not in everything(t.q, viewer)


# ---------------------------------------------------------------------------- property


PLAYERS = {"alice": "blue", "carol": "blue", "bob": "red"}
steps = st.lists(
    st.one_of(
        st.tuples(st.just("submit"), st.sampled_from(sorted(PLAYERS)), st.booleans()),
        st.tuples(st.just("withdraw"), st.sampled_from(sorted(PLAYERS)), st.just(False)),
        st.tuples(st.just("reveal"), st.just(""), st.just(False)),
        st.tuples(st.just("next"), st.just(""), st.just(False)),
    ),
    min_size=1,
    max_size=12,
)


@dataclass
class Modelled:
    id: int
    team: str
    marker: str
    public: bool
    turn: int
    revealed: bool = False
    withdrawn: bool = False


@pytest.fixture(scope="module")
def seated_game(tmp_path_factory: pytest.TempPathFactory, tutorial_loaded: LoadedScenario) -> Path:
    """A closed game file with everyone seated and the game at turn 1's moves phase."""
    path = tmp_path_factory.mktemp("seated") / "seated.wargame"
    with make_table(str(path), tutorial_loaded) as t:
        t.go_to("moves")
    return path


_counter = itertools.count()


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(script=steps)
def test_no_team_ever_receives_another_teams_unrevealed_move(
    seated_game: Path, script: list[tuple[str, str, bool]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "g.wargame"
        shutil.copyfile(seated_game, path)
        game = Game.open(path)
        try:
            _play_and_check(game, script)
        finally:
            game.close()


def _play_and_check(game: Game, script: list[tuple[str, str, bool]]) -> None:
    q = game.queries()
    people = {p.name.lower(): p.id for p in q.participants()}
    fac = people["fay facilitator"]
    model: list[Modelled] = []
    for step, who, public in script:
        turn, phase = q.summary().turn, q.summary().phase_id
        if step == "submit":
            marker = f"SECRET{next(_counter):06d}X"
            if phase != "moves":
                with pytest.raises(WrongPhase):
                    game.submit_move(
                        people[who],
                        MoveContent(title=marker, action=marker, intended_result=marker),
                    )
                continue
            move = game.submit_move(
                people[who],
                MoveContent(
                    title=marker,
                    action=marker,
                    intended_result=marker,
                    visibility="public" if public else "secret",
                ),
            )
            model.append(Modelled(move, PLAYERS[who], marker, public, turn))
        elif step == "withdraw":
            mine = [
                m
                for m in model
                if m.team == PLAYERS[who]
                and m.turn == turn
                and not (m.revealed or m.public or m.withdrawn)
            ]
            if phase == "moves" and mine:
                game.withdraw_move(people[who], mine[-1].id, expected_version=1, reason="r")
                mine[-1].withdrawn = True
        elif step == "reveal":
            while q.summary().phase_id != "adjudication":
                game.advance(fac)
            game.reveal_moves(fac)
            for m in model:
                if m.turn == q.summary().turn and not m.withdrawn:
                    m.revealed = True
        elif turn < 3:
            while q.summary().turn == turn or q.summary().phase_id != "moves":
                game.advance(fac)
    for viewer, team in ((BLUE, "blue"), (RED, "red"), (OBSERVER, None), (PUBLIC, None)):
        expected = {
            m.id for m in model if m.team == team or (not m.withdrawn and (m.public or m.revealed))
        }
        assert {m.id for m in q.moves(viewer)} == expected, viewer
        seen = repr((q.record(viewer), q.adjudications(viewer), q.injects(viewer)))
        for m in model:
            if m.id not in expected:
                assert m.marker not in seen, (viewer, m)
        if team is not None:
            member = next(p for p, t in PLAYERS.items() if t == team)
            for m in model:
                if m.id not in expected:
                    with pytest.raises(NotFound, match=f"no move #{m.id} you can see"):
                        game.counter_argue(people[member], m.id, "guess")
