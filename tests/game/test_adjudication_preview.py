"""One adjudication engine: the preview runs the commit's code and writes nothing."""

from __future__ import annotations

from wargame.game import Viewer
from wargame.game.cases.adjudication import AdjudicationRequest
from wargame.scenario.model import UnitMoveEffect

from .support import Table

FAC = Viewer.facilitator()
INTO_STRAIT = UnitMoveEffect(kind="unit_move", unit="aurelian-frigates", to="strait")


def _matrix(t: Table) -> AdjudicationRequest:
    t.go_to("moves")
    move = t.move(t.alice, "Frigates to Kest", reasons=["Fishing rights", "Old treaty"])
    t.game.advance(t.fac)
    return AdjudicationRequest(
        method="matrix", move_id=move, narrative="They sail.", effects=(INTO_STRAIT,)
    )


def test_a_preview_without_dice_gives_the_odds_and_the_effects_only(file_table: Table) -> None:
    t = file_table
    preview = t.game.preview_adjudication(t.fac, _matrix(t))
    assert preview.odds is not None
    assert abs(sum(preview.odds.values()) - 1) < 1e-9
    assert preview.inputs_text.startswith("Modifier +2")
    assert (preview.faces, preview.outcome, preview.dice) == (None, None, "2d6")
    assert preview.effects[0] == "2nd Frigate Squadron: Aurelian waters → The Strait"
    assert [r.name for r in preview.red_lines] == ["Aurelian warships in the strait"]
    assert preview.injects == ("Borovian ultimatum",)
    assert preview.problem == ""


def test_a_rolled_preview_shows_what_the_commit_records(file_table: Table) -> None:
    t = file_table
    request = _matrix(t)
    preview = t.game.preview_adjudication(t.fac, request, roll=True)
    assert preview.faces is not None and preview.sequence == 1 and preview.outcome
    assert t.q.rolls() == ()  # nothing was written
    assert t.q.injects(FAC) == ()
    assert t.q.state().unit("aurelian-frigates").region == "aurelian-waters"

    made = t.game.commit_adjudication(t.fac, request)

    (ruling,) = t.q.adjudications(FAC)
    assert ruling.id == made
    assert (ruling.outcome, tuple(ruling.rolls[0].faces)) == (preview.outcome, preview.faces)
    assert [i.title for i in t.q.injects(FAC)] == list(preview.injects)


def test_a_preview_names_the_problem_and_keeps_the_consequences(file_table: Table) -> None:
    t = file_table
    request = AdjudicationRequest(
        method="ruling", narrative="", rationale="Obvious", outcome="success"
    )
    t.go_to("adjudication")
    preview = t.game.preview_adjudication(t.fac, request)
    assert preview.problem == "the narrative is empty; write something"
    assert preview.outcome == "success"
    bad = t.game.preview_adjudication(t.fac, AdjudicationRequest(method="odds", narrative="n"))
    assert bad.problem == "choose a rating on the odds scale"
