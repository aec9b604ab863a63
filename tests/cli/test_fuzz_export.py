"""Hypothesis: any text a use case accepts can be exported: JSON, CSV and XLSX are written
and read back with the text intact (formula-like cells aside), and nothing escapes but the
project's own errors.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wargame.cli.spreadsheets import write_csv_tables, write_xlsx
from wargame.game import Game, InvalidInput, JoinRequest, Viewer
from wargame.game.tables import record_tables
from wargame.scenario import load_scenario

REPO = Path(__file__).resolve().parents[2]
ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=()), min_size=1, max_size=80)
BOUNDED = settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def game(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Game]:
    path = tmp_path_factory.mktemp("fuzz") / "game.wargame"
    with Game.create(path, load_scenario(REPO / "scenarios" / "tutorial.yaml"), seed=6) as g:
        fac = g.queries().participants()[0].id
        g.join(fac, JoinRequest(name="Alice", role="player", team_id="blue"))
        g.join(fac, JoinRequest(name="Bob", role="player", team_id="red"))
        g.start(fac)
        yield g


@pytest.mark.slow
@BOUNDED
@given(ANY_TEXT)
def test_any_accepted_note_is_exported(tmp_path: Path, game: Game, text: str) -> None:
    fac = game.queries().participants()[0].id
    try:
        note_id = game.note(fac, text)
    except InvalidInput as refused:
        assert str(refused)
        return
    record = game.queries().record(Viewer.facilitator())
    stored = next(n.text for n in record.notes if n.id == note_id)
    tables = record_tables(record)
    write_csv_tables(tables, tmp_path / "csv")
    write_xlsx(tables, tmp_path / "record.xlsx")
    with (tmp_path / "csv" / "notes.csv").open(encoding="utf-8", newline="") as f:
        cells = {row["id"]: row["text"] for row in csv.DictReader(f)}
    written = stored.replace("\x00", "")  # NUL is dropped; a formula-like cell gains one "'"
    assert cells[str(note_id)] in (written, "'" + written)
    sheet = openpyxl.load_workbook(tmp_path / "record.xlsx")["notes"]
    ids = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert note_id in ids
    assert json.loads(json.dumps(stored)) == stored
