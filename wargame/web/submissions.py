"""What a team page sends: moves and counter-arguments, as small requests to the game layer.

A form's fields become a frozen request; :func:`submit_move` and :func:`counter_argue` run
the game's own use cases with it, so the phase rules, the length limits and the audit trail
are the app's. The author is a player of the team's roster, chosen on the page (with their
PIN when they have one); a team whose roster is still empty has its move entered by the
facilitator for the team, as the white cell would on paper.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from wargame.game import Game, InvalidInput, MoveContent, NotAllowed, Role

MAX_REASONS_TEXT = 30_000


@dataclass(frozen=True)
class MoveRequest:
    """A move as the team page's form sent it."""

    team_id: str
    author: str
    pin: str
    title: str
    action: str
    intended_result: str
    reasons: tuple[str, ...]
    visibility: Literal["secret", "public"]


@dataclass(frozen=True)
class CounterRequest:
    """A counter-argument as the team page's form sent it."""

    team_id: str
    author: str
    pin: str
    move: str
    text: str


def move_request(team_id: str, form: Mapping[str, str]) -> MoveRequest:
    """Read a move form; unknown fields are ignored, missing ones are empty."""
    reasons_text = form.get("reasons", "")
    if len(reasons_text) > MAX_REASONS_TEXT:
        raise InvalidInput(
            f"the reasons are {len(reasons_text):,} characters long; "
            f"the limit is {MAX_REASONS_TEXT:,}"
        )
    visibility: Literal["secret", "public"] = (
        "public" if form.get("visibility") == "public" else "secret"
    )
    return MoveRequest(
        team_id=team_id,
        author=form.get("author", ""),
        pin=form.get("pin", ""),
        title=form.get("title", ""),
        action=form.get("action", ""),
        intended_result=form.get("intended_result", ""),
        reasons=tuple(line for line in reasons_text.splitlines() if line.strip()),
        visibility=visibility,
    )


def counter_request(team_id: str, form: Mapping[str, str]) -> CounterRequest:
    """Read a counter-argument form."""
    return CounterRequest(
        team_id=team_id,
        author=form.get("author", ""),
        pin=form.get("pin", ""),
        move=form.get("move", ""),
        text=form.get("text", ""),
    )


def submit_move(game: Game, request: MoveRequest) -> int:
    """Submit the team's move through the game's use case; returns the move's id."""
    author = _author(game, request.team_id, request.author, request.pin, required=False)
    by = _facilitator(game) if author is None else author
    content = MoveContent(
        title=request.title,
        action=request.action,
        intended_result=request.intended_result,
        reasons=request.reasons,
        visibility=request.visibility,
    )
    return game.submit_move(by, content, team_id=request.team_id)


def counter_argue(game: Game, request: CounterRequest) -> int:
    """Record the team's counter-argument through the game's use case; returns its id."""
    author = _author(game, request.team_id, request.author, request.pin, required=True)
    assert author is not None
    try:
        move_id = int(request.move)
    except ValueError:
        raise InvalidInput("choose the move you argue against") from None
    return game.counter_argue(author, move_id, request.text)


def _author(game: Game, team_id: str, chosen: str, pin: str, *, required: bool) -> int | None:
    """The participant writing: a player of this team now, with their PIN if they have one."""
    players = {
        p.id: p
        for p in game.queries().participants()
        if p.role is Role.PLAYER and p.team_id == team_id and not p.voided
    }
    if not players:
        if required:
            raise NotAllowed(
                "nobody is on this team yet; ask the facilitator to add your name to it"
            )
        return None
    try:
        person = players[int(chosen)]
    except (ValueError, KeyError):
        raise InvalidInput("choose your name from the team's list under 'Written by'") from None
    if person.has_pin and not game.check_pin(person.id, pin):
        raise NotAllowed(f"that is not {person.name}'s PIN; try again")
    return person.id


def _facilitator(game: Game) -> int:
    for person in game.queries().participants():
        if person.role is Role.FACILITATOR and not person.voided:
            return person.id
    raise NotAllowed("this game has no facilitator to enter the move for the team")
