"""Live updates from a shared game database: LISTEN in a background thread, emit GameEvents.

Every commit to a shared game NOTIFYs the game's channel once per written row (see
:mod:`wargame.store.shared`). A :class:`GameListener` keeps one LISTENing connection
(:class:`~wargame.store.pg_link.NotificationChannel`), groups the rows of one transaction
(one use case) into one :class:`~wargame.game.events.GameEvent`, and hands it to a callback.
The payloads carry no content, only which rows changed: the app re-reads them through its
own queries, which the database filters for whoever is connected.

Anyone who may log in to the database may NOTIFY any channel, so a payload is a claim, not a
fact: each is checked (:func:`parse_payload`: a known table, a sane id, turn and operation)
and a burst is coalesced into a few events (:func:`events_from_batch`), so a flood costs a
few refreshes, not one per notification. An event only says "re-read"; it never carries a
decision (the UI does not clear its undo history on a notification's word).

When the connection drops (the server restarts, the venue's Wi-Fi blinks) the listener says so
through its status callback, retries with exponential backoff, and once it is back says so
again and emits a ``resync`` event, because notifications sent while it was away are lost:
the app should then refresh every view.

No Qt here. Both callbacks run on the listener's thread; the UI turns them into Qt signals
(a signal emitted from another thread is delivered through the receiver's event loop).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Self

from wargame.game.events import GameEvent
from wargame.store import StoreError
from wargame.store.models import Base
from wargame.store.pg_link import NotificationChannel
from wargame.store.shared import channel_name

__all__ = [
    "FLOOD_ROWS",
    "MAX_BATCH_ROWS",
    "MAX_WINDOW",
    "MIN_WINDOW",
    "QUIET",
    "RESYNC",
    "GameListener",
    "LinkStatus",
    "StatusListener",
    "event_from_rows",
    "events_from_batch",
    "parse_payload",
]

log = logging.getLogger(__name__)

RESYNC = "resync"
"""The action of the event sent after a reconnection or a flood: refresh everything."""

QUIET = 0.02
"""Seconds without a notification that close a batch (one transaction's rows come together)."""
MIN_WINDOW = 0.05
"""A batch is delivered at the latest this long after its first notification..."""
MAX_WINDOW = 1.0
"""...doubling after each flooded batch (:data:`FLOOD_ROWS` or more) up to this, so a
sustained flood costs about one refresh a second; a calmer batch resets it."""
FLOOD_ROWS = 200
"""Rows in one batch that no venue's traffic reaches (eight teams saving every 100 ms
write about twenty in a window): a flood."""
MAX_BATCH_ROWS = 2000
"""Rows kept per batch; a batch that reaches it is delivered as one ``resync``."""
MAX_EVENTS_PER_BATCH = 10
"""More distinct transactions than this in one batch are delivered as one ``resync``."""
_READ_AT_ONCE = 500
_MAX_PAYLOAD = 400
_MAX_ID = 2**31 - 1
_TABLES = frozenset(table.name for table in Base.metadata.sorted_tables)
_OPS = frozenset({"I", "U"})

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


def _small_int(value: object, *, optional: bool = False) -> int | None:
    """An int in 0..2**31-1 (JSON ints only, no bools or floats); raises ValueError."""
    if value is None and optional:
        return None
    if type(value) is not int or not 0 <= value <= _MAX_ID:
        raise ValueError(value)
    return value


def parse_payload(payload: str) -> _Row | None:
    """One notification's payload; ``None`` for anything malformed (anyone may NOTIFY).

    A payload is accepted only in the shape the database's trigger writes: a JSON object
    naming a table of the record, an insert or update, and ids and a turn in range.
    """
    if len(payload) > _MAX_PAYLOAD:
        return None
    try:
        data = json.loads(payload)
        if not isinstance(data, dict):
            return None
        table, op, revealed = data["t"], data["op"], data.get("r")
        if table not in _TABLES or op not in _OPS or revealed not in (None, True, False):
            return None
        row_id = _small_int(data["id"])
        txid = data["x"]
        if type(txid) is not int or not 0 <= txid < 2**63:
            return None
        return _Row(
            table=str(table),
            row_id=int(row_id or 0),
            op=str(op),
            txid=txid,
            turn=_small_int(data.get("turn"), optional=True),
            revealed=revealed,
        )
    except (ValueError, TypeError, KeyError, RecursionError):
        return None


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


_NOT_RECORDS = frozenset({"audit", "chain_link", "chain_row"})
"""Tables whose rows say what happened to the record, not records a screen shows."""


def event_from_rows(rows: list[_Row], turn: int) -> GameEvent:
    """One :class:`GameEvent` for the rows one transaction wrote (audit and chain left out)."""
    records = tuple(sorted({(r.table, r.row_id) for r in rows if r.table not in _NOT_RECORDS}))
    return GameEvent(_action(rows), turn, records, summary="shared database")


def events_from_batch(rows: list[_Row], turn: int) -> list[GameEvent]:
    """The events for one batch of notifications: one per transaction, or one ``resync``.

    A batch of a few transactions (what people do) gives one event each, named after its
    use case; a batch of more (a busy minute, or a flood, forged or not) gives a single
    ``resync`` listing the rows named (none when the batch filled up): the app re-reads
    everything once.
    """
    by_txid: dict[int, list[_Row]] = {}
    for row in rows:
        by_txid.setdefault(row.txid, []).append(row)
    if len(by_txid) > MAX_EVENTS_PER_BATCH or len(rows) >= MAX_BATCH_ROWS:
        records: tuple[tuple[str, int], ...] = ()
        if len(rows) < MAX_BATCH_ROWS:  # what changed, for whoever wants it; capped
            records = tuple(
                sorted({(r.table, r.row_id) for r in rows if r.table not in _NOT_RECORDS})
            )
        return [GameEvent(RESYNC, turn, records, f"{len(rows)} changes at once: refresh all")]
    return [event_from_rows(group, turn) for group in by_txid.values()]


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
        self._url = url
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
                channel = NotificationChannel(
                    self._url, self._channel, timeout=self._connect_timeout
                )
            except StoreError as error:
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
                self._listen(channel)
            except StoreError as error:
                self._up.clear()
                if not self._stop.is_set():
                    self._status(LinkStatus(False, _down_message(error), retry_in=0.0))
            finally:
                self._up.clear()
                channel.close()
        self._status(LinkStatus(False, "Stopped listening to the shared game."))

    def _listen(self, channel: NotificationChannel) -> None:
        """Read notifications and deliver them in coalesced batches.

        A batch starts with the first notification after a quiet spell and closes once
        :data:`QUIET` seconds pass without another, or a window after it started, whichever
        comes first. The window is :data:`MIN_WINDOW` while traffic is what people make, and
        doubles (up to :data:`MAX_WINDOW`) after each flooded batch: a flood (anyone with a
        login may NOTIFY) then costs about a refresh a second, not one per notification.
        """
        pending: list[_Row] = []
        started = 0.0
        window = MIN_WINDOW
        quiet_since = time.monotonic()
        while not self._stop.is_set():
            # Idle: wake on the first notification. In a batch: take what comes for QUIET.
            timeout, limit = (QUIET, _READ_AT_ONCE) if pending else (0.5, 1)
            got = 0
            for payload in channel.payloads(timeout, limit):
                got += 1
                row = parse_payload(payload)
                if row is not None and len(pending) < MAX_BATCH_ROWS:
                    if not pending:
                        started = time.monotonic()
                    pending.append(row)
            now = time.monotonic()
            if got:
                quiet_since = now
            if pending and (not got or now - started >= window):
                self._flush(pending)
                window = min(MAX_WINDOW, window * 2) if len(pending) >= FLOOD_ROWS else MIN_WINDOW
                pending = []
            if not got and now - quiet_since > self._heartbeat:
                channel.ping()
                quiet_since = time.monotonic()
        if pending:
            self._flush(pending)

    def _flush(self, rows: list[_Row]) -> None:
        turns = [r.turn for r in rows if r.table == "game" and r.turn is not None]
        if turns:
            self._turn = turns[-1]
        for event in events_from_batch(rows, self._turn):
            self._deliver(event)

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
    detail = str(getattr(error, "detail", None) or error)
    first = (detail.strip().splitlines() or ["no answer from the server"])[0].rstrip(".")
    return f"Lost the connection to the shared game ({first}); retrying."
