"""Adjudication: the umpire's ruling on a move or an open question, with its dice."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from wargame.game.cases.effects import EffectCases
from wargame.game.core import Actor, _adjudication_of, _audit, _clean, _next_sequence, _now
from wargame.game.errors import InvalidInput, NotFound, WrongPhase
from wargame.rules import adjudication as adj
from wargame.rules import dice as dice_rules
from wargame.rules import turns
from wargame.rules.errors import RuleError
from wargame.scenario.model import Effect, Method
from wargame.store import models as m


class AdjudicationCases(EffectCases):
    """Adjudication: the umpire's ruling on a move or an open question, with its dice."""

    def adjudicate(
        self,
        by: int,
        *,
        method: Method | str,
        move_id: int | None = None,
        narrative: str,
        rationale: str = "",
        physical_faces: Sequence[int] | None = None,
        strong_reasons: int | None = None,
        accepted_counters: Sequence[int] | None = None,
        adjustment: int = 0,
        rating: str | None = None,
        estimates: Mapping[str, int] | None = None,
        umpire_chance: int | None = None,
        table_id: str | None = None,
        outcome: str | None = None,
        effects: Sequence[Effect] = (),
        establish_fact: str | None = None,
        end_facts: Sequence[int] = (),
        tags: Sequence[str] = (),
    ) -> int:
        """Adjudicate a move (or an open question): roll, grade, narrate, apply effects.

        Rolls the game's digital dice unless ``physical_faces`` are typed in; records every
        roll in the hash chain; applies ``effects`` (and a table row's effects) to tracks
        and units; fires conditional injects whose condition now holds; keeps the ledger of
        established facts. All in one transaction.
        """
        try:
            method = Method(method)
        except ValueError:
            allowed = ", ".join(x.value for x in self.scenario.adjudication.methods)
            raise InvalidInput(f"unknown method '{method}' (allowed: {allowed})") from None
        narrative = _clean(narrative, "narrative")
        rationale = _clean(rationale, "rationale", required=method is Method.RULING)
        self._check_adjudication_inputs(method, outcome, estimates, tags)

        def body(s: Session, game: m.Game) -> int:
            actor = self._facilitator(s, by)
            self._check_phase(game, turns.Action.ADJUDICATE)
            rules = self.scenario.adjudication
            move = self._move(s, move_id, lock=True) if move_id is not None else None
            if move is not None:
                if move.status == "withdrawn" or move.voided_at is not None:
                    raise WrongPhase("that move was withdrawn or voided; it cannot be adjudicated")
                if _adjudication_of(s, move.id) is not None:
                    raise WrongPhase(
                        f"move #{move.id} is already adjudicated; void that ruling first"
                    )
                # A new version of the move: a withdrawal or edit read before this ruling
                # fails its version check (Conflict) instead of slipping in after it.
                move.updated_at = _now()
            try:
                spec = adj.required_dice(method, rules, table_id)
                roll = None
                if spec is not None:
                    sequence = _next_sequence(s, game.id)
                    roll = (
                        dice_rules.roll_physical(spec, list(physical_faces))
                        if physical_faces is not None
                        else dice_rules.roll_digital(game.seed, sequence, spec)
                    )
                inputs: dict[str, Any] = {}
                if method is Method.MATRIX:
                    assert roll is not None
                    counters = self._counters_for(s, move, accepted_counters)
                    given = len(move.reasons) if move is not None else 0
                    reasons_count = strong_reasons if strong_reasons is not None else given
                    if move is not None and reasons_count > given:
                        raise InvalidInput(
                            f"{reasons_count} strong reasons were counted but the move gives "
                            f"only {given}"
                        )
                    modifier, explained = adj.matrix_modifier(
                        reasons_count, len(counters), rules.matrix, adjustment
                    )
                    result = adj.adjudicate_matrix(roll, modifier, explained, rules.matrix)
                    for counter in self._all_counters(s, move):
                        counter.accepted = counter.id in {c.id for c in counters}
                    inputs = {
                        "strong_reasons": reasons_count,
                        "accepted_counters": [c.id for c in counters],
                        "adjustment": adjustment,
                    }
                elif method is Method.ODDS:
                    assert roll is not None
                    if rating is None:
                        raise InvalidInput("choose a rating on the odds scale")
                    result = adj.adjudicate_odds(rating, roll, rules.odds)
                    inputs = {"rating": rating}
                elif method is Method.PROBABILITY:
                    assert roll is not None
                    chance = adj.combine_estimates(
                        dict(estimates or {}), rules.probability.combine, umpire_chance
                    )
                    result = adj.adjudicate_probability(chance, roll, rules.probability)
                    inputs = {
                        "estimates": dict(estimates or {}),
                        "umpire_chance": umpire_chance,
                        "combine": rules.probability.combine,
                    }
                elif method is Method.TABLE:
                    assert roll is not None and table_id is not None
                    table = adj.find_table(rules, table_id)
                    result = adj.adjudicate_table(table, roll)
                    inputs = {"table": table_id}
                else:
                    if outcome is None:
                        raise InvalidInput("a ruling needs an outcome: success, partial or failure")
                    try:
                        graded = adj.Outcome(outcome)
                    except ValueError:
                        raise InvalidInput(
                            f"unknown outcome '{outcome}'; use success, partial or failure"
                        ) from None
                    result = adj.adjudicate_ruling(graded, rationale)
            except RuleError as exc:
                raise InvalidInput(str(exc)) from None
            inputs.update(
                tags=sorted(set(tags)),
                target=result.target,
                chance=result.chance,
                modifier=result.modifier,
                modifiers_explained=list(result.modifiers_explained),
                explanation=result.explanation,
            )
            row = m.Adjudication(
                game_id=game.id,
                turn=game.turn,
                move_id=move.id if move is not None else None,
                method=method.value,
                inputs=inputs,
                outcome=result.outcome.value,
                narrative=narrative,
                rationale=rationale,
                adjudicator_id=actor.participant_id,
                created_at=_now(),
            )
            s.add(row)
            s.flush()
            roll_row = None
            if roll is not None:
                roll_row = self._record_roll(
                    s, game, roll, row.id, f"adjudication #{row.id} ({method})"
                )
            all_effects = list(effects)
            if result.table_row is not None:
                all_effects.extend(result.table_row.effects)
            reason = f"adjudication #{row.id}: {result.outcome.value}"
            self._apply(s, game, actor, all_effects, reason, adjudication_id=row.id)
            self._facts(s, game, actor, establish_fact, end_facts, move, row, result.outcome)
            details: dict[str, Any] = {
                "method": method.value,
                "outcome": result.outcome.value,
                "move": move_id,
            }
            if roll_row is not None:
                # A second record of the chain's head: cutting rolls off the end shows.
                details["roll"] = {"sequence": roll_row.sequence, "hash": roll_row.hash}
            _audit(s, game.id, actor, "adjudication.record", "adjudication", row.id, details)
            return row.id

        return self._run("adjudicate", body, summary="adjudication")

    def _check_adjudication_inputs(
        self,
        method: Method,
        outcome: str | None,
        estimates: Mapping[str, int] | None,
        tags: Sequence[str],
    ) -> None:
        """Refuse inputs the method would ignore or that name nothing in the scenario."""
        if outcome is not None and method is not Method.RULING:
            raise InvalidInput(
                f"an outcome is given only with a ruling; the {method.value} method rolls "
                "dice and the dice decide the outcome"
            )
        teams = {t.id for t in self.scenario.teams}
        for team_id in estimates or {}:
            if team_id not in teams:
                raise InvalidInput(
                    f"the estimates name an unknown team '{team_id}' "
                    f"(teams: {', '.join(sorted(teams))})"
                )
        known = set(self.scenario.adjudication.move_tags)
        for tag in tags:
            if tag not in known:
                allowed = ", ".join(sorted(known)) or "none are declared"
                raise InvalidInput(f"unknown move tag '{tag}' (adjudication.move_tags: {allowed})")

    def _all_counters(self, s: Session, move: m.Move | None) -> list[m.CounterArgument]:
        if move is None:
            return []
        return list(
            s.scalars(
                select(m.CounterArgument).where(
                    m.CounterArgument.move_id == move.id, m.CounterArgument.voided_at.is_(None)
                )
            )
        )

    def _counters_for(
        self, s: Session, move: m.Move | None, accepted: Sequence[int] | None
    ) -> list[m.CounterArgument]:
        counters = self._all_counters(s, move)
        if accepted is None:
            return counters
        known = {c.id: c for c in counters}
        for cid in accepted:
            if cid not in known:
                raise NotFound(f"counter-argument #{cid} is not one against this move")
        return [known[cid] for cid in accepted]

    def _record_roll(
        self,
        s: Session,
        game: m.Game,
        roll: dice_rules.Roll,
        adjudication_id: int | None,
        purpose: str,
    ) -> m.Roll:
        previous = s.scalars(
            select(m.Roll).where(m.Roll.game_id == game.id).order_by(m.Roll.sequence.desc())
        ).first()
        sequence = 1 if previous is None else previous.sequence + 1
        prev_hash = dice_rules.GENESIS if previous is None else previous.hash
        payload = dice_rules.roll_payload(roll, {"purpose": purpose, "game": game.uid})
        entry = dice_rules.chain_entry(prev_hash, sequence, payload)
        row = m.Roll(
            game_id=game.id,
            sequence=sequence,
            adjudication_id=adjudication_id,
            purpose=purpose,
            dice=str(roll.spec),
            faces=list(roll.faces),
            source=roll.source,
            created_at=_now(),
            prev_hash=entry.prev_hash,
            hash=entry.hash,
        )
        s.add(row)
        s.flush()
        return row

    def _facts(
        self,
        s: Session,
        game: m.Game,
        actor: Actor,
        establish: str | None,
        end_facts: Sequence[int],
        move: m.Move | None,
        adjudication: m.Adjudication,
        outcome: adj.Outcome,
    ) -> None:
        for fact_id in end_facts:
            fact = s.get(m.Fact, fact_id)
            if fact is None or fact.game_id != game.id:
                raise NotFound(f"there is no established fact #{fact_id}")
            if fact.ended_turn is not None:
                raise InvalidInput(f"fact #{fact_id} was already ended in turn {fact.ended_turn}")
            fact.ended_turn = game.turn
            fact.ended_by_move_id = move.id if move is not None else None
            fact.ended_by_adjudication_id = adjudication.id
        if establish:
            text = _clean(establish, "established fact")
            if outcome is adj.Outcome.FAILURE:
                raise InvalidInput("a failed argument establishes no fact")
            fact = m.Fact(
                game_id=game.id,
                text=text,
                established_turn=game.turn,
                established_by_move_id=move.id if move is not None else None,
                established_by_adjudication_id=adjudication.id,
                created_at=_now(),
            )
            s.add(fact)
            s.flush()
            _audit(s, game.id, actor, "fact.establish", "fact", fact.id, {"text": text})
