"""The change feed: wakes every open team page when the record may have changed.

Anything may bump it, from any thread: the server's own game after a team's move commits,
the facilitator's window after each of its use cases, or the server's watch on the record's
revision (a change made by another program). Open pages wait on it in the server's event
loop and then re-read what their team may see.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading


class ChangeFeed:
    """A counter that only grows, and an asyncio wake-up for those waiting on it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._count = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._changed: asyncio.Event | None = None

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        """Bind to the server's event loop (called on that loop when the server starts)."""
        self._loop = loop
        self._changed = asyncio.Event()

    @property
    def count(self) -> int:
        """How many changes have been announced."""
        with self._lock:
            return self._count

    def bump(self) -> None:
        """Announce a change; safe from any thread, a no-op before the server starts."""
        with self._lock:
            self._count += 1
            loop = self._loop
        if loop is not None and not loop.is_closed():
            # RuntimeError: the loop closed between the check and the call.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._wake)

    def _wake(self) -> None:
        if self._changed is not None:
            self._changed.set()
            self._changed = asyncio.Event()

    async def wait(self, seen: int, timeout: float) -> int:
        """Wait until the count passes ``seen`` or ``timeout`` seconds pass; return it."""
        if self.count > seen or self._changed is None:
            return self.count
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._changed.wait(), timeout)
        return self.count
