"""One laptop of a shared game, run as its own process by test_multiprocess_game.py.

    python driver.py team JOIN OUT.json      # a team's laptop: listens, submits one move
                                             # per turn, records what it saw and when
    python driver.py facilitator JOIN OUT.json TEAM,TEAM,...  # runs 3 turns

Each writes a JSON report to OUT.json (and ``OUT.json.ready`` once listening). Times are
``time.time()`` on the one machine, so the facilitator's commit times and the clients'
delivery times compare directly. Every wait is bounded; a process never outlives ~90 s.
"""

from __future__ import annotations

import contextlib
import json
import queue
import sys
import time
import traceback
from pathlib import Path
from typing import Any

import psycopg

from wargame.game import GameEvent
from wargame.game.cases.adjudication import AdjudicationRequest
from wargame.game.drafts import Draft, commit_draft
from wargame.game.sharing import join_game
from wargame.store.shared import libpq_url

TURNS = 3
DEADLINE_S = 80.0


def _dump(path: Path, report: dict[str, Any]) -> None:
    temp = path.with_suffix(".tmp")
    temp.write_text(json.dumps(report, indent=1, default=str), encoding="utf-8")
    temp.replace(path)


def run_team(join: str, out: Path) -> dict[str, Any]:
    """A team's laptop."""
    joined = join_game(join)
    team = joined.team_id
    assert team is not None
    q = joined.game.queries()
    events: queue.Queue[tuple[float, GameEvent]] = queue.Queue()
    statuses: list[tuple[float, bool]] = []
    listener = joined.listener(
        lambda e: events.put((time.time(), e)),
        lambda s: statuses.append((time.time(), s.connected)),
    )
    report: dict[str, Any] = {
        "team": team,
        "submitted": [],
        "injects_seen": {},
        "reveals_seen": {},
        "violations": [],
        "raw_denied": {},
        "events": 0,
    }
    drafts = joined.drafts(folder=out.parent / f"drafts-{team}")
    raw = psycopg.connect(libpq_url(join), autocommit=True)
    listener.start()
    if not listener.wait_connected(15):
        raise RuntimeError("listener never connected")
    out.with_suffix(".ready").write_text("ready")
    deadline = time.monotonic() + DEADLINE_S
    submitted_turns: set[int] = set()
    try:
        while time.monotonic() < deadline:
            try:
                at, _event = events.get(timeout=1.0)
            except queue.Empty:
                continue
            report["events"] += 1
            while not events.empty():  # one look at the record for a burst of events
                events.get_nowait()
                report["events"] += 1
            summary = q.summary()
            _look(joined, q, raw, report, at)
            if summary.status == "ended":
                break
            if summary.phase_id == "moves" and summary.turn not in submitted_turns:
                submitted_turns.add(summary.turn)
                title = f"{team} move for turn {summary.turn}"
                drafts.save(
                    Draft(
                        title=title,
                        action=f"{team} acts",
                        intended_result="Gain",
                        reasons=("because",),
                    )
                )
                move_id = commit_draft(joined.game, drafts, joined.participant_id)
                report["submitted"].append({"id": move_id, "title": title, "turn": summary.turn})
        for table in ("audit", "note", "observation"):
            try:
                raw.execute(f"SELECT * FROM {table}").fetchall()
                report["raw_denied"][table] = False
            except psycopg.errors.InsufficientPrivilege:
                report["raw_denied"][table] = True
    finally:
        listener.stop()
        raw.close()
        joined.close()
    report["statuses"] = statuses
    return report


def _look(
    joined: Any, q: Any, raw: psycopg.Connection[Any], report: dict[str, Any], event_at: float
) -> None:
    """Check what this team can see now, through the app and through its own role."""
    team = joined.team_id
    now = time.time()
    for inject in q.injects(joined.viewer):
        report["injects_seen"].setdefault(str(inject.id), {"event_at": event_at, "seen_at": now})
        if inject.audience != "all" and team not in inject.audience:
            report["violations"].append(f"app showed inject {inject.id} addressed elsewhere")
    for move in q.moves(joined.viewer):
        if move.team_id == team:
            continue
        if move.sealed or move.status == "withdrawn":
            report["violations"].append(f"app showed {move.team_id}'s sealed move {move.id}")
        elif move.revealed:
            report["reveals_seen"].setdefault(
                str(move.turn), {"event_at": event_at, "seen_at": now}
            )
    rows = raw.execute(
        "SELECT id, team_id, visibility, revealed_at IS NOT NULL, status FROM move"
    ).fetchall()
    for move_id, move_team, visibility, revealed, status in rows:
        if move_team != team and (
            (visibility == "secret" and not revealed) or status == "withdrawn"
        ):
            report["violations"].append(f"role read {move_team}'s sealed move {move_id}")
    for (audience,) in raw.execute("SELECT audience::jsonb FROM inject_release").fetchall():
        if audience != "all" and team not in audience:
            report["violations"].append(f"role read an inject for {audience}")


def _wait(events: queue.Queue[Any], condition: Any, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"timed out waiting for {what}")
        with contextlib.suppress(queue.Empty):
            events.get(timeout=min(remaining, 0.5))


def run_facilitator(join: str, out: Path, teams: list[str]) -> dict[str, Any]:
    """The white cell: three turns of injects, moves, reveal and adjudication."""
    joined = join_game(join)
    g, f = joined.game, joined.participant_id
    events: queue.Queue[float] = queue.Queue()
    listener = joined.listener(lambda e: events.put(time.time()))
    listener.start()
    if not listener.wait_connected(15):
        raise RuntimeError("listener never connected")
    report: dict[str, Any] = {"injects": [], "reveals": [], "moves": []}
    try:
        g.start(f)
        for turn in range(1, TURNS + 1):
            for inject in g.scenario.injects:
                if inject.turn == turn and not inject.conditional:
                    inject_id = g.release_inject(f, inject.id)
                    audience = (
                        inject.audience
                        if isinstance(inject.audience, str)
                        else list(inject.audience)
                    )
                    report["injects"].append(
                        {"id": inject_id, "audience": audience, "committed_at": time.time()}
                    )
            g.advance(f)  # planning
            g.advance(f)  # moves

            def arrived(turn: int = turn) -> bool:
                moves = g.queries().moves(joined.viewer, turn)
                return {m.team_id for m in moves} >= set(teams)

            _wait(events, arrived, f"the moves of turn {turn}")
            g.advance(f)  # adjudication
            g.reveal_moves(f)
            report["reveals"].append({"turn": turn, "committed_at": time.time()})
            for move in g.queries().moves(joined.viewer, turn):
                g.commit_adjudication(
                    f,
                    AdjudicationRequest(
                        method="ruling",
                        narrative=f"{move.team_id} succeeds",
                        rationale="Plausible",
                        move_id=move.id,
                        outcome="success",
                    ),
                )
            g.advance(f)  # narrative
            if turn < TURNS:
                g.advance(f)  # next turn's briefing
        g.end_game(f)
        report["moves"] = [
            {"id": m.id, "team": m.team_id, "title": m.title, "turn": m.turn}
            for m in g.queries().moves(joined.viewer)
        ]
        report["chain_ok"] = g.queries().verify_chain().ok
    finally:
        listener.stop()
        joined.close()
    return report


def main(argv: list[str]) -> int:
    """Run one laptop; write its report (or the error) to OUT.json."""
    mode, join, out_name = argv[0], argv[1], argv[2]
    out = Path(out_name)
    try:
        if mode == "team":
            report = run_team(join, out)
        else:
            report = run_facilitator(join, out, argv[3].split(","))
    except BaseException:
        _dump(out, {"error": traceback.format_exc()})
        return 1
    _dump(out, report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
