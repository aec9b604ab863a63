"""Who is in the room: each team's devices, when each was last seen, and which are open now.

A device is one browser, known by a random cookie the page sets (no name, no tracking
beyond this game's server). The facilitator's roster shows, per team, the devices with the
page open now (a live update stream), when each was last seen, and whether the turn is
waiting on the team.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass

CONNECTED_WITHIN = dt.timedelta(seconds=40)
"""A device seen this recently counts as connected even between its live streams."""


@dataclass(frozen=True)
class DeviceSeen:
    """One browser that opened a team's page."""

    device: str
    label: str
    last_seen: dt.datetime
    streams: int

    def connected(self, now: dt.datetime) -> bool:
        """Whether the page is open on it now."""
        return self.streams > 0 or now - self.last_seen <= CONNECTED_WITHIN


@dataclass(frozen=True)
class TeamPresence:
    """A team's line of the roster."""

    team_id: str
    team_name: str
    devices: tuple[DeviceSeen, ...]
    waiting: bool
    """The turn is waiting on this team: no move of its own yet this turn."""

    def connected(self, now: dt.datetime | None = None) -> int:
        """How many of its devices have the page open."""
        now = now or dt.datetime.now(dt.UTC)
        return sum(1 for d in self.devices if d.connected(now))


class DeviceRoster:
    """The devices each team's link has been opened on; safe from several threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: dict[tuple[str, str], DeviceSeen] = {}

    def seen(self, team_id: str, device: str, label: str, *, stream: int = 0) -> None:
        """Note a request from a device (``stream``: +1 when a live stream opens, -1 closes)."""
        now = dt.datetime.now(dt.UTC)
        with self._lock:
            old = self._seen.get((team_id, device))
            streams = max(0, (old.streams if old else 0) + stream)
            self._seen[(team_id, device)] = DeviceSeen(device, label, now, streams)

    def forget_team(self, team_id: str) -> None:
        """Drop a team's devices (its link was revoked: their sessions are over)."""
        with self._lock:
            for key in [k for k in self._seen if k[0] == team_id]:
                del self._seen[key]

    def streams(self, team_id: str) -> int:
        """How many live streams the team's pages hold open now."""
        with self._lock:
            return sum(d.streams for (team, _), d in self._seen.items() if team == team_id)

    def devices(self, team_id: str) -> tuple[DeviceSeen, ...]:
        """A team's devices, most recently seen first."""
        with self._lock:
            found = [d for (team, _), d in self._seen.items() if team == team_id]
        return tuple(sorted(found, key=lambda d: d.last_seen, reverse=True))


def device_label(user_agent: str) -> str:
    """A short, harmless name for a browser: "Android phone", "iPhone", "Windows laptop"."""
    agent = user_agent.lower()
    for needle, label in (
        ("iphone", "iPhone"),
        ("ipad", "iPad"),
        ("android", "Android phone" if "mobile" in agent else "Android tablet"),
        ("windows", "Windows computer"),
        ("mac os", "Mac"),
        ("cros", "Chromebook"),
        ("linux", "Linux computer"),
    ):
        if needle in agent:
            return label
    return "browser"
