"""The team links: one long random secret per team, compared in constant time.

A link is what a team's phones and laptops open; whoever holds it acts as that team. The
facilitator can revoke a link (it stops working at once and the pages opened with it are
closed) and issue a new one. Links live as long as the server: a restarted server gives
new links, so a link printed for yesterday's game opens nothing today.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
import threading
from collections.abc import Iterable
from dataclasses import dataclass

SECRET_BYTES = 32
"""Random bytes in a team secret (43 URL-safe characters, 256 bits)."""


@dataclass(frozen=True)
class TeamLink:
    """One team's current link; ``secret`` is None while it is revoked."""

    team_id: str
    secret: str | None
    generation: int
    issued_at: dt.datetime

    @property
    def active(self) -> bool:
        """Whether the link opens the team's page."""
        return self.secret is not None


class TeamLinks:
    """The links of every team of a game; safe to use from several threads."""

    def __init__(self, team_ids: Iterable[str]) -> None:
        self._lock = threading.Lock()
        self._links = {team: self._new(team, 1) for team in team_ids}

    @staticmethod
    def _new(team_id: str, generation: int) -> TeamLink:
        return TeamLink(
            team_id, secrets.token_urlsafe(SECRET_BYTES), generation, dt.datetime.now(dt.UTC)
        )

    def all(self) -> tuple[TeamLink, ...]:
        """Every team's link, in the scenario's order."""
        with self._lock:
            return tuple(self._links.values())

    def link(self, team_id: str) -> TeamLink:
        """A team's link (KeyError for a team the game does not have)."""
        with self._lock:
            return self._links[team_id]

    def team_for(self, secret: str) -> TeamLink | None:
        """The link whose secret this is, or None.

        Every active secret is compared, each in constant time, so how long the answer
        takes says nothing about how much of a guess was right or which team it was near.
        """
        given = secret.encode("utf-8", "surrogatepass")
        found: TeamLink | None = None
        with self._lock:
            for link in self._links.values():
                expected = (link.secret or "").encode()
                if hmac.compare_digest(given, expected) and link.secret is not None:
                    found = link
        return found

    def is_current(self, team_id: str, generation: int) -> bool:
        """Whether a page opened with this generation of the team's link may go on."""
        with self._lock:
            link = self._links.get(team_id)
            return link is not None and link.active and link.generation == generation

    def revoke(self, team_id: str) -> TeamLink:
        """Stop the team's link from working; its open pages are closed."""
        with self._lock:
            old = self._links[team_id]
            revoked = TeamLink(team_id, None, old.generation + 1, dt.datetime.now(dt.UTC))
            self._links[team_id] = revoked
            return revoked

    def reissue(self, team_id: str) -> TeamLink:
        """Revoke the team's link (if still active) and give the team a new one."""
        with self._lock:
            old = self._links[team_id]
            fresh = self._new(team_id, old.generation + 1)
            self._links[team_id] = fresh
            return fresh
