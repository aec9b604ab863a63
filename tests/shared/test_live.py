"""Live updates: one event per committed use case within a second, and recovery when the
database goes away (an outage, a restart) without losing the move being written."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from wargame.game import AdHocInject, GameEvent, GameFileProblem, MoveContent
from wargame.game.drafts import DRAFT_NEW_MOVE, Draft, DraftStore, commit_draft
from wargame.game.live import (
    RESYNC,
    GameListener,
    LinkStatus,
    event_from_rows,
    events_from_batch,
    parse_payload,
)
from wargame.game.sharing import HostedGame, JoinedGame, host_game, join_game
from wargame.scenario import load_scenario
from wargame.store.shared import channel_name, libpq_url

pytestmark = pytest.mark.postgres

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


class Recorder:
    """Collects a listener's events and statuses, with their arrival times."""

    def __init__(self) -> None:
        self.events: queue.Queue[tuple[float, GameEvent]] = queue.Queue()
        self.every: list[GameEvent] = []
        self.statuses: list[LinkStatus] = []
        self.status_changed = threading.Event()

    def on_event(self, event: GameEvent) -> None:
        self.every.append(event)
        self.events.put((time.time(), event))

    def on_status(self, status: LinkStatus) -> None:
        self.statuses.append(status)
        self.status_changed.set()

    def wait_for(self, action: str, timeout: float = 5.0) -> tuple[float, GameEvent]:
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                pytest.fail(f"no '{action}' event within {timeout} s")
            at, event = self.events.get(timeout=remaining)
            if event.action == action:
                return at, event

    def wait_record(self, record: tuple[str, int], timeout: float) -> bool:
        """Wait for an event naming ``record``; False if none came within ``timeout`` s."""
        deadline = time.monotonic() + timeout
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                _, event = self.events.get(timeout=remaining)
            except queue.Empty:
                return False
            if record in event.records:
                return True
        return False

    def wait_status(self, connected: bool, timeout: float = 30.0) -> LinkStatus:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for status in list(self.statuses):
                if status.connected is connected:
                    return status
            self.status_changed.wait(0.05)
            self.status_changed.clear()
        pytest.fail(f"the listener never reported connected={connected}")


def _host(url: str) -> tuple[HostedGame, JoinedGame, JoinedGame]:
    hosted = host_game(url, load_scenario(SCENARIOS / "tutorial.yaml"), seed=3)
    white = join_game(hosted.facilitator.url)
    blue = join_game(hosted.teams[0].url)
    white.game.start(white.participant_id)
    white.game.advance(white.participant_id)  # moves
    return hosted, white, blue


@pytest.fixture
def game(owner_url: str) -> Iterator[tuple[HostedGame, JoinedGame, JoinedGame]]:
    hosted, white, blue = _host(owner_url)
    yield hosted, white, blue
    white.close()
    blue.close()


def test_one_event_per_use_case_within_a_second(game: Any) -> None:
    _hosted, white, blue = game
    seen = Recorder()
    with white.listener(seen.on_event, seen.on_status) as listener:
        assert listener.wait_connected(10)
        started = time.time()
        move = blue.game.submit_move(
            blue.participant_id, MoveContent(title="T", action="A", intended_result="R")
        )
        at, event = seen.wait_for("submit_move")
        assert at - started < 1.0
        assert event.records == (("move", move),)  # the audit line is not a record
        inject = white.game.release_ad_hoc_inject(
            white.participant_id, AdHocInject(title="News", text="x")
        )
        _, event = seen.wait_for("release_inject")
        assert ("inject_release", inject) in event.records
        white.game.advance(white.participant_id)
        _, event = seen.wait_for("advance")
        assert event.turn == 1
        white.game.reveal_moves(white.participant_id)
        _, event = seen.wait_for("reveal_moves")
        assert event.records == (("move", move),)
        assert seen.events.empty()


def test_a_team_hears_of_changes_but_learns_no_content(game: Any) -> None:
    _hosted, white, blue = game
    seen = Recorder()
    with blue.listener(seen.on_event) as listener:
        assert listener.wait_connected(10)
        white.game.note(white.participant_id, "Secret note")
        _, event = seen.wait_for("note")
        ((table, _note_id),) = event.records
        assert table == "note"
        assert blue.game.queries().notes(blue.viewer) == ()


def test_malformed_notifications_are_ignored(game: Any) -> None:
    _hosted, white, blue = game
    seen = Recorder()
    with blue.listener(seen.on_event) as listener:
        assert listener.wait_connected(10)
        import psycopg

        from wargame.store.shared import channel_name, libpq_url

        with psycopg.connect(libpq_url(blue.url), autocommit=True) as connection:
            connection.execute(
                "SELECT pg_notify(%s, 'not json')", (channel_name(blue.game.game_id),)
            )
        white.game.note(white.participant_id, "after the noise")
        _, event = seen.wait_for("note")
        assert event.records[0][0] == "note"


def test_a_flood_of_forged_notifications_becomes_one_refresh(game: Any) -> None:
    """5,000 forged 'advance' rows sent in one statement reach the app as one resync."""
    _hosted, white, blue = game
    seen = Recorder()
    with white.listener(seen.on_event) as listener:
        assert listener.wait_connected(10)
        with psycopg.connect(libpq_url(blue.url), autocommit=True) as connection:
            connection.execute(
                "SELECT pg_notify(%s, json_build_object('t', 'phase_record', 'id', i, "
                "'op', 'I', 'x', i, 'turn', 1)::text) FROM generate_series(1, 5000) AS i",
                (channel_name(white.game.game_id),),
            )
        seen.wait_for(RESYNC, timeout=10)
        # Later changes still come through (a note may first be folded into the flood's
        # last refresh, so each try writes a new one).
        for attempt in range(5):
            note = white.game.note(white.participant_id, f"after the flood ({attempt})")
            if seen.wait_record(("note", note), timeout=3):
                break
        else:
            pytest.fail("no change came through after the flood")
    actions = [e.action for e in seen.every]
    assert "advance" not in actions
    assert len(actions) <= 15, actions  # a few refreshes, not 5,000


@pytest.mark.parametrize(
    "payload",
    [
        "not json",
        "[]",
        '{"t": "phase_record", "id": 1, "op": "I", "x": 1}x',
        '{"t": "pg_authid", "id": 1, "op": "I", "x": 1}',
        '{"t": "move", "id": 1, "op": "D", "x": 1}',
        '{"t": "move", "id": -1, "op": "I", "x": 1}',
        '{"t": "move", "id": 1.5, "op": "I", "x": 1}',
        '{"t": "move", "id": true, "op": "I", "x": 1}',
        '{"t": "game", "id": 1, "op": "U", "x": 1, "turn": 2147483648}',
        '{"t": "move", "id": 1, "op": "I", "x": 1, "r": "yes"}',
        '{"t": "move", "id": 1, "op": "I", "x": "1"}',
        '{"t": "move", "id": 1, "op": "I", "x": 1, "pad": "' + "x" * 500 + '"}',
        "[" * 10000,
    ],
)
def test_a_notification_not_shaped_like_the_triggers_is_dropped(payload: str) -> None:
    assert parse_payload(payload) is None


def test_a_notification_shaped_like_the_triggers_is_kept() -> None:
    row = parse_payload('{"t": "move", "id": 7, "op": "U", "x": 99, "turn": 2, "r": true}')
    assert row is not None and (row.table, row.row_id, row.turn, row.revealed) == (
        "move",
        7,
        2,
        True,
    )


def test_a_few_transactions_in_a_batch_keep_their_names() -> None:
    rows = [parse_payload(f'{{"t": "note", "id": {i}, "op": "I", "x": {i}}}') for i in (1, 2)]
    events = events_from_batch([r for r in rows if r is not None], 1)
    assert [e.action for e in events] == ["note", "note"]


def test_many_transactions_in_a_batch_become_one_resync() -> None:
    rows = [
        parse_payload(f'{{"t": "phase_record", "id": {i}, "op": "I", "x": {i}}}') for i in range(50)
    ]
    events = events_from_batch([r for r in rows if r is not None], 1)
    assert [e.action for e in events] == [RESYNC]


def test_event_naming() -> None:
    from wargame.game.live import _Row

    rows = [_Row("move", 3, "U", 9, 1, True), _Row("audit", 4, "I", 9, None, None)]
    assert event_from_rows(rows, 2) == GameEvent(
        "reveal_moves", 2, (("move", 3),), "shared database"
    )


def test_listener_reports_an_unreachable_database_and_keeps_trying() -> None:
    seen = Recorder()
    listener = GameListener(
        "postgresql://nobody@127.0.0.1:1/none",
        1,
        seen.on_event,
        seen.on_status,
        min_backoff=0.05,
        max_backoff=0.1,
    )
    listener.start()
    try:
        status = seen.wait_status(False, timeout=10)
        assert "Lost the connection" in status.message
        deadline = time.monotonic() + 5
        while len(seen.statuses) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [s.attempts for s in seen.statuses[:3]] == [1, 2, 3]
    finally:
        listener.stop()
    assert not listener.connected


# ---------------------------------------------------------------------- outages


@pytest.mark.slow
def test_an_outage_loses_no_typing_and_the_client_recovers(
    pg_cluster: Any, make_venue_db: Any, tmp_path: Path
) -> None:
    hosted, white, blue = _host(make_venue_db(pg_cluster))
    seen = Recorder()
    drafts = blue.drafts(folder=tmp_path)
    listener = blue.listener(seen.on_event, seen.on_status, min_backoff=0.1, max_backoff=0.5)
    try:
        listener.start()
        assert listener.wait_connected(10)
        drafts.save(
            Draft(
                title="Hold the line", action="Dig in", intended_result="Stay", reasons=("terrain",)
            )
        )
        # The venue's database goes away mid-game. ("fast": the throwaway cluster runs with
        # synchronous_commit=off, so a crash-like "immediate" stop could lose the last commits.)
        pg_cluster.stop("fast")
        seen.wait_status(False)
        with pytest.raises(GameFileProblem):
            commit_draft(blue.game, drafts, blue.participant_id)
        # The text is still there, on disk, for a restarted app too.
        kept = DraftStore(drafts.path).load(DRAFT_NEW_MOVE)
        assert kept is not None and kept.action == "Dig in" and kept.attempted_at is not None
        seen.statuses.clear()
        pg_cluster.start()
        seen.wait_status(True)
        seen.wait_for(RESYNC)
        move = commit_draft(blue.game, drafts, blue.participant_id)
        assert drafts.load() is None
        titles = [m.title for m in white.game.queries().moves(white.viewer)]
        assert titles == ["Hold the line"]
        assert move == white.game.queries().moves(white.viewer)[0].id
        # Notifications flow again.
        white.game.note(white.participant_id, "back")
        seen.wait_for("note")
    finally:
        listener.stop()
        white.close()
        blue.close()
        del hosted


@pytest.mark.slow
def test_a_restart_mid_game_is_survived(
    pg_cluster: Any, make_venue_db: Any, tmp_path: Path
) -> None:
    _hosted, white, blue = _host(make_venue_db(pg_cluster))
    seen = Recorder()
    drafts = blue.drafts(folder=tmp_path)
    listener = blue.listener(seen.on_event, seen.on_status, min_backoff=0.1, max_backoff=0.5)
    try:
        listener.start()
        assert listener.wait_connected(10)
        drafts.save(Draft(title="Typed before", action="A", intended_result="R"))
        seen.statuses.clear()
        pg_cluster.restart("fast")
        seen.wait_status(False)
        seen.wait_status(True)
        seen.wait_for(RESYNC)
        commit_draft(blue.game, drafts, blue.participant_id)  # the pool reconnects by itself
        assert drafts.drafts() == ()
        white.game.advance(white.participant_id)  # the facilitator's app recovered too
        _, event = seen.wait_for("advance")
        assert event.turn == 1
    finally:
        listener.stop()
        white.close()
        blue.close()
