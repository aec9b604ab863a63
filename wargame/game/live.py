"""Live updates from a shared game database: LISTEN in a background thread, emit GameEvents.

Every commit to a shared game NOTIFYs the game's channel once per written row (see
:mod:`wargame.store.shared`). A :class:`GameListener` keeps one autocommit psycopg connection
LISTENing on that channel, groups the rows of one transaction (one use case) into one
:class:`~wargame.game.events.GameEvent`, and hands it to a callback. The payloads carry no
content, only which rows changed: the app re-reads them through its own queries, which the
database filters for whoever is connected.

When the connection drops (the server restarts, the venue's Wi-Fi blinks) the listener says so
through its status callback, retries with exponential backoff, and once it is back says so
again and emits a ``resync`` event, because notifications sent while it was away are lost:
the app should then refresh every view.

No Qt here. Both callbacks run on the listener's thread; the UI turns them into Qt signals
(a signal emitted from another thread is delivered through the receiver's event loop).
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self

import psycopg
from psycopg import sql

from wargame.game.events import GameEvent
from wargame.store.shared import channel_name, libpq_url

__all__ = [
    "RESYNC",
    "GameListener",
    "LinkStatus",
    "StatusListener",
    "event_from_rows",
]

log = logging.getLogger(__name__)

RESYNC = "resync"
"""The action of the event sent after a reconnection: refresh everything."""

StatusListener = Callable[["LinkStatus"], None]


@dataclass(frozen=True)
class LinkStatus:
    """The state of the link to the shared database, for a banner.

    Attributes:
        connected: whether notifications are flowing.
        message: one sentence for the participant ("Reconnected." / "Lost the connection …").
        attempts: failed connection attempts since the link was last up.
        retry_in: seconds until the next attempt, while disconnected.
    """

    connected: bool
    message: str
    attempts: int = 0
    retry_in: float | None = None


@dataclass(frozen=True)
class _Row:
    table: str
    row_id: int
    op: str
    txid: int
    turn: int | None
    revealed: bool | None


def _parse(payload: str) -> _Row | None:
    """One notification's payload; ``None`` for anything malformed (anyone may NOTIFY)."""
    try:
        data = json.loads(payload)
        row = _Row(
            table=str(data["t"]),
            row_id=int(data["id"]),
            op=str(data["op"]),
            txid=int(data["x"]),
            turn=None if data.get("turn") is None else int(data["turn"]),
            revealed=None if data.get("r") is None else bool(data["r"]),
        )
    except (ValueError, TypeError, KeyError):
        return None
    return row


def _action(rows: list[_Row]) -> str:
    """Name the use case a transaction's rows most likely came from (for the UI to route)."""
    inserted = {r.table for r in rows if r.op == "I"}
    updated = {r.table for r in rows if r.op == "U"}
    if "phase_record" in inserted:
        return "advance"
    if "inject_release" in inserted:
        return "release_inject"
    if "adjudication" in inserted:
        return "adjudicate"
    if "move" in inserted:
        return "submit_move"
    if any(r.table == "move" and r.op == "U" and r.revealed for r in rows):
        return "reveal_moves"
    if "counter_argument" in inserted:
        return "counter_argue"
    if "participant" in inserted:
        return "join"
    if "team_assignment" in inserted:
        return "assign"
    for table, action in (
        ("note", "note"),
        ("observation", "observe"),
        ("hotwash_finding", "record_hotwash"),
        ("effect", "apply_effects"),
    ):
        if table in inserted:
            return action
    if "move" in updated:
        return "edit_move"
    if updated:
        return "void" if updated - {"game", "phase_record"} else "game"
    return "changed"


def event_from_rows(rows: list[_Row], turn: int) -> GameEvent:
    """One :class:`GameEvent` for the rows one transaction wrote (audit lines left out)."""
    records = tuple(sorted({(r.table, r.row_id) for r in rows if r.table != "audit"}))
    return GameEvent(_action(rows), turn, records, summary="shared database")


class GameListener:
    """LISTEN on one shared game's channel in a background thread, with reconnection.

    Args:
        url: the database URL the game was opened with (a join string works: wargame's own
            query parameters are dropped).
        game_id: the game's id in that database (``Game.game_id``).
        on_event: called with each :class:`GameEvent` (one per committed transaction), and
            with a ``resync`` event after every reconnection.
        on_status: called with a :class:`LinkStatus` whenever the link goes up or down
            (and on every failed retry while it is down).
        turn: the game's turn when listening starts; later events carry the newest turn seen.
        min_backoff: first wait before retrying, doubled on each failure up to ``max_backoff``.
        max_backoff: longest wait between retries (seconds).
        heartbeat: after this many quiet seconds the link is tested with a query, so a dead
            network is noticed even when no notification is due.
        connect_timeout: seconds to wait for the server on each attempt.

    Callbacks run on the listener's thread and must not block for long; an exception in one
    is logged and the listener goes on.
    """

    def __init__(
        self,
        url: str,
        game_id: int,
        on_event: Callable[[GameEvent], None],
        on_status: StatusListener | None = None,
        *,
        turn: int = 0,
        min_backoff: float = 0.2,
        max_backoff: float = 5.0,
        heartbeat: float = 5.0,
        connect_timeout: int = 5,
    ) -> None:
        self._conninfo = libpq_url(url)
        self._channel = channel_name(game_id)
        self._on_event = on_event
        self._on_status = on_status
        self._turn = turn
        self._min_backoff = min_backoff
        self._max_backoff = max_backoff
        self._heartbeat = heartbeat
        self._connect_timeout = connect_timeout
        self._stop = threading.Event()
        self._up = threading.Event()
        self._thread: threading.Thread | None = None
        self._connection: psycopg.Connection[Any] | None = None

    # ------------------------------------------------------------------ control

    @property
    def connected(self) -> bool:
        """Whether the listener is connected and LISTENing right now."""
        return self._up.is_set()

    def start(self) -> None:
        """Start listening in a daemon thread; returns at once."""
        if self._thread is not None:
            msg = "the listener was already started"
            raise RuntimeError(msg)
        self._thread = threading.Thread(target=self._run, name="wargame-listener", daemon=True)
        self._thread.start()

    def wait_connected(self, timeout: float) -> bool:
        """Block until the listener is connected (True) or ``timeout`` seconds pass (False)."""
        return self._up.wait(timeout)

    def stop(self, timeout: float = 5.0) -> None:
        """Stop listening and close the connection (waits up to ``timeout`` seconds)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # ------------------------------------------------------------------ the thread

    def _run(self) -> None:
        attempts = 0
        ever_connected = False
        while not self._stop.is_set():
            try:
                self._connection = self._connect()
            except psycopg.Error as error:
                attempts += 1
                wait = min(self._max_backoff, self._min_backoff * 2 ** (attempts - 1))
                self._status(
                    LinkStatus(False, _down_message(error), attempts=attempts, retry_in=wait)
                )
                self._stop.wait(wait)
                continue
            attempts = 0
            self._up.set()
            self._status(LinkStatus(True, "Connected to the shared game."))
            if ever_connected:
                self._deliver(GameEvent(RESYNC, self._turn, (), "reconnected: refresh all"))
            ever_connected = True
            try:
                self._listen(self._connection)
            except psycopg.Error as error:
                self._up.clear()
                if not self._stop.is_set():
                    self._status(LinkStatus(False, _down_message(error), retry_in=0.0))
            finally:
                self._up.clear()
                with contextlib.suppress(Exception):
                    self._connection.close()
                self._connection = None
        self._status(LinkStatus(False, "Stopped listening to the shared game."))

    def _connect(self) -> psycopg.Connection[Any]:
        connection = psycopg.connect(
            self._conninfo,
            autocommit=True,
            connect_timeout=self._connect_timeout,
            application_name="wargame-listener",
            keepalives=1,
            keepalives_idle=10,
            keepalives_interval=3,
            keepalives_count=3,
        )
        try:
            connection.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self._channel)))
        except BaseException:
            connection.close()
            raise
        return connection

    def _listen(self, connection: psycopg.Connection[Any]) -> None:
        pending: list[_Row] = []
        quiet_since = time.monotonic()
        while not self._stop.is_set():
            # While a transaction's rows are arriving, wait only a moment for the rest of them.
            timeout = 0.02 if pending else 0.5
            got = False
            for notify in connection.notifies(timeout=timeout, stop_after=1):
                got = True
                row = _parse(notify.payload)
                if row is None:
                    continue
                if pending and pending[0].txid != row.txid:
                    self._flush(pending)
                    pending = []
                pending.append(row)
            if got:
                quiet_since = time.monotonic()
                continue
            if pending:
                self._flush(pending)
                pending = []
            if time.monotonic() - quiet_since > self._heartbeat:
                connection.execute("SELECT 1")
                quiet_since = time.monotonic()
        if pending:
            self._flush(pending)

    def _flush(self, rows: list[_Row]) -> None:
        turns = [r.turn for r in rows if r.table == "game" and r.turn is not None]
        if turns:
            self._turn = turns[-1]
        self._deliver(event_from_rows(rows, self._turn))

    def _deliver(self, event: GameEvent) -> None:
        try:
            self._on_event(event)
        except Exception:
            log.exception("a listener of shared-game events failed on %s", event.action)

    def _status(self, status: LinkStatus) -> None:
        if self._on_status is None:
            return
        try:
            self._on_status(status)
        except Exception:
            log.exception("a listener of the connection status failed")


def _down_message(error: BaseException) -> str:
    first = (str(error).strip().splitlines() or ["no answer from the server"])[0].rstrip(".")
    return f"Lost the connection to the shared game ({first}); retrying."
