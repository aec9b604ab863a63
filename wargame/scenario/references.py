"""Cross-references of a scenario: every id it names must exist, and every effect must apply.

Run by :meth:`Scenario._check_references <wargame.scenario.model.Scenario>` after the fields
validate, so the loader reports each problem at its field path with file, line and column.
Paths are 0-based, like the ``units[3]`` they are printed as, and every message uses them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from wargame.scenario.base import ReferenceProblem, article
from wargame.scenario.expressions import (
    AnyEffect,
    FactEstablished,
    FactEstablishEffect,
    FactRetractEffect,
    InjectReleased,
    MoveAdjudicated,
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
    walk,
)

if TYPE_CHECKING:
    from wargame.scenario.model import Scenario, Unit

Loc = tuple[str | int, ...]


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


def _dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + part
    return out


def _duplicates(path: str, items: Iterable[_HasId]) -> Iterator[ReferenceProblem]:
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        if item.id in seen:
            loc: Loc = (*path.split("."), i, "id")
            first = _dotted((*path.split("."), seen[item.id]))
            yield ReferenceProblem(loc, f"duplicate id '{item.id}' (already used by {first})")
        seen.setdefault(item.id, i)


def _ref(loc: Loc, value: str, known: Iterable[str], what: str) -> Iterator[ReferenceProblem]:
    known = set(known)
    if value not in known:
        choices = ", ".join(sorted(known)) or "none defined"
        yield ReferenceProblem(loc, f"unknown {what} '{value}' (known: {choices})")


def reference_errors(s: Scenario) -> Iterator[ReferenceProblem]:
    """Yield every dangling or duplicate reference and every effect that cannot apply."""
    for where, items in (
        ("actors", s.actors),
        ("teams", s.teams),
        ("turn_plan.phases", s.turn_plan.phases),
        ("tracks", s.tracks),
        ("red_lines", s.red_lines),
        ("map.regions", s.regions),
        ("unit_types", s.unit_types),
        ("units", s.units),
        ("facts", s.facts),
        ("injects", s.injects),
        ("analysis.objectives", s.analysis.objectives),
        ("analysis.questions", s.analysis.questions),
        ("adjudication.tables", s.adjudication.tables),
    ):
        yield from _duplicates(where, items)
    from wargame.scenario.analysis_plan import plan_problems

    yield from (ReferenceProblem(loc, msg) for loc, msg in plan_problems(s.analysis))
    yield from _escalation(s)
    yield from _people(s)
    yield from _map_and_units(s)
    for i, line in enumerate(s.red_lines):
        yield from _ref(("red_lines", i, "declared_by"), line.declared_by, _ids(s.actors), "actor")
        yield from trigger_errors(("red_lines", i, "trigger"), line.trigger, s)
    for i in range(len(s.injects)):
        yield from _inject(s, i)
    for i, question in enumerate(s.analysis.questions):
        if question.objective is not None:
            loc: Loc = ("analysis", "questions", i, "objective")
            yield from _ref(loc, question.objective, _ids(s.analysis.objectives), "objective")
    for i, table in enumerate(s.adjudication.tables):
        for j, row in enumerate(table.rows):
            for k, effect in enumerate(row.effects):
                at: Loc = ("adjudication", "tables", i, "rows", j, "effects", k)
                yield from effect_errors(at, effect, s)


def _ids(items: Iterable[_HasId]) -> set[str]:
    return {item.id for item in items}


def _escalation(s: Scenario) -> Iterator[ReferenceProblem]:
    from wargame.scenario.model import TrackKind

    ladders = [i for i, t in enumerate(s.tracks) if t.kind is TrackKind.ESCALATION]
    if len(ladders) > 1:
        names = " and ".join(f"'{s.tracks[i].id}'" for i in ladders)
        yield ReferenceProblem(
            ("tracks", ladders[1], "kind"),
            f"only one track may be the escalation ladder (kind: escalation); {names} both are",
        )
    elif ladders and not s.tracks[ladders[0]].rungs:
        yield ReferenceProblem(
            ("tracks", ladders[0], "rungs"), "the escalation track needs rungs (its ladder)"
        )


def _people(s: Scenario) -> Iterator[ReferenceProblem]:
    actors = _ids(s.actors)
    for i, team in enumerate(s.teams):
        for j, actor in enumerate(team.actors):
            yield from _ref(("teams", i, "actors", j), actor, actors, "actor")
    for cell_name in ("white_cell", "observers"):
        cell = getattr(s.roles, cell_name)
        if cell.actor is not None:
            yield from _ref(("roles", cell_name, "actor"), cell.actor, actors, "actor")


def _map_and_units(s: Scenario) -> Iterator[ReferenceProblem]:
    from wargame.scenario.model import UnitType

    regions = _ids(s.regions)
    for i, region in enumerate(s.regions):
        for j, other in enumerate(region.adjacent):
            loc: Loc = ("map", "regions", i, "adjacent", j)
            yield from _ref(loc, other, regions, "region")
            if other == region.id:
                yield ReferenceProblem(loc, f"region '{region.id}' lists itself as adjacent")
    built_in = {t.value for t in UnitType}
    for i, declared in enumerate(s.unit_types):
        if declared.id in built_in:
            yield ReferenceProblem(
                ("unit_types", i, "id"),
                f"'{declared.id}' is already a built-in unit type; give yours another id",
            )
    types = built_in | _ids(s.unit_types)
    if s.units and s.map is None:
        yield ReferenceProblem(("units",), "units stand in regions, so they need a map; add one")
        return
    for i, unit in enumerate(s.units):
        yield from _ref(("units", i, "owner"), unit.owner, _ids(s.actors), "actor")
        yield from _ref(("units", i, "type"), unit.type, types, "unit type")
        yield from _ref(("units", i, "region"), unit.region, regions, "region")
        yield from _placement(s, ("units", i, "region"), unit, unit.region)


def _placement(
    s: Scenario, loc: Loc, unit: Unit | str, region_id: str
) -> Iterator[ReferenceProblem]:
    """A unit may stand only in a region its domain allows (land units on land …)."""
    from wargame.scenario.model import domain_may_stand_in

    try:
        unit = s.unit(unit) if isinstance(unit, str) else unit
        region = s.region(region_id)
    except KeyError:
        return
    domain = s.unit_domain(unit.type)
    if domain_may_stand_in(domain, region.kind):
        return
    what = article(f"{s.unit_type_name(unit.type)} unit")
    hint = ""
    if region.kind.value == "land" and domain.value == "sea":
        index = s.regions.index(region)
        hint = f"; if '{region.id}' is sea, say so with 'kind: sea' under map.regions[{index}]"
    yield ReferenceProblem(
        loc,
        f"'{unit.id}' is {what} ({domain.value}) and cannot stand in '{region.id}', "
        f"which is {region.kind.value}{hint}",
    )


def _inject(s: Scenario, i: int) -> Iterator[ReferenceProblem]:
    inject = s.injects[i]
    base: Loc = ("injects", i)
    if inject.turn is not None and inject.turn > s.turn_plan.turns:
        yield ReferenceProblem(
            (*base, "turn"), f"turn {inject.turn} is after the last turn ({s.turn_plan.turns})"
        )
    if inject.phase is not None:
        yield from _ref((*base, "phase"), inject.phase, _ids(s.turn_plan.phases), "phase")
    if inject.at is not None and inject.turn is not None:
        yield from _clock_time((*base, "at"), inject.at, inject.turn, s)
    if isinstance(inject.audience, tuple):
        for j, team_id in enumerate(inject.audience):
            yield from _ref((*base, "audience", j), team_id, _ids(s.teams), "team")
    if inject.condition is not None:
        yield from trigger_errors((*base, "condition"), inject.condition, s)
    for j, effect in enumerate(inject.effects):
        yield from effect_errors((*base, "effects", j), effect, s)


def _clock_time(loc: Loc, at: dt.time, turn: int, s: Scenario) -> Iterator[ReferenceProblem]:
    clock = s.metadata.clock
    length = clock.length
    if clock.start_time is None or length is None:
        yield ReferenceProblem(
            loc,
            "an inject at a clock time needs metadata.clock.start_time and turn_amount, "
            "so that the game knows when each turn begins",
        )
        return
    begin = dt.datetime.combine(clock.start, clock.start_time) + (turn - 1) * length
    end = begin + length
    moment = dt.datetime.combine(begin.date(), at)
    if moment < begin:
        moment += dt.timedelta(days=1)
    if not begin <= moment < end:
        yield ReferenceProblem(
            loc,
            f"{at:%H:%M} is not within turn {turn}, which runs from "
            f"{begin:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M}",
        )


def trigger_errors(loc: Loc, trigger: Trigger, s: Scenario) -> Iterator[ReferenceProblem]:
    """Every unknown id, and every level out of bounds, in a trigger expression."""
    for where, leaf in walk(trigger, loc):
        if isinstance(leaf, TrackAtLeast | TrackAtMost):
            yield from _ref((*where, "track"), leaf.track, _ids(s.tracks), "track")
            tracks = {t.id: t for t in s.tracks}
            track = tracks.get(leaf.track)
            if track is not None and not track.min <= leaf.level <= track.max:
                yield ReferenceProblem(
                    (*where, "level"),
                    f"level {leaf.level} is outside track '{track.id}' bounds "
                    f"{track.min}..{track.max}",
                )
        elif isinstance(leaf, UnitInRegion):
            yield from _ref((*where, "actor"), leaf.actor, _ids(s.actors), "actor")
            for j, region in enumerate(leaf.regions):
                yield from _ref((*where, "regions", j), region, _ids(s.regions), "region")
            types = {t.value for t in _built_in()} | _ids(s.unit_types)
            for j, type_id in enumerate(leaf.unit_types):
                yield from _ref((*where, "unit_types", j), type_id, types, "unit type")
        elif isinstance(leaf, RedLineCrossed):
            yield from _ref((*where, "red_line"), leaf.red_line, _ids(s.red_lines), "red line")
        elif isinstance(leaf, MoveAdjudicated):
            yield from _move_adjudicated(where, leaf, s)
        elif isinstance(leaf, FactEstablished):
            yield from _ref((*where, "fact"), leaf.fact, _ids(s.facts), "fact")
        elif isinstance(leaf, TurnReached):
            if leaf.turn > s.turn_plan.turns:
                yield ReferenceProblem(
                    (*where, "turn"),
                    f"turn {leaf.turn} is after the last turn ({s.turn_plan.turns})",
                )
            if leaf.phase is not None:
                phases = _ids(s.turn_plan.phases)
                yield from _ref((*where, "phase"), leaf.phase, phases, "phase")
        elif isinstance(leaf, InjectReleased):
            yield from _ref((*where, "inject"), leaf.inject, _ids(s.injects), "inject")


def _built_in() -> list[StrEnum]:
    from wargame.scenario.model import UnitType

    return list(UnitType)


def _move_adjudicated(loc: Loc, leaf: MoveAdjudicated, s: Scenario) -> Iterator[ReferenceProblem]:
    if leaf.team is None and leaf.tag is None:
        yield ReferenceProblem(loc, "say whose moves count: give a team, a tag or both")
    if leaf.team is not None:
        yield from _ref((*loc, "team"), leaf.team, _ids(s.teams), "team")
    if leaf.tag is not None:
        yield from _ref((*loc, "tag"), leaf.tag, s.adjudication.move_tags, "move tag")


def effect_errors(loc: Loc, effect: AnyEffect, s: Scenario) -> Iterator[ReferenceProblem]:
    """Every unknown id in an effect, and every reason it could never apply."""
    if isinstance(effect, TrackEffect | TrackSetEffect):
        yield from _ref((*loc, "track"), effect.track, _ids(s.tracks), "track")
        if isinstance(effect, TrackSetEffect) and effect.track in _ids(s.tracks):
            track = s.track(effect.track)
            if not track.min <= effect.value <= track.max:
                yield ReferenceProblem(
                    (*loc, "value"),
                    f"{effect.value} is outside track '{track.id}' bounds {track.min}..{track.max}",
                )
        return
    if isinstance(effect, FactEstablishEffect | FactRetractEffect):
        yield from _ref((*loc, "fact"), effect.fact, _ids(s.facts), "fact")
        return
    yield from _ref((*loc, "unit"), effect.unit, _ids(s.units), "unit")
    target: str | None = None
    if isinstance(effect, UnitMoveEffect):
        target = effect.to
        yield from _ref((*loc, "to"), effect.to, _ids(s.regions), "region")
    elif isinstance(effect, UnitCreateEffect) and effect.region is not None:
        target = effect.region
        yield from _ref((*loc, "region"), effect.region, _ids(s.regions), "region")
    if target is not None:
        field = "to" if isinstance(effect, UnitMoveEffect) else "region"
        yield from _placement(s, (*loc, field), effect.unit, target)
