"""``wargame compare``: several plays of one scenario compared in a PDF (and a workbook)."""

from __future__ import annotations

import argparse
from pathlib import Path

from wargame.cli.common import say
from wargame.cli.errors import CommandError
from wargame.game import GameError
from wargame.game.views import counted


def cmd_compare(args: argparse.Namespace) -> int:
    """Compare plays of one scenario: a PDF, and with ``--xlsx`` a workbook."""
    from wargame.cli.spreadsheets import write_xlsx
    from wargame.game.series import read_series, series_tables
    from wargame.report import ReportError
    from wargame.report.compare import build_comparison

    try:
        series = read_series(args.games)
    except GameError as exc:
        raise CommandError(str(exc)) from None
    try:
        built = build_comparison(series, Path(args.output), paper=args.paper)
        if args.xlsx:
            write_xlsx(series_tables(series), Path(args.xlsx))
    except ReportError as exc:
        raise CommandError(str(exc)) from None
    except OSError as exc:
        raise CommandError(f"cannot write {exc.filename}: {exc.strerror}") from None
    say(
        f"compared {counted(len(series.plays), 'play')} of {series.scenario_id} into "
        f"{built.path} ({counted(built.pages, 'page')})"
        + (f" and {args.xlsx}" if args.xlsx else "")
    )
    return 0
