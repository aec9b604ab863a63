"""What can be voided, and what a void takes with it: the one typed list undo is built on.

A correction never deletes: it voids a record (who, when, why) and the derived state forgets
it. :class:`VoidKind` is the list of records a facilitator may void, undo included: undoing
an action voids what it created (:func:`created_targets` reads that from its event), and
undoing a phase change voids the phase's record. :class:`VoidCascade` says what voiding one
record also voids or changes, so a dialog can show it before the facilitator confirms.

Undoing the start voids the first phase's record and returns the game to its setup; undoing
the addition of a participant voids them (as a removal does). Redoing the creation of a
record later actions point at (a participant, a move, an observation: see
:attr:`VoidKind.reinstatable`) reinstates the same record (:class:`ReinstateRequest`), so
the redo of an action built on it finds it again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from wargame.game.errors import InvalidInput
from wargame.game.events import GameEvent
from wargame.store.analysis_models import ITEM_KINDS

UNDO_REASON = "undone"
"""The reason recorded when the facilitator undoes an action."""


class VoidKind(StrEnum):
    """The kinds of record that can be voided (and so undone)."""

    MOVE = "move"
    COUNTER_ARGUMENT = "counter_argument"
    ADJUDICATION = "adjudication"
    EFFECT = "effect"
    INJECT = "inject"
    NOTE = "note"
    OBSERVATION = "observation"
    HOTWASH = "hotwash"
    PHASE = "phase"
    PARTICIPANT = "participant"
    EVIDENCE_LINK = "link"
    ANALYSIS_ITEM = "analysis_item"
    RATING = "rating"
    IMPROVEMENT = "improvement"
    ANNOTATION = "annotation"

    @classmethod
    def parse(cls, value: VoidKind | str) -> VoidKind:
        """The kind named by ``value``, or a one-sentence refusal listing the kinds."""
        try:
            return cls(value)
        except ValueError:
            known = ", ".join(sorted(k.value for k in cls))
            raise InvalidInput(f"'{value}' records cannot be voided (voidable: {known})") from None

    @classmethod
    def parse_analysis(cls, value: VoidKind | str) -> tuple[VoidKind, str | None]:
        """The analysts' kind named by ``value``, with the item kind when it names one.

        An insight or a recommendation (``"insight"``) is an :attr:`ANALYSIS_ITEM` of that
        kind; anything an analyst may not void gets a one-sentence refusal naming what they may.
        """
        if value in ITEM_KINDS:
            return cls.ANALYSIS_ITEM, str(value)
        try:
            kind = cls(value)
        except ValueError:
            kind = None
        if kind is None or not kind.analysts_void:
            known = ", ".join([*ITEM_KINDS, *(k.value for k in cls if k.analysts_void)])
            raise InvalidInput(f"'{value}' cannot be voided here; use {known}") from None
        return kind, None

    @property
    def analysts_void(self) -> bool:
        """Whether analysts (observers, the white cell) may void such records: their own work."""
        return self in _ANALYSTS_KINDS

    @property
    def table(self) -> str:
        """The table of the game record that holds this kind."""
        return _TABLES[self]

    @property
    def noun(self) -> str:
        """How a facilitator calls one such record."""
        return _NOUNS[self]

    @property
    def reinstatable(self) -> bool:
        """Whether redoing the record's undone creation reinstates it instead of repeating it.

        Later actions point at these records by id (a counter-argument at its move, an
        insight at its observations, a link at both ends), and a participant's name is
        unique: repeating the creation would make a new record the later redo does not know.
        Redo lifts the void that undo set instead, with the audit keeping both. Records whose
        void takes others along or changes the state of play (rulings, effects, injects,
        phase changes) and replacing rows (ratings, plan rows) are made again.
        """
        return self in _REINSTATABLE


_TABLES = {
    VoidKind.MOVE: "move",
    VoidKind.COUNTER_ARGUMENT: "counter_argument",
    VoidKind.ADJUDICATION: "adjudication",
    VoidKind.EFFECT: "effect",
    VoidKind.INJECT: "inject_release",
    VoidKind.NOTE: "note",
    VoidKind.OBSERVATION: "observation",
    VoidKind.HOTWASH: "hotwash_finding",
    VoidKind.PHASE: "phase_record",
    VoidKind.PARTICIPANT: "participant",
    VoidKind.EVIDENCE_LINK: "analysis_link",
    VoidKind.ANALYSIS_ITEM: "analysis_item",
    VoidKind.RATING: "hseep_rating",
    VoidKind.IMPROVEMENT: "improvement_action",
    VoidKind.ANNOTATION: "log_annotation",
}
_REINSTATABLE = frozenset(
    {
        VoidKind.PARTICIPANT,
        VoidKind.MOVE,
        VoidKind.COUNTER_ARGUMENT,
        VoidKind.NOTE,
        VoidKind.OBSERVATION,
        VoidKind.HOTWASH,
        VoidKind.EVIDENCE_LINK,
        VoidKind.ANALYSIS_ITEM,
        VoidKind.ANNOTATION,
    }
)
_ANALYSTS_KINDS = frozenset(
    {
        VoidKind.EVIDENCE_LINK,
        VoidKind.ANALYSIS_ITEM,
        VoidKind.RATING,
        VoidKind.IMPROVEMENT,
        VoidKind.ANNOTATION,
    }
)
_KINDS_BY_TABLE = {table: kind for kind, table in _TABLES.items()}
_NOUNS = {
    VoidKind.MOVE: "move",
    VoidKind.COUNTER_ARGUMENT: "counter-argument",
    VoidKind.ADJUDICATION: "adjudication",
    VoidKind.EFFECT: "effect",
    VoidKind.INJECT: "inject",
    VoidKind.NOTE: "note",
    VoidKind.OBSERVATION: "observation",
    VoidKind.HOTWASH: "hot-wash finding",
    VoidKind.PHASE: "phase change",
    VoidKind.PARTICIPANT: "participant",
    VoidKind.EVIDENCE_LINK: "evidence link",
    VoidKind.ANALYSIS_ITEM: "insight, finding or recommendation",
    VoidKind.RATING: "HSEEP rating",
    VoidKind.IMPROVEMENT: "corrective action",
    VoidKind.ANNOTATION: "annotation",
}


@dataclass(frozen=True)
class VoidTarget:
    """One record to void: its kind and id."""

    kind: VoidKind
    record_id: int


@dataclass(frozen=True)
class VoidRequest:
    """Void some records in one transaction, each with what it takes along, for one reason.

    Records already void are skipped (an earlier target's cascade may have voided them).
    """

    targets: tuple[VoidTarget, ...]
    reason: str = UNDO_REASON


@dataclass(frozen=True)
class ReinstateRequest:
    """Redo the undone creation of records (a participant, a move...): lift the void undo set.

    Only a void whose reason is :data:`UNDO_REASON` is lifted; any other is a correction.
    """

    targets: tuple[VoidTarget, ...]


@dataclass(frozen=True)
class VoidedItem:
    """A record a void takes along, described for the facilitator."""

    kind: VoidKind
    record_id: int
    description: str


@dataclass(frozen=True)
class VoidCascade:
    """What voiding a record voids or changes besides the record itself.

    Attributes:
        target: The record voided.
        voided: Effects, conditional injects and their effects voided with it, in order.
        red_lines_uncrossed: Names of red lines no longer crossed once these effects go.
        facts_ended: Facts the voided ruling established, which end with it.
        facts_restored: Facts the voided ruling had ended, in force again.
        phase_returns_to: For a phase change, the phase the game returns to.
    """

    target: VoidTarget
    voided: tuple[VoidedItem, ...] = ()
    red_lines_uncrossed: tuple[str, ...] = ()
    facts_ended: tuple[str, ...] = ()
    facts_restored: tuple[str, ...] = ()
    phase_returns_to: str = ""
    reinjectable: tuple[str, ...] = field(default=())
    """Titles of once-per-game injects whose release is voided: they can fire again."""

    @property
    def empty(self) -> bool:
        """True when the void takes nothing else along."""
        return not (
            self.voided or self.red_lines_uncrossed or self.facts_ended or self.facts_restored
        )

    def lines(self) -> list[str]:
        """One sentence per consequence, for a confirmation dialog or a log."""
        out = [f"Also voided: {item.description}." for item in self.voided]
        out += [f"Red line no longer crossed: {name}." for name in self.red_lines_uncrossed]
        out += [f"Fact no longer established: {text}." for text in self.facts_ended]
        out += [f"Fact in force again: {text}." for text in self.facts_restored]
        out += [f"Inject '{title}' can fire again." for title in self.reinjectable]
        if self.phase_returns_to:
            out.append(f"The game returns to {self.phase_returns_to}.")
        return out


def created_targets(events: Iterable[GameEvent]) -> tuple[VoidTarget, ...]:
    """What the use cases behind ``events`` created that can be voided, causes first.

    Undo voids these; each void's cascade takes along what the record set off (an
    adjudication's effects, the injects they fired), so only the voidable records count.
    """
    out: dict[VoidTarget, None] = {}
    for event in events:
        for table, record_id in event.created:
            kind = _KINDS_BY_TABLE.get(table)
            if kind is not None:
                out[VoidTarget(kind, record_id)] = None
    return tuple(sorted(out, key=lambda t: (_ORDER.index(t.kind), t.record_id)))


_ORDER = [
    VoidKind.ADJUDICATION,
    VoidKind.MOVE,
    VoidKind.COUNTER_ARGUMENT,
    VoidKind.NOTE,
    VoidKind.OBSERVATION,
    VoidKind.HOTWASH,
    VoidKind.INJECT,
    VoidKind.EFFECT,
    VoidKind.ANALYSIS_ITEM,
    VoidKind.EVIDENCE_LINK,
    VoidKind.RATING,
    VoidKind.IMPROVEMENT,
    VoidKind.ANNOTATION,
    VoidKind.PARTICIPANT,
    VoidKind.PHASE,
]
"""Void order: what sets things off first, so its cascade takes the rest along; a phase
change last, once what entering the phase set off (conditional injects) is void."""
