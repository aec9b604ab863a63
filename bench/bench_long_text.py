"""The report's time for a game with one 20,000-character field of line breaks, against
the same game without it.

The game is the tutorial fixture game (two turns, every kind of record), played into a
temporary file. The field is a move's action of 20,000 characters: two words and 19,998
line breaks between them. A second figure gives the same for a field of 10,000 short
lines ("x" and a line break, 20,000 characters), which prints every line. ReportLab's
line breaking is quadratic in one paragraph's lines, so the report sets long texts as
runs of short paragraphs (wargame/report/paragraph.py). Aim: under 2x for the field of
line breaks.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

from bench.aims import Aim
from wargame.game import Game, MoveContent
from wargame.game.script import ScriptRunner, load_script
from wargame.report import write_after_action_report
from wargame.scenario import load_scenario

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "tests" / "fixtures" / "game" / "tutorial-game.yaml"
TUTORIAL = REPO / "scenarios" / "tutorial.yaml"
RUNS = 3
LINE_BREAKS = "Begin." + "\n" * 19_988 + "End."
SHORT_LINES = "x\n" * 9_999 + "x"
LINE_BREAKS_AIM = 2.0


def _game(path: Path, action: str | None) -> Path:
    """The fixture game, with one more move whose action is ``action`` (if given)."""
    with Game.create(path, load_scenario(TUTORIAL), seed=5) as game:
        actions = load_script(SCRIPT)
        runner = ScriptRunner(game)
        runner.run(actions[:7])  # joined, started, in the moves phase of turn 1
        if action is not None:
            alice = next(p.id for p in game.queries().participants() if p.name == "Alice")
            game.submit_move(
                alice, MoveContent(title="A long text", action=action, intended_result="r")
            )
        runner.run(actions[7:], start_index=8)
    return path


def _report_time(game: Path, out: Path) -> tuple[float, int]:
    best = float("inf")
    for _ in range(RUNS):
        start = time.process_time()
        with Game.open(game) as opened:
            write_after_action_report(opened, out)
        best = min(best, time.process_time() - start)
    return best, len(PdfReader(out).pages)


def main() -> list[Aim]:
    """Print the report's CPU time with and without the long field; return the ratio aim."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base, base_pages = _report_time(_game(folder / "base.wargame", None), folder / "b.pdf")
        breaks, breaks_pages = _report_time(
            _game(folder / "breaks.wargame", LINE_BREAKS), folder / "l.pdf"
        )
        lines, lines_pages = _report_time(
            _game(folder / "lines.wargame", SHORT_LINES), folder / "s.pdf"
        )
    print(f"after-action report with one 20,000-character field (CPU, best of {RUNS})")
    print(f"  the game without it        : {base:6.2f} s   {base_pages} pages")
    print(
        f"  + 19,988 line breaks       : {breaks:6.2f} s   {breaks_pages} pages   "
        f"ratio {breaks / base:5.2f} x (aim: <= {LINE_BREAKS_AIM:.0f} x)"
    )
    print(
        f"  + 10,000 short lines       : {lines:6.2f} s   {lines_pages} pages   "
        f"ratio {lines / base:5.2f} x (every line printed)"
    )
    return [
        Aim("report, one field of line breaks (CPU)", breaks / base, LINE_BREAKS_AIM, "no field")
    ]


if __name__ == "__main__":
    main()
