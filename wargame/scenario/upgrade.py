"""Upgrades of older scenario formats to the current one, applied on load.

``UPGRADES[n]`` turns a format-n document (the plain data read from YAML) into format n+1.
Each step touches only what changed between the two formats, so an author's mistakes are
still reported by validation afterwards (at the nearest place in the original file).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

Document = dict[str, Any]


def _v1_to_v2(data: Document) -> Document:
    """Format 1 → 2.

    - A team's ``actor`` becomes ``actors``, a list of one.
    - The clock's ``turn_days`` becomes ``turn_amount`` in days (dropped when 0: turns of
      hours were not dated in format 1).
    - A red line's ``trigger`` and ``any_of`` become one trigger, ``any`` of them.
    """
    data = copy.deepcopy(data)
    for team in _items(data.get("teams")):
        if "actor" in team and "actors" not in team:
            team["actors"] = [team.pop("actor")]
    metadata = data.get("metadata")
    clock = metadata.get("clock") if isinstance(metadata, dict) else None
    if isinstance(clock, dict) and "turn_days" in clock:
        days = clock.pop("turn_days")
        if isinstance(days, int) and not isinstance(days, bool) and days >= 1:
            clock["turn_amount"] = days
            clock["turn_unit"] = "days"
        elif days not in (0, None):
            clock["turn_amount"] = days  # let validation say what is wrong with it
    for line in _items(data.get("red_lines")):
        further = line.pop("any_of", None)
        if further and "trigger" in line:
            extra = further if isinstance(further, list) else [further]
            line["trigger"] = {"kind": "any", "of": [line["trigger"], *extra]}
        elif further:
            line["any_of"] = further  # no main trigger: validation reports both
    return data


def _items(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


UPGRADES: dict[int, Callable[[Document], Document]] = {1: _v1_to_v2}
"""Upgrade steps by the version they start from."""
