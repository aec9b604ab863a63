"""Sub-commands for a game shared over PostgreSQL: host, join, pull.

Thin: each parses its arguments and calls :mod:`wargame.game.sharing`.
"""

from __future__ import annotations

import argparse
import importlib
from types import ModuleType

from wargame.cli.app_command import imported_once_for_all
from wargame.cli.common import load_named_scenario, say
from wargame.cli.errors import CommandError
from wargame.game import GameError
from wargame.game.sharing import (
    host_game,
    join_game,
    parse_join_string,
    pull_game,
    upgrade_shared_database,
)


def cmd_host(args: argparse.Namespace) -> int:
    """Create a game in a PostgreSQL database and print one join string per team."""
    try:
        if args.upgrade:
            upgrade_shared_database(args.db)
            say("the shared database is upgraded and its security set-up refreshed")
            if args.scenario is None:
                return 0
        if args.scenario is None:
            raise CommandError("say which scenario to host (or give --upgrade only)")
        loaded = load_named_scenario(args.scenario)
        hosted = host_game(
            args.db,
            loaded,
            title=args.title,
            seed=args.seed,
            facilitator=args.facilitator,
            address=args.address,
        )
    except GameError as exc:
        raise CommandError(str(exc)) from None
    say(f"hosted '{hosted.title}' in {hosted.where} (game {hosted.game_uid})")
    say("Hand each join string to its team only: it holds that team's password.")
    say(f"  {'facilitator':<24} {hosted.facilitator.url}")
    for join in hosted.teams:
        say(f"  {join.team_id or '':<24} {join.url}")
    if hosted.local_only:
        say(
            "note: these join strings name this machine (localhost); for other laptops, "
            "run again with --address <this machine's address on the venue network>"
        )
    if not hosted.encrypted:
        say(
            "note: the server does not encrypt connections (no TLS), so anyone on the venue "
            "network can read these passwords and the moves; see docs/venue-setup.md"
        )
    return 0


def _load_app() -> ModuleType:
    """The desktop app's module (Qt is heavy: imported only when the app starts)."""
    with imported_once_for_all():
        return importlib.import_module("wargame.ui.app")


def cmd_join(args: argparse.Namespace) -> int:
    """Check the join string, then start the app in participant mode for its team."""
    try:
        parse_join_string(args.join)
        with join_game(args.join, team=args.team, participant=args.participant) as joined:
            team = joined.team_id
    except GameError as exc:
        raise CommandError(str(exc)) from None
    try:
        app = _load_app()
    except ModuleNotFoundError:
        raise CommandError(
            "the desktop app is not part of this build; the join string works, but a "
            "participant needs the app to play"
        ) from None
    run_app = getattr(app, "run_app", None)
    if run_app is None:
        raise CommandError("the desktop app of this build cannot join a shared game")
    app_args = argparse.Namespace(
        game=None,
        scenario=None,
        screenshot=None,
        join=args.join,
        team=team,
        participant=args.participant,
    )
    code: int = run_app(app_args)
    return code


def cmd_pull(args: argparse.Namespace) -> int:
    """Copy a shared game into a single game file."""
    try:
        path = pull_game(args.db, args.output, game_uid=args.game)
    except GameError as exc:
        raise CommandError(str(exc)) from None
    say(f"copied the shared game into {path}")
    return 0
