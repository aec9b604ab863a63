"""The team pages' server: uvicorn on a thread of its own, beside the Qt event loop.

:class:`TeamPagesServer` opens two :class:`~wargame.game.Game` objects of its own on the
game file, each used from one thread only (a session is never shared between threads): one
thread runs the pages' use cases, one at a time as in the app; the other reads and draws
the pages, so a page is drawn while a move's commit waits for the disk. It listens on the
one address the facilitator chose (never every interface unless they confirm), with an
optional self-signed certificate.

Changes reach open pages through the :class:`~wargame.web.feed.ChangeFeed`: the pages' own
commits, :meth:`TeamPagesServer.notify_changed` (the facilitator's window calls it after each
of its use cases), and a watch on the record's revision for changes made by any other
program. Moves sent from the pages reach the facilitator's window through
:meth:`TeamPagesServer.subscribe`.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import ipaddress
import socket
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from wargame.game import Game, GameEvent
from wargame.game.revision import record_revision
from wargame.web.feed import ChangeFeed
from wargame.web.guard import MAX_BODY, RateLimit
from wargame.web.links import TeamLink, TeamLinks
from wargame.web.pages import waiting_teams
from wargame.web.roster import DeviceRoster, TeamPresence
from wargame.web.tls import Certificate, CertificateProblem, ensure_certificate

EVERY_INTERFACE = ("0.0.0.0", "::")
MAX_CONNECTIONS = 400
ROSTER_SECONDS = 2.0
"""How often, at most, the roster's "waiting on" is worked out again."""


class ServeRefused(Exception):
    """The server cannot start as asked; ``str(error)`` is one sentence saying why."""


@dataclass(frozen=True)
class ServeOptions:
    """Where and how the team pages are served.

    Attributes:
        address: the one address to listen on (an IP address of this computer).
        port: the port (0: any free one).
        every_interface_confirmed: the facilitator confirmed listening on 0.0.0.0 or ::.
        tls_folder: serve HTTPS with a self-signed certificate kept here; None for HTTP.
        submissions_burst: how many forms a link may send at once …
        seconds_per_submission: … and then one more every this many seconds.
        max_body: the largest request body accepted, in bytes.
        watch_seconds: how often the record is checked for changes made elsewhere.
    """

    address: str = "127.0.0.1"
    port: int = 8765
    every_interface_confirmed: bool = False
    tls_folder: Path | None = None
    submissions_burst: int = 10
    seconds_per_submission: float = 3.0
    max_body: int = MAX_BODY
    watch_seconds: float = 0.5


def check_address(options: ServeOptions) -> None:
    """Refuse an address that is not an IP address, or every interface unconfirmed."""
    try:
        ipaddress.ip_address(options.address)
    except ValueError:
        raise ServeRefused(
            f"'{options.address}' is not an IP address; give this computer's address on the "
            "venue network, such as 192.168.1.20, or 127.0.0.1 to try it on this computer"
        ) from None
    if options.address in EVERY_INTERFACE and not options.every_interface_confirmed:
        raise ServeRefused(
            f"{options.address} would open the team pages on every network this computer is "
            "on; choose the venue network's address, or confirm that every network is meant"
        )
    if not 0 <= options.port <= 65535:
        raise ServeRefused(f"the port {options.port} is out of range; use 1024 to 65535")


class TeamPagesServer:
    """Team pages for one game file, served until :meth:`stop`."""

    def __init__(self, game_location: str | Path, options: ServeOptions) -> None:
        check_address(options)
        self.options = options
        self._location = game_location
        self.feed = ChangeFeed()
        self.roster = DeviceRoster()
        self.certificate: Certificate | None = None
        # Reads and writes each have a thread and a game of their own: a page is drawn while
        # a move's commit waits for the disk, and no game is ever used from two threads.
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="team-pages-read")
        self._writer_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="team-pages-write")
        self._listeners: list[Callable[[GameEvent], None]] = []
        self._waiting: frozenset[str] = frozenset()
        self._revision = 0
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._uvicorn: Any = None
        self._started = threading.Event()
        self._failure: BaseException | None = None
        self._game: Game | None = None
        self._writer: Game | None = None
        self._sock: socket.socket | None = None
        self.links: TeamLinks | None = None
        self.port = options.port

    # ------------------------------------------------------------------ life

    def start(self, timeout: float = 20.0) -> None:
        """Open the game, bind the address and start serving; raise with a sentence if not.

        Raises:
            ServeRefused: the address or port cannot be used.
            wargame.game.GameError: the game file cannot be opened.
        """
        self._game = self._pool.submit(Game.open, self._location).result()
        game = self._game
        self._writer = self._writer_pool.submit(Game.open, self._location).result()
        self._writer_pool.submit(self._writer.subscribe, self._on_game_event).result()
        self.links = TeamLinks(t.id for t in game.scenario.teams)
        self._waiting = self._pool.submit(waiting_teams, game).result()
        try:
            if self.options.tls_folder is not None:
                try:
                    self.certificate = ensure_certificate(
                        self.options.tls_folder, self.options.address
                    )
                except CertificateProblem as error:
                    raise ServeRefused(str(error)) from error
            self._sock = _bind(self.options.address, self.options.port)
            self.port = self._sock.getsockname()[1]
            self._thread = threading.Thread(target=self._serve, name="team-pages", daemon=True)
            self._thread.start()
            if not self._started.wait(timeout) or self._failure is not None:
                raise ServeRefused(f"the team pages server did not start ({self._failure})")
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Stop serving: open pages are closed, the game is released. Safe to call twice."""
        site = getattr(self, "_site", None)
        if site is not None:
            site.closing = True
        if self._uvicorn is not None:
            self._uvicorn.should_exit = True
        self.feed.bump()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        if self._sock is not None:
            self._sock.close()
            self._sock = None
        if self._game is not None:
            game, self._game = self._game, None
            self._pool.submit(game.close).result()
        if self._writer is not None:
            writer, self._writer = self._writer, None
            self._writer_pool.submit(writer.close).result()
        self._pool.shutdown(wait=True)
        self._writer_pool.shutdown(wait=True)

    @property
    def running(self) -> bool:
        """Whether the server is serving."""
        return self._thread is not None and self._thread.is_alive()

    def _serve(self) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self._loop = loop
        try:
            loop.run_until_complete(self._main())
        except BaseException as exc:  # reported to start(), or ends the thread quietly
            self._failure = exc
            self._started.set()
        finally:
            with contextlib.suppress(Exception):
                loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    async def _main(self) -> None:
        import uvicorn

        from wargame.web.site import GameAccess, TeamSite

        self.feed.attach(asyncio.get_running_loop())
        assert self.links is not None and self._sock is not None
        site = TeamSite(
            GameAccess(self._call, self._call_write),
            self.links,
            self.feed,
            self.roster,
            tls=self.certificate is not None,
            rate=RateLimit(self.options.submissions_burst, self.options.seconds_per_submission),
        )
        self._site = site
        config = uvicorn.Config(
            site.app(max_body=self.options.max_body),
            lifespan="off",
            log_config=None,
            access_log=False,
            http="h11",
            ws="none",
            server_header=False,
            timeout_graceful_shutdown=2,
            timeout_keep_alive=30,
            # Open connections at most (each open page holds one): beyond, 503 at once, so a
            # flood of connections from one team cannot starve the others' pages.
            limit_concurrency=MAX_CONNECTIONS,
            ssl_certfile=str(self.certificate.cert_file) if self.certificate else None,
            ssl_keyfile=str(self.certificate.key_file) if self.certificate else None,
        )
        config.load()  # a bad certificate fails here, before start() returns
        self._uvicorn = uvicorn.Server(config)
        watch = asyncio.create_task(self._watch())
        self._started.set()
        try:
            await self._uvicorn.serve(sockets=[self._sock])
        finally:
            watch.cancel()

    async def _call(self, work: Callable[[Game], Any]) -> Any:
        """Run a read on the reading game's thread."""
        game = self._game
        if game is None:
            raise ServeRefused("the team pages server has stopped")
        return await asyncio.get_running_loop().run_in_executor(self._pool, work, game)

    async def _call_write(self, work: Callable[[Game], Any]) -> Any:
        """Run a use case on the writing game's thread (one at a time, as in the app)."""
        game = self._writer
        if game is None:
            raise ServeRefused("the team pages server has stopped")
        return await asyncio.get_running_loop().run_in_executor(self._writer_pool, work, game)

    async def _watch(self) -> None:
        """Notice changes made by other programs, and keep the roster's "waiting" current.

        The server's own commits have already woken the pages (:meth:`_on_game_event`
        notes the revision they made), so they are not announced twice.
        """
        self._revision = await self._call(record_revision)
        counted = self._revision
        loop = asyncio.get_running_loop()
        next_roster = loop.time()
        while True:
            await asyncio.sleep(self.options.watch_seconds)
            revision = await self._call(record_revision)
            if revision != self._revision:
                self._revision = revision
                self.feed.bump()
            if revision != counted and loop.time() >= next_roster:
                counted, next_roster = revision, loop.time() + ROSTER_SECONDS
                self._waiting = await self._call(waiting_teams)

    # ------------------------------------------------------------------ changes

    def _on_game_event(self, event: GameEvent) -> None:
        # Runs on the game's thread right after the commit, before the watch looks again.
        # The page whose form made this change wakes the pages it concerns (site.py).
        if self._writer is not None:
            self._revision = record_revision(self._writer)
        for listener in list(self._listeners):
            listener(event)

    def subscribe(self, listener: Callable[[GameEvent], None]) -> Callable[[], None]:
        """Be told of each change a team page commits (called on the server's game thread)."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def notify_changed(self) -> None:
        """The record changed elsewhere (the facilitator's window): update open pages now.

        The record's revision is noted first, on the game's thread, so the watch does not
        announce the same change again; the pages then re-read everything up to it.
        """
        game = self._game
        if game is None:
            self.feed.bump()
            return
        try:
            self._pool.submit(self._note_revision, game)
        except RuntimeError:  # the pool has shut down: the server is stopping
            self.feed.bump()

    def _note_revision(self, game: Game) -> None:
        try:
            self._revision = record_revision(game)
        finally:
            self.feed.bump()

    # ------------------------------------------------------------------ links and roster

    @property
    def base_url(self) -> str:
        """The address participants open, without a path."""
        scheme = "https" if self.certificate is not None else "http"
        host = self.options.address
        if ":" in host:
            host = f"[{host}]"
        return f"{scheme}://{host}:{self.port}"

    def url(self, link: TeamLink) -> str:
        """A team link as a full URL (empty while revoked)."""
        if link.secret is None:
            return ""
        return f"{self.base_url}/t/{quote(link.secret)}"

    def team_url(self, team_id: str) -> str:
        """A team's current link as a full URL."""
        assert self.links is not None
        return self.url(self.links.link(team_id))

    def revoke(self, team_id: str) -> TeamLink:
        """Stop a team's link; its open pages are told and closed."""
        assert self.links is not None
        link = self.links.revoke(team_id)
        self.roster.forget_team(team_id)
        self.feed.bump()
        return link

    def reissue(self, team_id: str) -> TeamLink:
        """Give a team a new link (the old one stops working)."""
        assert self.links is not None
        link = self.links.reissue(team_id)
        self.roster.forget_team(team_id)
        self.feed.bump()
        return link

    def presence(self) -> tuple[TeamPresence, ...]:
        """The roster: each team's devices, and whether the turn is waiting on it."""
        game = self._game
        if game is None:
            return ()
        return tuple(
            TeamPresence(t.id, t.name, self.roster.devices(t.id), t.id in self._waiting)
            for t in game.scenario.teams
        )

    @staticmethod
    def now() -> dt.datetime:
        """The time the roster's "last seen" is measured against."""
        return dt.datetime.now(dt.UTC)


def _bind(address: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6 and address == "::":
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        sock.bind((address, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno in (98, 48, 10048):  # in use: Linux, macOS, Windows
            raise ServeRefused(
                f"port {port} on {address} is already in use; choose another port"
            ) from None
        raise ServeRefused(
            f"cannot listen on {address} port {port} ({exc.strerror or exc}); "
            "choose an address this computer has"
        ) from None
    sock.set_inheritable(True)
    return sock
