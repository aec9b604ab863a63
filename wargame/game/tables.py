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
from collections.abc import Callable, Sequence
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


def _table(name: str, columns: str, rows: Sequence[tuple[Cell, ...]]) -> RecordTable:
    return RecordTable(name, tuple(columns.split()), tuple(rows))


def _moves(record: GameRecord) -> RecordTable:
    return _table(
        "moves",
        "turn id team_id author title action intended_result reasons visibility revealed "
        "status version created_at updated_at voided void_reason",
        [
            (
                m.turn,
                m.id,
                m.team_id,
                m.author,
                m.title,
                m.action,
                m.intended_result,
                _json(list(m.reasons)),
                m.visibility,
                m.revealed,
                m.status,
                m.version,
                m.created_at,
                m.updated_at,
                m.voided,
                m.void_reason,
            )
            for m in record.moves
        ],
    )


def _adjudications(record: GameRecord) -> RecordTable:
    return _table(
        "adjudications",
        "turn id move_id method outcome narrative rationale adjudicator inputs rolls "
        "created_at voided void_reason",
        [
            (
                a.turn,
                a.id,
                a.move_id,
                a.method,
                a.outcome,
                a.narrative,
                a.rationale,
                a.adjudicator,
                _json(a.inputs),
                ", ".join(str(r.sequence) for r in a.rolls),
                a.created_at,
                a.voided,
                a.void_reason,
            )
            for a in record.adjudications
        ],
    )


def _rolls(record: GameRecord, turn_at: Callable[[dt.datetime], int]) -> RecordTable:
    turns = {a.id: a.turn for a in record.adjudications}
    return _table(
        "rolls",
        "turn sequence purpose dice faces total source adjudication_id created_at prev_hash hash",
        [
            (
                turns.get(r.adjudication_id or -1, turn_at(r.created_at)),
                r.sequence,
                r.purpose,
                r.dice,
                _json(list(r.faces)),
                r.total,
                r.source,
                r.adjudication_id,
                r.created_at,
                r.prev_hash,
                r.hash,
            )
            for r in record.rolls
        ],
    )


def _injects(record: GameRecord) -> RecordTable:
    return _table(
        "injects",
        "turn id inject_id phase_id trigger title text audience released_by released_at voided",
        [
            (
                i.turn,
                i.id,
                i.inject_id,
                i.phase_id,
                i.trigger,
                i.title,
                i.text,
                i.audience if isinstance(i.audience, str) else ", ".join(i.audience),
                i.released_by,
                i.released_at,
                i.voided,
            )
            for i in record.injects
        ],
    )


def _effects(record: GameRecord) -> RecordTable:
    return _table(
        "effects",
        "turn id phase_id kind target delta to_region before after reason adjudication_id "
        "inject_release_id author created_at voided",
        [
            (
                e.turn,
                e.id,
                e.phase_id,
                e.kind,
                e.target,
                e.delta,
                e.to_region,
                _scalar(e.before),
                _scalar(e.after),
                e.reason,
                e.adjudication_id,
                e.inject_release_id,
                e.author,
                e.created_at,
                e.voided,
            )
            for e in record.effects
        ],
    )


def _scalar(value: Any) -> Cell:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return _json(value)


def _observations(record: GameRecord) -> RecordTable:
    return _table(
        "observations",
        "turn id move_id author text tags question_ids created_at voided",
        [
            (
                o.turn,
                o.id,
                o.move_id,
                o.author,
                o.text,
                ", ".join(o.tags),
                ", ".join(o.question_ids),
                o.created_at,
                o.voided,
            )
            for o in record.observations
        ],
    )


def _findings(record: GameRecord, turn_at: Callable[[dt.datetime], int]) -> RecordTable:
    return _table(
        "findings",
        "turn id kind text recommendation owner question_ids author created_at voided",
        [
            (
                turn_at(f.created_at),
                f.id,
                f.kind,
                f.text,
                f.recommendation,
                f.owner,
                ", ".join(f.question_ids),
                f.author,
                f.created_at,
                f.voided,
            )
            for f in record.findings
        ],
    )


def _audit(record: GameRecord, turn_at: Callable[[dt.datetime], int]) -> RecordTable:
    return _table(
        "audit",
        "turn id at actor action entity entity_id details reason",
        [
            (
                turn_at(a.at),
                a.id,
                a.at,
                a.actor,
                a.action,
                a.entity,
                a.entity_id,
                _json(a.details),
                a.reason,
            )
            for a in record.audit
        ],
    )


def _counters(record: GameRecord) -> RecordTable:
    return _table(
        "counter_arguments",
        "turn id move_id author team_id text accepted created_at voided",
        [
            (
                m.turn,
                c.id,
                c.move_id,
                c.author,
                c.team_id,
                c.text,
                c.accepted,
                c.created_at,
                c.voided,
            )
            for m in record.moves
            for c in m.counters
        ],
    )


def _notes(record: GameRecord) -> RecordTable:
    return _table(
        "notes",
        "turn id author text created_at voided",
        [(n.turn, n.id, n.author, n.text, n.created_at, n.voided) for n in record.notes],
    )


def _facts(record: GameRecord) -> RecordTable:
    return _table(
        "facts",
        "turn id text established_by_move_id established_by_adjudication_id ended_turn "
        "ended_by_move_id ended_by_adjudication_id",
        [
            (
                f.established_turn,
                f.id,
                f.text,
                f.established_by_move_id,
                f.established_by_adjudication_id,
                f.ended_turn,
                f.ended_by_move_id,
                f.ended_by_adjudication_id,
            )
            for f in record.facts
        ],
    )


def _assignments(record: GameRecord) -> RecordTable:
    return _table(
        "assignments",
        "turn participant_id participant team_id at by",
        [
            (a.from_turn, a.participant_id, a.participant, a.team_id, a.at, a.by)
            for a in record.assignments
        ],
    )


def _phases(record: GameRecord) -> RecordTable:
    return _table(
        "phases",
        "turn phase_id phase_name started_at ended_at",
        [(p.turn, p.phase_id, p.phase_name, p.started_at, p.ended_at) for p in record.phases],
    )


def _participants(record: GameRecord) -> RecordTable:
    return _table(
        "participants",
        "id name role team_id has_pin voided",
        [(p.id, p.name, str(p.role), p.team_id, p.has_pin, p.voided) for p in record.participants],
    )
