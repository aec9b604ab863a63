"""The hot seat's drafts: each team's half-typed move waits for its next turn at the laptop.

Teams take turns at one laptop. When a team hands it back with a move half typed (a new
move, or changes to one of its sealed moves), the words are kept as that team's draft:
in memory for the session, and on disk beside the other drafts
(:meth:`~wargame.game.drafts.DraftStore.for_team`), so a crash loses nothing either.
When the team sits down again its draft is back in the form.
"""

from __future__ import annotations

from wargame.game.drafts import DRAFT_NEW_MOVE, Draft, DraftStore


class TeamDrafts:
    """The hot seat's drafts of one game, one per team."""

    def __init__(self, game_uid: str) -> None:
        self._uid = game_uid
        self._kept: dict[str, Draft | None] = {}
        self._stores: dict[str, DraftStore] = {}

    def _store(self, team_id: str) -> DraftStore:
        if team_id not in self._stores:
            self._stores[team_id] = DraftStore.for_team(self._uid, team_id)
        return self._stores[team_id]

    def draft(self, team_id: str) -> Draft | None:
        """The team's draft (None: nothing kept), from memory, else from disk."""
        if team_id not in self._kept:
            kept = [d for d in self._store(team_id).drafts() if not d.is_empty]
            self._kept[team_id] = max(kept, key=lambda d: d.saved_at) if kept else None
        return self._kept[team_id]

    def keep(self, team_id: str, draft: Draft) -> None:
        """Keep ``draft`` as the team's one draft (an empty one forgets it)."""
        if draft.is_empty:
            self.forget(team_id)
            return
        store = self._store(team_id)
        self._kept[team_id] = store.save(draft)
        for other in store.drafts():
            if other.key != draft.key:
                store.discard(other.key)

    def forget(self, team_id: str) -> None:
        """The team has no draft now (its move was submitted, or its form is empty)."""
        if self._kept.get(team_id, ...) is None and team_id in self._kept:
            return
        self._kept[team_id] = None
        store = self._store(team_id)
        for draft in store.drafts():
            store.discard(draft.key)


def draft_key(move_id: int | None) -> str:
    """The key of a new move's draft, or of changes to move ``move_id``."""
    return DRAFT_NEW_MOVE if move_id is None else f"move-{move_id}"
