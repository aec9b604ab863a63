"""The projector's recap of last turn's outcomes, shown at the start of each turn.

Until a move of the new turn is revealed, the projector's moves box reminds the room what
happened last turn: each move the room saw, its outcome, the escalation ladder's change and
the red lines crossed. Read with the projector's (public) viewer, so nothing sealed shows.
"""

from __future__ import annotations

import html

from wargame.game import GameError, Viewer
from wargame.game.replay import ReplayQueries
from wargame.ui.session import GameSession
from wargame.ui.theme import OUTCOME_COLOURS

SEALED = "<p style='color:gray'>The teams' moves are sealed until the white cell reveals them.</p>"


def recap_html(session: GameSession, viewer: Viewer, turn: int) -> str:
    """The recap of turn ``turn - 1`` as HTML, or the sealed-moves line in turn 1."""
    if turn <= 1:
        return SEALED
    try:
        recap = ReplayQueries(session.game).recap(viewer, turn - 1)
    except GameError:
        return SEALED
    e = html.escape
    change = recap.escalation_after - recap.escalation_before
    parts = [
        f"<h3>Recap of turn {recap.turn}</h3>",
        f"<p>Escalation {recap.escalation_before} → {recap.escalation_after}"
        + (f" ({change:+d})" if change else " (no change)")
        + "</p>",
    ]
    if recap.red_lines_crossed:
        parts.append(
            "<p><b style='color:#b3261e'>Red lines crossed:</b> "
            + "; ".join(e(n) for n in recap.red_lines_crossed)
            + "</p>"
        )
    for line in recap.lines:
        colour = OUTCOME_COLOURS.get(line.outcome or "")
        outcome = (
            f"<b style='color:{colour.name() if colour else 'gray'}'>{e(line.outcome.upper())}</b> "
            if line.outcome
            else "<i>not adjudicated</i> "
        )
        parts.append(
            f"<p><b>{e(session.team_name(line.team_id))}: {e(line.title)}</b><br>"
            f"{outcome}{e(line.narrative)}</p>"
        )
    if not recap.lines:
        parts.append("<p style='color:gray'>No move was played out in the open.</p>")
    return "".join(parts) + SEALED
