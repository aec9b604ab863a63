"""Drafts of what a participant is typing, kept on their own laptop until committed.

:class:`DraftStore` keeps what a participant is typing in a small JSON file under the
user's data folder until it is committed, so a dropped connection or a crash loses
nothing; :func:`commit_draft` commits a draft and forgets it only once committed. The hot
seat keeps one store per team (:meth:`DraftStore.for_team`), so a move half-typed by one
team waits for it while other teams take the laptop.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import logging
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from wargame.game.core import MoveContent
from wargame.game.errors import Conflict, GameError, GameFileProblem, InvalidInput, NotFound
from wargame.game.service import Game
from wargame.scenario.discovery import user_data_dir

__all__ = ["DRAFT_NEW_MOVE", "Draft", "DraftStore", "commit_draft"]

log = logging.getLogger(__name__)

DRAFT_NEW_MOVE = "new-move"
"""The draft key of the move being written (an edit of move 12 uses ``move-12``)."""


def _now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


@dataclass(frozen=True)
class Draft:
    """A move being written, as typed so far.

    Attributes:
        key: ``new-move`` for a new move, ``move-<id>`` for an edit.
        title: the move's title as typed.
        action: the action as typed.
        intended_result: the intended result as typed.
        reasons: the reasons as typed.
        visibility: ``secret`` or ``public``.
        move_id: the move being edited, for an edit.
        expected_version: the move's version when the edit began, for an edit.
        team_id: the team it is for (a facilitator may write for any team).
        saved_at: when it was last saved (ISO 8601, UTC).
        attempted_at: when committing it first failed without an answer (the commit may
            or may not have reached the database), or ``None``.
    """

    key: str = DRAFT_NEW_MOVE
    title: str = ""
    action: str = ""
    intended_result: str = ""
    reasons: tuple[str, ...] = ()
    visibility: Literal["secret", "public"] = "secret"
    move_id: int | None = None
    expected_version: int | None = None
    team_id: str | None = None
    saved_at: str = ""
    attempted_at: str | None = None

    @property
    def is_empty(self) -> bool:
        """Nothing typed yet."""
        return not (self.title or self.action or self.intended_result or any(self.reasons))

    def to_json(self) -> dict[str, Any]:
        """A JSON-able dict."""
        data = dataclasses.asdict(self)
        data["reasons"] = list(self.reasons)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Draft:
        """Read back :meth:`to_json`; unknown keys are ignored."""
        known = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["reasons"] = tuple(str(r) for r in values.get("reasons") or ())
        if values.get("visibility") not in ("secret", "public"):
            values["visibility"] = "secret"
        return cls(**values)


class DraftStore:
    """Drafts of one participant in one game, in a JSON file, written atomically.

    Every :meth:`save` replaces the file in one step (write a temp file, fsync, rename), so a
    crash mid-save leaves the previous version. A damaged file is set aside as
    ``*.damaged`` and the store starts empty rather than failing the app. Thread-safe.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    @classmethod
    def for_game(
        cls, game_uid: str, participant_id: int, *, folder: Path | None = None
    ) -> DraftStore:
        """The store of ``participant_id`` in game ``game_uid``, under the user's data folder."""
        base = folder if folder is not None else user_data_dir() / "drafts"
        safe_uid = "".join(c for c in game_uid if c.isalnum())[:64] or "game"
        return cls(base / f"{safe_uid}-{int(participant_id)}.json")

    @classmethod
    def for_team(cls, game_uid: str, team_id: str, *, folder: Path | None = None) -> DraftStore:
        """The hot seat's store of ``team_id`` in game ``game_uid`` (one laptop, many teams).

        Beside the participants' stores, under the user's data folder.
        """
        base = folder if folder is not None else user_data_dir() / "drafts"
        safe_uid = "".join(c for c in game_uid if c.isalnum())[:64] or "game"
        safe_team = "".join(c for c in team_id if c.isalnum() or c in "-_")[:64] or "team"
        return cls(base / f"{safe_uid}-team-{safe_team}.json")

    def _read(self) -> dict[str, Draft]:
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        try:
            data = json.loads(raw)
            return {str(k): Draft.from_json(v) for k, v in data["drafts"].items()}
        except (ValueError, TypeError, KeyError, AttributeError):
            damaged = self.path.with_name(self.path.name + ".damaged")
            log.warning("draft file %s is damaged; kept as %s", self.path, damaged)
            with contextlib.suppress(OSError):
                self.path.replace(damaged)
            return {}

    def _write(self, drafts: dict[str, Draft]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps(
            {"version": 1, "drafts": {k: d.to_json() for k, d in drafts.items()}},
            ensure_ascii=False,
            indent=1,
        )
        handle, temp = tempfile.mkstemp(prefix=".drafts-", dir=self.path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(payload)
                out.flush()
                os.fsync(out.fileno())
            Path(temp).replace(self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise

    def save(self, draft: Draft) -> Draft:
        """Keep ``draft`` (replacing the one with its key); returns it with ``saved_at`` set."""
        draft = dataclasses.replace(draft, saved_at=_now_iso())
        with self._lock:
            drafts = self._read()
            drafts[draft.key] = draft
            self._write(drafts)
        return draft

    def load(self, key: str = DRAFT_NEW_MOVE) -> Draft | None:
        """The draft with ``key``, or ``None``."""
        with self._lock:
            return self._read().get(key)

    def drafts(self) -> tuple[Draft, ...]:
        """Every kept draft (to offer them back after a restart)."""
        with self._lock:
            return tuple(self._read().values())

    def discard(self, key: str = DRAFT_NEW_MOVE) -> None:
        """Forget a draft (after it was committed, or the participant threw it away)."""
        with self._lock:
            drafts = self._read()
            if drafts.pop(key, None) is not None:
                self._write(drafts)

    def mark_attempted(self, key: str = DRAFT_NEW_MOVE) -> None:
        """Note that committing a draft failed without an answer (it may have gone through)."""
        with self._lock:
            drafts = self._read()
            draft = drafts.get(key)
            if draft is not None and draft.attempted_at is None:
                drafts[key] = dataclasses.replace(draft, attempted_at=_now_iso())
                self._write(drafts)


def commit_draft(game: Game, store: DraftStore, by: int, key: str = DRAFT_NEW_MOVE) -> int:
    """Submit (or, for an edit, save) a draft; forget it only once the database has it.

    If the connection fails, the draft stays in the store (marked as attempted) and the error
    is raised; the next call commits it. If the first attempt did reach the database before
    the connection failed, the retry finds that move and does not submit it twice.

    Args:
        game: the open game.
        store: the participant's draft store.
        by: the participant.
        key: which draft.

    Returns:
        The move's id.

    Raises:
        NotFound: no such draft.
        GameError: the use case refused it (the draft is kept, to be corrected), or
            :class:`GameFileProblem` when the database could not be reached.
    """
    draft = store.load(key)
    if draft is None:
        raise NotFound("there is no draft to submit")
    if draft.attempted_at is not None:
        done = _already_committed(game, by, draft)
        if done is not None:
            store.discard(key)
            return done
    content = MoveContent(
        title=draft.title,
        action=draft.action,
        intended_result=draft.intended_result,
        reasons=draft.reasons,
        visibility=draft.visibility,
    )
    try:
        if draft.move_id is None:
            move_id = game.submit_move(
                by,
                content,
                team_id=draft.team_id,
            )
        else:
            if draft.expected_version is None:
                raise InvalidInput("this draft edit does not say which version it started from")
            game.edit_move(
                by,
                draft.move_id,
                content,
                expected_version=draft.expected_version,
            )
            move_id = draft.move_id
    except GameFileProblem:
        store.mark_attempted(key)
        raise
    except Conflict:
        # An edit whose first attempt went through has moved the version on: that is fine.
        done = _already_committed(game, by, draft) if draft.attempted_at is not None else None
        if done is None:
            raise
        move_id = done
    store.discard(key)
    return move_id


def _already_committed(game: Game, by: int, draft: Draft) -> int | None:
    """The move a previous, unanswered attempt of ``draft`` committed, if it did."""
    try:
        viewer = game.queries().viewer_for(by)
        moves = game.queries().moves(viewer)
    except GameError:
        return None
    attempted = dt.datetime.fromisoformat(draft.attempted_at or _now_iso())
    slack = dt.timedelta(seconds=120)
    for move in reversed(moves):
        same = (
            move.title == draft.title.strip()
            and move.action == draft.action.strip()
            and move.intended_result == draft.intended_result.strip()
        )
        if not same:
            continue
        if draft.move_id is not None and move.id == draft.move_id:
            return move.id
        if draft.move_id is None and move.updated_at >= attempted - slack:
            return move.id
    return None
