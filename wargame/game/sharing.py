"""Several laptops, one game: host a game on a shared PostgreSQL, join it, pull it into a file.

* :func:`host_game` creates a game in a PostgreSQL database from a scenario (running the
  migrations), installs row-level security and notifications
  (:mod:`wargame.store.shared`), adds one participant per team (the team's laptop) and
  returns a :class:`HostedGame` with one **join string** per team and one for the
  facilitator. A join string is a libpq URL with the game role's password and a
  ``team=<id>`` (or ``role=facilitator``) parameter::

      postgresql://wg_3f2a9c01b7de_blue:<password>@192.168.1.20:5432/wargame?team=blue

* :func:`join_game` opens a game from a join string and says who to act as
  (:class:`JoinedGame`: the :class:`~wargame.game.service.Game`, the team, the participant id,
  the :class:`~wargame.game.views.Viewer`), and makes its :class:`~wargame.game.live.GameListener`.
* :func:`pull_game` copies a shared game into a single ``.wargame`` file, so the report and
  the archive work as for any other game.

What a participant types is kept in :mod:`wargame.game.drafts` until it is committed.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from wargame.game.cases.people import JoinRequest
from wargame.game.drafts import DraftStore
from wargame.game.errors import GameFileProblem, InvalidInput, NotAllowed, NotFound
from wargame.game.events import GameEvent
from wargame.game.fog import teams_in_fog
from wargame.game.fog_publish import publish_team_views_in
from wargame.game.live import GameListener, StatusListener
from wargame.game.service import Game
from wargame.game.team_terms import team_terms
from wargame.game.views import Role, Viewer
from wargame.scenario import LoadedScenario
from wargame.scenario.model import Scenario
from wargame.store import GameDatabase, StoreError, copy_database, head_revision
from wargame.store.pg_link import describe_url, probe_server
from wargame.store.shared import (
    AccessGrant,
    GameRole,
    access_of_current_user,
    create_game_roles,
    games_in_database,
    install_sharing,
    server_url,
)
from wargame.store.shared_guards import publish_team_terms

__all__ = [
    "HostedGame",
    "JoinString",
    "JoinTarget",
    "JoinedGame",
    "host_game",
    "join_game",
    "parse_join_string",
    "pull_game",
    "reissue_join_strings",
    "upgrade_shared_database",
]

_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", ""}


# ---------------------------------------------------------------------------- join strings


@dataclass(frozen=True)
class JoinString:
    """One credential to hand out: who it is for, and the URL (with its password).

    Attributes:
        url: the join string; treat it like a password.
        team_id: the team, or ``None`` for the facilitator.
        label: who it is for, for a printout ("Blue team", "Facilitator").
        role: the database role inside it.
    """

    url: str
    team_id: str | None
    label: str
    role: str

    def __str__(self) -> str:
        return self.url


@dataclass(frozen=True)
class HostedGame:
    """What :func:`host_game` made.

    Attributes:
        game_id: the game's id in the database.
        game_uid: the game's uid.
        title: the game's title.
        where: the database, without password.
        facilitator: the facilitator's join string.
        teams: one join string per team, in the scenario's order.
        local_only: the join strings name this machine (localhost): other laptops need
            ``address`` to be given.
        encrypted: the server speaks TLS, and the join strings require it.
        fog_teams: the teams the scenario's fog of war keeps from seeing some units (see
            :func:`wargame.game.fog.teams_in_fog`); their own database roles read only the
            units they see.
    """

    game_id: int
    game_uid: str
    title: str
    where: str
    facilitator: JoinString
    teams: tuple[JoinString, ...]
    local_only: bool
    encrypted: bool = False
    fog_teams: tuple[str, ...] = ()


@dataclass(frozen=True)
class JoinTarget:
    """A join string taken apart.

    Attributes:
        url: the SQLAlchemy URL to connect with (wargame's parameters removed).
        team_id: the team it names (``team=``), or ``None``.
        facilitator: it says ``role=facilitator``.
        game_uid: the game it names (``game=``), or ``None``.
    """

    url: str
    team_id: str | None
    facilitator: bool
    game_uid: str | None


def parse_join_string(join: str) -> JoinTarget:
    """Take a join string (or any PostgreSQL URL) apart; refuse anything else.

    Raises:
        InvalidInput: not a ``postgresql://`` URL.
    """
    join = join.strip()
    try:
        parsed = make_url(join)
    except ArgumentError:
        raise InvalidInput(
            "that is not a join string; it should start with postgresql://"
        ) from None
    if parsed.get_backend_name() not in ("postgresql", "postgres"):
        raise InvalidInput("a join string starts with postgresql://")
    params = parse_qs(urlsplit(join).query)
    team, role, game = (next(iter(params.get(k, ())), None) for k in ("team", "role", "game"))
    return JoinTarget(
        url=server_url(join), team_id=team, facilitator=role == "facilitator", game_uid=game
    )


def _join_url(owner_url: str, role: GameRole, address: str | None, tls: bool) -> str:
    parsed = make_url(server_url(owner_url))
    host, port = parsed.host, parsed.port
    if address:
        host_part, colon, port_part = address.strip().rpartition(":")
        if colon and port_part.isdigit() and host_part and not host_part.endswith(":"):
            host, port = host_part.strip("[]"), int(port_part)
        else:
            host = address.strip().strip("[]")
    url = parsed.set(
        drivername="postgresql",
        username=role.name,
        password=role.password,
        host=host,
        port=port,
        query={},
    )
    params = "role=facilitator" if role.team_id is None else f"team={role.team_id}"
    if tls:
        params = f"{params}&sslmode=require"
    return f"{url.render_as_string(hide_password=False)}?{params}"


def _join_strings(
    owner_url: str,
    roles: Iterable[GameRole],
    team_names: dict[str, str],
    address: str | None,
    *,
    tls: bool,
) -> tuple[JoinString, ...]:
    """One join string per role; with ``sslmode=require`` when the server speaks TLS."""
    return tuple(
        JoinString(
            url=_join_url(owner_url, r, address, tls),
            team_id=r.team_id,
            label="Facilitator" if r.team_id is None else team_names[r.team_id],
            role=r.name,
        )
        for r in roles
    )


# ---------------------------------------------------------------------------- host


def host_game(
    owner_url: str,
    loaded: LoadedScenario,
    *,
    title: str | None = None,
    seed: int | None = None,
    facilitator: str = "Facilitator",
    facilitator_pin: str | None = None,
    address: str | None = None,
) -> HostedGame:
    """Create a game in a PostgreSQL database and the credentials to play it from laptops.

    Runs the migrations, installs sharing (row-level security, notifications), creates the
    game with its facilitator, adds one player per team named after the team (the team's
    laptop; the facilitator may add named players later), and makes one database role per
    team and one for the facilitator.

    Args:
        owner_url: the database, with an account that owns (or will own) the tables and may
            create roles (see docs/venue-setup.md).
        loaded: the scenario.
        title: the game's title (default: the scenario's).
        seed: the digital dice's seed (default: random).
        facilitator: the facilitator's name.
        facilitator_pin: an optional PIN for the facilitator.
        address: ``HOST`` or ``HOST:PORT`` that other laptops use to reach the database, when
            it differs from the one in ``owner_url`` (e.g. ``localhost`` on the host).

    Raises:
        GameFileProblem: the database cannot be reached, or the account lacks a privilege
            (the message says which).
        InvalidInput: bad title, seed or names.
    """
    url = parse_join_string(owner_url).url  # refuses anything but postgresql://
    tls = _check_can_create_roles(url)
    game = Game.create(
        url,
        loaded,
        title=title,
        seed=seed,
        facilitator=facilitator,
        facilitator_pin=facilitator_pin,
    )
    try:
        summary = game.queries().summary()
        white = game.queries().participants()[0].id
        for team in loaded.scenario.teams:
            name = team.name
            if any(p.name.lower() == name.lower() for p in game.queries().participants()):
                name = f"{team.name} (team laptop)"
            game.join(white, JoinRequest(name=name, role=Role.PLAYER, team_id=team.id))
        db = GameDatabase.open(url)
        try:
            install_sharing(db)
            _publish_terms(db, game.game_id, loaded.scenario)
            roles = create_game_roles(db, game.game_id, [t.id for t in loaded.scenario.teams])
            publish_team_views_in(db, game.game_id, loaded.scenario)  # what each team sees
        finally:
            db.close()
    except StoreError as error:
        raise GameFileProblem(str(error)) from None
    finally:
        game.close()
    names = {t.id: t.name for t in loaded.scenario.teams}
    joins = _join_strings(url, roles, names, address, tls=tls)
    host = make_url(joins[0].url).host or ""
    return HostedGame(
        game_id=game.game_id,
        game_uid=summary.uid,
        title=summary.title,
        where=game.location,
        facilitator=joins[0],
        teams=tuple(joins[1:]),
        local_only=host in _LOCAL_HOSTS or host.startswith("/"),
        encrypted=tls,
        fog_teams=teams_in_fog(loaded.scenario),
    )


def reissue_join_strings(
    owner_url: str,
    game_uid: str,
    team_ids: Sequence[str] = (),
    *,
    facilitator: bool = False,
    address: str | None = None,
) -> tuple[JoinString, ...]:
    """New passwords for some roles of a hosted game (a lost or leaked join string).

    The old join strings stop working at once.
    """
    url = server_url(owner_url)
    try:
        tls = probe_server(url).tls
        with contextlib.closing(Game.open(url, game_uid=game_uid)) as game:
            names = {t.id: t.name for t in game.scenario.teams}
            for team in team_ids:
                if team not in names:
                    raise NotFound(f"there is no team '{team}' in this game")
            game_id = game.game_id
        db = GameDatabase.open(url)
        try:
            roles = create_game_roles(db, game_id, list(team_ids), facilitator=facilitator)
        finally:
            db.close()
    except StoreError as error:
        raise GameFileProblem(str(error)) from None
    return _join_strings(url, roles, names, address, tls=tls)


def upgrade_shared_database(owner_url: str) -> None:
    """Bring a shared database to this version's schema and refresh its security set-up.

    Team and facilitator roles cannot run migrations (they own nothing); the owner runs this
    once after installing a newer wargame on the host.
    """
    url = server_url(owner_url)
    try:
        db = GameDatabase.open(url)
        try:
            install_sharing(db)
            for row in games_in_database(db):
                with contextlib.closing(Game.open(url, game_uid=row.uid)) as game:
                    scenario = game.scenario
                _publish_terms(db, row.id, scenario)
                publish_team_views_in(db, row.id, scenario)
        finally:
            db.close()
    except StoreError as error:
        raise GameFileProblem(str(error)) from None


def _publish_terms(db: GameDatabase, game_id: int, scenario: Scenario) -> None:
    """Store each team's cut of the scenario and the phases teams may write in."""
    terms = team_terms(scenario)
    publish_team_terms(db, game_id, terms.cuts, terms.move_phases, terms.counter_phases)


# ---------------------------------------------------------------------------- join


@dataclass
class JoinedGame:
    """A shared game opened from a join string, and who to act as in it.

    Attributes:
        game: the open game (close it, or use ``with``).
        team_id: the team played, or ``None`` for the facilitator.
        participant_id: the participant to pass as ``by=`` to the use cases.
        viewer: the viewer for the queries.
        url: the connection URL (with password), for the listener.
    """

    game: Game
    team_id: str | None
    participant_id: int
    viewer: Viewer
    url: str = field(repr=False)

    def listener(
        self,
        on_event: Callable[[GameEvent], None],
        on_status: StatusListener | None = None,
        **options: Any,
    ) -> GameListener:
        """A (not yet started) listener for this game's live updates."""
        turn = self.game.queries().summary().turn
        return GameListener(self.url, self.game.game_id, on_event, on_status, turn=turn, **options)

    def drafts(self, folder: Path | None = None) -> DraftStore:
        """This participant's draft store for this game."""
        uid = self.game.queries().summary().uid
        return DraftStore.for_game(uid, self.participant_id, folder=folder)

    def close(self) -> None:
        """Close the game."""
        self.game.close()

    def __enter__(self) -> JoinedGame:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _check_schema(url: str, where: str) -> None:
    """Refuse, with a sentence, a database that needs migrating: only its owner may do that."""
    try:
        revision = probe_server(url).revision
    except StoreError as error:
        raise GameFileProblem(str(error)) from None
    if revision is None:
        raise GameFileProblem(f"{where} holds no shared wargame game")
    if revision != head_revision():
        raise GameFileProblem(
            f"{where} is at schema {revision}, this wargame expects {head_revision()}: "
            "both must run the same version of wargame (the host upgrades the database "
            "with `wargame host --upgrade`)"
        )


def _check_can_create_roles(url: str) -> bool:
    """Refuse before anything is written when the account could not make the game's roles.

    Returns:
        Whether the connection to the server is encrypted (TLS).
    """
    try:
        probe = probe_server(url)
    except StoreError as error:
        raise GameFileProblem(str(error)) from None
    if not probe.can_create_roles:
        raise GameFileProblem(
            f"Cannot host a game in {describe_url(url)}: this account may not create roles; "
            "give it CREATEROLE (see docs/venue-setup.md)"
        )
    return probe.tls


def join_game(join: str, *, team: str | None = None, participant: str | None = None) -> JoinedGame:
    """Open a shared game from a join string, as the team (or facilitator) it is for.

    Args:
        join: the join string.
        team: the team the user says they play (id or name, any case); refused when the
            join string is for another team. ``None`` accepts the join string's own.
        participant: the name of the player to act as (default: the team's laptop
            participant made by :func:`host_game`, else its first player).

    Raises:
        InvalidInput: not a join string.
        NotAllowed: the join string is for another team than ``team``.
        GameFileProblem: the database cannot be reached, the credentials are refused, the
            schema needs upgrading.
        NotFound: no such participant.
    """
    target = parse_join_string(join)
    where = describe_url(target.url)
    _check_schema(target.url, where)
    try:
        db = GameDatabase.open(target.url)
    except StoreError as error:
        raise GameFileProblem(str(error)) from None
    try:
        access = access_of_current_user(db)
    except (StoreError, SQLAlchemyError) as error:
        raise GameFileProblem(f"Cannot read the game's access list in {where}: {error}") from None
    finally:
        db.close()
    as_team = access.team_id if access is not None else target.team_id
    if access is not None and target.team_id is not None and target.team_id != access.team_id:
        raise NotAllowed(
            f"this join string says team '{target.team_id}' but its credentials are for "
            f"{_who(access)}"
        )
    game_uid = target.game_uid
    game = Game.open(target.url, as_team=as_team if access is not None else None, game_uid=game_uid)
    try:
        if access is not None and access.game_id != game.game_id:
            raise GameFileProblem("the join string's credentials are for another game")
        if team is not None:
            wanted = _team_id(game, team)
            if wanted != as_team:
                raise NotAllowed(
                    f"this join string is for {_team_label(game, as_team)}, "
                    f"not {_team_label(game, wanted)}; ask the facilitator for yours"
                )
        person = _participant(game, as_team, participant)
        viewer = Viewer.facilitator(person) if as_team is None else Viewer.team(as_team, person)
    except BaseException:
        game.close()
        raise
    return JoinedGame(
        game=game, team_id=as_team, participant_id=person, viewer=viewer, url=target.url
    )


def _who(access: AccessGrant) -> str:
    return "the facilitator" if access.team_id is None else f"team '{access.team_id}'"


def _team_id(game: Game, team: str) -> str:
    wanted = team.strip().lower()
    for t in game.scenario.teams:
        if wanted in (t.id.lower(), t.name.lower()):
            return t.id
    known = ", ".join(t.id for t in game.scenario.teams)
    raise NotFound(f"there is no team '{team}' in this game (teams: {known})")


def _team_label(game: Game, team_id: str | None) -> str:
    if team_id is None:
        return "the facilitator"
    try:
        return game.scenario.team(team_id).name
    except KeyError:
        return team_id


def _participant(game: Game, team_id: str | None, name: str | None) -> int:
    people = [p for p in game.queries().participants() if not p.voided]
    if team_id is None:
        candidates = [p for p in people if p.role is Role.FACILITATOR]
    else:
        candidates = [p for p in people if p.role is Role.PLAYER and p.team_id == team_id]
    if name is not None:
        for p in candidates:
            if p.name.lower() == name.strip().lower():
                return p.id
        raise NotFound(f"there is no participant called '{name}' in {_team_label(game, team_id)}")
    if not candidates:
        raise NotFound(f"{_team_label(game, team_id)} has no player in this game yet")
    if team_id is not None:
        label = _team_label(game, team_id).lower()
        for p in candidates:
            if p.name.lower() in (label, f"{label} (team laptop)"):
                return p.id
    return candidates[0].id


# ---------------------------------------------------------------------------- pull


def pull_game(url: str, dest: str | os.PathLike[str], *, game_uid: str | None = None) -> Path:
    """Copy one shared game, every row, into a new ``.wargame`` file.

    Use the facilitator's join string or the owner's URL: a team's credentials see only part
    of the game and are refused.

    Args:
        url: the database.
        dest: the new game file (it must not exist).
        game_uid: which game, when the database holds several (the owner's URL).

    Raises:
        NotAllowed: a team's join string.
        GameFileProblem: the database cannot be read, the file exists, the game is ambiguous.
    """
    target = parse_join_string(url)
    where = describe_url(target.url)
    _check_schema(target.url, where)
    game_uid = game_uid or target.game_uid
    path = Path(dest).expanduser().absolute()
    try:
        src = GameDatabase.open(target.url, read_only=True)
    except StoreError as error:
        raise GameFileProblem(str(error)) from None
    try:
        access = access_of_current_user(src)
        if access is not None and access.team_id is not None:
            raise NotAllowed(
                "a team's join string sees only part of the game; pull with the "
                "facilitator's join string or the database owner's URL"
            )
        game_id = _pick_game(src, game_uid, where)
        dest_db = GameDatabase.create(path)  # refuses an existing file: never overwritten
        try:
            with dest_db:
                copy_database(src, dest_db, game_id=game_id)
        except BaseException:
            for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                leftover.unlink(missing_ok=True)  # only the half-made copy of ours
            raise
    except StoreError as error:
        raise GameFileProblem(str(error)) from None
    except SQLAlchemyError as error:
        raise GameFileProblem(f"could not copy the game from {where}: {error}") from None
    finally:
        src.close()
    return path


def _pick_game(db: GameDatabase, game_uid: str | None, where: str) -> int:
    rows = games_in_database(db)
    if game_uid is not None:
        for row in rows:
            if row.uid == game_uid:
                return row.id
        raise NotFound(f"there is no game with uid {game_uid} in {where}")
    if not rows:
        raise GameFileProblem(f"{where} holds no game")
    if len(rows) > 1:
        listed = "; ".join(f"{r.uid} ({r.title})" for r in rows)
        raise InvalidInput(f"{where} holds {len(rows)} games; say which with --game: {listed}")
    return rows[0].id
