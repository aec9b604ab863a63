"""Triggers and effects: what makes a red line crossed or an inject fire, and what changes.

A trigger is an expression: a leaf (a track threshold, units in a region, a move adjudicated
with an outcome, a fact established, a turn reached, an inject released, a red line crossed)
or ``all`` / ``any`` / ``not`` over other triggers. An effect is one change to the state of
play: a track moved or set, a unit moved, created, removed or weakened, a fact established
or retracted. Both come from adjudications (lookup-table rows, the umpire's ruling) and from
injects.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from wargame.scenario.base import Ident, _Model

Outcome = Literal["success", "partial", "failure"]

# ---------------------------------------------------------------------------- triggers


class TrackAtLeast(_Model):
    """True when a track stands at or above a level."""

    kind: Literal["track_at_least"]
    track: Ident = Field(description="The track.")
    level: int = Field(description="The level it must reach (inclusive).")


class TrackAtMost(_Model):
    """True when a track stands at or below a level."""

    kind: Literal["track_at_most"]
    track: Ident = Field(description="The track.")
    level: int = Field(description="The level it must fall to (inclusive).")


class UnitInRegion(_Model):
    """True when any unit of the given actor stands in one of the given regions."""

    kind: Literal["unit_in_region"]
    actor: Ident = Field(description="Owner of the units that count.")
    regions: tuple[Ident, ...] = Field(min_length=1, description="Regions where they count.")
    unit_types: tuple[Ident, ...] = Field(
        default=(),
        description="Only these unit types count (all when empty): built-in types or the "
        "scenario's own `unit_types`.",
    )
    min_strength: int = Field(default=1, ge=0, description="Units weaker than this do not count.")


class RedLineCrossed(_Model):
    """True once a red line has been crossed (and ever after)."""

    kind: Literal["red_line_crossed"]
    red_line: Ident = Field(description="The red line.")


class MoveAdjudicated(_Model):
    """True once a move by a team, or tagged so by the umpire, was adjudicated with an outcome.

    Give ``team``, ``tag`` or both: with both, the move must be the team's and carry the tag.
    The white cell tags a move when adjudicating it, choosing among ``adjudication.move_tags``.
    """

    kind: Literal["move_adjudicated"]
    team: Ident | None = Field(default=None, description="Only moves by this team count.")
    tag: Ident | None = Field(
        default=None, description="Only moves the umpire tagged so count (adjudication.move_tags)."
    )
    outcomes: tuple[Outcome, ...] = Field(
        default=("success",),
        min_length=1,
        description="The outcomes that count: success, partial, failure.",
    )


class FactEstablished(_Model):
    """True while a fact of the scenario's `facts` list is established."""

    kind: Literal["fact_established"]
    fact: Ident = Field(description="The fact.")


class TurnReached(_Model):
    """True from the start of a turn (or of a phase of that turn) on."""

    kind: Literal["turn_reached"]
    turn: int = Field(ge=1, description="The turn.")
    phase: Ident | None = Field(
        default=None, description="A phase of that turn; from its start on (default: any)."
    )


class InjectReleased(_Model):
    """True once an inject has been released."""

    kind: Literal["inject_released"]
    inject: Ident = Field(description="The inject.")


class AllOf(_Model):
    """True when every trigger listed holds."""

    kind: Literal["all"]
    of: tuple[Trigger, ...] = Field(min_length=1, description="The triggers that must all hold.")


class AnyOf(_Model):
    """True when at least one trigger listed holds."""

    kind: Literal["any"]
    of: tuple[Trigger, ...] = Field(
        min_length=1, description="The triggers of which one must hold."
    )


class NotOf(_Model):
    """True when the trigger given does not hold."""

    kind: Literal["not"]
    of: Trigger = Field(description="The trigger that must not hold.")


Leaf = (
    TrackAtLeast
    | TrackAtMost
    | UnitInRegion
    | RedLineCrossed
    | MoveAdjudicated
    | FactEstablished
    | TurnReached
    | InjectReleased
)
Trigger = Annotated[Leaf | AllOf | AnyOf | NotOf, Field(discriminator="kind")]
"""A trigger expression, told apart by its ``kind``."""

Condition = Trigger
"""What fires a conditional inject: any trigger (the name of format version 1)."""

for _model in (AllOf, AnyOf, NotOf):
    _model.model_rebuild()


def leaves(trigger: Trigger) -> list[Leaf]:
    """Every leaf of a trigger expression, in order."""
    return [leaf for _, leaf in walk(trigger, ())]


def walk(trigger: Trigger, loc: tuple[str | int, ...]) -> list[tuple[tuple[str | int, ...], Leaf]]:
    """Every leaf of a trigger with its field path below ``loc`` (for error messages)."""
    if isinstance(trigger, AllOf | AnyOf):
        out: list[tuple[tuple[str | int, ...], Leaf]] = []
        for i, part in enumerate(trigger.of):
            out.extend(walk(part, (*loc, "of", i)))
        return out
    if isinstance(trigger, NotOf):
        return walk(trigger.of, (*loc, "of"))
    return [(loc, trigger)]


# ---------------------------------------------------------------------------- effects


class TrackEffect(_Model):
    """Move a track by a number of points (clamped to its bounds)."""

    kind: Literal["track"]
    track: Ident = Field(description="The track.")
    delta: int = Field(ge=-1000, le=1000, description="Points to add (negative: subtract).")


class TrackSetEffect(_Model):
    """Set a track to a value (clamped to its bounds)."""

    kind: Literal["track_set"]
    track: Ident = Field(description="The track.")
    value: int = Field(description="The level it is set to.")


class UnitMoveEffect(_Model):
    """Move a unit to another region."""

    kind: Literal["unit_move"]
    unit: Ident = Field(description="The unit.")
    to: Ident = Field(description="The region it moves to.")


class UnitStrengthEffect(_Model):
    """Change a unit's strength by a number of points (clamped to 0..100)."""

    kind: Literal["unit_strength"]
    unit: Ident = Field(description="The unit.")
    delta: int = Field(ge=-100, le=100, description="Points to add (negative: subtract).")


class UnitCreateEffect(_Model):
    """Put a unit on the map: a reinforcement declared with ``placed: false``, or one removed."""

    kind: Literal["unit_create"]
    unit: Ident = Field(description="The unit (declared under `units`).")
    region: Ident | None = Field(
        default=None, description="Where it appears (default: the region the unit declares)."
    )


class UnitRemoveEffect(_Model):
    """Take a unit off the map (withdrawn, destroyed, disbanded)."""

    kind: Literal["unit_remove"]
    unit: Ident = Field(description="The unit.")


class FactEstablishEffect(_Model):
    """Establish a fact of the scenario's `facts` list."""

    kind: Literal["fact_establish"]
    fact: Ident = Field(description="The fact.")


class FactRetractEffect(_Model):
    """Retract an established fact."""

    kind: Literal["fact_retract"]
    fact: Ident = Field(description="The fact.")


AnyEffect = (
    TrackEffect
    | TrackSetEffect
    | UnitMoveEffect
    | UnitStrengthEffect
    | UnitCreateEffect
    | UnitRemoveEffect
    | FactEstablishEffect
    | FactRetractEffect
)
Effect = Annotated[AnyEffect, Field(discriminator="kind")]
"""One change to the state of play, told apart by its ``kind``."""

UNIT_EFFECTS = (UnitMoveEffect, UnitStrengthEffect, UnitCreateEffect, UnitRemoveEffect)
TRACK_EFFECTS = (TrackEffect, TrackSetEffect)
FACT_EFFECTS = (FactEstablishEffect, FactRetractEffect)


def effect_target(effect: AnyEffect) -> str:
    """The id of what an effect changes: a track, a unit or a fact."""
    if isinstance(effect, TrackEffect | TrackSetEffect):
        return effect.track
    if isinstance(effect, FactEstablishEffect | FactRetractEffect):
        return effect.fact
    return effect.unit
