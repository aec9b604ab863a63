"""Red lines whose triggers read the game's history are recorded, shown and voided.

Each trigger kind (a move by a team or with a tag adjudicated with an outcome, a turn or
phase reached, an inject released, a fact established) and each combinator (all, any, not)
crosses its line at the point the history changes: after an adjudication, an inject's
release, a phase change or an effect. The crossing is recorded once, shows in the state
every view reads, and a void that takes its cause away un-crosses it; a once-per-game
inject fired by a crossing fires once, and again after its release was voided.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from wargame.game import Game, JoinRequest, MoveContent, Viewer
from wargame.game.cases.adjudication import AdjudicationRequest
from wargame.game.core import utc_now
from wargame.game.replay import ReplayQueries
from wargame.game.voids import VoidKind, VoidRequest, VoidTarget, created_targets
from wargame.scenario import LoadedScenario, load_scenario
from wargame.scenario.model import FactEstablishEffect, TrackEffect, UnitCreateEffect

from .support import Table, make_table, sqlite_rows

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios"


@pytest.fixture(scope="module")
def lines_loaded() -> LoadedScenario:
    return load_scenario(FIXTURES / "red-lines-history.yaml")


@pytest.fixture
def t(tmp_path: Path, lines_loaded: LoadedScenario) -> Iterator[Table]:
    with make_table(str(tmp_path / "game.wargame"), lines_loaded) as table:
        yield table


def _crossed(t: Table) -> dict[str, int | None]:
    """Red line id → turn first crossed, for the lines crossed now (as every view reads)."""
    return {r.id: r.first_crossed_turn for r in t.q.state().red_lines if r.crossed}


def _recorded(tmp_path: Path) -> list[tuple[str, str]]:
    """The crossing lines of the audit trail: (action, red line), in order."""
    rows = sqlite_rows(
        tmp_path / "game.wargame",
        "SELECT action, json_extract(details, '$.red_line') FROM audit "
        "WHERE action LIKE 'red_line.%' ORDER BY id",
    )
    return [(str(a), str(b)) for a, b in rows]


def _ruling(t: Table, by: int, outcome: str, tags: tuple[str, ...] = ()) -> int:
    """A move by ``by``'s team in the moves phase, ruled on in the adjudication phase."""
    t.go_to("moves")
    move = t.move(by, f"Move ending in {outcome}")
    t.go_to("adjudication")
    return t.game.commit_adjudication(
        t.fac,
        AdjudicationRequest(
            method="ruling",
            narrative="What happened.",
            rationale="The umpire's reasons.",
            move_id=move,
            outcome=outcome,
            tags=tuple(tags),
        ),
    )


FAC = Viewer.facilitator()


def test_a_move_by_a_team_adjudicated_with_the_outcome_crosses_its_line(
    t: Table, tmp_path: Path
) -> None:
    _ruling(t, t.alice, "partial")
    assert "blue-succeeds" not in _crossed(t)
    _ruling_next_turn(t, t.alice, "success")
    assert _crossed(t)["blue-succeeds"] == 2
    assert _crossed(t)["answered"] == 2  # a line on that line, crossed in the same step
    assert _recorded(tmp_path).count(("red_line.crossed", "blue-succeeds")) == 1


def _ruling_next_turn(t: Table, by: int, outcome: str, tags: tuple[str, ...] = ()) -> int:
    t.next_turn_to("moves")
    return _ruling(t, by, outcome, tags)


def test_a_move_with_a_tag_adjudicated_with_the_outcome_crosses_its_line(t: Table) -> None:
    _ruling(t, t.bob, "failure", ("strike",))
    assert "strike" not in _crossed(t)
    _ruling_next_turn(t, t.bob, "partial", ("talks",))
    assert "strike" not in _crossed(t)
    _ruling_next_turn(t, t.bob, "partial", ("strike",))
    assert _crossed(t)["strike"] == 3


def test_a_turn_and_phase_reached_cross_their_lines_at_the_phase_change(
    t: Table, tmp_path: Path
) -> None:
    t.go_to("moves")
    t.next_turn_to("moves")
    assert "turn-two" not in _crossed(t)
    t.go_to("adjudication")
    assert _crossed(t)["turn-two"] == 2
    assert ("red_line.crossed", "turn-two") in _recorded(tmp_path)


def test_an_inject_released_crosses_its_line(t: Table, tmp_path: Path) -> None:
    t.go_to("moves")
    t.game.release_inject(t.fac, "warning")
    assert _crossed(t)["warned"] == 1
    assert ("red_line.crossed", "warned") in _recorded(tmp_path)


def test_a_fact_established_by_an_effect_crosses_its_line(t: Table) -> None:
    t.go_to("adjudication")
    t.game.apply_effects(
        t.fac, [FactEstablishEffect(kind="fact_establish", fact="ceasefire")], reason="Talks"
    )
    assert _crossed(t)["truce"] == 1


def test_all_needs_every_part_and_any_needs_one(t: Table) -> None:
    _ruling(t, t.bob, "success")
    assert "both" not in _crossed(t)  # tension 0: the move alone is not enough
    t.game.apply_effects(
        t.fac, [TrackEffect(kind="track", track="tension", delta=2)], reason="Border clash"
    )
    assert _crossed(t)["both"] == 1
    assert "either" not in _crossed(t)
    t.game.release_inject(t.fac, "second-warning")
    assert _crossed(t)["either"] == 1


def test_not_holds_until_the_fact_is_established(t: Table) -> None:
    t.go_to("moves")
    t.next_turn_to("moves")
    assert "no-truce-late" not in _crossed(t)
    t.next_turn_to("moves")
    assert _crossed(t)["no-truce-late"] == 3


def test_not_keeps_its_line_uncrossed_when_the_fact_came_first(t: Table) -> None:
    t.go_to("adjudication")
    t.game.apply_effects(
        t.fac, [FactEstablishEffect(kind="fact_establish", fact="ceasefire")], reason="Talks"
    )
    t.next_turn_to("moves")
    t.next_turn_to("moves")
    assert "no-truce-late" not in _crossed(t)


def test_a_crossing_fires_its_once_per_game_inject_once(t: Table) -> None:
    _ruling(t, t.alice, "success")
    _ruling_next_turn(t, t.alice, "success")
    fired = [i.inject_id for i in t.q.injects(FAC) if not i.voided]
    assert fired.count("reprisal") == 1
    assert t.q.state().track("tension").value == 1


def test_voiding_the_ruling_uncrosses_its_line_and_voids_the_inject_it_fired(
    t: Table, tmp_path: Path
) -> None:
    ruling = _ruling(t, t.alice, "success")
    preview = t.game.void_preview("adjudication", ruling)
    assert preview.red_lines_uncrossed == ("Blue succeeds", "Borovia answers")
    assert any("Reprisal" in item.description for item in preview.voided)

    t.game.void(t.fac, "adjudication", ruling, reason="Misread the move")

    assert "blue-succeeds" not in _crossed(t)
    assert all(i.voided for i in t.q.injects(FAC) if i.inject_id == "reprisal")
    assert t.q.state().track("tension").value == 0
    assert ("red_line.uncrossed", "blue-succeeds") in _recorded(tmp_path)[-2:]


def test_after_a_void_the_line_is_crossed_and_its_inject_fires_again(
    t: Table, tmp_path: Path
) -> None:
    ruling = _ruling(t, t.alice, "success")
    t.game.void(t.fac, "adjudication", ruling, reason="Misread the move")
    _ruling_next_turn(t, t.alice, "success")

    assert _crossed(t)["blue-succeeds"] == 2
    live = [i.inject_id for i in t.q.injects(FAC) if not i.voided]
    assert live.count("reprisal") == 1
    assert t.q.state().track("tension").value == 1
    crossings = [r for r in _recorded(tmp_path) if r[1] == "blue-succeeds"]
    assert crossings == [
        ("red_line.crossed", "blue-succeeds"),
        ("red_line.uncrossed", "blue-succeeds"),
        ("red_line.crossed", "blue-succeeds"),
    ]


def test_voiding_a_release_uncrosses_the_line_it_crossed(t: Table) -> None:
    t.go_to("moves")
    release = t.game.release_inject(t.fac, "warning")
    cascade = t.game.void(t.fac, "inject", release, reason="Released too early")
    assert cascade.red_lines_uncrossed == ("Warning given",)
    assert "warned" not in _crossed(t)


def test_the_state_of_each_turn_shows_when_each_line_was_crossed(t: Table) -> None:
    _ruling(t, t.alice, "success")
    t.next_turn_to("adjudication")
    by_turn = {s.turn: s for s in t.q.states_by_turn()}
    first = {r.id: r.crossed for r in by_turn[1].red_lines}
    second = {r.id: r.crossed for r in by_turn[2].red_lines}
    assert first["blue-succeeds"] and not first["turn-two"]
    assert second["turn-two"]


def test_the_adjudication_preview_names_the_line_a_ruling_would_cross(t: Table) -> None:
    t.go_to("moves")
    move = t.move(t.alice, "Seize the ferry")
    t.go_to("adjudication")
    request = AdjudicationRequest(
        method="ruling",
        move_id=move,
        narrative="The ferry is taken.",
        rationale="Nobody guards it.",
        outcome="success",
        tags=("strike",),
    )
    preview = t.game.preview_adjudication(t.fac, request)
    names = [line.name for line in preview.red_lines]
    assert names == ["Blue succeeds", "A strike lands", "Borovia answers"]
    assert preview.injects == ("Reprisal",)
    assert _crossed(t) == {}  # a preview records nothing


def test_the_replay_shows_the_line_crossed_from_the_moment_of_the_ruling(t: Table) -> None:
    _ruling(t, t.alice, "success")
    replay = ReplayQueries(t.game)
    moments = replay.moments(FAC)
    ruling = next(mo for mo in moments if mo.kind == "adjudication")
    before = next(mo for mo in moments if mo.kind == "move")
    crossed_after = {r.id for r in replay.state_after(ruling).red_lines if r.crossed}
    crossed_before = {r.id for r in replay.state_after(before).red_lines if r.crossed}
    assert "blue-succeeds" in crossed_after
    assert "blue-succeeds" not in crossed_before


@pytest.fixture
def t_backend(backend: str, lines_loaded: LoadedScenario) -> Iterator[Table]:
    """The same game on each backend (a file, and PostgreSQL when a cluster can start)."""
    with make_table(backend, lines_loaded) as table:
        yield table


def test_a_history_crossing_and_its_void_on_each_backend(t_backend: Table) -> None:
    t = t_backend
    ruling = _ruling(t, t.alice, "success", ("strike",))
    assert {"blue-succeeds", "strike"} <= set(_crossed(t))
    assert [i.inject_id for i in t.q.injects(FAC) if not i.voided] == ["reprisal"]
    t.game.void(t.fac, "adjudication", ruling, reason="Misread the move")
    assert not {"blue-succeeds", "strike"} & set(_crossed(t))
    assert [i.inject_id for i in t.q.injects(FAC) if not i.voided] == []


def test_an_automatic_inject_leaves_out_an_effect_that_no_longer_applies(
    tmp_path: Path,
) -> None:
    kest = load_scenario(FIXTURES / "kest-coalitions.yaml")
    path = tmp_path / "kest.wargame"
    with make_table(str(path), kest) as t:
        t.go_to("moves")
        move = t.move(t.alice, "Escort the survey ship")
        t.go_to("adjudication")
        early = UnitCreateEffect(
            kind="unit_create", unit="borovian-corvette", region="borovian-waters"
        )
        t.game.apply_effects(t.fac, [early], reason="The corvette sailed early")
        before = t.q.state().track("escalation").value

        t.game.commit_adjudication(
            t.fac,
            AdjudicationRequest(
                method="ruling", narrative="n", rationale="r", move_id=move, outcome="success"
            ),
        )

        assert [i.inject_id for i in t.q.injects(FAC)] == ["corvette-sails"]
        state = t.q.state()
        assert state.unit("borovian-corvette").region == "borovian-waters"
        assert state.track("escalation").value == before + 1  # its other effect applies
    rows = sqlite_rows(path, "SELECT details FROM audit WHERE action = 'effect.skip'")
    assert len(rows) == 1 and "already on the map" in str(rows[0][0])


def _advance_and_find_its_phase(t: Table) -> tuple[VoidTarget, ...]:
    """Advance one phase; what undoing it voids (the phase change's record last)."""
    t.events.clear()
    t.game.advance(t.fac)
    targets = created_targets(t.events)
    assert targets[-1].kind is VoidKind.PHASE
    return targets


def test_undoing_a_phase_change_uncrosses_a_turn_reached_line(t: Table, tmp_path: Path) -> None:
    t.go_to("moves")
    t.next_turn_to("moves")
    targets = _advance_and_find_its_phase(t)
    assert "turn-two" in _crossed(t)
    (cascade,) = t.game.void_records(t.fac, VoidRequest(targets))
    assert cascade.red_lines_uncrossed == ("Second day's rulings",)
    assert "turn-two" not in _crossed(t)
    assert _recorded(tmp_path)[-2:] == [
        ("red_line.crossed", "turn-two"),
        ("red_line.uncrossed", "turn-two"),
    ]


def test_voiding_a_phase_change_takes_along_the_inject_it_fired(tmp_path: Path) -> None:
    kest = load_scenario(FIXTURES / "kest-coalitions.yaml")
    with make_table(str(tmp_path / "kest.wargame"), kest) as t:
        t.go_to("moves")
        t.next_turn_to("moves")
        phase = _advance_and_find_its_phase(t)[-1]  # turn 2's adjudication: "Second night"
        preview = t.game.void_preview("phase", phase.record_id)
        cascade = t.game.void(t.fac, "phase", phase.record_id, reason="Advanced too early")
        assert cascade == preview
        assert [item.kind for item in cascade.voided] == [VoidKind.INJECT] + [VoidKind.EFFECT] * 2
        assert cascade.reinjectable == ("Second night",)
        assert t.phase() == (2, "moves")
        assert all(i.voided for i in t.q.injects(FAC))
        assert t.q.state().track("support").value == 5
        t.game.advance(t.fac)  # and it fires again when the phase is reached again
        live = [i.inject_id for i in t.q.injects(FAC) if not i.voided]
        assert live == ["second-night"]


def test_the_records_of_one_action_get_times_in_the_order_they_were_written(
    t: Table, tmp_path: Path
) -> None:
    _ruling(t, t.alice, "success")  # the ruling fires "Reprisal", whose effect moves a track
    path = tmp_path / "game.wargame"
    (ruled,) = sqlite_rows(path, "SELECT max(created_at) FROM adjudication")
    (released,) = sqlite_rows(path, "SELECT released_at FROM inject_release")
    (moved,) = sqlite_rows(path, "SELECT created_at FROM effect")
    assert str(ruled[0]) < str(released[0]) < str(moved[0])


def test_the_record_clock_never_gives_the_same_time_twice() -> None:
    times = [utc_now() for _ in range(5000)]  # faster than the system clock ticks
    assert all(a < b for a, b in itertools.pairwise(times))


def test_a_void_takes_along_a_chain_of_injects_fired_by_history(tmp_path: Path) -> None:
    """A restore ruling fires "The crew is back", whose release fires "Monday is coming"."""
    ransomware = load_scenario(FIXTURES / "ransomware.yaml")
    with Game.create(tmp_path / "r.wargame", ransomware, seed=3) as game:
        fac = game.queries().participants()[0].id
        dana = game.join(fac, JoinRequest(name="Dana", role="player", team_id="defenders"))
        game.join(fac, JoinRequest(name="Rex", role="player", team_id="attackers"))
        game.start(fac)
        move = game.submit_move(dana, MoveContent(title="Restore", action="a", intended_result="r"))
        game.advance(fac)
        ruling = game.commit_adjudication(
            fac,
            AdjudicationRequest(
                method="ruling",
                move_id=move,
                narrative="Restored.",
                rationale="The backup was there.",
                outcome="success",
                tags=("restore",),
            ),
        )
        fired = [i.inject_id for i in game.queries().injects(FAC)]
        assert fired == ["crew-returns", "monday-deadline"]

        cascade = game.void(fac, "adjudication", ruling, reason="Restore ruled too early")

        voided = [item.description for item in cascade.voided if item.kind is VoidKind.INJECT]
        assert voided == [
            "inject 'The crew is back' (turn 1)",
            "inject 'Monday is coming' (turn 1)",
        ]
        assert all(i.voided for i in game.queries().injects(FAC))
        assert "encrypted" not in game.queries().state().facts


def test_voiding_an_adjudicated_move_takes_its_ruling_along(t: Table) -> None:
    t.go_to("moves")
    move = t.move(t.alice, "Seize the ferry")
    t.go_to("adjudication")
    ruling = t.game.commit_adjudication(
        t.fac,
        AdjudicationRequest(
            method="ruling",
            move_id=move,
            narrative="Taken.",
            rationale="Unguarded.",
            outcome="success",
        ),
    )
    preview = t.game.void_preview("move", move)
    assert preview.voided[0].kind is VoidKind.ADJUDICATION
    assert preview.voided[0].record_id == ruling
    assert "Blue succeeds" in preview.red_lines_uncrossed

    t.game.void(t.fac, "move", move, reason="Entered for the wrong team")

    assert all(a.voided for a in t.q.adjudications(FAC))
    assert "blue-succeeds" not in _crossed(t)
    assert t.q.state().track("tension").value == 0  # the reprisal it fired went too
