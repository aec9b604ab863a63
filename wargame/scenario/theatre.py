"""The theatre of a scenario: its map and regions, the kinds of unit, the units, the facts.

All optional: a seminar game may have no map and no units. Re-exported by
:mod:`wargame.scenario.model`.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated

from pydantic import Field

from wargame.scenario.base import Ident, Name, Text, _Model


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


class Domain(StrEnum):
    """Where a kind of unit operates; it decides the regions a unit may stand in."""

    LAND = "land"
    SEA = "sea"
    AIR = "air"
    CYBER = "cyber"
    SPACE = "space"
    OTHER = "other"


class UnitType(StrEnum):
    """The built-in kinds of unit; the map draws each with its own symbol."""

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


class UnitTypeDef(_Model):
    """A kind of unit the scenario declares beside the built-in ones."""

    id: Ident = Field(description="What units write as their `type`.")
    name: Name = Field(description="The name in full, e.g. 'Ransomware implant'.")
    label: Annotated[str, Field(min_length=1, max_length=4)] = Field(
        description="A short label (1 to 4 characters) drawn on the unit's token, e.g. 'IMP'."
    )
    domain: Domain = Field(
        description="land, sea, air, cyber, space or other: land units stand on land, sea "
        "units at sea, the others anywhere."
    )


BUILT_IN_DOMAINS: Mapping[str, Domain] = MappingProxyType(
    {
        UnitType.INFANTRY: Domain.LAND,
        UnitType.ARMOUR: Domain.LAND,
        UnitType.ARTILLERY: Domain.LAND,
        UnitType.AIR_DEFENCE: Domain.LAND,
        UnitType.AIR: Domain.AIR,
        UnitType.NAVAL: Domain.SEA,
        UnitType.MISSILE: Domain.AIR,
        UnitType.HEADQUARTERS: Domain.OTHER,
        UnitType.LOGISTICS: Domain.LAND,
        UnitType.PEACEKEEPING: Domain.LAND,
        UnitType.TRAINING: Domain.LAND,
        UnitType.NUCLEAR: Domain.OTHER,
    }
)
"""The domain of each built-in unit type."""


class Unit(_Model):
    """A force, an asset or a capability a team commands (on the map when there is one)."""

    id: Ident
    name: Name
    owner: Ident = Field(description="The actor that commands the unit.")
    type: Ident = Field(
        description="A built-in type (infantry, armour, artillery, air_defence, air, naval, "
        "missile, headquarters, logistics, peacekeeping, training, nuclear) or one of the "
        "scenario's `unit_types`."
    )
    strength: int = Field(ge=0, le=100, description="Combat power, 0..100.")
    region: Ident = Field(description="Region where the unit starts (or appears when created).")
    placed: bool = Field(
        default=True,
        description="false for a reinforcement that is not on the map until a `unit_create` "
        "effect puts it there.",
    )
    description: Text | None = None


class Fact(_Model):
    """A statement that effects establish and retract, and triggers test."""

    id: Ident
    text: Text = Field(description="The statement, e.g. 'The ransom has been paid'.")
    established: bool = Field(default=False, description="true when it holds from the start.")
