"""Evidence that cited a ruling voided and run again follows the re-run; else it says void.

The case that prompted it: an observation citing a ruling is undone, the ruling is undone
and redone (a redo runs the ruling again under a new id), and the observation is redone
(reinstated, same id). Its links still name the voided ruling; the chain shows the re-run.
"""

from __future__ import annotations

from wargame.game import MoveContent, Viewer
from wargame.game.analysis_views import EvidenceRef
from wargame.game.cases.adjudication import AdjudicationRequest
from wargame.game.cases.analysis import ObserveRequest
from wargame.game.voids import ReinstateRequest, VoidRequest, VoidTarget, created_targets
from wargame.scenario.model import UnitMoveEffect

from .support import Table

FAC = Viewer.facilitator()
INTO_STRAIT = UnitMoveEffect(kind="unit_move", unit="aurelian-frigates", to="strait")


def _created(t: Table) -> tuple[VoidTarget, ...]:
    targets = created_targets(t.events)
    t.events.clear()
    return targets


def _ruled(t: Table) -> tuple[int, AdjudicationRequest]:
    t.go_to("moves")
    move = t.move(t.alice, "Frigates to Kest", reasons=["Fishing rights"])
    t.game.advance(t.fac)
    request = AdjudicationRequest(
        method="matrix", move_id=move, narrative="They sail.", effects=(INTO_STRAIT,)
    )
    return move, request


def _evidence_of(t: Table, ruling: int) -> tuple[EvidenceRef, ...]:
    (adjudication,) = [a for a in t.q.adjudications(FAC) if a.id == ruling]
    effect = next(e for e in t.q.effects(FAC) if e.adjudication_id == ruling)
    return (
        EvidenceRef("adjudication", ruling),
        EvidenceRef("roll", adjudication.rolls[0].sequence),
        EvidenceRef("effect", effect.id),
    )


def test_a_reinstated_observation_follows_the_rerun_ruling(table: Table) -> None:
    t = table
    _, request = _ruled(t)
    t.events.clear()
    first = t.game.commit_adjudication(t.fac, request)
    ruled = _created(t)
    cited = _evidence_of(t, first)
    observation = t.game.record_observation(ObserveRequest(t.olga, "The strait.", evidence=cited))
    observed = _created(t)

    t.game.void_records(t.fac, VoidRequest(observed))  # undo the observation
    t.game.void_records(t.fac, VoidRequest(ruled))  # undo the ruling
    second = t.game.commit_adjudication(t.fac, request)  # redo runs it again
    t.game.reinstate(t.fac, ReinstateRequest(observed))  # redo brings the observation back

    chain = t.game.analysis().chain(FAC)
    back = chain.observation(observation)
    assert back is not None and second != first
    rerun = _evidence_of(t, second)
    assert back.evidence == rerun
    assert [(c.cited, c.now, c.void) for c in back.cited] == [
        (old, new, False) for old, new in zip(cited, rerun, strict=True)
    ]
    assert back.void_evidence == ()
    assert back.evidence_text().startswith(
        f"adjudication {second} (re-run of void adjudication {first}), roll "
    )


def test_evidence_of_a_ruling_voided_and_not_run_again_says_it_is_void(table: Table) -> None:
    t = table
    _, request = _ruled(t)
    first = t.game.commit_adjudication(t.fac, request)
    cited = _evidence_of(t, first)
    observation = t.game.record_observation(ObserveRequest(t.olga, "The strait.", evidence=cited))
    t.game.void(t.fac, "adjudication", first, reason="The wrong table was used")

    back = t.game.analysis().chain(FAC).observation(observation)
    assert back is not None
    assert back.evidence == cited  # what was cited, nothing in its place
    assert back.void_evidence == cited
    assert back.evidence_text() == ", ".join(f"{r.label} (void, not replaced)" for r in cited)


def test_evidence_of_an_amended_move_follows_the_correction(table: Table) -> None:
    t = table
    t.go_to("moves")
    move = t.move(t.alice, "Frigates to Kest")
    observation = t.game.record_observation(
        ObserveRequest(t.olga, "Blue moved first.", evidence=(EvidenceRef("move", move),))
    )
    t.game.advance(t.fac)
    t.game.reveal_moves(t.fac)
    amended = t.game.amend_move(
        t.fac,
        move,
        MoveContent(title="Frigates to Kest, escorted", action="a", intended_result="i"),
        reason="The team's sheet said escorted",
    )
    back = t.game.analysis().chain(FAC).observation(observation)
    assert back is not None
    assert back.evidence == (EvidenceRef("move", amended),)
    assert back.evidence_text() == f"move {amended} (correction of void move {move})"
