"""A game database shared by several laptops: per-game roles, row-level security, NOTIFY.

PostgreSQL itself enforces who sees what, so a team's credentials reveal nothing more in
``psql`` than in the app. The design, in four parts:

* **Roles.** Each hosted game gets one login role for the facilitator (white cell) and one
  per team, named ``wg_<12 hex of the game uid>_<team id>`` and ``wg_<12 hex>__facilitator``
  (a team id never starts with ``_``, so the two cannot clash). None is a superuser, none
  may bypass row-level security, none owns anything. The table ``wargame_access`` maps each
  role to its game and team (``team_id`` NULL for the facilitator); the policies read it
  through ``current_user``, so one set of policies serves every game in the database.
* **Grants.** The facilitator may read, insert and update (never delete) every table of the
  record. A team may read the record tables except notes, observations and the audit
  trail; it may insert moves, counter-arguments and audit lines (of which it may read back
  only the ``id``, which ``INSERT … RETURNING`` needs) and update only the editable columns
  of a move. It reads adjudications whole only through a view that keeps an unannounced
  rationale and the white cell's move tags back (:mod:`wargame.store.shared_views`).
  Nobody but the owner may delete or truncate: the record stays append-only.
* **Row-level security**, enabled *and forced* on every record table, so that even the
  table owner is subject to it; the owner (the account that ran the migrations and
  ``wargame host``) has an explicit all-rows policy named ``wargame_owner``. A team sees only
  its own game, and in it: its own moves and others' revealed (or public, not withdrawn)
  moves, exactly :meth:`wargame.game.queries.GameQueries.can_see_move`; counter-arguments
  and adjudications of moves it can see; effects and facts whose adjudication, move and
  inject it can see, but no effect on a unit (the units a team sees are published for it:
  :mod:`wargame.store.shared_fog`); injects addressed to all or to it. Superusers bypass
  all of this, as always in PostgreSQL.
* **Notifications.** A trigger on every record table calls ``pg_notify`` on the game's
  channel (:func:`channel_name`) after each inserted or updated row. Any role in the
  database may LISTEN to any channel, so the payload carries no content: the table, the
  row id, the operation, the transaction id (to group one use case's rows into one event),
  the row's turn and, for moves, whether it is revealed. Listeners re-read what changed
  through their own, filtered, queries.

:func:`install_sharing` sets up the database-wide part (idempotent; run by the owner on every
``wargame host``, and again after an upgrade so new tables are covered); :func:`create_game_roles`
makes (or re-keys) the roles of one game and returns their passwords.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DBAPIError

from wargame.store.engine import GameDatabase, translate_error
from wargame.store.errors import StoreError
from wargame.store.models import Base
from wargame.store.shared_fog import UNIT_EFFECT_KINDS, fog_grant_statements, fog_statements
from wargame.store.shared_guards import (
    APPEND_ONLY,
    FROZEN_GAME_COLUMNS,
    RULES_TABLE,
    TEAM_SCENARIO_TABLE,
    guard_statements,
)
from wargame.store.shared_views import (
    TEAM_ADJUDICATION_VIEW,
    TEAM_HIDDEN_COLUMNS,
    team_view_statements,
)

__all__ = [
    "ACCESS_TABLE",
    "JOIN_PARAMS",
    "AccessGrant",
    "GameRole",
    "HostedGameRow",
    "SharingSetupError",
    "access_of_current_user",
    "channel_name",
    "create_game_roles",
    "facilitator_role_name",
    "games_in_database",
    "install_sharing",
    "libpq_url",
    "role_name",
    "server_url",
    "team_role_name",
]

ACCESS_TABLE = "wargame_access"
"""Role → game and team. Not part of the game record: it is never copied into a file."""

JOIN_PARAMS = ("team", "role", "game")
"""Query parameters of a join string that are wargame's, not libpq's; stripped before connecting."""

FACILITATOR_SUFFIX = "_facilitator"
_MAX_IDENTIFIER = 63
_ADVISORY_KEY = 0x77617267616D66
"""Serialises two ``wargame host`` runs on one database."""

_TEAM_READS = (
    "game",
    "participant",
    "team_assignment",
    "phase_record",
    "move",
    "counter_argument",
    "adjudication",
    "roll",
    "effect",
    "inject_release",
    "fact",
    "hotwash_finding",
    "scenario_file",
)
_TEAM_HIDDEN_COLUMNS = {
    "game": ("seed", "scenario_text"),
    "participant": ("pin_hash",),
    **TEAM_HIDDEN_COLUMNS,
}
"""Columns of the tables in :data:`_TEAM_READS` that a team role may not read: with the
digital dice's seed a team could work out every roll before the white cell makes it, with
a PIN's hash it could search out the PIN (the facilitator's hands the facilitator's
laptop back from team entry), and the scenario's full text holds every team's private
briefing and the white cell's injects (a team reads its own cut instead, from
:data:`~wargame.store.shared_guards.TEAM_SCENARIO_TABLE`). Any later ``scenario_*`` column
of ``game`` other than its id, title and hash is hidden too. An adjudication's rationale and
inputs are read through a view instead (:mod:`wargame.store.shared_views`)."""
_TEAM_SHOWN_SCENARIO_COLUMNS = ("scenario_id", "scenario_title", "scenario_sha256")
_FACILITATOR_FROZEN = {"game": FROZEN_GAME_COLUMNS}
"""Columns the facilitator's role may read and insert but never update."""
_TEAM_INSERTS = ("move", "counter_argument", "audit")
_MOVE_EDITABLE = (
    "title",
    "action",
    "intended_result",
    "reasons",
    "visibility",
    "status",
    "updated_at",
    "version_id",
)
_NO_PARAMETERS = {"no_parameters": True}
_ROLE_SETTINGS = {
    # A laptop that hangs mid-transaction must not hold other teams' rows locked for long.
    "idle_in_transaction_session_timeout": "60s",
    "statement_timeout": "60s",
}


class SharingSetupError(StoreError):
    """The database account cannot set up a shared game (missing privilege, not the owner …)."""

    def __init__(self, where: str, detail: str) -> None:
        super().__init__(where, f"Cannot set up the shared game in {where}: {detail}.")
        self.detail = detail


@dataclass(frozen=True)
class GameRole:
    """One login role of a hosted game, with the password just set for it.

    Attributes:
        name: the PostgreSQL role name.
        password: the password (shown once, in the join string; the server keeps a SCRAM hash).
        game_id: the game it may see.
        team_id: its team, or ``None`` for the facilitator.
    """

    name: str
    password: str
    game_id: int
    team_id: str | None

    @property
    def is_facilitator(self) -> bool:
        """Whether this is the white cell's role."""
        return self.team_id is None


@dataclass(frozen=True)
class AccessGrant:
    """What the connected role may see, from ``wargame_access``.

    Attributes:
        role: the role name.
        game_id: its game.
        team_id: its team, or ``None`` for the facilitator.
    """

    role: str
    game_id: int
    team_id: str | None


@dataclass(frozen=True)
class HostedGameRow:
    """One game of a shared database, as listed for choosing which to open or pull.

    Attributes:
        id: its id in the database.
        uid: its uid.
        title: its title.
    """

    id: int
    uid: str
    title: str


# ---------------------------------------------------------------------------- names


def channel_name(game_id: int) -> str:
    """The LISTEN/NOTIFY channel of one game in its database."""
    return f"wargame_{int(game_id)}"


def _uid_part(game_uid: str) -> str:
    part = "".join(c for c in game_uid.lower() if c in "0123456789abcdef")[:12]
    if len(part) < 12:
        msg = f"game uid {game_uid!r} is not 32 hex digits"
        raise ValueError(msg)
    return part


def team_role_name(game_uid: str, team_id: str) -> str:
    """``wg_<12 hex>_<team>``, or ``wg_<12 hex>_t<hash>`` when the team id is too long."""
    name = f"wg_{_uid_part(game_uid)}_{team_id}"
    if len(name.encode()) <= _MAX_IDENTIFIER:
        return name
    digest = hashlib.sha256(team_id.encode()).hexdigest()[:16]
    return f"wg_{_uid_part(game_uid)}_t{digest}"


def facilitator_role_name(game_uid: str) -> str:
    """``wg_<12 hex>__facilitator``: the white cell's role of one game."""
    return f"wg_{_uid_part(game_uid)}_{FACILITATOR_SUFFIX}"


def role_name(game_uid: str, team_id: str | None) -> str:
    """The role of a team, or of the facilitator when ``team_id`` is ``None``."""
    return facilitator_role_name(game_uid) if team_id is None else team_role_name(game_uid, team_id)


def server_url(url: str) -> str:
    """A SQLAlchemy URL (``postgresql+psycopg://``) without wargame's join parameters."""
    parsed = make_url(url)
    query = {k: v for k, v in parsed.query.items() if k not in JOIN_PARAMS}
    parsed = parsed.set(drivername="postgresql+psycopg", query=query)
    return parsed.render_as_string(hide_password=False)


def libpq_url(url: str) -> str:
    """A libpq URI (``postgresql://``) for psycopg itself, without wargame's join parameters."""
    parsed = make_url(url)
    query = {k: v for k, v in parsed.query.items() if k not in JOIN_PARAMS}
    parsed = parsed.set(drivername="postgresql", query=query)
    return parsed.render_as_string(hide_password=False)


# ---------------------------------------------------------------------------- SQL helpers


def _q(connection: Connection, name: str) -> str:
    """Quote an identifier for the connection's dialect."""
    return connection.dialect.identifier_preparer.quote_identifier(name)


def _literal(value: str) -> str:
    """A SQL string literal (standard_conforming_strings is on in every supported server)."""
    return "'" + value.replace("'", "''") + "'"


def _record_tables() -> list[str]:
    return [table.name for table in Base.metadata.sorted_tables]


def _schema(connection: Connection) -> str:
    return str(connection.execute(text("SELECT current_schema()")).scalar_one())


def _owner(connection: Connection, schema: str) -> str:
    owner = connection.execute(
        text("SELECT tableowner FROM pg_tables WHERE schemaname = :s AND tablename = 'game'"),
        {"s": schema},
    ).scalar_one_or_none()
    if owner is None:
        msg = "the database has no wargame tables"
        raise SharingSetupError("the game database", msg)
    return str(owner)


def _sequences(connection: Connection, schema: str, tables: Iterable[str]) -> list[str]:
    """The id sequences of ``tables``, schema-qualified and quoted."""
    out = []
    for table in tables:
        seq = connection.execute(
            text("SELECT pg_get_serial_sequence(:t, 'id')"),
            {"t": f"{_q(connection, schema)}.{_q(connection, table)}"},
        ).scalar_one_or_none()
        if seq is not None:
            out.append(str(seq))
    return out


def _check_privileges(connection: Connection, where: str, owner: str) -> None:
    row = connection.execute(
        text(
            "SELECT rolsuper, rolcreaterole, current_user = :owner OR pg_has_role(current_user, "
            ":owner, 'USAGE') FROM pg_roles WHERE rolname = current_user"
        ),
        {"owner": owner},
    ).one()
    superuser, createrole, owns = bool(row[0]), bool(row[1]), bool(row[2])
    if not (superuser or owns):
        raise SharingSetupError(
            where,
            f"the tables belong to {owner}; connect as {owner} (the account that created the "
            "game database) to host a game",
        )
    if not (superuser or createrole):
        raise SharingSetupError(
            where,
            "this account may not create roles; give it CREATEROLE "
            "(ALTER ROLE … CREATEROLE; see docs/venue-setup.md)",
        )


# ---------------------------------------------------------------------------- install


def install_sharing(db: GameDatabase) -> None:
    """Set up (or refresh) row-level security, notifications and the access table.

    Idempotent: every ``wargame host`` runs it, so a table added by a later migration is
    covered the next time. Existing game roles get their grants again too.

    Raises:
        SharingSetupError: the database is SQLite, or the account is neither the owner of
            the tables nor a superuser, or may not create roles.
    """
    if db.is_sqlite:
        raise SharingSetupError(db.where, "a game file cannot be shared; use a PostgreSQL URL")
    try:
        with db.session() as session:
            connection = session.connection()
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _ADVISORY_KEY})
            schema = _schema(connection)
            owner = _owner(connection, schema)
            _check_privileges(connection, db.where, owner)
            statements = _install_statements(connection, schema, owner)
            statements += guard_statements(_q(connection, schema), _q(connection, owner))
            statements += team_view_statements(_q(connection, schema))
            statements += fog_statements(_q(connection, schema), _q(connection, owner))
            for statement in statements:  # DDL with '%' in it: no parameters to parse
                connection.exec_driver_sql(statement, execution_options=_NO_PARAMETERS)
            for grant in _all_grants(connection, schema):
                _grant(connection, schema, grant.role, team_id=grant.team_id)
    except DBAPIError as error:
        raise _setup_error(error, db.where) from error


def _setup_error(error: DBAPIError, where: str) -> StoreError:
    translated = translate_error(error, where)
    if translated is not None:
        return translated
    first = (str(error.orig or error).strip().splitlines() or ["refused"])[0]
    return SharingSetupError(where, first.rstrip("."))


def _install_statements(connection: Connection, schema: str, owner: str) -> list[str]:
    s = _q(connection, schema)
    access = f"{s}.{ACCESS_TABLE}"
    statements = [
        f"""CREATE TABLE IF NOT EXISTS {access} (
            role_name name PRIMARY KEY,
            game_id integer NOT NULL REFERENCES {s}.game (id) ON DELETE RESTRICT,
            team_id text,
            created_at timestamptz NOT NULL DEFAULT now()
        )""",
        # No game role may make objects beside the record's (servers before 15 let anyone).
        f"REVOKE CREATE ON SCHEMA {s} FROM PUBLIC",
        f"ALTER TABLE {access} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {access} FORCE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS wargame_owner ON {access}",
        f"CREATE POLICY wargame_owner ON {access} TO {_q(connection, owner)} "
        "USING (true) WITH CHECK (true)",
        f"DROP POLICY IF EXISTS wargame_self ON {access}",
        f"CREATE POLICY wargame_self ON {access} FOR SELECT USING (role_name = current_user)",
        # Who am I? Invoker's rights: each function reads only the caller's own access row.
        f"""CREATE OR REPLACE FUNCTION {s}.wargame_white_game() RETURNS integer
            LANGUAGE sql STABLE AS $$
            SELECT game_id FROM {access} WHERE role_name = current_user AND team_id IS NULL
            $$""",
        f"""CREATE OR REPLACE FUNCTION {s}.wargame_team_game() RETURNS integer
            LANGUAGE sql STABLE AS $$
            SELECT game_id FROM {access} WHERE role_name = current_user AND team_id IS NOT NULL
            $$""",
        f"""CREATE OR REPLACE FUNCTION {s}.wargame_team() RETURNS text
            LANGUAGE sql STABLE AS $$
            SELECT team_id FROM {access} WHERE role_name = current_user
            $$""",
        f"""CREATE OR REPLACE FUNCTION {s}.wargame_notify() RETURNS trigger
            LANGUAGE plpgsql AS $$
            DECLARE
                target integer;
                row_turn integer;
                revealed boolean := NULL;
                fields jsonb;
            BEGIN
                IF TG_TABLE_NAME = 'game' THEN
                    target := NEW.id;
                    row_turn := NEW.turn;
                ELSE
                    fields := to_jsonb(NEW);
                    target := (fields ->> 'game_id')::integer;
                    row_turn := (fields ->> 'turn')::integer;
                    IF TG_TABLE_NAME = 'move' THEN
                        revealed := fields ->> 'revealed_at' IS NOT NULL;
                    END IF;
                END IF;
                PERFORM pg_notify(
                    'wargame_' || target,
                    json_build_object(
                        't', TG_TABLE_NAME, 'id', NEW.id, 'op', left(TG_OP, 1),
                        'x', txid_current(), 'turn', row_turn, 'r', revealed
                    )::text
                );
                RETURN NULL;
            END
            $$""",
    ]
    for table in _record_tables():
        statements.extend(_table_statements(connection, schema, table, owner))
    return statements


def _policy(connection: Connection, schema: str, table: str, name: str, body: str) -> list[str]:
    target = f"{_q(connection, schema)}.{_q(connection, table)}"
    return [
        f"DROP POLICY IF EXISTS {name} ON {target}",
        f"CREATE POLICY {name} ON {target} {body}",
    ]


def _table_statements(connection: Connection, schema: str, table: str, owner: str) -> list[str]:
    s = _q(connection, schema)
    target = f"{s}.{_q(connection, table)}"
    game_col = "id" if table == "game" else "game_id"
    white = f"{game_col} = (SELECT {s}.wargame_white_game())"
    team_game = f"{game_col} = (SELECT {s}.wargame_team_game())"
    team = f"(SELECT {s}.wargame_team())"
    moves = f"(SELECT id FROM {s}.move)"  # filtered by the caller's own move policy
    adjudications = f"(SELECT id FROM {s}.adjudication)"
    injects = f"(SELECT id FROM {s}.inject_release)"
    out = [
        f"ALTER TABLE {target} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {target} FORCE ROW LEVEL SECURITY",
        f"DROP TRIGGER IF EXISTS wargame_notify ON {target}",
        f"CREATE TRIGGER wargame_notify AFTER INSERT OR UPDATE ON {target} "
        f"FOR EACH ROW EXECUTE FUNCTION {s}.wargame_notify()",
    ]
    out += _policy(
        connection, schema, table, "wargame_owner",
        f"TO {_q(connection, owner)} USING (true) WITH CHECK (true)",
    )  # fmt: skip
    out += _policy(
        connection, schema, table, "wargame_white", f"USING ({white}) WITH CHECK ({white})"
    )
    team_read: str | None = None
    if table == "move":
        team_read = (
            f"{team_game} AND (team_id = {team} OR (status <> 'withdrawn' "
            "AND (visibility = 'public' OR revealed_at IS NOT NULL)))"
        )
        own_sealed = (
            f"{team_game} AND team_id = {team} AND revealed_at IS NULL AND voided_at IS NULL"
        )
        out += _policy(
            connection, schema, table, "wargame_team_insert",
            f"FOR INSERT WITH CHECK ({own_sealed} AND superseded_by_id IS NULL)",
        )  # fmt: skip
        out += _policy(
            connection, schema, table, "wargame_team_update",
            f"FOR UPDATE USING ({own_sealed}) WITH CHECK ({own_sealed})",
        )  # fmt: skip
    elif table == "counter_argument":
        team_read = f"{team_game} AND move_id IN {moves}"
        out += _policy(
            connection, schema, table, "wargame_team_insert",
            f"FOR INSERT WITH CHECK ({team_game} AND team_id = {team} AND accepted IS NULL "
            f"AND voided_at IS NULL AND move_id IN (SELECT id FROM {s}.move "
            f"WHERE team_id <> {team}))",
        )  # fmt: skip
    elif table == "adjudication":
        team_read = f"{team_game} AND (move_id IS NULL OR move_id IN {moves})"
    elif table == "effect":  # never a unit's: a team reads the units it sees elsewhere
        unit_kinds = ", ".join(f"'{k}'" for k in UNIT_EFFECT_KINDS)
        team_read = (
            f"{team_game} AND kind NOT IN ({unit_kinds}) "
            f"AND (adjudication_id IS NULL OR adjudication_id IN {adjudications}) "
            f"AND (inject_release_id IS NULL OR inject_release_id IN {injects})"
        )
    elif table == "fact":
        team_read = (
            f"{team_game} AND (established_by_move_id IS NULL OR established_by_move_id IN "
            f"{moves}) AND (established_by_adjudication_id IS NULL OR "
            f"established_by_adjudication_id IN {adjudications})"
        )
    elif table == "inject_release":
        team_read = (
            f"{team_game} AND (audience::jsonb = '\"all\"'::jsonb "
            f"OR audience::jsonb @> to_jsonb({team}))"
        )
    elif table == "audit":
        # Teams write audit lines and may read back only the ids (column grant) of their own.
        own_lines = (
            f"{team_game} AND participant_id IN (SELECT participant_id FROM "
            f"{s}.team_assignment WHERE team_id = {team})"
        )
        out += _policy(
            connection, schema, table, "wargame_team_insert", f"FOR INSERT WITH CHECK ({own_lines})"
        )
        team_read = own_lines
    elif table in _TEAM_READS:
        team_read = team_game
    if team_read is not None:
        out += _policy(
            connection, schema, table, "wargame_team_read", f"FOR SELECT USING ({team_read})"
        )
    return out


# ---------------------------------------------------------------------------- roles


def _all_grants(connection: Connection, schema: str) -> list[AccessGrant]:
    rows = connection.execute(
        text(f"SELECT role_name, game_id, team_id FROM {_q(connection, schema)}.{ACCESS_TABLE}")
    ).all()
    return [AccessGrant(str(r[0]), int(r[1]), r[2]) for r in rows]


def _grant(connection: Connection, schema: str, role: str, *, team_id: str | None) -> None:
    """Give ``role`` exactly the table privileges of a facilitator or a team (idempotent)."""
    s = _q(connection, schema)
    who = _q(connection, role)
    tables = _record_tables()
    every = ", ".join(f"{s}.{_q(connection, t)}" for t in tables)
    per_game = f"{s}.{RULES_TABLE}, {s}.{TEAM_SCENARIO_TABLE}"
    statements = [
        f"REVOKE ALL ON {every}, {per_game}, {s}.{TEAM_ADJUDICATION_VIEW} FROM {who}",
        f"GRANT SELECT ON {s}.alembic_version, {s}.{ACCESS_TABLE}, {per_game} TO {who}",
    ]
    if team_id is None:
        statements += _facilitator_grants(connection, schema, who, tables)
        sequences = _sequences(connection, schema, tables)
    else:
        statements += _team_grants(connection, schema, who, tables)
        sequences = _sequences(connection, schema, _TEAM_INSERTS)
    statements += fog_grant_statements(s, who, facilitator=team_id is None)
    if sequences:
        statements.append(f"GRANT USAGE ON SEQUENCE {', '.join(sequences)} TO {who}")
    database = connection.execute(text("SELECT current_database()")).scalar_one()
    can_connect = connection.execute(
        text("SELECT has_database_privilege(:r, :d, 'CONNECT')"), {"r": role, "d": database}
    ).scalar_one()
    if not can_connect:
        statements.append(f"GRANT CONNECT ON DATABASE {_q(connection, database)} TO {who}")
    uses_schema = connection.execute(
        text("SELECT has_schema_privilege(:r, :s, 'USAGE')"), {"r": role, "s": schema}
    ).scalar_one()
    if not uses_schema:
        statements.append(f"GRANT USAGE ON SCHEMA {s} TO {who}")
    for statement in statements:
        connection.exec_driver_sql(statement)


def _columns(connection: Connection, names: Iterable[str]) -> str:
    return ", ".join(_q(connection, name) for name in names)


def _facilitator_grants(
    connection: Connection, schema: str, who: str, tables: list[str]
) -> list[str]:
    """Read and insert everything; update what void and play need; never audit or rolls."""
    s = _q(connection, schema)
    every = ", ".join(f"{s}.{_q(connection, t)}" for t in tables)
    out = [f"GRANT SELECT, INSERT ON {every} TO {who}"]
    for table in tables:
        if table in APPEND_ONLY:
            continue
        frozen = _FACILITATOR_FROZEN.get(table, ("id",))
        names = [c.name for c in Base.metadata.tables[table].columns if c.name not in frozen]
        out.append(
            f"GRANT UPDATE ({_columns(connection, names)}) ON {s}.{_q(connection, table)} TO {who}"
        )
    return out


def _team_hidden(table: str, column: str) -> bool:
    if column in _TEAM_HIDDEN_COLUMNS.get(table, ()):
        return True
    return (
        table == "game"
        and column.startswith("scenario_")
        and column not in _TEAM_SHOWN_SCENARIO_COLUMNS
    )


def _team_grants(connection: Connection, schema: str, who: str, tables: list[str]) -> list[str]:
    """Read its part of the record (column by column where some are hidden), write its own."""
    s = _q(connection, schema)
    out = []
    for table in _TEAM_READS:
        if table not in tables:
            continue
        columns = [c.name for c in Base.metadata.tables[table].columns]
        shown = [c for c in columns if not _team_hidden(table, c)]
        target = f"{s}.{_q(connection, table)}"
        if len(shown) == len(columns):
            out.append(f"GRANT SELECT ON {target} TO {who}")
        else:
            out.append(f"GRANT SELECT ({_columns(connection, shown)}) ON {target} TO {who}")
    out += [
        f"GRANT INSERT ON {', '.join(f'{s}.{t}' for t in _TEAM_INSERTS)} TO {who}",
        f"GRANT UPDATE ({', '.join(_MOVE_EDITABLE)}) ON {s}.move TO {who}",
        f"GRANT SELECT (id) ON {s}.audit TO {who}",
        f"GRANT SELECT ON {s}.{TEAM_ADJUDICATION_VIEW} TO {who}",
    ]
    return out


def _scram_verifier(connection: Connection, role: str, password: str) -> str:
    """The SCRAM-SHA-256 hash of a password, made by libpq, so the server never sees it plain."""
    raw: Any = connection.connection.driver_connection
    verifier: bytes = raw.pgconn.encrypt_password(
        password.encode(), role.encode(), b"scram-sha-256"
    )
    return verifier.decode()


def create_game_roles(
    db: GameDatabase,
    game_id: int,
    team_ids: Sequence[str],
    *,
    facilitator: bool = True,
) -> list[GameRole]:
    """Create the roles of one game (or give existing ones new passwords) and grant them.

    Run as the owner of the tables (after :func:`install_sharing`). Each call sets fresh
    passwords: calling it again for a team re-issues its join string and makes the old one
    useless.

    Args:
        db: the game database, opened with the owner's URL.
        game_id: the game.
        team_ids: the teams to make roles for.
        facilitator: also make (or re-key) the facilitator's role.

    Returns:
        The facilitator's role first (when asked for), then one per team, with passwords.

    Raises:
        SharingSetupError: the account may not create roles, or a role of that name belongs
            to another game.
    """
    try:
        with db.session() as session:
            connection = session.connection()
            schema = _schema(connection)
            uid = connection.execute(
                text(f"SELECT uid FROM {_q(connection, schema)}.game WHERE id = :g"),
                {"g": game_id},
            ).scalar_one_or_none()
            if uid is None:
                raise SharingSetupError(db.where, f"there is no game #{game_id} in it")
            _check_privileges(connection, db.where, _owner(connection, schema))
            wanted: list[str | None] = [None] if facilitator else []
            wanted.extend(dict.fromkeys(team_ids))
            roles = [_make_role(connection, schema, str(uid), game_id, t) for t in wanted]
    except DBAPIError as error:
        raise _setup_error(error, db.where) from error
    return roles


def _make_role(
    connection: Connection, schema: str, game_uid: str, game_id: int, team_id: str | None
) -> GameRole:
    name = role_name(game_uid, team_id)
    who = _q(connection, name)
    password = secrets.token_urlsafe(24)
    verifier = _literal(_scram_verifier(connection, name, password))
    access = f"{_q(connection, schema)}.{ACCESS_TABLE}"
    mapped = connection.execute(
        text(f"SELECT game_id, team_id FROM {access} WHERE role_name = :r"), {"r": name}
    ).one_or_none()
    if mapped is not None and (int(mapped[0]), mapped[1]) != (game_id, team_id):
        raise SharingSetupError("the game database", f"role {name} already belongs to another game")
    existing = connection.execute(
        text("SELECT rolsuper OR rolbypassrls OR rolcreaterole FROM pg_roles WHERE rolname = :r"),
        {"r": name},
    ).one_or_none()
    if existing is None:
        connection.exec_driver_sql(
            f"CREATE ROLE {who} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION "
            f"NOBYPASSRLS INHERIT CONNECTION LIMIT 32 PASSWORD {verifier}"
        )
    elif mapped is None:
        raise SharingSetupError(
            "the game database", f"a role called {name} exists already and is not this game's"
        )
    elif existing[0]:
        raise SharingSetupError(
            "the game database",
            f"role {name} has been given privileges that bypass row-level security; "
            "a superuser must remove them",
        )
    else:  # new password, same role (a non-superuser may change only this much)
        connection.exec_driver_sql(f"ALTER ROLE {who} LOGIN PASSWORD {verifier}")
    for setting, value in _ROLE_SETTINGS.items():
        connection.exec_driver_sql(f"ALTER ROLE {who} SET {setting} = {_literal(value)}")
    if mapped is None:
        connection.execute(
            text(f"INSERT INTO {access} (role_name, game_id, team_id) VALUES (:r, :g, :t)"),
            {"r": name, "g": game_id, "t": team_id},
        )
    _grant(connection, schema, name, team_id=team_id)
    return GameRole(name=name, password=password, game_id=game_id, team_id=team_id)


def access_of_current_user(db: GameDatabase) -> AccessGrant | None:
    """Which game and team the connected role plays, or ``None`` for any other account.

    ``None`` also for a database without sharing installed, or a game file.
    """
    if db.is_sqlite:
        return None
    with db.session(write=False) as session:
        connection = session.connection()
        schema = _schema(connection)
        present = connection.execute(
            text("SELECT to_regclass(:t) IS NOT NULL"),
            {"t": f"{_q(connection, schema)}.{ACCESS_TABLE}"},
        ).scalar_one()
        if not present:
            return None
        row = connection.execute(
            text(
                f"SELECT role_name, game_id, team_id FROM {_q(connection, schema)}.{ACCESS_TABLE} "
                "WHERE role_name = current_user"
            )
        ).one_or_none()
    return None if row is None else AccessGrant(str(row[0]), int(row[1]), row[2])


def games_in_database(db: GameDatabase) -> list[HostedGameRow]:
    """Every game the connected account can see in the database, oldest first."""
    with db.session(write=False) as session:
        rows = session.execute(text("SELECT id, uid, title FROM game ORDER BY id")).all()
    return [HostedGameRow(int(r[0]), str(r[1]), str(r[2])) for r in rows]
