"""Triggers and effects in words, for the app, the reports and the command line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wargame.scenario.base import article
from wargame.scenario.expressions import (
    AllOf,
    AnyOf,
    FactEstablished,
    InjectReleased,
    MoveAdjudicated,
    NotOf,
    RedLineCrossed,
    TrackAtLeast,
    TrackAtMost,
    Trigger,
    TurnReached,
    UnitInRegion,
)

if TYPE_CHECKING:
    from wargame.scenario.model import Scenario


def _name(items: object, item_id: str) -> str:
    for item in items:  # type: ignore[attr-defined]
        if item.id == item_id:
            return str(getattr(item, "name", None) or getattr(item, "title", None) or item_id)
    return item_id


def _or(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def describe_trigger(trigger: Trigger, scenario: Scenario) -> str:
    """A trigger expression in one line of plain words."""
    if isinstance(trigger, AllOf | AnyOf):
        joiner = " and " if isinstance(trigger, AllOf) else " or "
        parts = [describe_trigger(t, scenario) for t in trigger.of]
        if len(parts) == 1:
            return parts[0]
        return "(" + joiner.join(parts) + ")"
    if isinstance(trigger, NotOf):
        return f"not ({describe_trigger(trigger.of, scenario)})"
    if isinstance(trigger, TrackAtLeast):
        return f"{_name(scenario.tracks, trigger.track)} at {trigger.level} or above"
    if isinstance(trigger, TrackAtMost):
        return f"{_name(scenario.tracks, trigger.track)} at {trigger.level} or below"
    if isinstance(trigger, UnitInRegion):
        kinds = [scenario.unit_type_name(t) for t in trigger.unit_types]
        what = article(f"{_or(kinds)} unit") if kinds else "any unit"
        strength = (
            f" of strength {trigger.min_strength} or more" if trigger.min_strength > 1 else ""
        )
        regions = _or([_name(scenario.regions, r) for r in trigger.regions])
        return f"{what}{strength} of {_name(scenario.actors, trigger.actor)} in {regions}"
    if isinstance(trigger, RedLineCrossed):
        return f"red line '{_name(scenario.red_lines, trigger.red_line)}' crossed"
    if isinstance(trigger, MoveAdjudicated):
        whose = []
        if trigger.team is not None:
            whose.append(f"by {_name(scenario.teams, trigger.team)}")
        if trigger.tag is not None:
            whose.append(f"tagged '{trigger.tag}'")
        return f"a move {' '.join(whose)} adjudicated {_or(list(trigger.outcomes))}"
    if isinstance(trigger, FactEstablished):
        return f"fact established: {_text(scenario, trigger.fact)}"
    if isinstance(trigger, TurnReached):
        phase = f", {_name(scenario.turn_plan.phases, trigger.phase)}" if trigger.phase else ""
        return f"turn {trigger.turn}{phase} reached"
    assert isinstance(trigger, InjectReleased)
    return f"inject '{_name(scenario.injects, trigger.inject)}' released"


def _text(scenario: Scenario, fact_id: str) -> str:
    for fact in scenario.facts:
        if fact.id == fact_id:
            return fact.text
    return fact_id
