"""Adjudication: the umpire's ruling on a move or an open question, with its dice.

One engine for the dialog and the record: :meth:`AdjudicationCases.preview_adjudication`
runs the very code of :meth:`AdjudicationCases.commit_adjudication` in a transaction it
rolls back, and reads what it would have written (the roll, the outcome, effects, red lines
crossed, conditional injects fired, facts). The dialog shows that preview and commits the
same :class:`AdjudicationRequest`.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from wargame.game.cases.effects import EffectCases
from wargame.game.chain import roll_context
from wargame.game.core import (
    Actor,
    adjudication_of,
    audit,
    clean_text,
    effect_from_record,
    next_roll_sequence,
    use_case,
    utc_now,
)
from wargame.game.errors import GameError, InvalidInput, NotFound, WrongPhase
from wargame.rules import adjudication as adj
from wargame.rules import dice as dice_rules
from wargame.rules import turns
from wargame.rules.effects import apply_effect
from wargame.rules.errors import RuleError
from wargame.scenario.model import Effect, Method
from wargame.store import models as m


@dataclass(frozen=True)
class AdjudicationRequest:
    """Everything the umpire decides for one adjudication; previewed, then committed.

    Attributes:
        method: One of the scenario's adjudication methods.
        move_id: The move judged, or None for an open question.
        physical_faces: Dice thrown at the table and typed in; None rolls the game's dice.
        strong_reasons / accepted_counters / adjustment: a matrix argument's inputs (None:
            all the move's reasons, all its counter-arguments).
        rating: the odds scale's rating. estimates / umpire_chance: estimative probability.
        table_id: the lookup table. outcome: a ruling's outcome (success, partial, failure).
        effects: effects on tracks and units besides a table row's own.
        establish_fact / end_facts: a matrix game's facts.
        tags: the scenario's move tags put on the move (for ``move_adjudicated`` triggers).
        announce_rationale: the rationale was read out to the room, so the public edition
            of the report prints it (otherwise only the facilitator edition does).
    """

    method: Method | str
    narrative: str = ""
    rationale: str = ""
    move_id: int | None = None
    physical_faces: tuple[int, ...] | None = None
    strong_reasons: int | None = None
    accepted_counters: tuple[int, ...] | None = None
    adjustment: int = 0
    rating: str | None = None
    estimates: Mapping[str, int] | None = None
    umpire_chance: int | None = None
    table_id: str | None = None
    outcome: str | None = None
    effects: tuple[Effect, ...] = ()
    establish_fact: str | None = None
    end_facts: tuple[int, ...] = ()
    tags: tuple[str, ...] = ()
    announce_rationale: bool = False

    def __post_init__(self) -> None:
        # A list typed in (a script, a form) is kept as a tuple: the request stays frozen.
        for name in ("physical_faces", "accepted_counters", "effects", "end_facts", "tags"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, tuple):
                object.__setattr__(self, name, tuple(value))


@dataclass(frozen=True)
class RedLineCrossing:
    """A red line an adjudication would cross, with what its owner declared."""

    name: str
    declared_consequence: str


@dataclass(frozen=True)
class AdjudicationPreview:
    """What a request gives, computed by the commit's own code and rolled back.

    Attributes:
        odds: The chance of each outcome (success, partial, failure) before the dice; None
            for a ruling.
        inputs_text: How the inputs combine ("Modifier +1: …", "Combined chance: 40%").
        dice / sides: What is rolled ("2d6"; six sides), None for a ruling.
        faces / sequence: The roll and its number in the game's chain, once there is one.
        outcome / explanation: The outcome and why, once it is decided.
        effects: One line per effect on tracks and units, in order.
        red_lines: Red lines newly crossed.
        injects: Titles of the conditional injects that would fire.
        facts_established / facts_ended: Facts of a matrix game.
        problem: Why the request cannot be recorded as it stands ("" when it can).
    """

    odds: Mapping[str, float] | None = None
    inputs_text: str = ""
    dice: str | None = None
    sides: int | None = None
    faces: tuple[int, ...] | None = None
    sequence: int | None = None
    outcome: str | None = None
    explanation: str = ""
    effects: tuple[str, ...] = ()
    red_lines: tuple[RedLineCrossing, ...] = ()
    injects: tuple[str, ...] = ()
    facts_established: tuple[str, ...] = ()
    facts_ended: tuple[str, ...] = ()
    problem: str = ""


@dataclass(frozen=True)
class _Grading:
    odds: dict[adj.Outcome, float] | None
    result: adj.AdjudicationResult | None
    inputs: dict[str, Any]
    inputs_text: str
    counters: list[m.CounterArgument]


class _Rollback(Exception):
    def __init__(self, preview: AdjudicationPreview) -> None:
        super().__init__("preview")
        self.preview = preview


class AdjudicationCases(EffectCases):
    """Adjudication: the umpire's ruling on a move or an open question, with its dice."""

    @use_case("adjudicate", summary="adjudication")
    def commit_adjudication(
        self, s: Session, game: m.Game, by: int, request: AdjudicationRequest
    ) -> int:
        """Adjudicate a move (or an open question): roll, grade, narrate, apply effects.

        Rolls the game's digital dice unless ``physical_faces`` are typed in; records every
        roll in the hash chain; applies the effects (and a table row's effects) to tracks
        and units; fires conditional injects whose condition now holds; keeps the ledger of
        established facts. All in one transaction.
        """
        method = self._method(request.method)
        narrative = clean_text(request.narrative, "narrative")
        rationale = clean_text(request.rationale, "rationale", required=method is Method.RULING)
        request = replace(request, method=method, narrative=narrative, rationale=rationale)

        made, _ = self._adjudicate(s, game, by, request, roll=True)
        assert made is not None  # with the dice rolled there is always a result
        return made.id

    def preview_adjudication(
        self, by: int, request: AdjudicationRequest, *, roll: bool = False
    ) -> AdjudicationPreview:
        """What committing ``request`` would do, without committing anything.

        Args:
            by: The facilitator.
            request: The request the dialog would commit.
            roll: Roll the game's digital dice (the faces the commit will roll, unless
                another roll is recorded first); False shows the odds only. Typed-in
                physical faces are always used.
        """
        try:
            method = self._method(request.method)
        except InvalidInput as exc:
            return AdjudicationPreview(problem=str(exc))
        problems = []
        try:
            clean_text(request.narrative, "narrative")
            clean_text(request.rationale, "rationale", required=method is Method.RULING)
        except InvalidInput as exc:
            problems.append(str(exc))
        request = replace(
            request,
            method=method,
            narrative=request.narrative.strip() or "(preview)",
            rationale=request.rationale.strip() or "(preview)",
        )
        try:
            with self._write() as s:
                self._preview(s, by, request, roll=roll)
        except _Rollback as done:
            preview = done.preview
        except GameError as exc:
            dice, sides = self._dice_of(request)
            return AdjudicationPreview(dice=dice, sides=sides, problem=str(exc))
        if problems and not preview.problem:
            preview = replace(preview, problem=problems[0])
        return preview

    # ------------------------------------------------------------------ the one engine

    def _dice_of(self, request: AdjudicationRequest) -> tuple[str | None, int | None]:
        """What the request's method rolls ("2d6", 6), or (None, None)."""
        try:
            spec = adj.required_dice(
                Method(request.method), self.scenario.adjudication, request.table_id
            )
        except RuleError:
            return None, None
        return (str(spec), spec.sides) if spec is not None else (None, None)

    def _method(self, method: Method | str) -> Method:
        try:
            return Method(method)
        except ValueError:
            allowed = ", ".join(x.value for x in self.scenario.adjudication.methods)
            raise InvalidInput(f"unknown method '{method}' (allowed: {allowed})") from None

    def _preview(self, s: Session, by: int, request: AdjudicationRequest, *, roll: bool) -> None:
        created: list[Any] = []

        def collect(session: Session, _context: object) -> None:
            created.extend(session.new)

        game = self._game(s)
        before = self._state_now(s)
        event.listen(s, "after_flush", collect)
        made, grading = self._adjudicate(s, game, by, request, roll=roll)
        s.flush()
        event.remove(s, "after_flush", collect)
        raise _Rollback(self._read_back(s, request, grading, made, created, before))

    def _grade(
        self,
        s: Session,
        move: m.Move | None,
        request: AdjudicationRequest,
        roll: dice_rules.Roll | None,
    ) -> _Grading:
        """The odds of the inputs and, with dice (or for a ruling), the result."""
        rules = self.scenario.adjudication
        method = Method(request.method)
        self._check_inputs(method, request)
        counters: list[m.CounterArgument] = []
        text = ""
        odds: dict[adj.Outcome, float] | None
        result: adj.AdjudicationResult | None
        if method is Method.MATRIX:
            counters = self._counters_for(s, move, request.accepted_counters)
            given = len(move.reasons) if move is not None else 0
            reasons = request.strong_reasons if request.strong_reasons is not None else given
            if move is not None and reasons > given:
                raise InvalidInput(
                    f"{reasons} strong reasons were counted but the move gives only {given}"
                )
            modifier, explained = adj.matrix_modifier(
                reasons, len(counters), rules.matrix, request.adjustment
            )
            text = f"Modifier {modifier:+d}" + (": " + "; ".join(explained) if explained else "")
            odds = adj.matrix_odds(modifier, rules.matrix)
            result = (
                adj.adjudicate_matrix(roll, modifier, explained, rules.matrix) if roll else None
            )
            inputs: dict[str, Any] = {
                "strong_reasons": reasons,
                "accepted_counters": [c.id for c in counters],
                "adjustment": request.adjustment,
            }
        elif method is Method.ODDS:
            if request.rating is None:
                raise InvalidInput("choose a rating on the odds scale")
            odds = adj.odds_odds(request.rating, rules.odds)
            result = adj.adjudicate_odds(request.rating, roll, rules.odds) if roll else None
            inputs = {"rating": request.rating}
        elif method is Method.PROBABILITY:
            estimates = dict(request.estimates or {})
            chance = adj.combine_estimates(
                estimates, rules.probability.combine, request.umpire_chance
            )
            text = f"Combined chance: {chance}%"
            odds = adj.probability_odds(chance, rules.probability)
            result = adj.adjudicate_probability(chance, roll, rules.probability) if roll else None
            inputs = {
                "estimates": estimates,
                "umpire_chance": request.umpire_chance,
                "combine": rules.probability.combine,
            }
        elif method is Method.TABLE:
            if request.table_id is None:
                raise InvalidInput("choose a lookup table")
            table = adj.find_table(rules, request.table_id)
            odds = adj.table_odds(table)
            result = adj.adjudicate_table(table, roll) if roll else None
            inputs = {"table": request.table_id}
        else:
            odds, inputs = None, {}
            result = self._ruling(request)
        return _Grading(odds, result, inputs, text, counters)

    def _check_inputs(self, method: Method, request: AdjudicationRequest) -> None:
        """Refuse inputs the method would ignore or that name nothing in the scenario."""
        if request.outcome is not None and method is not Method.RULING:
            raise InvalidInput(
                f"an outcome is given only with a ruling; the {method.value} method rolls "
                "dice and the dice decide the outcome"
            )
        teams = {t.id for t in self.scenario.teams}
        for team_id in request.estimates or {}:
            if team_id not in teams:
                raise InvalidInput(
                    f"the estimates name an unknown team '{team_id}' "
                    f"(teams: {', '.join(sorted(teams))})"
                )
        known = set(self.scenario.adjudication.move_tags)
        for tag in request.tags:
            if tag not in known:
                allowed = ", ".join(sorted(known)) or "none are declared"
                raise InvalidInput(f"unknown move tag '{tag}' (adjudication.move_tags: {allowed})")

    @staticmethod
    def _ruling(request: AdjudicationRequest) -> adj.AdjudicationResult:
        if request.outcome is None:
            raise InvalidInput("a ruling needs an outcome: success, partial or failure")
        try:
            graded = adj.Outcome(request.outcome)
        except ValueError:
            raise InvalidInput(
                f"unknown outcome '{request.outcome}'; use success, partial or failure"
            ) from None
        return adj.adjudicate_ruling(graded, request.rationale)

    def _record(
        self,
        s: Session,
        game: m.Game,
        actor: Actor,
        request: AdjudicationRequest,
        move: m.Move | None,
        roll: dice_rules.Roll | None,
        grading: _Grading,
    ) -> m.Adjudication:
        """Write the adjudication, its roll, its effects and facts, and the audit line."""
        result = grading.result
        assert result is not None
        method = Method(request.method)
        if method is Method.MATRIX:
            accepted = {c.id for c in grading.counters}
            for counter in self._all_counters(s, move):
                counter.accepted = counter.id in accepted
        inputs = dict(grading.inputs)
        inputs.update(
            tags=sorted(set(request.tags)),
            rationale_announced=request.announce_rationale,
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
            narrative=request.narrative,
            rationale=request.rationale,
            adjudicator_id=actor.participant_id,
            created_at=utc_now(),
        )
        s.add(row)
        s.flush()
        roll_row = None
        if roll is not None:
            roll_row = self._record_roll(
                s, game, roll, row.id, f"adjudication #{row.id} ({method})"
            )
        all_effects = list(request.effects)
        if result.table_row is not None:
            all_effects.extend(result.table_row.effects)
        reason = f"adjudication #{row.id}: {result.outcome.value}"
        self._apply(s, game, actor, all_effects, reason, adjudication_id=row.id)
        self._facts(
            s, game, actor, request.establish_fact, request.end_facts, move, row, result.outcome
        )
        details: dict[str, Any] = {
            "method": method.value,
            "outcome": result.outcome.value,
            "move": request.move_id,
        }
        if roll_row is not None:
            # A second record of the chain's head: cutting rolls off the end shows.
            details["roll"] = {"sequence": roll_row.sequence, "hash": roll_row.hash}
        audit(s, game.id, actor, "adjudication.record", "adjudication", row.id, details)
        return row

    def _read_back(
        self,
        s: Session,
        request: AdjudicationRequest,
        grading: _Grading,
        made: m.Adjudication | None,
        created: list[Any],
        before: Any,
    ) -> AdjudicationPreview:
        """The preview: what the rolled-back transaction wrote, in a facilitator's words."""
        state = before
        effects: list[str] = []
        for row in sorted((o for o in created if isinstance(o, m.Effect)), key=lambda o: o.id):
            state, applied = apply_effect(state, effect_from_record(row), self.scenario)
            effects.append(applied.explanation)
        crossed = []
        for line in (o for o in created if isinstance(o, m.Audit)):
            if line.action == "red_line.crossed":
                red = self.scenario.red_line(line.details["red_line"])
                crossed.append(RedLineCrossing(red.name, red.declared_consequence or ""))
        injects = tuple(
            o.title
            for o in created
            if isinstance(o, m.InjectRelease) and o.trigger == "conditional"
        )
        facts = tuple(o.text for o in created if isinstance(o, m.Fact))
        ended = tuple(s.scalars(select(m.Fact.text).where(m.Fact.id.in_(request.end_facts))))
        rolls = [o for o in created if isinstance(o, m.Roll)]
        dice, sides = self._dice_of(request)
        result = grading.result
        return AdjudicationPreview(
            odds=None if grading.odds is None else {o.value: p for o, p in grading.odds.items()},
            inputs_text=grading.inputs_text,
            dice=dice,
            sides=sides,
            faces=tuple(rolls[0].faces) if rolls else None,
            sequence=rolls[0].sequence if rolls else None,
            outcome=result.outcome.value if result is not None and made is not None else None,
            explanation=result.explanation if result is not None else "",
            effects=tuple(effects),
            red_lines=tuple(crossed),
            injects=injects,
            facts_established=facts,
            facts_ended=ended,
        )

    def _adjudicate(
        self, s: Session, game: m.Game, by: int, request: AdjudicationRequest, *, roll: bool
    ) -> tuple[m.Adjudication | None, _Grading]:
        """Grade and record; without dice to grade (``roll`` False), apply the effects only."""
        actor = self._facilitator(s, by)
        self._check_phase(game, turns.Action.ADJUDICATE)
        method = Method(request.method)
        move = self._move_to_judge(s, request.move_id)
        try:
            spec = adj.required_dice(method, self.scenario.adjudication, request.table_id)
            thrown = None
            if spec is not None and request.physical_faces is not None:
                thrown = dice_rules.roll_physical(spec, list(request.physical_faces))
            elif spec is not None and roll:
                sequence = next_roll_sequence(s, game.id)
                thrown = dice_rules.roll_digital(game.seed, sequence, spec)
            grading = self._grade(s, move, request, thrown)
        except RuleError as exc:
            raise InvalidInput(str(exc)) from None
        if grading.result is None:
            self._apply(s, game, actor, list(request.effects), "adjudication preview")
            return None, grading
        return self._record(s, game, actor, request, move, thrown, grading), grading

    def _move_to_judge(self, s: Session, move_id: int | None) -> m.Move | None:
        if move_id is None:
            return None
        move = self._move(s, move_id, lock=True)
        if move.status == "withdrawn" or move.voided_at is not None:
            raise WrongPhase("that move was withdrawn or voided; it cannot be adjudicated")
        if adjudication_of(s, move.id) is not None:
            raise WrongPhase(f"move #{move.id} is already adjudicated; void that ruling first")
        # A new version of the move: a withdrawal or edit read before this ruling
        # fails its version check (Conflict) instead of slipping in after it.
        move.updated_at = utc_now()
        return move

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
        salt = secrets.token_hex(16)  # its digest must not give away its few faces
        payload = dice_rules.roll_payload(roll, roll_context(purpose, game.uid, salt))
        entry = dice_rules.chain_entry(prev_hash, sequence, payload)
        row = m.Roll(
            game_id=game.id,
            sequence=sequence,
            adjudication_id=adjudication_id,
            purpose=purpose,
            dice=str(roll.spec),
            faces=list(roll.faces),
            source=roll.source,
            created_at=utc_now(),
            prev_hash=entry.prev_hash,
            hash=entry.hash,
            salt=salt,
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
            text = clean_text(establish, "established fact")
            if outcome is adj.Outcome.FAILURE:
                raise InvalidInput("a failed argument establishes no fact")
            fact = m.Fact(
                game_id=game.id,
                text=text,
                established_turn=game.turn,
                established_by_move_id=move.id if move is not None else None,
                established_by_adjudication_id=adjudication.id,
                created_at=utc_now(),
            )
            s.add(fact)
            s.flush()
            audit(s, game.id, actor, "fact.establish", "fact", fact.id, {"text": text})
