"""A game record indexed for reporting, and the words the report names things with.

:class:`RecordIndex` groups a :class:`~wargame.game.GameRecord` by turn, move and
adjudication once, so that each section of a report finds what it prints without
scanning the whole record again (a report of a thousand moves stays linear), and turns
ids into the names the scenario gives them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from wargame.game import GameRecord
from wargame.game.views import (
    AdjudicationView,
    Audience,
    EffectView,
    InjectView,
    MoveView,
    NoteView,
    ObservationView,
    RollView,
    StateView,
    counted,
)
from wargame.rules.turns import turn_heading, turn_start
from wargame.scenario import Scenario
from wargame.scenario.model import AnyOf, Trigger, UnitInRegion
from wargame.scenario.wording import describe_trigger

METHOD_NAMES = {
    "matrix": "Matrix argument",
    "odds": "Odds scale",
    "probability": "Estimative probability",
    "ruling": "Umpire's ruling",
    "table": "Lookup table",
}
OUTCOME_WORDS = {"success": "Success", "partial": "Partial success", "failure": "Failure"}
TRIGGER_WORDS = {"scheduled": "scheduled", "conditional": "conditional", "ad_hoc": "ad hoc"}


def when(moment: dt.datetime | None, *, date: bool = True) -> str:
    """A wall-clock time in UTC, e.g. ``25 Nov 2026 14:05 UTC`` (or ``14:05 UTC``)."""
    if moment is None:
        return "—"
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return moment.strftime("%d %b %Y %H:%M UTC" if date else "%H:%M UTC")


def day(value: dt.date) -> str:
    """A calendar date, e.g. ``1 Dec 2026``."""
    return f"{value.day} {value.strftime('%b %Y')}"


@dataclass
class RecordIndex:
    """A record and its scenario, indexed for the sections of a report."""

    record: GameRecord
    scenario: Scenario
    moves_by_turn: dict[int, list[MoveView]] = field(default_factory=dict)
    moves: dict[int, MoveView] = field(default_factory=dict)
    adjudications_by_move: dict[int, list[AdjudicationView]] = field(default_factory=dict)
    open_adjudications_by_turn: dict[int, list[AdjudicationView]] = field(default_factory=dict)
    adjudications: dict[int, AdjudicationView] = field(default_factory=dict)
    injects_by_turn: dict[int, list[InjectView]] = field(default_factory=dict)
    other_effects_by_turn: dict[int, list[EffectView]] = field(default_factory=dict)
    inject_effects: dict[int, list[EffectView]] = field(default_factory=dict)
    notes_by_turn: dict[int, list[NoteView]] = field(default_factory=dict)
    observations_by_turn: dict[int, list[ObservationView]] = field(default_factory=dict)
    states: dict[int, StateView] = field(default_factory=dict)
    rolls: dict[int, RollView] = field(default_factory=dict)

    @classmethod
    def build(cls, record: GameRecord, scenario: Scenario) -> RecordIndex:
        """Index ``record`` (one pass over each kind of record)."""
        index = cls(record, scenario)
        for move in record.moves:
            index.moves[move.id] = move
            index.moves_by_turn.setdefault(move.turn, []).append(move)
        for ruling in record.adjudications:
            index.adjudications[ruling.id] = ruling
            if ruling.move_id is not None:
                index.adjudications_by_move.setdefault(ruling.move_id, []).append(ruling)
            else:
                index.open_adjudications_by_turn.setdefault(ruling.turn, []).append(ruling)
        for inject in record.injects:
            index.injects_by_turn.setdefault(inject.turn, []).append(inject)
        for effect in record.effects:
            if effect.inject_release_id is not None:
                index.inject_effects.setdefault(effect.inject_release_id, []).append(effect)
            if effect.adjudication_id is None:
                index.other_effects_by_turn.setdefault(effect.turn, []).append(effect)
        for note in record.notes:
            index.notes_by_turn.setdefault(note.turn, []).append(note)
        for observation in record.observations:
            index.observations_by_turn.setdefault(observation.turn, []).append(observation)
        for state in record.states:
            index.states[state.turn] = state
        for roll in record.rolls:
            index.rolls[roll.sequence] = roll
        return index

    # ------------------------------------------------------------------ the game

    @property
    def facilitator_edition(self) -> bool:
        """Whether the record is the white cell's (notes, sealed moves, briefings)."""
        return self.record.viewer.audience is Audience.FACILITATOR

    @property
    def shows_analysis(self) -> bool:
        """Whether observations and hot-wash findings are part of this record's view."""
        return self.record.viewer.audience in (Audience.FACILITATOR, Audience.OBSERVER)

    @property
    def last_turn(self) -> int:
        """The last turn with anything in it (or the game's current turn)."""
        turns = [
            self.record.summary.turn,
            *self.moves_by_turn,
            *self.injects_by_turn,
            *(s.turn for s in self.record.states),
        ]
        return max(turns, default=0)

    def turn_dates(self, turn: int) -> str:
        """When a turn happens in the game's world, in the unit turns are counted in."""
        return turn_heading(self.scenario.metadata.clock, turn)

    def game_period(self) -> str:
        """The in-game period of the turns played."""
        clock = self.scenario.metadata.clock
        last = max(self.last_turn, 1)
        start, end = turn_start(clock, 1), turn_start(clock, last + 1)
        played = f"{counted(last, 'turn')} of {clock.described}"
        if start is None or end is None:
            return f"from {day(clock.start)}, {played}"
        if clock.turn_unit.value in ("minutes", "hours"):
            same = start.date() == end.date()
            until = f"{end:%H:%M}" if same else f"{day(end.date())} {end:%H:%M}"
            return f"{day(start.date())} {start:%H:%M} – {until} ({played})"
        return f"{day(start.date())} – {day((end - dt.timedelta(days=1)).date())} ({played})"

    def state(self, turn: int) -> StateView | None:
        """The state at the end of ``turn`` (0: the start), if the record has it."""
        return self.states.get(turn)

    # ------------------------------------------------------------------ names

    def team_name(self, team_id: str | None) -> str:
        """A team's name (or the id of a team the scenario no longer has)."""
        if team_id is None:
            return "no team"
        try:
            return self.scenario.team(team_id).name
        except KeyError:
            return team_id

    def team_colour(self, team_id: str | None) -> str:
        """The colour of the actor a team plays."""
        try:
            return self.scenario.actor(self.scenario.team(team_id or "").actor).colour
        except KeyError:
            return "#7f8c8d"

    def actor_colour(self, actor_id: str) -> str:
        """An actor's colour as ``#rrggbb`` (grey for an unknown actor)."""
        try:
            return self.scenario.actor(actor_id).colour
        except KeyError:
            return "#7f8c8d"

    def actor_name(self, actor_id: str) -> str:
        """An actor's name."""
        try:
            return self.scenario.actor(actor_id).name
        except KeyError:
            return actor_id

    def region_name(self, region_id: object) -> str:
        """A region's name."""
        try:
            return self.scenario.region(str(region_id)).name
        except KeyError:
            return str(region_id)

    def unit_name(self, unit_id: str) -> str:
        """A unit's name."""
        try:
            return self.scenario.unit(unit_id).name
        except KeyError:
            return unit_id

    def track_name(self, track_id: str) -> str:
        """A track's name."""
        try:
            return self.scenario.track(track_id).name
        except KeyError:
            return track_id

    def phase_name(self, phase_id: str | None) -> str:
        """A phase's name."""
        if phase_id is None:
            return "—"
        try:
            return self.scenario.turn_plan.phase(phase_id).name
        except KeyError:
            return phase_id

    def audience_words(self, audience: tuple[str, ...] | str) -> str:
        """Who received an inject."""
        if audience == "all" or not audience:
            return "all teams"
        return ", ".join(self.team_name(t) for t in audience)

    # ------------------------------------------------------------------ descriptions

    def describe_effect(self, effect: EffectView) -> str:
        """One plain sentence for an effect on a track, a unit or a fact."""
        if effect.kind in ("fact_establish", "fact_retract"):
            fact = next((f.text for f in self.scenario.facts if f.id == effect.target), None)
            word = "established" if effect.kind == "fact_establish" else "retracted"
            return f"Fact {word}: {fact or effect.target}"
        if effect.kind == "track_set":
            name = self.track_name(effect.target)
            return f"{name}: {effect.before} → {effect.after} (set)" + (
                self._rung_change(effect.before, effect.after)
                if self.scenario.escalation is not None
                and effect.target == self.scenario.escalation.id
                else ""
            )
        if effect.kind == "unit_create":
            return f"{self.unit_name(effect.target)} appears in {self.region_name(effect.after)}"
        if effect.kind == "unit_remove":
            return (
                f"{self.unit_name(effect.target)} leaves the map "
                f"(was in {self.region_name(effect.before)})"
            )
        if effect.kind == "track":
            name = self.track_name(effect.target)
            text = f"{name}: {effect.before} → {effect.after}"
            if effect.delta:
                text += f" ({effect.delta:+d})"
            ladder = self.scenario.escalation
            if ladder is not None and effect.target == ladder.id:
                text += self._rung_change(effect.before, effect.after)
            return text
        unit = self.unit_name(effect.target)
        if effect.kind == "unit_move":
            return (
                f"{unit} moved from {self.region_name(effect.before)} to "
                f"{self.region_name(effect.after)}"
            )
        return f"{unit}: strength {effect.before} → {effect.after} ({(effect.delta or 0):+d})"

    def _rung_change(self, before: Any, after: Any) -> str:
        track = self.scenario.escalation
        if track is None:
            return ""
        try:
            old, new = track.rung_at(int(before)), track.rung_at(int(after))
        except (TypeError, ValueError):
            return ""
        if old == new or new is None:
            return ""
        return f" — now “{new.name}”"

    def describe_trigger(self, trigger: Trigger) -> str:
        """A red line's or an inject's trigger in words."""
        return describe_trigger(trigger, self.scenario)

    def describe_triggers(self, triggers: Sequence[Trigger]) -> str:
        """All the triggers of a red line in words, naming the same regions only once.

        Triggers that differ only in the actor ("any unit of A, B or C in these regions")
        are merged, as a scenario author writes them one per actor.
        """
        if len(triggers) == 1 and isinstance(triggers[0], AnyOf):
            triggers = triggers[0].of
        merged: list[tuple[Trigger, list[str]]] = []
        for trigger in triggers:
            if isinstance(trigger, UnitInRegion):
                for earlier, actors in merged:
                    if isinstance(earlier, UnitInRegion) and (
                        earlier.regions,
                        earlier.unit_types,
                        earlier.min_strength,
                    ) == (trigger.regions, trigger.unit_types, trigger.min_strength):
                        actors.append(trigger.actor)
                        break
                else:
                    merged.append((trigger, [trigger.actor]))
            else:
                merged.append((trigger, []))
        parts = []
        for trigger, actors in merged:
            if isinstance(trigger, UnitInRegion) and len(actors) > 1:
                names = [self.actor_name(a) for a in actors]
                who = ", ".join(names[:-1]) + " or " + names[-1]
                parts.append(
                    self.describe_trigger(trigger).replace(
                        f"of {self.actor_name(trigger.actor)} in", f"of {who} in", 1
                    )
                )
            else:
                parts.append(self.describe_trigger(trigger))
        return "; or ".join(parts)

    def outcome_counts(self) -> Counter[str]:
        """How many valid adjudications ended in each outcome."""
        return Counter(a.outcome for a in self.record.adjudications if not a.voided)
