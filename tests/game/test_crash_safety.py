"""Crash safety, for real: ``wargame play -v`` is killed with SIGKILL at random points.

The child prints ``ok N action`` after each commit. After every kill the game must open,
``PRAGMA integrity_check`` must say ok, every action the child reported as committed must
be in the record, and every action must be whole (its rows and its audit line together).
The same file is played on after each kill, which is a stronger test than a fresh copy.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from wargame.game import Game, Viewer
from wargame.scenario import LoadedScenario

from .support import make_table

pytestmark = pytest.mark.slow

KILLS = 20
ACTIONS_PER_RUN = 160
FAC = Viewer.facilitator()


def _script(run: int) -> tuple[str, list[str]]:
    """A long play script whose every action leaves a unique marker in the record."""
    lines: list[str] = []
    markers: list[str] = []
    for n in range(1, ACTIONS_PER_RUN + 1):
        marker = f"R{run:02d}A{n:03d}"
        markers.append(marker)
        kind = n % 4
        if kind == 0:
            lines.append(
                f'- {{do: move, by: Alice, title: "{marker} blue", '
                f'action: "Blue acts ({marker})", intended_result: "Blue gains"}}'
            )
        elif kind == 1:
            lines.append(f'- {{do: note, text: "{marker} note"}}')
        elif kind == 2:
            lines.append(
                f'- {{do: observe, by: Olga, text: "{marker} observation", tags: [friction]}}'
            )
        else:
            lines.append(
                f'- {{do: move, by: Bob, title: "{marker} red", '
                f'action: "Red acts ({marker})", intended_result: "Red gains", '
                'reasons: ["Because", "And because"]}'
            )
    return "\n".join(lines) + "\n", markers


def _recorded_markers(path: Path) -> tuple[set[str], dict[str, int]]:
    """Markers found in the record, and counts that prove each action is whole."""
    with Game.open(path) as game:
        q = game.queries()
        record = q.record(FAC)
    texts = (
        [m.title for m in record.moves]
        + [n.text for n in record.notes]
        + [o.text for o in record.observations]
    )
    audit: dict[str, int] = {}
    for line in record.audit:
        audit[line.action] = audit.get(line.action, 0) + 1
    counts = {
        "moves": len(record.moves),
        "move.submit": audit.get("move.submit", 0),
        "notes": len(record.notes),
        "note.add": audit.get("note.add", 0),
        "observations": len(record.observations),
        "observation.add": audit.get("observation.add", 0),
    }
    return {t.split()[0] for t in texts}, counts


def test_sigkill_at_random_points_loses_no_committed_action(
    tmp_path: Path, tutorial_loaded: LoadedScenario
) -> None:
    path = tmp_path / "crash.wargame"
    with make_table(str(path), tutorial_loaded) as table:
        table.go_to("moves")
    seed = int(os.environ.get("WARGAME_CRASH_SEED", random.randrange(2**32)))
    rng = random.Random(seed)
    reported: set[str] = set()
    for run in range(KILLS):
        text, markers = _script(run)
        script = tmp_path / f"run-{run:02d}.yaml"
        script.write_text(text, encoding="utf-8")
        wanted = rng.randint(1, 80)
        child = subprocess.Popen(
            [sys.executable, "-m", "wargame.cli", "play", "-v", str(path), str(script)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        seen = 0
        try:
            assert child.stdout is not None
            for line in child.stdout:  # waits on the child's output, never on a clock
                if line.startswith("ok "):
                    reported.add(markers[int(line.split()[1]) - 1])
                    seen += 1
                    if seen >= wanted:
                        break
        finally:
            child.kill()  # SIGKILL
            _, errors = child.communicate(timeout=30)
        context = f"run {run}, seed {seed} (WARGAME_CRASH_SEED), killed after {seen} ok lines"
        assert child.returncode == -signal.SIGKILL, f"{context}: the child ended: {errors}"
        assert seen == wanted, f"{context}: {errors}"

        with closing(sqlite3.connect(path)) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)], context
        found, counts = _recorded_markers(path)
        missing = sorted(reported - found)
        assert not missing, f"{context}: committed actions lost: {missing[:10]}"
        assert counts["moves"] == counts["move.submit"], (context, counts)
        assert counts["notes"] == counts["note.add"], (context, counts)
        assert counts["observations"] == counts["observation.add"], (context, counts)
    assert len(reported) >= KILLS
