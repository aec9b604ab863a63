"""Values a game file may hold as SQL but not as a game: checked once when a game is opened.

The store checks each value's kind (:mod:`wargame.store.checks`); this checks what only the
game knows: the phase is one of the scenario's, every turn is one of the scenario's turns,
every roll's dice and faces are possible. A damaged file is refused with one sentence
naming the row, instead of failing later in the app, a report or an export.
"""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from wargame.game.errors import GameFileProblem
from wargame.rules import dice as dice_rules
from wargame.rules.errors import RuleError
from wargame.scenario import Scenario
from wargame.store import models as m

__all__ = ["check_game_values"]

_TURNED = (
    m.PhaseRecord,
    m.Move,
    m.Adjudication,
    m.Effect,
    m.InjectRelease,
    m.Note,
    m.Observation,
    m.ChainLink,
)


def _damaged(where: str, detail: str) -> GameFileProblem:
    return GameFileProblem(
        f"the game file is damaged: {detail} (in {where}); open a backup copy instead"
    )


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 42 else text[:40] + "…"


def check_game_values(s: Session, game: m.Game, scenario: Scenario, where: str) -> None:
    """Refuse a game whose phase, turns or rolls cannot be what wargame wrote.

    Raises:
        GameFileProblem: ``the game file is damaged: …``, naming the row.
    """
    phases = {phase.id for phase in scenario.turn_plan.phases}
    if game.phase_id is not None and game.phase_id not in phases:
        raise _damaged(
            where, f"the game is in phase {_shown(game.phase_id)}, which its scenario does not have"
        )
    if not 0 <= game.turn <= scenario.turn_plan.turns + 1:
        raise _damaged(where, f"the game is in turn {game.turn}, which its scenario does not have")
    # Turns are bounded by the scenario's plan, not by where the game stands now: a phase
    # change can be undone, leaving rows of a turn the game has stepped back from.
    last = max(scenario.turn_plan.turns, 0) + 1
    for model in _TURNED:
        table = m.Base.metadata.tables[model.__tablename__]
        bad = s.execute(
            select(table.c.id, table.c.turn)
            .where(table.c.game_id == game.id, or_(table.c.turn < 0, table.c.turn > last))
            .limit(1)
        ).first()
        if bad is not None:
            raise _damaged(
                where,
                f"{table.name.replace('_', ' ')} #{bad[0]} is in turn {bad[1]}, which the "
                f"scenario does not have (it has {scenario.turn_plan.turns})",
            )
    for roll_id, sequence, dice, faces in s.execute(
        select(m.Roll.id, m.Roll.sequence, m.Roll.dice, m.Roll.faces).where(
            m.Roll.game_id == game.id
        )
    ):
        try:
            if sequence < 1:
                raise RuleError(f"its sequence number is {sequence}")
            spec = dice_rules.DiceSpec.parse(dice)
            if not isinstance(faces, list):
                raise RuleError(f"its faces are {_shown(faces)}, not a list")
            dice_rules.roll_physical(spec, faces)
        except RuleError as exc:
            raise _damaged(
                where, f"roll #{roll_id} ({_shown(dice)}) is not a possible roll: {exc}"
            ) from None
