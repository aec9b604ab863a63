"""The team pages as an ASGI application (Starlette): routes, forms, the live stream.

Every route that shows or changes the game goes through :class:`GameAccess`, which runs
game-layer calls on the server's own game, one at a time, off the event loop. Nothing here
opens a database session or decides a game rule: pages are read with ``Viewer.team``
(:mod:`wargame.web.pages`) and forms become requests to the game's use cases
(:mod:`wargame.web.submissions`).

Routes: ``/t/SECRET`` (the page), ``/t/SECRET/events`` (server-sent updates),
``/t/SECRET/move`` and ``/t/SECRET/counter`` (forms), ``/t/SECRET/map.svg`` and
``/static/NAME`` for the few files the page uses. Nothing else answers: there is no
directory listing and no way to name a file.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any, TypeVar
from urllib.parse import parse_qsl, quote

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

from wargame.game import Game, GameError, GameFileProblem
from wargame.game.views import InjectView
from wargame.web.feed import ChangeFeed
from wargame.web.guard import CsrfTokens, Guard, RateLimit
from wargame.web.links import TeamLink, TeamLinks
from wargame.web.pages import (
    Briefing,
    RoomView,
    Rulings,
    TeamMoves,
    TeamView,
    briefing,
    room_view,
    team_injects,
    team_moves,
    team_rulings,
    team_view,
)
from wargame.web.picture import map_svg
from wargame.web.roster import DeviceRoster, device_label
from wargame.web.submissions import (
    counter_argue,
    counter_request,
    move_request,
    submit_move,
)

T = TypeVar("T")

DEVICE_COOKIE = "wargame_device"
KEEPALIVE_S = 15.0
MAX_FIELDS = 32
MAX_STREAMS_PER_LINK = 40
"""Live streams one team's link may hold open: a flood from one team leaves room for all."""
LIVE_PARTS = ("position", "injects", "moves", "others", "state")
DEEP_PARTS = frozenset({"position", "injects", "state"})
"""Parts that only a change beyond moves and counter-arguments can alter."""
STATIC = {
    "team.css": "text/css; charset=utf-8",
    "team.js": "text/javascript; charset=utf-8",
}
SENT = {
    "move": "Your move is with the white cell.",
    "counter": "Your counter-argument is with the white cell.",
}
BUSY = (
    "The game cannot be read or written just now (the facilitator's file is busy or "
    "unavailable); what you typed is kept on this device: send it again in a moment."
)
REVOKED = (
    "This link does not open a team page: it was revoked or mistyped. "
    "Ask the facilitator for your team's current link."
)


class GameAccess:
    """Runs calls on the server's game off the event loop: reads, and use cases that write.

    Calling it runs a read; :meth:`write` runs a use case. Each kind has its own thread.
    """

    def __init__(
        self,
        read: Callable[[Callable[[Game], Any]], Awaitable[Any]],
        write: Callable[[Callable[[Game], Any]], Awaitable[Any]],
    ) -> None:
        self._read = read
        self._write = write

    async def __call__(self, work: Callable[[Game], T]) -> T:
        """Run ``work`` (a read) with the game and return what it returns."""
        result: T = await self._read(work)
        return result

    async def write(self, work: Callable[[Game], T]) -> T:
        """Run ``work`` (a use case) with the game and return what it returns."""
        result: T = await self._write(work)
        return result


@dataclass(frozen=True)
class Visit:
    """One request on a team's link: which link, which device, and the device's CSRF token."""

    link: TeamLink
    device: str
    new_device: bool
    csrf: str
    label: str


class TeamSite:
    """The team pages of one game.

    Args:
        access: runs game-layer calls on the server's own game.
        links: the team links.
        feed: wakes open pages after a change.
        roster: the devices seen per team.
        tls: whether the server speaks HTTPS (cookies are then marked Secure).
        rate: the per-link submission limit.
    """

    def __init__(
        self,
        access: GameAccess,
        links: TeamLinks,
        feed: ChangeFeed,
        roster: DeviceRoster,
        *,
        tls: bool = False,
        rate: RateLimit | None = None,
    ) -> None:
        self.access = access
        self.links = links
        self.feed = feed
        self.roster = roster
        self.tls = tls
        self.rate = rate or RateLimit()
        self.csrf = CsrfTokens()
        self.closing = False
        self._env = Environment(
            loader=PackageLoader("wargame.web", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self._static = {
            name: (resources.files("wargame.web").joinpath("static", name).read_bytes(), kind)
            for name, kind in STATIC.items()
        }
        self._briefings: dict[str, Briefing] = {}
        self._live: dict[str, tuple[int, dict[str, str], TeamView]] = {}
        self._drawing: dict[str, tuple[int, asyncio.Future[tuple[int, dict[str, str], TeamView]]]]
        self._drawing = {}
        self._room: tuple[int, RoomView] | None = None
        """What every page shares, and the feed's ``deep`` count it was read at."""
        self._rulings: dict[str, tuple[int, Rulings]] = {}
        self._injects: dict[str, tuple[int, tuple[InjectView, ...]]] = {}
        self._moves: tuple[int, TeamMoves] | None = None
        self._messages: dict[tuple[str, int, int], str] = {}
        self._drawn_parts: dict[str, tuple[int, dict[str, str]]] = {}
        self._maps: dict[str, tuple[int, str | None]] = {}  # by team: fog of war

    def app(self, *, max_body: int) -> Guard:
        """The ASGI application, inside the guard that bounds bodies and adds the headers."""
        routes = [
            Route("/", self.home),
            Route("/t/{secret}", self.page),
            Route("/t/{secret}/events", self.events),
            Route("/t/{secret}/move", self.post_move, methods=["POST"]),
            Route("/t/{secret}/counter", self.post_counter, methods=["POST"]),
            Route("/t/{secret}/map.svg", self.map_picture),
            Route("/static/{name}", self.static),
            Route("/favicon.ico", self.no_icon),
        ]
        app = Starlette(routes=routes, exception_handlers={GameError: self._unreadable})
        return Guard(app, max_body=max_body, tls=self.tls)

    # ------------------------------------------------------------------ who is asking

    def _visit(self, request: Request) -> Visit | None:
        link = self.links.team_for(request.path_params["secret"])
        if link is None:
            return None
        device = request.cookies.get(DEVICE_COOKIE, "")
        new = not _valid_device(device)
        if new:
            device = secrets.token_urlsafe(16)
        label = device_label(request.headers.get("user-agent", ""))
        self.roster.seen(link.team_id, device, label)
        csrf = self.csrf.token(link.team_id, link.generation, device)
        return Visit(link, device, new, csrf, label)

    def _remember(self, response: Response, visit: Visit) -> Response:
        if visit.new_device:
            response.set_cookie(
                DEVICE_COOKIE,
                visit.device,
                max_age=14 * 24 * 3600,
                httponly=True,
                samesite="strict",
                secure=self.tls,
            )
        return response

    # ------------------------------------------------------------------ pages

    async def home(self, request: Request) -> Response:
        """The bare address: says what to open instead."""
        return self._html("home.html", {}, status=200)

    async def page(self, request: Request) -> Response:
        """A team's page."""
        visit = self._visit(request)
        if visit is None:
            return self._refused()
        sent = request.query_params.get("sent", "")
        number = request.query_params.get("n", "")
        notice = SENT.get(sent, "")
        if notice and number.isdigit() and len(number) < 12:
            notice = notice.replace(" is with", f" (#{number}) is with")
        return await self._page(visit, notice=notice, sent=sent if notice else "")

    async def _page(
        self,
        visit: Visit,
        *,
        notice: str = "",
        sent: str = "",
        error: str = "",
        form: Mapping[str, str] | None = None,
        status: int = 200,
    ) -> Response:
        count, live, view = await self._live_html(visit.link)
        team = visit.link.team_id
        if team not in self._briefings:
            self._briefings[team] = await self.access(lambda g: briefing(g, team))
        context = {
            "b": self._briefings[team],
            "v": view,
            "live": live,
            "count": count,
            "base": f"/t/{quote(visit.link.secret or '')}",
            "csrf": visit.csrf,
            "notice": notice,
            "sent": sent,
            "error": error,
            "form": dict(form or {}),
            "draft_key": f"wargame:{team}",
        }
        return self._remember(self._html("team.html", context, status=status), visit)

    async def _live_html(self, link: TeamLink) -> tuple[int, dict[str, str], TeamView]:
        """The changing parts of a team's page, drawn once per change for all its devices.

        The devices of a team wake together after a change: the first one draws, the others
        wait for that drawing instead of drawing it again.
        """
        version = self.feed.version(link.team_id)
        key = link.secret or ""
        cached = self._live.get(key)
        if cached is not None and cached[0] >= version:
            return cached
        pending = self._drawing.get(key)
        if pending is None or pending[0] < version:
            task = asyncio.ensure_future(self._draw(link, version))
            pending = (version, task)
            self._drawing[key] = pending
        drawn = await asyncio.shield(pending[1])
        if self._live.get(key, (-1,))[0] < drawn[0]:
            self._live[key] = drawn
        return drawn

    async def _draw(self, link: TeamLink, version: int) -> tuple[int, dict[str, str], TeamView]:
        deep = self.feed.deep  # moves and counter-arguments leave these two standing
        room = self._room
        if room is None or room[0] < deep:
            room = (deep, await self.access(room_view))
            self._room = room
        team_id, shared = link.team_id, room[1]
        rulings = self._rulings.get(team_id)
        if rulings is None or rulings[0] < deep:
            rulings = (deep, await self.access(lambda g: team_rulings(g, team_id)))
            self._rulings[team_id] = rulings
        known = rulings[1]
        released = self._injects.get(team_id)
        if released is None or released[0] < deep:
            released = (deep, await self.access(lambda g: team_injects(g, team_id)))
            self._injects[team_id] = released
        news = released[1]
        total = self.feed.total  # every change, for any team: the moves of all, read at once
        moves = self._moves
        if moves is None or moves[0] < total:
            moves = (total, await self.access(team_moves))
            self._moves = moves
        seen = moves[1].get(team_id, ())
        view = await self.access(lambda g: team_view(g, team_id, shared, known, seen, news))
        # Drawing is the costly part: on the reading thread, so the event loop stays free.
        parts = await self.access(lambda _g: self._render(link, view, deep))
        return version, parts, view

    def _render(self, link: TeamLink, view: TeamView, deep: int) -> dict[str, str]:
        """Draw the live parts; a part that did not change is the very same string as before.

        Runs on the reading thread only. Position, injects and state change only with
        changes beyond moves (``deep``): they are drawn again only then. Unchanged parts are
        then cheap to compare and to leave out of the update a device is sent.
        """
        key = link.secret or ""
        context = {"v": view, "count": deep, "base": f"/t/{quote(key)}"}
        before = self._drawn_parts.get(key)
        parts: dict[str, str] = {}
        for part in LIVE_PARTS:
            if before is not None and before[0] == deep and part in DEEP_PARTS:
                parts[part] = before[1][part]
                continue
            text = self._env.get_template(f"live_{part}.html").render(**context)
            old = before[1].get(part) if before is not None else None
            parts[part] = old if old == text and old is not None else text
        self._drawn_parts[key] = (deep, parts)
        return parts

    async def events(self, request: Request) -> Response:
        """Server-sent events: the page's live part each time it changes."""
        visit = self._visit(request)
        if visit is None:
            return self._refused()
        if self.roster.streams(visit.link.team_id) >= MAX_STREAMS_PER_LINK:
            return Response(
                "Too many pages of this team are open; close some and reload.",
                status_code=429,
                media_type="text/plain",
            )
        try:
            seen = int(request.query_params.get("since", "0"))
        except ValueError:
            seen = 0
        return StreamingResponse(
            self._stream(visit, seen),
            media_type="text/event-stream",
            headers={"x-accel-buffering": "no"},
        )

    async def _stream(self, visit: Visit, seen: int) -> AsyncIterator[str]:
        link, device, label = visit.link, visit.device, visit.label
        self.roster.seen(link.team_id, device, label, stream=+1)
        last: dict[str, str] = {}
        last_version = -1
        try:
            yield "retry: 1000\n\n"
            while not self.closing:
                if not self.links.is_current(link.team_id, link.generation):
                    yield f"event: revoked\ndata: {json.dumps(REVOKED)}\n\n"
                    return
                count = await self.feed.wait(link.team_id, seen, KEEPALIVE_S)
                if self.closing or not self.links.is_current(link.team_id, link.generation):
                    continue
                if count == seen:
                    yield ": still here\n\n"
                    continue
                seen, parts, view = await self._live_html(link)
                if parts != last:
                    yield self._message(link, (last_version, last), (seen, parts), view)
                    last, last_version = parts, seen
        finally:
            self.roster.seen(link.team_id, device, label, stream=-1)

    def _message(
        self,
        link: TeamLink,
        before: tuple[int, dict[str, str]],
        now: tuple[int, dict[str, str]],
        view: TeamView,
    ) -> str:
        """The update from one version of a team's page to another: the parts that changed.

        Encoded once for all the team's devices that were at the same version.
        """
        key = (link.secret or "", before[0], now[0])
        text = self._messages.get(key)
        if text is None:
            changed = {part: html for part, html in now[1].items() if before[1].get(part) != html}
            text = _event("live", _live_message(now[0], changed, view))
            if len(self._messages) > 4 * len(LIVE_PARTS) * 64:
                self._messages.clear()
            self._messages[key] = text
        return text

    async def map_picture(self, request: Request) -> Response:
        """The map of units now, as SVG."""
        visit = self._visit(request)
        if visit is None:
            return self._refused()
        team_id = visit.link.team_id
        count = self.feed.count
        cached = self._maps.get(team_id)
        if cached is None or cached[0] != count:
            picture = await self.access(lambda game: map_svg(game, team_id))
            cached = self._maps[team_id] = (count, picture)
        if cached[1] is None:
            return Response("This scenario has no map.", status_code=404, media_type="text/plain")
        return Response(cached[1], media_type="image/svg+xml")

    async def static(self, request: Request) -> Response:
        """One of the page's own files, by exact name; nothing else."""
        found = self._static.get(request.path_params["name"])
        if found is None:
            return Response("Not found.", status_code=404, media_type="text/plain")
        return Response(found[0], media_type=found[1])

    async def no_icon(self, request: Request) -> Response:
        """Browsers ask for an icon; there is none (and no error in their console)."""
        return Response(status_code=204)

    # ------------------------------------------------------------------ forms

    async def post_move(self, request: Request) -> Response:
        """A team's new move."""
        return await self._post(request, "move")

    async def post_counter(self, request: Request) -> Response:
        """A team's counter-argument against another team's revealed move."""
        return await self._post(request, "counter")

    async def _post(self, request: Request, kind: str) -> Response:
        visit = self._visit(request)
        if visit is None:
            return self._refused()
        form = await _form(request)
        if form is None:
            return await self._page(
                visit,
                error="The form could not be read (it must be sent by this page, as UTF-8 text).",
                status=400,
            )
        if visit.new_device:
            return await self._page(
                visit,
                error="This browser did not keep the page's cookie, so the form cannot be "
                "checked; allow cookies for this address and send again (your text is kept).",
                form=form,
                status=403,
            )
        link = visit.link
        if not self.csrf.check(form.get("csrf", ""), link.team_id, link.generation, visit.device):
            return await self._page(
                visit,
                error="The form's security token does not match this page; reload the page "
                "and send again (your text is kept).",
                form=form,
                status=403,
            )
        if not self.rate.allow(f"{link.team_id}:{link.generation}"):
            wait = self.rate.retry_after(f"{link.team_id}:{link.generation}")
            response = await self._page(
                visit,
                error=f"Your team has sent a lot in a short time; wait {wait} s and send again "
                "(your text is kept).",
                form=form,
                status=429,
            )
            response.headers["retry-after"] = str(wait)
            return response
        sealed = False
        try:
            if kind == "move":
                move = move_request(link.team_id, form)
                made = await self.access.write(lambda g: submit_move(g, move))
                sealed = move.visibility == "secret"
            else:
                counter = counter_request(link.team_id, form)
                made = await self.access.write(lambda g: counter_argue(g, counter))
        except GameFileProblem:
            # Its message names the facilitator's file and folders: not for the teams.
            return await self._page(visit, error=BUSY, form=form, status=503)
        except GameError as exc:
            return await self._page(visit, error=_sentence(str(exc)), form=form, status=400)
        # A sealed move changes its own team's page only: the other pages need no re-read.
        self.feed.bump(link.team_id if sealed else None, moves_only=True)
        anchor = "moves" if kind == "move" else "others"
        target = f"/t/{quote(link.secret or '')}?sent={kind}&n={made}#{anchor}"
        return RedirectResponse(target, 303)

    # ------------------------------------------------------------------ answers

    def _html(self, template: str, context: dict[str, Any], *, status: int) -> HTMLResponse:
        text = self._env.get_template(template).render(**context)
        return HTMLResponse(text, status_code=status)

    async def _unreadable(self, request: Request, exc: Exception) -> Response:
        """The game file cannot be read now (locked, moved, damaged): say so, briefly."""
        return self._html(
            "refused.html", {"message": BUSY, "title": "Game unavailable"}, status=503
        )

    def _refused(self) -> Response:
        return self._html("refused.html", {"message": REVOKED}, status=403)


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _valid_device(device: str) -> bool:
    return 16 <= len(device) <= 32 and all(c.isalnum() or c in "-_" for c in device)


async def _form(request: Request) -> dict[str, str] | None:
    """A URL-encoded form's fields (the last of repeated names), or None if it is not one."""
    kind = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        return None
    try:
        text = (await request.body()).decode("utf-8")
        pairs = parse_qsl(text, keep_blank_values=True, max_num_fields=MAX_FIELDS)
    except (UnicodeDecodeError, ValueError):
        return None
    return dict(pairs)


def _live_message(count: int, parts: dict[str, str], view: TeamView) -> str:
    options = [
        {"id": mv.id, "label": f"#{mv.id} {mv.title}"} for mv in view.others if not mv.sealed
    ]
    return json.dumps(
        {
            "count": count,
            "parts": parts,
            "authors": [{"id": a.id, "name": a.name} for a in view.authors],
            "can_submit": view.position.can_submit,
            "can_counter": view.position.can_counter,
            "moves": options,
        }
    )


def _event(name: str, data: str) -> str:
    lines = "".join(f"data: {line}\n" for line in data.splitlines() or [""])
    return f"event: {name}\n{lines}\n"
