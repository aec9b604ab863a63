"""The phase timer kept in the record, so reopening a game finds it where it was.

The desktop counts the seconds; the record keeps each start, pause or extension as an audit
line ``timer.set`` with the phase, the time box, the seconds spent and whether it was
running. :func:`timer_now` reads the last one back for the current phase, adding the time
that passed while the game was closed if the timer was running.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PhaseTimer:
    """The phase timer of one phase.

    Attributes:
        turn / phase_id: The phase it times.
        budget: The time box in seconds (None: none).
        spent: Seconds counted so far.
        running: Whether it was counting when saved.
        saved_at: When it was saved (UTC).
    """

    turn: int
    phase_id: str
    budget: int | None
    spent: float
    running: bool
    saved_at: dt.datetime

    def details(self) -> dict[str, Any]:
        """As the audit line keeps it."""
        return {
            "turn": self.turn,
            "phase": self.phase_id,
            "budget": self.budget,
            "spent": round(self.spent, 1),
            "running": self.running,
            "saved_at": self.saved_at.isoformat(),
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
            )
        except (KeyError, TypeError, ValueError):
            return None

    def spent_at(self, now: dt.datetime) -> float:
        """Seconds spent by ``now`` (a running timer kept counting while the game was shut)."""
        if not self.running:
            return self.spent
        return self.spent + max(0.0, (now - self.saved_at).total_seconds())
