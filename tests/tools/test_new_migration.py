"""The developer tool that writes a new migration from the models (tools/new_migration.py)."""

from __future__ import annotations

import importlib.resources
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, Table, Text

from tools import new_migration
from wargame.store.migrate import head_revision
from wargame.store.models import Base


@pytest.fixture
def location(tmp_path: Path) -> str:
    """A copy of the shipped migrations, so the tool writes into a throwaway folder."""
    shipped = importlib.resources.files("wargame.store") / "migrations"
    target = tmp_path / "migrations"
    with importlib.resources.as_file(shipped) as source:
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
    return str(target)


@pytest.fixture
def extra_table() -> Iterator[Table]:
    """A table the models gain for one test, as a developer's change to models.py would."""
    table = Table("scratch_note", Base.metadata, Column("id", Integer, primary_key=True))
    table.append_column(Column("body", Text, nullable=False))
    yield table
    Base.metadata.remove(table)


def _next_id() -> str:
    return f"{int(head_revision()) + 1:04d}"


def test_a_model_change_becomes_a_revision_on_the_head(
    location: str, extra_table: Table, capsys: pytest.CaptureFixture[str]
) -> None:
    rev = _next_id()
    assert new_migration.main([rev, "scratch notes", "--script-location", location]) == 0
    written = Path(capsys.readouterr().out.strip().splitlines()[-1])
    assert written.parent == Path(location) / "versions"
    assert written.name == f"{rev}_scratch_notes.py"
    source = written.read_text()
    assert f"Revises: {head_revision()}\n" in source
    assert "create_table('scratch_note'" in source
    assert "sa.Column('body', sa.Text(), nullable=False)" in source


def test_with_no_model_change_the_revision_is_empty(location: str) -> None:
    written = new_migration.new_revision(_next_id(), "nothing", script_location=location)
    source = written.read_text()
    assert "create_table" not in source
    assert "op." not in source


def _revision_files(location: str) -> list[str]:
    """The revision scripts in ``location`` (not the byte code Alembic leaves beside them)."""
    return sorted(p.name for p in (Path(location) / "versions").glob("*.py"))


def test_a_taken_or_malformed_revision_id_is_refused(
    location: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _revision_files(location)
    assert new_migration.main([head_revision(), "again", "--script-location", location]) == 2
    assert f"'{head_revision()}' is taken" in capsys.readouterr().err
    assert new_migration.main(["2", "short", "--script-location", location]) == 2
    assert "'2' is not four digits" in capsys.readouterr().err
    assert _revision_files(location) == before
