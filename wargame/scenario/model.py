"""The scenario format: Pydantic models of everything a scenario author writes.

A scenario is the definition of a game — setting, actors, teams and roles, the turn
plan, tracks and the escalation ladder, red lines, the map and units, facts, the injects
(master scenario events list), the white cell's control section, the analysis plan and the
adjudication rules. It is written by hand in YAML, so every model forbids unknown fields (a
misspelt key is an error, not silently ignored) and is frozen (a loaded scenario never
changes). The map, the units and the tracks are optional: a seminar or a tabletop exercise
may have none of them.

Cross-references (a team naming an unknown actor, a red line on an unknown track …)
are checked by :mod:`wargame.scenario.references`, so they are reported with the same
file/line/column precision as type errors.

Triggers and effects live in :mod:`wargame.scenario.expressions`, adjudication rules in
:mod:`wargame.scenario.adjudication`; their names are re-exported here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated, Any, Literal, Self, TypeVar

from pydantic import Field, PrivateAttr, ValidationInfo, field_validator, model_validator

from wargame.scenario.adjudication import (
    AdjudicationRules,
    LookupTable,
    MatrixRules,
    Method,
    OddsRating,
    OddsRules,
    ProbabilityRules,
    TableRow,
)
from wargame.scenario.analysis_plan import AnalysisPlan as AnalysisPlan
from wargame.scenario.analysis_plan import Capability as Capability
from wargame.scenario.analysis_plan import Element as Element
from wargame.scenario.analysis_plan import Objective as Objective
from wargame.scenario.analysis_plan import Question as Question
from wargame.scenario.base import (
    Colour,
    Ident,
    Name,
    ReferenceErrors,
    ReferenceProblem,
    Text,
    _error,
    _Model,
    article,
)
from wargame.scenario.expressions import (
    AllOf,
    AnyEffect,
    AnyOf,
    Condition,
    Effect,
    FactEstablished,
    FactEstablishEffect,
    FactRetractEffect,
    InjectReleased,
    Leaf,
    MoveAdjudicated,
    NotOf,
    Outcome,
    RedLineCrossed,
    TrackAtLeast,
    TrackAtMost,
    TrackEffect,
    TrackSetEffect,
    Trigger,
    TurnReached,
    UnitCreateEffect,
    UnitInRegion,
    UnitMoveEffect,
    UnitRemoveEffect,
    UnitStrengthEffect,
)
from wargame.scenario.theatre import (
    BUILT_IN_DOMAINS,
    Domain,
    Fact,
    GameMap,
    Region,
    RegionKind,
    Unit,
    UnitType,
    UnitTypeDef,
)

__all__ = [
    "BUILT_IN_DOMAINS",
    "FORMAT_VERSION",
    "AdjudicationRules",
    "AllOf",
    "AnyEffect",
    "AnyOf",
    "Colour",
    "Condition",
    "Domain",
    "Effect",
    "Fact",
    "FactEstablishEffect",
    "FactEstablished",
    "FactRetractEffect",
    "GameMap",
    "Ident",
    "InjectReleased",
    "Leaf",
    "LookupTable",
    "MatrixRules",
    "Method",
    "MoveAdjudicated",
    "Name",
    "NotOf",
    "OddsRating",
    "OddsRules",
    "Outcome",
    "ProbabilityRules",
    "RedLineCrossed",
    "ReferenceErrors",
    "ReferenceProblem",
    "Region",
    "RegionKind",
    "TableRow",
    "Text",
    "TrackAtLeast",
    "TrackAtMost",
    "TrackEffect",
    "TrackSetEffect",
    "Trigger",
    "TurnReached",
    "Unit",
    "UnitCreateEffect",
    "UnitInRegion",
    "UnitMoveEffect",
    "UnitRemoveEffect",
    "UnitStrengthEffect",
    "UnitType",
    "UnitTypeDef",
    "article",
]

FORMAT_VERSION = 2
"""The scenario format this code writes; older versions are upgraded on load."""


# ---------------------------------------------------------------------------- metadata


class TurnUnit(StrEnum):
    """The unit of time a turn is counted in; turn headings are written in it."""

    MINUTES = "minutes"
    HOURS = "hours"
    DAYS = "days"
    WEEKS = "weeks"


class GameClock(_Model):
    """What one turn represents in the world of the game, and when the game begins."""

    start: dt.date = Field(description="The in-game date at which turn 1 begins (YYYY-MM-DD).")
    start_time: dt.time | None = Field(
        default=None,
        description="The in-game time of day at which turn 1 begins ('HH:MM', 24-hour); "
        "needed for turns of minutes or hours and for injects at a clock time.",
    )
    turn_length: Name | None = Field(
        default=None,
        description="What one turn represents, in words (e.g. 'two weeks', '72 hours'); "
        "by default said from turn_amount and turn_unit.",
    )
    turn_amount: int | None = Field(
        default=None,
        ge=1,
        le=10_000,
        description="How many turn_units one turn lasts; turns are dated from it. Leave it "
        "out when turns are not of a fixed length.",
    )
    turn_unit: TurnUnit = Field(default=TurnUnit.DAYS, description="minutes, hours, days or weeks.")

    @model_validator(mode="after")
    def _said_somehow(self) -> Self:
        if self.turn_length is None and self.turn_amount is None:
            raise _error("say how long a turn is: give turn_amount (and turn_unit) or turn_length")
        short = self.turn_unit in (TurnUnit.MINUTES, TurnUnit.HOURS)
        if short and self.start_time is None and self.turn_amount is not None:
            raise _error(
                "turns of {unit} need start_time, the time of day turn 1 begins ('HH:MM')",
                unit=self.turn_unit.value,
            )
        return self

    @property
    def length(self) -> dt.timedelta | None:
        """How long one turn is in the game's world, or None when not fixed."""
        if self.turn_amount is None:
            return None
        return dt.timedelta(**{self.turn_unit.value: self.turn_amount})

    @property
    def described(self) -> str:
        """The turn's length in words: ``turn_length``, or said as '4 hours', '1 week'."""
        if self.turn_length is not None:
            return self.turn_length
        amount = self.turn_amount or 1
        unit = self.turn_unit.value
        return f"{amount} {unit[:-1] if amount == 1 else unit}"


class Metadata(_Model):
    """Who wrote the scenario, what it is about and how it is marked."""

    id: Ident = Field(description="Stable identifier of the scenario (used in file names).")
    title: Name
    version: Name = Field(description="The author's version of this scenario, e.g. '1.2'.")
    author: Name
    classification: Name = Field(
        default="UNCLASSIFIED // EXERCISE",
        description="Marking printed in a banner on every page of the reports.",
    )
    summary: Text = Field(description="One paragraph shown when choosing a scenario.")
    background: Text = Field(description="The background narrative given to every player.")
    date: dt.date = Field(description="Date the scenario was written or last revised (YYYY-MM-DD).")
    clock: GameClock
    sources: tuple[Text, ...] = Field(default=(), description="Open sources the scenario draws on.")


# ---------------------------------------------------------------------------- actors and teams


class ActorKind(StrEnum):
    """What kind of body an actor is."""

    STATE = "state"
    ALLIANCE = "alliance"
    COALITION = "coalition"
    INSTITUTION = "institution"
    NON_STATE = "non_state"
    CONTROL = "control"


class Actor(_Model):
    """A state, alliance, institution or organisation whose decisions the game represents."""

    id: Ident
    name: Name = Field(description="Display name.")
    native_name: Name | None = Field(
        default=None, description="The name in the actor's own script, e.g. Cyrillic."
    )
    kind: ActorKind = ActorKind.STATE
    colour: Colour
    objectives: tuple[Text, ...] = Field(default=(), description="What this actor wants.")
    briefing: Text | None = Field(
        default=None, description="Private briefing, shown only to the teams playing this actor."
    )


class Sight(StrEnum):
    """What a team sees of other teams' units (fog of war)."""

    ALL = "all"
    """Every unit on the map."""
    SHARED_REGIONS = "shared_regions"
    """Only units in regions where the team has units of its own."""
    NONE = "none"
    """None of them: only its own actors' units."""


class Team(_Model):
    """A group of participants playing one actor or several."""

    id: Ident
    name: Name
    actors: tuple[Ident, ...] = Field(
        min_length=1,
        description="The actors this team plays, e.g. [usa, nato]; each keeps its own "
        "objectives, briefing and colour. The first is the team's colour.",
    )
    description: Text | None = None
    min_players: int = Field(default=1, ge=0, le=50)
    max_players: int = Field(default=8, ge=1, le=200)
    sees: Sight | None = Field(
        default=None,
        description="What this team sees of other teams' units: all, shared_regions or none "
        "(default: the scenario's fog_of_war).",
    )

    @model_validator(mode="after")
    def _players_in_order(self) -> Self:
        if self.min_players > self.max_players:
            raise _error(
                "min_players ({lo}) is more than max_players ({hi})",
                lo=self.min_players,
                hi=self.max_players,
            )
        if len(set(self.actors)) != len(self.actors):
            raise _error("an actor is listed twice in the team's actors")
        return self

    @property
    def actor(self) -> str:
        """The team's first actor (its colour and its name on the map)."""
        return self.actors[0]


class Cell(_Model):
    """A role every game has beside the playing teams."""

    name: Name
    description: Text | None = None
    actor: Ident | None = Field(
        default=None, description="The actor (usually a control actor) this cell speaks for."
    )


class Roles(_Model):
    """The non-playing roles: the facilitator's white cell and the observers/analysts."""

    white_cell: Cell = Cell(
        name="White cell",
        description="Facilitators and umpires: run the game, adjudicate, release injects.",
    )
    observers: Cell = Cell(
        name="Observers and analysts",
        description="Watch and record observations; see everything revealed, move nothing.",
    )


class Control(_Model):
    """What only the white cell sees: in its views and the facilitator edition, not a team's."""

    ground_truth: Text | None = Field(
        default=None, description="What is really going on, which the teams must find out."
    )
    guidance: Text | None = Field(
        default=None, description="Guidance for the umpires on adjudicating this game."
    )
    notes: tuple[Text, ...] = Field(default=(), description="The white cell's private notes.")


# ---------------------------------------------------------------------------- turn plan


class PhaseKind(StrEnum):
    """What happens in a phase; the game service allows actions by phase kind."""

    BRIEFING = "briefing"
    PLANNING = "planning"
    MOVES = "moves"
    ADJUDICATION = "adjudication"
    NARRATIVE = "narrative"


class Phase(_Model):
    """One step of every turn."""

    id: Ident
    name: Name
    kind: PhaseKind
    minutes: int | None = Field(
        default=None, ge=1, le=24 * 60, description="Optional time box for the phase."
    )
    description: Text | None = None


class TurnPlan(_Model):
    """How many turns the game has and which phases make up each turn."""

    turns: int = Field(ge=1, le=100)
    phases: tuple[Phase, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _has_moves_and_adjudication(self) -> Self:
        kinds = {p.kind for p in self.phases}
        for needed in (PhaseKind.MOVES, PhaseKind.ADJUDICATION):
            if needed not in kinds:
                raise _error(
                    "the turn plan has no phase of kind '{kind}'; every turn needs one",
                    kind=needed.value,
                )
        return self

    def phase(self, phase_id: str) -> Phase:
        """Return the phase with this id (KeyError if there is none)."""
        for p in self.phases:
            if p.id == phase_id:
                return p
        raise KeyError(phase_id)


# ---------------------------------------------------------------------------- tracks


class TrackKind(StrEnum):
    """The escalation ladder is a track with rungs; every other track is an indicator."""

    ESCALATION = "escalation"
    INDICATOR = "indicator"


class Rung(_Model):
    """One rung of the escalation ladder."""

    level: int
    name: Name
    description: Text


class Track(_Model):
    """A named numeric indicator with bounds and a starting value."""

    id: Ident
    name: Name
    kind: TrackKind = TrackKind.INDICATOR
    description: Text | None = None
    min: int
    max: int
    start: int
    rungs: tuple[Rung, ...] = Field(
        default=(), description="The escalation ladder's rungs (escalation track only)."
    )

    @field_validator("max")
    @classmethod
    def _max_above_min(cls, value: int, info: ValidationInfo) -> int:
        low = info.data.get("min")
        if low is not None and low >= value:
            raise _error("max ({hi}) must be above min ({lo})", lo=low, hi=value)
        return value

    @field_validator("start")
    @classmethod
    def _start_in_bounds(cls, value: int, info: ValidationInfo) -> int:
        low, high = info.data.get("min"), info.data.get("max")
        if low is not None and high is not None and not low <= value <= high:
            raise _error(
                "start value {start} is outside the track's bounds {lo}..{hi}",
                start=value,
                lo=low,
                hi=high,
            )
        return value

    @field_validator("rungs")
    @classmethod
    def _rungs_in_bounds(cls, rungs: tuple[Rung, ...], info: ValidationInfo) -> tuple[Rung, ...]:
        low, high = info.data.get("min"), info.data.get("max")
        levels = [r.level for r in rungs]
        if low is not None and high is not None:
            for level in levels:
                if not low <= level <= high:
                    raise _error(
                        "rung level {level} is outside the track's bounds {lo}..{hi}",
                        level=level,
                        lo=low,
                        hi=high,
                    )
        if levels != sorted(set(levels)):
            raise _error("rung levels must be distinct and in increasing order")
        return rungs

    @model_validator(mode="after")
    def _rungs_only_on_escalation(self) -> Self:
        if self.kind is TrackKind.INDICATOR and self.rungs:
            raise _error("only the escalation track has rungs; set kind: escalation")
        return self

    def rung_at(self, level: int) -> Rung | None:
        """The highest rung at or below ``level``, or None below the first rung."""
        reached = None
        for rung in self.rungs:
            if rung.level <= level:
                reached = rung
        return reached


# ---------------------------------------------------------------------------- red lines


class RedLine(_Model):
    """A line an actor has declared others must not cross, with a checkable trigger."""

    id: Ident
    name: Name
    declared_by: Ident = Field(description="The actor that declared it.")
    description: Text
    declared_consequence: Text | None = Field(
        default=None, description="What the declaring actor said it would do."
    )
    trigger: Trigger = Field(
        description="When the line is crossed: a trigger, or all/any/not over triggers."
    )

    @property
    def triggers(self) -> tuple[Trigger, ...]:
        """The alternatives of the trigger: the parts of an ``any``, or the trigger itself."""
        if isinstance(self.trigger, AnyOf):
            return self.trigger.of
        return (self.trigger,)


# ---------------------------------------------------------------------------- injects


def _audience(value: Any) -> Any:
    """A single team id written without brackets is a list of one team."""
    if isinstance(value, str) and value != "all":
        return (value,)
    return value


class Inject(_Model):
    """An event of the master scenario events list, released by the white cell.

    An inject is either scheduled (``turn``, with a ``phase`` or a clock time ``at``) or
    conditional (``condition``): fired when its trigger holds.
    """

    id: Ident
    title: Name
    text: Text
    audience: Annotated[Literal["all"] | tuple[Ident, ...], Field(union_mode="left_to_right")] = (
        Field(default="all", description="'all', or the ids of the teams that receive it.")
    )
    controller: Name = Field(description="Who in the white cell is responsible for it.")
    expected_response: Text | None = Field(
        default=None, description="What the white cell expects players to do."
    )
    turn: int | None = Field(default=None, ge=1)
    phase: Ident | None = None
    at: dt.time | None = Field(
        default=None,
        description="The in-game clock time ('HH:MM') within its turn at which it is due.",
    )
    condition: Trigger | None = Field(
        default=None, description="When it fires: a trigger, or all/any/not over triggers."
    )
    effects: tuple[Effect, ...] = ()
    source: Text | None = Field(default=None, description="Where the event comes from.")

    @field_validator("audience", mode="before")
    @classmethod
    def _one_team(cls, value: Any) -> Any:
        return _audience(value)

    @model_validator(mode="after")
    def _scheduled_or_conditional(self) -> Self:
        if self.condition is None and self.turn is None:
            raise _error("an inject needs either a turn (scheduled) or a condition")
        if self.condition is not None and self.turn is not None:
            raise _error("an inject is either scheduled (turn) or conditional, not both")
        if self.phase is not None and self.turn is None:
            raise _error("'phase' needs a 'turn'")
        if self.at is not None and self.turn is None:
            raise _error("'at' needs a 'turn'")
        if isinstance(self.audience, tuple) and not self.audience:
            raise _error("audience is empty; write 'all' or name at least one team")
        return self

    @property
    def conditional(self) -> bool:
        """True for an inject fired by a condition rather than by the schedule."""
        return self.condition is not None


# ---------------------------------------------------------------------------- the scenario


class Scenario(_Model):
    """A complete scenario: the definition of a game."""

    format_version: Literal[2] = Field(
        description="Version of the scenario format; older versions are upgraded on load."
    )
    metadata: Metadata
    actors: tuple[Actor, ...] = Field(min_length=1)
    teams: tuple[Team, ...] = Field(min_length=1)
    roles: Roles = Roles()
    control: Control = Field(
        default=Control(),
        description="Ground truth, adjudication guidance and the white cell's private notes: "
        "seen only by the white cell and in the facilitator edition of the report.",
    )
    turn_plan: TurnPlan
    tracks: tuple[Track, ...] = Field(
        default=(), description="Indicators, and at most one escalation ladder (optional)."
    )
    red_lines: tuple[RedLine, ...] = ()
    map: GameMap | None = Field(default=None, description="The theatre (optional).")
    unit_types: tuple[UnitTypeDef, ...] = Field(
        default=(), description="Kinds of unit of this scenario, beside the built-in ones."
    )
    units: tuple[Unit, ...] = Field(
        default=(), description="Forces and assets; units need a map unless none are placed."
    )
    fog_of_war: Sight = Field(
        default=Sight.ALL,
        description="What each team sees of other teams' units: all, shared_regions (only in "
        "regions where it has units) or none. A team's own `sees` overrides it.",
    )
    facts: tuple[Fact, ...] = Field(
        default=(), description="Statements effects establish or retract and triggers test."
    )
    injects: tuple[Inject, ...] = ()
    analysis: AnalysisPlan = AnalysisPlan()
    adjudication: AdjudicationRules = AdjudicationRules()

    _files: Mapping[str, bytes] = PrivateAttr(default_factory=dict)

    def __eq__(self, other: object) -> bool:
        """Equal when every field is equal (the files read with it do not count)."""
        if not isinstance(other, Scenario):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash(self.metadata.id)

    # ---- files

    @property
    def files(self) -> Mapping[str, bytes]:
        """The files the scenario names (map geometry, cities), by the path it writes.

        Read when the scenario is loaded, and stored in the game with the scenario's text,
        so that a game never looks outside itself for them.
        """
        return self._files

    def attach_files(self, files: Mapping[str, bytes]) -> None:
        """Keep the bytes of the files the scenario names (done once, by the loader)."""
        self._files = MappingProxyType(dict(files))

    # ---- look-ups

    def actor(self, actor_id: str) -> Actor:
        """The actor with this id."""
        return _by_id(self.actors, actor_id)

    def team(self, team_id: str) -> Team:
        """The team with this id."""
        return _by_id(self.teams, team_id)

    def track(self, track_id: str) -> Track:
        """The track with this id."""
        return _by_id(self.tracks, track_id)

    def unit(self, unit_id: str) -> Unit:
        """The unit with this id."""
        return _by_id(self.units, unit_id)

    def region(self, region_id: str) -> Region:
        """The region with this id."""
        return _by_id(self.regions, region_id)

    def red_line(self, red_line_id: str) -> RedLine:
        """The red line with this id."""
        return _by_id(self.red_lines, red_line_id)

    def inject(self, inject_id: str) -> Inject:
        """The inject with this id."""
        return _by_id(self.injects, inject_id)

    def fact(self, fact_id: str) -> Fact:
        """The fact with this id."""
        return _by_id(self.facts, fact_id)

    @property
    def regions(self) -> tuple[Region, ...]:
        """The map's regions (none without a map)."""
        return self.map.regions if self.map is not None else ()

    @property
    def escalation(self) -> Track | None:
        """The escalation ladder, or None when the scenario has none."""
        return next((t for t in self.tracks if t.kind is TrackKind.ESCALATION), None)

    def actors_of(self, team_id: str) -> tuple[Actor, ...]:
        """The actors a team plays, in its order."""
        return tuple(self.actor(a) for a in self.team(team_id).actors)

    def team_of_actor(self, actor_id: str) -> Team | None:
        """The first team that plays an actor, or None when no team does."""
        return next((t for t in self.teams if actor_id in t.actors), None)

    def sight(self, team_id: str) -> Sight:
        """What a team sees of other teams' units."""
        return self.team(team_id).sees or self.fog_of_war

    def unit_domain(self, type_id: str) -> Domain:
        """The domain of a unit type, built-in or declared (OTHER when unknown)."""
        for declared in self.unit_types:
            if declared.id == type_id:
                return declared.domain
        return BUILT_IN_DOMAINS.get(type_id, Domain.OTHER)

    def unit_type_name(self, type_id: str) -> str:
        """A unit type in words: its declared name, or the built-in id with spaces."""
        for declared in self.unit_types:
            if declared.id == type_id:
                return declared.name
        return type_id.replace("_", " ")

    def unit_type_label(self, type_id: str) -> str | None:
        """The short label a declared unit type is drawn with (None for built-in types)."""
        for declared in self.unit_types:
            if declared.id == type_id:
                return declared.label
        return None

    # ---- cross-references

    @model_validator(mode="after")
    def _check_references(self) -> Self:
        errors = list(self.reference_errors())
        if errors:
            raise ReferenceErrors(errors)
        return self

    def reference_errors(self) -> Iterator[ReferenceProblem]:
        """Yield every dangling or duplicate reference, located by field path."""
        from wargame.scenario.references import reference_errors

        return reference_errors(self)


_Item = TypeVar("_Item", Actor, Team, Track, Unit, Region, RedLine, Inject, Fact)


def _by_id(items: Iterable[_Item], item_id: str) -> _Item:
    for item in items:
        if item.id == item_id:
            return item
    raise KeyError(item_id)


def domain_may_stand_in(domain: Domain, region_kind: RegionKind) -> bool:
    """Whether a unit of this domain may stand in a region of this kind.

    Land units stand on land, sea units at sea; air, cyber, space and other units anywhere.
    """
    if domain is Domain.LAND:
        return region_kind is RegionKind.LAND
    if domain is Domain.SEA:
        return region_kind is RegionKind.SEA
    return True


def may_stand_in(unit_type: str, region_kind: RegionKind) -> bool:
    """Whether a unit of a built-in type may stand in a region of this kind.

    Naval units stand at sea; aircraft, missiles, headquarters and nuclear forces
    anywhere; every other unit on land. (A scenario's own types: :meth:`Scenario.unit_domain`.)
    """
    return domain_may_stand_in(BUILT_IN_DOMAINS.get(unit_type, Domain.OTHER), region_kind)
