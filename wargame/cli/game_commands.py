"""Sub-commands that run games: new, play, verify, export, import-moves, demo, report, briefings."""

from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime as dt
import io
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from wargame.cli.common import load_named_scenario, say, say_error
from wargame.cli.errors import CommandError
from wargame.cli.spreadsheets import write_csv_tables, write_xlsx
from wargame.cli.terminal import json_for_terminal
from wargame.game import Game, GameError, GameRecord, ImportedMove, RowsRefused, Viewer
from wargame.game.script import ActionRefused, ScriptError, ScriptRunner, load_script
from wargame.game.tables import record_tables
from wargame.game.views import counted
from wargame.scenario import bundled_scenarios_dir

DEMO_SCENARIO = "troop-deployment"


def _cannot_write(path: str) -> bool:
    """Whether a game file (not a server URL) or its folder cannot be written by us."""
    if "://" in path and not path.startswith("sqlite"):
        return False
    file = Path(path)
    return file.is_file() and not (
        os.access(file, os.W_OK) and os.access(file.absolute().parent, os.W_OK)
    )


@contextmanager
def _open_game(path: str, *, reading: bool = False) -> Iterator[Game]:
    """Open a game; with ``reading``, a file we may not write is opened read-only."""
    try:
        game = Game.open(path, read_only=reading and _cannot_write(path))
    except GameError as exc:
        raise CommandError(str(exc)) from None
    try:
        yield game
    finally:
        game.close()


def cmd_new(args: argparse.Namespace) -> int:
    """Create a game file from a scenario."""
    loaded = load_named_scenario(args.scenario)
    out = Path(args.output)
    if out.exists():
        raise CommandError(f"{out} already exists; choose another name or remove it first")
    try:
        game = Game.create(
            out, loaded, title=args.title, seed=args.seed, facilitator=args.facilitator
        )
    except GameError as exc:
        raise CommandError(str(exc)) from None
    with game:
        summary = game.queries().summary()
    say(f"created {out}: {summary.title} (scenario {summary.scenario_id}, seed {summary.seed})")
    say(f"dice commitment (SHA-256 of the seed): {summary.seed_sha256}")
    return 0


def cmd_play(args: argparse.Namespace) -> int:
    """Apply a play script to a game, one transaction per action."""
    try:
        actions = load_script(Path(args.script))
    except ScriptError as exc:
        if len(exc.problems) == 1 and exc.problems[0].position is None:
            raise CommandError(str(exc.problems[0])) from None  # e.g. no such file
        raise CommandError(f"the script is malformed:\n{exc}") from None
    with _open_game(args.game) as game:
        runner = ScriptRunner(
            game,
            on_committed=(lambda i, what: say(f"ok {i} {what}")) if args.verbose else None,
        )
        try:
            done = runner.run(actions)
        except ActionRefused as exc:
            raise CommandError(f"{exc}; actions before it are committed") from None
    say(f"applied {counted(done, 'action')} to {args.game}")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    """Check the whole record against its hash chain (and a fingerprint, with --expect)."""
    with _open_game(args.game, reading=True) as game:
        try:
            check = game.queries().verify_chain(expect=args.expect)
        except GameError as exc:
            raise CommandError(str(exc)) from None
    if check.ok:
        say(check.summary())
    else:
        say(f"{counted(len(check.problems), 'problem')} found in {args.game}:")
        for problem in check.problems:
            say(f"  - {problem}.")
    if check.fingerprint is not None:
        say(f"fingerprint now: {check.fingerprint}")
    return 0 if check.ok else 1


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def cmd_export(args: argparse.Namespace) -> int:
    """Export the full record as JSON, one CSV file per table, or an XLSX workbook."""
    with _open_game(args.game, reading=True) as game:
        record = game.queries().record(Viewer.facilitator())
    try:
        if args.format == "json":
            return _export_json(record, args.output)
        if not args.output:
            where = "a folder" if args.format == "csv" else "a file name"
            raise CommandError(
                f"{args.format.upper()} export writes files, not the terminal; give {where} with -o"
            )
        tables = record_tables(record)
        if args.format == "csv":
            write_csv_tables(tables, Path(args.output))
        else:
            write_xlsx(tables, Path(args.output))
    except OSError as exc:
        raise CommandError(f"cannot write {exc.filename or args.output}: {exc.strerror}") from None
    kind = "CSV files" if args.format == "csv" else "the workbook"
    say(f"wrote {kind} to {args.output}")
    return 0


def _export_json(record: GameRecord, output: str | None) -> int:
    text = json.dumps(_plain(record), indent=2, ensure_ascii=False) + "\n"
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(json_for_terminal(text))
    return 0


IMPORT_COLUMNS = ("team", "author", "title", "action", "intended_result", "reasons")


def read_moves_csv(path: Path) -> list[ImportedMove]:
    """Read a moves CSV (header: team, author, title, action, intended_result, reasons).

    ``reasons`` are separated by ';'; an optional ``visibility`` column says ``secret``
    (the default) or ``public``. Each row keeps the file line it starts on, for messages.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise CommandError(f"{path}: not UTF-8 text; save the sheet as CSV UTF-8") from None
    except OSError as exc:
        raise CommandError(f"{path}: cannot read it ({exc.strerror})") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in IMPORT_COLUMNS[:5] if c not in header]
    if missing:
        columns = "column" if len(missing) == 1 else "columns"
        raise CommandError(f"{path}:1: the header lacks the {columns} {', '.join(missing)}")
    rows = []
    start = reader.line_num + 1
    for raw in reader:
        row = {(k or "").strip().lower(): (v or "") for k, v in raw.items()}
        reasons = tuple(r.strip() for r in row.get("reasons", "").split(";") if r.strip())
        rows.append(
            ImportedMove(
                line=start,
                team=row["team"].strip(),
                author=row["author"].strip(),
                title=row["title"],
                action=row["action"],
                intended_result=row["intended_result"],
                reasons=reasons,
                visibility=row.get("visibility", "").strip().lower() or "secret",
            )
        )
        start = reader.line_num + 1
    if not rows:
        raise CommandError(f"{path}: there are no rows under the header")
    return rows


def cmd_import_moves(args: argparse.Namespace) -> int:
    """Import moves from a CSV: all rows or none."""
    rows = read_moves_csv(Path(args.moves))
    with _open_game(args.game) as game:
        facilitator = game.queries().participants()[0].id
        try:
            ids = game.import_moves(facilitator, args.turn, rows)
        except RowsRefused as exc:
            for problem in exc.problems:
                say_error(f"{args.moves}:{problem}", one_line=True)
            raise CommandError(
                f"{counted(len(exc.problems), 'bad row')}; nothing was imported"
            ) from None
        except GameError as exc:
            raise CommandError(str(exc)) from None
    say(f"imported {counted(len(ids), 'move')} into turn {args.turn}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Play the bundled demo game of the troop-deployment scenario into a folder."""
    folder = Path(args.output)
    target = folder / "demo.wargame"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("demo.wargame*"):
            stale.unlink()
    except OSError as exc:
        raise CommandError(f"cannot use {folder} as the demo folder: {exc.strerror}") from None
    loaded = load_named_scenario(DEMO_SCENARIO)
    script = bundled_scenarios_dir() / f"{DEMO_SCENARIO}.demo.yaml"
    try:
        actions = load_script(script)
    except ScriptError as exc:
        raise CommandError(f"the demo script is malformed:\n{exc}") from None
    try:
        game = Game.create(
            target, loaded, title="Demo: troop deployment", seed=20261125, facilitator="Alex Morgan"
        )
    except GameError as exc:
        raise CommandError(str(exc)) from None
    with game:
        try:
            done = ScriptRunner(game).run(actions)
        except ActionRefused as exc:
            raise CommandError(f"the demo script failed: {exc}") from None
        _write_demo_outputs(game, folder)
    say(f"played {done} actions into {target}")
    return 0


def _write_demo_outputs(game: Game, folder: Path) -> None:
    import wargame.report as report

    write_aar = getattr(report, "write_after_action_report", None)
    write_packs = getattr(report, "write_briefings", None)
    if write_aar is None or write_packs is None:
        return
    write_aar(game, folder / "after-action-report.pdf")
    write_packs(game, folder / "briefings")
    say(f"wrote {folder / 'after-action-report.pdf'} and {folder / 'briefings'}/")


def cmd_report(args: argparse.Namespace) -> int:
    """Write the after-action report of a game (PDF)."""
    from wargame.report import ReportError, write_after_action_report, write_quick_look

    with _open_game(args.game, reading=True) as game:
        try:
            if args.quick_look:
                built = write_quick_look(
                    game, Path(args.output), paper=args.paper, audience=args.audience
                )
                say(f"wrote the quick look ({counted(built.pages, 'page')}) to {built.path}")
                return 0
            path = write_after_action_report(
                game, Path(args.output), paper=args.paper, audience=args.audience
            )
        except ReportError as exc:
            raise CommandError(str(exc)) from None
    say(f"wrote the {args.audience} after-action report to {path}")
    return 0


def cmd_briefings(args: argparse.Namespace) -> int:
    """Write one briefing pack per team (PDFs) into a folder."""
    from wargame.report import ReportError, write_briefings

    with _open_game(args.game, reading=True) as game:
        try:
            paths = write_briefings(game, Path(args.output), paper=args.paper)
        except ReportError as exc:
            raise CommandError(str(exc)) from None
    for path in paths:
        say(f"wrote {path}")
    return 0
