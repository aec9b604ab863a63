"""``wargame serve GAME``: the team pages of a game, served until Ctrl+C.

The parser imports this module to register the command, so it imports nothing heavy at
the top. Thin: checks the arguments, starts :class:`wargame.web.server.TeamPagesServer`, prints
each team's link (and its QR code, or writes the codes to a folder), then reports each
move as it arrives.
"""

from __future__ import annotations

import argparse
import datetime as dt
import signal
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from wargame.cli.errors import CommandError
from wargame.text import for_terminal

if TYPE_CHECKING:  # the parser imports this module: it must stay light
    from wargame.game import GameEvent


def _out(text: str) -> None:
    sys.stdout.write(for_terminal(text) + "\n")
    sys.stdout.flush()


def add_serve_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``serve``."""
    p = sub.add_parser("serve", help="serve each team a page in the browser (team pages)")
    p.add_argument("game", metavar="GAME")
    p.add_argument(
        "--address",
        required=True,
        metavar="A",
        help="this computer's address on the venue network, e.g. 192.168.1.20",
    )
    p.add_argument("--port", type=int, default=8765, metavar="P", help="default 8765")
    p.add_argument(
        "--every-interface",
        action="store_true",
        help="confirm listening on every network (needed for --address 0.0.0.0 or ::)",
    )
    p.add_argument(
        "--tls", action="store_true", help="HTTPS with a self-signed certificate (made once)"
    )
    p.add_argument("--qr", metavar="DIR", help="write each team's QR code into DIR (PNG and SVG)")
    p.set_defaults(handler="serve_command:cmd_serve")


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the team pages until interrupted."""
    from wargame.game import GameError
    from wargame.web.qr import qr_png, qr_svg
    from wargame.web.server import ServeOptions, ServeRefused, TeamPagesServer
    from wargame.web.tls import default_folder

    if not Path(args.game).is_file():
        raise CommandError(f"there is no game file {args.game}")
    options = ServeOptions(
        address=args.address,
        port=args.port,
        every_interface_confirmed=args.every_interface,
        tls_folder=default_folder() if args.tls else None,
    )
    try:
        server = TeamPagesServer(args.game, options)
        server.start()
    except (ServeRefused, GameError) as exc:
        raise CommandError(str(exc)) from None
    stop = threading.Event()

    def on_signal(_number: int, _frame: FrameType | None) -> None:
        stop.set()

    previous = signal.signal(signal.SIGTERM, on_signal)
    try:
        assert server.links is not None
        _out(f"Team pages of {args.game} at {server.base_url}")
        if server.certificate is not None:
            _out(f"Certificate fingerprint (SHA-256): {server.certificate.fingerprint}")
        for link in server.links.all():
            url = server.url(link)
            _out(f"  {link.team_id}: {url}")
            if args.qr:
                folder = Path(args.qr)
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{link.team_id}.png").write_bytes(qr_png(url))
                (folder / f"{link.team_id}.svg").write_text(qr_svg(url), encoding="utf-8")
        if args.qr:
            _out(f"QR codes written to {args.qr}")
        _out("Press Ctrl+C to stop.")
        server.subscribe(_report)
        while not stop.wait(0.5):
            if not server.running:
                raise CommandError("the team pages server stopped unexpectedly")
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.stop()
    _out("Team pages stopped.")
    return 0


def _report(event: GameEvent) -> None:
    at = dt.datetime.now().strftime("%H:%M:%S")
    _out(f"{at} {event.summary or event.action.replace('_', ' ')}")
