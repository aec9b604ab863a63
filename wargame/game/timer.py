"""The phase timer kept in the record, so reopening a game finds it where it was.

The desktop counts the seconds; the record keeps each start, pause or extension as an audit
line ``timer.set`` with the phase, the time box, the seconds spent, whether it was
running and what caused the line (:data:`TIMER_CAUSES`: a start, a pause, an extension, or
the undo or redo of one, which puts back the state before or after it).
``Game.phase_timer`` reads the last one back for the current phase, adding the time that
passed while the game was closed if the timer was running.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

TIMER_ACTIONS = ("start", "pause", "extend")
"""What a facilitator does to the timer, each one step on the undo stack."""

TIMER_CAUSES = frozenset(
    ("set", *TIMER_ACTIONS, *(f"{step} {a}" for step in ("undo", "redo") for a in TIMER_ACTIONS))
)
"""What an audit line ``timer.set`` may say caused it ("set": a line from before causes)."""


@dataclass(frozen=True)
class PhaseTimer:
    """The phase timer of one phase.

    Attributes:
        turn / phase_id: The phase it times.
        budget: The time box in seconds (None: none).
        spent: Seconds counted so far.
        running: Whether it was counting when saved.
        saved_at: When it was saved (UTC).
        cause: What made this state (one of :data:`TIMER_CAUSES`).
    """

    turn: int
    phase_id: str
    budget: int | None
    spent: float
    running: bool
    saved_at: dt.datetime
    cause: str = "set"

    def details(self) -> dict[str, Any]:
        """As the audit line keeps it."""
        return {
            "turn": self.turn,
            "phase": self.phase_id,
            "budget": self.budget,
            "spent": round(self.spent, 1),
            "running": self.running,
            "saved_at": self.saved_at.isoformat(),
            "cause": self.cause,
        }

    @classmethod
    def from_details(cls, details: dict[str, Any]) -> PhaseTimer | None:
        """Read an audit line back; None if it is not a timer's."""
        try:
            budget = details["budget"]
            return cls(
                int(details["turn"]),
                str(details["phase"]),
                None if budget is None else int(budget),
                float(details["spent"]),
                bool(details["running"]),
                dt.datetime.fromisoformat(str(details["saved_at"])),
                str(details.get("cause", "set")),
            )
        except (KeyError, TypeError, ValueError):
            return None

    def spent_at(self, now: dt.datetime) -> float:
        """Seconds spent by ``now`` (a running timer kept counting while the game was shut)."""
        if not self.running:
            return self.spent
        return self.spent + max(0.0, (now - self.saved_at).total_seconds())

    def at(self, now: dt.datetime, cause: str) -> PhaseTimer:
        """The same timer as it stands at ``now``, saved for ``cause`` (an undo or redo).

        A paused timer comes back exactly; a running one comes back running, having counted
        the time since it was saved, as if the step undone or redone had never been taken.
        """
        return dataclasses.replace(self, spent=self.spent_at(now), saved_at=now, cause=cause)
