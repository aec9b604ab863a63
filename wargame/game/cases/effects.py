"""Effects on tracks and units, red lines crossed, and injects released."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from wargame.game import timeline
from wargame.game.core import (
    Actor,
    GameCore,
    audit,
    clean_name_field,
    clean_text,
    jsonable,
    use_case,
    utc_now,
)
from wargame.game.errors import InvalidInput, NotFound, WrongPhase
from wargame.rules import redlines, turns
from wargame.rules.effects import apply_effect
from wargame.rules.errors import RuleError
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

CROSSED = "red_line.crossed"
UNCROSSED = "red_line.uncrossed"


def _region_of(effect: AnyEffect) -> str | None:
    if isinstance(effect, UnitMoveEffect):
        return effect.to
    if isinstance(effect, UnitCreateEffect):
        return effect.region
    return None


def _delta_of(effect: AnyEffect) -> int | None:
    return effect.delta if isinstance(effect, TrackEffect | UnitStrengthEffect) else None


def recorded_crossings(s: Session, game_id: int) -> frozenset[str]:
    """The red lines the record says are crossed: each line's last crossing not undone."""
    last: dict[str, str] = {}
    for action, details in s.execute(
        select(m.Audit.action, m.Audit.details)
        .where(
            m.Audit.game_id == game_id,
            m.Audit.action.in_((CROSSED, UNCROSSED)),
        )
        .order_by(m.Audit.id)
    ):
        last[str((details or {}).get("red_line"))] = action
    return frozenset(line for line, action in last.items() if action == CROSSED)


def record_crossings(
    s: Session, game: m.Game, actor: Actor, scenario: Scenario, crossed: frozenset[str]
) -> None:
    """Write one audit line per red line newly crossed, and per line a void un-crossed.

    A line is recorded crossed once; a void that takes its cause away records it
    un-crossed, so crossing it again later is recorded again.
    """
    recorded = recorded_crossings(s, game.id)
    order = [line.id for line in scenario.red_lines]
    for line_id in order:
        if line_id in crossed and line_id not in recorded:
            action = CROSSED
        elif line_id in recorded and line_id not in crossed:
            action = UNCROSSED
        else:
            continue
        details = {"red_line": line_id, "turn": game.turn}
        audit(s, game.id, actor, action, "game", game.id, details)


@dataclass(frozen=True)
class AdHocInject:
    """An inject the white cell writes on the spot: its title, text and audience.

    ``audience`` is ``"all"`` or the ids of the teams that receive it.
    """

    title: str
    text: str
    audience: Sequence[str] | str = "all"


class EffectCases(GameCore):
    """Effects on tracks and units, red lines crossed, and injects released."""

    @use_case("apply_effects")
    def apply_effects(
        self, s: Session, game: m.Game, by: int, effects: Sequence[Effect], *, reason: str
    ) -> list[int]:
        """Apply effects outside an adjudication (e.g. dragging a unit), with a reason."""
        reason = clean_text(reason, "reason")
        if not effects:
            raise InvalidInput("there are no effects to apply")

        actor = self._facilitator(s, by)
        self._check_phase(game, turns.Action.APPLY_EFFECT)
        return self._apply(s, game, actor, list(effects), reason)

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
        settle: bool = True,
        skip_refused: bool = False,
    ) -> list[int]:
        """Write effects in order; with ``settle``, then red lines and conditional injects.

        An effect that cannot apply refuses the whole action, unless ``skip_refused``: an
        inject that fires by itself cannot be refused, so its effect that no longer applies
        (a reinforcement the white cell already placed by hand) is left out and the audit
        trail says why.
        """
        state = self._state_now(s)
        ids: list[int] = []
        for effect in effects:
            try:
                state, applied = apply_effect(state, effect, self.scenario)
            except RuleError as exc:
                if not skip_refused:
                    raise InvalidInput(str(exc)) from None
                details = {
                    "kind": effect.kind,
                    "target": effect_target(effect),
                    "why": str(exc),
                    "turn": game.turn,
                    "release": inject_release_id,
                }
                audit(s, game.id, actor, "effect.skip", "game", game.id, details, reason)
                continue
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
        if settle:
            self._history_changed(s, game, actor, ids[-1] if ids else None)
        return ids

    def _conditions_now(self, s: Session, game: m.Game, actor: Actor) -> None:
        """Settle red lines and conditional injects after a phase change (or the start)."""
        self._history_changed(s, game, actor, None)

    def _history_changed(
        self, s: Session, game: m.Game, actor: Actor, fired_by: int | None
    ) -> None:
        """Record the red lines now crossed and release every conditional inject now due.

        Called wherever the history triggers read changes: after effects, an adjudication,
        an inject's release and a phase change. One release can make another inject due
        (``inject_released``) or cross a line, so the check repeats; each inject fires once,
        so it ends.
        """
        if not self.scenario.red_lines and not any(i.conditional for i in self.scenario.injects):
            return
        while True:
            s.flush()
            done = timeline.replay_game(s, game.id, self.scenario)
            record_crossings(s, game, actor, self.scenario, done.history.crossed)
            due = redlines.due_conditional_injects(
                self.scenario, done.state, done.history.crossed, done.history.released, done.history
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
                    settle=False,
                    automatic=True,
                )

    def effect_problems(self, effects: Sequence[Effect]) -> tuple[str, ...]:
        """Why each effect cannot apply to the state now, in order ("" where it can).

        Each applies to the state the ones before it left, as a commit applies them; an
        effect that cannot apply leaves the state as it was for the next. The effects
        editor shows each answer under its row.
        """
        if not effects:
            return ()
        with self._read() as s:
            state = self._state_now(s)
        problems: list[str] = []
        for effect in effects:
            try:
                state, _ = apply_effect(state, effect, self.scenario)
            except RuleError as exc:
                problems.append(str(exc))
            else:
                problems.append("")
        return tuple(problems)

    @use_case("release_inject", summary="inject released")
    def release_inject(self, s: Session, game: m.Game, by: int, inject_id: str) -> int:
        """Release a scripted inject from the scenario's events list."""
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
            raise WrongPhase(f"inject '{inject.title}' was already released in turn {already.turn}")
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

    @use_case("release_inject", summary="inject released")
    def release_ad_hoc_inject(self, s: Session, game: m.Game, by: int, inject: AdHocInject) -> int:
        """Release an inject the white cell writes on the spot."""
        title = clean_name_field(inject.title, "inject title")
        text = clean_text(inject.text, "inject text")
        audience = inject.audience

        actor = self._facilitator(s, by)
        self._check_phase(game, turns.Action.RELEASE_INJECT)
        aud: str | tuple[str, ...] = "all" if audience == "all" else tuple(audience)
        if isinstance(aud, tuple):
            if not aud:
                raise InvalidInput("the audience is empty; choose 'all' or some teams")
            for team in aud:
                self._check_team(team)
        return self._release(s, game, actor, None, "ad_hoc", title, text, aud, [])

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
        settle: bool = True,
        automatic: bool = False,
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
            self._apply(
                s,
                game,
                actor,
                effects,
                f"inject: {title}",
                inject_release_id=row.id,
                settle=False,
                skip_refused=automatic,
            )
        if settle:
            self._history_changed(s, game, actor, None)
        return row.id
