"""The scenario format: Pydantic models of everything a scenario author writes.

A scenario is the definition of a game — setting, actors, teams and roles, the turn
plan, tracks and the escalation ladder, red lines, the map and units, the injects
(master scenario events list), the analysis plan and the adjudication rules. It is
written by hand in YAML, so every model forbids unknown fields (a misspelt key is an
error, not silently ignored) and is frozen (a loaded scenario never changes).

Cross-references (a team naming an unknown actor, a red line on an unknown track …)
are checked in :meth:`Scenario._check_references`, so they are reported with the same
file/line/column precision as type errors.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator
from enum import StrEnum
from typing import Annotated, Literal, Self, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from wargame.scenario.analysis_plan import AnalysisPlan as AnalysisPlan
from wargame.scenario.analysis_plan import Capability as Capability
from wargame.scenario.analysis_plan import Element as Element
from wargame.scenario.analysis_plan import Objective as Objective
from wargame.scenario.analysis_plan import Question as Question
from wargame.scenario.analysis_plan import plan_problems
from wargame.text import clean_name

FORMAT_VERSION = 1
"""The scenario format this code writes; older versions are upgraded on load."""

Ident = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,63}$"),
    Field(
        description="An identifier: lower-case letters, digits, '-' or '_', starting with a letter."
    ),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]


def _visible_name(value: object) -> object:
    """Names lose invisible formatting (bidi controls, zero-width characters): no spoofing."""
    return clean_name(value) if isinstance(value, str) else value


Name = Annotated[
    str,
    BeforeValidator(_visible_name),
    StringConstraints(min_length=1, max_length=200, strip_whitespace=True),
]
Colour = Annotated[
    str,
    StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$"),
    Field(description="An RGB colour as #rrggbb."),
]


class _Model(BaseModel):
    """Base of every scenario model: strict about unknown keys, immutable once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


def _error(message: str, **context: object) -> PydanticCustomError:
    return PydanticCustomError("scenario", message, dict(context) or None)


# ---------------------------------------------------------------------------- metadata


class GameClock(_Model):
    """What one turn represents in the world of the game."""

    start: dt.date = Field(description="The in-game date at which turn 1 begins.")
    turn_length: Name = Field(
        description="What one turn represents, in words (e.g. 'two weeks', '72 hours')."
    )
    turn_days: int | None = Field(
        default=None,
        ge=0,
        le=3650,
        description="The same in whole days, used to date turns (0 when turns last hours).",
    )


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
    date: dt.date = Field(description="Date the scenario was written or last revised.")
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
    """A state, alliance or institution whose decisions the game represents."""

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


class Team(_Model):
    """A group of participants playing one actor."""

    id: Ident
    name: Name
    actor: Ident = Field(description="The actor this team plays.")
    description: Text | None = None
    min_players: int = Field(default=1, ge=0, le=50)
    max_players: int = Field(default=8, ge=1, le=200)

    @model_validator(mode="after")
    def _players_in_order(self) -> Self:
        if self.min_players > self.max_players:
            raise _error(
                "min_players ({lo}) is more than max_players ({hi})",
                lo=self.min_players,
                hi=self.max_players,
            )
        return self


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
        if self.kind is TrackKind.ESCALATION and not self.rungs:
            raise _error("the escalation track needs rungs (its ladder)")
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


# ---------------------------------------------------------------------------- triggers


class UnitType(StrEnum):
    """Kinds of unit; the map draws each with its own symbol."""

    INFANTRY = "infantry"
    ARMOUR = "armour"
    ARTILLERY = "artillery"
    AIR_DEFENCE = "air_defence"
    AIR = "air"
    NAVAL = "naval"
    MISSILE = "missile"
    HEADQUARTERS = "headquarters"
    LOGISTICS = "logistics"
    PEACEKEEPING = "peacekeeping"
    TRAINING = "training"
    NUCLEAR = "nuclear"


class TrackAtLeast(_Model):
    """True when a track stands at or above a level."""

    kind: Literal["track_at_least"]
    track: Ident
    level: int


class TrackAtMost(_Model):
    """True when a track stands at or below a level."""

    kind: Literal["track_at_most"]
    track: Ident
    level: int


class UnitInRegion(_Model):
    """True when any unit of the given actor stands in one of the given regions."""

    kind: Literal["unit_in_region"]
    actor: Ident = Field(description="Owner of the units that count.")
    regions: tuple[Ident, ...] = Field(min_length=1)
    unit_types: tuple[UnitType, ...] = Field(
        default=(), description="Only these unit types count (all when empty)."
    )
    min_strength: int = Field(default=1, ge=0, description="Units weaker than this do not count.")


class RedLineCrossed(_Model):
    """True once a red line has been crossed."""

    kind: Literal["red_line_crossed"]
    red_line: Ident


RedLineTrigger = Annotated[TrackAtLeast | TrackAtMost | UnitInRegion, Field(discriminator="kind")]
Condition = Annotated[
    TrackAtLeast | TrackAtMost | UnitInRegion | RedLineCrossed, Field(discriminator="kind")
]


class RedLine(_Model):
    """A line an actor has declared others must not cross, with a checkable trigger."""

    id: Ident
    name: Name
    declared_by: Ident = Field(description="The actor that declared it.")
    description: Text
    declared_consequence: Text | None = Field(
        default=None, description="What the declaring actor said it would do."
    )
    trigger: RedLineTrigger
    any_of: tuple[RedLineTrigger, ...] = Field(
        default=(), description="Further triggers; the line is crossed when any one holds."
    )

    @property
    def triggers(self) -> tuple[TrackAtLeast | TrackAtMost | UnitInRegion, ...]:
        """Every trigger of this red line, the main one first."""
        return (self.trigger, *self.any_of)


# ---------------------------------------------------------------------------- map and units


class RegionKind(StrEnum):
    """Land or sea: naval units stand at sea, land units on land."""

    LAND = "land"
    SEA = "sea"


class Region(_Model):
    """An area of the map, drawn from a feature of the map's GeoJSON file."""

    id: Ident = Field(description="Also the `id` property of its feature in the GeoJSON file.")
    name: Name
    native_name: Name | None = None
    kind: RegionKind = RegionKind.LAND
    adjacent: tuple[Ident, ...] = Field(
        default=(),
        description="Regions a unit can move to in one step; listing a pair once is enough.",
    )


class GameMap(_Model):
    """The theatre: geometry file, regions and how they connect."""

    geometry: str = Field(
        description="Path of the GeoJSON file, relative to the scenario file or to the "
        "bundled assets folder (e.g. 'maps/eastern-europe.geojson').",
        pattern=r"^[^\x00]+\.geojson$",
    )
    cities: str | None = Field(
        default=None, description="Optional GeoJSON of city points to label on the map."
    )
    frame: tuple[float, float, float, float] | None = Field(
        default=None,
        description="Visible extent as [west, south, east, north] in degrees; "
        "defaults to the extent of the regions.",
    )
    regions: tuple[Region, ...] = Field(min_length=1)

    def neighbours(self, region_id: str) -> frozenset[str]:
        """Regions adjacent to ``region_id`` (adjacency is symmetric)."""
        out: set[str] = set()
        for r in self.regions:
            if r.id == region_id:
                out.update(r.adjacent)
            elif region_id in r.adjacent:
                out.add(r.id)
        return frozenset(out)


class Unit(_Model):
    """A force on the map."""

    id: Ident
    name: Name
    owner: Ident = Field(description="The actor that commands the unit.")
    type: UnitType
    strength: int = Field(ge=0, le=100, description="Combat power, 0..100.")
    region: Ident = Field(description="Region where the unit starts.")
    description: Text | None = None


# ---------------------------------------------------------------------------- effects


class TrackEffect(_Model):
    """Move a track by a number of points (clamped to its bounds)."""

    kind: Literal["track"]
    track: Ident
    delta: int = Field(ge=-1000, le=1000)


class UnitMoveEffect(_Model):
    """Move a unit to another region."""

    kind: Literal["unit_move"]
    unit: Ident
    to: Ident


class UnitStrengthEffect(_Model):
    """Change a unit's strength by a number of points (clamped to 0..100)."""

    kind: Literal["unit_strength"]
    unit: Ident
    delta: int = Field(ge=-100, le=100)


Effect = Annotated[TrackEffect | UnitMoveEffect | UnitStrengthEffect, Field(discriminator="kind")]


# ---------------------------------------------------------------------------- injects


class Inject(_Model):
    """An event of the master scenario events list, released by the white cell.

    An inject is either scheduled (``turn`` and ``phase``) or conditional (``condition``):
    fired when a red line is crossed or a track reaches a level.
    """

    id: Ident
    title: Name
    text: Text
    audience: Literal["all"] | tuple[Ident, ...] = Field(
        default="all", description="'all', or the ids of the teams that receive it."
    )
    controller: Name = Field(description="Who in the white cell is responsible for it.")
    expected_response: Text | None = Field(
        default=None, description="What the white cell expects players to do."
    )
    turn: int | None = Field(default=None, ge=1)
    phase: Ident | None = None
    condition: Condition | None = None
    effects: tuple[Effect, ...] = ()
    source: Text | None = Field(default=None, description="Where the event comes from.")

    @model_validator(mode="after")
    def _scheduled_or_conditional(self) -> Self:
        if self.condition is None and self.turn is None:
            raise _error("an inject needs either a turn (scheduled) or a condition")
        if self.condition is not None and self.turn is not None:
            raise _error("an inject is either scheduled (turn) or conditional, not both")
        if self.phase is not None and self.turn is None:
            raise _error("'phase' needs a 'turn'")
        if isinstance(self.audience, tuple) and not self.audience:
            raise _error("audience is empty; write 'all' or name at least one team")
        return self

    @property
    def conditional(self) -> bool:
        """True for an inject fired by a condition rather than by the schedule."""
        return self.condition is not None


# ---------------------------------------------------------------------------- adjudication


class Method(StrEnum):
    """Adjudication methods a scenario may allow."""

    MATRIX = "matrix"
    ODDS = "odds"
    PROBABILITY = "probability"
    RULING = "ruling"
    TABLE = "table"


class MatrixRules(_Model):
    """Matrix argument: 2d6 plus modifiers against a target number."""

    target: int = Field(default=7, ge=2, le=12, description="2d6 total needed to succeed.")
    reason_bonus: int = Field(default=1, ge=0, le=6, description="+ per strong reason.")
    counter_penalty: int = Field(
        default=1, ge=0, le=6, description="- per accepted counter-argument."
    )
    max_modifier: int = Field(default=3, ge=0, le=12, description="Cap on the net modifier.")
    partial_margin: int = Field(
        default=2,
        ge=0,
        le=10,
        description="Missing the target by at most this is a partial success.",
    )


class OddsRating(_Model):
    """A rating on the odds scale and the d6 score that succeeds."""

    rating: Name
    target: int = Field(ge=1, le=7, description="d6 at or above this succeeds (7: never).")


def _default_odds() -> tuple[OddsRating, ...]:
    return (
        OddsRating(rating="Can't miss", target=1),
        OddsRating(rating="Very likely", target=2),
        OddsRating(rating="Likely", target=3),
        OddsRating(rating="Even chance", target=4),
        OddsRating(rating="Unlikely", target=5),
        OddsRating(rating="Very unlikely", target=6),
        OddsRating(rating="Impossible", target=7),
    )


class OddsRules(_Model):
    """The classic matrix-game odds scale: the umpire rates the argument, a d6 decides."""

    scale: tuple[OddsRating, ...] = Field(default_factory=_default_odds, min_length=2)

    @field_validator("scale")
    @classmethod
    def _distinct(cls, scale: tuple[OddsRating, ...]) -> tuple[OddsRating, ...]:
        names = [r.rating for r in scale]
        if len(set(names)) != len(names):
            raise _error("odds ratings must have distinct names")
        return scale


class ProbabilityRules(_Model):
    """Estimative probability: the participants' estimates are combined, d100 decides."""

    combine: Literal["mean", "median", "umpire"] = Field(
        default="mean", description="How the participants' percentage estimates are combined."
    )
    partial_band: int = Field(
        default=10,
        ge=0,
        le=50,
        description="A d100 roll at most this many points above the chance is a partial success.",
    )


class TableRow(_Model):
    """A band of die totals and the outcome it gives."""

    min: int
    max: int
    outcome: Literal["success", "partial", "failure"]
    narrative: Text | None = None
    effects: tuple[Effect, ...] = ()


class LookupTable(_Model):
    """A die roll looked up in a table of outcomes."""

    id: Ident
    name: Name
    dice: Literal["1d6", "2d6", "3d6", "1d10", "1d20", "1d100"] = "2d6"
    rows: tuple[TableRow, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _covers_every_total(self) -> Self:
        count, sides = (int(x) for x in self.dice.split("d"))
        lo, hi = count, count * sides
        covered: list[int] = []
        for row in self.rows:
            if row.min > row.max:
                raise _error("a row's min {lo} is above its max {hi}", lo=row.min, hi=row.max)
            covered.extend(range(row.min, row.max + 1))
        counts = Counter(covered)
        overlap = sorted(t for t, n in counts.items() if n > 1)
        if overlap:
            raise _error("rows overlap at total {total}", total=overlap[0])
        missing = [t for t in range(lo, hi + 1) if t not in counts]
        if missing:
            raise _error(
                "no row covers the total {total} of {dice}", total=missing[0], dice=self.dice
            )
        return self


class AdjudicationRules(_Model):
    """Which methods this scenario allows, and their settings (each has defaults)."""

    methods: tuple[Method, ...] = Field(
        default=(Method.MATRIX, Method.ODDS, Method.PROBABILITY, Method.RULING),
        min_length=1,
    )
    default_method: Method = Method.MATRIX
    matrix: MatrixRules = MatrixRules()
    odds: OddsRules = OddsRules()
    probability: ProbabilityRules = ProbabilityRules()
    tables: tuple[LookupTable, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if len(set(self.methods)) != len(self.methods):
            raise _error("a method is listed twice")
        if self.default_method not in self.methods:
            raise _error(
                "default_method '{m}' is not one of the allowed methods",
                m=self.default_method.value,
            )
        if Method.TABLE in self.methods and not self.tables:
            raise _error("method 'table' is allowed but no tables are defined")
        return self


# ---------------------------------------------------------------------------- the scenario


class Scenario(_Model):
    """A complete scenario: the definition of a game."""

    format_version: Literal[1] = Field(
        description="Version of the scenario format; older versions are upgraded on load."
    )
    metadata: Metadata
    actors: tuple[Actor, ...] = Field(min_length=1)
    teams: tuple[Team, ...] = Field(min_length=1)
    roles: Roles = Roles()
    turn_plan: TurnPlan
    tracks: tuple[Track, ...] = Field(min_length=1)
    red_lines: tuple[RedLine, ...] = ()
    map: GameMap
    units: tuple[Unit, ...] = ()
    injects: tuple[Inject, ...] = ()
    analysis: AnalysisPlan = AnalysisPlan()
    adjudication: AdjudicationRules = AdjudicationRules()

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
        return _by_id(self.map.regions, region_id)

    def red_line(self, red_line_id: str) -> RedLine:
        """The red line with this id."""
        return _by_id(self.red_lines, red_line_id)

    def inject(self, inject_id: str) -> Inject:
        """The inject with this id."""
        return _by_id(self.injects, inject_id)

    @property
    def escalation(self) -> Track:
        """The escalation ladder."""
        return next(t for t in self.tracks if t.kind is TrackKind.ESCALATION)

    # ---- cross-references

    @model_validator(mode="after")
    def _check_references(self) -> Self:
        errors = list(self.reference_errors())
        if errors:
            raise ReferenceErrors(errors)
        return self

    def reference_errors(self) -> Iterator[ReferenceError_]:
        """Yield every dangling or duplicate reference, located by field path."""
        yield from _duplicates("actors", self.actors)
        yield from _duplicates("teams", self.teams)
        yield from _duplicates("turn_plan.phases", self.turn_plan.phases)
        yield from _duplicates("tracks", self.tracks)
        yield from _duplicates("red_lines", self.red_lines)
        yield from _duplicates("map.regions", self.map.regions)
        yield from _duplicates("units", self.units)
        yield from _duplicates("injects", self.injects)
        yield from _duplicates("analysis.objectives", self.analysis.objectives)
        yield from _duplicates("analysis.questions", self.analysis.questions)
        yield from _duplicates("adjudication.tables", self.adjudication.tables)
        yield from (ReferenceError_(loc, msg) for loc, msg in plan_problems(self.analysis))

        actors = {a.id for a in self.actors}
        teams = {t.id for t in self.teams}
        phases = {p.id for p in self.turn_plan.phases}
        tracks = {t.id for t in self.tracks}
        regions = {r.id for r in self.map.regions}
        units = {u.id for u in self.units}
        objectives = {o.id for o in self.analysis.objectives}

        escalation = [i for i, t in enumerate(self.tracks) if t.kind is TrackKind.ESCALATION]
        if len(escalation) != 1:
            yield ReferenceError_(
                ("tracks",),
                f"exactly one track must be the escalation ladder (kind: escalation); "
                f"found {len(escalation)}",
            )

        for i, team in enumerate(self.teams):
            yield from _ref(("teams", i, "actor"), team.actor, actors, "actor")
        for cell_name in ("white_cell", "observers"):
            cell: Cell = getattr(self.roles, cell_name)
            if cell.actor is not None:
                yield from _ref(("roles", cell_name, "actor"), cell.actor, actors, "actor")
        for i, region in enumerate(self.map.regions):
            for j, other in enumerate(region.adjacent):
                yield from _ref(("map", "regions", i, "adjacent", j), other, regions, "region")
                if other == region.id:
                    yield ReferenceError_(
                        ("map", "regions", i, "adjacent", j),
                        f"region '{region.id}' lists itself as adjacent",
                    )
        region_kinds = {r.id: r.kind for r in self.map.regions}
        for i, unit in enumerate(self.units):
            yield from _ref(("units", i, "owner"), unit.owner, actors, "actor")
            yield from _ref(("units", i, "region"), unit.region, regions, "region")
            kind = region_kinds.get(unit.region)
            if kind is not None and not may_stand_in(unit.type, kind):
                yield ReferenceError_(
                    ("units", i, "region"),
                    f"'{unit.id}' is a {unit.type.value} unit and cannot start in "
                    f"'{unit.region}', which is {kind.value}",
                )
        for i, line in enumerate(self.red_lines):
            yield from _ref(("red_lines", i, "declared_by"), line.declared_by, actors, "actor")
            yield from _trigger_refs(("red_lines", i, "trigger"), line.trigger, self)
            for j, trig in enumerate(line.any_of):
                yield from _trigger_refs(("red_lines", i, "any_of", j), trig, self)
        for i, inject in enumerate(self.injects):
            base = ("injects", i)
            if inject.turn is not None and inject.turn > self.turn_plan.turns:
                yield ReferenceError_(
                    (*base, "turn"),
                    f"turn {inject.turn} is after the last turn ({self.turn_plan.turns})",
                )
            if inject.phase is not None:
                yield from _ref((*base, "phase"), inject.phase, phases, "phase")
            if isinstance(inject.audience, tuple):
                for j, team_id in enumerate(inject.audience):
                    yield from _ref((*base, "audience", j), team_id, teams, "team")
            if inject.condition is not None:
                yield from _trigger_refs((*base, "condition"), inject.condition, self)
            for j, effect in enumerate(inject.effects):
                yield from _effect_refs((*base, "effects", j), effect, tracks, units, regions)
        for i, question in enumerate(self.analysis.questions):
            if question.objective is not None:
                yield from _ref(
                    ("analysis", "questions", i, "objective"),
                    question.objective,
                    objectives,
                    "objective",
                )
        for i, table in enumerate(self.adjudication.tables):
            for j, row in enumerate(table.rows):
                for k, effect in enumerate(row.effects):
                    path = ("adjudication", "tables", i, "rows", j, "effects", k)
                    yield from _effect_refs(path, effect, tracks, units, regions)


_Item = TypeVar("_Item", Actor, Team, Track, Unit, Region, RedLine, Inject)


def _by_id(items: Iterable[_Item], item_id: str) -> _Item:
    for item in items:
        if item.id == item_id:
            return item
    raise KeyError(item_id)


class ReferenceError_(ValueError):  # noqa: N801 - trailing underscore avoids the builtin
    """A cross-reference problem, with the field path where it was found."""

    def __init__(self, loc: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.loc = loc
        self.message = message


AT_SEA: frozenset[UnitType] = frozenset({UnitType.NAVAL})
"""Unit types that stand only in sea regions."""
ANYWHERE: frozenset[UnitType] = frozenset(
    {UnitType.AIR, UnitType.MISSILE, UnitType.HEADQUARTERS, UnitType.NUCLEAR}
)
"""Unit types that may stand on land or at sea (aircraft, missiles, a command afloat …)."""


def may_stand_in(unit_type: UnitType, region_kind: RegionKind) -> bool:
    """Whether a unit of this type may stand in a region of this kind.

    Naval units stand at sea; aircraft, missiles, headquarters and nuclear forces
    anywhere; every other unit on land.
    """
    if unit_type in ANYWHERE:
        return True
    return (region_kind is RegionKind.SEA) == (unit_type in AT_SEA)


class ReferenceErrors(ValueError):
    """Every cross-reference problem of a scenario, raised together."""

    def __init__(self, errors: list[ReferenceError_]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


def _duplicates(
    path: str,
    items: Iterable[
        Actor
        | Team
        | Phase
        | Track
        | RedLine
        | Region
        | Unit
        | Inject
        | Objective
        | Question
        | LookupTable
    ],
) -> Iterator[ReferenceError_]:
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        if item.id in seen:
            loc: tuple[str | int, ...] = (*path.split("."), i, "id")
            yield ReferenceError_(
                loc, f"duplicate id '{item.id}' (already used by item {seen[item.id] + 1})"
            )
        seen.setdefault(item.id, i)


def _ref(
    loc: tuple[str | int, ...], value: str, known: set[str], what: str
) -> Iterator[ReferenceError_]:
    if value not in known:
        choices = ", ".join(sorted(known)) or "none defined"
        yield ReferenceError_(loc, f"unknown {what} '{value}' (known: {choices})")


def _trigger_refs(
    loc: tuple[str | int, ...],
    trigger: TrackAtLeast | TrackAtMost | UnitInRegion | RedLineCrossed,
    scenario: Scenario,
) -> Iterator[ReferenceError_]:
    if isinstance(trigger, TrackAtLeast | TrackAtMost):
        tracks = {t.id: t for t in scenario.tracks}
        yield from _ref((*loc, "track"), trigger.track, set(tracks), "track")
        track = tracks.get(trigger.track)
        if track is not None and not track.min <= trigger.level <= track.max:
            yield ReferenceError_(
                (*loc, "level"),
                f"level {trigger.level} is outside track '{track.id}' bounds "
                f"{track.min}..{track.max}",
            )
    elif isinstance(trigger, UnitInRegion):
        yield from _ref((*loc, "actor"), trigger.actor, {a.id for a in scenario.actors}, "actor")
        regions = {r.id for r in scenario.map.regions}
        for j, region in enumerate(trigger.regions):
            yield from _ref((*loc, "regions", j), region, regions, "region")
    else:
        red_lines = {r.id for r in scenario.red_lines}
        yield from _ref((*loc, "red_line"), trigger.red_line, red_lines, "red line")


def _effect_refs(
    loc: tuple[str | int, ...],
    effect: TrackEffect | UnitMoveEffect | UnitStrengthEffect,
    tracks: set[str],
    units: set[str],
    regions: set[str],
) -> Iterator[ReferenceError_]:
    if isinstance(effect, TrackEffect):
        yield from _ref((*loc, "track"), effect.track, tracks, "track")
    else:
        yield from _ref((*loc, "unit"), effect.unit, units, "unit")
        if isinstance(effect, UnitMoveEffect):
            yield from _ref((*loc, "to"), effect.to, regions, "region")
