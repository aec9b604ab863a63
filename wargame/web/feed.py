"""The change feed: wakes every open team page when the record may have changed.

Anything may bump it, from any thread: the server after a team's form commits, the
facilitator's window after each of its use cases, or the server's watch on the record's
revision (a change made by another program). A change is for every team unless the one
who made it knows it concerns one team only (a team's sealed move: no other team may see
it), which spares the other teams' pages a re-read. Open pages wait on it in the server's
event loop and then re-read what their team may see.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading


class ChangeFeed:
    """Counters that only grow (one for all teams, one per team), and an asyncio wake-up."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._count = 0
        self._deep = 0
        self._teams: dict[str, int] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._changed: asyncio.Event | None = None

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        """Bind to the server's event loop (called on that loop when the server starts)."""
        self._loop = loop
        self._changed = asyncio.Event()

    @property
    def count(self) -> int:
        """How many changes for every team have been announced."""
        with self._lock:
            return self._count

    def version(self, team_id: str) -> int:
        """How many changes a team's page has been told of (for all, or for it alone)."""
        with self._lock:
            return self._count + self._teams.get(team_id, 0)

    @property
    def total(self) -> int:
        """How many changes have been announced, for any team."""
        with self._lock:
            return self._count + sum(self._teams.values())

    @property
    def deep(self) -> int:
        """How many changes may have touched more than moves and counter-arguments."""
        with self._lock:
            return self._deep

    def bump(self, team_id: str | None = None, *, moves_only: bool = False) -> None:
        """Announce a change; safe from any thread.

        Args:
            team_id: the one team whose page it concerns (None: every team's).
            moves_only: the change added a move or a counter-argument and nothing else,
                so what every page shares (position, state of play, rulings) stands.
        """
        with self._lock:
            if team_id is None:
                self._count += 1
            else:
                self._teams[team_id] = self._teams.get(team_id, 0) + 1
            if not moves_only:
                self._deep += 1
            loop = self._loop
        if loop is not None and not loop.is_closed():
            # RuntimeError: the loop closed between the check and the call.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._wake)

    def _wake(self) -> None:
        if self._changed is not None:
            self._changed.set()
            self._changed = asyncio.Event()

    async def wait(self, team_id: str, seen: int, timeout: float) -> int:
        """Wait until the team's version passes ``seen`` or ``timeout`` passes; return it."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            version = self.version(team_id)
            left = deadline - loop.time()
            if version > seen or self._changed is None or left <= 0:
                return version
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), left)
