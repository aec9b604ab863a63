"""Corrections: voiding and amending what was recorded (nothing is deleted).

Voiding is also how undo works (:mod:`wargame.game.voids`): a void takes along what the
record set off — an adjudication's or an inject's effects, the conditional injects those
fired and their effects, the facts a ruling established — and a voided phase record returns
the game to the phase before it.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from wargame.game import timeline
from wargame.game.cases.effects import record_crossings
from wargame.game.core import (
    Actor,
    GameCore,
    MoveContent,
    adjudication_of,
    audit,
    clean_text,
    effect_from_record,
    move_fields,
    use_case,
    utc_now,
    void_row,
)
from wargame.game.errors import InvalidInput, NotAllowed, NotFound, WrongPhase
from wargame.game.views import Role
from wargame.game.voids import (
    UNDO_REASON,
    ReinstateRequest,
    VoidCascade,
    VoidedItem,
    VoidKind,
    VoidRequest,
    VoidTarget,
)
from wargame.rules.effects import apply_effect
from wargame.rules.state import initial_state
from wargame.scenario.base import article
from wargame.store import analysis_models as am
from wargame.store import models as m

_MODELS: dict[VoidKind, type[Any]] = {
    VoidKind.MOVE: m.Move,
    VoidKind.COUNTER_ARGUMENT: m.CounterArgument,
    VoidKind.ADJUDICATION: m.Adjudication,
    VoidKind.EFFECT: m.Effect,
    VoidKind.INJECT: m.InjectRelease,
    VoidKind.NOTE: m.Note,
    VoidKind.OBSERVATION: m.Observation,
    VoidKind.HOTWASH: m.HotwashFinding,
    VoidKind.PHASE: m.PhaseRecord,
    VoidKind.PARTICIPANT: m.Participant,
    VoidKind.EVIDENCE_LINK: am.AnalysisLink,
    VoidKind.ANALYSIS_ITEM: am.AnalysisItem,
    VoidKind.RATING: am.HseepRating,
    VoidKind.IMPROVEMENT: am.ImprovementAction,
    VoidKind.ANNOTATION: am.LogAnnotation,
}


def model_of(kind: VoidKind) -> type[Any]:
    """The ORM class holding records of ``kind``."""
    return _MODELS[kind]


_REPLACED = {VoidKind.RATING: "rated again", VoidKind.IMPROVEMENT: "revised"}
"""Kinds whose new row voids the one it replaces, with this reason: voiding the new row
puts the one it replaced back in force."""
_STEP_KINDS: dict[type[Any], timeline.StepKind] = {m.InjectRelease: "release", m.Effect: "effect"}
"""The records a phase change may take along when it is undone, as the history names them."""
_PHASE_BLOCKERS: tuple[tuple[type[Any], str], ...] = (
    (m.Move, "move"),
    (m.CounterArgument, "counter-argument"),
    (m.Adjudication, "adjudication"),
    (m.Effect, "effect"),
    (m.InjectRelease, "inject"),
    (m.Note, "note"),
    (m.Observation, "observation"),
)
"""Records that tie to the phase they were made in: a phase change is undone only when
every such record made since is void (undone) first."""


def _check_reinstatable(s: Session, target: VoidTarget, row: Any) -> None:
    """Refuse to reinstate a counter-argument or observation whose move is void."""
    if target.kind not in (VoidKind.COUNTER_ARGUMENT, VoidKind.OBSERVATION):
        return
    move = s.get(m.Move, row.move_id) if row.move_id is not None else None
    if move is not None and move.voided_at is not None:
        raise InvalidInput(
            f"{target.kind.noun} #{row.id} is about move #{move.id}, which is void; "
            "redo or reinstate the move first"
        )


class CorrectionCases(GameCore):
    """Corrections: voiding and amending what was recorded (nothing is deleted)."""

    def void(self, by: int, kind: VoidKind | str, record_id: int, *, reason: str) -> VoidCascade:
        """Void a record (a correction): it stays, marked void, with who, when and why.

        The void takes along what the record set off (see :meth:`void_preview`). Nothing
        is deleted.

        Returns:
            What was voided or changed with the record.
        """
        target = VoidTarget(VoidKind.parse(kind), record_id)
        return self.void_records(by, VoidRequest((target,), reason))[0]

    @use_case("void")
    def void_records(
        self, s: Session, game: m.Game, by: int, request: VoidRequest
    ) -> list[VoidCascade]:
        """Void several records in one transaction (undo of one action), skipping void ones.

        Returns:
            One cascade per record actually voided.
        """
        reason = clean_text(request.reason, "reason")

        actor = self._facilitator(s, by)
        done: list[VoidCascade] = []
        for target in request.targets:
            row = self._voidable(s, target)
            if row.voided_at is not None and len(request.targets) > 1:
                continue
            done.append(self._void_one(s, game, actor, target, row, reason))
        return done

    def _restore_replaced(
        self, s: Session, game: m.Game, actor: Actor, kind: VoidKind, row: Any
    ) -> None:
        """A voided rating or plan row: the row it replaced is in force again (audited)."""
        table = type(row)
        for older in s.scalars(
            select(table).where(table.game_id == game.id, table.superseded_by_id == row.id)
        ):
            if older.void_reason != _REPLACED[kind]:
                continue
            older.voided_at = older.voided_by_id = older.void_reason = None
            older.superseded_by_id = None
            audit(s, game.id, actor, f"{kind.value}.reinstate", table.__tablename__, older.id,
                  {"replacement_voided": row.id})  # fmt: skip

    @use_case("reinstate")
    def reinstate(self, s: Session, game: m.Game, by: int, request: ReinstateRequest) -> None:
        """Redo an undone creation: lift the void that undo set (:attr:`VoidKind.reinstatable`).

        The records come back in the request's order, so a counter-argument follows its move.
        The audit keeps the void and says who reinstated the record, so nothing is lost.
        """
        actor = self._facilitator(s, by)
        for target in request.targets:
            if not target.kind.reinstatable:
                raise InvalidInput(f"a voided {target.kind.noun} is not reinstated; redo it")
            row = self._voidable(s, target)
            if row.voided_at is None:
                continue
            if row.void_reason != UNDO_REASON:
                raise InvalidInput(
                    f"{target.kind.noun} #{row.id} was voided as a correction, not undone"
                )
            _check_reinstatable(s, target, row)
            details = {"voided_at": row.voided_at.isoformat(), "voided_by": row.voided_by_id}
            row.voided_at = row.voided_by_id = row.void_reason = None
            audit(s, game.id, actor, f"{target.kind.value}.reinstate", row.__tablename__,
                  row.id, details)  # fmt: skip

    def void_preview(self, kind: VoidKind | str, record_id: int) -> VoidCascade:
        """What voiding a record would void or change with it, without voiding anything."""
        target = VoidTarget(VoidKind.parse(kind), record_id)
        with self._read() as s:
            game = self._game(s)
            row = self._voidable(s, target)
            if row.voided_at is not None:
                raise InvalidInput(f"{target.kind.noun} #{record_id} is already void")
            if target.kind is VoidKind.PHASE:
                return self._phase_cascade(s, game, row)
            return self._cascade(s, target, row)

    # ------------------------------------------------------------------ one void

    def _voidable(self, s: Session, target: VoidTarget) -> Any:
        row = s.get(_MODELS[target.kind], target.record_id)
        if row is None or row.game_id != self._game_id:
            raise NotFound(f"there is no {target.kind.value} #{target.record_id} in this game")
        return row

    def _void_one(
        self, s: Session, game: m.Game, actor: Actor, target: VoidTarget, row: Any, reason: str
    ) -> VoidCascade:
        kind = target.kind
        if row.voided_at is not None:
            raise InvalidInput(f"{kind.value} #{target.record_id} is already void")
        if kind is VoidKind.PHASE:
            cascade = self._void_phase(s, game, actor, row, reason)
            self._settle_crossings(s, game, actor)
            return cascade
        if kind is VoidKind.PARTICIPANT and Role(row.role) is Role.FACILITATOR:
            raise NotAllowed("the facilitator cannot be removed from their own game")
        cascade = self._cascade(s, target, row)
        void_row(row, actor, reason)
        for item in cascade.voided:
            void_row(
                s.get(_MODELS[item.kind], item.record_id),
                actor,
                f"{kind.noun} #{row.id} voided: {reason}",
            )
        if kind is VoidKind.ADJUDICATION:
            self._unsettle_facts(s, game, row)
        for ruling in (
            s.get(m.Adjudication, item.record_id)
            for item in cascade.voided
            if item.kind is VoidKind.ADJUDICATION  # a voided move's ruling
        ):
            if ruling is not None:
                self._unsettle_facts(s, game, ruling)
        if kind in _REPLACED:
            self._restore_replaced(s, game, actor, kind, row)
        details: dict[str, Any] = {}
        if not cascade.empty:
            details["cascade"] = [[i.kind.value, i.record_id] for i in cascade.voided]
            details["red_lines_uncrossed"] = list(cascade.red_lines_uncrossed)
        audit(s, game.id, actor, f"{kind.value}.void", row.__tablename__, row.id, details, reason)
        self._settle_crossings(s, game, actor)
        return cascade

    def _settle_crossings(self, s: Session, game: m.Game, actor: Actor) -> None:
        """Record the red lines a void un-crossed (or, through a ``not``, crossed)."""
        s.flush()
        crossed = timeline.replay_game(s, game.id, self.scenario).history.crossed
        record_crossings(s, game, actor, self.scenario, crossed)

    @use_case("amend_move")
    def amend_move(
        self,
        s: Session,
        game: m.Game,
        by: int,
        move_id: int,
        move: MoveContent,
        *,
        reason: str,
    ) -> int:
        """Correct a move after reveal: the old one is voided and superseded by a new one.

        The new move is public (it replaces one already revealed), whatever
        ``move.visibility`` says.
        """
        reason = clean_text(reason, "reason")
        fields = move_fields(move.title, move.action, move.intended_result, move.reasons, "public")

        actor = self._facilitator(s, by)
        self._check_running(game)
        old = self._move(s, move_id)
        if old.voided_at is not None:
            raise InvalidInput(f"move #{move_id} is already void")
        now = utc_now()
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
        void_row(old, actor, reason)
        old.superseded_by_id = new.id
        audit(s, game.id, actor, "move.amend", "move", new.id, {"supersedes": old.id}, reason)
        return new.id

    # ------------------------------------------------------------------ cascades

    def _cascade(self, s: Session, target: VoidTarget, row: Any) -> VoidCascade:
        """Everything voiding ``row`` takes along, found the same way for preview and void."""
        effects: list[m.Effect] = []
        releases: list[m.InjectRelease] = []
        # A voided move takes its ruling along: a ruling on a move that never was.
        ruling = adjudication_of(s, row.id) if target.kind is VoidKind.MOVE else None
        judged = row if target.kind is VoidKind.ADJUDICATION else ruling
        if judged is not None:
            effects += self._live(s, m.Effect, m.Effect.adjudication_id == judged.id)
        if target.kind is VoidKind.EFFECT:
            effects.append(row)
        elif target.kind is VoidKind.INJECT:
            releases.append(row)
            effects += self._live(s, m.Effect, m.Effect.inject_release_id == row.id)
        self._fired_chain(s, effects, releases)
        uncrossed = self._replayed_cascade(s, judged, effects, releases)
        seen = {e.id for e in effects}
        described = self._describe_effects(s, seen)
        items = [
            VoidedItem(
                VoidKind.ADJUDICATION, r.id, f"the ruling on it (adjudication #{r.id}: {r.outcome})"
            )
            for r in (ruling,)
            if r is not None
        ]
        items += [
            VoidedItem(VoidKind.INJECT, r.id, f"inject '{r.title}' (turn {r.turn})")
            for r in releases
            if r is not row
        ]
        items += [
            VoidedItem(VoidKind.EFFECT, e.id, described.get(e.id, f"effect #{e.id}"))
            for e in effects
            if e is not row
        ]
        ended, restored = self._facts_of(s, judged) if judged is not None else ((), ())
        return VoidCascade(
            target,
            voided=tuple(items),
            red_lines_uncrossed=uncrossed,
            facts_ended=ended,
            facts_restored=restored,
            reinjectable=tuple(r.title for r in releases if r.inject_id is not None),
        )

    def _live(self, s: Session, table: type[Any], *where: Any) -> list[Any]:
        return list(
            s.scalars(
                select(table)
                .where(table.game_id == self._game_id, table.voided_at.is_(None), *where)
                .order_by(table.id)
            )
        )

    def _describe_effects(self, s: Session, ids: set[int]) -> dict[int, str]:
        """One line per effect in ``ids``, as it read when applied (replaying the record)."""
        if not ids:
            return {}
        state = initial_state(self.scenario)
        out: dict[int, str] = {}
        for row in s.scalars(self._live_effects()):
            state, applied = apply_effect(state, effect_from_record(row), self.scenario)
            if row.id in ids:
                out[row.id] = applied.explanation
        return out

    def _fired_chain(
        self, s: Session, effects: list[m.Effect], releases: list[m.InjectRelease]
    ) -> None:
        """Add the conditional injects the effects fired, then their effects, and so on."""
        seen = {e.id for e in effects}
        queue = list(effects)
        while queue:
            fired = self._live(
                s, m.InjectRelease, m.InjectRelease.fired_by_effect_id.in_([e.id for e in queue])
            )
            queue = []
            for release in fired:
                if release.id in {r.id for r in releases}:
                    continue
                releases.append(release)
                for effect in self._live(s, m.Effect, m.Effect.inject_release_id == release.id):
                    if effect.id not in seen:
                        seen.add(effect.id)
                        effects.append(effect)
                        queue.append(effect)

    def _replayed_cascade(
        self,
        s: Session,
        judged: m.Adjudication | None,
        effects: list[m.Effect],
        releases: list[m.InjectRelease],
    ) -> tuple[str, ...]:
        """Walk the history without what is voided; add what loses its cause with it.

        A conditional inject that fired rightly goes when its condition no longer holds at
        its point without the voided records (a move's ruling it waited for, an inject it
        followed, a red line it answered), with its effects.

        Returns:
            The names of the red lines no longer crossed.
        """
        skip: set[timeline.StepKey] = {("effect", e.id) for e in effects}
        skip |= {("release", r.id) for r in releases}
        if judged is not None:
            skip.add(("adjudication", judged.id))
        if not skip:
            return ()
        full, after = timeline.without(s, self._game_id, self.scenario, skip)
        known_effects = {e.id for e in effects}
        known_releases = {r.id for r in releases}
        for kind, record_id in sorted(after.dropped - skip, key=lambda k: k[1]):
            release = s.get(m.InjectRelease, record_id) if kind == "release" else None
            effect = s.get(m.Effect, record_id) if kind == "effect" else None
            if release is not None and record_id not in known_releases:
                releases.append(release)
                known_releases.add(record_id)
            elif effect is not None and record_id not in known_effects:
                effects.append(effect)
                known_effects.add(record_id)
        gone = full.history.crossed - after.history.crossed
        return tuple(line.name for line in self.scenario.red_lines if line.id in gone)

    def _facts_of(self, s: Session, row: m.Adjudication) -> tuple[tuple[str, ...], tuple[str, ...]]:
        ended = s.scalars(
            select(m.Fact.text).where(
                m.Fact.established_by_adjudication_id == row.id, m.Fact.ended_turn.is_(None)
            )
        )
        restored = s.scalars(
            select(m.Fact.text).where(
                m.Fact.ended_by_adjudication_id == row.id,
                m.Fact.established_by_adjudication_id.is_distinct_from(row.id),
            )
        )
        return tuple(ended), tuple(restored)

    def _unsettle_facts(self, s: Session, game: m.Game, row: m.Adjudication) -> None:
        for fact in s.scalars(
            select(m.Fact).where(m.Fact.established_by_adjudication_id == row.id)
        ):
            if fact.ended_turn is None:
                fact.ended_turn = game.turn
                fact.ended_by_adjudication_id = row.id
        for fact in s.scalars(select(m.Fact).where(m.Fact.ended_by_adjudication_id == row.id)):
            if fact.established_by_adjudication_id != row.id:
                # The ruling that ended this fact is void: the fact is in force again.
                fact.ended_turn = None
                fact.ended_by_move_id = None
                fact.ended_by_adjudication_id = None

    # ------------------------------------------------------------------ phase changes

    def _phase_cascade(self, s: Session, game: m.Game, row: m.PhaseRecord) -> VoidCascade:
        """What undoing a phase change takes along: the injects entering the phase fired.

        A conditional inject that fired because the turn or phase was reached (and its
        effects) goes with the phase change; anything else recorded in the phase must be
        undone first.
        """
        full, after = timeline.without(s, self._game_id, self.scenario, {("phase", row.id)})
        dropped = after.dropped - {("phase", row.id)}
        releases = [s.get(m.InjectRelease, i) for kind, i in sorted(dropped) if kind == "release"]
        effects = [s.get(m.Effect, i) for kind, i in sorted(dropped) if kind == "effect"]
        taken: set[timeline.StepKey] = {("release", r.id) for r in releases if r is not None}
        taken |= {("effect", e.id) for e in effects if e is not None}
        back_to = self._phase_undo_check(s, game, row, taken)
        described = self._describe_effects(s, {i for kind, i in taken if kind == "effect"})
        items = [
            VoidedItem(VoidKind.INJECT, r.id, f"inject '{r.title}' (turn {r.turn})")
            for r in releases
            if r is not None
        ]
        items += [
            VoidedItem(VoidKind.EFFECT, e.id, described.get(e.id, f"effect #{e.id}"))
            for e in effects
            if e is not None
        ]
        gone = full.history.crossed - after.history.crossed
        return VoidCascade(
            VoidTarget(VoidKind.PHASE, row.id),
            voided=tuple(items),
            red_lines_uncrossed=tuple(r.name for r in self.scenario.red_lines if r.id in gone),
            phase_returns_to=back_to,
            reinjectable=tuple(r.title for r in releases if r is not None and r.inject_id),
        )

    def _phase_undo_check(
        self,
        s: Session,
        game: m.Game,
        row: m.PhaseRecord,
        taken: Collection[timeline.StepKey] = (),
    ) -> str:
        """Refuse to undo a phase change that cannot be; else name the phase returned to."""
        if game.status != "running":
            raise WrongPhase("a phase change can only be undone while the game is running")
        phases = self._live(s, m.PhaseRecord)
        if not phases or phases[-1].id != row.id:
            raise WrongPhase("only the change into the current phase can be undone")
        for table, noun in _PHASE_BLOCKERS:
            when = table.released_at if table is m.InjectRelease else table.created_at
            step = _STEP_KINDS.get(table)
            made = [
                r for r in self._live(s, table, when >= row.started_at) if (step, r.id) not in taken
            ]
            if made:
                raise WrongPhase(
                    f"{article(noun)} was recorded in this phase (#{made[0].id}); undo or void "
                    "it before undoing the phase change"
                )
        if len(phases) < 2:
            return "its setup, before the start"
        before = phases[-2]
        name = self.scenario.turn_plan.phase(before.phase_id).name
        return f"turn {before.turn}, {name}"

    def _void_phase(
        self, s: Session, game: m.Game, actor: Actor, row: m.PhaseRecord, reason: str
    ) -> VoidCascade:
        cascade = self._phase_cascade(s, game, row)
        earlier = self._live(s, m.PhaseRecord, m.PhaseRecord.id < row.id)
        void_row(row, actor, reason)
        for item in cascade.voided:
            void_row(
                s.get(_MODELS[item.kind], item.record_id), actor, f"phase change voided: {reason}"
            )
        row.ended_at = row.ended_at or utc_now()
        if earlier:
            earlier[-1].ended_at = None
            game.turn, game.phase_id = earlier[-1].turn, earlier[-1].phase_id
        else:  # the start undone: the game is in its setup again
            game.status, game.started_at = "setup", None
            game.turn, game.phase_id = 0, None
        audit(
            s,
            game.id,
            actor,
            "phase.void",
            "phase_record",
            row.id,
            {
                "turn": game.turn,
                "phase": game.phase_id,
                "cascade": [[i.kind.value, i.record_id] for i in cascade.voided],
                "red_lines_uncrossed": list(cascade.red_lines_uncrossed),
            },
            reason,
        )
        return cascade
