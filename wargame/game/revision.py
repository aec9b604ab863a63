"""How far the record has got: one number that grows with every committed change.

Every use case writes an audit line in its transaction, so the newest audit line's id moves
on each commit, whoever made it (this process, another window, another program on the same
file). Screens that watch a game from outside its event hub (team pages in the browser)
compare it with the number they last drew from, instead of re-reading everything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, select

from wargame.store import models as m

if TYPE_CHECKING:
    from wargame.game.service import Game


def record_revision(game: Game) -> int:
    """The id of the game's newest audit line (0 for none): it changes with every commit."""
    with game.session_for_queries() as s:
        newest = s.scalar(select(func.max(m.Audit.id)).where(m.Audit.game_id == game.game_id))
    return int(newest or 0)
