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
* :class:`DraftStore` keeps what a participant is typing in a small JSON file under the
  user's data folder until it is committed, so a dropped connection or a crash loses
  nothing; :func:`commit_draft` commits a draft and forgets it only once committed.
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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit

import psycopg
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from wargame.game.errors import (
    Conflict,
    GameError,
    GameFileProblem,
    InvalidInput,
    NotAllowed,
    NotFound,
)
from wargame.game.events import GameEvent
from wargame.game.live import GameListener, StatusListener
from wargame.game.service import Game
from wargame.game.views import Role, Viewer
from wargame.scenario import LoadedScenario
from wargame.scenario.discovery import user_data_dir
from wargame.store import GameDatabase, StoreError, copy_database, head_revision
from wargame.store.shared import (
    AccessGrant,
    access_of_current_user,
    create_game_roles,
    install_sharing,
    libpq_url,
    server_url,
)

__all__ = [
    "DRAFT_NEW_MOVE",
    "Draft",
    "DraftStore",
    "HostedGame",
    "JoinString",
    "JoinTarget",
    "JoinedGame",
    "commit_draft",
    "host_game",
    "join_game",
    "parse_join_string",
    "pull_game",
    "reissue_join_strings",
    "upgrade_shared_database",
]

log = logging.getLogger(__name__)

DRAFT_NEW_MOVE = "new-move"
"""The draft key of the move being written (an edit of move 12 uses ``move-12``)."""

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
    """

    game_id: int
    game_uid: str
    title: str
    where: str
    facilitator: JoinString
    teams: tuple[JoinString, ...]
    local_only: bool


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


def _join_url(owner_url: str, role: str, password: str, address: str | None, param: str) -> str:
    parsed = make_url(server_url(owner_url))
    host, port = parsed.host, parsed.port
    if address:
        host_part, colon, port_part = address.strip().rpartition(":")
        if colon and port_part.isdigit() and host_part and not host_part.endswith(":"):
            host, port = host_part.strip("[]"), int(port_part)
        else:
            host = address.strip().strip("[]")
    url = parsed.set(
        drivername="postgresql", username=role, password=password, host=host, port=port, query={}
    )
    return f"{url.render_as_string(hide_password=False)}?{param}"


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
    _check_can_create_roles(url)
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
            game.join(white, name, Role.PLAYER, team.id)
        db = GameDatabase.open(url)
        try:
            install_sharing(db)
            roles = create_game_roles(db, game.game_id, [t.id for t in loaded.scenario.teams])
        finally:
            db.close()
    except StoreError as error:
        raise GameFileProblem(str(error)) from None
    finally:
        game.close()
    names = {t.id: t.name for t in loaded.scenario.teams}
    joins = [
        JoinString(
            url=_join_url(
                url,
                r.name,
                r.password,
                address,
                "role=facilitator" if r.team_id is None else f"team={r.team_id}",
            ),
            team_id=r.team_id,
            label="Facilitator" if r.team_id is None else names[r.team_id],
            role=r.name,
        )
        for r in roles
    ]
    host = make_url(joins[0].url).host or ""
    return HostedGame(
        game_id=game.game_id,
        game_uid=summary.uid,
        title=summary.title,
        where=game.location,
        facilitator=joins[0],
        teams=tuple(joins[1:]),
        local_only=host in _LOCAL_HOSTS or host.startswith("/"),
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
    return tuple(
        JoinString(
            url=_join_url(
                url, r.name, r.password, address,
                "role=facilitator" if r.team_id is None else f"team={r.team_id}",
            ),
            team_id=r.team_id,
            label="Facilitator" if r.team_id is None else names[r.team_id],
            role=r.name,
        )
        for r in roles
    )  # fmt: skip


def upgrade_shared_database(owner_url: str) -> None:
    """Bring a shared database to this version's schema and refresh its security set-up.

    Team and facilitator roles cannot run migrations (they own nothing); the owner runs this
    once after installing a newer wargame on the host.
    """
    try:
        db = GameDatabase.open(server_url(owner_url))
        try:
            install_sharing(db)
        finally:
            db.close()
    except StoreError as error:
        raise GameFileProblem(str(error)) from None


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
        with psycopg.connect(libpq_url(url), connect_timeout=10) as connection:
            row = connection.execute(
                "SELECT version_num FROM alembic_version LIMIT 1"
                if _has_table(connection, "alembic_version")
                else "SELECT NULL"
            ).fetchone()
    except psycopg.Error as error:
        first = (str(error).strip().splitlines() or ["no answer"])[0].rstrip(".")
        raise GameFileProblem(f"Cannot connect to the game database {where}: {first}.") from None
    revision = None if row is None else row[0]
    if revision is None:
        raise GameFileProblem(f"{where} holds no shared wargame game")
    if revision != head_revision():
        raise GameFileProblem(
            f"{where} is at schema {revision}, this wargame expects {head_revision()}: "
            "both must run the same version of wargame (the host upgrades the database "
            "with `wargame host --upgrade`)"
        )


def _check_can_create_roles(url: str) -> None:
    """Refuse before anything is written when the account could not make the game's roles."""
    where = _describe(url)
    try:
        with psycopg.connect(libpq_url(url), connect_timeout=10) as connection:
            row = connection.execute(
                "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user"
            ).fetchone()
    except psycopg.Error as error:
        first = (str(error).strip().splitlines() or ["no answer"])[0].rstrip(".")
        raise GameFileProblem(f"Cannot connect to the game database {where}: {first}.") from None
    if not (row and row[0]):
        raise GameFileProblem(
            f"Cannot host a game in {where}: this account may not create roles; give it "
            "CREATEROLE (see docs/venue-setup.md)"
        )


def _has_table(connection: Any, name: str) -> bool:
    row = connection.execute("SELECT to_regclass(%s) IS NOT NULL", (name,)).fetchone()
    return bool(row and row[0])


def _describe(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


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
    where = _describe(target.url)
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
    where = _describe(target.url)
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
    with db.session(write=False) as s:
        rows = s.execute(text("SELECT id, uid, title FROM game ORDER BY id")).all()
    if game_uid is not None:
        for row in rows:
            if row[1] == game_uid:
                return int(row[0])
        raise NotFound(f"there is no game with uid {game_uid} in {where}")
    if not rows:
        raise GameFileProblem(f"{where} holds no game")
    if len(rows) > 1:
        listed = "; ".join(f"{r[1]} ({r[2]})" for r in rows)
        raise InvalidInput(f"{where} holds {len(rows)} games; say which with --game: {listed}")
    return int(rows[0][0])


# ---------------------------------------------------------------------------- drafts


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
    try:
        if draft.move_id is None:
            move_id = game.submit_move(
                by,
                title=draft.title,
                action=draft.action,
                intended_result=draft.intended_result,
                reasons=draft.reasons,
                visibility=draft.visibility,
                team_id=draft.team_id,
            )
        else:
            if draft.expected_version is None:
                raise InvalidInput("this draft edit does not say which version it started from")
            game.edit_move(
                by,
                draft.move_id,
                expected_version=draft.expected_version,
                title=draft.title,
                action=draft.action,
                intended_result=draft.intended_result,
                reasons=draft.reasons,
                visibility=draft.visibility,
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
