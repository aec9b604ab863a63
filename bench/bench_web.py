"""Team pages under load: 8 teams × 3 devices submit moves and keep their pages live, 60 s.

The server runs in this process as in the app (its own thread and game); the 24 devices run
in another process, each with a live update stream open (server-sent events), a fresh page
every few seconds, and a move every few seconds (one in four public, which changes every
team's page; the others sealed, which change only their own team's: ``--public-every``).
Each team's devices run in a process of their own, as separate phones would. Loopback only;
every request is bounded by a timeout.

Printed: commit latency (the move form's POST until its answer, as the device sees it),
update latency (from a commit's answer to each device of the team receiving the update
that shows the move), page latency, and what was lost: moves answered as sent but missing
from the record, or never shown to one of the team's devices. Aim: update p99 under 300 ms,
nothing lost. The baseline, measured first in the same run: the update latency of one move
at a time with nothing else going on.

Three devices sending a move every 4 s each is more than a link's default allowance (ten at
once, then one every 3 s), so the load test raises it to thirty, then one a second.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from wargame.game import JoinRequest

TEAMS = 8
DEVICES = 3
MOVE_EVERY_S = 4.0
PAGE_EVERY_S = 5.0
TIMEOUT_S = 10.0
AIM_UPDATE_P99_MS = 300.0
PUBLIC_EVERY = 4
"""Every how many moves of a device one is public (0: none)."""


def _percentiles(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return statistics.median(ordered) * 1000, p99 * 1000, ordered[-1] * 1000


class _Device:
    """One browser: its cookie and CSRF token, a live stream, a page now and then, moves."""

    def __init__(self, url: str, author: int, index: int) -> None:
        self.url = url
        self.parts = urlsplit(url)
        self.author = author
        self.index = index
        self.cookie = ""
        self.csrf = ""
        self.seen: dict[int, float] = {}
        self.commits: list[tuple[int, int, float, float]] = []
        """(tick, move id, latency, answered at) of each move the server took."""
        self.pages: list[float] = []
        self.errors: list[str] = []
        self.stop = threading.Event()
        self.public_every = PUBLIC_EVERY

    def _conn(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(
            self.parts.hostname or "", self.parts.port, timeout=TIMEOUT_S
        )

    def open_page(self) -> None:
        began = time.perf_counter()
        conn = self._conn()
        try:
            conn.request(
                "GET", self.parts.path, headers={"cookie": self.cookie} if self.cookie else {}
            )
            response = conn.getresponse()
            text = response.read().decode()
            if response.status != 200:
                self.errors.append(f"page: HTTP {response.status}")
                return
            cookie = response.getheader("set-cookie")
            if cookie:
                self.cookie = cookie.split(";", 1)[0]
            found = re.search(r'name="csrf" value="([0-9a-f]+)"', text)
            if found:
                self.csrf = found.group(1)
            self.pages.append(time.perf_counter() - began)
        finally:
            conn.close()

    def listen(self) -> None:
        conn = self._conn()
        try:
            conn.request(
                "GET", self.parts.path + "/events?since=0", headers={"cookie": self.cookie}
            )
            response = conn.getresponse()
            data: list[str] = []
            while not self.stop.is_set():
                line = response.readline().decode()
                if not line:
                    break
                if line.startswith("data: "):
                    data.append(line[6:].rstrip("\n"))
                elif line == "\n" and data:
                    now = time.perf_counter()
                    try:
                        message = json.loads("\n".join(data))
                    except ValueError:
                        message = {}
                    data = []
                    for move in re.findall(
                        r'data-move="(\d+)"', message.get("parts", {}).get("moves", "")
                    ):
                        self.seen.setdefault(int(move), now)
        except (OSError, http.client.HTTPException) as error:
            if not self.stop.is_set():
                self.errors.append(f"stream: {error}")
        finally:
            conn.close()

    def submit(self, tick: int) -> None:
        body = urlencode(
            {
                "csrf": self.csrf,
                "author": str(self.author),
                "title": f"Device {self.index} move {tick}",
                "action": "Act " * 20,
                "intended_result": "Result",
                # some moves public: each changes every team's page, not only its own
                "visibility": "public"
                if self.public_every and tick % self.public_every == 0
                else "secret",
            }
        ).encode()
        headers = {"cookie": self.cookie, "content-type": "application/x-www-form-urlencoded"}
        began = time.perf_counter()
        conn = self._conn()
        try:
            conn.request("POST", self.parts.path + "/move", body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            answered = time.perf_counter()
            found = re.search(r"sent=move&n=(\d+)", response.getheader("location") or "")
            if response.status != 303 or not found:
                self.errors.append(f"submit: HTTP {response.status}")
                return
            self.commits.append((tick, int(found.group(1)), answered - began, answered))
        finally:
            conn.close()


def _team_process(
    team: int,
    link: tuple[str, list[int]],
    load: tuple[float, int],
    channels: tuple[Any, Any, Any, Any],
) -> None:
    """One team's devices (threads of this process, one process per team, as separate
    phones are): report what each saw. Team 0 first measures the idle baseline."""
    ready, go, start_at, results = channels
    url, authors = link
    duration, public_every = load
    devices = [_Device(url, authors[i % len(authors)], team * DEVICES + i) for i in range(DEVICES)]
    for device in devices:
        device.public_every = public_every
    for device in devices:
        device.open_page()
    listeners = [threading.Thread(target=d.listen, daemon=True) for d in devices]
    for thread in listeners:
        thread.start()
    time.sleep(0.5)  # every stream is open before the first move
    baseline = _idle_updates(devices[0]) if team == 0 else []
    ready.put(team)
    go.wait(120)
    start = start_at.value  # perf_counter is the system's monotonic clock: one for all

    def drive(device: _Device) -> None:
        offset = (device.index / (TEAMS * DEVICES)) * MOVE_EVERY_S
        tick, next_page = 0, start + offset + PAGE_EVERY_S / 2
        while True:
            due = start + offset + tick * MOVE_EVERY_S
            if due > start + duration:
                break
            while time.perf_counter() < due:
                if time.perf_counter() >= next_page:
                    device.open_page()
                    next_page += PAGE_EVERY_S
                time.sleep(min(0.05, max(0.0, due - time.perf_counter())))
            device.submit(tick)
            tick += 1

    drivers = [threading.Thread(target=drive, args=(d,)) for d in devices]
    for thread in drivers:
        thread.start()
    for thread in drivers:
        thread.join()
    time.sleep(2.0)  # the last updates
    for device in devices:
        device.stop.set()
    reports = [
        {"team": team, "commits": d.commits, "seen": d.seen, "pages": d.pages, "errors": d.errors}
        for d in devices
    ]
    results.put((team, baseline, reports))


def _idle_updates(device: _Device, count: int = 10) -> list[float]:
    """The baseline: one move at a time with nothing else going on, until its page shows it."""
    samples = []
    for tick in range(count):
        device.submit(-1 - tick)
        if not device.commits:
            continue
        _, move, _, answered = device.commits.pop()
        deadline = time.perf_counter() + TIMEOUT_S
        while move not in device.seen and time.perf_counter() < deadline:
            time.sleep(0.002)
        if move in device.seen:
            samples.append(max(0.0, device.seen[move] - answered))
        time.sleep(0.1)
    return samples


def _load(
    links: list[tuple[str, list[int]]], duration: float, public_every: int
) -> tuple[list[float], list[dict[str, Any]]]:
    """Start one process per team, start them together, and gather what each saw."""
    context = mp.get_context("spawn")
    ready, results = context.Queue(), context.Queue()
    go, start_at = context.Event(), context.Value("d", 0.0)
    channels = (ready, go, start_at, results)
    processes = [
        context.Process(target=_team_process, args=(team, link, (duration, public_every), channels))
        for team, link in enumerate(links)
    ]
    for process in processes:
        process.start()
    for _ in processes:
        ready.get(timeout=120)
    start_at.value = time.perf_counter() + 0.5
    go.set()
    gathered = sorted(results.get(timeout=duration + 120) for _ in processes)
    for process in processes:
        process.join(30)
    baseline = [b for _, found, _ in gathered for b in found]
    reports = [r for _, _, found in gathered for r in found]
    return baseline, reports


def _scenario_text() -> str:
    from bench.bench_shared import _scenario_text as eight_teams

    return eight_teams()


def run(duration: float = 60.0, public_every: int = PUBLIC_EVERY) -> None:
    """Run the load for ``duration`` seconds and print the figures."""
    from wargame.game import Game, Viewer
    from wargame.scenario import parse_scenario
    from wargame.web.server import ServeOptions, TeamPagesServer

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "load.wargame"
        game = Game.create(path, parse_scenario(_scenario_text()), seed=1)
        fac = game.queries().participants()[0].id
        authors: dict[str, list[int]] = {}
        for team in game.scenario.teams:
            authors[team.id] = [
                game.join(
                    fac, JoinRequest(name=f"{team.name} player {i}", role="player", team_id=team.id)
                )
                for i in range(DEVICES)
            ]
        game.start(fac)
        game.advance(fac)  # the moves phase
        options = ServeOptions(port=0, submissions_burst=30, seconds_per_submission=1.0)
        server = TeamPagesServer(path, options)
        server.start()
        try:
            links = [(server.team_url(t.id), authors[t.id]) for t in game.scenario.teams]
            baseline, reports = _load(links, duration, public_every)
        finally:
            server.stop()
        recorded = game.queries().moves(Viewer.facilitator())
        game.close()
    print(
        f"team pages: {TEAMS} teams x {DEVICES} devices for {duration:.0f} s, a move every "
        f"{MOVE_EVERY_S:.0f} s and a page every {PAGE_EVERY_S:.0f} s per device, "
        + (f"1 move in {public_every} public" if public_every else "every move sealed")
        + " (loopback)"
    )
    _print(reports, {m.title for m in recorded}, duration, baseline)


def _print(
    reports: list[dict[str, Any]], recorded: set[str], duration: float, baseline: list[float]
) -> None:
    commits = [c for r in reports for c in r["commits"]]
    errors = [e for r in reports for e in r["errors"]]
    latencies = [latency for _, _, latency, _ in commits]
    pages = [p for r in reports for p in r["pages"]]
    updates: list[float] = []
    unseen = 0
    for report in reports:
        team = [r for r in reports if r["team"] == report["team"]]
        for _, move, _, answered in report["commits"]:
            for member in team:
                seen = member["seen"].get(move)
                if seen is None:
                    unseen += 1
                else:  # the update may overtake the form's answer: that is no delay at all
                    updates.append(max(0.0, seen - answered))
    lost = sum(
        1
        for index, r in enumerate(reports)
        for tick, _, _, _ in r["commits"]
        if f"Device {index} move {tick}" not in recorded
    )
    print(
        f"  commits            : {len(commits)} ({len(commits) / duration:.1f}/s), "
        f"errors {len(errors)}, lost {lost}, updates never shown {unseen}"
    )
    figures = (("commit latency", latencies), ("update latency", updates), ("page", pages))
    for name, samples in figures:
        if samples:
            p50, p99, worst = _percentiles(samples)
            print(f"  {name:<19}: p50 {p50:6.1f} ms   p99 {p99:6.1f} ms   max {worst:6.1f} ms")
    if baseline and updates:
        idle = statistics.median(baseline) * 1000
        ratio = _percentiles(updates)[1] / max(idle, 0.1)
        print(
            f"  idle update        : p50 {idle:6.1f} ms (one move, nothing else going on, "
            f"this run); update p99 under load = {ratio:.1f} x that"
        )
    met = bool(updates) and _percentiles(updates)[1] < AIM_UPDATE_P99_MS
    met = met and not lost and not unseen and not errors
    print(
        f"  (aim: update p99 < {AIM_UPDATE_P99_MS:.0f} ms with nothing lost: "
        f"{'met' if met else 'NOT met'})"
    )
    if errors:
        print(f"  first error: {errors[0]}")


def main(argv: list[str] | None = None) -> None:
    """``python -m bench web [--duration SECONDS]``: not part of the default run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load (60)")
    parser.add_argument(
        "--public-every",
        type=int,
        default=PUBLIC_EVERY,
        help=f"every how many moves of a device one is public (0: none; {PUBLIC_EVERY})",
    )
    args = parser.parse_args(argv if argv is not None else [])
    run(args.duration, args.public_every)


if __name__ == "__main__":
    main(sys.argv[1:])
