"""Corrections: voiding and amending what was recorded (nothing is deleted)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from wargame.game.core import GameCore, _audit, _clean, _move_fields, _now, _void
from wargame.game.errors import InvalidInput, NotFound
from wargame.store import models as m

_VOIDABLE: dict[str, type[Any]] = {
    "move": m.Move,
    "counter_argument": m.CounterArgument,
    "adjudication": m.Adjudication,
    "effect": m.Effect,
    "inject": m.InjectRelease,
    "note": m.Note,
    "observation": m.Observation,
    "hotwash": m.HotwashFinding,
}


class CorrectionCases(GameCore):
    """Corrections: voiding and amending what was recorded (nothing is deleted)."""

    def void(self, by: int, kind: str, record_id: int, *, reason: str) -> None:
        """Void a record (a correction): it stays, marked void, with who, when and why.

        Voiding an adjudication voids its effects too; voiding an effect undoes it in the
        derived state. Nothing is deleted.
        """
        reason = _clean(reason, "reason")
        table = _VOIDABLE.get(kind)
        if table is None:
            raise InvalidInput(
                f"'{kind}' records cannot be voided (voidable: {', '.join(sorted(_VOIDABLE))})"
            )

        def body(s: Session, game: m.Game) -> None:
            actor = self._facilitator(s, by)
            row = s.get(table, record_id)
            if row is None or row.game_id != game.id:
                raise NotFound(f"there is no {kind} #{record_id} in this game")
            if row.voided_at is not None:
                raise InvalidInput(f"{kind} #{record_id} is already void")
            _void(row, actor, reason)
            if kind == "inject":
                for eff in s.scalars(
                    select(m.Effect).where(
                        m.Effect.inject_release_id == row.id, m.Effect.voided_at.is_(None)
                    )
                ):
                    _void(eff, actor, f"inject #{row.id} voided: {reason}")
            if kind == "adjudication":
                for eff in s.scalars(
                    select(m.Effect).where(
                        m.Effect.adjudication_id == row.id, m.Effect.voided_at.is_(None)
                    )
                ):
                    _void(eff, actor, f"adjudication #{row.id} voided: {reason}")
                for fact in s.scalars(
                    select(m.Fact).where(m.Fact.established_by_adjudication_id == row.id)
                ):
                    if fact.ended_turn is None:
                        fact.ended_turn = game.turn
                        fact.ended_by_adjudication_id = row.id
                for fact in s.scalars(
                    select(m.Fact).where(m.Fact.ended_by_adjudication_id == row.id)
                ):
                    if fact.established_by_adjudication_id != row.id:
                        # The ruling that ended this fact is void: the fact is in force again.
                        fact.ended_turn = None
                        fact.ended_by_move_id = None
                        fact.ended_by_adjudication_id = None
            _audit(s, game.id, actor, f"{kind}.void", table.__tablename__, row.id, {}, reason)

        self._run("void", body)

    def amend_move(
        self,
        by: int,
        move_id: int,
        *,
        reason: str,
        title: str,
        action: str,
        intended_result: str,
        reasons: Sequence[str] = (),
    ) -> int:
        """Correct a move after reveal: the old one is voided and superseded by a new one."""
        reason = _clean(reason, "reason")
        fields = _move_fields(title, action, intended_result, reasons, "public")

        def body(s: Session, game: m.Game) -> int:
            actor = self._facilitator(s, by)
            self._check_running(game)
            old = self._move(s, move_id)
            if old.voided_at is not None:
                raise InvalidInput(f"move #{move_id} is already void")
            now = _now()
            new = m.Move(
                game_id=game.id,
                turn=old.turn,
                team_id=old.team_id,
                author_id=old.author_id,
                status=old.status,
                created_at=now,
                updated_at=now,
                revealed_at=old.revealed_at,
                **fields,
            )
            new.visibility = old.visibility
            s.add(new)
            s.flush()
            _void(old, actor, reason)
            old.superseded_by_id = new.id
            _audit(s, game.id, actor, "move.amend", "move", new.id, {"supersedes": old.id}, reason)
            return new.id

        return self._run("amend_move", body)
