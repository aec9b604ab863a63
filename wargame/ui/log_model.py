"""The game log as a Qt model: every record of the game, one row each, filterable.

:func:`log_entries` flattens the read models (phases, moves, counter-arguments,
adjudications, effects and inject effects left out, injects, notes, observations, hot-wash
findings) into
:class:`LogEntry` rows with their texts worked out once; :class:`LogModel` shows them
and filters by turn, team, kind and text in plain Python, so a log of ten thousand
entries filters in a few milliseconds and ``data()`` only indexes a tuple.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from typing_extensions import override

from wargame.game.skips import SkippedEffectView
from wargame.game.views import (
    AdjudicationView,
    EffectView,
    FindingView,
    InjectView,
    MoveView,
    NoteView,
    ObservationView,
    PhaseView,
    counted,
)
from wargame.ui.theme import VOID_TEXT, readable

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 2
"""The role under which a row's :class:`LogEntry` is returned."""

KINDS: dict[str, str] = {
    "phase": "Phase",
    "move": "Move",
    "reveal": "Reveal",
    "counter": "Counter-argument",
    "adjudication": "Adjudication",
    "effect": "Effect",
    "skip": "Effect left out",
    "inject": "Inject",
    "note": "Note",
    "observation": "Observation",
    "finding": "Hot-wash finding",
}
"""Kinds of log entry and their names in the filter."""

VOID_KINDS = {
    "move": "move",
    "counter": "counter_argument",
    "adjudication": "adjudication",
    "effect": "effect",
    "inject": "inject",
    "note": "note",
    "observation": "observation",
    "finding": "hotwash",
}
"""The service's void kind for each kind of entry that can be voided."""

COLUMNS = ("Turn", "Time", "Kind", "Team", "What", "By")


@dataclass(frozen=True)
class LogEntry:
    """One row of the log, with its display texts computed once."""

    turn: int
    at: dt.datetime
    kind: str
    record_id: int
    what: str
    author: str = ""
    teams: tuple[str, ...] = ()
    team_label: str = ""
    voided: bool = False
    detail: str = ""
    cells: tuple[str, ...] = field(default=(), compare=False)
    haystack: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.cells:
            cells = (
                str(self.turn) if self.turn else "—",
                self.at.astimezone().strftime("%H:%M:%S"),
                KINDS.get(self.kind, self.kind),
                self.team_label,
                self.what + (" (void)" if self.voided else ""),
                self.author,
            )
            object.__setattr__(self, "cells", cells)
        if not self.haystack:
            text = " ".join((*self.cells, self.detail)).casefold()
            object.__setattr__(self, "haystack", text)

    @property
    def void_kind(self) -> str | None:
        """The service's kind to void this entry with, or None if it cannot be voided."""
        return VOID_KINDS.get(self.kind)

    @property
    def amendable(self) -> bool:
        """True for a move that is not void (amend = void and supersede)."""
        return self.kind == "move" and not self.voided


@dataclass(frozen=True)
class LogFilter:
    """Which entries the log shows; ``None`` means any."""

    turn: int | None = None
    team: str | None = None
    kind: str | None = None
    text: str = ""
    show_void: bool = True

    def accepts(self, entry: LogEntry) -> bool:
        """Whether an entry passes the filter."""
        if self.turn is not None and entry.turn != self.turn:
            return False
        if self.team is not None and self.team not in entry.teams:
            return False
        if self.kind is not None and entry.kind != self.kind:
            return False
        if not self.show_void and entry.voided:
            return False
        return not self.text or self.text.casefold() in entry.haystack


def log_entries(
    *,
    team_name: Callable[[str | None], str],
    name_of: Callable[[str], str] = str,
    phases: Iterable[PhaseView] = (),
    moves: Iterable[MoveView] = (),
    adjudications: Iterable[AdjudicationView] = (),
    effects: Iterable[EffectView] = (),
    injects: Iterable[InjectView] = (),
    notes: Iterable[NoteView] = (),
    observations: Iterable[ObservationView] = (),
    findings: Iterable[FindingView] = (),
    skipped: Iterable[SkippedEffectView] = (),
) -> list[LogEntry]:
    """Flatten a game's read models into log entries, in order of turn and time.

    Args:
        team_name: A team's display name from its id.
        name_of: The display name of a track, unit or region from its id.
        phases: Phases played.
        moves: Moves, with their counter-arguments.
        adjudications: Adjudications, with their rolls.
        effects: Effects on tracks and units.
        injects: Released injects.
        notes: Facilitator's notes.
        observations: Observations.
        findings: Hot-wash findings.
        skipped: Inject effects left out because they no longer applied (white cell only).
    """
    out: list[LogEntry] = []
    moves = tuple(moves)
    for p in phases:
        out.append(LogEntry(p.turn, p.started_at, "phase", 0, f"{p.phase_name} began"))
    out += _move_entries(moves, team_name)
    move_team = {mv.id: mv.team_id for mv in moves}
    out += _reveals(moves, team_name)
    out += _ruling_entries(adjudications, effects, move_team, team_name, name_of)
    for i in injects:
        teams = () if i.audience == "all" else tuple(i.audience)
        label = "All teams" if i.audience == "all" else ", ".join(team_name(t) for t in teams)
        out.append(
            LogEntry(
                i.turn,
                i.released_at,
                "inject",
                i.id,
                f"{i.title} ({i.trigger})",
                i.released_by,
                teams,
                label,
                i.voided,
                i.text,
            )
        )
    for k in skipped:
        source = f" ({k.reason})" if k.reason else ""
        what = f"Effect on {name_of(k.target)} left out{source}: {k.why}"
        out.append(LogEntry(k.turn, k.at, "skip", k.release_id or 0, what))
    for n in notes:
        out.append(LogEntry(n.turn, n.created_at, "note", n.id, n.text, n.author, voided=n.voided))
    for o in observations:
        tags = " ".join(f"#{t}" for t in o.tags)
        out.append(
            LogEntry(
                o.turn,
                o.created_at,
                "observation",
                o.id,
                f"{o.text} {tags}".strip(),
                o.author,
                voided=o.voided,
            )
        )
    for h in findings:
        out.append(
            LogEntry(
                0, h.created_at, "finding", h.id, f"{h.kind}: {h.text}", h.author, voided=h.voided
            )
        )
    order = {kind: i for i, kind in enumerate(KINDS)}
    out.sort(key=lambda e: (e.turn if e.kind != "finding" else 1_000_000, e.at, order[e.kind]))
    return out


Index = QModelIndex | QPersistentModelIndex


class LogModel(QAbstractTableModel):
    """Log entries, filtered; ``data()`` only indexes precomputed tuples."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[LogEntry] = []
        self._shown: list[LogEntry] = []
        self._filter = LogFilter()
        self._void_font = QFont()
        self._void_font.setStrikeOut(True)

    def set_entries(self, entries: Sequence[LogEntry]) -> None:
        """Replace every entry (the filter stays)."""
        self.beginResetModel()
        self._all = list(entries)
        self._shown = [e for e in self._all if self._filter.accepts(e)]
        self.endResetModel()

    def set_filter(self, log_filter: LogFilter) -> None:
        """Show only the entries the filter accepts."""
        self.beginResetModel()
        self._filter = log_filter
        self._shown = [e for e in self._all if log_filter.accepts(e)]
        self.endResetModel()

    @property
    def log_filter(self) -> LogFilter:
        """The filter in force."""
        return self._filter

    def entry(self, row: int) -> LogEntry:
        """The entry shown in a row."""
        return self._shown[row]

    def entries(self) -> list[LogEntry]:
        """The entries shown."""
        return list(self._shown)

    def total(self) -> int:
        """How many entries there are before filtering."""
        return len(self._all)

    @override
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Entries shown."""
        return 0 if parent.isValid() else len(self._shown)

    @override
    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Turn, time, kind, team, what, by."""
        return 0 if parent.isValid() else len(COLUMNS)

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The precomputed text, or the voided look."""
        if role == Qt.ItemDataRole.DisplayRole:
            return self._shown[index.row()].cells[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole:
            return readable(VOID_TEXT) if self._shown[index.row()].voided else None
        if role == Qt.ItemDataRole.FontRole:
            return self._void_font if self._shown[index.row()].voided else None
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 4:
            entry = self._shown[index.row()]
            return entry.what + (f"\n\n{entry.detail}" if entry.detail else "")
        if role == ENTRY_ROLE:
            return self._shown[index.row()]
        return None


def _reveals(moves: Iterable[MoveView], team_name: Callable[[str | None], str]) -> list[LogEntry]:
    """One entry per reveal: the moves it opened to every team, with their teams."""
    revealed: dict[tuple[int, dt.datetime], list[MoveView]] = {}
    for mv in moves:
        if mv.revealed_at is not None:
            revealed.setdefault((mv.turn, mv.revealed_at), []).append(mv)
    out = []
    for (turn, at), group in sorted(revealed.items()):
        teams = tuple(dict.fromkeys(mv.team_id for mv in group))
        titles = ", ".join(f"#{mv.id} {mv.title}" for mv in group)
        out.append(
            LogEntry(
                turn,
                at,
                "reveal",
                0,
                f"{counted(len(group), 'move')} revealed: {titles}",
                "",
                teams,
                ", ".join(team_name(t) for t in teams),
            )
        )
    return out


def _move_entries(
    moves: Iterable[MoveView], team_name: Callable[[str | None], str]
) -> list[LogEntry]:
    """One entry per move and per counter-argument against it."""
    out: list[LogEntry] = []
    for mv in moves:
        seal = " [sealed]" if mv.sealed else ""
        status = " [withdrawn]" if mv.status == "withdrawn" else ""
        out.append(
            LogEntry(
                mv.turn,
                mv.created_at,
                "move",
                mv.id,
                f"#{mv.id} {mv.title}{seal}{status}",
                mv.author,
                (mv.team_id,),
                team_name(mv.team_id),
                mv.voided,
                f"{mv.action} {mv.intended_result} {' '.join(mv.reasons)}",
            )
        )
        for c in mv.counters:
            teams = tuple(t for t in (c.team_id, mv.team_id) if t is not None)
            out.append(
                LogEntry(
                    mv.turn,
                    c.created_at,
                    "counter",
                    c.id,
                    f"against #{mv.id}: {c.text}",
                    c.author,
                    teams,
                    team_name(c.team_id),
                    c.voided,
                )
            )
    return out


def _ruling_entries(
    adjudications: Iterable[AdjudicationView],
    effects: Iterable[EffectView],
    move_team: dict[int, str],
    team_name: Callable[[str | None], str],
    name_of: Callable[[str], str],
) -> list[LogEntry]:
    """One entry per adjudication and per effect, with the team of the move judged."""
    out: list[LogEntry] = []
    adjudication_team: dict[int, str] = {}
    for a in adjudications:
        team = move_team.get(a.move_id) if a.move_id is not None else None
        if team is not None:
            adjudication_team[a.id] = team
        target = f"move #{a.move_id}" if a.move_id is not None else "open question"
        dice = ", ".join(f"{r.dice}: {'+'.join(map(str, r.faces))}" for r in a.rolls)
        out.append(
            LogEntry(
                a.turn,
                a.created_at,
                "adjudication",
                a.id,
                f"#{a.id} {target} by {a.method}: {a.outcome}" + (f" ({dice})" if dice else ""),
                a.adjudicator,
                (team,) if team else (),
                team_name(team) if team else "",
                a.voided,
                f"{a.narrative} {a.rationale}",
            )
        )
    for e in effects:
        team = adjudication_team.get(e.adjudication_id) if e.adjudication_id else None
        if e.kind == "unit_move":
            change = f"{name_of(str(e.before))} → {name_of(str(e.to_region))}"
        elif e.kind == "unit_strength":
            change = f"strength {e.before} → {e.after}"
        elif e.kind == "unit_create":
            change = f"appears in {name_of(str(e.after))}"
        elif e.kind == "unit_remove":
            change = f"leaves the map (was in {name_of(str(e.before))})"
        elif e.kind in ("fact_establish", "fact_retract"):
            change = "established" if e.kind == "fact_establish" else "retracted"
        else:
            change = f"{e.before} → {e.after}"
        out.append(
            LogEntry(
                e.turn,
                e.created_at,
                "effect",
                e.id,
                f"{name_of(e.target)}: {change} — {e.reason}",
                e.author,
                (team,) if team else (),
                team_name(team) if team else "",
                e.voided,
            )
        )
    return out
