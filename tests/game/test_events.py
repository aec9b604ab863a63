"""Events say which records a use case created, apart from those it only updated."""

from __future__ import annotations

from pathlib import Path

from wargame.game import Game, GameEvent, JoinRequest, MoveContent
from wargame.game.cases.adjudication import AdjudicationRequest
from wargame.scenario import load_scenario
from wargame.scenario.model import UnitMoveEffect

TUTORIAL = Path(__file__).resolve().parents[2] / "scenarios" / "tutorial.yaml"


def test_created_lists_inserted_records_only(tmp_path: Path) -> None:
    with Game.create(tmp_path / "e.wargame", load_scenario(TUTORIAL), seed=5) as game:
        fac = game.queries().participants()[0].id
        anna = game.join(fac, JoinRequest(name="Anna", role="player", team_id="blue"))
        game.start(fac)
        events: list[GameEvent] = []
        game.subscribe(events.append)
        game.advance(fac)
        advance = events[-1]
        assert ("game", game.game_id) in advance.records
        assert ("game", game.game_id) not in advance.created
        assert any(table == "phase_record" for table, _ in advance.created)
        move = game.submit_move(anna, MoveContent(title="T", action="A", intended_result="R"))
        assert ("move", move) in events[-1].created
        game.advance(fac)
        game.reveal_moves(fac)
        assert ("move", move) in events[-1].records and events[-1].created == tuple(
            (t, i) for t, i in events[-1].created if t == "audit"
        )
        adjudication = game.commit_adjudication(
            fac,
            AdjudicationRequest(
                method="ruling",
                narrative="N",
                rationale="R",
                move_id=move,
                outcome="success",
                effects=(UnitMoveEffect(kind="unit_move", unit="aurelian-frigates", to="strait"),),
            ),
        )
        created = {t for t, _ in events[-1].created}
        assert ("adjudication", adjudication) in events[-1].created
        assert {"effect", "inject_release"} <= created  # the red line fired its inject
