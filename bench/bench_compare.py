"""Comparing fifty plays of one scenario (``wargame compare``), against opening them.

The plays: the bundled demo game (six turns of the troop-deployment scenario, 31 moves),
played once and copied fifty times, each copy given its own game uid and the escalation
moved in the later copies so that the plays diverge. The figure is the wall time of
reading the series and writing its PDF; the baseline opens each of the same fifty games
and reads its summary, in the same run. Aim: under 30 s on a 2-core machine, and a ratio
under 6 (reading what a comparison needs costs a few opens, not a report per game).
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from bench.aims import Aim
from wargame.cli import main as cli
from wargame.game import Game
from wargame.game.series import read_series
from wargame.report.compare import build_comparison

PLAYS = 50
AIM_SECONDS = 30.0
RATIO_AIM = 6.0


def make_plays(folder: Path, count: int | None = None) -> list[Path]:
    """The demo game played once and copied ``count`` (default: ``PLAYS``) times as plays."""
    count = PLAYS if count is None else count
    assert cli(["demo", "-o", str(folder / "demo")]) == 0
    source = folder / "demo" / "demo.wargame"
    paths = []
    for number in range(count):
        target = folder / f"play-{number:02d}.wargame"
        shutil.copyfile(source, target)
        connection = sqlite3.connect(target)
        try:
            connection.execute("UPDATE game SET uid = ?", (f"{number:032x}",))
            if number % 3:  # later turns of some plays went another way
                connection.execute(
                    "UPDATE effect SET delta = delta - 1 WHERE turn >= ? AND kind = 'track' "
                    "AND target = 'escalation' AND delta > 0",
                    (2 + number % 5,),
                )
            connection.commit()
        finally:
            connection.close()
        paths.append(target)
    return paths


def main() -> list[Aim]:
    """Print the time to compare fifty plays, and the ratio to opening them."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = make_plays(folder)
        start = time.perf_counter()
        for path in paths:
            with Game.open(path) as game:
                game.queries().summary()
        opening = time.perf_counter() - start
        start = time.perf_counter()
        series = read_series(paths)
        built = build_comparison(series, folder / "series.pdf")
        comparing = time.perf_counter() - start
    verdict = "met" if comparing < AIM_SECONDS else "MISSED"
    print(f"compare {PLAYS} plays of the demo game")
    print(f"  compare + PDF      : {comparing:6.2f} s wall   {built.pages} pages  "
          f"(aim: < {AIM_SECONDS:.0f} s) {verdict}")  # fmt: skip
    print(f"  open + summary     : {opening:6.2f} s wall")
    print(f"  ratio              : {comparing / opening:6.2f} x   (aim: <= {RATIO_AIM} x)")
    return [Aim(f"compare {PLAYS} plays", comparing / opening, RATIO_AIM, "opening them")]


if __name__ == "__main__":
    main()
