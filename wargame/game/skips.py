"""Inject effects left out because they could no longer apply, as the log and report show them.

An inject that fires by itself cannot be refused, so an effect of it that no longer applies
(a reinforcement the white cell already placed by hand) is left out and the audit trail says
why (action ``effect.skip``). These are the white cell's to see: they explain a state that
differs from what the scenario's author wrote.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from wargame.game.views import AuditView, PhaseView

SKIP_ACTION = "effect.skip"
"""The audit action of an effect left out."""


@dataclass(frozen=True)
class SkippedEffectView:
    """One effect left out: what it would have changed, why not, and for which inject.

    Attributes:
        at: When the inject fired.
        turn: The turn it fired in.
        kind: The effect's kind (``track``, ``unit``...).
        target: The track or unit it would have changed.
        why: Why it could not apply, as the rules said.
        reason: What fired it ("inject: Corvette sails").
        release_id: The inject release it belonged to (None in games recorded before this
            was kept).
    """

    at: dt.datetime
    turn: int
    kind: str
    target: str
    why: str
    reason: str
    release_id: int | None = None

    def sentence(self) -> str:
        """One line for a log or a report: "Effect on X left out (reason): why"."""
        source = f" ({self.reason})" if self.reason else ""
        return f"Effect on {self.target} left out{source}: {self.why}"


def skipped_effects(
    audit: Iterable[AuditView], phases: Sequence[PhaseView]
) -> tuple[SkippedEffectView, ...]:
    """The effects left out, from the audit trail; the turn from the phases when not kept."""
    out = []
    for line in audit:
        if line.action != SKIP_ACTION:
            continue
        details = line.details
        turn = details.get("turn")
        release = details.get("release")
        out.append(
            SkippedEffectView(
                at=line.at,
                turn=int(turn) if isinstance(turn, int) else _turn_at(phases, line.at),
                kind=str(details.get("kind", "")),
                target=str(details.get("target", "")),
                why=str(details.get("why", "")),
                reason=line.reason or "",
                release_id=release if isinstance(release, int) else None,
            )
        )
    return tuple(out)


def _turn_at(phases: Sequence[PhaseView], at: dt.datetime) -> int:
    started = [p.turn for p in phases if p.started_at <= at]
    return started[-1] if started else 0
