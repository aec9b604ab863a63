"""A shared game under load: 8 team laptops each submit a move every 100 ms against one
PostgreSQL, for a minute (``--duration``); the facilitator's laptop listens.

Each team is its own process with its own join string (its own database role, so row-level
security and the NOTIFY triggers are in the path), as at a venue. Printed: commits per
second, commit latency p50/p99 (the whole ``Game.submit_move`` use case, measured in the
team's process), and notification delay p50/p99 (from the commit returning in the team's
process to the facilitator's :class:`~wargame.game.live.GameListener` delivering the event;
one machine, one clock).

Then a burst: another role NOTIFYs the facilitator's channel 5,000 times in one statement
(forged 'advance' rows, as any login may), and the facilitator's process CPU time is
measured until its listener has delivered the note committed right after the burst, each
event re-read as a view would (summary and moves). Beside it, the same for the note alone.

Runs on a throwaway PostgreSQL cluster (tests/pg.py), on loopback only; prints a line and
returns if PostgreSQL is not installed. Aims: commit p99 under 50 ms, notification p99
under 100 ms on a 2-core machine; the burst under 2 s of CPU.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

import yaml

from wargame.game import MoveContent

REPO = Path(__file__).resolve().parents[1]
TEAMS = 8
INTERVAL_S = 0.1
BURST = 5000
BURST_AIM_S = 2.0


def _scenario_text() -> str:
    """The tutorial scenario with eight teams (two actors, four teams each)."""
    data = yaml.safe_load((REPO / "scenarios" / "tutorial.yaml").read_text(encoding="utf-8"))
    data["teams"] = [
        {"id": f"team-{i}", "name": f"Team {i}", "actors": ["aurelia" if i % 2 else "borovia"]}
        for i in range(1, TEAMS + 1)
    ]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _percentiles(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return statistics.median(ordered) * 1000, p99 * 1000, ordered[-1] * 1000


def _team(join: str, go: Any, start: Any, duration: float, results: Any) -> None:
    """One laptop: a move every 100 ms on a fixed schedule; report (id, latency, done_at)."""
    from wargame.game import GameError
    from wargame.game.sharing import join_game

    samples: list[tuple[int, float, float]] = []
    errors: list[str] = []
    late = 0
    with join_game(join) as joined:
        game, by = joined.game, joined.participant_id
        game.queries().summary()  # warm the connection pool
        results.put("ready")
        go.wait(120)
        start_at = start.value + random.uniform(0, INTERVAL_S)
        time.sleep(max(0.0, start_at - time.time()))
        tick = 0
        while True:
            due = start_at + tick * INTERVAL_S
            if due > start_at + duration:
                break
            pause = due - time.time()
            if pause > 0:
                time.sleep(pause)
            elif pause < -INTERVAL_S:
                late += 1
            began = time.perf_counter()
            try:
                move = game.submit_move(
                    by,
                    MoveContent(
                        title=f"Move {tick}",
                        action="Act",
                        intended_result="Result",
                        reasons=["a reason"],
                    ),
                )
            except GameError as error:
                errors.append(str(error))
            else:
                samples.append((move, time.perf_counter() - began, time.time()))
            tick += 1
    results.put({"samples": samples, "errors": errors, "late": late})


def run(duration: float = 60.0) -> None:
    """Run the benchmark for ``duration`` seconds of submitting and print its figures."""
    from tests.pg import PostgresUnavailable, throwaway_cluster
    from wargame.game.sharing import host_game, join_game
    from wargame.scenario import parse_scenario

    try:
        cluster_cm = throwaway_cluster()
        cluster = cluster_cm.__enter__()
    except PostgresUnavailable as error:
        print(f"shared game benchmark skipped: {error}")
        return
    try:
        import psycopg

        with psycopg.connect(cluster.admin_dsn, autocommit=True) as admin:
            admin.execute("CREATE ROLE bench_host LOGIN CREATEROLE PASSWORD 'bench'")
            admin.execute("CREATE DATABASE bench OWNER bench_host")
            version = admin.execute("SHOW server_version").fetchone()
        url = f"postgresql+psycopg://bench_host:bench@127.0.0.1:{cluster.port}/bench"
        hosted = host_game(url, parse_scenario(_scenario_text()), seed=1)
        delivered: dict[int, float] = {}
        lock = threading.Lock()

        def on_event(event: Any) -> None:
            now = time.time()
            with lock:
                for table, row_id in event.records:
                    if table == "move":
                        delivered.setdefault(row_id, now)  # a resync lists its rows too

        with join_game(hosted.facilitator.url) as white:
            white.game.start(white.participant_id)
            white.game.advance(white.participant_id)  # the moves phase
            listener = white.listener(on_event)
            listener.start()
            listener.wait_connected(10)
            context = mp.get_context("spawn")
            results = context.Queue()
            go, start = context.Event(), context.Value("d", 0.0)
            processes = [
                context.Process(target=_team, args=(j.url, go, start, duration, results))
                for j in hosted.teams
            ]
            for process in processes:
                process.start()
            for _ in processes:  # every laptop has started and connected
                assert results.get(timeout=120) == "ready"
            start.value = time.time() + 0.5
            go.set()  # each laptop then keeps its own phase (below): they are not in lockstep
            reports = [results.get(timeout=duration + 120) for _ in processes]
            for process in processes:
                process.join(30)
            time.sleep(0.5)  # the last notifications
            listener.stop()
        burst_cpu, quiet_cpu, burst_events = _burst(url)
    finally:
        cluster_cm.__exit__(None, None, None)

    samples = [s for r in reports for s in r["samples"]]
    errors = [e for r in reports for e in r["errors"]]
    late = sum(r["late"] for r in reports)
    latencies = [latency for _, latency, _ in samples]
    delays = [max(0.0, delivered[m] - done) for m, _, done in samples if m in delivered]
    missing = sum(1 for m, _, _ in samples if m not in delivered)
    server = version[0] if version else "?"
    print(
        f"shared game: {TEAMS} teams x 1 move / {INTERVAL_S * 1000:.0f} ms for {duration:.0f} s "
        f"against PostgreSQL {server} (loopback, throwaway cluster)"
    )
    print(
        f"  commits            : {len(samples)} ({len(samples) / duration:.1f}/s), "
        f"errors {len(errors)}, ticks late by > {INTERVAL_S * 1000:.0f} ms: {late}"
    )
    if latencies:
        p50, p99, worst = _percentiles(latencies)
        print(f"  commit latency     : p50 {p50:6.2f} ms   p99 {p99:6.2f} ms   max {worst:6.1f} ms")
    if delays:
        p50, p99, worst = _percentiles(delays)
        print(
            f"  notification delay : p50 {p50:6.2f} ms   p99 {p99:6.2f} ms   max {worst:6.1f} ms"
            f"   (not delivered: {missing})"
        )
    print("  (aim: commit p99 < 50 ms, notification p99 < 100 ms)")
    print(
        f"  notification burst : {BURST:,} forged in one statement cost the facilitator's "
        f"process {burst_cpu:.2f} s of CPU in {burst_events} events "
        f"(one note alone: {quiet_cpu:.3f} s)   (aim: < {BURST_AIM_S:.0f} s)"
    )
    if errors:
        print(f"  first error: {errors[0]}")


def _burst(url: str) -> tuple[float, float, int]:
    """CPU seconds of the facilitator's process for a forged burst, for one note, and the
    number of events the burst became."""
    import psycopg

    from wargame.game.live import RESYNC
    from wargame.game.sharing import host_game, join_game
    from wargame.scenario import load_scenario
    from wargame.store.shared import channel_name, libpq_url

    hosted = host_game(url, load_scenario(REPO / "scenarios" / "tutorial.yaml"), seed=2)
    with join_game(hosted.facilitator.url) as white, join_game(hosted.teams[0].url) as blue:
        white.game.start(white.participant_id)
        arrived: list[str] = []
        resynced, noted = threading.Event(), threading.Event()

        def on_event(event: Any) -> None:
            white.game.queries().summary()
            white.game.queries().moves(white.viewer)  # what a refreshed view reads
            arrived.append(event.action)
            if event.action == RESYNC:
                resynced.set()
            if any(table == "note" for table, _ in event.records):
                noted.set()

        listener = white.listener(on_event)
        listener.start()
        listener.wait_connected(10)

        def measure(flood: bool) -> float:
            """CPU seconds until the burst (if any) and then a note have been delivered."""
            resynced.clear()
            noted.clear()
            arrived.clear()
            before = time.process_time()
            if flood:
                with psycopg.connect(libpq_url(blue.url), autocommit=True) as forger:
                    forger.execute(
                        "SELECT pg_notify(%s, json_build_object('t', 'phase_record', 'id', i, "
                        "'op', 'I', 'x', i, 'turn', 1)::text) FROM generate_series(1, %s) i",
                        (channel_name(white.game.game_id), BURST),
                    )
                if not resynced.wait(60):
                    print("  notification burst : the burst was never delivered")
            white.game.note(white.participant_id, "after the burst" if flood else "quiet")
            if not noted.wait(60):
                print("  notification burst : the note never arrived")
            return time.process_time() - before

        quiet = measure(flood=False)
        flooded = measure(flood=True)
        events = len(arrived) - 1  # the note's own event left out
        listener.stop()
    return flooded, quiet, events


def main(argv: list[str] | None = None) -> None:
    """``python -m bench.bench_shared [--duration SECONDS]``; ``make bench`` runs 60 s."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load (60)")
    args = parser.parse_args(argv if argv is not None else [])
    run(args.duration)


if __name__ == "__main__":
    main(sys.argv[1:])
