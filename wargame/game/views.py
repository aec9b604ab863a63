"""Read models: plain, frozen values that views, reports and exports are built from.

Nothing here is an ORM object: a read model can cross threads and outlive its session.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` and the noun, singular or plural: "1 move", "3 moves", "2 people"."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


class Role(StrEnum):
    """What a participant does in the game."""

    FACILITATOR = "facilitator"
    PLAYER = "player"
    OBSERVER = "observer"


class Audience(StrEnum):
    """Who a query answers for; decides what is visible."""

    FACILITATOR = "facilitator"
    TEAM = "team"
    OBSERVER = "observer"
    PUBLIC = "public"


@dataclass(frozen=True)
class Viewer:
    """The person (or screen) a query answers for.

    A team member sees their own team's sealed moves; everyone sees revealed ones; only
    the facilitator sees every sealed move and the notes. ``PUBLIC`` is the room's
    projector: revealed things only, no notes, no observations.
    """

    audience: Audience
    team_id: str | None = None
    participant_id: int | None = None

    @classmethod
    def facilitator(cls, participant_id: int | None = None) -> Viewer:
        """The white cell's view: everything."""
        return cls(Audience.FACILITATOR, participant_id=participant_id)

    @classmethod
    def team(cls, team_id: str, participant_id: int | None = None) -> Viewer:
        """A team member's view."""
        return cls(Audience.TEAM, team_id=team_id, participant_id=participant_id)

    @classmethod
    def observer(cls, participant_id: int | None = None) -> Viewer:
        """An observer's or analyst's view."""
        return cls(Audience.OBSERVER, participant_id=participant_id)

    @classmethod
    def public(cls) -> Viewer:
        """The projector's view."""
        return cls(Audience.PUBLIC)


@dataclass(frozen=True)
class ParticipantView:
    """A participant and the team they play now."""

    id: int
    name: str
    role: Role
    team_id: str | None
    has_pin: bool
    """Whether they have a PIN; always False in a game opened with a shared game's team role."""
    voided: bool
    next_team_id: str | None = None
    """The team they play from next turn: another than :attr:`team_id` while a move waits."""


@dataclass(frozen=True)
class AssignmentView:
    """One entry of a participant's team history."""

    participant_id: int
    participant: str
    team_id: str | None
    from_turn: int
    at: dt.datetime
    by: str | None


@dataclass(frozen=True)
class PhaseView:
    """A phase as played, with wall-clock start and end."""

    turn: int
    phase_id: str
    phase_name: str
    started_at: dt.datetime
    ended_at: dt.datetime | None


@dataclass(frozen=True)
class CounterView:
    """A counter-argument against a move."""

    id: int
    move_id: int
    author: str
    team_id: str | None
    text: str
    accepted: bool | None
    created_at: dt.datetime
    voided: bool


@dataclass(frozen=True)
class MoveView:
    """A team's move as the viewer may see it."""

    id: int
    turn: int
    team_id: str
    author: str
    title: str
    action: str
    intended_result: str
    reasons: tuple[str, ...]
    visibility: str
    revealed: bool
    status: str
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    voided: bool
    void_reason: str | None
    counters: tuple[CounterView, ...] = ()
    revealed_at: dt.datetime | None = None
    """When the facilitator revealed it (None: sealed, or public from the start)."""

    @property
    def sealed(self) -> bool:
        """True while other teams may not see it."""
        return self.visibility == "secret" and not self.revealed


@dataclass(frozen=True)
class RollView:
    """One roll of the dice, with its place in the hash chain."""

    sequence: int
    purpose: str
    dice: str
    faces: tuple[int, ...]
    source: str
    adjudication_id: int | None
    created_at: dt.datetime
    prev_hash: str
    hash: str

    @property
    def total(self) -> int:
        """Sum of the faces."""
        return sum(self.faces)


@dataclass(frozen=True)
class EffectView:
    """A change to a track or unit, with its before and after values."""

    id: int
    turn: int
    phase_id: str | None
    kind: str
    target: str
    delta: int | None
    to_region: str | None
    before: Any
    after: Any
    reason: str
    adjudication_id: int | None
    inject_release_id: int | None
    author: str
    created_at: dt.datetime
    voided: bool
    void_reason: str | None = None


@dataclass(frozen=True)
class AdjudicationView:
    """An umpire's ruling: method, inputs, rolls, outcome, narrative and effects."""

    id: int
    turn: int
    move_id: int | None
    method: str
    inputs: dict[str, Any]
    outcome: str
    narrative: str
    rationale: str
    adjudicator: str
    created_at: dt.datetime
    voided: bool
    void_reason: str | None
    rolls: tuple[RollView, ...] = ()
    effects: tuple[EffectView, ...] = ()


@dataclass(frozen=True)
class InjectView:
    """A released inject (scheduled, conditional or ad hoc)."""

    id: int
    inject_id: str | None
    trigger: str
    title: str
    text: str
    audience: tuple[str, ...] | str
    turn: int
    phase_id: str | None
    released_by: str
    released_at: dt.datetime
    voided: bool
    void_reason: str | None = None


@dataclass(frozen=True)
class NoteView:
    """A facilitator's note."""

    id: int
    turn: int
    author: str
    text: str
    created_at: dt.datetime
    voided: bool
    void_reason: str | None = None


@dataclass(frozen=True)
class ObservationView:
    """An analyst's observation, tagged and linked to questions."""

    id: int
    turn: int
    move_id: int | None
    author: str
    text: str
    tags: tuple[str, ...]
    question_ids: tuple[str, ...]
    created_at: dt.datetime
    voided: bool
    void_reason: str | None = None


@dataclass(frozen=True)
class FactView:
    """An established fact of a matrix game and what established and ended it."""

    id: int
    text: str
    established_turn: int
    established_by_move_id: int | None
    established_by_adjudication_id: int | None
    ended_turn: int | None
    ended_by_move_id: int | None
    ended_by_adjudication_id: int | None

    @property
    def in_force(self) -> bool:
        """True until another argument ends it."""
        return self.ended_turn is None


@dataclass(frozen=True)
class FindingView:
    """A hot-wash finding (strength, area for improvement, or general finding)."""

    id: int
    kind: str
    text: str
    recommendation: str | None
    owner: str | None
    question_ids: tuple[str, ...]
    author: str
    created_at: dt.datetime
    voided: bool


@dataclass(frozen=True)
class AuditView:
    """One line of the audit trail."""

    id: int
    at: dt.datetime
    actor: str
    action: str
    entity: str
    entity_id: int | None
    details: dict[str, Any]
    reason: str | None


@dataclass(frozen=True)
class TrackView:
    """A track's value at a point of the game and its history by turn."""

    id: str
    name: str
    value: int
    min: int
    max: int
    rung_level: int | None
    rung_name: str | None
    history: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class UnitView:
    """Where a unit stands and how strong it is."""

    id: str
    name: str
    owner: str
    type: str
    region: str
    strength: int


@dataclass(frozen=True)
class RedLineView:
    """A declared red line and whether (and when) it has been crossed."""

    id: str
    name: str
    declared_by: str
    crossed: bool
    first_crossed_turn: int | None


@dataclass(frozen=True)
class StateView:
    """The state of the world at the end of a turn (or now), derived from the record."""

    turn: int
    tracks: tuple[TrackView, ...]
    units: tuple[UnitView, ...]
    red_lines: tuple[RedLineView, ...]
    facts: tuple[str, ...] = ()
    """The ids of the scenario's facts established, in the scenario's order."""

    def track(self, track_id: str) -> TrackView:
        """The track with this id."""
        return next(t for t in self.tracks if t.id == track_id)

    def unit(self, unit_id: str) -> UnitView:
        """The unit with this id."""
        return next(u for u in self.units if u.id == unit_id)


@dataclass(frozen=True)
class GameSummary:
    """The game's identity and where it stands."""

    uid: str
    title: str
    scenario_id: str
    scenario_title: str
    scenario_sha256: str
    seed: int | None
    """The digital dice's seed; None in a game opened with a shared game's team role."""
    status: str
    turn: int
    phase_id: str | None
    phase_name: str | None
    created_at: dt.datetime
    started_at: dt.datetime | None
    ended_at: dt.datetime | None
    executive_summary: str | None
    facilitator: str | None
    seed_sha256: str | None = None
    """SHA-256 of the seed's decimal digits: the dice's commitment, readable by everyone."""
    fingerprint: FingerprintView | None = None
    """The record's fingerprint at the end of the last turn that has ended (None before
    the end of turn 1, and for a shared game's team)."""

    def witness(self) -> str:
        """What the room should note outside the file: the last fingerprint, the commitment.

        ``Record fingerprint, end of turn 2: 7F3A-91C2-0B4D · dice commitment 6b86…``, or an
        empty string when there is neither.
        """
        parts = []
        if self.fingerprint is not None:
            parts.append(
                f"Record fingerprint, end of turn {self.fingerprint.turn}: "
                f"{self.fingerprint.fingerprint}"
            )
        if self.seed_sha256:
            parts.append(f"dice commitment SHA-256 {self.seed_sha256[:16]}…")
        return " · ".join(parts)


@dataclass(frozen=True)
class ChainCheck:
    """Result of checking the record's hash chain and, inside it, the dice's own chain.

    Attributes:
        ok: no problem found (and the expected fingerprint, if one was given, is in it).
        rolls: how many rolls were checked.
        problems: one sentence each: which record and which action no longer match.
        actions: how many committed actions (links of the record's chain) were checked;
            0 when the viewer may not read the chain (a shared game's team).
        rerolls: ``(voided roll, new roll)`` sequence numbers: a ruling voided and the
            same move adjudicated again.
        fingerprint: the head of the chain now, as a fingerprint (``7F3A-91C2-0B4D``).
        expected: the fingerprint asked for with ``--expect``, and the action it is the
            head of (``None`` when it is not in the record).
    """

    ok: bool
    rolls: int
    problems: tuple[str, ...]
    actions: int = 0
    rerolls: tuple[tuple[int, int], ...] = ()
    fingerprint: str | None = None
    expected: tuple[str, FingerprintView | None] | None = None

    def rerolls_text(self) -> str:
        """``#6 voided and re-rolled as #7; …``, or an empty string."""
        return "; ".join(f"#{old} voided and re-rolled as #{new}" for old, new in self.rerolls)

    def summary(self) -> str:
        """One sentence: verified, or what is wrong."""
        rolls = counted(self.rolls, "roll")
        if self.rerolls:
            rolls += f"; {self.rerolls_text()}"
        if self.ok:
            if self.actions:
                text = (
                    f"All {counted(self.actions, 'action')} and {rolls} verified: every "
                    "record matches the hash chain, and the dice chain is intact"
                )
            else:
                text = f"All {rolls} verified: the hash chain is intact and unbroken"
            if self.expected is not None and self.expected[1] is not None:
                head = self.expected[1]
                text += (
                    f"; the record extends fingerprint {head.fingerprint} "
                    f"(action #{head.sequence}, turn {head.turn})"
                )
            return text + "."
        found = counted(len(self.problems), "problem")
        return f"{found} in {rolls}: " + "; ".join(self.problems)


@dataclass(frozen=True)
class FingerprintView:
    """The head of the record's chain after one action, as a short fingerprint.

    A turn's fingerprint is the head after the last action of that turn. Printed or shown
    outside the file, it lets ``wargame verify GAME --expect FINGERPRINT`` prove that the
    record still extends it.
    """

    turn: int
    sequence: int
    fingerprint: str
    at: dt.datetime


@dataclass(frozen=True)
class GameRecord:
    """Everything a viewer may see of a game, for reports and exports."""

    summary: GameSummary
    viewer: Viewer
    participants: tuple[ParticipantView, ...]
    assignments: tuple[AssignmentView, ...]
    phases: tuple[PhaseView, ...]
    moves: tuple[MoveView, ...]
    adjudications: tuple[AdjudicationView, ...]
    rolls: tuple[RollView, ...]
    effects: tuple[EffectView, ...]
    injects: tuple[InjectView, ...]
    notes: tuple[NoteView, ...]
    observations: tuple[ObservationView, ...]
    facts: tuple[FactView, ...]
    findings: tuple[FindingView, ...]
    audit: tuple[AuditView, ...]
    states: tuple[StateView, ...] = field(default=())
    chain: ChainCheck | None = None
    fingerprints: tuple[FingerprintView, ...] = ()
    """The record's fingerprint at the end of each turn that has ended (none for a team)."""
