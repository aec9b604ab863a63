"""The record as tables: one per kind of record, the turn on every row, typed cells.

Both spreadsheet exports are written from these tables (CSV as one file per table, XLSX
as one sheet per table), so the two always hold the same rows and columns. Cells keep
their type — numbers stay numbers, times stay ``datetime`` — and the writer decides how
to spell them. Lists and mappings (a move's reasons, an audit line's details) are JSON
text. Every string cell a writer puts in a file goes through :func:`spreadsheet_cell`.

Records that carry their own turn (moves, adjudications, effects …) give it; the others
(rolls outside an adjudication, hot-wash findings, audit lines) get the turn that was
being played when they were written, found from the phases' times; ``0`` means before the
game started.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from wargame.game.views import GameRecord
from wargame.text import neutralise_cell

Cell = str | int | float | bool | dt.datetime | None
"""What a table cell may hold."""

PER_TURN = (
    "moves",
    "adjudications",
    "rolls",
    "injects",
    "effects",
    "observations",
    "findings",
    "audit",
    "counter_arguments",
    "notes",
    "facts",
    "assignments",
    "phases",
)
"""The tables whose every row has a ``turn`` (its first column)."""


@dataclass(frozen=True)
class RecordTable:
    """One kind of record as a table: a name, column names and rows of typed cells."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]

    @property
    def per_turn(self) -> bool:
        """Whether its first column is the turn."""
        return self.columns[:1] == ("turn",)


def spreadsheet_cell(value: Cell) -> Cell:
    """A cell as a spreadsheet may safely hold it: text is neutralised against formulas.

    Numbers, booleans, times and empty cells are returned as they are; text goes through
    :func:`wargame.text.neutralise_cell` (NUL dropped, a leading ``= + - @``, tab or
    carriage return prefixed with an apostrophe).
    """
    return neutralise_cell(value) if isinstance(value, str) else value


def record_tables(record: GameRecord) -> tuple[RecordTable, ...]:
    """Every kind of record of ``record`` as a table, the per-turn ones first."""
    turn_at = _TurnClock(record)
    return (
        _moves(record),
        _adjudications(record),
        _rolls(record, turn_at),
        _injects(record),
        _effects(record),
        _observations(record),
        _findings(record, turn_at),
        _audit(record, turn_at),
        _counters(record),
        _notes(record),
        _facts(record),
        _assignments(record),
        _phases(record),
        _participants(record),
    )


class _TurnClock:
    """The turn being played at a moment, from the phases' start times."""

    def __init__(self, record: GameRecord) -> None:
        phases = sorted(record.phases, key=lambda p: p.started_at)
        self._starts = [p.started_at for p in phases]
        self._turns = [p.turn for p in phases]

    def __call__(self, at: dt.datetime) -> int:
        index = bisect.bisect_right(self._starts, at)
        return self._turns[index - 1] if index else 0


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


Column = str | tuple[str, Callable[[Any], Cell]]
"""A column: the attribute of the same name, or a name and how to get its cell."""


def _table(name: str, items: Iterable[Any], columns: Sequence[Column]) -> RecordTable:
    """A table of ``items``, one row each, one cell per column."""
    names = tuple(c if isinstance(c, str) else c[0] for c in columns)
    cells = [operator.attrgetter(c) if isinstance(c, str) else c[1] for c in columns]
    return RecordTable(name, names, tuple(tuple(cell(item) for cell in cells) for item in items))


def _moves(record: GameRecord) -> RecordTable:
    reasons = ("reasons", lambda m: _json(list(m.reasons)))
    return _table(
        "moves",
        record.moves,
        (
            *("turn", "id", "team_id", "author", "title", "action", "intended_result"),
            reasons,
            *("visibility", "revealed", "status", "version", "created_at", "updated_at"),
            *("voided", "void_reason"),
        ),
    )


def _adjudications(record: GameRecord) -> RecordTable:
    return _table(
        "adjudications",
        record.adjudications,
        (
            *("turn", "id", "move_id", "method", "outcome", "narrative", "rationale"),
            "adjudicator",
            ("inputs", lambda a: _json(a.inputs)),
            ("rolls", lambda a: ", ".join(str(r.sequence) for r in a.rolls)),
            *("created_at", "voided", "void_reason"),
        ),
    )


def _rolls(record: GameRecord, turn_at: Callable[[dt.datetime], int]) -> RecordTable:
    turns = {a.id: a.turn for a in record.adjudications}
    return _table(
        "rolls",
        record.rolls,
        (
            ("turn", lambda r: turns.get(r.adjudication_id or -1, turn_at(r.created_at))),
            *("sequence", "purpose", "dice"),
            ("faces", lambda r: _json(list(r.faces))),
            *("total", "source", "adjudication_id", "created_at", "prev_hash", "hash"),
        ),
    )


def _injects(record: GameRecord) -> RecordTable:
    def audience(i: Any) -> str:
        return i.audience if isinstance(i.audience, str) else ", ".join(i.audience)

    return _table(
        "injects",
        record.injects,
        (
            *("turn", "id", "inject_id", "phase_id", "trigger", "title", "text"),
            ("audience", audience),
            *("released_by", "released_at", "voided"),
        ),
    )


def _effects(record: GameRecord) -> RecordTable:
    return _table(
        "effects",
        record.effects,
        (
            *("turn", "id", "phase_id", "kind", "target", "delta", "to_region"),
            ("before", lambda e: _scalar(e.before)),
            ("after", lambda e: _scalar(e.after)),
            *("reason", "adjudication_id", "inject_release_id", "author", "created_at"),
            "voided",
        ),
    )


def _scalar(value: Any) -> Cell:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return _json(value)


def _joined(attribute: str) -> Column:
    return (attribute, lambda item: ", ".join(getattr(item, attribute)))


def _observations(record: GameRecord) -> RecordTable:
    return _table(
        "observations",
        record.observations,
        (
            *("turn", "id", "move_id", "author", "text"),
            _joined("tags"),
            _joined("question_ids"),
            *("created_at", "voided"),
        ),
    )


def _findings(record: GameRecord, turn_at: Callable[[dt.datetime], int]) -> RecordTable:
    return _table(
        "findings",
        record.findings,
        (
            ("turn", lambda f: turn_at(f.created_at)),
            *("id", "kind", "text", "recommendation", "owner"),
            _joined("question_ids"),
            *("author", "created_at", "voided"),
        ),
    )


def _audit(record: GameRecord, turn_at: Callable[[dt.datetime], int]) -> RecordTable:
    return _table(
        "audit",
        record.audit,
        (
            ("turn", lambda a: turn_at(a.at)),
            *("id", "at", "actor", "action", "entity", "entity_id"),
            ("details", lambda a: _json(a.details)),
            "reason",
        ),
    )


def _counters(record: GameRecord) -> RecordTable:
    turns = {c.id: m.turn for m in record.moves for c in m.counters}
    return _table(
        "counter_arguments",
        [c for m in record.moves for c in m.counters],
        (
            ("turn", lambda c: turns[c.id]),
            *("id", "move_id", "author", "team_id", "text", "accepted", "created_at", "voided"),
        ),
    )


def _notes(record: GameRecord) -> RecordTable:
    columns = ("turn", "id", "author", "text", "created_at", "voided")
    return _table("notes", record.notes, columns)


def _facts(record: GameRecord) -> RecordTable:
    return _table(
        "facts",
        record.facts,
        (
            ("turn", operator.attrgetter("established_turn")),
            *("id", "text", "established_by_move_id", "established_by_adjudication_id"),
            *("ended_turn", "ended_by_move_id", "ended_by_adjudication_id"),
        ),
    )


def _assignments(record: GameRecord) -> RecordTable:
    return _table(
        "assignments",
        record.assignments,
        (
            ("turn", operator.attrgetter("from_turn")),
            *("participant_id", "participant", "team_id", "at", "by"),
        ),
    )


def _phases(record: GameRecord) -> RecordTable:
    columns = ("turn", "phase_id", "phase_name", "started_at", "ended_at")
    return _table("phases", record.phases, columns)


def _participants(record: GameRecord) -> RecordTable:
    return _table(
        "participants",
        record.participants,
        ("id", "name", ("role", lambda p: str(p.role)), "team_id", "has_pin", "voided"),
    )
