"""The quick look of the demo game, against its full after-action report.

The quick look is for the hot wash, minutes after the last turn: it must come in seconds.
Both documents are built from the same game file in the same run; the ratio says what the
quick look costs next to the full report. Aim: a ratio under 0.5.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.aims import Aim
from wargame.cli import main as cli
from wargame.game import Game
from wargame.report import write_after_action_report, write_quick_look

RUNS = 3
RATIO_AIM = 0.5


def main() -> list[Aim]:
    """Print the quick look's build time, its pages, and the ratio to the full report."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        assert cli(["demo", "-o", str(folder / "demo")]) == 0
        quick, full, pages = [], [], 0
        with Game.open(folder / "demo" / "demo.wargame") as game:
            for _ in range(RUNS):
                start = time.perf_counter()
                pages = write_quick_look(game, folder / "ql.pdf").pages
                quick.append(time.perf_counter() - start)
                start = time.perf_counter()
                write_after_action_report(game, folder / "aar.pdf")
                full.append(time.perf_counter() - start)
    print(f"quick look of the demo game (best of {RUNS})")
    print(f"  quick look         : {min(quick):6.2f} s wall   {pages} pages")
    print(f"  after-action report: {min(full):6.2f} s wall")
    ratio = min(quick) / min(full)
    print(f"  ratio              : {ratio:6.2f} x   (aim: <= {RATIO_AIM} x)")
    return [Aim("quick look of the demo", ratio, RATIO_AIM, "the full report")]


if __name__ == "__main__":
    main()
