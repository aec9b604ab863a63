"""Effects on tracks and units, red lines crossed, and injects released."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from wargame.game.core import (
    Actor,
    GameCore,
    audit,
    clean_name_field,
    clean_text,
    effect_from_record,
    jsonable,
    utc_now,
)
from wargame.game.errors import InvalidInput, NotFound, WrongPhase
from wargame.rules import redlines, turns
from wargame.rules.effects import apply_effect
from wargame.rules.errors import RuleError
from wargame.rules.state import GameState, initial_state
from wargame.rules.triggers import Adjudicated, History
from wargame.scenario.expressions import effect_target
from wargame.scenario.model import (
    AnyEffect,
    Effect,
    Scenario,
    TrackEffect,
    UnitCreateEffect,
    UnitMoveEffect,
    UnitStrengthEffect,
)
from wargame.store import models as m


def _region_of(effect: AnyEffect) -> str | None:
    if isinstance(effect, UnitMoveEffect):
        return effect.to
    if isinstance(effect, UnitCreateEffect):
        return effect.region
    return None


def _delta_of(effect: AnyEffect) -> int | None:
    return effect.delta if isinstance(effect, TrackEffect | UnitStrengthEffect) else None


def game_history(s: Session, game: m.Game, scenario: Scenario, crossed: frozenset[str]) -> History:
    """What has happened so far, for triggers: adjudications, injects released, the position."""
    rows = s.execute(
        select(m.Adjudication.outcome, m.Adjudication.inputs, m.Move.team_id)
        .outerjoin(m.Move, m.Adjudication.move_id == m.Move.id)
        .where(m.Adjudication.game_id == game.id, m.Adjudication.voided_at.is_(None))
    ).all()
    adjudicated = tuple(
        Adjudicated(team, frozenset((inputs or {}).get("tags", ())), outcome)
        for outcome, inputs, team in rows
    )
    released = frozenset(
        r
        for r in s.scalars(
            select(m.InjectRelease.inject_id).where(
                m.InjectRelease.game_id == game.id,
                m.InjectRelease.inject_id.is_not(None),
                m.InjectRelease.voided_at.is_(None),
            )
        )
        if r is not None
    )
    ids = [p.id for p in scenario.turn_plan.phases]
    index = ids.index(game.phase_id) if game.phase_id in ids else None
    return History(crossed, adjudicated, released, game.turn, index)


class EffectCases(GameCore):
    """Effects on tracks and units, red lines crossed, and injects released."""

    def apply_effects(self, by: int, effects: Sequence[Effect], *, reason: str) -> list[int]:
        """Apply effects outside an adjudication (e.g. dragging a unit), with a reason."""
        reason = clean_text(reason, "reason")
        if not effects:
            raise InvalidInput("there are no effects to apply")

        def body(s: Session, game: m.Game) -> list[int]:
            actor = self._facilitator(s, by)
            self._check_phase(game, turns.Action.APPLY_EFFECT)
            return self._apply(s, game, actor, list(effects), reason)

        return self._run("apply_effects", body)

    def _apply(
        self,
        s: Session,
        game: m.Game,
        actor: Actor,
        effects: list[Effect],
        reason: str,
        *,
        adjudication_id: int | None = None,
        inject_release_id: int | None = None,
    ) -> list[int]:
        state = self._state_now(s)
        crossed_before = redlines.crossed_red_lines(state, self.scenario)
        ids: list[int] = []
        for effect in effects:
            try:
                state, applied = apply_effect(state, effect, self.scenario)
            except RuleError as exc:
                raise InvalidInput(str(exc)) from None
            row = m.Effect(
                game_id=game.id,
                turn=game.turn,
                phase_id=game.phase_id,
                kind=effect.kind,
                target=effect_target(effect),
                delta=_delta_of(effect),
                to_region=_region_of(effect),
                before=jsonable(applied.before),
                after=jsonable(applied.after),
                adjudication_id=adjudication_id,
                inject_release_id=inject_release_id,
                reason=reason,
                author_id=actor.participant_id,
                created_at=utc_now(),
            )
            s.add(row)
            s.flush()
            ids.append(row.id)
            audit(
                s,
                game.id,
                actor,
                "effect.apply",
                "effect",
                row.id,
                {
                    "kind": effect.kind,
                    "target": row.target,
                    "before": row.before,
                    "after": row.after,
                },
                reason,
            )
        crossed_after = redlines.crossed_red_lines(state, self.scenario)
        for red_line in sorted(crossed_after - crossed_before):
            audit(
                s,
                game.id,
                actor,
                "red_line.crossed",
                "game",
                game.id,
                {"red_line": red_line, "turn": game.turn},
            )
        self._fire_conditional(s, game, actor, state, crossed_after, ids[-1] if ids else None)
        return ids

    def _conditions_now(self, s: Session, game: m.Game, actor: Actor) -> None:
        """Fire the conditional injects whose trigger holds now (after a phase change …)."""
        state = self._state_now(s)
        self._fire_conditional(s, game, actor, state, frozenset(), None)

    def _fire_conditional(
        self,
        s: Session,
        game: m.Game,
        actor: Actor,
        state: GameState,
        crossed: frozenset[str],
        fired_by: int | None,
    ) -> None:
        """Release every conditional inject now due, until none is.

        One release can make another due (``inject_released``), so the check repeats; each
        inject fires once, so it ends.
        """
        if not any(i.conditional for i in self.scenario.injects):
            return
        crossed_ever = crossed | self._crossed_so_far(s)
        while True:
            history = game_history(s, game, self.scenario, crossed_ever)
            due = redlines.due_conditional_injects(
                self.scenario, state, crossed_ever, history.released, history
            )
            if not due:
                return
            for inject in due:
                self._release(
                    s,
                    game,
                    actor,
                    inject.id,
                    "conditional",
                    inject.title,
                    inject.text,
                    inject.audience,
                    list(inject.effects),
                    fired_by=fired_by,
                )
            state = self._state_now(s)
            crossed_ever |= redlines.crossed_red_lines(state, self.scenario)

    def _crossed_so_far(self, s: Session) -> frozenset[str]:
        """Every red line crossed at any point of the game so far (derived from effects)."""
        state = initial_state(self.scenario)
        crossed = set(redlines.crossed_red_lines(state, self.scenario))
        for row in s.scalars(self._live_effects()):
            state, _ = apply_effect(state, effect_from_record(row), self.scenario)
            crossed |= redlines.crossed_red_lines(state, self.scenario)
        return frozenset(crossed)

    def release_inject(self, by: int, inject_id: str) -> int:
        """Release a scripted inject from the scenario's events list."""

        def body(s: Session, game: m.Game) -> int:
            actor = self._facilitator(s, by)
            self._check_phase(game, turns.Action.RELEASE_INJECT)
            try:
                inject = self.scenario.inject(inject_id)
            except KeyError:
                raise NotFound(f"there is no inject '{inject_id}' in this scenario") from None
            already = s.scalar(
                select(m.InjectRelease).where(
                    m.InjectRelease.game_id == game.id,
                    m.InjectRelease.inject_id == inject_id,
                    m.InjectRelease.voided_at.is_(None),
                )
            )
            if already is not None:
                raise WrongPhase(
                    f"inject '{inject.title}' was already released in turn {already.turn}"
                )
            trigger = "conditional" if inject.conditional else "scheduled"
            return self._release(
                s,
                game,
                actor,
                inject.id,
                trigger,
                inject.title,
                inject.text,
                inject.audience,
                list(inject.effects),
            )

        return self._run("release_inject", body, summary="inject released")

    def release_ad_hoc_inject(
        self, by: int, *, title: str, text: str, audience: Sequence[str] | str = "all"
    ) -> int:
        """Release an inject the white cell writes on the spot."""
        title = clean_name_field(title, "inject title")
        text = clean_text(text, "inject text")

        def body(s: Session, game: m.Game) -> int:
            actor = self._facilitator(s, by)
            self._check_phase(game, turns.Action.RELEASE_INJECT)
            aud: str | tuple[str, ...] = "all" if audience == "all" else tuple(audience)
            if isinstance(aud, tuple):
                if not aud:
                    raise InvalidInput("the audience is empty; choose 'all' or some teams")
                for team in aud:
                    self._check_team(team)
            return self._release(s, game, actor, None, "ad_hoc", title, text, aud, [])

        return self._run("release_inject", body, summary="inject released")

    def _release(
        self,
        s: Session,
        game: m.Game,
        actor: Actor,
        inject_id: str | None,
        trigger: str,
        title: str,
        text: str,
        audience: str | tuple[str, ...],
        effects: list[Effect],
        *,
        fired_by: int | None = None,
    ) -> int:
        row = m.InjectRelease(
            game_id=game.id,
            inject_id=inject_id,
            trigger=trigger,
            title=title,
            text=text,
            audience=audience if isinstance(audience, str) else list(audience),
            turn=game.turn,
            phase_id=game.phase_id,
            released_by_id=actor.participant_id,
            released_at=utc_now(),
            fired_by_effect_id=fired_by,
        )
        s.add(row)
        s.flush()
        audit(
            s,
            game.id,
            actor,
            "inject.release",
            "inject_release",
            row.id,
            {"inject": inject_id, "trigger": trigger, "title": title},
        )
        if effects:
            self._apply(s, game, actor, effects, f"inject: {title}", inject_release_id=row.id)
        return row.id
