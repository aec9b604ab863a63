"""The state of play at one moment: where every track stands and every unit is.

State is derived from the game record, never stored twice (ARCHITECTURE.md): the game
layer starts from :func:`initial_state` and applies the record's effects in order. A
:class:`GameState` is immutable, so any earlier state can be kept and compared (for
example to find the turn a red line was first crossed).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from wargame.rules.errors import RuleError
from wargame.scenario.model import Rung, Scenario


@dataclass(frozen=True)
class UnitState:
    """Where a unit stands and how strong it is.

    Attributes:
        region: The id of the region it stands in.
        strength: Its combat power, 0 (destroyed or spent) to 100.
    """

    region: str
    strength: int


@dataclass(frozen=True)
class GameState:
    """Every track's level, every placed unit's position and strength, the facts established.

    A unit not on the map (a reinforcement not yet created, or one removed) is absent from
    ``units``. The mappings are copied into read-only views on construction, so a state handed out
    can never be changed behind its owner's back; use :meth:`with_track` and
    :meth:`with_unit` to derive a new one.

    Attributes:
        tracks: Each track's level, by track id.
        units: Each placed unit's state, by unit id.
        facts: The ids of the scenario's facts established now.
    """

    tracks: Mapping[str, int]
    units: Mapping[str, UnitState]
    facts: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "tracks", MappingProxyType(dict(self.tracks)))
        object.__setattr__(self, "units", MappingProxyType(dict(self.units)))
        object.__setattr__(self, "facts", frozenset(self.facts))

    def __hash__(self) -> int:
        return hash((frozenset(self.tracks.items()), frozenset(self.units.items()), self.facts))

    def track(self, track_id: str) -> int:
        """The level of a track.

        Raises:
            RuleError: If the state has no such track.
        """
        try:
            return self.tracks[track_id]
        except KeyError:
            raise RuleError(f"there is no track '{track_id}' in this game") from None

    def unit(self, unit_id: str) -> UnitState:
        """The state of a unit.

        Raises:
            RuleError: If the state has no such unit.
        """
        try:
            return self.units[unit_id]
        except KeyError:
            raise RuleError(f"there is no unit '{unit_id}' on the map") from None

    def with_track(self, track_id: str, level: int) -> GameState:
        """A copy of this state with one track at a new level (no bounds check here)."""
        return GameState({**self.tracks, track_id: level}, self.units, self.facts)

    def with_unit(self, unit_id: str, unit: UnitState | None) -> GameState:
        """A copy of this state with one unit changed, or taken off the map (None)."""
        units = {**self.units, unit_id: unit}
        if unit is None:
            del units[unit_id]
        return GameState(self.tracks, {k: v for k, v in units.items() if v is not None}, self.facts)

    def with_fact(self, fact_id: str, established: bool) -> GameState:
        """A copy of this state with a fact established or retracted."""
        facts = self.facts | {fact_id} if established else self.facts - {fact_id}
        return GameState(self.tracks, self.units, facts)


def initial_state(scenario: Scenario) -> GameState:
    """The state before the first turn: every track at its start, every unit where it starts."""
    return GameState(
        tracks={t.id: t.start for t in scenario.tracks},
        units={u.id: UnitState(u.region, u.strength) for u in scenario.units if u.placed},
        facts=frozenset(f.id for f in scenario.facts if f.established),
    )


def escalation_rung(state: GameState, scenario: Scenario) -> Rung | None:
    """The rung of the escalation ladder the game stands on.

    None below the first rung, or when the scenario has no ladder.
    """
    ladder = scenario.escalation
    return ladder.rung_at(state.track(ladder.id)) if ladder is not None else None
