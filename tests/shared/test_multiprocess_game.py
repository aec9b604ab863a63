"""A facilitator and four team laptops, each its own process, play three turns of the
troop-deployment scenario on one PostgreSQL: every move arrives, every client sees its
injects and the reveals within a second, and no client ever sees another team's sealed move
(checked through the app's queries and with the team's own database role)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from wargame.game.sharing import host_game
from wargame.scenario import load_scenario

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

HERE = Path(__file__).resolve().parent
SCENARIOS = HERE.parents[1] / "scenarios"
TEAMS = ["red", "ukraine", "coalition", "nato"]  # the fifth team, usa, has no laptop
LIMIT_S = 1.0


def _spawn(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, str(HERE / "driver.py"), *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _report(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    assert "error" not in data, f"{path.name} failed:\n{data.get('error')}"
    return data


def test_four_laptops_and_a_facilitator(owner_url: str, tmp_path: Path) -> None:
    scenario = load_scenario(SCENARIOS / "troop-deployment.yaml")
    hosted = host_game(owner_url, scenario, seed=11, facilitator="White cell")
    joins = {j.team_id: j.url for j in hosted.teams}
    clients = {team: _spawn("team", joins[team], str(tmp_path / f"{team}.json")) for team in TEAMS}
    processes = list(clients.values())
    try:
        deadline = time.monotonic() + 60
        while not all((tmp_path / f"{t}.ready").exists() for t in TEAMS):
            failed = [t for t, p in clients.items() if p.poll() is not None]
            if failed:
                pytest.fail(f"client {failed[0]} died: {_report(tmp_path / f'{failed[0]}.json')}")
            assert time.monotonic() < deadline, "the clients never started listening"
            time.sleep(0.05)
        white = _spawn(
            "facilitator", hosted.facilitator.url, str(tmp_path / "white.json"), ",".join(TEAMS)
        )
        processes.append(white)
        for process in processes:
            process.wait(timeout=90)
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
            if process.stderr is not None:
                process.stderr.close()

    facilitator = _report(tmp_path / "white.json")
    reports = {team: _report(tmp_path / f"{team}.json") for team in TEAMS}

    # Every move arrives: each client's three moves, exactly, in the facilitator's record.
    recorded = {(m["team"], m["turn"], m["title"], m["id"]) for m in facilitator["moves"]}
    sent = {
        (team, s["turn"], s["title"], s["id"])
        for team, r in reports.items()
        for s in r["submitted"]
    }
    assert len(sent) == len(TEAMS) * 3
    assert recorded == sent
    assert facilitator["chain_ok"]

    for team, report in reports.items():
        # Nobody ever saw another team's sealed move, nor an inject meant for others.
        assert report["violations"] == [], team
        assert report["raw_denied"] == {"audit": True, "note": True, "observation": True}
        # Each inject addressed to the team was on its screen within a second of the commit.
        for inject in facilitator["injects"]:
            audience = inject["audience"]
            seen = report["injects_seen"].get(str(inject["id"]))
            if audience == "all" or team in audience:
                assert seen is not None, f"{team} never saw inject {inject['id']}"
                delay = seen["seen_at"] - inject["committed_at"]
                assert delay < LIMIT_S, f"{team} saw inject {inject['id']} after {delay:.3f} s"
            else:
                assert seen is None, f"{team} saw inject {inject['id']} meant for {audience}"
        # And each turn's reveal.
        for reveal in facilitator["reveals"]:
            seen = report["reveals_seen"].get(str(reveal["turn"]))
            assert seen is not None, f"{team} never saw the reveal of turn {reveal['turn']}"
            delay = seen["seen_at"] - reveal["committed_at"]
            assert delay < LIMIT_S, f"{team} saw the reveal of turn {reveal['turn']} after {delay}"

    delays = [
        seen["seen_at"] - event["committed_at"]
        for report in reports.values()
        for kind, key in (("injects", "id"), ("reveals", "turn"))
        for event in facilitator[kind]
        if (seen := report[f"{kind}_seen"].get(str(event[key]))) is not None
    ]
    print(
        f"seen {len(delays)} injects/reveals; worst {max(delays) * 1000:.0f} ms, "
        f"median {sorted(delays)[len(delays) // 2] * 1000:.0f} ms"
    )
