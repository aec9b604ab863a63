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
    """Every track's level and every unit's position and strength.

    The mappings are copied into read-only views on construction, so a state handed out
    can never be changed behind its owner's back; use :meth:`with_track` and
    :meth:`with_unit` to derive a new one.

    Attributes:
        tracks: Each track's level, by track id.
        units: Each unit's state, by unit id.
    """

    tracks: Mapping[str, int]
    units: Mapping[str, UnitState]

    def __post_init__(self) -> None:
        object.__setattr__(self, "tracks", MappingProxyType(dict(self.tracks)))
        object.__setattr__(self, "units", MappingProxyType(dict(self.units)))

    def __hash__(self) -> int:
        return hash((frozenset(self.tracks.items()), frozenset(self.units.items())))

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
            raise RuleError(f"there is no unit '{unit_id}' in this game") from None

    def with_track(self, track_id: str, level: int) -> GameState:
        """A copy of this state with one track at a new level (no bounds check here)."""
        return GameState({**self.tracks, track_id: level}, self.units)

    def with_unit(self, unit_id: str, unit: UnitState) -> GameState:
        """A copy of this state with one unit changed (no map check here)."""
        return GameState(self.tracks, {**self.units, unit_id: unit})


def initial_state(scenario: Scenario) -> GameState:
    """The state before the first turn: every track at its start, every unit where it starts."""
    return GameState(
        tracks={t.id: t.start for t in scenario.tracks},
        units={u.id: UnitState(u.region, u.strength) for u in scenario.units},
    )


def escalation_rung(state: GameState, scenario: Scenario) -> Rung | None:
    """The rung of the escalation ladder the game stands on (None below the first rung)."""
    ladder = scenario.escalation
    return ladder.rung_at(state.track(ladder.id))
